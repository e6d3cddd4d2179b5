"""Editing the codebook never destroys annotations."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.ui.conftest import select_words


def tag(qtbot, window, phrase: str, key) -> None:
    select_words(qtbot, window.document_view, phrase)
    qtbot.keyClick(window.document_view, key)


def test_renaming_a_label_carries_its_spans(qtbot, window):
    tag(qtbot, window, "Engin Ozer", Qt.Key_2)
    window.label_editor.rename_label("Actor", "Speaker")
    assert [s.label for s in window.spans()] == ["Speaker"]
    assert [s.label for s in window.project.spans(window.document.id)] == ["Speaker"]
    assert [a.text() for a in window.label_actions][1] == "2  Speaker"
    qtbot.keyClick(window.document_view, Qt.Key_Z, Qt.ControlModifier)
    assert [s.label for s in window.project.spans(window.document.id)] == ["Actor"]


def test_deleting_a_label_with_spans_asks_first(qtbot, window):
    tag(qtbot, window, "Engin Ozer", Qt.Key_2)
    window.label_editor.delete_label("Actor")
    box = window.findChild(QMessageBox, "confirmDeleteLabel")
    qtbot.waitUntil(box.isVisible)
    assert "is on 1 span." in box.text()
    box.button(QMessageBox.Cancel).click()
    assert [label.name for label in window.project.labels()] == ["Claim", "Actor", "Issue"]
    assert len(window.spans()) == 1


def test_deleted_label_and_spans_come_back_with_undo(qtbot, window):
    tag(qtbot, window, "Engin Ozer", Qt.Key_2)
    tag(qtbot, window, "nuclear power infrastructure", Qt.Key_3)
    window.label_editor.delete_label("Actor", confirmed=True)
    assert [s.label for s in window.spans()] == ["Issue"]
    assert "Actor" not in [label.name for label in window.project.labels()]
    qtbot.keyClick(window.document_view, Qt.Key_Z, Qt.ControlModifier)
    assert sorted(s.label for s in window.spans()) == ["Actor", "Issue"]
    assert [s.label for s in window.project.spans(window.document.id)] == ["Actor", "Issue"]


def test_deleted_label_can_be_restored_after_reopening(qtbot, window):
    tag(qtbot, window, "Engin Ozer", Qt.Key_2)
    window.label_editor.delete_label("Actor", confirmed=True)
    window.undo_stack.clear()
    window.label_editor.restore_label("Actor")
    assert [s.label for s in window.spans()] == ["Actor"]


def test_a_new_label_gets_the_next_hotkey(qtbot, window):
    window.label_editor.add_label("Frame")
    assert [a.text() for a in window.label_actions][-1] == "4  Frame"
    tag(qtbot, window, "frozen conflict", Qt.Key_4)
    assert [s.label for s in window.spans()] == ["Frame"]


def test_recoloring_a_label_repaints_its_spans_and_undoes(qtbot, window):
    tag(qtbot, window, "Engin Ozer", Qt.Key_2)
    window.label_editor.recolor_label("Actor", "#aa00aa")
    assert window.document_view.colors["Actor"].name() == "#aa00aa"
    assert [label.color for label in window.project.labels() if label.name == "Actor"] == ["#aa00aa"]
    qtbot.keyClick(window.document_view, Qt.Key_Z, Qt.ControlModifier)
    assert [label.color.lower() for label in window.project.labels() if label.name == "Actor"] == ["#3b82d6"]
    assert [s.label for s in window.spans()] == ["Actor"]


def test_the_labels_menu_offers_rename_color_and_delete_for_each_label(window):
    titles = [action.text() for action in window.label_menu.actions()]
    submenus = {action.text(): [a.text() for a in action.menu().actions()]
                for action in window.label_menu.actions() if action.menu()}
    assert "Add label…" in titles
    assert submenus["Rename"] == submenus["Change color"] == submenus["Delete"] == ["Claim", "Actor", "Issue"]
