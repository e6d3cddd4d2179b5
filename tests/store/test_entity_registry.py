"""The registry of actors and issues: stable ids, names and aliases, merges that undo exactly."""

from __future__ import annotations

import pytest

from annotator.model import ACTOR, ISSUE, EntityUsage, Ref
from annotator.store import Project
from annotator.store.registry import KEEP
from tests.store.claims_fixtures import interview


def test_an_added_entry_has_a_uuid_and_reads_back(project: Project) -> None:
    entry = project.add_entity(ACTOR, "Зеленський", aliases=["Zelensky", "Зеленский"], external_id="Q3881")
    assert len(entry.id) == 36
    assert project.entities() == [entry]
    assert (entry.kind, entry.name, entry.aliases, entry.external_id) == (
        ACTOR, "Зеленський", ("Zelensky", "Зеленский"), "Q3881")


def test_lookup_ignores_case_width_and_spacing_and_finds_aliases(project: Project) -> None:
    erdogan = project.add_entity(ACTOR, "أردوغان", aliases=["Recep  Tayyip ERDOĞAN"])
    assert project.lookup_entities("  أردوغان ") == [erdogan]
    assert project.lookup_entities("recep tayyip erdoğan") == [erdogan]
    assert project.lookup_entities("Ｒｅｃｅｐ Tayyip Erdoğan") == [erdogan]   # full-width letters
    assert project.lookup_entities("Erdogan") == []


def test_lookup_puts_canonical_names_before_aliases(project: Project) -> None:
    moscow = project.add_entity(ACTOR, "Moscow")
    russia = project.add_entity(ACTOR, "Russia", aliases=["moscow"])
    assert project.lookup_entities("MOSCOW") == [moscow, russia]


def test_lookup_by_kind_leaves_the_other_kind_out(project: Project) -> None:
    project.add_entity(ACTOR, "EU")
    issue = project.add_entity(ISSUE, "eu", aliases=["🇪🇺 membership"])
    assert project.lookup_entities("Eu", ISSUE) == [issue]
    assert project.lookup_entities("🇪🇺 MEMBERSHIP") == [issue]


def test_a_second_live_entry_of_the_same_name_and_kind_is_refused(project: Project) -> None:
    project.add_entity(ACTOR, "Russia")
    with pytest.raises(ValueError, match="already"):
        project.add_entity(ACTOR, " RUSSIA ")


def test_an_issue_may_share_an_actors_name(project: Project) -> None:
    project.add_entity(ACTOR, "NATO")
    assert project.add_entity(ISSUE, "NATO").kind == ISSUE


def test_renaming_recodes_the_links_that_use_the_entry(project: Project) -> None:
    talk = interview(project)
    entry = project.add_entity(ACTOR, "Zelensky")
    span = talk.span("Зеленський", "Actor")
    project.link_span(span.id, entry.id)
    project.rename_entity(entry.id, "Зеленський 🇺🇦")
    assert project.links(talk.document_id) == {span.id: entry.id}
    assert project.entity(entry.id).name == "Зеленський 🇺🇦"


def test_aliases_drop_repeats_and_the_canonical_name(project: Project) -> None:
    entry = project.add_entity(ACTOR, "Russia")
    updated = project.update_entity(entry.id, aliases=["Moscow", "MOSCOW", "russia", " the  Kremlin "])
    assert updated.aliases == ("Moscow", "the Kremlin")


def test_a_parent_is_an_actor_and_never_below_its_child(project: Project) -> None:
    party = project.add_entity(ACTOR, "AKP")
    leader = project.add_entity(ACTOR, "أردوغان", parent_id=party.id)
    assert leader.parent_id == party.id
    with pytest.raises(ValueError, match="parent"):
        project.update_entity(party.id, parent_id=leader.id)
    issue = project.add_entity(ISSUE, "sanctions")
    with pytest.raises(ValueError, match="actor"):
        project.update_entity(leader.id, parent_id=issue.id)


def test_a_parent_can_be_removed_and_is_kept_when_not_named(project: Project) -> None:
    party = project.add_entity(ACTOR, "AKP")
    leader = project.add_entity(ACTOR, "Erdoğan", parent_id=party.id)
    assert project.update_entity(leader.id, external_id="Q39723", parent_id=KEEP).parent_id == party.id
    assert project.update_entity(leader.id, parent_id=None).parent_id is None


def test_an_issue_has_no_parent(project: Project) -> None:
    party = project.add_entity(ACTOR, "AKP")
    with pytest.raises(ValueError, match="only actors"):
        project.add_entity(ISSUE, "sanctions", parent_id=party.id)


