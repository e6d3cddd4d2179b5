"""Small dialogs: errors shown without blocking, and the analyst's name asked once."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

log = logging.getLogger(__name__)


def show_error(parent: QWidget, title: str, message: str, details: str = "") -> QMessageBox:
    """A window-modal error box that does not block the event loop (tests can find and close it).
    The message is plain text: file contents quoted in it are never read as HTML. It goes to the
    log file too, so that a report can say what the analyst saw. `details`, if any, is behind
    the box's Show Details button (a long list)."""
    log.warning("%s: %s", title, details or message)
    box = QMessageBox(QMessageBox.Warning, title, message, QMessageBox.Ok, parent)
    box.setTextFormat(Qt.PlainText)
    if details:
        box.setDetailedText(details)
    box.setObjectName("errorDialog")
    box.open()
    return box


def ask_analyst_name(parent: QWidget | None, default: str) -> str | None:
    """Asks the analyst's name once; it is recorded on every span they make."""
    name, ok = QInputDialog.getText(
        parent, "Who is annotating?",
        "Your name is recorded on every span you make, so that colleagues' work can be\n"
        "compared and merged. You can change it later under File › Analyst name…",
        text=default)
    name = name.strip()
    return name if ok and name else None
