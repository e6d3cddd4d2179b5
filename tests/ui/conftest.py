"""Fixtures for tests that drive the real window with pytest-qt's keyboard and mouse."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotator import transfer  # noqa: E402
from annotator.resources import seed_texts  # noqa: E402
from annotator.ui.app import application, open_window  # noqa: E402
from annotator.ui.document_view import DocumentView  # noqa: E402

ANALYST = "Ana"


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Settings of our own in tmp_path, with the analyst's name already given."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)
    settings.setValue("analyst/name", ANALYST)
    settings.setValue("analyst/id", "analyst-ana")
    return settings


@pytest.fixture
def interview_project(tmp_path: Path) -> Path:
    path = tmp_path / "interview.db"
    transfer.import_files(path, [seed_texts()[0]], ANALYST)
    return path


def make_window(qtbot, project_path: Path, settings: QSettings):
    application()
    window = open_window(project_path, settings, ask=False)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.document_view.setFocus()
    qtbot.waitUntil(window.document_view.hasFocus)
    return window


@contextmanager
def window_on(qtbot, project_path: Path, settings: QSettings) -> Iterator:
    """The real window on `project_path` while the block runs; closed with its project after."""
    window = make_window(qtbot, project_path, settings)
    try:
        yield window
    finally:
        window.close()
        window.project.close()


@pytest.fixture
def window(qtbot, interview_project: Path, settings: QSettings):
    with window_on(qtbot, interview_project, settings) as window:
        yield window


def click_at_char(qtbot, view: DocumentView, codepoint: int) -> None:
    """A real mouse click on the left edge of character `codepoint` (scrolling it into view)."""
    cursor = view.textCursor()
    cursor.setPosition(view.offsets.to_utf16(codepoint))
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    rect = view.cursorRect(cursor)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=QPoint(rect.left() + 1, rect.center().y()))


def select_words(qtbot, view: DocumentView, phrase: str, occurrence: int = 0) -> tuple[int, int]:
    """Selects `phrase` as an analyst would: a click where it starts, then Shift+Right to its end.
    Returns its code point range."""
    start = -1
    for _ in range(occurrence + 1):
        start = view.text.index(phrase, start + 1)
    click_at_char(qtbot, view, start)
    for _ in range(len(phrase)):
        qtbot.keyClick(view, Qt.Key_Right, Qt.ShiftModifier)
    return start, start + len(phrase)
