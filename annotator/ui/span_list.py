"""The document's spans as a table (label, text, annotator, position): a model over store rows."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from annotator.model import GOLD_ANNOTATOR_ID, Span
from annotator.ui.label_bar import swatch
from annotator.ui.plain import plain_tooltip
from annotator.ui.table_model import ListTableModel

PREVIEW_CHARS = 120


def preview(text: str, limit: int = PREVIEW_CHARS) -> str:
    """One line of a span's text for lists: line breaks shown as ⏎, long spans cut with …"""
    flat = " ⏎ ".join(part.strip() for part in text.splitlines()) if "\n" in text or "\r" in text else text
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_DECORATION = Qt.ItemDataRole.DecorationRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_ROLES = frozenset({_DISPLAY, _DECORATION, _TOOLTIP, Qt.ItemDataRole.UserRole.value})


def _order(span: Span) -> tuple[int, int, int]:
    return (span.start, -span.end, span.id or 0)


class SpanTableModel(ListTableModel):
    """The spans of the shown document in text order, with O(log n) lookups by id and an
    O(1) check for "this annotator already has exactly this span" (tagging stays fast
    with tens of thousands of spans)."""

    columns = ("Label", "Text", "Annotator", "Position")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self._keys: list[tuple[int, int, int]] = []
        self._by_id: dict[int, Span] = {}
        self._identities: dict[tuple[int, int, str, str], Span] = {}
        self.label_counts: Counter[str] = Counter()  # the analysts' spans by label; gold apart
        self.gold_count = 0
        self.icons: dict[str, QIcon] = {}
        self._previews: dict[int, str] = {}

    def reset(self, text: str, spans: list[Span]) -> None:
        self.beginResetModel()
        self.text = text
        self.rows = sorted(spans, key=_order)
        self._previews = {}
        self._keys = [_order(s) for s in self.spans]
        self._by_id = {s.id: s for s in self.spans}
        self._identities = {_identity(s): s for s in self.spans}
        self.label_counts = Counter(s.label for s in self.spans if s.annotator_id != GOLD_ANNOTATOR_ID)
        self.gold_count = len(self.spans) - self.label_counts.total()
        self.endResetModel()

    def set_colors(self, colors: dict[str, str]) -> None:
        self.icons = {name: swatch(value) for name, value in colors.items()}
        if self.spans:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.spans) - 1, 0))

    @property
    def spans(self) -> list[Span]:
        return self.rows

    def find(self, start: int, end: int, label: str, annotator_id: str) -> Span | None:
        return self._identities.get((start, end, label, annotator_id))

    def insert(self, span: Span) -> int:
        key = _order(span)
        row = bisect_left(self._keys, key)
        if row < len(self._keys) and self._keys[row] == key:
            return row
        self.beginInsertRows(QModelIndex(), row, row)
        self._keys.insert(row, key)
        self.spans.insert(row, span)
        self._remember(span)
        self.endInsertRows()
        return row

    def remove(self, span_id: int) -> None:
        row = self.row_of(span_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        self._forget(self.spans[row])
        del self.spans[row]
        del self._keys[row]
        self.endRemoveRows()

    def replace(self, span: Span) -> None:
        row = self.row_of(span.id)
        if row is None:
            return
        self._forget(self.spans[row])
        self.spans[row] = span
        self._remember(span)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    def _remember(self, span: Span) -> None:
        self._by_id[span.id] = span
        self._identities[_identity(span)] = span
        if span.annotator_id == GOLD_ANNOTATOR_ID:
            self.gold_count += 1
        else:
            self.label_counts[span.label] += 1

    def _forget(self, span: Span) -> None:
        self._by_id.pop(span.id, None)
        self._identities.pop(_identity(span), None)
        if span.annotator_id == GOLD_ANNOTATOR_ID:
            self.gold_count -= 1
        else:
            self.label_counts[span.label] -= 1

    def row_of(self, span_id: int) -> int | None:
        span = self._by_id.get(span_id)
        if span is None:
            return None
        row = bisect_left(self._keys, _order(span))
        return row if row < len(self.spans) and self.spans[row].id == span_id else None

    def data(self, index: QModelIndex, role: int = _DISPLAY) -> Any:
        # Called for every role of every visible cell on each repaint: plain ints, cached
        # strings and icons keep it to a few hundred nanoseconds a call.
        if role not in _ROLES or not index.isValid():
            return None
        span = self.rows[index.row()]
        column = index.column()
        if role == _DISPLAY:
            if column == 0:
                return span.label
            if column == 1:
                text = self._previews.get(span.id)
                if text is None:
                    text = self._previews[span.id] = preview(self.text[span.start:span.end])
                return text
            if column == 2:
                return span.annotator
            return f"{span.start}–{span.end}"
        if role == _DECORATION:
            return self.icons.get(span.label) if column == 0 else None
        if role == _TOOLTIP:
            return plain_tooltip(self.text[span.start:span.end][:2000]) if column == 1 else None
        return span.id


def _identity(span: Span) -> tuple[int, int, str, str]:
    return (span.start, span.end, span.label, span.annotator_id)


class SpanTableView(QTableView):
    """A compact, fast table: fixed row heights, no word wrap, rows selected whole."""

    def __init__(self, model: SpanTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spanList")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.verticalHeader().setDefaultSectionSize(24)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.resizeSection(0, 80)
        header.resizeSection(2, 90)
        header.resizeSection(3, 90)
        header.setHighlightSections(False)
