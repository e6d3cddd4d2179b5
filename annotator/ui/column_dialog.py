"""Which column is which: asked before a spreadsheet (.csv, .tsv, .xlsx) is imported.

The dialog shows the first rows of the first spreadsheet chosen and lets the analyst pick the
column that holds the text and the one that holds the id, preselected as the command line
would choose them (`formats.tables`). It does not block the window (`open()`): accepting emits
`columns_chosen` with the reader options for `session.import_files`; cancelling emits nothing,
so the project stays as it was. The columns are chosen by name, so several spreadsheets with
the same header are imported with one choice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.formats.tables import Preview, preview
from annotator.ui.plain import plain_label, plain_tooltip
from annotator.ui.table_model import ListTableModel

PREVIEW_ROWS = 5
_MAX_COLUMN_WIDTH = 300  # pixels
_CELL_CHARS = 80  # a preview cell shows the start of the text on one line; its tooltip shows all
_LINE_BREAKS = str.maketrans({"\r": None, "\n": " ⏎ ", "\u2028": " ⏎ ", "\u2029": " ⏎ "})


class PreviewModel(ListTableModel):
    """The spreadsheet's first rows; the chosen text and id columns are named in bold."""

    def __init__(self, shown: Preview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names = list(shown.columns)
        self.columns = list(shown.columns)
        self.rows = [list(row) for row in shown.rows]
        self.text_column: int | None = None
        self.id_column: int | None = None

    def mark(self, text_column: int | None, id_column: int | None) -> None:
        self.text_column, self.id_column = text_column, id_column
        roles = {text_column: "text", id_column: "id"}
        self.columns = [f"{name} ({roles[i]})" if i in roles and i is not None else name
                        for i, name in enumerate(self.names)]
        if self.names:
            self.headerDataChanged.emit(Qt.Horizontal, 0, len(self.names) - 1)
            self.dataChanged.emit(self.index(0, 0), self.index(max(len(self.rows) - 1, 0), len(self.names) - 1))

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        cell = row[index.column()] if index.column() < len(row) else ""
        if role == Qt.DisplayRole:
            line = cell.translate(_LINE_BREAKS)
            return line if len(line) <= _CELL_CHARS else line[:_CELL_CHARS] + "…"
        if role == Qt.ToolTipRole and cell:
            return plain_tooltip(cell)
        if role == Qt.FontRole and index.column() in (self.text_column, self.id_column):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole) -> Any:
        if orientation == Qt.Vertical and role == Qt.DisplayRole:
            return str(section + 1)
        return super().headerData(section, orientation, role)


class ColumnDialog(QDialog):
    """Asks which columns hold the text and the id; `columns_chosen` carries
    `{"text_column": NAME, "id_column": NAME or "" (none: ids from the row numbers)}`."""

    columns_chosen = Signal(dict)

    def __init__(self, paths: Sequence[str | Path], parent: QWidget | None = None) -> None:
        """Reads the first rows of `paths[0]` now: a bad file raises `BadInput` before anything shows."""
        super().__init__(parent)
        first = Path(paths[0])
        shown = preview(first, PREVIEW_ROWS)
        self.setObjectName("columnDialog")
        self.setWindowTitle("Import a spreadsheet")
        self.setWindowModality(Qt.WindowModal)
        self.setAttribute(Qt.WA_DeleteOnClose)
        self.resize(820, 420)

        intro = plain_label(self, f"Each row of {first.name} becomes a document. Which column holds its text, "
                                  f"and which its id? The first rows:")
        intro.setWordWrap(True)
        self.model = PreviewModel(shown, self)
        self.table = QTableView(self)
        self.table.setObjectName("columnPreview")
        self.table.setModel(self.model)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)

        self.text_combo = QComboBox(self)
        self.text_combo.setObjectName("textColumn")
        self.text_combo.setPlaceholderText("Choose the column with the text…")
        self.id_combo = QComboBox(self)
        self.id_combo.setObjectName("idColumn")
        self.id_combo.addItem(f"None: number the rows ({first.stem}-2, {first.stem}-3 …)", "")
        for name in shown.columns:
            self.text_combo.addItem(name, name)
            self.id_combo.addItem(name, name)
        self.text_combo.setCurrentIndex(-1 if shown.text_column is None else shown.text_column)
        self.id_combo.setCurrentIndex(0 if shown.id_column is None else shown.id_column + 1)
        form = QFormLayout()
        form.addRow("&Text:", self.text_combo)
        form.addRow("&Id:", self.id_combo)

        self.buttons = QDialogButtonBox(QDialogButtonBox.Cancel, self)
        self.import_button = self.buttons.addButton("&Import", QDialogButtonBox.AcceptRole)
        self.import_button.setObjectName("importButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        notes = [("Columns called title, date or source fill the document's title, date and source; "
                  "the others are kept with each document.")]
        others = [Path(p).name for p in paths[1:]]
        if others:
            notes.append(f"The same columns are read from the other spreadsheets: {', '.join(others)}.")
        note = plain_label(self, "\n".join(notes))
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(self.buttons)

        self.text_combo.currentIndexChanged.connect(self._choice_changed)
        self.id_combo.currentIndexChanged.connect(self._choice_changed)
        self._choice_changed()
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):  # a long text must not push the others out of sight
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), _MAX_COLUMN_WIDTH))

    def options(self) -> dict[str, str]:
        return {"text_column": self.text_combo.currentData(), "id_column": self.id_combo.currentData()}

    def _choice_changed(self) -> None:
        text = self.text_combo.currentIndex()
        id_ = self.id_combo.currentIndex() - 1
        same = text >= 0 and text == id_
        self.import_button.setEnabled(text >= 0 and not same)
        self.import_button.setToolTip("The text and the id must be different columns" if same else "")
        self.model.mark(text if text >= 0 else None, id_ if id_ >= 0 else None)

    def accept(self) -> None:
        options = self.options()
        super().accept()
        self.columns_chosen.emit(options)
