"""The log file: one rotating file in the data folder, set up once."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler

import pytest

from annotator import applog


@pytest.fixture(autouse=True)
def no_log_left_behind():
    yield
    applog.stop_logging()


def handlers() -> list[RotatingFileHandler]:
    return [h for h in logging.getLogger("annotator").handlers if isinstance(h, RotatingFileHandler)]


def test_logs_to_annotator_log_in_the_folder(tmp_path):
    path = applog.setup_logging(tmp_path / "data")
    logging.getLogger("annotator.ui.app").info("opened %s", "interview.db")
    assert path == (tmp_path / "data" / "annotator.log").resolve()
    assert applog.log_path() == path
    assert "opened interview.db" in path.read_text(encoding="utf-8")


def test_setting_up_twice_adds_no_second_handler(tmp_path):
    applog.setup_logging(tmp_path)
    applog.setup_logging(tmp_path)
    logging.getLogger("annotator").warning("once")
    assert len(handlers()) == 1
    assert (tmp_path / "annotator.log").read_text(encoding="utf-8").count("once") == 1


def test_another_folder_moves_the_log(tmp_path):
    applog.setup_logging(tmp_path / "a")
    path = applog.setup_logging(tmp_path / "b")
    assert len(handlers()) == 1 and applog.log_path() == path == (tmp_path / "b" / "annotator.log").resolve()


def test_the_file_rotates_at_a_megabyte_keeping_three(tmp_path):
    applog.setup_logging(tmp_path)
    (handler,) = handlers()
    assert (handler.maxBytes, handler.backupCount) == (1_000_000, 3)


def test_no_log_before_setup():
    assert applog.log_path() is None


def test_the_log_module_does_not_import_qt():
    assert not qt_imports(applog)


def qt_imports(module) -> set[str]:
    """What a module imports from Qt or the window, read from its source."""
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(module))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    return {name for name in imported if name.startswith(("PySide6", "annotator.ui"))}
