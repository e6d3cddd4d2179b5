"""Claim frames: who claims what about which issue, with which stance, in the Claim span's layer."""

from __future__ import annotations

import pytest

from annotator.model import ACTOR, ISSUE, ClaimCategory, DefaultSpeaker, Ref
from annotator.store import Project
from annotator.store.claims import _CLAIM_SELECT
from tests.store.claims_fixtures import Interview, interview


@pytest.fixture
def talk(project: Project) -> Interview:
    return interview(project)


def claim_span(talk: Interview):
    return talk.span("Зеленський said 👩\u200d👩\u200d👧 the ceasefire must hold.", "Claim")


def test_a_frame_reads_back_with_its_speakers_issues_and_stance(project: Project, talk: Interview) -> None:
    russia = project.add_entity(ACTOR, "Russia")
    speaker, issue = talk.span("Зеленський", "Actor"), talk.span("ceasefire", "Issue")
    frame = project.create_claim(claim_span(talk).id, speakers=[Ref.span(speaker.id), Ref.entity(russia.id)],
                                 issues=[Ref.span(issue.id)], stance="support", note="📝 ok")
    assert project.claims(talk.document_id) == [frame]
    assert (frame.speakers, frame.issues, frame.stance, frame.note, frame.annotator_id) == (
        (Ref.span(speaker.id), Ref.entity(russia.id)), (Ref.span(issue.id),), "support", "📝 ok", talk.ana)


def test_an_unknown_stance_is_empty_and_never_oppose(project: Project, talk: Interview) -> None:
    frame = project.create_claim(claim_span(talk).id)
    assert (frame.stance, frame.complete) == ("", False)
    with pytest.raises(ValueError, match="stance"):
        project.update_claim(frame.id, stance="disagree")


def test_a_claim_span_has_one_frame(project: Project, talk: Interview) -> None:
    project.create_claim(claim_span(talk).id)
    with pytest.raises(ValueError, match="already has a frame"):
        project.create_claim(claim_span(talk).id)


def test_a_speaker_span_must_be_in_the_claims_layer(project: Project, talk: Interview) -> None:
    bos_actor = talk.span("Moscow", "Actor", "Bo")
    with pytest.raises(ValueError, match="layer"):
        project.create_claim(claim_span(talk).id, speakers=[Ref.span(bos_actor.id)])
    assert project.claims(talk.document_id) == []


def test_a_speaker_entry_must_be_an_actor(project: Project, talk: Interview) -> None:
    issue = project.add_entity(ISSUE, "sanctions")
    with pytest.raises(ValueError, match="actor"):
        project.create_claim(claim_span(talk).id, speakers=[Ref.entity(issue.id)])


def test_update_changes_only_what_is_given(project: Project, talk: Interview) -> None:
    issue = talk.span("ceasefire", "Issue")
    frame = project.create_claim(claim_span(talk).id, issues=[Ref.span(issue.id)], note="n")
    updated = project.update_claim(frame.id, stance="oppose")
    assert (updated.issues, updated.note, updated.stance) == (frame.issues, "n", "oppose")


def test_a_category_must_be_in_the_codebook(project: Project, talk: Interview) -> None:
    frame = project.create_claim(claim_span(talk).id)
    with pytest.raises(ValueError, match="category"):
        project.update_claim(frame.id, category="101")
    project.add_claim_category("101", "Security")
    assert project.update_claim(frame.id, category="101").category == "101"


def test_categories_make_a_tree_by_parent_code(project: Project) -> None:
    project.add_claim_category("101", "Безпека")
    project.add_claim_category("1011", "Ceasefire 🕊️", parent_code="101")
    project.update_claim_category("1011", name="Перемир'я")
    assert project.claim_categories() == [ClaimCategory("101", "Безпека"),
                                          ClaimCategory("1011", "Перемир'я", "101")]
    with pytest.raises(ValueError, match="under itself"):
        project.update_claim_category("101", parent_code="1011")


def test_deleting_the_claim_span_hides_the_frame_and_undo_brings_it_back_exact(
        project: Project, talk: Interview) -> None:
    speaker = talk.span("Зеленський", "Actor")
    frame = project.create_claim(claim_span(talk).id, speakers=[Ref.span(speaker.id)], stance="neutral")
    deleted = project.delete_span(frame.span_id)
    assert (project.claims(talk.document_id), project.claim_for_span(frame.span_id)) == ([], None)
    project.restore_span(deleted)
    assert project.claims(talk.document_id) == [frame]


