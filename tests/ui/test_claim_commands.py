"""Claims through the session and the undo history: every change committed, announced, undoable."""

from __future__ import annotations

from dataclasses import replace

import pytest

from annotator.model import ACTOR, ISSUE, Annotator, Ref
from annotator.store import Project
from annotator.ui.commands import (
    AddEntityCommand,
    CreateClaimCommand,
    DefaultSpeakerCommand,
    DeleteClaimCommand,
    DeleteSpanCommand,
    LinkSpanCommand,
    MergeEntitiesCommand,
    UpdateClaimCommand,
    UpdateEntityCommand,
)
from annotator.ui.history import History
from annotator.ui.session import ProjectSession
from tests.store.claims_fixtures import Interview, interview

CLAIM = "Зеленський said 👩\u200d👩\u200d👧 the ceasefire must hold."


@pytest.fixture
def talk(project: Project) -> Interview:
    return interview(project)


@pytest.fixture
def session(qapp, project: Project, talk: Interview) -> ProjectSession:
    return ProjectSession(project, Annotator(talk.ana, "Ana"))


@pytest.fixture
def history(session: ProjectSession) -> History:
    return History(session)


def recorded(signal) -> list:
    seen: list = []
    signal.connect(lambda *args: seen.append(args))
    return seen


def test_framing_a_claim_is_announced_and_undone(session, history, talk, project) -> None:
    announced = recorded(session.claims_changed)
    command = CreateClaimCommand(session, talk.span(CLAIM, "Claim"),
                                 speakers=(Ref.span(talk.span("Зеленський", "Actor").id),), stance="support")
    history.push(command)
    assert project.claims(talk.document_id) == [command.frame]
    history.undo()
    assert project.claims(talk.document_id) == []
    history.redo()
    assert project.claims(talk.document_id) == [command.frame]      # the same id again
    assert announced == [(talk.document_id,)] * 3


def test_undoing_a_stance_change_leaves_the_rest(session, history, talk, project) -> None:
    frame = session.create_claim(talk.span(CLAIM, "Claim").id, note="🙂")
    history.push(UpdateClaimCommand(session, frame, stance="oppose"))
    assert project.claim(frame.id).stance == "oppose"
    history.undo()
    assert replace(project.claim(frame.id), updated=frame.updated) == frame   # only the time moved on


def test_deleting_a_frame_and_undoing_restores_it_exactly(session, history, talk, project) -> None:
    frame = session.create_claim(talk.span(CLAIM, "Claim").id, issues=(Ref.span(talk.span("ceasefire", "Issue").id),))
    history.push(DeleteClaimCommand(session, frame))
    history.undo()
    assert project.claims(talk.document_id) == [frame]


def test_deleting_a_claim_span_and_undoing_keeps_frame_and_link_exact(session, history, talk, project) -> None:
    russia = session.add_entity(ACTOR, "Зеленський")
    speaker = talk.span("Зеленський", "Actor")
    session.link_span(speaker, russia.id)
    frame = session.create_claim(talk.span(CLAIM, "Claim").id, speakers=(Ref.span(speaker.id),))
    claims_seen, links_seen = recorded(session.claims_changed), recorded(session.links_changed)
    history.push(DeleteSpanCommand(session, speaker, "Зеленський"))
    assert project.claim(frame.id).speakers == ()
    history.undo()
    assert (project.claims(talk.document_id), project.links(talk.document_id)) == ([frame], {speaker.id: russia.id})
    assert (len(claims_seen), len(links_seen)) == (2, 2)


def test_adding_an_entry_is_undone_by_retiring_it(session, history, project) -> None:
    announced = recorded(session.registry_changed)
    command = AddEntityCommand(session, ISSUE, "санкції 🚫", aliases=["sanctions"])
    history.push(command)
    history.undo()
    assert project.entities() == []
    history.redo()
    assert project.entities() == [command.entity]
    assert len(announced) == 3


def test_renaming_and_aliases_are_undone_together_or_apart(session, history, project) -> None:
    entry = session.add_entity(ACTOR, "Erdogan")
    history.push(UpdateEntityCommand(session, entry, name="أردوغان"))
    history.push(UpdateEntityCommand(session, project.entity(entry.id), aliases=("Erdoğan", "RTE")))
    history.undo()
    assert (project.entity(entry.id).name, project.entity(entry.id).aliases) == ("أردوغان", ())
    history.undo()
    assert project.entity(entry.id) == entry


def test_merging_entries_is_undone_exactly(session, history, talk, project) -> None:
    moscow, russia = session.add_entity(ACTOR, "Moscow"), session.add_entity(ACTOR, "Russia")
    session.link_span(talk.span("Moscow", "Actor", "Bo"), moscow.id)
    before = (project.entities(include_retired=True), project.links(talk.document_id))
    history.push(MergeEntitiesCommand(session, moscow, russia))
    assert set(project.links(talk.document_id).values()) == {russia.id}
    history.undo()
    assert (project.entities(include_retired=True), project.links(talk.document_id)) == before


def test_relinking_a_span_and_undoing_restores_the_old_link(session, history, talk, project) -> None:
    a, b = session.add_entity(ACTOR, "Kyiv"), session.add_entity(ACTOR, "Зеленський")
    span = talk.span("Зеленський", "Actor")
    session.link_span(span, a.id)
    history.push(LinkSpanCommand(session, span, b.id, "Зеленський"))
    history.push(LinkSpanCommand(session, span, None, "Зеленський"))
    assert project.links(talk.document_id) == {}
    history.undo()
    history.undo()
    assert project.links(talk.document_id) == {span.id: a.id}


def test_setting_a_default_speaker_and_undoing_restores_the_previous(session, history, talk, project) -> None:
    host, guest = session.add_entity(ACTOR, "Host"), session.add_entity(ACTOR, "Guest 🎙")
    session.set_default_speaker(talk.document_id, host.id)
    announced = recorded(session.default_speakers_changed)
    history.push(DefaultSpeakerCommand(session, talk.document_id, guest.id))
    assert project.default_speaker_at(talk.document_id, 0) == guest.id
    history.undo()
    assert project.default_speaker_at(talk.document_id, 0) == host.id
    assert announced == [(talk.document_id,)] * 2


def test_a_refused_frame_leaves_no_history(session, history, talk, project) -> None:
    errors = recorded(session.error)
    history.push(CreateClaimCommand(session, talk.span(CLAIM, "Claim"),
                                    speakers=(Ref.span(talk.span("Moscow", "Actor", "Bo").id),)))
    assert (project.claims(talk.document_id), history.stack.count()) == ([], 0)
    assert "layer" in errors[0][0]
