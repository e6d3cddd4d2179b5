"""A decision that accepts a claim writes its frame with the gold span, and takes it away with it."""

from __future__ import annotations

import pytest

from annotator.model import ACTOR, GOLD_ANNOTATOR_ID, ClaimFrame, Ref
from annotator.store import Project
from tests.store.claims_fixtures import Interview, at, interview

CLAIM = "Зеленський said 👩\u200d👩\u200d👧 the ceasefire must hold."


@pytest.fixture
def talk(project: Project) -> Interview:
    return interview(project)


def frame(**fields) -> ClaimFrame:
    return ClaimFrame("gold-frame-1", -1, "ignored", **fields)


def test_accepting_with_a_frame_puts_it_on_the_gold_span(project: Project, talk: Interview) -> None:
    russia = project.add_entity(ACTOR, "Russia")
    decision = project.decide(talk.document_id, at(CLAIM), "accept", talk.ana, (*at(CLAIM), "Claim"),
                              frame(speakers=(Ref.entity(russia.id),), stance="oppose", note="✍️"))
    (gold,) = project.claims(talk.document_id, [GOLD_ANNOTATOR_ID])
    assert (gold.id, gold.span_id, gold.annotator_id, gold.speakers, gold.stance, gold.note) == (
        "gold-frame-1", decision.gold_span.id, GOLD_ANNOTATOR_ID, (Ref.entity(russia.id),), "oppose", "✍️")


def test_replacing_or_undoing_the_decision_takes_the_frame_away(project: Project, talk: Interview) -> None:
    region = at(CLAIM)
    project.decide(talk.document_id, region, "accept", talk.ana, (*region, "Claim"), frame(stance="support"))
    project.decide(talk.document_id, region, "reject", talk.ana)
    assert project.claims(talk.document_id, [GOLD_ANNOTATOR_ID]) == []
    project.decide(talk.document_id, region, "accept", talk.ana, (*region, "Claim"), frame(stance="support"))
    project.undo_decision(talk.document_id, region)
    assert not project.has_claims([GOLD_ANNOTATOR_ID])


def test_a_gold_frame_may_not_refer_to_an_analysts_span(project: Project, talk: Interview) -> None:
    anas_actor = talk.span("Зеленський", "Actor")
    with pytest.raises(ValueError, match="gold spans"):
        project.decide(talk.document_id, at(CLAIM), "accept", talk.ana, (*at(CLAIM), "Claim"),
                       frame(speakers=(Ref.span(anas_actor.id),)))
    assert project.decisions(talk.document_id) == []
