"""Tag everywhere in the real window: a span's words (or a selection's, with the label last
used) tagged wherever they stand again, in the document or the corpus, as one undoable step."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator import transfer
from annotator.store import Project
from tests.ui.conftest import click_at_char, select_words, window_on

ANA_ID = "analyst-ana"
BEN_ID = "analyst-ben"
FIRST = ("Russia said no. RUSSIA's envoy 👩‍👩‍👧 left;\r\nRussia\u2028and روسيا Russia agreed.\n"
         "The Russian side: Russia.")
SECOND = "In Kyiv, Russia was named twice: Russia."
THIRD = "Nothing about russia here."


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    texts = []
    for name, text in (("a-first.txt", FIRST), ("b-second.txt", SECOND), ("c-third.txt", THIRD)):
        (tmp_path / name).write_bytes(text.encode("utf-8"))
        texts.append(tmp_path / name)
    path = tmp_path / "corpus.db"
    transfer.import_files(path, texts, "Ana")
    return path


@pytest.fixture
def window(qtbot, corpus: Path, settings):
    with window_on(qtbot, corpus, settings) as window:
        yield window


def layer(project: Project, annotator_id: str = ANA_ID) -> list[tuple[str, int, str, str]]:
    """(document, start, label, text) of every span in the layer, in document and text order."""
    found = []
    for info in project.documents():
        text = project.document(info.id).text
        found += [(info.external_id, s.start, s.label, text[s.start:s.end])
                  for s in project.spans(info.id, [annotator_id])]
    return found


def list_counts(window) -> list[int]:
    """The span counts the document list shows, in its order."""
    return [info.span_count for info in window.document_model.documents]


def tag_first_russia(qtbot, window) -> None:
    select_words(qtbot, window.document_view, "Russia")
    qtbot.keyClick(window.document_view, Qt.Key_2)          # Actor


def test_a_span_is_tagged_everywhere_in_its_document(qtbot, window):
    tag_first_russia(qtbot, window)
    qtbot.keyClick(window.document_view, Qt.Key_T, Qt.ControlModifier)
    spans = [(label, text) for _, _, label, text in layer(window.project)]
    assert spans == [("Actor", "Russia")] * 4           # not RUSSIA's, not Russian, not روسيا
    assert [(s.label, window.document.text[s.start:s.end]) for s in window.spans()] == [("Actor", "Russia")] * 4
    assert window.statusBar().currentMessage() == "Tagged 3 more occurrences of “Russia” as Actor in this document."


def test_the_corpus_gets_the_same_words_in_one_undoable_step(qtbot, window):
    tag_first_russia(qtbot, window)
    qtbot.keyClick(window.document_view, Qt.Key_T, Qt.ControlModifier | Qt.ShiftModifier)
    assert [(doc, text) for doc, _, _, text in layer(window.project)] == \
        [("a-first", "Russia")] * 4 + [("b-second", "Russia")] * 2 + [("c-third", "russia")]
    assert window.statusBar().currentMessage() == \
        "Tagged 6 more occurrences of “Russia” as Actor in 3 documents."
    assert list_counts(window) == [4, 2, 1]
    before_undo = layer(window.project)
    qtbot.keyClick(window.document_view, Qt.Key_Z, Qt.ControlModifier)
    assert [(doc, text) for doc, _, _, text in layer(window.project)] == [("a-first", "Russia")]
    assert len(window.spans()) == 1 and list_counts(window) == [1, 0, 0]
    qtbot.keyClick(window.document_view, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert layer(window.project) == before_undo
    assert len(window.spans()) == 4


def test_many_spans_are_written_in_the_background_and_undone_there_too(qtbot, window):
    window.tag_everywhere.background_from = 2          # as if 2 spans were 20,000
    tag_first_russia(qtbot, window)
    qtbot.keyClick(window.document_view, Qt.Key_T, Qt.ControlModifier | Qt.ShiftModifier)
    tagged = layer(window.project)
    assert len(tagged) == 7 and len(window.spans()) == 4
    qtbot.keyClick(window.document_view, Qt.Key_Z, Qt.ControlModifier)
    assert len(layer(window.project)) == 1 and list_counts(window) == [1, 0, 0]
    qtbot.keyClick(window.document_view, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert layer(window.project) == tagged and list_counts(window) == [4, 2, 1]


def test_what_is_already_tagged_is_counted_not_doubled(qtbot, window):
    tag_first_russia(qtbot, window)
    qtbot.keyClick(window.document_view, Qt.Key_T, Qt.ControlModifier)
    qtbot.keyClick(window.document_view, Qt.Key_T, Qt.ControlModifier | Qt.ShiftModifier)
    assert window.statusBar().currentMessage() == \
        "Tagged 3 more occurrences of “Russia” as Actor in 2 documents (3 already tagged)."
    assert len(layer(window.project)) == 7


def test_a_selection_takes_the_label_last_used(qtbot, window):
    tag_first_russia(qtbot, window)
    view = window.document_view
    select_words(qtbot, view, "envoy")
    qtbot.keyClick(view, Qt.Key_T, Qt.ControlModifier)
    assert ("Actor", "envoy") in [(label, text) for _, _, label, text in layer(window.project)]


def test_links_go_with_the_new_spans_and_claims_open_no_editor(qtbot, window):
    russia = window.session.add_entity("actor", "Russia")
    tag_first_russia(qtbot, window)
    (span,) = window.spans()
    window.session.link_span(span, russia.id)
    window.presenter.select_span(span.id)
    qtbot.keyClick(window.document_view, Qt.Key_T, Qt.ControlModifier | Qt.ShiftModifier)
    project = window.project
    ids = [s.id for info in project.documents() for s in project.spans(info.id, [ANA_ID])]
    assert len(ids) == 7 and {project.span_entity(i) for i in ids} == {russia.id}
    qtbot.keyClick(window.document_view, Qt.Key_Z, Qt.ControlModifier)
    assert [project.span_entity(i) for i in ids[1:]] == [None] * 6
    qtbot.keyClick(window.document_view, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert {project.span_entity(i) for i in ids} == {russia.id}


def test_match_case_is_an_option_the_window_remembers(qtbot, window, settings):
    select_words(qtbot, window.document_view, "Russia")
    qtbot.keyClick(window.document_view, Qt.Key_3)          # Issue
    window.tag_everywhere.match_case_action.trigger()
    window.tag_everywhere.tag_all(corpus=True)
    assert settings.value("tag_all/match_case", False, bool) is True
    assert [text for _, _, _, text in layer(window.project)] == ["Russia"] * 6     # not c-third's "russia"
    window.tag_everywhere.match_case_action.trigger()
    assert settings.value("tag_all/match_case", True, bool) is False


def test_new_claim_spans_open_no_frame_editor(qtbot, window):
    select_words(qtbot, window.document_view, "Russia")
    qtbot.keyClick(window.document_view, Qt.Key_1)          # Claim: its frame editor opens
    window.frame_editor.hide()
    qtbot.keyClick(window.document_view, Qt.Key_T, Qt.ControlModifier)
    assert [label for _, _, label, _ in layer(window.project)] == ["Claim"] * 4
    assert not window.frame_editor.isVisible()


def test_review_mode_refuses_it(qtbot, window):
    tag_first_russia(qtbot, window)
    window.review_action.setChecked(True)
    window.tag_everywhere.tag_all(corpus=True)
    assert "leave review mode" in window.statusBar().currentMessage()
    assert len(layer(window.project)) == 1


def test_a_colleagues_span_is_refused(qtbot, settings, corpus: Path):
    with Project(corpus) as project:
        info = project.documents()[0]
        project.ensure_annotator("Ben", BEN_ID)
        project.add_span(info.id, 0, 6, "Actor", BEN_ID)
    with window_on(qtbot, corpus, settings) as window:
        click_at_char(qtbot, window.document_view, 2)
        qtbot.keyClick(window.document_view, Qt.Key_T, Qt.ControlModifier)
        assert "is Ben's: only they can tag it everywhere" in window.statusBar().currentMessage()
        assert layer(window.project) == []
