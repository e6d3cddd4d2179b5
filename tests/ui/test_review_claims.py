"""Review of claims through the real window by keyboard: two analysts frame the same Claim span
differently; the reviewer sees which field differs and accepts a version, frame and all, into
gold; undo and redo put the gold frame back exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from annotator.model import ACTOR, GOLD_ANNOTATOR_ID, ISSUE, Document, Record, Ref, SpanData
from annotator.store import Project
from tests.ui.conftest import make_window

# Right-to-left, Cyrillic, a ZWJ emoji and CRLF around the spans.
TEXT = "\ufeffЗеленський said 👩\u200d👩\u200d👧 the ceasefire must hold.\r\nأردوغان agreed."
CLAIM = "Зеленський said 👩\u200d👩\u200d👧 the ceasefire must hold."


def at(quote: str) -> tuple[int, int]:
    start = TEXT.index(quote)
    return start, start + len(quote)


@pytest.fixture
def framed_project(tmp_path: Path) -> Path:
    """Ana and Ben mark the same Claim and Actor spans. Ana: speaker her Actor span (linked to
    Zelensky), issue the entry "ceasefire", support. Ben: speaker the entry Zelensky, the same
    issue, oppose. So the speakers agree (by entry), the stances do not."""
    path = tmp_path / "team.db"
    with Project(path) as project:
        spans = [SpanData(*at(CLAIM), "Claim", who) for who in ("Ana", "Ben")]
        spans += [SpanData(*at("Зеленський"), "Actor", who) for who in ("Ana", "Ben")]
        project.import_records([Record(Document("talk-1", TEXT, title="Talks"), spans)])
        (document,) = project.documents()
        ana, ben = project.layer_ids(["Ana"])[0], project.layer_ids(["Ben"])[0]
        zelensky = project.add_entity(ACTOR, "Zelensky", aliases=["Зеленський"])
        ceasefire = project.add_entity(ISSUE, "ceasefire")
        span = {(s.annotator_id, s.label): s for s in project.spans(document.id)}
        project.link_span(span[ana, "Actor"].id, zelensky.id)
        project.create_claim(span[ana, "Claim"].id, speakers=[Ref.span(span[ana, "Actor"].id)],
                             issues=[Ref.entity(ceasefire.id)], stance="support")
        project.create_claim(span[ben, "Claim"].id, speakers=[Ref.entity(zelensky.id)],
                             issues=[Ref.entity(ceasefire.id)], stance="oppose")
    return path


@pytest.fixture
def reviewer(qtbot, framed_project: Path):
    settings = QSettings(str(framed_project.parent / "Rita.ini"), QSettings.IniFormat)
    settings.setValue("analyst/name", "Rita")
    settings.setValue("analyst/id", "id-rita")
    window = make_window(qtbot, framed_project, settings)
    qtbot.keyClick(window.document_view, Qt.Key_R, Qt.ControlModifier)
    names = {a.name: a.id for a in window.project.annotators()}
    window.review.choose([names["Ana"], names["Ben"]])
    yield window
    window.close()
    window.project.close()


def gold_frames(window):
    return window.project.claims(window.document.id, [GOLD_ANNOTATOR_ID])


def test_a_claim_whose_stance_differs_is_a_finding(reviewer):
    model = reviewer.review.model
    assert [item.kind for item in model.items] == ["agreed", "stance"]    # the Actor, then the claim
    assert model.index(2, 1).data() == "stance differs"
    assert model.index(2, 6).data() == "“Зеленський” → ceasefire · support"
    assert model.index(3, 6).data() == "Zelensky → ceasefire · oppose"
    assert reviewer.review.summary.text() == "2 findings · 1 agreed · 1 disagreement still to decide"


def test_accepting_a_version_takes_its_frame_into_gold(qtbot, reviewer):
    view = reviewer.document_view
    qtbot.keyClick(view, Qt.Key_N)
    qtbot.keyClick(view, Qt.Key_V)                  # Ben's version: oppose
    qtbot.keyClick(view, Qt.Key_A)
    (frame,) = gold_frames(reviewer)
    zelensky = reviewer.project.lookup_entities("Zelensky")[0]
    gold_claim = reviewer.project.span(frame.span_id)
    assert (gold_claim.annotator_id, reviewer.document.text[gold_claim.start:gold_claim.end]) == (GOLD_ANNOTATOR_ID, CLAIM)
    assert (frame.speakers, frame.stance) == ((Ref.entity(zelensky.id),), "oppose")


def test_a_speaker_span_already_in_gold_is_referred_to_there(qtbot, reviewer):
    view = reviewer.document_view
    qtbot.keyClick(view, Qt.Key_A, Qt.ShiftModifier)     # the agreed Actor span goes into gold
    qtbot.keyClick(view, Qt.Key_N)
    qtbot.keyClick(view, Qt.Key_A)                       # Ana's version: her Actor span as speaker
    (frame,) = gold_frames(reviewer)
    (speaker,) = frame.speakers
    gold_actor = reviewer.project.span(speaker.span_id)
    assert (gold_actor.annotator_id, gold_actor.label, frame.stance) == (GOLD_ANNOTATOR_ID, "Actor", "support")


def test_undo_and_redo_of_an_accepted_frame_are_exact(qtbot, reviewer):
    view = reviewer.document_view
    qtbot.keyClick(view, Qt.Key_N)
    qtbot.keyClick(view, Qt.Key_A)                       # Ana's: support
    (first,) = gold_frames(reviewer)
    qtbot.keyClick(view, Qt.Key_P)
    qtbot.keyClick(view, Qt.Key_V)
    qtbot.keyClick(view, Qt.Key_A)                       # Ben's replaces it: oppose
    (second,) = gold_frames(reviewer)
    assert second.stance == "oppose" and second.id != first.id
    qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier)   # back to Ana's, the very frame
    (back,) = gold_frames(reviewer)
    assert (back.id, back.speakers, back.issues, back.stance, back.created) == (
        first.id, first.speakers, first.issues, first.stance, first.created)
    qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier)   # no decision, no gold frame
    assert gold_frames(reviewer) == []
    assert [s for s in reviewer.project.spans(reviewer.document.id) if s.annotator_id == GOLD_ANNOTATOR_ID] == []
    qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert [f.id for f in gold_frames(reviewer)] == [first.id]


def test_undoing_a_decision_leaves_no_frame_behind_in_the_store(qtbot, reviewer):
    view = reviewer.document_view
    qtbot.keyClick(view, Qt.Key_N)
    qtbot.keyClick(view, Qt.Key_A)
    qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier)
    assert reviewer.project.has_claims([GOLD_ANNOTATOR_ID]) is False
