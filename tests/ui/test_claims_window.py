"""Claims in the window: tagging a claim opens its frame editor, keyboard first; the claims
list; the marks in the text; every change undoable."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QInputDialog

from annotator.model import ACTOR, ISSUE, Ref
from annotator.store import Project
from tests.ui.conftest import make_window, select_words

CLAIM_TEXT = "much of the ceasefire agreement has been prepared"


@pytest.fixture
def registry(interview_project: Path) -> dict[str, str]:
    """The interview's registry: its interviewee as the document's default speaker, an issue
    with a hard name, and a category."""
    with Project(interview_project) as project:
        document = project.documents()[0]
        ozer = project.add_entity(ACTOR, "Engin Ozer", aliases=["Özer"])
        ceasefire = project.add_entity(ISSUE, "Ceasefire 🕊", aliases=["перемир'я"])
        putin = project.add_entity(ACTOR, "Путин", aliases=["Putin"])
        project.add_claim_category("101", "Peace ‏talks")
        project.set_default_speaker(document.id, ozer.id)
    return {"ozer": ozer.id, "ceasefire": ceasefire.id, "putin": putin.id}


@pytest.fixture
def claims_window(qtbot, interview_project: Path, registry, settings):
    window = make_window(qtbot, interview_project, settings)
    qtbot.waitUntil(lambda: window.claims.loaded_for == window.document.id)
    yield window
    window.close()
    window.project.close()


def focused():
    return QApplication.focusWidget()


def type_keys(qtbot, *keys) -> int:
    """Presses each key on whatever has the keyboard, as an analyst would; returns how many."""
    for key in keys:
        qtbot.keyClick(focused(), key) if not isinstance(key, tuple) else qtbot.keyClick(focused(), *key)
    return len(keys)


def type_text(text: str) -> None:
    """Types text a character at a time as key events to whatever has the keyboard (QTest's
    keyClicks refuses characters beyond Latin-1: Cyrillic, emoji)."""
    for char in text:
        for kind in (QEvent.KeyPress, QEvent.KeyRelease):
            QApplication.sendEvent(focused(), QKeyEvent(kind, 0, Qt.NoModifier, char))


def frames(window):
    return window.project.claims(window.document.id)


def test_a_claim_with_the_default_speaker_takes_four_keystrokes(qtbot, claims_window, registry):
    """After selecting the passage: `1` (the Claim span and its frame, speaker Engin Ozer
    already there; the keyboard lands in the empty Issue field), `c` (completes "Ceasefire 🕊"
    inline), `+` (stance support, which saves the issue too), Enter (saved; back to the text).
    Four keystrokes, within the six the issue allows."""
    window = claims_window
    select_words(qtbot, window.document_view, CLAIM_TEXT)
    count = type_keys(qtbot, Qt.Key_1, Qt.Key_C, Qt.Key_Plus, Qt.Key_Return)
    [frame] = frames(window)
    assert (frame.speakers, frame.issues, frame.stance) == (
        (Ref.entity(registry["ozer"]),), (Ref.entity(registry["ceasefire"]),), "support")
    assert count <= 6
    assert focused() is window.document_view


def test_tab_reaches_the_category_and_the_hard_name_completes_from_an_alias(qtbot, claims_window, registry):
    """`1` (the keyboard starts in the empty Issue field), `п` completes the alias
    "перемир'я (Ceasefire 🕊)", Tab saves it and moves to Category, `1` completes "101 · …",
    `-` sets oppose and saves the category, Esc hands the keyboard back to the text."""
    window = claims_window
    select_words(qtbot, window.document_view, CLAIM_TEXT)
    type_keys(qtbot, Qt.Key_1)
    type_text("п")
    type_keys(qtbot, Qt.Key_Tab)
    assert focused() is window.frame_editor.fields["category"]
    type_keys(qtbot, Qt.Key_1, Qt.Key_Minus, Qt.Key_Escape)
    [frame] = frames(window)
    assert (frame.issues, frame.category, frame.stance) == ((Ref.entity(registry["ceasefire"]),), "101", "oppose")
    assert focused() is window.document_view


def test_esc_leaves_the_claim_incomplete_and_marked(qtbot, claims_window):
    window = claims_window
    select_words(qtbot, window.document_view, CLAIM_TEXT)
    type_keys(qtbot, Qt.Key_1, Qt.Key_C, Qt.Key_Escape)
    [frame] = frames(window)
    assert (frame.issues, frame.complete) == ((), False)
    qtbot.waitUntil(lambda: window.claims.model.rowCount() == 1)
    model = window.claims.model
    assert model.index(0, 2).data() == "⚠ none"
    assert window.document_view.incomplete_claims == {frame.span_id}


def test_one_undo_takes_back_the_claim_span_and_its_frame(qtbot, claims_window):
    window = claims_window
    select_words(qtbot, window.document_view, CLAIM_TEXT)
    type_keys(qtbot, Qt.Key_1, Qt.Key_Escape)
    assert len(frames(window)) == 1
    qtbot.keyClick(window.document_view, Qt.Key_Z, Qt.ControlModifier)
    assert (frames(window), window.project.spans(window.document.id)) == ([], [])
    qtbot.keyClick(window.document_view, Qt.Key_Y, Qt.ControlModifier)
    assert len(frames(window)) == 1 and frames(window)[0].speakers != ()


def test_each_field_change_is_its_own_undo_step(qtbot, claims_window, registry):
    window = claims_window
    select_words(qtbot, window.document_view, CLAIM_TEXT)
    type_keys(qtbot, Qt.Key_1, Qt.Key_C, Qt.Key_Plus, Qt.Key_Return)
    qtbot.keyClick(window.document_view, Qt.Key_Z, Qt.ControlModifier)
    assert frames(window)[0].stance == ""
    assert frames(window)[0].issues == (Ref.entity(registry["ceasefire"]),)
    qtbot.keyClick(window.document_view, Qt.Key_Z, Qt.ControlModifier)
    assert frames(window)[0].issues == ()


def test_a_stance_key_can_be_typed_inside_a_name_that_needs_it(qtbot, claims_window):
    """`-` typed after "Jean" is text, not the stance: "Jean" is no known name, so the key
    can only continue it. The new name becomes a registry actor."""
    window = claims_window
    select_words(qtbot, window.document_view, CLAIM_TEXT)
    type_keys(qtbot, Qt.Key_1, (Qt.Key_Tab, Qt.ShiftModifier))
    speaker = window.frame_editor.fields["speakers"]
    assert focused() is speaker
    speaker.lineEdit().clear()
    type_text("Jean-Luc 🎙")
    type_keys(qtbot, Qt.Key_Return)
    [frame] = frames(window)
    [entry] = [window.project.entity(r.entity_id) for r in frame.speakers]
    assert (entry.name, entry.kind, frame.stance) == ("Jean-Luc 🎙", ACTOR, "")


def test_a_new_name_joins_the_registry_in_the_same_undo_step(qtbot, claims_window):
    window = claims_window
    select_words(qtbot, window.document_view, CLAIM_TEXT)
    type_keys(qtbot, Qt.Key_1)
    type_text("санкції")
    type_keys(qtbot, Qt.Key_Return)
    assert [e.name for e in window.project.entities(ISSUE)] == ["Ceasefire 🕊", "санкції"]
    qtbot.keyClick(window.document_view, Qt.Key_Z, Qt.ControlModifier)
    assert ([e.name for e in window.project.entities(ISSUE)], frames(window)[0].issues) == (["Ceasefire 🕊"], ())


def test_every_field_can_be_set_with_the_mouse(qtbot, claims_window, registry):
    window = claims_window
    select_words(qtbot, window.document_view, CLAIM_TEXT)
    type_keys(qtbot, Qt.Key_1, Qt.Key_Escape)
    editor = window.frame_editor
    issue = editor.fields["issues"]
    issue.showPopup()
    popup = issue.view()
    row = next(r for r in range(issue.count()) if issue.itemText(r) == "Ceasefire 🕊")
    qtbot.mouseClick(popup.viewport(), Qt.LeftButton, pos=popup.visualRect(popup.model().index(row, 0)).center())
    qtbot.mouseClick(editor.stance_buttons["neutral"], Qt.LeftButton)
    [frame] = frames(window)
    assert (frame.issues, frame.stance) == ((Ref.entity(registry["ceasefire"]),), "neutral")


def test_an_actor_span_picked_in_the_text_replaces_the_default_speaker(qtbot, claims_window):
    window = claims_window
    view = window.document_view
    select_words(qtbot, view, "Engin Ozer")
    qtbot.keyClick(view, Qt.Key_2)
    actor = window.project.spans(window.document.id)[0]
    select_words(qtbot, view, CLAIM_TEXT)
    type_keys(qtbot, Qt.Key_1, Qt.Key_Escape, (Qt.Key_L, Qt.ControlModifier))
    assert window.controller.mode.value == "link"
    placed = view.index.get(actor.id)
    view.select_span(actor.id)
    rect = view.cursorRect(view.textCursor())
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=QPoint(rect.left() + 3, rect.center().y()))
    assert placed is not None
    [frame] = frames(window)
    assert frame.speakers == (Ref.span(actor.id),)
    assert view.outlined == {actor.id}


def test_selecting_a_claim_outlines_its_speaker_and_issue_spans(qtbot, claims_window):
    window = claims_window
    view, project = window.document_view, window.project
    document = window.document
    actor = window.session.add_span(document.id, *_at(document.text, "Engin Ozer"), "Actor")
    issue = window.session.add_span(document.id, *_at(document.text, "ceasefire agreement"), "Issue")
    claim = window.session.add_span(document.id, *_at(document.text, CLAIM_TEXT), "Claim")
    window.session.create_claim(claim.id, speakers=(Ref.span(actor.id),), issues=(Ref.span(issue.id),))
    qtbot.waitUntil(lambda: window.claims.model.rowCount() == 1 and window.claims.model.frame_at(0).complete)
    window.claims_dock.view.clicked.emit(window.claims.model.index(0, 4))
    assert (view.selected_span_id, view.outlined) == (claim.id, {actor.id, issue.id})
    assert project.claim_for_span(claim.id).complete
    qtbot.keyClick(view, Qt.Key_Escape)
    assert view.outlined == set()


def test_the_claims_list_shows_and_jumps(qtbot, claims_window, registry):
    window = claims_window
    document = window.document
    claim = window.session.add_span(document.id, *_at(document.text, CLAIM_TEXT), "Claim")
    window.session.create_claim(claim.id, speakers=(Ref.entity(registry["putin"]),),
                                issues=(Ref.entity(registry["ceasefire"]),), stance="oppose", category="101")
    qtbot.waitUntil(lambda: window.claims.model.rowCount() == 1 and window.claims.model.frame_at(0).complete)
    model = window.claims.model
    assert [model.index(0, c).data() for c in range(5)] == [
        "Путин", "− oppose", "Ceasefire 🕊", "101", CLAIM_TEXT]
    list_view = window.claims_dock.view
    qtbot.mouseClick(list_view.viewport(), Qt.LeftButton, pos=list_view.visualRect(model.index(0, 4)).center())
    assert window.document_view.selected_span_id == claim.id
    assert window.frame_editor.fields["speakers"].currentText() == "Путин"


def test_a_stance_key_in_the_text_sets_the_selected_claims_stance(qtbot, claims_window):
    window = claims_window
    select_words(qtbot, window.document_view, CLAIM_TEXT)
    type_keys(qtbot, Qt.Key_1, Qt.Key_Escape)
    assert focused() is window.document_view
    qtbot.waitUntil(lambda: window.claims.model.rowCount() == 1)
    qtbot.keyClick(window.document_view, Qt.Key_Question, Qt.ShiftModifier)
    qtbot.keyClick(window.document_view, Qt.Key_0)
    assert frames(window)[0].stance == "neutral"
    assert window.claims.model.index(0, 1).data() == "0 neutral"     # the row follows at once


def _at(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def test_without_a_default_speaker_the_frame_is_stored_at_the_first_change(qtbot, window):
    """No registry, no default speaker: `1` makes the Claim span and opens the editor on an
    empty frame, listed and marked as incomplete but not stored (nobody decided anything);
    the first change stores it, one undo step of its own."""
    select_words(qtbot, window.document_view, CLAIM_TEXT)
    type_keys(qtbot, Qt.Key_1)
    assert focused() is window.frame_editor.fields["speakers"]
    assert frames(window) == []
    [claim] = window.project.spans(window.document.id)
    assert window.document_view.incomplete_claims == {claim.id}
    type_keys(qtbot, Qt.Key_Question)
    assert frames(window) == []          # unknown is what an empty frame says already
    type_keys(qtbot, Qt.Key_0)
    assert [f.stance for f in frames(window)] == ["neutral"]
    qtbot.keyClick(window.document_view, Qt.Key_Z, Qt.ControlModifier)
    assert (frames(window), len(window.project.spans(window.document.id))) == ([], 1)
    qtbot.waitUntil(lambda: window.claims.model.rowCount() == 1)
    assert window.claims.model.index(0, 0).data() == "⚠ none"


def test_claims_are_read_after_the_text_is_shown(qtbot, claims_window, registry):
    window = claims_window
    document = window.document
    claim = window.session.add_span(document.id, *_at(document.text, CLAIM_TEXT), "Claim")
    window.session.create_claim(claim.id, speakers=(Ref.entity(registry["ozer"]),))
    window.open_document(document.id)
    assert (window.claims.loaded_for, window.claims.model.rowCount()) == (None, 0)
    qtbot.waitUntil(lambda: window.claims.model.rowCount() == 1)


def test_the_claims_keys_are_declared_and_clash_with_nothing(claims_window):
    window = claims_window
    keys = {name: [k.toString() for k in action.shortcuts()]
            for name, action in window.registry.collection("claims").items()}
    assert {n: keys[n] for n in ("support", "oppose", "neutral", "unknown")} == {
        "support": ["+"], "oppose": ["-"], "neutral": ["0"], "unknown": ["?"]}
    assert window.registry.clashes_in_defaults() == []


def test_a_passage_gets_its_own_default_speaker_from_the_claims_menu(qtbot, claims_window, registry):
    window, view = claims_window, claims_window.document_view
    turn = _at(window.document.text, "De-escalation is already underway. In fact, " + CLAIM_TEXT)
    view.select_range(*turn)
    dialog = window.claims_actions.ask_passage_speaker()
    qtbot.waitUntil(dialog.isVisible)
    dialog.setTextValue("Путин")
    dialog.accept()
    assert window.project.default_speaker_at(window.document.id, turn[0]) == registry["putin"]
    select_words(qtbot, view, CLAIM_TEXT)
    qtbot.keyClick(view, Qt.Key_1)
    [frame] = frames(window)
    assert frame.speakers == (Ref.entity(registry["putin"]),)
    qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier)    # the claim …
    qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier)    # … and the passage's speaker
    assert window.project.default_speaker_at(window.document.id, turn[0]) == registry["ozer"]


def test_the_documents_default_speaker_is_set_from_the_claims_menu(qtbot, claims_window, registry):
    window = claims_window
    window.registry.action("claims.default_speaker").trigger()
    dialog = window.findChild(QInputDialog, "defaultSpeakerDialog")
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.textValue() == "Engin Ozer"
    dialog.setTextValue(window.claims.NO_SPEAKER)
    dialog.accept()
    assert window.project.default_speakers(window.document.id) == []
