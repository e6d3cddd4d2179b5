"""Tagging an Actor or Issue whose text is a registry name or alias links it: said, undoable."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.model import ACTOR, ISSUE
from annotator.store import Project
from annotator.ui.mentions_dialog import MentionsDialog
from tests.ui.conftest import make_window, select_words


@pytest.fixture
def linking_window(qtbot, interview_project: Path, settings):
    with Project(interview_project) as project:
        ozer = project.add_entity(ACTOR, "Engin Özer", aliases=["ENGIN  OZER"])
        project.add_entity(ISSUE, "Ceasefire")
    window = make_window(qtbot, interview_project, settings)
    window.ozer_id = ozer.id
    yield window
    window.close()
    window.project.close()


def test_an_actor_matching_an_alias_is_linked_and_said(qtbot, linking_window):
    window = linking_window
    select_words(qtbot, window.document_view, "Engin Ozer")
    qtbot.keyClick(window.document_view, Qt.Key_2)
    [span] = window.project.spans(window.document.id)
    assert window.project.links(window.document.id) == {span.id: window.ozer_id}
    assert window.statusBar().currentMessage() == (
        "Linked “Engin Ozer” to the registry's Engin Özer; Ctrl+Z unlinks it.")


def test_ctrl_z_takes_the_link_back_and_keeps_the_span(qtbot, linking_window):
    window = linking_window
    select_words(qtbot, window.document_view, "Engin Ozer")
    qtbot.keyClick(window.document_view, Qt.Key_2)
    qtbot.keyClick(window.document_view, Qt.Key_Z, Qt.ControlModifier)
    assert (window.project.links(window.document.id), len(window.project.spans(window.document.id))) == ({}, 1)


def test_an_issue_is_looked_up_among_issues_only(qtbot, linking_window):
    window = linking_window
    select_words(qtbot, window.document_view, "Engin Ozer")
    qtbot.keyClick(window.document_view, Qt.Key_3)      # an Issue with an actor's name: no link
    select_words(qtbot, window.document_view, "ceasefire")
    qtbot.keyClick(window.document_view, Qt.Key_3)
    links = window.project.links(window.document.id)
    assert [window.project.entity(e).name for e in links.values()] == ["Ceasefire"]


def test_unlinked_mentions_are_listed_and_accepted_as_linked_spans(qtbot, linking_window):
    window = linking_window
    select_words(qtbot, window.document_view, "Engin Ozer")
    qtbot.keyClick(window.document_view, Qt.Key_2)             # this one is tagged (and linked) already
    qtbot.keyClick(window.document_view, Qt.Key_M, Qt.ControlModifier | Qt.ShiftModifier)
    dialog = window.findChild(MentionsDialog)
    rows = [(m.name, window.document.text[m.start:m.end]) for m in dialog.model.rows]
    assert rows and set(rows) == {("Ceasefire", "ceasefire")}
    dialog.view.setFocus()
    dialog.view.setCurrentIndex(dialog.model.index(0, 0))
    qtbot.keyClick(dialog.view, Qt.Key_Return)
    mention_count = len(rows) - 1
    assert dialog.model.rowCount() == mention_count
    linked = [s for s in window.project.spans(window.document.id) if s.label == "Issue"]
    assert [window.project.links(window.document.id)[s.id] for s in linked] == \
        [window.project.entities(ISSUE)[0].id]
    window.history.undo()
    assert [s.label for s in window.project.spans(window.document.id)] == ["Actor"]
