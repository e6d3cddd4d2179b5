"""The project's documents as a list: title, date and span count per row; in review mode,
each document's review state too (disagreements still to decide, or done)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable

from PySide6.QtCore import QAbstractListModel, QModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from annotator.model import DocumentInfo
from annotator.review.progress import DocumentReview
from annotator.ui.plain import plain_tooltip
from annotator.ui.review_model import kind_colors

DETAILS_ROLE = Qt.ItemDataRole.UserRole.value + 1
REVIEW_ROLE = Qt.ItemDataRole.UserRole.value + 2     # "3 to decide", "done", … (review mode only)
REVIEW_STATE_ROLE = Qt.ItemDataRole.UserRole.value + 3   # the DocumentReview, or None


def review_text(state: DocumentReview | None) -> str:
    """A document's review state in a word or two, for its row in the list."""
    if state is None:
        return "…"                      # not counted yet
    if state.undecided:
        return f"{state.undecided:,} to decide"
    if state.adjudicated:
        return "✓ done"
    return "all agreed" if state.findings else ""


class DocumentListModel(QAbstractListModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.documents: list[DocumentInfo] = []
        self._rows: dict[int, int] = {}
        self.review_state: Callable[[int], DocumentReview | None] | None = None
        self.suggestion_counts: dict[int, int] | None = None   # pending suggestions per document, if shown

    def show_review(self, state_of: Callable[[int], DocumentReview | None] | None) -> None:
        """Shows each document's review state (looked up with `state_of`), or None: no longer."""
        self.review_state = state_of
        if self.documents:
            self.dataChanged.emit(self.index(0), self.index(len(self.documents) - 1))

    def show_suggestion_counts(self, counts: dict[int, int] | None) -> None:
        """Adds each document's pending suggestions to its details (None: no longer)."""
        self.suggestion_counts = counts
        if self.documents:
            self.dataChanged.emit(self.index(0), self.index(len(self.documents) - 1), [DETAILS_ROLE])

    def review_state_changed(self, document_id: int) -> None:
        row = self.row_of(document_id)
        if row is not None and self.review_state is not None:
            self.dataChanged.emit(self.index(row), self.index(row))

    def reset(self, documents: list[DocumentInfo]) -> None:
        self.beginResetModel()
        self.documents = list(documents)
        self._rows = {info.id: row for row, info in enumerate(self.documents)}
        self.endResetModel()

    def set_span_count(self, document_id: int, count: int) -> None:
        """Keeps a row's span count current while the analyst tags (no query needed)."""
        row = self.row_of(document_id)
        if row is not None and self.documents[row].span_count != count:
            self.documents[row] = replace(self.documents[row], span_count=count)
            self.dataChanged.emit(self.index(row), self.index(row))

    def adjust_span_count(self, document_id: int, delta: int) -> None:
        row = self.row_of(document_id)
        if row is not None:
            self.set_span_count(document_id, self.documents[row].span_count + delta)

    def adjust_span_counts(self, changes: dict[int, int]) -> None:
        """Many rows' counts at once ({document id: spans added, or removed if < 0})."""
        for document_id, delta in changes.items():
            self.adjust_span_count(document_id, delta)

    def row_of(self, document_id: int) -> int | None:
        """O(1): called on every tag, and a project may hold 100,000 documents."""
        return self._rows.get(document_id)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.documents)

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid():
            return None
        info = self.documents[index.row()]
        if role == Qt.DisplayRole:
            return info.title or info.external_id
        if role == DETAILS_ROLE:
            spans = f"{info.span_count:,} span{'' if info.span_count == 1 else 's'}"
            pending = self.suggestion_counts.get(info.id, 0) if self.suggestion_counts else 0
            suggested = f"{pending:,} suggested" if pending else ""
            return " · ".join(part for part in (info.date, f"{info.length:,} characters", spans, suggested) if part)
        if role == Qt.ToolTipRole:
            return plain_tooltip(f"{info.title}\nid: {info.external_id}\nsource: {info.source}\n"
                                 f"sha256: {info.sha256[:16]}…")
        if role == Qt.UserRole:
            return info.id
        if role in (REVIEW_ROLE, REVIEW_STATE_ROLE):
            if self.review_state is None:
                return None
            state = self.review_state(info.id)
            return review_text(state) if role == REVIEW_ROLE else state
        return None


class DocumentDelegate(QStyledItemDelegate):
    """Two lines per document: its title in bold, then date, length and spans in grey; in review
    mode the review state stands at the right of the title line."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return QSize(option.rect.width(), 2 * option.fontMetrics.height() + 16)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        self.initStyleOption(option, index)
        option.text = ""
        option.state &= ~QStyle.State_HasFocus
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.CE_ItemViewItem, option, painter, option.widget)
        rect = option.rect.adjusted(10, 6, -8, -6)
        line = option.fontMetrics.height()
        painter.save()
        title_font = QFont(option.font)
        title_font.setBold(True)
        painter.setFont(title_font)
        title_width = rect.width()
        review = index.data(REVIEW_ROLE)
        if review:
            state = index.data(REVIEW_STATE_ROLE)
            colors = kind_colors()
            color = (QColor(colors["label"]) if state is not None and state.undecided
                     else QColor(colors["agreed"]) if state is not None and state.adjudicated
                     else option.palette.color(QPalette.PlaceholderText))
            width = QFontMetrics(title_font).horizontalAdvance(review) + 8
            title_width -= width
            painter.setPen(color)
            painter.drawText(rect.adjusted(title_width + 8, 0, 0, -line),
                             Qt.AlignRight | Qt.AlignTop | Qt.TextSingleLine, review)
        painter.setPen(option.palette.color(QPalette.Text))
        title = QFontMetrics(title_font).elidedText(index.data(Qt.DisplayRole), Qt.ElideRight, title_width)
        painter.drawText(rect.adjusted(0, 0, 0, -line), Qt.AlignLeft | Qt.AlignTop | Qt.TextSingleLine, title)
        painter.setFont(option.font)
        painter.setPen(option.palette.color(QPalette.PlaceholderText))
        details = option.fontMetrics.elidedText(index.data(DETAILS_ROLE), Qt.ElideRight, rect.width())
        painter.drawText(rect.adjusted(0, line + 2, 0, 0), Qt.AlignLeft | Qt.AlignTop | Qt.TextSingleLine,
                         details)
        painter.restore()


class DocumentListView(QListView):
    def __init__(self, model: DocumentListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentList")
        self.setModel(model)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setUniformItemSizes(True)
        self.setItemDelegate(DocumentDelegate(self))
