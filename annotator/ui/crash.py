"""Failures reach a person: an exception nobody caught is logged and shown, and the window lives on.

Qt calls our slots and event handlers from C++; an exception raised there cannot travel up to
anyone, and PySide hands it to `sys.excepthook`, which by default prints it to a terminal the
analyst never sees. `install_excepthook` replaces that hook: the traceback goes to the log file,
and a non-blocking dialog says what failed, where in our code, and where the log is.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QTimer, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

import annotator

log = logging.getLogger(__name__)
_PACKAGE = Path(annotator.__file__).resolve().parent

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]
_open_boxes: list[QMessageBox] = []   # a parentless box lives as long as a Python reference to it


def install_excepthook(log_path: Path | None) -> None:
    """Routes uncaught exceptions to the log and a dialog, then to the hook that was there before
    (which prints them). Installing again replaces our hook rather than stacking a second one."""
    previous = getattr(sys.excepthook, "previous", sys.excepthook)

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        try:
            log.error("Uncaught exception at %s", where(tb), exc_info=(exc_type, exc, tb))
            _show_on_gui_thread((exc_type, exc, tb), log_path)
        finally:
            previous(exc_type, exc, tb)

    hook.previous = previous  # type: ignore[attr-defined]
    sys.excepthook = hook


def where(tb: TracebackType | None) -> str:
    """The innermost frame in Annotator's own code as "annotator/ui/x.py:123 in name" (the
    innermost frame at all when none is ours, e.g. an error inside a library's call)."""
    frames = traceback.extract_tb(tb)
    if not frames:
        return "unknown location"
    ours = [f for f in frames if _is_ours(f.filename)]
    frame = (ours or frames)[-1]
    path = Path(frame.filename)
    shown = path.resolve().relative_to(_PACKAGE.parent).as_posix() if _is_ours(frame.filename) else path.name
    return f"{shown}:{frame.lineno} in {frame.name}"


def crash_message(exc_info: ExcInfo, log_path: Path | None) -> str:
    exc_type, exc, tb = exc_info
    what = f"{exc_type.__name__}: {exc}" if str(exc) else exc_type.__name__
    logged = f"The details are in the log file:\n{log_path}" if log_path else "No log file is set up."
    return (f"Something went wrong, and what you were doing may not have finished.\n\n"
            f"{what}\nat {where(tb)}\n\n{logged}\n\n"
            "Annotator is still running, and everything shown as saved is in the project file.")


def show_crash_dialog(exc_info: ExcInfo, log_path: Path | None) -> QMessageBox | None:
    """A non-modal box (objectName "crashDialog", plain text). While one is open, later failures are
    only logged: a failing paint event must not open a dialog per frame."""
    app = QApplication.instance()
    if app is None:
        return None
    for widget in app.topLevelWidgets():
        if widget.objectName() == "crashDialog" and widget.isVisible():
            return None
    box = QMessageBox(QMessageBox.Critical, "Annotator: unexpected error", crash_message(exc_info, log_path),
                      QMessageBox.Ok, app.activeWindow())
    box.setObjectName("crashDialog")
    box.setTextFormat(Qt.PlainText)
    box.setTextInteractionFlags(Qt.TextSelectableByMouse)
    box.setDetailedText("".join(traceback.format_exception(*exc_info)))
    box.setWindowModality(Qt.NonModal)
    _open_boxes.append(box)
    box.finished.connect(lambda _result: _open_boxes.remove(box) if box in _open_boxes else None)
    box.show()
    return box


def _show_on_gui_thread(exc_info: ExcInfo, log_path: Path | None) -> None:
    app = QApplication.instance()
    if app is None:
        return
    if threading.current_thread() is threading.main_thread():  # the GUI thread
        show_crash_dialog(exc_info, log_path)
    else:
        QTimer.singleShot(0, app, lambda: show_crash_dialog(exc_info, log_path))


def _is_ours(filename: str) -> bool:
    try:
        return Path(filename).resolve().is_relative_to(_PACKAGE)
    except (OSError, ValueError):
        return False
