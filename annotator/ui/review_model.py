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
             "single": "one annotator only", "speaker": "speaker differs", "issue": "issue differs",
             "stance": "stance differs", "category": "category differs"}
# The finding's kind, coloured for a light and for a dark page (each ≥ 4.5:1 on its page, tested).
KIND_COLORS = {
    False: {"agreed": "#2f7d4f", "label": "#b3261e", "boundary": "#9a5c00", "single": "#5b5fc7"},
    True: {"agreed": "#6fcf97", "label": "#f28b82", "boundary": "#f6ad55", "single": "#a8abf5"},
}
for _dark, _color in ((False, "#8e3a8e"), (True, "#e39be3")):   # a frame differs: one colour for all four
    KIND_COLORS[_dark].update(dict.fromkeys(("speaker", "issue", "stance", "category"), _color))


def kind_text(item: AlignedItem) -> str:
    """"boundary differs", or for claims "speaker differs", "speaker, stance differ"."""
    if len(item.differs) > 1:
        return ", ".join(item.differs) + " differ"
    return KIND_TEXT[item.kind]


def kind_colors() -> dict[str, str]:
    """The kinds' colours for the page the application shows now."""
    return KIND_COLORS[is_dark(QGuiApplication.palette().base().color().name())]


DECIDED_TEXT = {"accept": "accepted", "edit": "edited", "reject": "rejected"}


@dataclass(frozen=True)
class ReviewRow:
    item_number: int          # 0-based index into the items
    item: AlignedItem
    annotator_id: str
    span: Span | None         # None: this annotator marked nothing here


def item_region(item: AlignedItem) -> tuple[int, int]:
    return item.region


def decision_text(decision: Decision) -> str:
    """What the Gold column says: "accepted: Actor 77–87" (code points, end exclusive), or
    "rejected"."""
    done = DECIDED_TEXT.get(decision.decision, decision.decision)
    gold = decision.gold_span
    return done if gold is None else f"{done}: {gold.label} {gold.start}–{gold.end}"


class ReviewModel(ListTableModel):
    """One row per chosen annotator per finding, in the order the annotators were chosen: row
    r is annotator r % k's version of item r // k (k annotators). Rows are made when asked
    for, so a document with 20,000 findings costs no more to show than one with 20.

    A decision is shown on the row of the version it put into gold (the first row whose span
    has the gold span's offsets and label), else on the finding's first row."""

    columns = ("#", "Finding", "Annotator", "Label", "Text", "Gold", "Claim frame")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.items: list[AlignedItem] = []
        self.order: list[str] = []
        self.names: dict[str, str] = {}
        self.decisions: dict[tuple[int, int], Decision] = {}
        self.comment_counts: dict[int, int] = {}
        self.frames: dict[int, str] = {}      # Claim span id → its frame in words
        self._items_at: dict[tuple[int, int], tuple[int, ...]] = {}
        self.agreed = 0
        self.undecided = 0        # disagreements without a decision

    def reset(self, text: str, items: list[AlignedItem], order: list[str], names: dict[str, str],
              decisions: list[Decision], comment_counts: dict[int, int],
              frames: dict[int, str] | None = None) -> None:
        self.beginResetModel()
        self.frames = frames or {}
        self.text = text
        self.items = items
        self.order = list(order)
        self.names = names
        self.decisions = {(d.start, d.end): d for d in decisions}
        self.comment_counts = comment_counts
        self._items_at = {}
        for number, item in enumerate(items):   # tuples of ints: nothing for the collector to track
            region = item.region
            self._items_at[region] = self._items_at.get(region, ()) + (number,)
        self.agreed = sum(item.kind == AGREED for item in items)
        self.undecided = sum(item.kind != AGREED and item.region not in self.decisions for item in items)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items) * len(self.order)

    def entry(self, row: int) -> ReviewRow:
        number, which = divmod(row, len(self.order))
        item = self.items[number]
        annotator_id = self.order[which]
        return ReviewRow(number, item, annotator_id, item.spans.get(annotator_id))

    def decision_for(self, item: AlignedItem) -> Decision | None:
        return self.decisions.get(item.region)

    def set_decision(self, region: tuple[int, int], decision: Decision | None) -> tuple[int, ...]:
        """A decision made (or taken back) for a region: the Gold cells of its findings change,
        nothing else. Returns the numbers of the items it concerns."""
        numbers = self._items_at.get(region, ())
        disagreeing = sum(self.items[number].kind != AGREED for number in numbers)
        self.undecided += disagreeing * ((decision is None) - (region not in self.decisions))
        if decision is None:
            self.decisions.pop(region, None)
        else:
            self.decisions[region] = decision
        k = len(self.order)
        for number in numbers:
            self.dataChanged.emit(self.index(number * k, 5), self.index(number * k + k - 1, 5))
        return numbers

    def set_comment_counts(self, counts: dict[int, int]) -> None:
        if counts != self.comment_counts:
            self.comment_counts = counts
            if self.items:
                self.dataChanged.emit(self.index(0, 4), self.index(self.rowCount() - 1, 4))

    def first_row_of(self, item_number: int) -> int | None:
        return item_number * len(self.order) if 0 <= item_number < len(self.items) else None

    def marked_row_of(self, item_number: int) -> int | None:
        """The first row of the item whose annotator marked something (the version N shows)."""
        first = self.first_row_of(item_number)
        if first is None:
            return None
        item = self.items[item_number]
        for which, annotator_id in enumerate(self.order):
            if annotator_id in item.spans:
                return first + which
        return first

    def decision_row_of(self, item_number: int) -> int | None:
        """The row the item's decision is shown on (see the class docstring)."""
        first = self.first_row_of(item_number)
        decision = self.decision_for(self.items[item_number]) if first is not None else None
        if decision is None:
            return None
        gold = decision.gold_span
        if gold is not None:
            item = self.items[item_number]
            for which, annotator_id in enumerate(self.order):
                span = item.spans.get(annotator_id)
                if span is not None and span.key == gold.key:
                    return first + which
        return first

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entry(index.row())
        column = index.column()
        first_of_item = index.row() % len(self.order) == 0
        if role == Qt.DisplayRole:
            return self._display(entry, index.row(), column, first_of_item)
        if role == Qt.ForegroundRole:
            if column == 1:
                return QBrush(QColor(kind_colors()[entry.item.kind]))
            if entry.span is None:
                return QGuiApplication.palette().placeholderText()
        if role == Qt.FontRole and ((column == 1 and entry.item.kind != AGREED)
                                    or (column == 5 and self.decision_row_of(entry.item_number) == index.row())):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ToolTipRole and entry.span is not None:
            return plain_tooltip(self.text[entry.span.start:entry.span.end][:2000])
        return None

    def _display(self, entry: ReviewRow, row: int, column: int, first_of_item: bool) -> str:
        if column == 0:
            return str(entry.item_number + 1) if first_of_item else ""
        if column == 1:
            return kind_text(entry.item) if first_of_item else ""
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
        if column == 5 and self.decision_row_of(entry.item_number) == row:
            return decision_text(self.decision_for(entry.item))
        if column == 6 and span is not None:
            return self.frames.get(span.id, "")
        return ""
