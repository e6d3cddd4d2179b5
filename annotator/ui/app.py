"""Starting the window: the Qt application, the demo project, the analyst's name."""

from __future__ import annotations

import logging
import os
import sys
import uuid
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication, QProgressDialog

from annotator import transfer
from annotator.applog import setup_logging
from annotator.errors import AnnotatorError
from annotator.model import Annotator
from annotator.store import Project
from annotator.ui.crash import install_excepthook
from annotator.ui.settings import APPLICATION, ORGANIZATION, THEME_KEY, settings
from annotator.ui.theme import apply_theme

DEMO_FILE = "demo.annotator.db"
log = logging.getLogger(__name__)


def data_dir() -> Path:
    """Where the demo project lives: $ANNOTATOR_DATA_DIR, else the platform's app data folder."""
    override = os.environ.get("ANNOTATOR_DATA_DIR")
    if override:
        return Path(override)
    return Path(QStandardPaths.writableLocation(QStandardPaths.AppDataLocation))


def demo_project_path() -> Path:
    return transfer.build_demo_project(data_dir() / DEMO_FILE)


def application(argv: list[str] | None = None, config: QSettings | None = None) -> QApplication:
    """The Qt application, named, in the theme stored under `view/theme` in `config` (default:
    `settings()`)."""
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    config = config if config is not None else settings()
    apply_theme(app, config.value(THEME_KEY, "system", type=str))
    return app


def analyst_from_settings(settings: QSettings, ask: bool = True) -> Annotator:
    """The analyst's stable id and name: asked once, then remembered in the settings."""
    name = settings.value("analyst/name", "", type=str)
    if not name:
        default = os.environ.get("ANNOTATOR_ANALYST") or transfer.default_analyst()
        name = default
        if ask and not os.environ.get("ANNOTATOR_ANALYST"):
            from annotator.ui.dialogs import ask_analyst_name

            name = ask_analyst_name(None, default) or default
        settings.setValue("analyst/name", name)
    analyst_id = settings.value("analyst/id", "", type=str)
    if not analyst_id:
        analyst_id = str(uuid.uuid4())
        settings.setValue("analyst/id", analyst_id)
    settings.sync()
    return Annotator(id=analyst_id, name=name)


def open_window(project_path: Path, settings: QSettings, ask: bool = True):
    """Opens the project and its window; the caller shows it."""
    from annotator.ui.main_window import MainWindow
    from annotator.ui.session import ProjectSession

    log.info("Opening project %s", project_path)
    project = _open_with_progress(project_path)
    wanted = analyst_from_settings(settings, ask=ask)
    # By id: a name changed in another project follows here, unless another analyst has it.
    analyst = project.ensure_annotator(wanted.name, wanted.id)
    session = ProjectSession(project, analyst)
    window = MainWindow(session, settings)
    if analyst.name != wanted.name:
        window.status.say(f"In {project_path.name} you are still “{analyst.name}”: “{wanted.name}” is "
                          "another analyst's name here (File › Analyst name… chooses another).")
    window.open_requested.connect(lambda path: replace_window(window, path))
    return window


def _open_with_progress(project_path: Path) -> Project:
    """Opens the project; a long migration (building the search index of a big older project)
    shows a progress dialog while it runs."""
    from annotator.store.schema import migration_progress

    shown: list[QProgressDialog] = []

    def report(what: str, done: int, total: int) -> None:
        if not shown:
            dialog = QProgressDialog(f"{project_path.name}: {what.lower()}…", "", 0, total)
            dialog.setCancelButton(None)    # one transaction: it finishes or leaves the file as it was
            dialog.setMinimumDuration(0)
            shown.append(dialog)
        shown[0].setValue(done)
        QApplication.processEvents()

    token = migration_progress.set(report)
    try:
        return Project(project_path)
    finally:
        migration_progress.reset(token)
        for dialog in shown:
            dialog.close()


def replace_window(window, path: str | Path):
    """File › Open or New: the other project in a new window, which takes this one's place.
    If it cannot be opened, an error box says why and this window stays."""
    from annotator.ui.dialogs import show_error

    try:
        replacement = open_window(Path(path), window.settings, ask=False)
    except AnnotatorError as exc:
        show_error(window, "Cannot open project", str(exc))
        return None
    replacement.show()
    window.successor = replacement  # keeps it alive: the first window is held by run_window
    window.close()
    window.project.close()
    return replacement


def run_window(project_path: Path | None) -> int:
    """The `annotator [PROJECT]` command. The log and the crash dialog are set up as soon as
    the application has its name, which the data folder depends on."""
    config = settings()
    app = application(config=config)
    install_excepthook(setup_logging(data_dir()))
    log.info("Annotator starting; settings in %s", config.fileName())
    try:
        path = Path(project_path) if project_path else demo_project_path()
        window = open_window(path, config)
    except AnnotatorError as exc:
        from PySide6.QtWidgets import QMessageBox

        log.error("Cannot open project: %s", exc)
        QMessageBox.critical(None, "Cannot open project", str(exc))
        raise
    window.show()
    log.info("Window shown for %s", path)
    return app.exec()
