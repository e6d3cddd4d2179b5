"""Document text, label names, analysts' names and comments are shown as text, never as HTML."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel

from annotator import transfer
from tests.ui.conftest import make_window, select_words

MARKUP_TEXT = "The memo said <b>ceasefire</b> & <i>withdrawal</i> <script>alert(1)</script> now.\n"


@pytest.fixture
def markup_window(qtbot, tmp_path: Path):
    source = tmp_path / "memo.txt"
    source.write_text("date 2025-01-02 <h1>Memo</h1>\n" + MARKUP_TEXT, encoding="utf-8")
    project = tmp_path / "markup.db"
    transfer.import_files(project, [source], "<b>Ana</b>")
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    settings.setValue("analyst/name", "<b>Ana</b>")
    window = make_window(qtbot, project, settings)
    window.label_editor.rename_label("Claim", "<i>Claim</i>")
    yield window
    window.project.close()


def user_text_labels(window) -> list[QLabel]:
    """Labels that show a string with markup in it (the review and suggestion panels' fixed key help
    aside)."""
    return [label for label in window.findChildren(QLabel)
            if ("<b>" in label.text() or "<i>" in label.text())
            and label.objectName() not in ("reviewKeys", "suggestionKeys")]


def test_document_markup_is_shown_literally(markup_window):
    assert markup_window.document_view.toPlainText() == MARKUP_TEXT
    assert markup_window.document.title == "<h1>Memo</h1>"


def test_labels_showing_user_text_are_plain(qtbot, markup_window):
    select_words(qtbot, markup_window.document_view, "<b>ceasefire</b>")
    qtbot.keyClick(markup_window.document_view, Qt.Key_1)
    labels = user_text_labels(markup_window)
    assert labels, "the status bar should show the analyst's and the label's names"
    assert [(label.objectName(), label.parent().objectName(), label.text()) for label in labels
            if label.textFormat() != Qt.PlainText] == []


def test_tooltips_escape_markup(qtbot, markup_window):
    select_words(qtbot, markup_window.document_view, "<b>ceasefire</b>")
    qtbot.keyClick(markup_window.document_view, Qt.Key_1)
    qtbot.waitUntil(lambda: markup_window.span_model.rowCount() == 1)
    tooltip = markup_window.span_model.index(0, 1).data(Qt.ToolTipRole)
    assert "&lt;b&gt;ceasefire&lt;/b&gt;" in tooltip and "<b>" not in tooltip
    doc_tooltip = markup_window.document_model.index(0).data(Qt.ToolTipRole)
    assert "&lt;h1&gt;Memo&lt;/h1&gt;" in doc_tooltip
    label_tooltip = markup_window.label_actions[0].toolTip()
    assert "&lt;i&gt;Claim&lt;/i&gt;" in label_tooltip


def test_span_list_shows_markup_as_typed(qtbot, markup_window):
    select_words(qtbot, markup_window.document_view, "<b>ceasefire</b>")
    qtbot.keyClick(markup_window.document_view, Qt.Key_1)
    model = markup_window.span_model
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert [model.index(0, c).data() for c in range(3)] == ["<i>Claim</i>", "<b>ceasefire</b>", "<b>Ana</b>"]
