"""The registry dock: add, rename, merge, retire, aliases, parent, external id, usage; undoable."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QInputDialog

from annotator.model import ACTOR, ISSUE, Ref
from annotator.store import Project
from annotator.ui.registry_panel import ALIASES, CLAIMS, LINKS, NAME, PARENT
from tests.ui.conftest import make_window


@pytest.fixture
def registry_window(qtbot, interview_project: Path, settings):
    with Project(interview_project) as project:
        project.add_entity(ACTOR, "Moscow")
        project.add_entity(ACTOR, "Russia", external_id="Q159")
        project.add_entity(ISSUE, "Ceasefire")
    window = make_window(qtbot, interview_project, settings)
    qtbot.keyClick(window.document_view, Qt.Key_R, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.waitUntil(lambda: window.registry_panel.model.rowCount() == 3)
    yield window
    window.close()
    window.project.close()


def cell(window, name: str, column: int):
    model = window.registry_panel.model
    row = next(r for r in range(model.rowCount()) if model.index(r, NAME).data() == name)
    return model.index(row, column)


def edit_cell(qtbot, window, name: str, column: int, text: str) -> None:
    """Selects the cell, presses F2, types `text` over what is there and presses Enter, as keys."""
    view = window.registry_panel.view
    view.setFocus()
    view.setCurrentIndex(cell(window, name, column))
    qtbot.keyClick(view, Qt.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    for char in text:
        for kind in (QEvent.KeyPress, QEvent.KeyRelease):
            QApplication.sendEvent(editor, QKeyEvent(kind, 0, Qt.NoModifier, char))
    qtbot.keyClick(editor, Qt.Key_Return)
    qtbot.waitUntil(lambda: view.state() == QAbstractItemView.NoState)   # the item view commits queued


def test_renaming_an_entry_in_its_cell_is_undoable(qtbot, registry_window):
    window = registry_window
    edit_cell(qtbot, window, "Russia", NAME, "Росія")
    assert [e.name for e in window.project.entities(ACTOR)] == ["Moscow", "Росія"]
    qtbot.waitUntil(lambda: window.registry_panel.model.index(1, NAME).data() == "Росія")
    window.history.undo()
    assert [e.name for e in window.project.entities(ACTOR)] == ["Moscow", "Russia"]


def test_aliases_and_parent_are_typed_in_their_cells(qtbot, registry_window):
    window = registry_window
    edit_cell(qtbot, window, "Russia", ALIASES, "the Kremlin; Кремль")
    edit_cell(qtbot, window, "Moscow", PARENT, "кремль")      # an alias finds the parent
    russia = next(e for e in window.project.entities(ACTOR) if e.name == "Russia")
    moscow = next(e for e in window.project.entities(ACTOR) if e.name == "Moscow")
    assert (russia.aliases, moscow.parent_id) == (("the Kremlin", "Кремль"), russia.id)
    qtbot.waitUntil(lambda: cell(window, "Moscow", PARENT).data() == "Russia")


def test_a_parent_that_is_not_in_the_registry_is_refused_and_said(qtbot, registry_window):
    window = registry_window
    edit_cell(qtbot, window, "Moscow", PARENT, "Atlantis")
    assert window.project.entities(ACTOR)[0].parent_id is None
    assert "No actor “Atlantis”" in window.statusBar().currentMessage()


def test_adding_and_merging_through_the_buttons(qtbot, registry_window, monkeypatch):
    window = registry_window
    panel = window.registry_panel
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Санкції 🚫", True))
    panel.ask_new(ISSUE)
    assert [e.name for e in window.project.entities(ISSUE)] == ["Ceasefire", "Санкції 🚫"]
    qtbot.waitUntil(lambda: panel.model.rowCount() == 4)
    panel.view.setCurrentIndex(cell(window, "Moscow", NAME))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Russia", True))
    panel.ask_merge()
    [russia] = window.project.entities(ACTOR)
    assert (russia.name, russia.merged_names) == ("Russia", ("Moscow",))
    window.history.undo()
    assert [e.name for e in window.project.entities(ACTOR)] == ["Moscow", "Russia"]


def test_usage_counts_spans_linked_and_claims(qtbot, registry_window):
    window = registry_window
    session, document = window.session, window.document
    russia = next(e for e in window.project.entities(ACTOR) if e.name == "Russia")
    start = document.text.index("Russian")
    actor = session.add_span(document.id, start, start + 7, "Actor")
    session.link_span(actor, russia.id)
    claim = session.add_span(document.id, start, start + 20, "Claim")
    session.create_claim(claim.id, speakers=(Ref.entity(russia.id),))
    qtbot.waitUntil(lambda: (cell(window, "Russia", LINKS).data(), cell(window, "Russia", CLAIMS).data()) == (1, 1))


def test_retiring_is_undone(qtbot, registry_window):
    window = registry_window
    panel = window.registry_panel
    panel.view.setCurrentIndex(cell(window, "Ceasefire", NAME))
    panel.retire_selected()
    assert window.project.entities(ISSUE) == []
    window.history.undo()
    assert [e.name for e in window.project.entities(ISSUE)] == ["Ceasefire"]
