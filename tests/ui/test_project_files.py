"""The demo project, the analyst's name, and File › Merge project… in the window."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from annotator import transfer
from annotator.store import Project
from annotator.ui.app import analyst_from_settings, demo_project_path
from tests.ui.conftest import make_window, select_words


def test_the_demo_project_is_made_once_from_the_sample_texts(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(tmp_path / "data"))
    path = demo_project_path()
    with Project(path) as project:
        titles = [d.title for d in project.documents()]
        project.add_span(project.documents()[0].id, 0, 7, "Actor", project.ensure_annotator("Ana").id)
    assert titles == ["Peace or pause? What the U.S. and Russia agreed on"]
    assert demo_project_path() == path          # made once: the analyst's work there is kept
    with Project(path) as project:
        assert [s.annotator for s in project.spans(project.documents()[0].id) if s.annotator == "Ana"] == ["Ana"]


def test_the_demo_opens_with_the_example_layers_ready_for_review(qtbot, tmp_path: Path, settings, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(tmp_path / "data"))
    window = make_window(qtbot, demo_project_path(), settings)
    try:
        shown = {s.annotator for s in window.spans()}
        assert shown == {"Example A", "Example B"}       # the analyst's own layer is empty
        assert len(window.document_view.index) == len(window.spans()) == 27
        assert window.status.counts.text() == "This document: 27 spans (Claim 8 · Actor 10 · Issue 9)"
        qtbot.keyClick(window.document_view, Qt.Key_R, Qt.ControlModifier)
        window.review.choose(["example-analyst-a", "example-analyst-b"])
        assert window.review.summary.text() == "15 findings · 9 agreed · 6 disagreements still to decide"
    finally:
        window.close()
        window.project.close()


def test_opening_a_new_path_creates_an_empty_project(qtbot, tmp_path: Path, settings):
    window = make_window(qtbot, tmp_path / "fresh.db", settings)
    assert (tmp_path / "fresh.db").exists()
    assert window.document is None and window.spans() == []
    assert [label.name for label in window.project.labels()] == ["Claim", "Actor", "Issue"]
    window.project.close()


def test_the_analyst_is_remembered_with_a_stable_id(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_ANALYST", "Ana")
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    first = analyst_from_settings(settings, ask=False)
    again = analyst_from_settings(QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat), ask=False)
    assert first.name == "Ana" and again == first


def test_renaming_the_analyst_keeps_their_spans(qtbot, window):
    select_words(qtbot, window.document_view, "Engin Ozer")
    qtbot.keyClick(window.document_view, Qt.Key_2)
    dialog = window.ask_analyst_name()
    dialog.setTextValue("Ana Lyst")
    dialog.accept()
    assert [s.annotator for s in window.spans()] == ["Ana Lyst"]
    assert window.settings.value("analyst/name") == "Ana Lyst"
    assert [a.name for a in window.project.annotators()] == ["Ana Lyst"]


def colleague_project(tmp_path: Path, text: str, phrase: str, external_id: str) -> Path:
    start = text.index(phrase)
    record = {"id": external_id, "text": text,
              "spans": [{"start": start, "end": start + len(phrase), "label": "Claim", "annotator": "Ben"}]}
    source = tmp_path / f"{external_id}.jsonl"
    source.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    path = tmp_path / f"ben-{external_id}.db"
    transfer.import_files(path, [source], "Ben")
    return path


def test_merging_a_colleagues_project_from_the_window(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    other = colleague_project(tmp_path, window.document.text, "De-escalation is already underway",
                              window.document.external_id)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    qtbot.keyClick(window.document_view, Qt.Key_M, Qt.ControlModifier)
    assert [(s.annotator, s.label) for s in window.spans()] == [("Ben", "Claim")]
    qtbot.keyClick(window.document_view, Qt.Key_M, Qt.ControlModifier)      # again: nothing added
    assert len(window.spans()) == 1


def test_a_conflicting_document_is_reported_not_merged(qtbot, window, tmp_path):
    other = colleague_project(tmp_path, "A different text under the same id.", "different text",
                              window.document.external_id)
    window.files.merge_file(other)
    box = window.findChild(QMessageBox, "errorDialog")
    qtbot.waitUntil(box.isVisible)
    assert "different text" in box.text() and window.document.external_id in box.text()
    assert window.spans() == [] and len(window.project.documents()) == 1


def test_file_open_switches_to_another_project(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    other = tmp_path / "other.db"
    source = tmp_path / "memo.txt"
    source.write_text("A short memo about border security.", encoding="utf-8")
    transfer.import_files(other, [source], "Ana")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    qtbot.keyClick(window.document_view, Qt.Key_O, Qt.ControlModifier)
    replacement = window.successor
    qtbot.addWidget(replacement)
    assert replacement.isVisible() and not window.isVisible()
    assert replacement.document.text == "A short memo about border security."
    replacement.project.close()


def test_file_open_of_a_text_file_says_to_import_it_and_keeps_this_window(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    notes = tmp_path / "notes.txt"
    notes.write_text("My notes on the talks.", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(notes), ""))
    qtbot.keyClick(window.document_view, Qt.Key_O, Qt.ControlModifier)
    box = window.findChild(QMessageBox, "errorDialog")
    qtbot.waitUntil(box.isVisible)
    assert box.windowTitle() == "Cannot open project"
    assert f"add it to a project with `annotator import PROJECT {notes}`" in box.text()
    assert "File › Import documents…" in box.text()
    assert window.isVisible() and notes.read_text(encoding="utf-8") == "My notes on the talks."
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("notes")) == ["notes.txt"]


def test_import_dialog_offers_every_readable_format(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from annotator import formats

    offered = []
    memo = tmp_path / "memo.md"
    memo.write_text("A memo on the Black Sea grain deal.", encoding="utf-8")

    def choose(parent, title, folder, filters):
        offered.append(filters)
        return [str(memo)], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", choose)
    qtbot.keyClick(window.document_view, Qt.Key_I, Qt.ControlModifier)
    assert offered == [formats.open_filter()]
    assert all(f"*{suffix}" in offered[0] for suffix in formats.readable_suffixes())
    assert window.document_model.rowCount() == 2


def test_export_dialog_writes_the_format_chosen_in_it(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from annotator import formats

    out = tmp_path / "out.data"   # a suffix no writer claims: the dialog's choice decides
    jsonl_entry = formats.writer_for("jsonl").filter
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), jsonl_entry))
    qtbot.keyClick(window.document_view, Qt.Key_E, Qt.ControlModifier)
    dialog = window.findChild(QDialog, "exportDialog")
    qtbot.waitUntil(dialog.isVisible)
    qtbot.mouseClick(dialog.export_button, Qt.LeftButton)
    record = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert record["id"] == window.document.external_id
