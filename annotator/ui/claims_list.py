"""The open document's claims as a table (speaker, stance, issue, category, text), in a dock.

Rows are `ClaimRow`s the claims presenter builds from the store's frames; the model only
shows them. Display strings are made when a row is first painted and kept, so 5,000
claims cost one list of tuples, not 25,000 strings. An incomplete claim (no speaker or
no issue) is marked in its Speaker or Issue cell and in its tooltip. Clicking a row (or
Enter on it) announces `claim_activated(claim span id)`; the window jumps there.
"""

from __future__ import annotations

import bisect

from typing import Any, Callable, NamedTuple

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QHeaderView, QTableView, QWidget

from annotator.model import ClaimFrame
from annotator.ui.table_model import ListTableModel

MISSING = "⚠ none"
STANCE_TEXT = {"support": "+ support", "oppose": "− oppose", "neutral": "0 neutral", "": "? unknown"}
INCOMPLETE_COLOR = "#c2410c"   # the same orange marks incomplete claims in the text

_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_USER = Qt.ItemDataRole.UserRole.value


class ClaimRow(NamedTuple):
    frame: ClaimFrame
    start: int            # of the Claim span, code points: rows are in text order
    end: int


class ClaimTableModel(ListTableModel):
    """The shown document's claims in text order. `describe(frame)` gives (speakers, issues,
    category, text) as the window names them (registry names, span texts)."""

    columns = ("Speaker", "Stance", "Issue", "Category", "Text")

    def __init__(self, describe: Callable[[ClaimFrame], tuple[str, str, str, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.describe = describe
        self._described: dict[str, tuple[str, str, str, str]] = {}
        self._rows_by_span: dict[int, int] = {}
        self._incomplete = QBrush(QColor(INCOMPLETE_COLOR))

    def reset(self, rows: list[ClaimRow]) -> None:
        self.beginResetModel()
        self.rows = sorted(rows, key=lambda r: (r.start, -r.end, r.frame.span_id))
        self._rows_by_span = {row.frame.span_id: n for n, row in enumerate(self.rows)}
        self._described = {}
        self.endResetModel()

    def replace(self, frame: ClaimFrame) -> None:
        """The row of this frame's Claim span shows `frame` (after a change to it)."""
        row = self._rows_by_span.get(frame.span_id)
        if row is None:
            return
        old = self.rows[row].frame
        self.rows[row] = self.rows[row]._replace(frame=frame)
        self._described.pop(old.id, None)
        self._described.pop(frame.id, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    def insert(self, row: ClaimRow) -> None:
        """One more claim, in its place in text order (a Claim span just tagged)."""
        key = (row.start, -row.end, row.frame.span_id)
        at = bisect.bisect_left([(r.start, -r.end, r.frame.span_id) for r in self.rows], key)
        self.beginInsertRows(QModelIndex(), at, at)
        self.rows.insert(at, row)
        self.endInsertRows()
        self._rows_by_span = {r.frame.span_id: n for n, r in enumerate(self.rows)}

    def remove(self, span_id: int) -> None:
        """The claim of a Claim span just deleted."""
        at = self._rows_by_span.get(span_id)
        if at is None:
            return
        self.beginRemoveRows(QModelIndex(), at, at)
        gone = self.rows.pop(at)
        self.endRemoveRows()
        self._described.pop(gone.frame.id, None)
        self._rows_by_span = {r.frame.span_id: n for n, r in enumerate(self.rows)}

    def row_of_span(self, span_id: int) -> int | None:
        return self._rows_by_span.get(span_id)

    def frame_at(self, row: int) -> ClaimFrame:
        return self.rows[row].frame

    def incomplete_count(self) -> int:
        return sum(1 for row in self.rows if not row.frame.complete)

    def data(self, index: QModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        frame = self.rows[index.row()].frame
        column = index.column()
        if role == _USER:
            return frame.span_id
        if role == _FOREGROUND:
            return self._incomplete if column in (0, 2) and not frame.complete else None
        if role not in (_DISPLAY, _TOOLTIP):
            return None
        described = self._described.get(frame.id)
        if described is None:
            described = self._described[frame.id] = self.describe(frame)
        speakers, issues, category, text = described
        if role == _TOOLTIP:
            state = "" if frame.complete else "Incomplete: a claim needs a speaker and an issue.\n"
            return f"{state}{text}"
        if column == 0:
            return speakers or MISSING
        if column == 1:
            return STANCE_TEXT[frame.stance]
        if column == 2:
            return issues or MISSING
        if column == 3:
            return category
        return text


class ClaimsDock(QDockWidget):
    """The claims list in a dock of its own (View › Claims list)."""

    claim_activated = Signal(int)   # the Claim span's id

    def __init__(self, model: ClaimTableModel, parent: QWidget | None = None) -> None:
        super().__init__("Claims", parent)
        self.setObjectName("claimsDock")
        self.model = model
        self.view = QTableView(self)
        self.view.setObjectName("claimsList")
        self.view.setModel(model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setShowGrid(False)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(24)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((100, 78, 110, 44)):
            header.resizeSection(column, width)
        header.setHighlightSections(False)
        self.setWidget(self.view)
        self.view.clicked.connect(self._activated)
        self.view.activated.connect(self._activated)

    def select_span(self, span_id: int | None) -> None:
        row = self.model.row_of_span(span_id) if span_id is not None else None
        if row is None:
            self.view.clearSelection()
            return
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.claim_activated.emit(self.model.frame_at(index.row()).span_id)
