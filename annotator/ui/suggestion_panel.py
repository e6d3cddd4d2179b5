"""Suggestion review: the open document's pending suggestions, and the keys that decide them.

Suggestion review borrows review mode's keys (review's `LendableCollection`): N and P move to
the next or previous pending suggestion, crossing into the next (or previous) document that
has some, never stopping at a document's end; A accepts the current one into the analyst's own
layer (linked to its registry entry when it names one); R rejects it, and a rejected place is
never suggested to that analyst again; Shift+A accepts every suggestion of the document as one
step. Each decision is an undoable command, and after it the next suggestion becomes the
current one.
The current suggestion is selected in the text, so a label key tags it otherwise.

The panel also holds the open document's pending suggestions whether or not it is shown (the
text paints them, `SuggestionMarks`), and the pending count per document (the document list,
and N/P across documents), kept current from the session's `suggestions_changed`. Pending is
the analyst's own: each analyst decides for themselves (see store/suggestions.py), so all of it
is read for `session.analyst`, and read anew when the analyst changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QDockWidget, QLabel, QVBoxLayout, QWidget

from annotator.ui.plain import plain_label
from annotator.ui.suggestion_commands import AcceptSuggestionsCommand, RejectSuggestionsCommand
from annotator.ui.table_model import ListTableModel, row_table
from annotator.wording import plural

if TYPE_CHECKING:
    from annotator.model import Document, Suggestion
    from annotator.ui.history import History
    from annotator.ui.session import ProjectSession

HELP = ("<b>N</b>/<b>P</b> next/previous suggestion · <b>A</b> accept into your layer · "
        "<b>R</b> reject (never suggested to you again) · <b>Shift+A</b> accept all in this document · "
        "or press a label key to tag the selection yourself")
CONTEXT_CHARS = 40    # of the text on each side of a suggestion, in its row


def source_text(source: str) -> str:
    """"registry", "pattern", or a pipeline's name for "model:<name>"."""
    return source.partition(":")[2] if source.startswith("model:") else source


def in_context(text: str, start: int, end: int) -> str:
    """A suggestion with some text either side, on one line: "…the status of «Russia» and …"."""
    def flat(part: str) -> str:
        return " ".join(part.split())

    before = flat(text[max(0, start - CONTEXT_CHARS):start])
    after = flat(text[end:end + CONTEXT_CHARS])
    return f"…{before} «{flat(text[start:end])}» {after}…"


def suggestion_text(suggestion: Suggestion, entity_name: str) -> str:
    """"Actor → Russia · registry", as the tooltip and the table say it."""
    what = f"{suggestion.label} → {entity_name}" if entity_name else suggestion.label
    return f"{what} · {source_text(suggestion.source)}"


class SuggestionTableModel(ListTableModel):
    columns = ("In context", "Label", "Entity", "Source")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.names: dict[str, str] = {}

    def reset(self, text: str, rows: list[Suggestion], names: dict[str, str]) -> None:
        self.beginResetModel()
        self.text, self.rows, self.names = text, rows, names
        self.endResetModel()

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.DisplayRole:
            return None
        suggestion = self.rows[index.row()]
        column = index.column()
        if column == 0:
            return in_context(self.text, suggestion.start, suggestion.end)
        if column == 1:
            return suggestion.label
        if column == 2:
            return self.names.get(suggestion.entity_id or "", "")
        return source_text(suggestion.source)


