"""File › Export… offers what `annotator export` does (every layer, chosen layers, gold, texts
only, the format) and says in a sentence what goes into the file; File › Export texts only…
hands a colleague the documents without spans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from annotator import formats, transfer
from annotator.resources import seed_texts
from annotator.store import Project
from tests.ui.conftest import make_window

ANA_ID, BEN_ID = "analyst-ana", "analyst-ben"
LAYERS = {ANA_ID: [("Engin Ozer", "Actor"), ("ceasefire agreement", "Issue")],
          BEN_ID: [("Engin Ozer", "Actor")]}


@pytest.fixture
def ana(qtbot, tmp_path: Path, settings):
    """Ana's window on a project with her two spans, Ben's one and one gold span."""
    path = tmp_path / "team.db"
    transfer.import_files(path, [seed_texts()[0]], "Ana")
    with Project(path) as project:
        (info,) = project.documents()
        text = project.document(info.id).text
        for analyst_id, name in ((ANA_ID, "Ana"), (BEN_ID, "Ben")):
            project.ensure_annotator(name, analyst_id)
            for phrase, label in LAYERS[analyst_id]:
                start = text.index(phrase)
                project.add_span(info.id, start, start + len(phrase), label, analyst_id)
        start = text.index("Engin Ozer")
        project.decide(info.id, (start, start + 10), "accept", ANA_ID, gold=(start, start + 10, "Actor"))
    window = make_window(qtbot, path, settings)
    yield window
    window.close()
    window.project.close()


@pytest.fixture
def save_as(monkeypatch, tmp_path: Path) -> list[tuple]:
    """The file dialog answers out.jsonl with the first filter it offers; its calls are kept."""
    calls = []

    def answer(parent, title, default, filters):
        calls.append((title, default, filters))
        return str(tmp_path / "out.jsonl"), filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return calls


def open_export(qtbot, window):
    qtbot.keyClick(window.document_view, Qt.Key_E, Qt.ControlModifier)
    dialog = window.findChild(QDialog, "exportDialog")
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def pick(qtbot, button) -> None:
    """A click on a radio button's circle."""
    qtbot.mouseClick(button, Qt.LeftButton, pos=QPoint(8, button.height() // 2))
    assert button.isChecked()


def exported_spans(tmp_path: Path) -> list[tuple[str, str]]:
    (line,) = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    return [(s["annotator"], s["label"]) for s in json.loads(line)["spans"]]


def test_it_says_every_layer_goes_in_and_that_they_overlap(qtbot, ana):
    dialog = open_export(qtbot, ana)
    assert dialog.summary.text() == "1 document with Ana's, Ben's and gold spans, 4 spans, JSON Lines"
    assert "The layers overlap: each span names its analyst" in dialog.note.text()
    assert [dialog.format.itemData(i) for i in range(dialog.format.count())] == list(formats.writer_names())


def test_chosen_analysts_only(qtbot, ana, save_as, tmp_path):
    dialog = open_export(qtbot, ana)
    pick(qtbot, dialog.chosen)
    assert dialog.summary.text() == "1 document, no spans, JSON Lines"
    assert not dialog.export_button.isEnabled()
    dialog.layer_model.item(1).setCheckState(Qt.Checked)        # Ben
    assert dialog.summary.text() == "1 document with Ben's spans, 1 span, JSON Lines"
    assert dialog.note.text() == ""
    qtbot.mouseClick(dialog.export_button, Qt.LeftButton)
    assert exported_spans(tmp_path) == [("Ben", "Actor")]
    assert save_as[0][2] == formats.save_filter("jsonl")
    assert ana.statusBar().currentMessage() == f"Exported the 1 document to {tmp_path / 'out.jsonl'}"


def test_the_gold_layer_with_an_analyst(qtbot, ana, save_as, tmp_path):
    dialog = open_export(qtbot, ana)
    dialog.choose_layers(["gold", ANA_ID])
    assert dialog.summary.text() == "1 document with Ana's and gold spans, 3 spans, JSON Lines"
    qtbot.mouseClick(dialog.export_button, Qt.LeftButton)
    assert sorted(exported_spans(tmp_path)) == [("Ana", "Actor"), ("Ana", "Issue"), ("gold", "Actor")]


def test_texts_only_from_the_dialog(qtbot, ana, save_as, tmp_path):
    dialog = open_export(qtbot, ana)
    pick(qtbot, dialog.texts)
    assert dialog.summary.text() == "1 document, texts only (no spans), JSON Lines"
    qtbot.mouseClick(dialog.export_button, Qt.LeftButton)
    assert exported_spans(tmp_path) == []
    assert save_as[0][1].endswith("team-texts.jsonl")


def test_export_texts_only_in_the_file_menu(qtbot, ana, save_as, tmp_path):
    file_menu = next(a.menu() for a in ana.menuBar().actions() if a.text() == "&File")
    next(a for a in file_menu.actions() if a.text() == "Export &texts only…").trigger()
    assert exported_spans(tmp_path) == []
    record = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert record["text"] == ana.document.text
    assert ana.statusBar().currentMessage().startswith("Exported the texts of 1 document to ")


def test_cancel_writes_nothing(qtbot, ana, save_as, tmp_path):
    dialog = open_export(qtbot, ana)
    dialog.reject()
    assert save_as == [] and not (tmp_path / "out.jsonl").exists()