def test_deleting_a_speaker_span_leaves_it_out_until_it_is_restored(project: Project, talk: Interview) -> None:
    speaker = talk.span("Зеленський", "Actor")
    frame = project.create_claim(claim_span(talk).id, speakers=[Ref.span(speaker.id)])
    deleted = project.delete_span(speaker.id)
    assert project.claim(frame.id).speakers == ()
    project.restore_span(deleted)
    assert project.claim(frame.id) == frame


def test_a_frame_on_a_span_of_a_deleted_label_is_hidden_with_it(project: Project, talk: Interview) -> None:
    frame = project.create_claim(claim_span(talk).id)
    project.delete_label("Claim")
    assert project.claims(talk.document_id) == []
    project.restore_label("Claim")
    assert project.claims(talk.document_id) == [frame]


def test_a_deleted_frame_is_restored_with_its_id_and_references(project: Project, talk: Interview) -> None:
    russia = project.add_entity(ACTOR, "Russia")
    frame = project.create_claim(claim_span(talk).id, speakers=[Ref.entity(russia.id)], category="")
    deleted = project.delete_claim(frame.id)
    assert project.claims(talk.document_id) == []
    assert project.restore_claim(deleted) == frame


def test_references_to_a_merged_entry_read_as_its_target(project: Project, talk: Interview) -> None:
    kremlin, russia = project.add_entity(ACTOR, "Kremlin"), project.add_entity(ACTOR, "Russia")
    frame = project.create_claim(claim_span(talk).id, speakers=[Ref.entity(kremlin.id)])
    project.merge_entities(kremlin.id, russia.id)
    assert project.claim(frame.id).speakers == (Ref.entity(russia.id),)
    project.unmerge_entity(kremlin.id)
    assert project.claim(frame.id) == frame


def test_claims_can_be_read_for_some_layers_only(project: Project, talk: Interview) -> None:
    ana = project.create_claim(claim_span(talk).id)
    bo = project.create_claim(talk.span("Moscow 🇷🇺 refused.", "Claim", "Bo").id)
    assert project.claims(talk.document_id, [talk.bo]) == [bo]
    assert project.claims(talk.document_id) == [ana, bo]       # in text order


def test_the_default_speaker_is_the_passages_else_the_documents(project: Project, talk: Interview) -> None:
    host, guest = project.add_entity(ACTOR, "Host"), project.add_entity(ACTOR, "أردوغان")
    project.set_default_speaker(talk.document_id, host.id)
    project.set_default_speaker(talk.document_id, guest.id, passage=(48, 70))
    assert [project.default_speaker_at(talk.document_id, p) for p in (0, 48, 69, 70)] == [
        host.id, guest.id, guest.id, host.id]
    assert project.default_speakers(talk.document_id) == [DefaultSpeaker(talk.document_id, host.id),
                                                          DefaultSpeaker(talk.document_id, guest.id, (48, 70))]


def test_clearing_a_default_speaker_returns_it_for_undo(project: Project, talk: Interview) -> None:
    host = project.add_entity(ACTOR, "Host")
    assert project.set_default_speaker(talk.document_id, host.id) is None
    assert project.clear_default_speaker(talk.document_id) == DefaultSpeaker(talk.document_id, host.id)
    assert project.default_speaker_at(talk.document_id, 3) is None


def test_a_default_speaker_is_an_actor(project: Project, talk: Interview) -> None:
    issue = project.add_entity(ISSUE, "sanctions")
    with pytest.raises(ValueError, match="actor"):
        project.set_default_speaker(talk.document_id, issue.id)


def test_frames_read_the_same_whatever_order_sqlite_returns_their_rows_in(project: Project, talk: Interview) -> None:
    russia, kyiv = project.add_entity(ACTOR, "Russia"), project.add_entity(ACTOR, "Kyiv")
    project.create_claim(claim_span(talk).id, speakers=[Ref.entity(kyiv.id), Ref.span(talk.span("Зеленський", "Actor").id),
                                                        Ref.entity(russia.id)], issues=[Ref.span(talk.span("ceasefire", "Issue").id)])
    project.create_claim(talk.span("أردوغان disagreed", "Claim").id, speakers=[Ref.entity(russia.id)])
    rows = project._conn.execute(_CLAIM_SELECT + " WHERE c.document_id = ?", (talk.document_id,)).fetchall()
    assert project._build_frames(list(reversed(rows))) == project.claims(talk.document_id)
