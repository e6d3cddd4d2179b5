"""Tagging an Actor or Issue whose text is a registry name or alias links it to that entry.

The link is its own undoable step right after the tag (`LinkSpanCommand`), and the status
bar says so, with the key that takes it back: the analyst sees every link made for them,
and Ctrl+Z removes the link and keeps the span. Names are compared as the registry
compares them (`model.fold_name`: case, width and spacing do not matter); a text that
several entries answer to links to the first the registry ranks (a canonical name before
an alias), and the message names the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from annotator.model import ACTOR, ISSUE, Span
from annotator.ui.commands import LinkSpanCommand
from annotator.ui.span_list import preview

if TYPE_CHECKING:
    from annotator.ui.history import History
    from annotator.ui.session import ProjectSession

KIND_OF_LABEL = {"Actor": ACTOR, "Issue": ISSUE}


class AutoLinker(QObject):
    message = Signal(str)

    def __init__(self, session: ProjectSession, history: History, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.history = history
        self.undo_keys = "Ctrl+Z"   # as shown; the window keeps it current
        self.enabled = True

    def span_tagged(self, span: Span, text: str) -> None:
        """A span just made from the selection, with the document's text."""
        kind = KIND_OF_LABEL.get(span.label)
        if not self.enabled or kind is None:
            return
        shown = text[span.start:span.end]
        found = self.session.project.lookup_entities(shown, kind)
        if not found:
            return
        entry = found[0]
        command = LinkSpanCommand(self.session, span, entry.id, preview(shown, 40))
        command.setText(f"Link “{preview(shown, 40)}” to {entry.name}")
        self.history.push(command)
        if command.error is not None:
            return
        others = f" (also: {', '.join(e.name for e in found[1:])})" if len(found) > 1 else ""
        self.message.emit(f"Linked “{preview(shown, 40)}” to the registry's {entry.name}{others}; "
                          f"{self.undo_keys} unlinks it.")
