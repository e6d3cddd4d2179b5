"""The registry of actors and issues in a dock: add, rename, merge, retire; aliases, kind,
parent, external id; and how often each entry is used (spans linked, claims naming it).

Cells are edited in place (double-click, F2 or typing): a name, the aliases ("; " between
them), the external id, the parent (an actor's name or alias) and the kind. Every change
is an undoable command on the window's history through the session (`UpdateEntityCommand`,
`AddEntityCommand`, `MergeEntitiesCommand`, `RetireEntityCommand`); a change the store
refuses (a name taken, a parent below the entry) is said in the status bar and nothing moves.

Usage counts come from one aggregate query over the project; the dock reads the registry
again on the next turn of the event loop after a change, and only while it is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QTimer, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.model import ACTOR, ENTITY_KINDS, ISSUE, Entity, EntityUsage
from annotator.ui.commands import (
    AddEntityCommand,
    MergeEntitiesCommand,
    RetireEntityCommand,
    UpdateEntityCommand,
)
from annotator.ui.table_model import ListTableModel

if TYPE_CHECKING:
    from annotator.ui.history import History
    from annotator.ui.session import ProjectSession

NAME, KIND, ALIASES, EXTERNAL, PARENT, LINKS, CLAIMS = range(7)
_EDITABLE = {NAME, KIND, ALIASES, EXTERNAL, PARENT}


class RegistryModel(ListTableModel):
    """Live entries by kind and name, with their usage. Edits are announced, never applied:
    `edit_requested(entity, column, text)`."""

    columns = ("Name", "Kind", "Aliases", "External id", "Parent", "Spans", "Claims")
    edit_requested = Signal(object, int, str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.usage: dict[str, EntityUsage] = {}
        self.names: dict[str, str] = {}

    def reset(self, entities: list[Entity], usage: dict[str, EntityUsage]) -> None:
        self.beginResetModel()
        self.rows = sorted(entities, key=lambda e: (e.kind, e.name.casefold(), e.id))
        self.usage = usage
        self.names = {e.id: e.name for e in entities}
        self.endResetModel()

    def entity_at(self, row: int) -> Entity:
        return self.rows[row]

    def row_of(self, entity_id: str) -> int | None:
        return next((n for n, e in enumerate(self.rows) if e.id == entity_id), None)

    def flags(self, index: QModelIndex) -> Qt.ItemFlags:
        flags = super().flags(index)
        if index.isValid() and index.column() in _EDITABLE:
            flags |= Qt.ItemIsEditable
        return flags

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.DisplayRole, Qt.EditRole, Qt.ToolTipRole):
            return None
        entity = self.rows[index.row()]
        column = index.column()
        usage = self.usage.get(entity.id, EntityUsage())
        if role == Qt.ToolTipRole:
            merged = f"\nAlso answers to (merged in): {'; '.join(entity.merged_names)}" if entity.merged_names else ""
            return f"{entity.name} ({entity.kind}), id {entity.id}{merged}"
        return {NAME: entity.name, KIND: entity.kind, ALIASES: "; ".join(entity.aliases),
                EXTERNAL: entity.external_id, PARENT: self.names.get(entity.parent_id or "", ""),
                LINKS: usage.links, CLAIMS: usage.claims}[column]

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.EditRole) -> bool:
        if not index.isValid() or role != Qt.EditRole or index.column() not in _EDITABLE:
            return False
        if str(value) != str(self.data(index, Qt.EditRole)):
            self.edit_requested.emit(self.rows[index.row()], index.column(), str(value))
        return False   # the session's signal brings the stored value back


class RegistryPanel(QDockWidget):
    message = Signal(str)

    def __init__(self, session: ProjectSession, history: History, parent: QWidget | None = None) -> None:
        super().__init__("Registry", parent)
        self.setObjectName("registryDock")
        self.session = session
        self.project = session.project
        self.history = history
        self.model = RegistryModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("registryList")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                                  | QAbstractItemView.AnyKeyPressed)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setSectionResizeMode(NAME, QHeaderView.Stretch)
        for column, width in ((KIND, 50), (ALIASES, 110), (EXTERNAL, 70), (PARENT, 80), (LINKS, 45), (CLAIMS, 45)):
            header.resizeSection(column, width)
        buttons = QHBoxLayout()
        for text, slot in (("Add actor…", lambda: self.ask_new(ACTOR)), ("Add issue…", lambda: self.ask_new(ISSUE)),
                           ("Merge into…", self.ask_merge), ("Retire", self.retire_selected)):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.view)
        self.setWidget(body)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.read)
        self.model.edit_requested.connect(self._edit)
        for signal in (session.registry_changed, session.claims_reset):
            signal.connect(self.refresh)
        for signal in (session.links_changed, session.claims_changed):
            signal.connect(lambda _document_id: self.refresh())
        self.visibilityChanged.connect(lambda shown: self.refresh() if shown else None)

    def refresh(self) -> None:
        if self.isVisible():
            self._timer.start()

    def read(self) -> None:
        self._timer.stop()
        if self.project.closed:
            return
        self.model.reset(self.project.entities(), self.project.entity_usage())

    def stop(self) -> None:
        self._timer.stop()

    def selected(self) -> Entity | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.entity_at(rows[0].row()) if rows else None

    # -- changes -------------------------------------------------------------------------

    def _push(self, command) -> bool:
        """Pushes a change; the table follows on the next turn of the event loop (a change
        made from a cell's editor arrives inside the view's commit, no time to reset it)."""
        self.history.push(command)
        self.refresh()
        return command.error is None

    def add(self, kind: str, name: str) -> Entity | None:
        command = AddEntityCommand(self.session, kind, name.strip())
        return command.entity if self._push(command) else None

    def ask_new(self, kind: str) -> None:
        name, ok = QInputDialog.getText(self, f"New {kind}", f"Name of the new {kind}:")
        if ok and name.strip():
            self.add(kind, name)

    def merge(self, source: Entity, target: Entity) -> None:
        if self._push(MergeEntitiesCommand(self.session, source, target)):
            self.message.emit(f"“{source.name}” merged into “{target.name}”; its names are aliases there. "
                              "Undo unmerges.")

    def ask_merge(self) -> None:
        source = self.selected()
        if source is None:
            self.message.emit("Select the entry to merge into another first.")
            return
        others = [e for e in self.model.rows if e.kind == source.kind and e.id != source.id]
        if not others:
            self.message.emit(f"No other {source.kind} to merge “{source.name}” into.")
            return
        choice, ok = QInputDialog.getItem(self, "Merge", f"Merge “{source.name}” into:",
                                          [e.name for e in others], 0, False)
        if ok:
            self.merge(source, next(e for e in others if e.name == choice))

    def retire_selected(self) -> None:
        entity = self.selected()
        if entity is not None and self._push(RetireEntityCommand(self.session, entity)):
            self.message.emit(f"“{entity.name}” retired; what used it keeps it. Undo brings it back.")

    def _edit(self, entity: Entity, column: int, text: str) -> None:
        text = text.strip()
        if column == NAME:
            changes: dict[str, object] = {"name": text}
        elif column == KIND:
            if text not in ENTITY_KINDS:
                self.message.emit(f"A kind is {' or '.join(ENTITY_KINDS)}, not “{text}”.")
                return
            changes = {"kind": text}
        elif column == ALIASES:
            changes = {"aliases": tuple(a.strip() for a in text.split(";") if a.strip())}
        elif column == EXTERNAL:
            changes = {"external_id": text}
        else:
            if not text:
                changes = {"parent_id": None}
            else:
                found = self.project.lookup_entities(text, ACTOR)
                if not found:
                    self.message.emit(f"No actor “{text}” in the registry to be the parent.")
                    return
                changes = {"parent_id": found[0].id}
        self._push(UpdateEntityCommand(self.session, entity, **changes))
