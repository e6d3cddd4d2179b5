"""Finding things in the window: the find bar (Ctrl+F) and the corpus search (Ctrl+Shift+F),
driven with real keys; a hit is selected, ready for a label key."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from annotator import transfer
from tests.ui.conftest import make_window

HARD = ("İSTANBUL talks 👩‍👩‍👧 in istanbul;\r\nJose\u0301 said Istanbul's\u2028ceasefire. "
        "مرحبا istanbul")


def hits_text(window) -> list[str]:
    view = window.document_view
    return [view.text[start:end] for start, end in window.find_bar.hits]


def test_ctrl_f_finds_every_hit_and_selects_the_first(qtbot, window):
    qtbot.keyClick(window.document_view, Qt.Key_F, Qt.ControlModifier)
    assert window.find_bar.isVisible() and window.find_bar.field.hasFocus()
    qtbot.keyClicks(window.find_bar.field, "ceasefire")
    count = window.document_view.text.lower().count("ceasefire")
    assert count > 1 and len(window.find_bar.hits) == count
    assert window.document_view.textCursor().selectedText() == "ceasefire"
    assert len(window.document_view.find_highlights.starts) == count


def test_enter_and_shift_enter_step_through_hits(qtbot, window):
    qtbot.keyClick(window.document_view, Qt.Key_F, Qt.ControlModifier)
    qtbot.keyClicks(window.find_bar.field, "Istanbul")
    first = window.find_bar.current
    qtbot.keyClick(window.find_bar.field, Qt.Key_Return)
    assert window.find_bar.current == first + 1
    qtbot.keyClick(window.find_bar.field, Qt.Key_Return, Qt.ShiftModifier)
    assert window.find_bar.current == first
    assert window.find_bar.count_label.text().startswith(f"{first + 1} of ")


def test_escape_closes_the_bar_and_a_label_key_tags_the_hit(qtbot, window):
    qtbot.keyClick(window.document_view, Qt.Key_F, Qt.ControlModifier)
    qtbot.keyClicks(window.find_bar.field, "Engin Ozer")
    qtbot.keyClick(window.find_bar.field, Qt.Key_Escape)
    assert not window.find_bar.isVisible() and window.document_view.hasFocus()
    qtbot.keyClick(window.document_view, Qt.Key_2)
    assert [(s.label, window.document_view.text[s.start:s.end]) for s in window.spans()] == [("Actor", "Engin Ozer")]


@pytest.fixture
def hard_window(qtbot, tmp_path: Path, settings: QSettings):
    (tmp_path / "hard.txt").write_text(HARD, encoding="utf-8", newline="")
    (tmp_path / "other.txt").write_text("Nothing about that city here. Ceasefire now.", encoding="utf-8")
    path = tmp_path / "hard.db"
    transfer.import_files(path, [tmp_path / "other.txt", tmp_path / "hard.txt"], "Ana")
    window = make_window(qtbot, path, settings)
    yield window
    window.close()
    window.project.close()


def test_case_and_whole_word_options_on_hard_text(qtbot, hard_window):
    window = hard_window
    window.show_hit(2, 0, 0)
    qtbot.keyClick(window.document_view, Qt.Key_F, Qt.ControlModifier)
    qtbot.keyClicks(window.find_bar.field, "istanbul")
    assert hits_text(window) == ["İSTANBUL", "istanbul", "Istanbul", "istanbul"]
    window.find_bar.words_box.setChecked(True)
    assert hits_text(window) == ["İSTANBUL", "istanbul", "istanbul"]
    window.find_bar.case_box.setChecked(True)
    assert hits_text(window) == ["istanbul", "istanbul"]


def test_corpus_search_enter_opens_the_hit_selected_for_a_label_key(qtbot, hard_window):
    window = hard_window
    qtbot.keyClick(window.document_view, Qt.Key_F, Qt.ControlModifier | Qt.ShiftModifier)
    panel = window.search_panel
    assert panel.isVisible() and panel.field.hasFocus()
    qtbot.keyClicks(panel.field, "ceasefire")
    qtbot.keyClick(panel.field, Qt.Key_Return)
    assert [(hit.external_id, hit.start, hit.end) for hit in panel.model.rows] == \
        [("other", 30, 39), ("hard", HARD.index("ceasefire"), HARD.index("ceasefire") + 9)]
    qtbot.keyClick(panel.view, Qt.Key_Down)
    qtbot.keyClick(panel.view, Qt.Key_Return)
    view = window.document_view
    assert window.document.external_id == "hard" and view.hasFocus()
    assert view.textCursor().selectedText() == "ceasefire"
    qtbot.keyClick(view, Qt.Key_1)
    assert [(s.label, view.text[s.start:s.end]) for s in window.spans()] == [("Claim", "ceasefire")]


def test_a_bad_corpus_query_is_explained_in_the_panel(qtbot, hard_window):
    panel = hard_window.search_panel
    panel.start()
    panel.search('"ceasefire AND')
    assert panel.summary.text().startswith("⚠ not a search query FTS5 understands")
    assert panel.model.rows == []


@pytest.fixture
def coded_window(qtbot, tmp_path: Path, settings: QSettings):
    from annotator.model import Document, Record, SpanData
    from annotator.store import Project

    text = "Moscow 🇷🇺 said Jose\u0301 would go; Kyiv disagreed.\r\nروسيا"
    path = tmp_path / "coded.db"

    def at(piece: str) -> tuple[int, int]:
        return text.index(piece), text.index(piece) + len(piece)

    with Project(path) as project:
        project.import_records([Record(Document("note", text), [
            SpanData(*at("Moscow"), "Actor", "Ana"), SpanData(*at("Jose\u0301"), "Actor", "Bea"),
            SpanData(*at("Kyiv disagreed"), "Claim", "Ana"), SpanData(*at("روسيا"), "Actor", "Bea")])])
        russia = project.add_entity("actor", "Russia")
        for span in project.spans(1):
            if text[span.start:span.end] in ("Moscow", "روسيا"):
                project.link_span(span.id, russia.id)
    window = make_window(qtbot, path, settings)
    window.layers.show_only(None)
    yield window
    window.close()
    window.project.close()


def shown(window) -> list[str]:
    text = window.document_view.text
    by_id = {span.id: text[span.start:span.end] for span in window.span_panel.spans()}
    return [by_id[span_id] for span_id in window.span_panel.shown_span_ids()]


def test_the_span_list_filters_by_label_analyst_text_and_registry_entry(qtbot, coded_window):
    window = coded_window
    everything = shown(window)
    assert len(everything) == 4
    qtbot.keyClicks(window.span_panel.filter_field, "actor bea")
    assert shown(window) == ["Jose\u0301", "روسيا"]
    window.span_panel.filter_field.clear()
    qtbot.keyClicks(window.span_panel.filter_field, "russia")
    assert shown(window) == ["Moscow", "روسيا"]
    window.span_panel.filter_field.clear()
    qtbot.keyClicks(window.span_panel.filter_field, "JOSÉ")
    assert shown(window) == []          # the text has e + U+0301, not é: no false hit either
    window.span_panel.filter_field.clear()
    assert shown(window) == everything
