"""Review across a project: N and P go on to the next document with something to decide, the
document list and the project's progress follow every decision and undo, the Gold column
stands on the version accepted, and the table and the text always show the same version."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from annotator import transfer
from annotator.model import GOLD_ANNOTATOR_ID
from annotator.ui.document_list import REVIEW_ROLE
from tests.ui.conftest import make_window

# Texts with what offsets trip over: a ZWJ family (one grapheme, 5 code points, 8 UTF-16
# units), a combining accent, CRLF, right-to-left script.
TALKS = ("👩‍👩‍👧 Engin Ozer said the ceasefire agreement holds. Russia firmly opposes any deployment "
         "of troops. Ukraine rejects the idea.")
REPLY = ("Jose\u0301 Marti\u0301n answered: sanctions remain.\r\nשלום is the word. "
         "Peace is possible.")
QUIET = "Nothing here divides them: Engin Ozer spoke."


def span(text: str, phrase: str, label: str, annotator: str) -> dict:
    start = text.index(phrase)
    return {"start": start, "end": start + len(phrase), "label": label, "text": phrase, "annotator": annotator}


RECORDS = [
    {"id": "talks", "text": TALKS, "meta": {"title": "Talks in Ankara"}, "spans": [
        span(TALKS, "Engin Ozer", "Actor", "Ana"), span(TALKS, "Engin Ozer", "Actor", "Ben"),
        span(TALKS, "ceasefire agreement", "Issue", "Ana"), span(TALKS, "ceasefire agreement", "Claim", "Ben"),
        span(TALKS, "Russia firmly opposes any deployment of troops", "Claim", "Ana"),
        span(TALKS, "Russia firmly opposes any deployment", "Claim", "Ben"),
        span(TALKS, "Ukraine rejects the idea", "Claim", "Ben")]},
    {"id": "reply", "text": REPLY, "meta": {"title": "José's reply"}, "spans": [
        span(REPLY, "Jose\u0301 Marti\u0301n", "Actor", "Ana"), span(REPLY, "Jose\u0301 Marti\u0301n", "Actor", "Ben"),
        span(REPLY, "sanctions", "Issue", "Ana"),
        span(REPLY, "Peace is possible", "Issue", "Ana"), span(REPLY, "Peace is possible", "Claim", "Ben")]},
    {"id": "quiet", "text": QUIET, "meta": {"title": "A quiet note"}, "spans": [
        span(QUIET, "Engin Ozer", "Actor", "Ana"), span(QUIET, "Engin Ozer", "Actor", "Ben")]},
]


@pytest.fixture
def team_jsonl_project(tmp_path: Path) -> Path:
    """Ana's and Ben's work on three documents, brought in as JSONL."""
    source = tmp_path / "team.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    path = tmp_path / "team.db"
    transfer.import_files(path, [source], "Ana")
    return path


@pytest.fixture
def reviewer(qtbot, team_jsonl_project: Path, tmp_path: Path):
    settings = QSettings(str(tmp_path / "rita.ini"), QSettings.IniFormat)
    settings.setValue("analyst/name", "Rita")
    settings.setValue("analyst/id", "id-rita")
    window = make_window(qtbot, team_jsonl_project, settings)
    qtbot.keyClick(window.document_view, Qt.Key_R, Qt.ControlModifier)
    names = {a.name: a.id for a in window.project.annotators()}
    window.review.choose([names["Ana"], names["Ben"]])
    qtbot.waitUntil(lambda: window.review.progress.complete)
    yield window
    window.close()
    window.project.close()


def where(window) -> tuple[str, str, str]:
    """(document, finding's kind, text of the version the table shows)."""
    item, version = window.review.current_version()
    shown = version or next(iter(item.spans.values()))
    return (window.document.external_id, item.kind, window.document.text[shown.start:shown.end])


def listed(window) -> str:
    """The document the document list has as current."""
    return window.document_model.documents[window.document_list.currentIndex().row()].external_id


def review_column(window) -> dict[str, str]:
    model = window.document_model
    return {info.external_id: model.index(row).data(REVIEW_ROLE) for row, info in enumerate(model.documents)}


def test_n_alone_goes_through_two_documents_and_p_comes_back(qtbot, reviewer):
    view = reviewer.document_view
    seen = []
    for _ in range(5):
        qtbot.keyClick(view, Qt.Key_N)
        seen.append(where(reviewer))
    assert seen == [("talks", "label", "ceasefire agreement"),
                    ("talks", "boundary", "Russia firmly opposes any deployment of troops"),
                    ("talks", "single", "Ukraine rejects the idea"),
                    ("reply", "single", "sanctions"),
                    ("reply", "label", "Peace is possible")]
    assert listed(reviewer) == "reply"
    qtbot.keyClick(view, Qt.Key_N)                     # nothing further: stays put
    assert where(reviewer) == ("reply", "label", "Peace is possible")
    qtbot.keyClick(view, Qt.Key_P)
    qtbot.keyClick(view, Qt.Key_P)
    assert where(reviewer) == ("talks", "single", "Ukraine rejects the idea")
    assert listed(reviewer) == "talks"


def test_the_document_list_and_the_progress_follow_decisions_and_undo(qtbot, reviewer):
    progress = reviewer.review.project_progress
    assert review_column(reviewer) == {"talks": "3 to decide", "reply": "2 to decide", "quiet": "all agreed"}
    assert progress.text() == "Project: 0 of 2 documents adjudicated · 5 disagreements to decide"
    view = reviewer.document_view
    qtbot.keyClick(view, Qt.Key_N)
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key_A)                 # accepts, and moves on (to the next document)
    assert reviewer.document.external_id == "reply" and listed(reviewer) == "reply"
    assert review_column(reviewer)["talks"] == "✓ done"
    assert progress.text() == "Project: 1 of 2 documents adjudicated · 2 disagreements to decide"
    qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier)  # takes back a decision on the other document
    qtbot.waitUntil(lambda: review_column(reviewer)["talks"] == "1 to decide")
    assert progress.text() == "Project: 0 of 2 documents adjudicated · 3 disagreements to decide"


