"""The File menu's work: open or create a project, import documents, export, merge.

Imports and merges write through the session (which tells the window what changed);
export runs the same core function as the CLI. Bad input becomes a dialog and the
project stays as it was. Opening another project is not this object's business: it
asks for it with `open_requested`, and whoever makes windows answers.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from annotator import formats, transfer
from annotator.errors import AnnotatorError
from annotator.ui.actions import ActionCollection
from annotator.ui.dialogs import show_error
from annotator.wording import plural

if TYPE_CHECKING:
    from annotator.ui.session import ProjectSession

PROJECT_FILTER = "Annotator projects (*.db *.annotator *.sqlite);;All files (*)"


class FileActions(QObject):
    open_requested = Signal(str)    # a project file to open (or create) in place of this one
    message = Signal(str)

    def __init__(self, session: ProjectSession, parent: QWidget) -> None:
        super().__init__(parent)
        self.session = session
        self.parent_widget = parent
        self.actions = ActionCollection("file", "File", parent)
        self.actions.add("open", "&Open project…", ["Ctrl+O"], self.open_dialog)
        self.actions.add("new", "&New project…", ["Ctrl+N"], self.new_dialog)
        self.actions.add("import", "&Import documents…", ["Ctrl+I"], self.import_dialog)
        self.actions.add("export", "&Export…", ["Ctrl+E"], self.export_dialog)
        self.actions.add("merge", "&Merge project…", ["Ctrl+M"], self.merge_dialog)

    @property
    def _folder(self) -> str:
        return str(self.session.project.path.parent)

    # -- projects ------------------------------------------------------------------------

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.parent_widget, "Open project", self._folder, PROJECT_FILTER)
        if path:
            self.open_requested.emit(path)

    def new_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.parent_widget, "New project", self._folder, PROJECT_FILTER)
        if not path:
            return
        if Path(path).exists():
            show_error(self.parent_widget, "Not created", f"{path} exists already; open it with File › Open.")
            return
        self.open_requested.emit(path)

    # -- export --------------------------------------------------------------------------

    def export_to(self, path: str | Path, format: str | None = None) -> int:
        count = transfer.export_project(self.session.project, path, format=format)
        self.message.emit(f"Exported {plural(count, 'document')} to {path}")
        return count

    def export_dialog(self) -> None:
        default = str(self.session.project.path.with_suffix(formats.writer_for().default_suffix))
        path, chosen = QFileDialog.getSaveFileName(self.parent_widget, "Export annotations", default,
                                                   formats.save_filter())
        if path:
            self.guarded("Export failed",
                         lambda: self.export_to(path, formats.writer_for_filter(chosen, path).name))

    # -- import --------------------------------------------------------------------------

    def import_files(self, paths: list[str]) -> None:
        report = self.session.import_files(paths)
        self.message.emit(report.summary())

    def import_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self.parent_widget, "Import documents", "",
                                                formats.open_filter())
        if paths:
            self.guarded("Import failed", lambda: self.import_files(paths))

    # -- merge ---------------------------------------------------------------------------

    def merge_file(self, path: str | Path) -> None:
        report = self.session.merge_project(path)
        self.message.emit(f"Merged {Path(path).name}: {report.summary()}")
        if report.conflicts:
            show_error(self.parent_widget, "Some documents were not merged", "\n".join(report.conflicts))

    def merge_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.parent_widget, "Merge another analyst's project", "",
                                              PROJECT_FILTER)
        if path:
            self.guarded("Merge failed", lambda: self.merge_file(path))

    def guarded(self, title: str, action: Callable[[], object]) -> None:
        """Runs a file action; bad input becomes a dialog, and the project stays unchanged."""
        try:
            action()
        except (AnnotatorError, OSError, ValueError) as exc:
            show_error(self.parent_widget, title, str(exc))
