"""Editing the codebook from the Labels menu: add, rename, recolor, delete, restore.

Every change is an undoable command. Renaming keeps every span (they refer to the
label by id); deleting a label that has spans asks first, and only hides label and
spans, so Undo (or Labels › Restore) brings them back exactly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import QColorDialog, QInputDialog, QMenu, QMessageBox, QWidget

from annotator.model import Label
from annotator.resources import label_palette
from annotator.ui.commands import FunctionCommand
from annotator.ui.label_bar import swatch
from annotator.wording import plural

if TYPE_CHECKING:
    from annotator.ui.history import History
    from annotator.ui.session import ProjectSession


class LabelEditor(QObject):
    """The codebook's menu entries and what they do; dialogs open over `parent`."""

    message = Signal(str)

    def __init__(self, session: ProjectSession, history: History, parent: QWidget) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.session = session
        self.history = history
        self.pending: QInputDialog | QMessageBox | QColorDialog | None = None

    # -- operations (what the menu entries end up calling) -------------------------------

    def add_label(self, name: str, color: str | None = None) -> None:
        name = name.strip()
        if not name:
            return
        labels = self.session.project.labels()
        if any(label.name == name for label in labels):
            self.message.emit(f"There is already a label “{name}”.")
            return
        used_keys = {label.hotkey for label in labels}
        hotkey = next((k for k in "123456789" if k not in used_keys), "")
        palette = label_palette()
        label = Label(name=name, color=color or palette[len(labels) % len(palette)], hotkey=hotkey)
        self._push(f"Add label {name}", lambda: self.session.add_label(label),
                   lambda: self.session.delete_label(name))

    def rename_label(self, old: str, new: str) -> None:
        new = new.strip()
        if not new or new == old:
            return
        project = self.session.project
        if any(label.name == new for label in project.labels() + project.deleted_labels()):
            self.message.emit(f"There is already a label “{new}”.")
            return
        self._push(f"Rename label {old} → {new}", lambda: self.session.update_label(old, new_name=new),
                   lambda: self.session.update_label(new, new_name=old))

    def recolor_label(self, name: str, color: str) -> None:
        old = next(label.color for label in self.session.project.labels() if label.name == name)
        self._push(f"Recolor label {name}", lambda: self.session.update_label(name, color=color),
                   lambda: self.session.update_label(name, color=old))

    def delete_label(self, name: str, confirmed: bool = False) -> None:
        """Deletes a label; if it has spans, asks first (unless already confirmed)."""
        count = self.session.project.label_span_count(name)
        if count and not confirmed:
            box = QMessageBox(QMessageBox.Question, "Delete label",
                              f"“{name}” is on {plural(count, 'span')}. Delete the label and hide those spans?\n"
                              "Undo (Ctrl+Z) or Labels › Restore deleted label brings them back.",
                              QMessageBox.Yes | QMessageBox.Cancel, self.parent_widget)
            box.setObjectName("confirmDeleteLabel")
            box.setTextFormat(Qt.PlainText)
            box.accepted.connect(lambda: self.delete_label(name, confirmed=True))
            self.pending = box
            box.open()
            return
        self._push(f"Delete label {name}", lambda: self.session.delete_label(name),
                   lambda: self.session.restore_label(name))

    def restore_label(self, name: str) -> None:
        self._push(f"Restore label {name}", lambda: self.session.restore_label(name),
                   lambda: self.session.delete_label(name))

    def _push(self, text: str, do: Callable[[], object], undo: Callable[[], object]) -> None:
        self.history.push(FunctionCommand(self.session, text, do, undo))

    # -- the menu ------------------------------------------------------------------------

    def fill_menu(self, menu: QMenu) -> None:
        """Adds the codebook entries below the label actions of the Labels menu."""
        labels = self.session.project.labels()
        menu.addSeparator()
        add = menu.addAction("Add label…")
        add.triggered.connect(self._ask_new_label)
        for title, handler in (("Rename", self._ask_rename), ("Change color", self._ask_color),
                               ("Delete", lambda name: self.delete_label(name))):
            submenu = menu.addMenu(title)
            for label in labels:
                action: QAction = submenu.addAction(swatch(label.color), label.name)
                action.triggered.connect(lambda _=False, n=label.name, h=handler: h(n))
        deleted = self.session.project.deleted_labels()
        if deleted:
            submenu = menu.addMenu("Restore deleted label")
            for label in deleted:
                action = submenu.addAction(swatch(label.color), label.name)
                action.triggered.connect(lambda _=False, n=label.name: self.restore_label(n))

    def _ask_text(self, title: str, prompt: str, initial: str, done: Callable[[str], None]) -> None:
        dialog = QInputDialog(self.parent_widget)
        dialog.setObjectName("labelNameDialog")
        dialog.setWindowTitle(title)
        dialog.setLabelText(prompt)
        dialog.setTextValue(initial)
        dialog.textValueSelected.connect(done)
        self.pending = dialog
        dialog.open()

    def _ask_new_label(self) -> None:
        self._ask_text("Add label", "Name of the new label:", "", self.add_label)

    def _ask_rename(self, name: str) -> None:
        self._ask_text("Rename label", "New name (its spans keep the label):", name,
                       lambda new: self.rename_label(name, new))

    def _ask_color(self, name: str) -> None:
        current = next(label.color for label in self.session.project.labels() if label.name == name)
        dialog = QColorDialog(QColor(current), self.parent_widget)
        dialog.setObjectName("labelColorDialog")
        dialog.colorSelected.connect(lambda color: self.recolor_label(name, color.name()))
        self.pending = dialog
        dialog.open()

