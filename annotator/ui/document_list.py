"""The project's documents as a list: title, date and span count per row."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
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
from annotator.ui.plain import plain_tooltip

DETAILS_ROLE = Qt.ItemDataRole.UserRole.value + 1


class DocumentListModel(QAbstractListModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.documents: list[DocumentInfo] = []
        self._rows: dict[int, int] = {}

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
            return " · ".join(part for part in (info.date, f"{info.length:,} characters", spans) if part)
        if role == Qt.ToolTipRole:
            return plain_tooltip(f"{info.title}\nid: {info.external_id}\nsource: {info.source}\n"
                                 f"sha256: {info.sha256[:16]}…")
        if role == Qt.UserRole:
            return info.id
        return None


class DocumentDelegate(QStyledItemDelegate):
    """Two lines per document: its title in bold, then date, length and spans in grey."""

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
        painter.setPen(option.palette.color(QPalette.Text))
        title = QFontMetrics(title_font).elidedText(index.data(Qt.DisplayRole), Qt.ElideRight, rect.width())
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
