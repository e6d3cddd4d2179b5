"""Text from documents, codebooks and analysts is shown as text, never as HTML.

Qt guesses: a QLabel, a tooltip or a message box whose string looks like markup
(`Qt::mightBeRichText`) is rendered as rich text. So a document quoting "<b>" or a
label named "<i>Claim</i>" would be rendered, not shown. Labels that carry such
strings are made plain (`plain_label`), and tooltips are escaped (`plain_tooltip`).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def plain_label(parent: QWidget | None = None, text: str = "") -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.PlainText)
    label.setText(text)
    return label


def plain_tooltip(text: str) -> str:
    """A tooltip that shows `text` exactly, line breaks and angle brackets included."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"
