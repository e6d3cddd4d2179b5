"""Texts Qt would rather change: every character keeps its position in the real DocumentView.

A string handed to Qt is read as UTF-16 with an optional byte-order mark, so a text that
begins with U+FEFF loses it and one that begins with U+FFFE is byte-swapped; QTextDocument
also turns CR, LF, U+2029, U+FDD0 and U+FDD1 into paragraph breaks. These tests ask Qt's own
document where each character ended up, rather than trusting our offset arithmetic.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from hypothesis import given, settings as hypothesis_settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from annotator import transfer
from annotator.model import Span
from annotator.offsets import OffsetMap
from annotator.ui.app import application
from annotator.ui.document_view import DocumentView
from tests.ui.conftest import make_window

SENTENCE = "The EU and NATO agreed."
BOMS = pytest.mark.parametrize("mark", ["\ufeff", "\ufffe"], ids=["U+FEFF", "U+FFFE"])

# What a QTextDocument holds at the position of each character of our text, where it differs.
_PARAGRAPH = "\u2029"
_QT_SHOWS = {"\n": _PARAGRAPH, "\r": _PARAGRAPH, "\u2029": _PARAGRAPH, "\ufdd0": _PARAGRAPH,
             "\ufdd1": _PARAGRAPH}


def qt_characters(view: DocumentView) -> list[str]:
    """The document as Qt holds it, one entry per position (UTF-16 unit)."""
    document = view.document()
    return [document.characterAt(i) for i in range(document.characterCount() - 1)]


def expected_at(text: str, i: int) -> set[str]:
    """What Qt may hold where character i of `text` starts."""
    ch = text[i]
    if i == 0 and ch in "\ufeff\ufffe":
        return {"\u2060"}
    if ch == "\r" and text[i + 1:i + 2] == "\n":
        return {" "}
    if ord(ch) > 0xFFFF:  # Qt holds its high surrogate here, the low one next
        return {chr(0xD800 + ((ord(ch) - 0x10000) >> 10))}
    return {_QT_SHOWS.get(ch, ch)}


@pytest.fixture
def view(qtbot):
    application()
    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(640, 240)
    view.set_colors({"Actor": "#2a7ab0"})
    view.show()
    qtbot.waitExposed(view)
    return view


_PIECES = ["\ufeff", "\ufffe", "\u2028", "\u2029", "\r", "\n", "\r\n", "\x00", "\ufdd0", "\ufdd1",
           "😀", "👩\u200d👩\u200d👧", "e\u0301", "שלום", "\u200f", "\x0c", "\x85", "a", " "]
texts = st.lists(st.one_of(st.sampled_from(_PIECES), st.characters(blacklist_categories=("Cs",))),
                 min_size=1, max_size=30).map("".join)


@hypothesis_settings(max_examples=300, deadline=None)
@given(text=texts)
def test_every_character_keeps_its_position_in_qts_document(text):
    application()
    view = DocumentView()
    view.show_document(text, [])
    offsets = OffsetMap(text)
    shown = qt_characters(view)
    assert len(shown) == offsets.utf16_length
    for i in range(len(text)):
        assert shown[offsets.to_utf16(i)] in expected_at(text, i), (text, i)


@BOMS
def test_a_text_beginning_with_a_byte_order_mark_shows_its_span_on_its_words(qtbot, view, mark):
    text = mark + SENTENCE
    view.show_document(text, [Span(id=1, document_id="d", label="Actor", start=12, end=16,
                                   annotator_id="a")])
    assert text[12:16] == "NATO"
    assert view.toPlainText()[12:16] == "NATO"
    assert len(view.toPlainText()) == len(text)
    # Where Qt itself draws "NATO", found by Qt's own search, is where the fill is painted.
    found = view.document().find("NATO")
    start, end = view.cursorRect(_at(view, found.selectionStart())), view.cursorRect(_at(view, found.selectionEnd()))
    image = view.viewport().grab().toImage()
    fill = view.span_fill("Actor").name()
    painted = [x for x in range(image.width())
               if any(image.pixelColor(x, y).name() == fill for y in range(start.top(), start.bottom()))]
    assert painted, "no span painted"
    assert abs(min(painted) - start.left()) <= 2 and abs(max(painted) - end.left()) <= 2


@BOMS
def test_a_one_character_text_can_be_selected_by_keyboard(qtbot, view, mark):
    view.show_document(mark, [])
    view.setFocus()
    qtbot.keyClick(view, Qt.Key_Home, Qt.ControlModifier)
    qtbot.keyClick(view, Qt.Key_Right, Qt.ShiftModifier)
    assert view.selection_range() == (0, 1)


@BOMS
def test_selecting_a_word_after_a_byte_order_mark_stores_that_word(qtbot, tmp_path, settings, mark):
    source = tmp_path / "bom.jsonl"
    source.write_text(json.dumps({"id": "bom", "text": mark + SENTENCE}) + "\n", encoding="utf-8")
    project = tmp_path / "p.db"
    transfer.import_files(project, [source], "Ana")
    window = make_window(qtbot, project, settings)
    try:
        window.snap_action.setChecked(False)
        view = window.document_view
        # The analyst clicks where they see "NATO" (found by Qt in its own text) and extends.
        found = view.document().find("NATO")
        rect = view.cursorRect(_at(view, found.selectionStart()))
        qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=QPoint(rect.left() + 1, rect.center().y()))
        for _ in range(4):
            qtbot.keyClick(view, Qt.Key_Right, Qt.ShiftModifier)
        qtbot.keyClick(view, Qt.Key_2)
        assert [(s.label, s.start, s.end) for s in window.spans()] == [("Actor", 12, 16)]
    finally:
        window.close()
        window.project.close()


def test_line_breaks_of_every_kind_keep_later_spans_in_place(qtbot, view):
    text = "a\rb\u2028c\u2029d\r\ne\x00f\ufdd0 NATO"
    start = text.index("NATO")
    view.show_document(text, [Span(id=1, document_id="d", label="Actor", start=start,
                                   end=start + 4, annotator_id="a")])
    assert view.toPlainText()[start:start + 4] == "NATO"
    found = view.document().find("NATO")
    assert (found.selectionStart(), found.selectionEnd()) == (start, start + 4)
    assert Counter(view.toPlainText())["\n"] >= 5


def _at(view: DocumentView, position: int) -> QTextCursor:
    cursor = QTextCursor(view.document())
    cursor.setPosition(position)
    return cursor

