"""File › Export… for the formats of one layer (spaCy, IOB, Hugging Face): the analyst picks
one analyst or gold in the dialog, and the export works; no command-line flag is ever named."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from tests.ui.test_export_dialog import ANA_ID, BEN_ID, ana, open_export  # noqa: F401 (fixture)


@pytest.fixture
def save_iob_as(monkeypatch, tmp_path: Path) -> Path:
    out = tmp_path / "out.iob"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, title, default, filters: (str(out), filters.split(";;")[0]))
    return out


def test_a_format_of_one_layer_takes_one_analyst(qtbot, ana, save_iob_as):  # noqa: F811
    errors = []
    ana.session.error.connect(errors.append)
    dialog = open_export(qtbot, ana)
    dialog.format.setCurrentIndex(dialog.format.findData("iob"))
    assert not dialog.every.isEnabled() and dialog.chosen.isChecked()
    assert dialog.note.text() == "IOB2 tags, CoNLL columns holds one layer: tick one analyst, or gold."
    assert "--" not in dialog.note.text()
    assert not dialog.export_button.isEnabled()
    rows = {dialog.layer_model.item(row).data(Qt.UserRole): row for row in range(dialog.layer_model.rowCount())}
    dialog.layer_model.item(rows[ANA_ID]).setCheckState(Qt.Checked)
    dialog.layer_model.item(rows[BEN_ID]).setCheckState(Qt.Checked)   # the one layer becomes Ben's
    assert dialog.choice().layers == (BEN_ID,)
    assert dialog.summary.text() == "1 document with Ben's spans, 1 span, IOB2 tags, CoNLL columns"
    qtbot.mouseClick(dialog.export_button, Qt.LeftButton)
    tags = [line.split()[-1] for line in save_iob_as.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert tags.count("B-Actor") == 1 and not any(tag.endswith("Issue") for tag in tags)
    assert errors == []


def test_gold_alone_in_a_format_of_one_layer(qtbot, ana, save_iob_as):  # noqa: F811
    dialog = open_export(qtbot, ana)
    dialog.format.setCurrentIndex(dialog.format.findData("iob"))
    dialog.choose_layers(["gold"])
    qtbot.mouseClick(dialog.export_button, Qt.LeftButton)
    assert save_iob_as.exists()
    assert "Exported the 1 document" in ana.statusBar().currentMessage()


def test_back_to_jsonl_every_layer_is_offered_again(qtbot, ana):  # noqa: F811
    dialog = open_export(qtbot, ana)
    dialog.format.setCurrentIndex(dialog.format.findData("spacy"))
    dialog.format.setCurrentIndex(dialog.format.findData("jsonl"))
    assert dialog.every.isEnabled()
