"""File menu work: import documents, export JSONL, merge a colleague's project.

Each runs one core function (the same as the CLI's); bad input becomes a dialog
and the project stays as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog

from annotator import transfer
from annotator.errors import AnnotatorError
from annotator.ui.dialogs import show_error

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


PROJECT_FILTER = "Annotator projects (*.db *.annotator *.sqlite);;All files (*)"


class FileActions:
    def __init__(self, window: "MainWindow") -> None:
        self.window = window
        self.open_action = self._action("&Open project…", "Ctrl+O", self.open_dialog)
        self.new_action = self._action("&New project…", "Ctrl+N", self.new_dialog)
        self.import_action = self._action("&Import documents…", "Ctrl+I", self.import_dialog)
        self.export_action = self._action("&Export JSONL…", "Ctrl+E", self.export_dialog)
        self.merge_action = self._action("&Merge project…", "Ctrl+M", self.merge_dialog)

    def _action(self, text: str, keys: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    @property
    def actions(self) -> list[QAction]:
        return [self.open_action, self.new_action, self.import_action, self.export_action,
                self.merge_action]

    # -- projects ------------------------------------------------------------------------

    def switch_to(self, path: str | Path):
        """Opens (or creates) another project in a new window and closes this one."""
        from annotator.ui.app import open_window

        window = self.window
        replacement = open_window(Path(path), window.settings, ask=False)
        replacement.show()
        window.successor = replacement  # keeps it alive: the first window is held by run_window
        window.close()
        window.project.close()
        return replacement

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open project", str(self.window.project.path.parent),
                                              PROJECT_FILTER)
        if path:
            self.guarded("Cannot open project", lambda: self.switch_to(path))

    def new_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.window, "New project", str(self.window.project.path.parent),
                                              PROJECT_FILTER)
        if path:
            if Path(path).exists():
                show_error(self.window, "Not created", f"{path} exists already; open it with File › Open.")
                return
            self.guarded("Cannot create project", lambda: self.switch_to(path))

    # -- export --------------------------------------------------------------------------

    def export_to(self, path: str | Path) -> int:
        window = self.window
        count = transfer.export_project(window.project, path)
        window.statusBar().showMessage(f"Exported {count} documents to {path}", 6000)
        return count

    def export_dialog(self) -> None:
        default = str(self.window.project.path.with_suffix(".jsonl"))
        path, _ = QFileDialog.getSaveFileName(self.window, "Export annotations as JSONL", default,
                                              "JSON Lines (*.jsonl)")
        if path:
            self.guarded("Export failed", lambda: self.export_to(path))

    # -- import --------------------------------------------------------------------------

    def import_files(self, paths: list[str]) -> None:
        window = self.window
        report = transfer.import_into(window.project, paths, window.session.analyst.name)
        window.project_changed()
        window.statusBar().showMessage(report.summary(), 8000)

    def import_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self.window, "Import documents", "",
                                                "Texts and JSONL (*.txt *.md *.jsonl)")
        if paths:
            self.guarded("Import failed", lambda: self.import_files(paths))

    # -- merge ---------------------------------------------------------------------------

    def merge_file(self, path: str | Path) -> None:
        window = self.window
        report = window.project.merge_project(path)
        window.project_changed()
        window.statusBar().showMessage(f"Merged {Path(path).name}: {report.summary()}", 10000)
        if report.conflicts:
            show_error(window, "Some documents were not merged", "\n".join(report.conflicts))

    def merge_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Merge another analyst's project", "",
                                              PROJECT_FILTER)
        if path:
            self.guarded("Merge failed", lambda: self.merge_file(path))

    def guarded(self, title: str, action: Callable[[], object]) -> None:
        """Runs a file action; bad input becomes a dialog, and the project stays unchanged."""
        try:
            action()
        except (AnnotatorError, OSError, ValueError) as exc:
            show_error(self.window, title, str(exc))
