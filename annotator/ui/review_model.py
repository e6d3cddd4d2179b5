"""The review table: one row per annotator's version of each aligned finding."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication

from annotator.colors import is_dark
from annotator.model import Decision, Span
from annotator.review.align import AGREED, AlignedItem
from annotator.ui.plain import plain_tooltip
from annotator.ui.span_list import preview
from annotator.ui.table_model import ListTableModel

KIND_TEXT = {"agreed": "agreed", "label": "label differs", "boundary": "boundary differs",
             "single": "one annotator only"}
# The finding's kind, coloured for a light and for a dark page (each ≥ 4.5:1 on its page, tested).
KIND_COLORS = {
    False: {"agreed": "#2f7d4f", "label": "#b3261e", "boundary": "#9a5c00", "single": "#5b5fc7"},
    True: {"agreed": "#6fcf97", "label": "#f28b82", "boundary": "#f6ad55", "single": "#a8abf5"},
}


def kind_colors() -> dict[str, str]:
    """The kinds' colours for the page the application shows now."""
    return KIND_COLORS[is_dark(QGuiApplication.palette().base().color().name())]


@dataclass(frozen=True)
class ReviewRow:
    item_number: int          # 0-based index into the items
    item: AlignedItem
    annotator_id: str
    span: Span | None         # None: this annotator marked nothing here


def item_region(item: AlignedItem) -> tuple[int, int]:
    return (item.start, item.end)


class ReviewModel(ListTableModel):
    columns = ("#", "Finding", "Annotator", "Label", "Text", "Gold")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.items: list[AlignedItem] = []
        self.names: dict[str, str] = {}
        self.decisions: dict[tuple[int, int], Decision] = {}
        self.comment_counts: dict[int, int] = {}

    def reset(self, text: str, items: list[AlignedItem], order: list[str], names: dict[str, str],
              decisions: list[Decision], comment_counts: dict[int, int]) -> None:
        self.beginResetModel()
        self.text = text
        self.items = items
        self.names = names
        self.decisions = {(d.start, d.end): d for d in decisions}
        self.comment_counts = comment_counts
        self.rows = [ReviewRow(number, item, annotator_id, item.spans.get(annotator_id))
                     for number, item in enumerate(items) for annotator_id in order]
        self.endResetModel()

    def decision_for(self, item: AlignedItem) -> Decision | None:
        return self.decisions.get(item_region(item))

    def first_row_of(self, item_number: int) -> int | None:
        for row, entry in enumerate(self.rows):
            if entry.item_number == item_number:
                return row
        return None

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.rows[index.row()]
        column = index.column()
        first_of_item = index.row() == 0 or self.rows[index.row() - 1].item_number != entry.item_number
        if role == Qt.DisplayRole:
            return self._display(entry, column, first_of_item)
        if role == Qt.ForegroundRole:
            if column == 1:
                return QBrush(QColor(kind_colors()[entry.item.kind]))
            if entry.span is None:
                return QGuiApplication.palette().placeholderText()
        if role == Qt.FontRole and column == 1 and entry.item.kind != AGREED:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ToolTipRole and entry.span is not None:
            return plain_tooltip(self.text[entry.span.start:entry.span.end][:2000])
        return None

    def _display(self, entry: ReviewRow, column: int, first_of_item: bool) -> str:
        if column == 0:
            return str(entry.item_number + 1) if first_of_item else ""
        if column == 1:
            return KIND_TEXT[entry.item.kind] if first_of_item else ""
        if column == 2:
            return self.names.get(entry.annotator_id, entry.annotator_id)
        span = entry.span
        if column == 3:
            return span.label if span else "—"
        if column == 4:
            if span is None:
                return "(not marked)"
            comments = self.comment_counts.get(span.id, 0)
            return preview(self.text[span.start:span.end], 80) + (f"  💬{comments}" if comments else "")
        if column == 5 and first_of_item:
            decision = self.decision_for(entry.item)
            if decision is None:
                return ""
            if decision.gold_span is None:
                return decision.decision
            return f"{decision.decision}: {decision.gold_span.label}"
        return ""
