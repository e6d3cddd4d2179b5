"""Every action in one registry: default keys, the analyst's own keys, clashes, the shortcut list."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from annotator.store import Project
from tests.ui.conftest import make_window, select_words


def keys(action: QAction) -> list[str]:
    return [s.toString(QKeySequence.PortableText) for s in action.shortcuts()]


def all_actions(window) -> list[QAction]:
    return [a for c in window.registry.collections() for a in c.actions()]


def test_no_two_actions_share_a_key(window):
    assert window.registry.clashes_in_defaults() == []
    taken = [k for action in all_actions(window) for k in keys(action)]
    assert len(taken) == len(set(taken))
    assert {"1", "2", "3", "N", "A", "Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+Y"} <= set(taken)


def test_redo_is_ctrl_shift_z_and_ctrl_y(window):
    assert keys(window.redo_action) == ["Ctrl+Shift+Z", "Ctrl+Y"]
    assert keys(window.undo_action) == ["Ctrl+Z"]


def test_ctrl_y_redoes_an_undone_tag(qtbot, window):
    view = window.document_view
    select_words(qtbot, view, "Engin Ozer")
    qtbot.keyClick(view, Qt.Key_2)
    qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier)
    assert window.project.spans(window.document.id) == []
    qtbot.keyClick(view, Qt.Key_Y, Qt.ControlModifier)
    assert [(s.label, s.start) for s in window.project.spans(window.document.id)] == [
        ("Actor", window.document.text.index("Engin Ozer"))]


def test_a_label_hotkey_never_shadows_review_accept(qtbot, interview_project: Path, settings):
    with Project(interview_project) as project:
        project.update_label("Claim", hotkey="A")
    window = make_window(qtbot, interview_project, settings)
    claim = next(a for a in window.label_actions if a.data() == "Claim")
    assert keys(claim) == []
    assert keys(window.registry.action("review.accept")) == ["A"]
    assert "Key clash: A stays with" in window.statusBar().currentMessage()
    window.close()
    window.project.close()


def test_a_key_from_the_settings_replaces_the_default(qtbot, interview_project: Path, settings):
    settings.setValue("shortcuts/edit.delete", '["Ctrl+D"]')
    window = make_window(qtbot, interview_project, settings)
    assert keys(window.delete_action) == ["Ctrl+D"]
    view = window.document_view
    select_words(qtbot, view, "Engin Ozer")
    qtbot.keyClick(view, Qt.Key_2)
    qtbot.keyClick(view, Qt.Key_D, Qt.ControlModifier)
    assert window.project.spans(window.document.id) == []
    window.close()
    window.project.close()


def test_a_key_from_the_settings_that_is_taken_is_not_given_twice(qtbot, interview_project: Path, settings):
    settings.setValue("shortcuts/edit.delete", '["Ctrl+Z"]')
    window = make_window(qtbot, interview_project, settings)
    assert keys(window.undo_action) == ["Ctrl+Z"]
    assert keys(window.delete_action) == []
    window.close()
    window.project.close()


def test_keyboard_shortcuts_lists_every_action_with_its_keys(qtbot, window):
    dialog = window.show_shortcuts()
    rows = {row[3]: row for row in dialog.model.rows}
    assert len(rows) == len(all_actions(window))
    assert rows["edit.redo"][1:3] == ("Redo", QKeySequence("Ctrl+Shift+Z").toString(QKeySequence.NativeText)
                                      + ", " + QKeySequence("Ctrl+Y").toString(QKeySequence.NativeText))
    assert rows["labels.Claim"][2] == "1"
    assert rows["review.accept"][0] == "Review"
    dialog.close()


def test_help_menu_opens_the_shortcut_list(qtbot, window):
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    entry = next(a for a in help_menu.actions() if "Keyboard shortcuts" in a.text())
    entry.trigger()
    dialog = window.findChild(type(window.show_shortcuts()), "shortcutsDialog")
    qtbot.waitUntil(dialog.isVisible)
