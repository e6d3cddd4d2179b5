"""The span list beside the text, kept in step with it.

The text shows a change at once; the list (and whoever listens to `changed`, the
status bar's counts) follows on the next turn of the event loop. A keystroke's
latency is then the text's repaint alone, and a burst of changes (accept all
agreed) updates the list once. Anything that reads the list flushes it first.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QModelIndex, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

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
            self.changed.emit()
        if self._pending_selection is not _NOTHING:
            span_id, self._pending_selection = self._pending_selection, _NOTHING
            self._select_row(span_id)

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
