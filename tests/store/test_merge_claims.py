"""Merging a colleague's project: registries, frames and links as a plain union by identity."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotator.model import ACTOR, ISSUE, Ref
from annotator.store import Project
from tests.store.claims_fixtures import Interview, interview

RUSSIA = "5d0e4c62-8a6f-4e1a-9f3a-000000000001"
KREMLIN = "5d0e4c62-8a6f-4e1a-9f3a-000000000002"


@pytest.fixture
def mine(project: Project) -> Interview:
    return interview(project)


@pytest.fixture
def colleague(project: Project, mine: Interview, tmp_path: Path) -> Path:
    """Bo's copy of the project, where Bo added a registry, a claim with a linked speaker
    span and a default speaker."""
    path = tmp_path / "bo.db"
    project.checkpoint()
    shutil.copyfile(project.path, path)
    with Project(path) as copy:
        talk = Interview(copy, mine.document_id, mine.ana, mine.bo)
        russia = copy.add_entity(ACTOR, "Russia", aliases=["РФ"], external_id="Q159", entity_id=RUSSIA)
        sanctions = copy.add_entity(ISSUE, "санкції 🚫")
        actor = talk.span("Moscow", "Actor", "Bo")
        copy.link_span(actor.id, russia.id)
        copy.create_claim(talk.span("Moscow 🇷🇺 refused.", "Claim", "Bo").id, speakers=[Ref.span(actor.id)],
                          issues=[Ref.entity(sanctions.id)], stance="oppose")
        copy.set_default_speaker(talk.document_id, russia.id)
    return path


def snapshot(project: Project, document_id: int) -> tuple:
    return (project.entities(include_retired=True), project.claims(document_id), project.links(document_id),
            project.default_speakers(document_id))


def test_a_colleagues_frames_links_and_registry_come_across(project: Project, mine: Interview,
                                                           colleague: Path) -> None:
    report = project.merge_project(colleague)
    (frame,) = project.claims(mine.document_id)
    speaker = mine.span("Moscow", "Actor", "Bo")
    assert (report.claims_added, report.entities_added) == (1, 2)
    assert (frame.span_id, frame.speakers, frame.stance) == (
        mine.span("Moscow 🇷🇺 refused.", "Claim", "Bo").id, (Ref.span(speaker.id),), "oppose")
    assert project.links(mine.document_id) == {speaker.id: RUSSIA}
    assert project.default_speaker_at(mine.document_id, 0) == RUSSIA


def test_merging_twice_adds_nothing(project: Project, mine: Interview, colleague: Path) -> None:
    project.merge_project(colleague)
    before = snapshot(project, mine.document_id)
    report = project.merge_project(colleague)
    assert report.merged_before is not None     # unchanged since: recognised, not read again
    assert (report.claims_added, report.entities_added) == (0, 0)
    assert snapshot(project, mine.document_id) == before


def test_merging_a_changed_file_again_finds_its_frames_already_here(project: Project, mine: Interview,
                                                                    colleague: Path) -> None:
    project.merge_project(colleague)
    with Project(colleague) as copy:
        copy.add_claim_category("999", "Other")  # the file moves on, so it is read in full again
    before = snapshot(project, mine.document_id)
    report = project.merge_project(colleague)
    assert report.merged_before is None
    assert (report.claims_added, report.claims_present, report.entities_added) == (0, 1, 0)
    assert snapshot(project, mine.document_id) == before


def test_the_same_entry_in_two_files_is_one_entry_with_both_aliases(project: Project, mine: Interview,
                                                                    colleague: Path) -> None:
    project.add_entity(ACTOR, "Russia", aliases=["Moscow"], external_id="Q159", entity_id=RUSSIA)
    report = project.merge_project(colleague)
    assert report.registry_conflicts == []
    assert project.entity(RUSSIA).aliases == ("Moscow", "РФ")


def test_a_different_external_id_is_reported_and_ours_kept(project: Project, mine: Interview,
                                                           colleague: Path) -> None:
    project.add_entity(ACTOR, "Russia", external_id="Q2184", entity_id=RUSSIA)
    report = project.merge_project(colleague)
    assert len(report.registry_conflicts) == 1 and "external id 'Q159'" in report.registry_conflicts[0]
    assert project.entity(RUSSIA).external_id == "Q2184"
    assert "1 registry disagreements" in report.summary()


def test_an_empty_external_id_here_is_filled_in(project: Project, mine: Interview, colleague: Path) -> None:
    project.add_entity(ACTOR, "Russia", entity_id=RUSSIA)
    project.merge_project(colleague)
    assert project.entity(RUSSIA).external_id == "Q159"


def test_a_different_parent_is_reported(project: Project, mine: Interview, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with Project(other) as theirs:
        government = theirs.add_entity(ACTOR, "Government 🏛", entity_id=KREMLIN)
        theirs.add_entity(ACTOR, "Russia", parent_id=government.id, entity_id=RUSSIA)
    party = project.add_entity(ACTOR, "United Russia")
    project.add_entity(ACTOR, "Russia", parent_id=party.id, entity_id=RUSSIA)
    report = project.merge_project(other)
    assert len(report.registry_conflicts) == 1 and "parent" in report.registry_conflicts[0]
    assert project.entity(RUSSIA).parent_id == party.id


def test_another_entry_of_the_same_name_comes_in_merged_into_ours(project: Project, mine: Interview,
                                                                  colleague: Path) -> None:
    ours = project.add_entity(ACTOR, "RUSSIA")
    report = project.merge_project(colleague)
    assert project.entity(RUSSIA).merged_into == ours.id
    assert project.links(mine.document_id) == {mine.span("Moscow", "Actor", "Bo").id: ours.id}
    assert any("merged into it" in note for note in report.registry_conflicts)
