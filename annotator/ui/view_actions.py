"""The View menu's own actions: snapping selections to words, zooming the text, the theme.

Each choice is remembered in the settings and applied at once: snapping by the
controller, zoom by the text view, the theme by the application's palette.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QApplication

from annotator.ui.actions import ActionCollection
from annotator.ui.settings import THEME_KEY, ZOOM_KEY
from annotator.ui.theme import THEMES, apply_theme, theme_mode

if TYPE_CHECKING:
    from annotator.ui.controller import AnnotationController
    from annotator.ui.document_view import DocumentView

SNAP_KEY = "snap_to_words"


class ViewActions(QObject):
    def __init__(self, view: DocumentView, controller: AnnotationController, settings: QSettings,
                 parent: QObject) -> None:
        super().__init__(parent)
        self.settings = settings
        self.controller = controller
        self.actions = ActionCollection("view", "View", parent)
        self.snap_action = self.actions.add("snap", "Snap to &words", [], self.set_snap, checkable=True,
                                            tip="Widen selections to whole words before tagging")
        self.snap_action.setChecked(settings.value(SNAP_KEY, True, type=bool))
        controller.snap = self.snap_action.isChecked()
        self.zoom = [self.actions.add("zoom_in", "Zoom &in", ["Ctrl++", "Ctrl+="], view.zoom_in),
                     self.actions.add("zoom_out", "Zoom &out", ["Ctrl+-"], view.zoom_out),
                     self.actions.add("zoom_reset", "&Reset zoom", ["Ctrl+0"], view.zoom_reset)]
        view.set_zoom(settings.value(ZOOM_KEY, 0, type=int))
        view.zoomChanged.connect(lambda steps: settings.setValue(ZOOM_KEY, steps))
        self.theme_group = QActionGroup(self)
        current = theme_mode(QApplication.instance())
        for mode in THEMES:
            action = self.actions.add(f"theme_{mode}", f"{mode.capitalize()} theme" if mode != "system"
                                      else "Follow the &system", [], lambda _=False, m=mode: self.set_theme(m))
            action.setCheckable(True)
            action.setChecked(mode == current)
            self.theme_group.addAction(action)

    def set_snap(self, on: bool) -> None:
        self.controller.snap = on
        self.settings.setValue(SNAP_KEY, on)

    def set_theme(self, mode: str) -> None:
        """View › Theme: light, dark, or whatever the system shows; remembered."""
        apply_theme(QApplication.instance(), mode)
        self.settings.setValue(THEME_KEY, mode)
