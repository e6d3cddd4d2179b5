"""Annotating the interview through the real window, by keyboard and mouse."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

from annotator.store import Project
from tests.ui.conftest import click_at_char, make_window, select_words


def labelled(window) -> list[tuple[str, str]]:
    text = window.document.text
    return [(s.label, text[s.start:s.end]) for s in window.spans()]


def stored(window) -> list[tuple[str, str]]:
    """What a second connection reads from the file on disk right now."""
    with sqlite3.connect(window.project.path) as conn:
        rows = conn.execute("""SELECT l.name, d.text, a.start, a.end FROM annotations a
                               JOIN labels l ON l.id = a.label_id
                               JOIN documents d ON d.id = a.document_id ORDER BY a.start""").fetchall()
    return [(label, text[start:end]) for label, text, start, end in rows]


def test_opens_the_interview_with_title_and_no_spans(window):
    assert window.document.title == "Peace or pause? What the U.S. and Russia agreed on"
    assert window.document.date == "2025-04-17"
    assert window.document_view.toPlainText().startswith("News.Az analytical portal")
    assert window.spans() == []


def test_tag_selection_as_claim_with_hotkey_1(qtbot, window):
    view = window.document_view
    select_words(qtbot, view, "a ceasefire could be declared even today")
    qtbot.keyClick(view, Qt.Key_1)
    assert labelled(window) == [("Claim", "a ceasefire could be declared even today")]


def test_every_tag_is_on_disk_at_once(qtbot, window):
    view = window.document_view
    select_words(qtbot, view, "Engin Ozer")
    qtbot.keyClick(view, Qt.Key_2)
    assert stored(window) == [("Actor", "Engin Ozer")]


def test_hotkeys_2_and_3_tag_actor_and_issue(qtbot, window):
    view = window.document_view
    select_words(qtbot, view, "Engin Ozer")
    qtbot.keyClick(view, Qt.Key_2)
    select_words(qtbot, view, "nuclear power infrastructure")
    qtbot.keyClick(view, Qt.Key_3)
    assert labelled(window) == [("Actor", "Engin Ozer"), ("Issue", "nuclear power infrastructure")]


def test_sloppy_selection_snaps_to_whole_words(qtbot, window):
    view = window.document_view
    start = view.text.index("ceasefire agreement has")
    click_at_char(qtbot, view, start + 2)                    # inside "ceasefire"
    for _ in range(len("asefire agree")):
        qtbot.keyClick(view, Qt.Key_Right, Qt.ShiftModifier)  # ends inside "agreement"
    qtbot.keyClick(view, Qt.Key_3)
    assert labelled(window) == [("Issue", "ceasefire agreement")]


def test_snapping_can_be_turned_off(qtbot, window):
    window.snap_action.setChecked(False)
    view = window.document_view
    start = view.text.index("ceasefire agreement has")
    click_at_char(qtbot, view, start + 2)
    for _ in range(len("asefire")):
        qtbot.keyClick(view, Qt.Key_Right, Qt.ShiftModifier)
    qtbot.keyClick(view, Qt.Key_3)
    assert labelled(window) == [("Issue", "asefire")]


def test_ctrl_shift_right_selects_word_by_word(qtbot, window):
    view = window.document_view
    start = view.text.index("Russia firmly opposes")
    click_at_char(qtbot, view, start)
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key_Right, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.keyClick(view, Qt.Key_1)
    assert labelled(window) == [("Claim", "Russia firmly opposes")]


def test_clicking_a_label_button_tags_the_selection(qtbot, window):
    view = window.document_view
    select_words(qtbot, view, "Engin Ozer")
    button = window.label_bar.widgetForAction(window.label_actions[1])
    qtbot.mouseClick(button, Qt.LeftButton)
    assert labelled(window) == [("Actor", "Engin Ozer")]


def test_actor_nested_in_claim_both_stay(qtbot, window):
    view = window.document_view
    select_words(qtbot, view, "Russia firmly opposes any deployment of NATO or European troops")
    qtbot.keyClick(view, Qt.Key_1)
    select_words(qtbot, view, "NATO")
    qtbot.keyClick(view, Qt.Key_2)
    assert sorted(labelled(window)) == [
        ("Actor", "NATO"), ("Claim", "Russia firmly opposes any deployment of NATO or European troops")]
    nato = view.text.index("NATO")
    assert [p.span.label for p in view.span_at(view.offsets.to_utf16(nato))] == ["Actor", "Claim"]


def test_click_span_then_hotkey_relabels_it(qtbot, window):
    view = window.document_view
    select_words(qtbot, view, "Engin Ozer")
    qtbot.keyClick(view, Qt.Key_1)
    click_at_char(qtbot, view, view.text.index("Ozer") + 1)
    assert view.selected_span_id == window.spans()[0].id
    qtbot.keyClick(view, Qt.Key_2)
    assert labelled(window) == [("Actor", "Engin Ozer")]
    assert stored(window) == [("Actor", "Engin Ozer")]


def test_click_span_then_delete_removes_it(qtbot, window):
    view = window.document_view
    select_words(qtbot, view, "Engin Ozer")
    qtbot.keyClick(view, Qt.Key_2)
    click_at_char(qtbot, view, view.text.index("Engin") + 2)
    qtbot.keyClick(view, Qt.Key_Delete)
    assert labelled(window) == []
    assert stored(window) == []


def test_tab_reaches_a_span_by_keyboard_alone(qtbot, window):
    view = window.document_view
    select_words(qtbot, view, "Engin Ozer")
    qtbot.keyClick(view, Qt.Key_2)
    qtbot.keyClick(view, Qt.Key_Escape)
    qtbot.keyClick(view, Qt.Key_Home, Qt.ControlModifier)
    qtbot.keyClick(view, Qt.Key_Tab)
    qtbot.keyClick(view, Qt.Key_3)
    assert labelled(window) == [("Issue", "Engin Ozer")]


def test_undo_and_redo_add_relabel_delete(qtbot, window):
    view = window.document_view
    select_words(qtbot, view, "Engin Ozer")
    qtbot.keyClick(view, Qt.Key_2)                                   # add
    qtbot.keyClick(view, Qt.Key_1)                                   # relabel the new span
    qtbot.keyClick(view, Qt.Key_Delete)                              # delete it
    assert stored(window) == []
    qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier)
    assert stored(window) == [("Claim", "Engin Ozer")]
    qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier)
    assert stored(window) == [("Actor", "Engin Ozer")]
    qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier)
    assert stored(window) == [] and labelled(window) == []
    qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert stored(window) == [("Actor", "Engin Ozer")] and labelled(window) == [("Actor", "Engin Ozer")]
    qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert stored(window) == [] and labelled(window) == []


def test_span_list_row_click_jumps_to_span(qtbot, window):
    view = window.document_view
    select_words(qtbot, view, "nuclear power infrastructure")
    qtbot.keyClick(view, Qt.Key_3)
    qtbot.keyClick(view, Qt.Key_Home, Qt.ControlModifier)
    qtbot.waitUntil(lambda: window.span_model.rowCount() == 1)   # the list follows the text
    table = window.span_list
    rect = table.visualRect(window.span_model.index(0, 1))
    qtbot.mouseClick(table.viewport(), Qt.LeftButton, pos=rect.center())
    span = window.spans()[0]
    assert view.selected_span_id == span.id
    assert view.offsets.to_codepoint(view.textCursor().position()) == span.start


def test_span_list_shows_label_text_and_annotator(qtbot, window):
    select_words(qtbot, window.document_view, "Engin Ozer")
    qtbot.keyClick(window.document_view, Qt.Key_2)
    model = window.span_model
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert [model.index(0, c).data() for c in range(3)] == ["Actor", "Engin Ozer", "Ana"]


def test_status_bar_says_what_this_document_and_the_project_hold(qtbot, window):
    assert window.status.counts.text() == "This document: 0 spans"
    assert window.status.project_counts.text() == "Project: 1 document"
    view = window.document_view
    select_words(qtbot, view, "Engin Ozer")
    qtbot.keyClick(view, Qt.Key_2)
    qtbot.waitUntil(lambda: window.status.counts.text() == "This document: 1 span (Claim 0 · Actor 1 · Issue 0)")
    select_words(qtbot, view, "ceasefire agreement")
    qtbot.keyClick(view, Qt.Key_3)
    qtbot.waitUntil(lambda: window.status.counts.text() == "This document: 2 spans (Claim 0 · Actor 1 · Issue 1)")


def test_export_from_the_menu_writes_jsonl(qtbot, window, tmp_path, monkeypatch):
    import json

    from PySide6.QtWidgets import QDialog, QFileDialog

    view = window.document_view
    select_words(qtbot, view, "Engin Ozer")
    qtbot.keyClick(view, Qt.Key_2)
    out = tmp_path / "out.jsonl"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    qtbot.keyClick(view, Qt.Key_E, Qt.ControlModifier)
    dialog = window.findChild(QDialog, "exportDialog")
    qtbot.waitUntil(dialog.isVisible)
    qtbot.mouseClick(dialog.export_button, Qt.LeftButton)
    line = json.loads(out.read_text(encoding="utf-8"))
    assert [(s["label"], s["text"], s["annotator"]) for s in line["spans"]] == [("Actor", "Engin Ozer", "Ana")]
    assert line["text"][line["spans"][0]["start"]:line["spans"][0]["end"]] == "Engin Ozer"


def test_spans_survive_closing_and_reopening(qtbot, window, settings):
    view = window.document_view
    select_words(qtbot, view, "Engin Ozer")
    qtbot.keyClick(view, Qt.Key_2)
    path = window.project.path
    window.close()
    window.project.close()
    again = make_window(qtbot, path, settings)
    assert labelled(again) == [("Actor", "Engin Ozer")]
    again.project.close()


def test_emoji_and_crlf_offsets_stay_exact(qtbot, tmp_path, settings):
    from annotator import transfer

    source = tmp_path / "tweet.txt"
    source.write_bytes("Hi 😀 there\r\nthe 👩‍👩‍👧 family said Peace now\r\nend".encode("utf-8"))
    project = tmp_path / "p.db"
    transfer.import_files(project, [source], "Ana")
    window = make_window(qtbot, project, settings)
    view = window.document_view
    select_words(qtbot, view, "Peace now")
    qtbot.keyClick(view, Qt.Key_1)
    span = window.spans()[0]
    assert window.document.text[span.start:span.end] == "Peace now"
    assert stored(window) == [("Claim", "Peace now")]
    window.project.close()


def test_project_reopened_by_store_sees_window_spans(qtbot, window):
    select_words(qtbot, window.document_view, "Engin Ozer")
    qtbot.keyClick(window.document_view, Qt.Key_2)
    with Project(window.project.path) as other:
        assert [s.label for s in other.spans(window.document.id)] == ["Actor"]
