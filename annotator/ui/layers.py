"""Which annotators' layers the window shows: View › Layers, one checkable entry each.

Each shown layer gets its own underline pattern in the text, so two analysts'
spans on the same words stay distinguishable.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from annotator.model import Annotator

PATTERN_NAMES = ["solid", "dashed", "dotted", "dash-dot", "dash-dot-dot"]


class LayerChooser(QObject):
    """Holds the set of shown annotator ids (all by default) and the menu that edits it."""

    changed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.menu = QMenu("&Layers", parent)
        self.annotators: list[Annotator] = []
        self.hidden: set[str] = set()
        self._actions: dict[str, QAction] = {}

    def set_annotators(self, annotators: list[Annotator]) -> None:
        if list(annotators) == self.annotators:
            return
        self.annotators = list(annotators)
        self.menu.clear()
        self._actions = {}
        show_all = self.menu.addAction("Show &all layers")
        show_all.triggered.connect(lambda: self.show_only(None))
        self.menu.addSeparator()
        for i, annotator in enumerate(self.annotators):
            action = self.menu.addAction(
                f"{annotator.name}  ({PATTERN_NAMES[i % len(PATTERN_NAMES)]} underline)")
            action.setCheckable(True)
            action.setChecked(annotator.id not in self.hidden)
            action.toggled.connect(lambda on, aid=annotator.id: self._toggle(aid, on))
            self._actions[annotator.id] = action

    def _toggle(self, annotator_id: str, shown: bool) -> None:
        (self.hidden.discard if shown else self.hidden.add)(annotator_id)
        self.changed.emit()

    def show_only(self, annotator_ids: list[str] | None) -> None:
        """Shows just these layers (None: all of them)."""
        wanted = set(annotator_ids) if annotator_ids is not None else {a.id for a in self.annotators}
        self.hidden = {a.id for a in self.annotators if a.id not in wanted}
        for annotator_id, action in self._actions.items():
            action.blockSignals(True)
            action.setChecked(annotator_id not in self.hidden)
            action.blockSignals(False)
        self.changed.emit()

    def style_order(self) -> list[str]:
        return [a.id for a in self.annotators]
