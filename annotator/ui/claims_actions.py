"""The Claims menu's actions: the frame editor, picking a speaker or issue in the text, the
claims list and the registry, default speakers, unlinked mentions, and the stance keys.

They act through the claims presenter and the docks it owns; what they have to say goes out
by `message` (the main window shows it in the status bar).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDockWidget, QWidget

from annotator.ui.actions import ActionCollection
from annotator.ui.mentions_dialog import MentionsDialog

if TYPE_CHECKING:
    from annotator.model import Document
    from annotator.ui.claims_presenter import ClaimsPresenter
    from annotator.ui.document_view import DocumentView
    from annotator.ui.history import History
    from annotator.ui.session import ProjectSession

STANCE_ACTIONS = (("support", "+", "Stance: &support"), ("oppose", "-", "Stance: &oppose"),
                  ("neutral", "0", "Stance: &neutral"), ("unknown", "?", "Stance: un&known"))


class ClaimsActions(QObject):
    message = Signal(str)

    def __init__(self, session: ProjectSession, history: History, claims: ClaimsPresenter, view: DocumentView,
                 registry_panel: QDockWidget, document: Callable[[], Document | None], parent: QWidget) -> None:
        super().__init__(parent)
        self.session = session
        self.history = history
        self.claims = claims
        self.view = view
        self.document = document
        self.window = parent
        self.actions = actions = ActionCollection("claims", "Claims", self)
        actions.add("edit", "&Edit claim frame", ["Ctrl+Return"], lambda: claims.edit(),
                    tip="Open the selected claim's frame (a Claim span of yours without one gets one)")
        actions.add("pick", "&Pick speaker or issue in the text", ["Ctrl+L"], claims.pick_in_text)
        actions.add("list", "Claims &list", ["Ctrl+Shift+L"], lambda: show_dock(claims.dock))
        actions.add("registry", "&Registry of actors and issues", ["Ctrl+Shift+R"],
                    lambda: show_dock(registry_panel))
        actions.add("default_speaker", "&Default speaker of the document…", [],
                    lambda: claims.ask_default_speaker(parent))
        actions.add("passage_speaker", "Default speaker of the selected &passage…", [],
                    self.ask_passage_speaker, tip="Select a passage (an interview's turn) first")
        actions.add("mentions", "Unlinked &mentions…", ["Ctrl+Shift+M"], self.show_mentions,
                    tip="The registry's names and aliases in this document that your layer has no span for")
        for stance, key, text in STANCE_ACTIONS:
            actions.add(stance, text, [key], lambda _=False, s=stance: claims.set_stance("" if s == "unknown" else s))

    def show_mentions(self) -> MentionsDialog | None:
        document = self.document()
        if document is None:
            return None
        dialog = MentionsDialog(self.session, self.history, document, self.window)
        dialog.mention_shown.connect(self.view.select_range)
        dialog.open()
        return dialog

    def ask_passage_speaker(self):
        selection = self.view.selection_range()
        if selection is None:
            self.message.emit("Select the passage (an interview's turn) whose speaker to set.")
            return None
        return self.claims.ask_default_speaker(self.window, selection)


def show_dock(dock: QDockWidget) -> None:
    dock.show()
    dock.raise_()
    dock.widget().setFocus()
