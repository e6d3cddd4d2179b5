"""Tools › Suggestion patterns…: the codebook's patterns (label, kind, pattern, optional registry
entry) and a spaCy pipeline's label mapping (PERSON → Actor), edited as two tables.

A pattern that cannot be used is refused on Save with its row and the reason
(`annotator.patterns.pattern_problem`), and the dialog stays open; so is a mapping to a label
the codebook does not have. Saving is one undoable step (`SuggestionFeature.save_patterns`).
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.model import PATTERN_KINDS, SuggestPattern
from annotator.patterns import pattern_problem
from annotator.ui.plain import plain_label
from annotator.ui.table_model import ListTableModel, row_table

Choices = Callable[[], list[tuple[str, str]]]   # (shown, stored) pairs


class EditableRows(ListTableModel):
    """Rows of strings, every cell editable; `shown` turns a stored value into what a cell shows."""

    def __init__(self, rows: list[list[str]], shown: dict[int, Callable[[str], str]] | None = None,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.rows = rows
        self.shown = shown or {}

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self.rows[index.row()][index.column()]
        if role == Qt.EditRole:
            return value
        if role == Qt.DisplayRole:
            return self.shown.get(index.column(), str)(value)
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlags:
        return super().flags(index) | Qt.ItemIsEditable

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.EditRole) -> bool:
        if role != Qt.EditRole or not index.isValid():
            return False
        self.rows[index.row()][index.column()] = str(value)
        self.dataChanged.emit(index, index)
        return True

    def append(self, row: list[str]) -> int:
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
        self.rows.append(row)
        self.endInsertRows()
        return len(self.rows) - 1

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            self.endRemoveRows()


class ChoiceDelegate(QStyledItemDelegate):
    """A cell edited by picking one of `choices` (a label, a kind, a registry entry)."""

    def __init__(self, choices: Choices, parent: QWidget) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent: QWidget, _option, _index: QModelIndex) -> QWidget:
        box = QComboBox(parent)
        for shown, stored in self.choices():
            box.addItem(shown, stored)
        return box

    def setEditorData(self, editor: QComboBox, index: QModelIndex) -> None:
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.EditRole))))

    def setModelData(self, editor: QComboBox, model, index: QModelIndex) -> None:
        model.setData(index, editor.currentData(), Qt.EditRole)


class SuggestPatternsDialog(QDialog):
    """Emits `saved(patterns, mapping)` once both tables are valid."""

    saved = Signal(object, object)   # list[SuggestPattern], dict[str, str]

    def __init__(self, patterns: list[SuggestPattern], mapping: dict[str, str], labels: list[str],
                 entities: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestPatternsDialog")
        self.setWindowTitle("Suggestion patterns and model labels")
        self.labels = labels
        self.patterns = EditableRows([[p.label, p.kind, p.pattern, p.entity_id or ""] for p in patterns],
                                     {3: lambda entity_id: entities.get(entity_id, "")}, self)
        self.patterns.columns = ("Label", "Kind", "Pattern", "Registry entry")
        self.mapping = EditableRows([[name, label] for name, label in sorted(mapping.items())], None, self)
        self.mapping.columns = ("Pipeline label", "Our label")

        def label_choices() -> list[tuple[str, str]]:
            return [(name, name) for name in labels]

        self.pattern_table = row_table(self.patterns, self, "patternTable", 2, editable=True)
        self.pattern_table.setItemDelegateForColumn(0, ChoiceDelegate(label_choices, self))
        self.pattern_table.setItemDelegateForColumn(1, ChoiceDelegate(
            lambda: [(kind, kind) for kind in PATTERN_KINDS], self))
        self.pattern_table.setItemDelegateForColumn(3, ChoiceDelegate(
            lambda: [("(none)", "")] + sorted((name, eid) for eid, name in entities.items()), self))
        self.mapping_table = row_table(self.mapping, self, "modelLabelTable", 1, editable=True)
        self.mapping_table.setItemDelegateForColumn(1, ChoiceDelegate(label_choices, self))

        tabs = QTabWidget(self)
        tabs.addTab(self._page(self.pattern_table, "Add pattern", self.add_pattern,
                               "regex: Python's re, case-insensitive unless it starts with (?-i) · "
                               "tokens: a spaCy token pattern as JSON, [{\"LOWER\": \"climate\"}, "
                               "{\"LOWER\": \"change\"}] · phrase: the words as written, any case"),
                    "Patterns")
        tabs.addTab(self._page(self.mapping_table, "Add mapping", self.add_mapping,
                               "A pipeline's entity labels as ours (PERSON, ORG, GPE, NORP → Actor). With no "
                               "mapping, a label of the same name is used and the others are left out."),
                    "Model labels")
        self.tabs = tabs
        self.problems = plain_label(self)
        self.problems.setObjectName("patternProblems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b3261e")
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self.resize(760, 420)

    def _page(self, table: QTableView, add_text: str, add: Callable[[], None], hint: str) -> QWidget:
        page = QWidget(self)
        add_button, remove_button = QPushButton(add_text, page), QPushButton("Remove", page)
        add_button.clicked.connect(add)
        remove_button.clicked.connect(lambda: table.model().remove(table.currentIndex().row()))
        row = QHBoxLayout()
        row.addWidget(add_button)
        row.addWidget(remove_button)
        row.addStretch(1)
        note = plain_label(page, hint)
        note.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(table, 1)
        layout.addLayout(row)
        layout.addWidget(note)
        return page

    def add_pattern(self) -> None:
        row = self.patterns.append([self.labels[0] if self.labels else "", "phrase", "", ""])
        self.pattern_table.setCurrentIndex(self.patterns.index(row, 2))
        self.pattern_table.edit(self.patterns.index(row, 2))

    def add_mapping(self) -> None:
        row = self.mapping.append(["", self.labels[0] if self.labels else ""])
        self.mapping_table.setCurrentIndex(self.mapping.index(row, 0))
        self.mapping_table.edit(self.mapping.index(row, 0))

    def values(self) -> tuple[list[SuggestPattern], dict[str, str], list[str]]:
        """The patterns and mapping as edited, and what is wrong with them (one line each)."""
        patterns = [SuggestPattern(label, kind, pattern, entity_id or None)
                    for label, kind, pattern, entity_id in self.patterns.rows]
        problems = [f"Pattern {n}: {problem}" for n, problem in
                    enumerate((pattern_problem(p) for p in patterns), 1) if problem]
        mapping: dict[str, str] = {}
        for n, (name, label) in enumerate(self.mapping.rows, 1):
            name = name.strip()
            if not name:
                problems.append(f"Model label {n}: the pipeline's label is empty")
            elif label not in self.labels:
                problems.append(f"Model label {n}: {name} → “{label}”, a label the codebook does not have")
            elif name in mapping:
                problems.append(f"Model label {n}: {name} is mapped twice")
            mapping[name] = label
        return patterns, mapping, problems

    def accept(self) -> None:
        patterns, mapping, problems = self.values()
        if problems:
            self.problems.setText("\n".join(problems))
            return
        super().accept()
        self.saved.emit(patterns, mapping)
