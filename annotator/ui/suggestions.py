"""Suggestions in the window: shown in the text, reviewed with review's keys, made in the
background, their patterns edited.

`SuggestionFeature` owns the feature's actions (Tools › Review suggestions, Suggest…, Suggestion
patterns…; View › Show suggestions, remembered), the suggestion review dock (`SuggestionPanel`)
and what the text paints (`SuggestionMarks`, with a tooltip "Actor → Russia · registry").
Suggestion review and review mode are never on together: while suggestion review is on, it
borrows review's N, P, A, R and Shift+A.

A run (`run`) computes suggestions on a connection of its own in a worker thread behind a
cancellable progress dialog (`ui/jobs.py`); the engine writes them batch by batch and never holds
the write lock while it computes, so the window paints meanwhile. A cancelled run keeps what it
found (they are only suggestions) and says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Signal
from PySide6.QtGui import QAction, QHelpEvent
from PySide6.QtWidgets import QToolTip, QWidget

from annotator.errors import AnnotatorError
from annotator.ui.actions import ActionCollection, LendableCollection
from annotator.ui.commands import FunctionCommand
from annotator.ui.dialogs import show_error
from annotator.ui.jobs import run_in_background
from annotator.ui.plain import plain_tooltip
from annotator.ui.suggest_dialog import SuggestDialog
from annotator.ui.suggest_patterns import SuggestPatternsDialog
from annotator.ui.suggestion_panel import SuggestionPanel, source_text, suggestion_text
from annotator.wording import plural

if TYPE_CHECKING:
    from annotator.model import Document, SuggestPattern
    from annotator.ui.document_list import DocumentListModel
    from annotator.ui.document_view import DocumentView
    from annotator.ui.history import History
    from annotator.ui.session import ProjectSession

SHOWN_KEY = "suggestions/shown"


class SuggestionFeature(QObject):
    message = Signal(str)

    def __init__(self, session: ProjectSession, history: History, view: DocumentView,
                 documents: DocumentListModel, review_keys: LendableCollection, review_mode: QAction,
                 settings: QSettings, parent: QWidget) -> None:
        super().__init__(parent)
        self.session = session
        self.history = history
        self.view = view
        self.documents = documents
        self.review_keys = review_keys
        self.review_mode = review_mode
        self.settings = settings
        self.window = parent
        self.dialog: QWidget | None = None
        self.marks = view.suggestion_marks
        self.marks.analyst_id = session.analyst.id
        self.panel = SuggestionPanel(session, history, parent)
        self.panel.text_position = lambda: view.offsets.to_codepoint(view.textCursor().position())
        self.panel.already_tagged = lambda suggestion: self.marks.already_tagged(suggestion.id, view.index)

        self.actions = ActionCollection("suggestions", "Suggestions", self)
        self.mode_action = self.actions.add("review", "Review &suggestions", ["Ctrl+Shift+S"], self.set_mode,
                                            checkable=True,
                                            tip="N/P next/previous suggestion, A accept, R reject, Shift+A all")
        self.show_action = self.actions.add("show", "Show &suggestions", [], self.set_shown, checkable=True,
                                            tip="Paint pending suggestions in the text, dashed")
        self.actions.add("run", "S&uggest…", [], self.ask_run,
                         tip="Suggest spans from the registry, your patterns or a spaCy pipeline")
        self.actions.add("patterns", "Suggestion &patterns and model labels…", [], self.ask_patterns,
                         tip="The codebook's patterns, and which of a pipeline's labels are ours")
        self.show_action.setChecked(settings.value(SHOWN_KEY, True, type=bool))
        self.marks.shown = self.show_action.isChecked()

        self.panel.items_changed.connect(self._show_marks)
        self.panel.current_changed.connect(self._current_changed)
        self.panel.counts_changed.connect(self._show_counts)
        self.panel.message.connect(self.message)
        self.panel.visibilityChanged.connect(lambda shown: None if shown else self.mode_action.setChecked(False))
        review_mode.toggled.connect(lambda on: self.mode_action.setChecked(False) if on else None)
        session.analyst_changed.connect(lambda analyst: setattr(self.marks, "analyst_id", analyst.id))
        view.viewport().installEventFilter(self)
        self._show_counts(self.panel.counts)

    def tools_actions(self) -> list[QAction]:
        """The Tools menu's entries (Show suggestions goes in the View menu)."""
        return [action for action in self.actions.actions() if action is not self.show_action]

    # -- showing ---------------------------------------------------------------------------

    def set_document(self, document: Document | None) -> None:
        self.panel.set_document(document)

    def _show_marks(self) -> None:
        to_utf16 = self.view.offsets.to_utf16
        self.marks.set([(to_utf16(s.start), to_utf16(s.end), s) for s in self.panel.items])
        self.view.viewport().update()

    def _current_changed(self, suggestion_id: int | None) -> None:
        if self.marks.current != suggestion_id:
            self.marks.current = suggestion_id
            self.view.viewport().update()

    def _show_counts(self, counts: dict[int, int]) -> None:
        self.documents.show_suggestion_counts(counts if self.marks.shown else None)

    def set_shown(self, shown: bool) -> None:
        """View › Show suggestions (remembered); suggestion review shows them whatever it says."""
        self.settings.setValue(SHOWN_KEY, shown)
        self.marks.shown = shown
        self._show_counts(self.panel.counts)
        self.view.viewport().update()
        if not shown:
            self.mode_action.setChecked(False)

    def tooltip_at(self, position: int) -> str:
        """What the suggestions under a Qt position are ("Actor → Russia · registry"), or ""."""
        if not self.marks.painted():
            return ""
        shown = {s.id for s in self.marks.visible(position, position + 1, self.view.index)}
        return "\n".join(suggestion_text(s, self.panel.names.get(s.entity_id or "", ""))
                         for s in self.marks.at(position) if s.id in shown)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(self.view.cursorForPosition(event.pos()).position())
            if text:
                QToolTip.showText(event.globalPos(), plain_tooltip(text), self.view.viewport())
                return True
        return False

    # -- reviewing -------------------------------------------------------------------------

    def set_mode(self, on: bool) -> None:
        """Suggestion review on or off; review mode goes off when it comes on."""
        if on:
            self.review_mode.setChecked(False)
            if not self.show_action.isChecked():
                self.show_action.setChecked(True)
        self.panel.set_active(on)
        self.review_keys.lend(self.panel.key_handlers() if on else None)
        if on:
            self.message.emit(f"Suggestion review: {plural(sum(self.panel.counts.values()), 'suggestion')} "
                              "pending. N goes to the next one.")

    # -- the codebook's patterns -----------------------------------------------------------

    def ask_patterns(self) -> SuggestPatternsDialog:
        project = self.session.project
        dialog = SuggestPatternsDialog(project.suggest_patterns(), project.model_labels(),
                                       [label.name for label in project.labels()], dict(self.panel.names), self.window)
        dialog.saved.connect(self.save_patterns)
        self.dialog = dialog
        dialog.open()
        return dialog

    def save_patterns(self, patterns: list[SuggestPattern], mapping: dict[str, str]) -> None:
        """The codebook's patterns and model label mapping, as one undoable step."""
        project = self.session.project
        old = (project.suggest_patterns(), project.model_labels())
        self.history.push(FunctionCommand(self.session, "Change suggestion patterns",
                                          lambda: self.session.set_suggest_codebook(patterns, mapping),
                                          lambda: self.session.set_suggest_codebook(*old)))
        self.message.emit(f"Suggestion patterns saved: {plural(len(patterns), 'pattern')}, "
                          f"{plural(len(mapping), 'model label')} mapped.")

    # -- running ---------------------------------------------------------------------------

    def ask_run(self) -> SuggestDialog:
        document = self.panel.document
        dialog = SuggestDialog(self.session.project, document.id if document is not None else None,
                               self.settings, self.window)
        dialog.run_requested.connect(self.run)
        self.dialog = dialog
        dialog.open()
        return dialog

    def run(self, options) -> object | None:
        """Runs the suggesters of `options` (`annotator.suggest.SuggestOptions`) in the background;
        returns the engine's report, or None if it refused (the reason is shown)."""
        from annotator.suggest import suggest

        def work(project, progress):
            stop = False

            def tell(done: int, total: int) -> None:
                nonlocal stop
                stop = progress is not None and progress(done, total) is False

            return suggest(project, options, tell, lambda: stop)

        path = self.session.project.path
        try:
            report = self.session.suggest(work, lambda w: run_in_background(
                self.window, "Suggesting", path, w, "Stopping after this batch; what was found is kept…"))
        except AnnotatorError as exc:
            show_error(self.window, "No suggestions made", str(exc))
            return None
        sources = ", ".join(f"{source_text(s)} {n:,}" for s, n in sorted(report.by_source.items()) if n)
        said = (f"{plural(report.added, 'new suggestion')} in {plural(report.documents, 'document')}"
                + (f" ({sources})" if sources else ""))
        if report.cancelled:
            said = f"Cancelled: {said} kept."
        self.message.emit(said)
        return report

