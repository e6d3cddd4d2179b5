"""Search the corpus (Ctrl+Shift+F): a dock with a query field and a list of hits.

The query is FTS5's (words, "phrases", prefix*, AND/OR/NOT, NEAR) with our filters
(`annotator.search_query`: date:, meta:, without:ANALYST/LABEL, actor:, issue:). Hits come
a page at a time (`fetchMore` as the list scrolls), each with its document's title, date and
the hit in context. Enter or a double-click emits `hit_chosen(document id, start, end)`:
the window opens the document with the hit selected, ready for a label key. Reads only."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.errors import AnnotatorError
from annotator.search_query import SearchQuery, parse_query
from annotator.ui.session import ProjectSession
from annotator.ui.table_model import ListTableModel
from annotator.wording import plural

PAGE = 100
HELP = ('Words, "phrases", prefix*, AND / OR / NOT, NEAR(a b, 5), title:word.\n'
        "Filters: date:2024-01..2024-06  meta:source=Reuters  without:Ana/Claim (documents where "
        "Ana has no Claim yet)  actor:Russia  issue:Energy (the spans linked to that entry).")


class SearchResultModel(ListTableModel):
    """Hits (`SearchHit`) of one query, fetched a page at a time from the project."""

    columns = ("Document", "Date", "Hit")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.project = None
        self.query: SearchQuery | None = None
        self.exhausted = True

    def run(self, project, query: SearchQuery) -> None:
        """Starts a new search (raises `AnnotatorError` for a query the index refuses)."""
        first = project.search(query, limit=PAGE)
        self.beginResetModel()
        self.project, self.query, self.rows = project, query, first
        self.exhausted = len(first) < PAGE
        self.endResetModel()

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:
        return not parent.isValid() and not self.exhausted

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:
        if self.exhausted or not self.rows:
            return
        last = self.rows[-1]
        given = sum(1 for hit in reversed(self.rows[-PAGE * 4:]) if hit.document_id == last.document_id)
        more = self.project.search(self.query, limit=PAGE, after=(last.document_id, given))
        self.exhausted = len(more) < PAGE
        if more:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
            self.rows += more
            self.endInsertRows()

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid():
            return None
        hit = self.rows[index.row()]
        if role == Qt.DisplayRole:
            return (hit.title or hit.external_id, hit.date, hit.snippet)[index.column()]
        if role == Qt.ToolTipRole:
            where = "in the title" if hit.field == "title" else f"at {hit.start}–{hit.end}"
            return f"{hit.external_id} ({hit.title}) {where}\n{hit.snippet}"
        if role == Qt.UserRole:
            return hit
        return None


class SnippetDelegate(QStyledItemDelegate):
    """Paints a snippet with its hit in bold on the row's background: three runs of text."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        hit = index.data(Qt.UserRole)
        if hit is None or hit.snippet_start == hit.snippet_end:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.CE_ItemViewItem, option, painter, option.widget)
        painter.save()
        selected = option.state & QStyle.State_Selected
        painter.setPen(option.palette.color(option.palette.ColorRole.HighlightedText if selected
                                            else option.palette.ColorRole.Text))
        rect = option.rect.adjusted(4, 0, -4, 0)
        x = rect.left()
        bold = QFont(option.font)
        bold.setBold(True)
        for text, font in ((hit.snippet[:hit.snippet_start], option.font),
                           (hit.snippet[hit.snippet_start:hit.snippet_end], bold),
                           (hit.snippet[hit.snippet_end:], option.font)):
            if x >= rect.right():
                break
            painter.setFont(font)
            width = painter.fontMetrics().horizontalAdvance(text)
            painter.drawText(QRect(x, rect.top(), rect.right() - x, rect.height()),
                             Qt.AlignVCenter | Qt.AlignLeft | Qt.TextSingleLine, text)
            x += width
        painter.restore()


class _ResultView(QTableView):
    chosen = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and self.currentIndex().isValid():
            self.chosen.emit(self.currentIndex())
        else:
            super().keyPressEvent(event)


class SearchPanel(QDockWidget):
    """The corpus search dock. Emits `hit_chosen(document id, start, end)` (start == end:
    open the document only)."""

    hit_chosen = Signal(int, int, int)

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__("Search the corpus", parent)
        self.setObjectName("searchDock")
        self.session = session
        body = QWidget(self)
        self.field = QLineEdit(body)
        self.field.setPlaceholderText('Search all documents: words, "phrases", prefix*, AND/OR/NOT …')
        self.field.setToolTip(HELP)
        self.field.setClearButtonEnabled(True)
        self.summary = QLabel(body)
        self.summary.setWordWrap(True)
        self.model = SearchResultModel(self)
        self.view = _ResultView(body)
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(2, SnippetDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Interactive)
        header.setStretchLastSection(True)
        self.view.setColumnWidth(0, 200)
        self.view.setColumnWidth(1, 90)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.field)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self.setWidget(body)
        self.field.returnPressed.connect(self.run)
        self.view.chosen.connect(self._choose)
        self.view.doubleClicked.connect(self._choose)

    def start(self) -> None:
        """Shows the dock with the query field ready for typing."""
        self.show()
        self.raise_()
        self.field.setFocus()
        self.field.selectAll()

    def search(self, typed: str) -> None:
        self.field.setText(typed)
        self.run()

    def run(self) -> None:
        typed = self.field.text().strip()
        try:
            query = parse_query(typed)
            self.model.run(self.session.project, query)
        except AnnotatorError as exc:
            self.summary.setText(f"⚠ {exc}")
            return
        count = len(self.model.rows)
        documents = len({hit.document_id for hit in self.model.rows})
        found = (f"{count:,}+ hits in {documents:,}+ documents (more as you scroll)" if self.model.canFetchMore()
                 else f"{plural(count, 'hit')} in {plural(documents, 'document')}")
        self.summary.setText("No hits." if not count else
                             f"{found}; Enter opens the hit, selected, ready for a label key.")
        if count:
            self.view.setCurrentIndex(self.model.index(0, 0))
            self.view.setFocus()

    def _choose(self, index: QModelIndex) -> None:
        hit = self.model.rows[index.row()]
        if hit.field == "title":
            self.hit_chosen.emit(hit.document_id, 0, 0)
        else:
            self.hit_chosen.emit(hit.document_id, hit.start, hit.end)
