"""What the analyst's keys and clicks mean, kept apart from the widgets that receive them.

The controller knows the open document, the text selection (through a narrow
`TextSelection`, which the text view provides) and the input mode, and turns a label
key, Delete or a click on a span into undoable commands. It never touches a widget:
what the screen should do next (select a span, clear the selection, say something in
the status bar) it announces with signals that the main window wires.

An analyst changes only their own layer. A colleague's span is read-only: Delete and the
label keys refuse it and say whose it is and how to copy it into one's own layer
(`copy_selected_span`, undoable). The gold layer is written only by review decisions, so
its spans are read-only to the keys too.

Input modes:
- `TAG` (the default): a label key tags the selection, or relabels the selected span.
- `GOLD_EDIT`: review's E is under way; the next label key with a selection finishes the
  edit into the gold layer (`gold_edit_finished`), and the mode returns to `TAG`.
- `LINK`: a span was picked as the source of a link; the next span clicked or stepped to
  is its target (`link_finished`), as claims need to tie a claim to its speaker. Escape
  leaves any mode.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal

from annotator.model import GOLD_ANNOTATOR_ID, Document, Span
from annotator.snapping import snap_to_words, trim_whitespace
from annotator.ui.commands import AddSpanCommand, DeleteSpanCommand, RelabelSpanCommand
from annotator.ui.span_list import preview

if TYPE_CHECKING:
    from annotator.ui.history import History
    from annotator.ui.session import ProjectSession

PREVIEW_CHARS = 40   # of a span's text in undo entries


class InputMode(str, Enum):
    TAG = "tag"
    GOLD_EDIT = "gold-edit"
    LINK = "link"


class TextSelection(Protocol):
    """What the controller reads of the text view: the selection in code points and the span
    the analyst clicked or stepped to."""

    selected_span_id: int | None

    def selection_range(self) -> tuple[int, int] | None: ...


class AnnotationController(QObject):
    message = Signal(str)                  # a short note for the status bar
    span_selected = Signal(object)         # int | None: show this span as the current one
    selection_cleared = Signal()           # the text selection is used up
    own_layer_needed = Signal(str)         # annotator id: their layer must be shown before a tag
    mode_changed = Signal(str)             # an InputMode value
    gold_edit_finished = Signal(int, int, str)   # start, end (code points), label
    link_finished = Signal(int, int)       # source span id, target span id
    span_tagged = Signal(object)           # Span: a new span made from the selection by a label key

    def __init__(self, session: ProjectSession, history: History, text: TextSelection,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.history = history
        self.text = text
        self.document: Document | None = None
        self.snap = True
        self.mode = InputMode.TAG
        self.link_source: int | None = None
        self.copy_keys = ""   # the keys of "copy span to my layer", as shown; the window keeps it current

    # -- state ---------------------------------------------------------------------------

    def set_document(self, document: Document | None) -> None:
        self.document = document
        self.set_mode(InputMode.TAG)

    def set_mode(self, mode: InputMode, link_source: int | None = None) -> None:
        self.link_source = link_source if mode == InputMode.LINK else None
        if mode != self.mode:
            self.mode = mode
            self.mode_changed.emit(mode.value)

    def begin_link(self) -> bool:
        """Starts a link from the selected span; the next span chosen is its target."""
        source = self.text.selected_span_id
        if source is None:
            self.message.emit("Click a span (or press Tab to reach one) to link from it.")
            return False
        self.set_mode(InputMode.LINK, source)
        self.message.emit("Link: click or Tab to the span to link to (Esc cancels).")
        return True

    def span_chosen(self, span_id: int | None) -> None:
        """The analyst clicked or stepped to a span (None: clicked beside every span)."""
        if self.mode == InputMode.LINK and span_id is not None and span_id != self.link_source:
            source = self.link_source
            self.set_mode(InputMode.TAG)
            self.link_finished.emit(source, span_id)

    def cancel(self) -> None:
        """Escape: leaves edit or link mode."""
        if self.mode != InputMode.TAG:
            self.set_mode(InputMode.TAG)
            self.message.emit("Cancelled.")

    # -- label keys ----------------------------------------------------------------------

    def apply_label(self, label: str) -> None:
        """A label key or button: finishes a gold edit, tags the selection, or relabels the
        selected span, in that order of precedence."""
        if self.document is None:
            return
        selection = self.text.selection_range()
        if selection is not None and self.mode == InputMode.GOLD_EDIT:
            start, end = self.snapped(*selection)
            if start < end:
                self.set_mode(InputMode.TAG)
                self.gold_edit_finished.emit(start, end, label)
        elif selection is not None:
            self.tag_selection(label, *selection)
        elif self.text.selected_span_id is not None:
            self.relabel_span(self.text.selected_span_id, label)
        else:
            self.message.emit("Select some text (or click a span) first, then press a label key.")

    def snapped(self, start: int, end: int) -> tuple[int, int]:
        snap = snap_to_words if self.snap else trim_whitespace
        return snap(self.document.text, start, end)

    def tag_selection(self, label: str, start: int, end: int) -> Span | None:
        """Tags code points [start, end) (snapped) in the analyst's own layer."""
        start, end = self.snapped(start, end)
        if start >= end:
            self.message.emit("The selection holds only spaces; nothing was tagged.")
            return None
        analyst = self.session.analyst.id
        existing = self.session.project.find_span(self.document.id, start, end, label, analyst)
        if existing is not None:
            self.span_selected.emit(existing.id)
            return existing
        self.own_layer_needed.emit(analyst)
        command = AddSpanCommand(self.session, self.document.id, start, end, label,
                                 preview(self.document.text[start:end], PREVIEW_CHARS))
        self.history.push(command)
        if command.error is not None:
            return None
        self.selection_cleared.emit()
        self.span_selected.emit(command.span.id)
        self.span_tagged.emit(command.span)
        return command.span

    def relabel_span(self, span_id: int, label: str) -> None:
        span = self.session.project.span(span_id)
        if not self.owns(span, f"relabel it {label}"):
            return
        if span.label == label:
            return
        if self.session.project.find_span(span.document_id, span.start, span.end, label,
                                          span.annotator_id) is not None:
            self.message.emit(f"This text is already tagged {label} by {span.annotator}.")
            return
        self.history.push(RelabelSpanCommand(self.session, span, label, self._preview_of(span)))

    def delete_selected_span(self) -> None:
        span_id = self.text.selected_span_id
        if span_id is None:
            self.message.emit("Click a span (or press Tab to reach one) to delete it.")
            return
        span = self.session.project.span(span_id)
        if not self.owns(span, "delete it"):
            return
        self.history.push(DeleteSpanCommand(self.session, span, self._preview_of(span)))

    def copy_selected_span(self) -> Span | None:
        """Copies the selected span (a colleague's, or gold's) into the analyst's own layer,
        where they can change it: one undoable step."""
        span_id = self.text.selected_span_id
        if span_id is None or self.document is None:
            self.message.emit("Click a colleague's span (or press Tab to reach one) to copy it into your layer.")
            return None
        span = self.session.project.span(span_id)
        analyst = self.session.analyst.id
        if span.annotator_id == analyst:
            self.message.emit("This span is yours already.")
            return None
        mine = self.session.project.find_span(span.document_id, span.start, span.end, span.label, analyst)
        if mine is not None:
            self.message.emit(f"Your layer has this {span.label} span already.")
            self.span_selected.emit(mine.id)
            return mine
        self.own_layer_needed.emit(analyst)
        command = AddSpanCommand(self.session, span.document_id, span.start, span.end, span.label,
                                 self._preview_of(span))
        command.setText(f"Copy {span.annotator}'s {span.label} “{self._preview_of(span)}” to my layer")
        self.history.push(command)
        if command.error is not None:
            return None
        self.span_selected.emit(command.span.id)
        self.message.emit(f"Copied {span.annotator}'s {span.label} span into your layer; it is yours to change.")
        return command.span

    def owns(self, span: Span, doing: str) -> bool:
        """True for the analyst's own span; for anyone else's, says why it stays as it is."""
        if span.annotator_id == self.session.analyst.id:
            return True
        copy = f"Edit › Copy span to my layer{f' ({self.copy_keys})' if self.copy_keys else ''}"
        if span.annotator_id == GOLD_ANNOTATOR_ID:
            self.message.emit(f"This {span.label} span is in the gold layer, which only review decisions "
                              f"change (Review › Review mode); {copy} copies it into your layer.")
        else:
            self.message.emit(f"This {span.label} span is {span.annotator}'s: only they can {doing}. "
                              f"{copy} copies it into your layer.")
        return False

    def _preview_of(self, span: Span) -> str:
        return preview(self.document.text[span.start:span.end], PREVIEW_CHARS) if self.document else span.label
