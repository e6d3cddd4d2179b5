"""Help › Keyboard shortcuts (every action and its keys, read from the action registry) and
Help › About (version, and where the project, settings and log live)."""

from __future__ import annotations

from typing import Any, Sequence

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator import __version__
from annotator.ui.table_model import ListTableModel


class ShortcutModel(ListTableModel):
    columns = ("Feature", "Action", "Keys")

    def __init__(self, rows: Sequence[tuple[str, str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = list(rows)

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.DisplayRole:
            return row[index.column()]
        if role == Qt.ToolTipRole:
            return f"Settings key: shortcuts/{row[3]}"
        return None


class ShortcutsDialog(QDialog):
    """Lists each action with its keys; keys are changed under `shortcuts/<id>` in the settings."""

    def __init__(self, rows: Sequence[tuple[str, str, str, str]], settings_file: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(620, 560)
        self.model = ShortcutModel(rows, self)
        table = QTableView(self)
        table.setObjectName("shortcutsTable")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectRows)
        table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        table.setShowGrid(False)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        table.resizeColumnToContents(0)
        table.resizeColumnToContents(2)
        note = QLabel(self)
        note.setTextFormat(Qt.PlainText)
        note.setWordWrap(True)
        note.setText("To change a key, set shortcuts/<id> in the settings file to a list such as "
                     f'["Ctrl+K"] (hover a row for its id):\n{settings_file}')
        buttons = QDialogButtonBox(QDialogButtonBox.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)


def about_box(parent: QWidget, places: Sequence[tuple[str, str]]) -> QMessageBox:
    """A non-blocking About box: the version and where each file Annotator uses lives."""
    lines = [f"Annotator {__version__}", "Who claims what about which issue: annotation for policy analysts.", ""]
    lines += [f"{what}: {where}" for what, where in places]
    box = QMessageBox(QMessageBox.Information, "About Annotator", "\n".join(lines), QMessageBox.Ok, parent)
    box.setObjectName("aboutDialog")
    box.setTextFormat(Qt.PlainText)
    box.setTextInteractionFlags(Qt.TextSelectableByMouse)
    box.open()
    return box
