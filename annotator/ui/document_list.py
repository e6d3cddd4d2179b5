"""The project's documents as a list: title, date and span count per row."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from annotator.model import DocumentInfo
from annotator.ui.plain import plain_tooltip


class DocumentListModel(QAbstractListModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.documents: list[DocumentInfo] = []

    def reset(self, documents: list[DocumentInfo]) -> None:
        self.beginResetModel()
        self.documents = list(documents)
        self.endResetModel()

    def row_of(self, document_id: int) -> int | None:
        for row, info in enumerate(self.documents):
            if info.id == document_id:
                return row
        return None

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.documents)

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid():
            return None
        info = self.documents[index.row()]
        if role == Qt.DisplayRole:
            details = " · ".join(part for part in (info.date, f"{info.length:,} characters") if part)
            return f"{info.title or info.external_id}\n{details}"
        if role == Qt.ToolTipRole:
            return plain_tooltip(f"{info.title}\nid: {info.external_id}\nsource: {info.source}\n"
                                 f"sha256: {info.sha256[:16]}…")
        if role == Qt.UserRole:
            return info.id
        return None


class DocumentListView(QListView):
    def __init__(self, model: DocumentListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentList")
        self.setModel(model)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setWordWrap(True)
        self.setSpacing(2)
        self.setUniformItemSizes(True)
