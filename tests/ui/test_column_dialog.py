"""File › Import… with a spreadsheet: the analyst says which column is the text and which the id."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from tests.files import snapshot

ROWS = [["url", "headline", "lede", "outlet"],
        ["https://news.example/1", "Talks", "Kyiv 🇺🇦 said:\r\n\"no ceasefire\".", "Wire"],
        ["https://news.example/2", "שיחות", "\ufeffJose\u0301 said\u2028yes 👩‍👩‍👧.", "Daily"]]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "articles.csv", ROWS)


def choose_in_import_dialog(qtbot, window, monkeypatch, *paths: Path) -> QDialog | None:
    """Ctrl+I, the files picked in the file dialog; returns our column dialog if it opened."""
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(p) for p in paths], ""))
    qtbot.keyClick(window.document_view, Qt.Key_I, Qt.ControlModifier)
    dialog = window.findChild(QDialog, "columnDialog")
    if dialog is not None:
        qtbot.waitUntil(dialog.isVisible)
    return dialog


def pick(qtbot, dialog: QDialog, combo_name: str, column: str) -> None:
    """Types the column's name into the combo box, as a keyboard user picks an entry."""
    combo = dialog.findChild(object, combo_name)
    combo.setFocus()
    qtbot.keyClicks(combo, column)
    assert combo.currentText().startswith(column)


def imported(window) -> dict[str, tuple[str, str, dict]]:
    return {d.external_id: (d.text, d.title, d.meta)
            for d in (window.project.document(info.id) for info in window.project.documents())}


def test_choosing_the_columns_imports_one_document_per_row(qtbot, window, monkeypatch, articles):
    dialog = choose_in_import_dialog(qtbot, window, monkeypatch, articles)
    assert window.document_model.rowCount() == 1   # nothing imported while the dialog asks
    pick(qtbot, dialog, "textColumn", "lede")
    pick(qtbot, dialog, "idColumn", "url")
    qtbot.mouseClick(dialog.import_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: window.document_model.rowCount() == 3)
    docs = imported(window)
    assert docs["https://news.example/2"] == (ROWS[2][2], "", {"headline": "שיחות", "outlet": "Daily"})
    assert docs["https://news.example/1"][0] == "Kyiv 🇺🇦 said:\r\n\"no ceasefire\"."


def test_the_dialog_preselects_text_and_id_columns_by_their_names(qtbot, window, monkeypatch, tmp_path):
    path = write_csv(tmp_path / "wire.csv", [["section", "Body", "ID"], ["world", "Words.", "w1"]])
    dialog = choose_in_import_dialog(qtbot, window, monkeypatch, path)
    assert (dialog.text_combo.currentText(), dialog.id_combo.currentText()) == ("Body", "ID")
    assert dialog.model.headerData(1, Qt.Horizontal) == "Body (text)"
    qtbot.keyClick(dialog, Qt.Key_Return)   # Import is the default: the defaults are enough
    qtbot.waitUntil(lambda: window.document_model.rowCount() == 2)
    assert imported(window)["w1"] == ("Words.", "", {"section": "world"})


def test_cancel_leaves_the_project_unchanged(qtbot, window, monkeypatch, articles):
    before = snapshot(window.project.path)
    dialog = choose_in_import_dialog(qtbot, window, monkeypatch, articles)
    qtbot.keyClick(dialog, Qt.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.document_model.rowCount() == 1
    assert snapshot(window.project.path) == before


def test_import_waits_for_a_text_column_and_refuses_the_same_column_twice(qtbot, window, monkeypatch, articles):
    dialog = choose_in_import_dialog(qtbot, window, monkeypatch, articles)
    assert dialog.text_combo.currentIndex() == -1 and not dialog.import_button.isEnabled()
    pick(qtbot, dialog, "textColumn", "lede")
    assert dialog.import_button.isEnabled()
    pick(qtbot, dialog, "idColumn", "lede")
    assert not dialog.import_button.isEnabled()
    dialog.reject()


def test_rows_numbered_when_no_id_column_is_chosen(qtbot, window, monkeypatch, tmp_path):
    path = write_csv(tmp_path / "press.csv", [["id", "text"], ["same", "One."], ["same", "Two."]])
    dialog = choose_in_import_dialog(qtbot, window, monkeypatch, path)
    pick(qtbot, dialog, "idColumn", "None")
    qtbot.mouseClick(dialog.import_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: window.document_model.rowCount() == 3)
    assert {key: meta for key, (_, _, meta) in imported(window).items() if key.startswith("press")} == {
        "press-2": {"id": "same"}, "press-3": {"id": "same"}}


def test_a_bad_row_is_shown_and_nothing_is_imported(qtbot, window, monkeypatch, tmp_path, articles):
    bad = write_csv(tmp_path / "bad.csv", [["url", "headline", "lede", "outlet"], ["x", "T", "", "W"]])
    before = snapshot(window.project.path)
    dialog = choose_in_import_dialog(qtbot, window, monkeypatch, articles, bad)
    pick(qtbot, dialog, "textColumn", "lede")
    qtbot.mouseClick(dialog.import_button, Qt.LeftButton)
    box = window.findChild(QMessageBox, "errorDialog")
    qtbot.waitUntil(box.isVisible)
    assert box.text() == f"{bad}:2: row 2: the text (column 'lede') is empty"
    assert snapshot(window.project.path) == before


def test_a_spreadsheet_that_cannot_be_read_is_reported_before_any_question(qtbot, window, monkeypatch, tmp_path):
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    assert choose_in_import_dialog(qtbot, window, monkeypatch, empty) is None
    box = window.findChild(QMessageBox, "errorDialog")
    qtbot.waitUntil(box.isVisible)
    assert box.text() == f"{empty}: the file is empty"


def test_a_workbook_is_asked_about_too(qtbot, window, monkeypatch, tmp_path):
    workbook = openpyxl.Workbook()
    for row in ROWS:
        workbook.active.append([cell.replace("\r", "_x000D_") for cell in row])
    workbook.save(tmp_path / "articles.xlsx")
    dialog = choose_in_import_dialog(qtbot, window, monkeypatch, tmp_path / "articles.xlsx")
    pick(qtbot, dialog, "textColumn", "lede")
    qtbot.mouseClick(dialog.import_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: window.document_model.rowCount() == 3)
    assert imported(window)["https://news.example/1"][0] == ROWS[1][2]