class SuggestionPanel(QDockWidget):
    items_changed = Signal()                   # the open document's pending suggestions were read anew
    current_changed = Signal(object)           # the current suggestion's id, or None
    counts_changed = Signal(object)            # {document id: pending suggestions}
    suggestion_shown = Signal(int, int, int)   # document id, start, end (code points): select it
    document_wanted = Signal(int)              # open this document (review goes on there)
    message = Signal(str)

    def __init__(self, session: ProjectSession, history: History, parent: QWidget | None = None) -> None:
        super().__init__("Suggestions", parent)
        self.setObjectName("suggestionPanel")
        self.session = session
        self.history = history
        self.active = False
        self.document: Document | None = None
        self.items: list[Suggestion] = []
        self.current: int | None = None            # index into items
        self.counts: dict[int, int] = {}
        self.names: dict[str, str] = {}            # registry entry id -> name
        self._arrival: bool | None = None          # forward? after document_wanted
        # The text cursor's code point, where a first N or P starts from, and whether the analyst's
        # layer already has a suggestion's span (the window sets both).
        self.text_position: Callable[[], int] = lambda: 0
        self.already_tagged: Callable[[Suggestion], bool] = lambda _suggestion: False

        self.model = SuggestionTableModel(self)
        self.table = row_table(self.model, self, "suggestionTable")
        self.table.verticalHeader().setDefaultSectionSize(24)
        for column, width in ((1, 90), (2, 160), (3, 130)):
            self.table.horizontalHeader().resizeSection(column, width)
        self.table.clicked.connect(lambda index: self._select(index.row()))
        self.summary = plain_label(self)
        self.summary.setObjectName("suggestionSummary")
        keys = QLabel(HELP, self)
        keys.setObjectName("suggestionKeys")
        keys.setWordWrap(True)
        keys.setTextFormat(Qt.RichText)   # our own fixed text
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(keys)
        self.setWidget(body)
        session.suggestions_changed.connect(self._suggestions_changed)
        session.registry_changed.connect(self._read_names)
        session.labels_changed.connect(self._reload)     # a renamed label: its suggestions follow it
        session.documents_changed.connect(self.recount)
        session.analyst_changed.connect(lambda _analyst: self._suggestions_changed(None))
        session.spans_reset.connect(self.recount)
        for signal in (session.span_added, session.span_removed):
            signal.connect(lambda span: self._count(span.document_id))
        session.span_updated.connect(lambda _old, new: self._count(new.document_id))
        self._read_names()
        self.recount()
        self.hide()

    def key_handlers(self) -> dict[str, tuple[str, Callable[[], None]]]:
        """Review's keys as suggestion review uses them (see `LendableCollection.lend`)."""
        return {"next": ("Next suggestion", lambda: self.step(True)),
                "previous": ("Previous suggestion", lambda: self.step(False)),
                "accept": ("Accept suggestion into my layer", self.accept),
                "reject": ("Reject suggestion", self.reject),
                "accept_agreed": ("Accept all suggestions in this document", self.accept_all)}

    def set_active(self, active: bool) -> None:
        self.active = active
        self.setVisible(active)
        if active:
            self._show_summary()

    # -- what there is -------------------------------------------------------------------

    def set_document(self, document: Document | None) -> None:
        self.document = document
        self.current = None
        self._reload()
        arrival, self._arrival = self._arrival, None
        if arrival is not None and document is not None:
            self._step_from(-1 if arrival else len(self.items), arrival)
            if self.document is document:
                title = document.title or document.external_id
                self.message.emit(f"{title}: {plural(self.counts.get(document.id, 0), 'suggestion')} to decide.")

    def _read_names(self) -> None:
        self.names = {e.id: e.name for e in self.session.project.entities(include_retired=True)}
        if self.items:
            self.model.reset(self.model.text, self.items, self.names)

    def recount(self) -> None:
        """The pending suggestions per document, leaving out those the analyst has tagged by hand."""
        self.counts = self.session.project.suggestion_counts(self.session.analyst.id)
        self.counts_changed.emit(self.counts)
        self._show_summary()

    def _count(self, document_id: int) -> None:
        """Counts one document's suggestions anew (after a change there)."""
        count = self.session.project.suggestion_counts(self.session.analyst.id,
                                                       document_id=document_id).get(document_id, 0)
        if self.counts.get(document_id, 0) != count:
            self.counts[document_id] = count
            self.counts_changed.emit(self.counts)
            self._show_summary()

    def _reload(self) -> None:
        """Reads the open document's pending suggestions anew, keeping the current one if it is
        still pending."""
        current_id = self.items[self.current].id if self.current is not None else None
        document = self.document
        self.items = (self.session.project.suggestions(document.id, self.session.analyst.id)
                      if document is not None else [])
        self.model.reset(document.text if document is not None else "", self.items, self.names)
        self.current = next((i for i, s in enumerate(self.items) if s.id == current_id), None)
        if self.current is not None:
            self._select(self.current, show=False)
        else:
            self.current_changed.emit(None)
        if document is not None:
            self._count(document.id)
        self._show_summary()
        self.items_changed.emit()

    def _suggestions_changed(self, document_id: int | None) -> None:
        if document_id is None:
            self.recount()
            self._reload()
        elif self.document is not None and document_id == self.document.id:
            self._reload()
        else:   # an undo reached back to another document
            self._count(document_id)

    def _show_summary(self) -> None:
        pending = sum(self.counts.values())
        documents = sum(1 for n in self.counts.values() if n)
        if not pending:
            self.summary.setText("No pending suggestions. Tools › Suggest… makes some.")
            return
        here = self.counts.get(self.document.id, 0) if self.document is not None else 0
        self.summary.setText(f"{plural(here, 'suggestion')} to decide in this document · "
                             f"{pending:,} in {plural(documents, 'document')} of the project")

    # -- moving ----------------------------------------------------------------------------

    def current_suggestion(self) -> Suggestion | None:
        return self.items[self.current] if self.current is not None else None

    def step(self, forward: bool) -> None:
        """To the next (or previous) pending suggestion: here, else in the nearest document
        that has one. A suggestion the analyst's layer already has (same place and label, tagged
        by hand) is passed over, as the text does not show it either."""
        if self.document is None:
            return
        self._step_from(self.current if self.current is not None else self._cursor_row(forward), forward)

    def _cursor_row(self, forward: bool) -> int:
        """Where a first N or P starts: just before (or after) the first suggestion at or after
        the text cursor."""
        position = self.text_position()
        row = next((i for i, s in enumerate(self.items) if s.start >= position), len(self.items))
        return row - 1 if forward else row

    def _step_from(self, row: int, forward: bool) -> None:
        """Selects the first untagged suggestion after (or before) `row`, else goes on to the
        nearest document that has suggestions."""
        order = range(row + 1, len(self.items)) if forward else range(row - 1, -1, -1)
        target = next((i for i in order if not self.already_tagged(self.items[i])), None)
        if target is not None:
            self._select(target)
            return
        other = self._next_document(forward)
        if other is None:
            self.message.emit("No more suggestions in this direction.")
            return
        self._arrival = forward
        self.document_wanted.emit(other)

    def _next_document(self, forward: bool) -> int | None:
        order = self.session.project.document_ids()
        if not forward:
            order.reverse()
        try:
            after = order.index(self.document.id) + 1
        except ValueError:
            after = 0
        return next((d for d in order[after:] if self.counts.get(d, 0)), None)

    def _select(self, row: int, show: bool = True) -> None:
        self.current = row
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
        self.table.scrollTo(index)
        suggestion = self.items[row]
        self.current_changed.emit(suggestion.id)
        if show:
            self.suggestion_shown.emit(suggestion.document_id, suggestion.start, suggestion.end)

    # -- deciding --------------------------------------------------------------------------

    def accept(self) -> None:
        self._decide(AcceptSuggestionsCommand, "Accepted")

    def reject(self) -> None:
        self._decide(RejectSuggestionsCommand, "Rejected")

    def _decide(self, command: type, done: str) -> None:
        suggestion = self.current_suggestion()
        if suggestion is None:
            self.message.emit("Press N to go to a suggestion first.")
            return
        row = self.current
        self.history.push(command(self.session, [suggestion], self.document.text))
        self.current = None
        name = self.names.get(suggestion.entity_id or "", "")
        self.message.emit(f"{done}: {suggestion_text(suggestion, name)} · "
                          f"{plural(self.counts.get(self.document.id, 0), 'suggestion')} left in this document.")
        self._step_from(row - 1, True)

    def accept_all(self) -> None:
        if self.document is None or not self.items:
            self.message.emit("No suggestions to accept in this document.")
            return
        count = sum(1 for suggestion in self.items if not self.already_tagged(suggestion))
        self.history.push(AcceptSuggestionsCommand(self.session, list(self.items), self.document.text))
        self.message.emit(f"Accepted {plural(count, 'suggestion')} into your layer (one undo takes them back).")
