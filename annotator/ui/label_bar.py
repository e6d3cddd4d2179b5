"""The label bar: one button per label with its color and hotkey, plus the snapping toggle."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QSizePolicy, QToolBar, QToolButton, QWidget

from annotator.model import Label


def swatch(color: str, size: int = 14) -> QIcon:
    """A rounded square in the label's color, for buttons, menus and lists."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setBrush(QColor(color))
    painter.setPen(QColor(color).darker(130))
    painter.drawRoundedRect(QRectF(0.5, 0.5, size - 1, size - 1), 3, 3)
    painter.end()
    icon = QIcon(pixmap)
    icon.addPixmap(pixmap, QIcon.Selected)  # the label's own color on a selected row, not a tinted one
    return icon


def label_action_text(label: Label) -> str:
    return f"{label.hotkey}  {label.name}" if label.hotkey else label.name


class LabelBar(QToolBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Labels", parent)
        self.setObjectName("labelBar")
        self.setMovable(False)
        self.setIconSize(QSize(14, 14))
        self.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        self._label_actions: list[QAction] = []

    def set_label_actions(self, actions: list[QAction], trailing: list[QAction]) -> None:
        self.clear()
        self._label_actions = actions
        for action in actions:
            self.addAction(action)
            button = self.widgetForAction(action)
            if isinstance(button, QToolButton):
                button.setObjectName(f"labelButton_{action.data()}")
        spacer = QWidget(self)
        spacer.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        self.addWidget(spacer)
        for action in trailing:
            self.addAction(action)