def test_a_span_changed_in_a_compared_layer_is_counted_again(qtbot, reviewer):
    project = reviewer.project
    ben = next(a.id for a in project.annotators() if a.name == "Ben")
    reply = next(d.id for d in project.documents() if d.external_id == "reply")
    start = REPLY.index("sanctions")
    reviewer.session.add_span(reply, start, start + len("sanctions"), "Issue", ben)   # Ben agrees now
    qtbot.waitUntil(lambda: review_column(reviewer)["reply"] == "1 to decide")


def gold_cells(window, number: int) -> list[tuple[str, str]]:
    """(annotator, Gold cell) of each row of finding `number` (0-based) of the open document."""
    model = window.review.model
    first = model.first_row_of(number)
    return [(model.index(row, 2).data(), model.index(row, 5).data() or "")
            for row in range(first, first + len(model.order))]


def offsets(text: str, phrase: str) -> str:
    start = text.index(phrase)
    return f"{start}–{start + len(phrase)}"


def test_the_gold_column_marks_the_accepted_version_with_its_boundaries(qtbot, reviewer):
    view = reviewer.document_view
    qtbot.keyClick(view, Qt.Key_N)                     # label differs: Ana Issue, Ben Claim
    qtbot.keyClick(view, Qt.Key_V)
    qtbot.keyClick(view, Qt.Key_A)                     # Ben's version; on to the boundary finding
    assert gold_cells(reviewer, 1) == [("Ana", ""), ("Ben", f"accepted: Claim {offsets(TALKS, 'ceasefire agreement')}")]
    qtbot.keyClick(view, Qt.Key_V)
    qtbot.keyClick(view, Qt.Key_A)                     # Ben's shorter claim; on to Ben's lone claim
    assert gold_cells(reviewer, 2) == [
        ("Ana", ""), ("Ben", f"accepted: Claim {offsets(TALKS, 'Russia firmly opposes any deployment')}")]
    qtbot.keyClick(view, Qt.Key_V)                     # Ana's "(not marked)"
    qtbot.keyClick(view, Qt.Key_A)                     # accepts nothing: says to press R
    assert gold_cells(reviewer, 3) == [("Ana", ""), ("Ben", "")]
    qtbot.keyClick(view, Qt.Key_R)                     # rejected; on to the next document
    assert reviewer.document.external_id == "reply"
    qtbot.keyClick(view, Qt.Key_P)
    assert reviewer.document.external_id == "talks"
    assert gold_cells(reviewer, 3) == [("Ana", "rejected"), ("Ben", "")]
    talks = TALKS
    gold = sorted((s.label, talks[s.start:s.end]) for s in reviewer.spans() if s.annotator_id == GOLD_ANNOTATOR_ID)
    assert gold == [("Claim", "Russia firmly opposes any deployment"), ("Claim", "ceasefire agreement")]


@pytest.mark.parametrize("presses, kind", [(1, "label"), (2, "boundary"), (3, "single")])
def test_the_table_and_the_text_show_the_same_version(qtbot, reviewer, presses, kind):
    view, review = reviewer.document_view, reviewer.review
    for _ in range(presses):
        qtbot.keyClick(view, Qt.Key_N)
    assert review.current_version()[0].kind == kind
    for _ in range(3):                                 # every version, and round again
        row = review.table.selectionModel().currentIndex().row()
        version = review.model.entry(row).span
        assert view.selected_span_id == (version.id if version is not None else None)
        assert review.current_version()[1] == version
        qtbot.keyClick(view, Qt.Key_V)


def test_n_lands_on_a_version_that_marks_something(qtbot, reviewer):
    view, review = reviewer.document_view, reviewer.review
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key_N)                 # one annotator only: Ana marked nothing
    item, version = review.current_version()
    assert item.kind == "single" and version is not None and version.annotator == "Ben"
    assert view.selected_span_id == version.id


def test_a_decision_changes_the_table_and_the_text_in_place(qtbot, reviewer):
    view, review = reviewer.document_view, reviewer.review
    qtbot.keyClick(view, Qt.Key_N)
    placed_before = len(view.index)
    with qtbot.assertNotEmitted(review.model.modelReset), qtbot.assertNotEmitted(reviewer.layers.changed):
        qtbot.keyClick(view, Qt.Key_A)
    gold = [s for s in reviewer.project.spans(reviewer.document.id) if s.annotator_id == GOLD_ANNOTATOR_ID]
    assert len(gold) == 1 and view.index.get(gold[0].id) is not None
    assert len(view.index) == placed_before + 1
    with qtbot.assertNotEmitted(review.model.modelReset):
        qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier)
    assert view.index.get(gold[0].id) is None and len(view.index) == placed_before


def test_leaving_review_mode_clears_the_document_list_column(qtbot, reviewer):
    qtbot.keyClick(reviewer.document_view, Qt.Key_R, Qt.ControlModifier)
    assert set(review_column(reviewer).values()) == {None}
    assert reviewer.review.project_progress.text() == ""
