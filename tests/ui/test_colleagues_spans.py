"""In a merged project an analyst changes only their own layer: a colleague's span (or gold's) is
read-only to Delete and the label keys, which say whose it is; Edit › Copy span to my layer
(Ctrl+Shift+C) makes an undoable copy of one's own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator import transfer
from annotator.resources import seed_texts
from annotator.store import Project
from tests.ui.conftest import click_at_char, make_window

ANA_ID = "analyst-ana"   # the `settings` fixture's analyst
BEN_ID = "analyst-ben"
ENGIN = "Engin Ozer"
UKRAINE = "Ukraine rejects the idea of UN forces"


@pytest.fixture
def merged_project(tmp_path: Path) -> Path:
    """The interview with Ben's Actor span on "Engin Ozer", Ana's own Issue span, and a gold span."""
    path = tmp_path / "team.db"
    transfer.import_files(path, [seed_texts()[0]], "Ana")
    with Project(path) as project:
        (info,) = project.documents()
        text = project.document(info.id).text
        project.ensure_annotator("Ana", ANA_ID)
        project.ensure_annotator("Ben", BEN_ID)
        for phrase, label, owner in ((ENGIN, "Actor", BEN_ID), ("ceasefire agreement", "Issue", ANA_ID)):
            start = text.index(phrase)
            project.add_span(info.id, start, start + len(phrase), label, owner)
        start = text.index(UKRAINE)
        project.decide(info.id, (start, start + len(UKRAINE)), "accept", BEN_ID,
                       gold=(start, start + len(UKRAINE), "Claim"))
    return path


@pytest.fixture
def ana(qtbot, merged_project: Path, settings):
    window = make_window(qtbot, merged_project, settings)
    yield window
    window.close()
    window.project.close()


def layer(window, annotator_id: str) -> list[tuple[str, str]]:
    text = window.document.text
    return [(s.label, text[s.start:s.end]) for s in window.project.spans(window.document.id, [annotator_id])]


def click_on(qtbot, window, phrase: str) -> None:
    view = window.document_view
    click_at_char(qtbot, view, view.text.index(phrase) + 2)
    assert view.selected_span_id is not None


def test_delete_leaves_a_colleagues_span_and_says_whose_it_is(qtbot, ana):
    click_on(qtbot, ana, ENGIN)
    qtbot.keyClick(ana.document_view, Qt.Key_Delete)
    assert layer(ana, BEN_ID) == [("Actor", ENGIN)]
    message = ana.statusBar().currentMessage()
    assert "This Actor span is Ben's: only they can delete it." in message
    assert "Edit › Copy span to my layer (Ctrl+Shift+C) copies it into your layer." in message
    assert not ana.undo_action.isEnabled()


def test_a_label_key_leaves_a_colleagues_span_as_it_was(qtbot, ana, tmp_path):
    click_on(qtbot, ana, ENGIN)
    qtbot.keyClick(ana.document_view, Qt.Key_3)
    assert layer(ana, BEN_ID) == [("Actor", ENGIN)]
    assert "only they can relabel it Issue" in ana.statusBar().currentMessage()
    transfer.export_project(ana.project, tmp_path / "ben.jsonl", ["Ben"])
    spans = json.loads((tmp_path / "ben.jsonl").read_text(encoding="utf-8"))["spans"]
    assert [(s["label"], s["text"], s["annotator"]) for s in spans] == [("Actor", ENGIN, "Ben")]


def test_gold_spans_change_only_by_review_decisions(qtbot, ana):
    click_on(qtbot, ana, UKRAINE)
    qtbot.keyClick(ana.document_view, Qt.Key_Delete)
    assert "in the gold layer, which only review decisions change" in ana.statusBar().currentMessage()
    qtbot.keyClick(ana.document_view, Qt.Key_2)
    assert layer(ana, "gold") == [("Claim", UKRAINE)]


def test_copying_a_colleagues_span_makes_it_ones_own_and_undoes(qtbot, ana):
    view = ana.document_view
    click_on(qtbot, ana, ENGIN)
    qtbot.keyClick(view, Qt.Key_C, Qt.ControlModifier | Qt.ShiftModifier)
    assert layer(ana, ANA_ID) == [("Actor", ENGIN), ("Issue", "ceasefire agreement")]
    copy = ana.project.span(view.selected_span_id)
    assert (copy.annotator_id, copy.label) == (ANA_ID, "Actor")
    assert ana.undo_action.text() == "&Undo Copy Ben's Actor “Engin Ozer” to my layer"
    qtbot.keyClick(view, Qt.Key_3)                       # the copy is Ana's to change
    assert layer(ana, ANA_ID)[0] == ("Issue", ENGIN)
    assert layer(ana, BEN_ID) == [("Actor", ENGIN)]
    qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier)
    qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier)
    assert layer(ana, ANA_ID) == [("Issue", "ceasefire agreement")]
    assert layer(ana, BEN_ID) == [("Actor", ENGIN)]


def test_copy_is_in_the_edit_menu_and_copies_gold_too(qtbot, ana):
    click_on(qtbot, ana, UKRAINE)
    edit_menu = next(a.menu() for a in ana.menuBar().actions() if a.text() == "&Edit")
    entry = next(a for a in edit_menu.actions() if a.text() == "&Copy span to my layer")
    entry.trigger()
    assert ("Claim", UKRAINE) in layer(ana, ANA_ID)
    assert layer(ana, "gold") == [("Claim", UKRAINE)]


def test_ones_own_span_is_not_copied_again(qtbot, ana):
    click_on(qtbot, ana, "ceasefire agreement")
    qtbot.keyClick(ana.document_view, Qt.Key_C, Qt.ControlModifier | Qt.ShiftModifier)
    assert ana.statusBar().currentMessage() == "This span is yours already."
    assert layer(ana, ANA_ID) == [("Issue", "ceasefire agreement")]


def test_ones_own_span_still_deletes(qtbot, ana):
    click_on(qtbot, ana, "ceasefire agreement")
    qtbot.keyClick(ana.document_view, Qt.Key_Delete)
    assert layer(ana, ANA_ID) == []
