"""An exception nobody caught: logged with its traceback, shown in a dialog, and the window lives on.

pytest-qt turns exceptions in slots into test failures by installing its own hook; these tests
switch that off (qt_no_exception_capture) to see what the analyst would see."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from annotator import applog
from annotator.colors import parse_hex
from annotator.ui.app import application
from annotator.ui.crash import install_excepthook

pytestmark = pytest.mark.qt_no_exception_capture


@pytest.fixture
def hooked(tmp_path, monkeypatch):
    """Our hook installed over a recording one; returns (log path, what reached the old hook)."""
    application()
    reached: list[type[BaseException]] = []
    monkeypatch.setattr(sys, "excepthook", lambda exc_type, exc, tb: reached.append(exc_type))
    path = applog.setup_logging(tmp_path)
    install_excepthook(path)
    yield path, reached
    for box in crash_dialogs():
        box.close()
    applog.stop_logging()


def crash_dialogs() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if w.objectName() == "crashDialog" and w.isVisible()]


def test_an_error_in_a_slot_is_shown_with_where_and_the_log(qtbot, hooked):
    path, _ = hooked
    QTimer.singleShot(0, lambda: parse_hex("teal"))
    qtbot.waitUntil(lambda: len(crash_dialogs()) == 1)
    text = crash_dialogs()[0].text()
    assert "ValueError: not a #RRGGBB colour: 'teal'" in text
    assert "annotator/colors.py:" in text and "in parse_hex" in text
    assert str(path) in text


def test_the_log_file_holds_the_traceback(qtbot, hooked):
    path, _ = hooked
    QTimer.singleShot(0, lambda: parse_hex("teal"))
    qtbot.waitUntil(lambda: bool(crash_dialogs()))
    logged = path.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged and "ValueError: not a #RRGGBB colour" in logged


def test_a_failing_button_leaves_the_window_running(qtbot, hooked):
    button = QPushButton("Recolour")
    qtbot.addWidget(button)
    button.clicked.connect(lambda: parse_hex("teal"))
    button.show()
    qtbot.mouseClick(button, Qt.LeftButton)
    qtbot.waitUntil(lambda: bool(crash_dialogs()))
    ran: list[bool] = []
    QTimer.singleShot(0, lambda: ran.append(True))
    qtbot.waitUntil(lambda: ran == [True])   # the event loop goes on
    assert not crash_dialogs()[0].isModal()


def test_the_previous_hook_still_hears_of_it(qtbot, hooked):
    _, reached = hooked
    QTimer.singleShot(0, lambda: parse_hex("teal"))
    qtbot.waitUntil(lambda: reached == [ValueError])


def test_the_message_is_plain_text_never_html(qtbot, hooked):
    def fail() -> None:
        raise RuntimeError("<b>bold</b> &amp;")

    QTimer.singleShot(0, fail)
    qtbot.waitUntil(lambda: bool(crash_dialogs()))
    box = crash_dialogs()[0]
    assert box.textFormat() == Qt.PlainText
    assert "RuntimeError: <b>bold</b> &amp;" in box.text()


def test_a_storm_of_errors_opens_one_dialog_and_logs_them_all(qtbot, hooked):
    path, reached = hooked
    for _ in range(5):
        QTimer.singleShot(0, lambda: parse_hex("teal"))
    qtbot.waitUntil(lambda: len(reached) == 5)
    assert len(crash_dialogs()) == 1
    assert path.read_text(encoding="utf-8").count("Uncaught exception") == 5


def test_installing_twice_does_not_stack_dialogs_or_logs(qtbot, hooked):
    path, reached = hooked
    install_excepthook(path)
    QTimer.singleShot(0, lambda: parse_hex("teal"))
    qtbot.waitUntil(lambda: reached == [ValueError])
    assert path.read_text(encoding="utf-8").count("Uncaught exception") == 1
