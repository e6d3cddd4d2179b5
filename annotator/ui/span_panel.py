"""The span list beside the text, kept in step with it.

The text shows a change at once; the list (and whoever listens to `changed`, the
status bar's counts) follows on the next turn of the event loop. A keystroke's
latency is then the text's repaint alone, and a burst of changes (accept all
agreed) updates the list once. Anything that reads the list flushes it first.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QModelIndex, QObject, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from annotator.model import Span
from annotator.ui.span_list import SpanTableModel, SpanTableView

_NOTHING = object()  # no selection pending (None means: select no row)


class SpanPanel(QObject):
    changed = Signal()            # rows were added, removed or replaced
    span_activated = Signal(int)  # the analyst clicked (or pressed Enter on) a row

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.model = SpanTableModel(parent)
        self.view = SpanTableView(self.model, parent)
        self._rows_hidden = False   # whether a filter may have hidden rows
        # The list with a filter above it: `widget` is what the window lays out.
        self.widget = QWidget(parent)
        self.filter_field = QLineEdit(self.widget)
        self.filter_field.setObjectName("spanFilter")
        self.filter_field.setPlaceholderText("Filter spans: label, analyst, text, registry entry")
        self.filter_field.setToolTip("Shows the spans whose label, analyst, text or linked registry entry "
                                     "holds every word typed here (\"claim ana\": Ana's claims)")
        self.filter_field.setClearButtonEnabled(True)
        layout = QVBoxLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.filter_field)
        layout.addWidget(self.view, 1)
        self.filter_field.textChanged.connect(lambda _text: self.apply_filter())
        # Span id → the name of the registry entry it is linked to, for the open document; the
        # window sets this (a read), asked only while a filter is typed.
        self.entry_names: Callable[[], dict[int, str]] = dict
        self._pending: list[Callable[[], None]] = []
        self._pending_selection: object = _NOTHING
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.flush)
        self.view.clicked.connect(self._row_activated)
        self.view.activated.connect(self._row_activated)

    def reset(self, text: str, spans: list[Span]) -> None:
        self._pending = []
        self.model.reset(text, spans)
        self.apply_filter()
        self.changed.emit()

    def add(self, span: Span) -> None:
        self._later(lambda: self.model.insert(span))

    def remove(self, span_id: int) -> None:
        self._later(lambda: self.model.remove(span_id))

    def replace(self, span: Span) -> None:
        self._later(lambda: self.model.replace(span))

    def _later(self, update: Callable[[], None]) -> None:
        self._pending.append(update)
        self._timer.start()

    def flush(self) -> None:
        """Applies pending updates now."""
        updates, self._pending = self._pending, []
        for update in updates:
            update()
        if updates:
            self.apply_filter()
            self.changed.emit()
        if self._pending_selection is not _NOTHING:
            span_id, self._pending_selection = self._pending_selection, _NOTHING
            self._select_row(span_id)

    def apply_filter(self) -> None:
        """Hides the rows that lack a word of the filter (case folded) in their label, analyst,
        text or registry entry; no filter shows every row."""
        words = self.filter_field.text().casefold().split()
        rows = self.model.spans
        if not words:
            if self._rows_hidden:   # (else nothing to do: this runs on every tag)
                for row in range(len(rows)):
                    if self.view.isRowHidden(row):
                        self.view.setRowHidden(row, False)
                self._rows_hidden = False
            return
        self._rows_hidden = True
        names = self.entry_names()
        text = self.model.text
        for row, span in enumerate(rows):
            haystack = " ".join((span.label, span.annotator, text[span.start:span.end],
                                 names.get(span.id, ""))).casefold()
            self.view.setRowHidden(row, not all(word in haystack for word in words))

    def shown_span_ids(self) -> list[int]:
        """The ids of the rows the filter leaves shown, in list order."""
        self.flush()
        return [span.id for row, span in enumerate(self.model.spans) if not self.view.isRowHidden(row)]

    def spans(self) -> list[Span]:
        self.flush()
        return list(self.model.spans)

    def find(self, start: int, end: int, label: str, annotator_id: str) -> Span | None:
        self.flush()
        return self.model.find(start, end, label, annotator_id)

    def select(self, span_id: int | None) -> None:
        """Selects the span's row (once pending updates are in)."""
        if self._pending:
            self._pending_selection = span_id
        else:
            self._select_row(span_id)

    def _select_row(self, span_id: int | None) -> None:
        row = self.model.row_of(span_id) if span_id is not None else None
        if row is None:
            self.view.clearSelection()
        else:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))

    def _row_activated(self, index: QModelIndex) -> None:
        self.span_activated.emit(self.model.spans[index.row()].id)
