"""The File menu's work: open or create a project, import documents, export, merge.

Imports, merges and exports run in the background behind a cancellable progress dialog
(`jobs.py`); imports and merges still write through the session (which tells the window
what changed), and a cancel leaves the project, or the export's file, as it was;
export runs the same core function as the CLI (`transfer.export_project`), after the export
dialog (`export_dialog.py`) has said what goes in: every layer, chosen layers, or the texts
alone (also File › Export texts only…, to hand a colleague documents to code). Bad input becomes a dialog and the
project stays as it was. Opening another project is not this object's business: it
asks for it with `open_requested`, and whoever makes windows answers.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from annotator import formats, transfer
from annotator.errors import AnnotatorError, BadFiles, BadInput, Cancelled
from annotator.formats.tables import is_table
from annotator.ui.actions import ActionCollection
from annotator.ui.column_dialog import ColumnDialog
from annotator.ui.dialogs import show_error
from annotator.ui.export_dialog import ExportChoice, ExportDialog
from annotator.ui.jobs import run_in_background
from annotator.wording import plural

if TYPE_CHECKING:
    from annotator.store import ImportReport
    from annotator.ui.session import ProjectSession, Runner

_LISTED = 12  # bad files named in an error dialog; Show Details has them all
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
        self.actions.add("export_texts", "Export &texts only…", [], self.export_texts_dialog,
                         tip="The documents without any spans, for a colleague to code afresh")
        self.actions.add("merge", "&Merge project…", ["Ctrl+M"], self.merge_dialog)

    def _in_background(self, title: str) -> Runner:
        """Runs a job on its own connection, behind a progress dialog called `title`."""
        return lambda work: run_in_background(self.parent_widget, title, self.session.project.path, work)

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

    def export_to(self, path: str | Path, format: str | None = None, layers: Sequence[str] | None = None,
                  texts_only: bool = False) -> int:
        """Writes `layers` (annotator names or ids; None: every layer), or with `texts_only` the
        documents alone, as `annotator export` does."""
        report = self._in_background("Exporting")(lambda project, progress: transfer.export_annotations(
            project, path, layers or (), format=format, texts_only=texts_only, progress=progress))
        what = "the texts of " if texts_only else "the "
        self.message.emit("; ".join([f"Exported {what}{plural(report.documents, 'document')} to {path}",
                                     *report.notes]))
        return report.documents

    def export_dialog(self) -> ExportDialog:
        """File › Export…: says what goes in, then asks for the file (`export_choice`)."""
        project = self.session.project
        dialog = ExportDialog(project.document_count(), project.annotators(), project.span_counts_by_annotator(),
                              self.parent_widget)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.export_chosen.connect(self.export_choice)
        dialog.open()
        return dialog

    def export_texts_dialog(self) -> None:
        """File › Export texts only…: the documents without spans, asked for a file at once."""
        self.export_choice(ExportChoice((), True, formats.DEFAULT_WRITER))

    def export_choice(self, choice: ExportChoice) -> None:
        project_path = self.session.project.path
        suffix = formats.writer_for(choice.format).default_suffix
        default = project_path.with_name(f"{project_path.stem}{'-texts' if choice.texts_only else ''}{suffix}")
        title = "Export texts only" if choice.texts_only else "Export annotations"
        path, chosen = QFileDialog.getSaveFileName(self.parent_widget, title, str(default),
                                                   formats.save_filter(choice.format))
        if path:
            self.guarded("Export failed", lambda: self.export_to(
                path, formats.writer_for_filter(chosen, path).name, choice.layers, choice.texts_only))

    # -- import --------------------------------------------------------------------------

    def import_files(self, paths: list[str], options: dict | None = None) -> None:
        report = self.session.import_files(paths, options, run=self._in_background("Importing documents"))
        self.message.emit(report.summary())
        self._report_renamed(report)

    def import_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self.parent_widget, "Import documents", "",
                                                formats.open_filter())
        if paths:
            self.guarded("Import failed", lambda: self.import_chosen(paths))

    def import_chosen(self, paths: list[str]) -> None:
        """Imports at once, unless spreadsheets are among the files: then the column dialog asks
        which column is which first, and the import runs when it is accepted."""
        spreadsheets = [path for path in paths if is_table(path)]
        if not spreadsheets:
            self.import_files(paths)
            return
        dialog = ColumnDialog(spreadsheets, self.parent_widget)
        dialog.columns_chosen.connect(
            lambda options: self.guarded("Import failed", lambda: self.import_files(paths, options)))
        dialog.open()

    # -- merge ---------------------------------------------------------------------------

    def merge_file(self, path: str | Path) -> None:
        report = self.session.merge_project(path, run=self._in_background(f"Merging {Path(path).name}"))
        self.message.emit(f"Merged {Path(path).name}: {report.summary()}")
        if report.conflicts:
            show_error(self.parent_widget, "Some documents were not merged", "\n".join(report.conflicts))
        self._report_renamed(report)

    def _report_renamed(self, report: ImportReport) -> None:
        """A colleague brought in as "Ana (2)" must not go unseen: names are unique here."""
        if report.renamed:
            show_error(self.parent_widget, "Analysts of the same name told apart", "\n".join(report.renamed))

    def merge_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.parent_widget, "Merge another analyst's project", "",
                                              PROJECT_FILTER)
        if path:
            self.guarded("Merge failed", lambda: self.merge_file(path))

    def guarded(self, title: str, action: Callable[[], object]) -> None:
        """Runs a file action; bad input becomes a dialog, and the project stays unchanged."""
        try:
            action()
        except Cancelled:
            what = title.split()[0]  # "Import", "Export", "Merge"
            self.message.emit(f"{what} cancelled: " + ("no file was written" if what == "Export"
                                                       else "the project is as it was"))
        except BadFiles as exc:  # every bad file of an import: by name here, full paths in the details
            lines = [_by_name(problem) for problem in exc.problems]
            shown = "\n".join(lines[:_LISTED]) + (f"\n… and {len(lines) - _LISTED} more (Show Details)"
                                                   if len(lines) > _LISTED else "")
            show_error(self.parent_widget, title, f"{exc.headline}\n\n{shown}",
                       details="\n".join(str(problem) for problem in exc.problems))
        except (AnnotatorError, OSError, ValueError) as exc:
            show_error(self.parent_widget, title, str(exc))


def _by_name(problem: AnnotatorError) -> str:
    """`• talks.pdf: reason` (with `:line` where there is one): a bad file by its name."""
    if isinstance(problem, BadInput):
        return f"• {Path(problem.path).name}{f':{problem.line}' if problem.line else ''}: {problem.reason}"
    return f"• {problem}"
