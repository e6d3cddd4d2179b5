"""Claims › Unlinked mentions: the registry's names and aliases found in the open document
where the analyst has no span yet. Accepting one (Enter, double-click, or "Tag and link")
makes the Actor or Issue span in the analyst's layer, linked to its entry: one undoable step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.mentions import Mention, find_mentions
from annotator.model import ACTOR, Document
from annotator.ui.commands import AddSpanCommand, LinkSpanCommand
from annotator.ui.span_list import preview
from annotator.ui.table_model import ListTableModel

if TYPE_CHECKING:
    from annotator.ui.history import History
    from annotator.ui.session import ProjectSession

LABEL_OF_KIND = {ACTOR: "Actor", "issue": "Issue"}


class MentionModel(ListTableModel):
    columns = ("Text", "Entry", "Label", "Position")

    def __init__(self, text: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.text = text

    def reset(self, mentions: list[Mention]) -> None:
        self.beginResetModel()
        self.rows = mentions
        self.endResetModel()

    def take(self, row: int) -> Mention:
        self.beginRemoveRows(QModelIndex(), row, row)
        mention = self.rows.pop(row)
        self.endRemoveRows()
        return mention

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.DisplayRole:
            return None
        m = self.rows[index.row()]
        return (preview(self.text[m.start:m.end], 60), m.name, LABEL_OF_KIND[m.kind],
                f"{m.start}–{m.end}")[index.column()]


class MentionsDialog(QDialog):
    mention_shown = Signal(int, int)   # start, end (code points): show it in the text

    def __init__(self, session: ProjectSession, history: History, document: Document,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mentionsDialog")
        self.setWindowTitle("Unlinked mentions")
        self.session, self.history, self.document = session, history, document
        self.model = MentionModel(document.text, self)
        own = self.session.project.spans(document.id, [session.analyst.id])
        self.model.reset(find_mentions(document.text, session.project.entities(),
                                       [(s.start, s.end) for s in own]))
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.view.activated.connect(lambda index: self.accept_rows([index.row()]))
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        summary = QLabel(f"{self.model.rowCount()} mentions of the registry's names and aliases that your "
                         "layer has no span for. Enter tags and links the selected ones.", self)
        summary.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Close, self)
        accept = QPushButton("Tag and link", self)
        accept.clicked.connect(self._accept_selected)
        buttons.addButton(accept, QDialogButtonBox.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        self.resize(620, 420)

    def _accept_selected(self) -> None:
        self.accept_rows(sorted({index.row() for index in self.view.selectionModel().selectedRows()}))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            mention = self.model.rows[current.row()]
            self.mention_shown.emit(mention.start, mention.end)

    def accept_rows(self, rows: list[int]) -> int:
        """Tags and links the mentions in these rows, one undoable step; returns how many."""
        if not rows:
            return 0
        made = 0
        with self.history.macro(f"Tag and link {len(rows)} mention{'s' if len(rows) != 1 else ''}"):
            for row in sorted(rows, reverse=True):
                mention = self.model.rows[row]
                shown = preview(self.document.text[mention.start:mention.end], 40)
                tag = AddSpanCommand(self.session, self.document.id, mention.start, mention.end,
                                     LABEL_OF_KIND[mention.kind], shown)
                self.history.push(tag)
                if tag.error is not None:
                    break
                self.history.push(LinkSpanCommand(self.session, tag.span, mention.entity_id, shown))
                self.model.take(row)
                made += 1
        return made