def test_merging_retires_the_source_and_reads_its_links_as_the_target(project: Project) -> None:
    talk = interview(project)
    moscow = project.add_entity(ACTOR, "Moscow", aliases=["the Kremlin"])
    russia = project.add_entity(ACTOR, "Russia")
    span = talk.span("Moscow", "Actor", "Bo")
    project.link_span(span.id, moscow.id)
    merged = project.merge_entities(moscow.id, russia.id)
    assert (merged.retired, merged.merged_into) == (True, russia.id)
    assert project.links(talk.document_id) == {span.id: russia.id}
    assert [e.name for e in project.entities()] == ["Russia"]


def test_the_merge_target_answers_to_the_sources_names(project: Project) -> None:
    moscow = project.add_entity(ACTOR, "Moscow", aliases=["the Kremlin"])
    russia = project.add_entity(ACTOR, "Russia", aliases=["RF"])
    project.merge_entities(moscow.id, russia.id)
    assert project.entity(russia.id).all_names == ("Russia", "RF", "Moscow", "the Kremlin")
    assert project.lookup_entities("the kremlin") == [project.entity(russia.id)]


def test_unmerging_restores_everything_exactly(project: Project) -> None:
    talk = interview(project)
    moscow = project.add_entity(ACTOR, "Moscow", aliases=["the Kremlin"])
    russia = project.add_entity(ACTOR, "Russia")
    span = talk.span("Moscow", "Actor", "Bo")
    project.link_span(span.id, moscow.id)
    before = (project.entities(include_retired=True), project.links(talk.document_id))
    project.merge_entities(moscow.id, russia.id)
    project.unmerge_entity(moscow.id)
    assert (project.entities(include_retired=True), project.links(talk.document_id)) == before


def test_merges_chain_through_to_the_last_target(project: Project) -> None:
    a, b, c = (project.add_entity(ACTOR, name) for name in ("Kremlin", "Moscow", "Russia"))
    project.merge_entities(a.id, b.id)
    project.merge_entities(b.id, c.id)
    assert project.resolve_entity(a.id) == project.entity(c.id)
    assert project.entity(c.id).merged_names == ("Kremlin", "Moscow")


def test_an_actor_cannot_be_merged_into_an_issue(project: Project) -> None:
    actor, issue = project.add_entity(ACTOR, "EU"), project.add_entity(ISSUE, "EU")
    with pytest.raises(ValueError, match="cannot merge"):
        project.merge_entities(actor.id, issue.id)


def test_retiring_hides_an_entry_from_lookups_and_restoring_brings_it_back(project: Project) -> None:
    entry = project.add_entity(ISSUE, "grain corridor")
    project.retire_entity(entry.id)
    assert (project.entities(), project.lookup_entities("grain corridor")) == ([], [])
    assert project.entities(include_retired=True) == [project.entity(entry.id)]
    assert project.restore_entity(entry.id) == entry


def test_a_link_is_replaced_and_unlinking_returns_the_old_entry(project: Project) -> None:
    talk = interview(project)
    zelensky, kyiv = project.add_entity(ACTOR, "Zelensky"), project.add_entity(ACTOR, "Kyiv")
    span = talk.span("Зеленський", "Actor")
    assert project.link_span(span.id, zelensky.id) is None
    assert project.link_span(span.id, kyiv.id) == zelensky.id
    assert project.unlink_span(span.id) == kyiv.id
    assert project.links(talk.document_id) == {}


def test_a_deleted_span_hides_its_link_until_it_is_restored(project: Project) -> None:
    talk = interview(project)
    entry = project.add_entity(ACTOR, "Zelensky")
    span = talk.span("Зеленський", "Actor")
    project.link_span(span.id, entry.id)
    deleted = project.delete_span(span.id)
    assert project.links(talk.document_id) == {}
    project.restore_span(deleted)
    assert project.links(talk.document_id) == {span.id: entry.id}


def test_usage_counts_links_and_claims_of_what_reads_as_the_entry(project: Project) -> None:
    talk = interview(project)
    moscow, russia = project.add_entity(ACTOR, "Moscow"), project.add_entity(ACTOR, "Russia")
    sanctions = project.add_entity(ISSUE, "sanctions")
    actor = talk.span("Moscow", "Actor", "Bo")
    project.link_span(actor.id, moscow.id)
    project.create_claim(talk.span("Moscow 🇷🇺 refused.", "Claim", "Bo").id, speakers=[Ref.span(actor.id)],
                         issues=[Ref.entity(sanctions.id)])
    project.merge_entities(moscow.id, russia.id)
    assert project.entity_usage() == {russia.id: EntityUsage(links=1, claims=1),
                                      sanctions.id: EntityUsage(links=0, claims=1)}
