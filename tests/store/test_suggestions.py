"""Suggestions: a layer of their own, accepted into an analyst's layer or rejected (remembered)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from annotator.model import ACTOR, SuggestPattern, Suggestion
from annotator.store import Project
from tests.store.claims_fixtures import at, interview


def moscow(document_id: int, label: str = "Actor", entity_id: str | None = None,
           source: str = "registry") -> tuple[int, int, int, str, str | None, str]:
    return (document_id, *at("Moscow"), label, entity_id, source)


def test_added_suggestions_read_back_by_start_and_only_new_places_count(project: Project) -> None:
    talk = interview(project)
    doc = talk.document_id
    flag = (doc, *at("🇷🇺"), "Actor", None, "pattern")
    assert project.add_suggestions([flag, moscow(doc)]) == 2
    assert project.add_suggestions([moscow(doc, source="model:x"), moscow(doc, "Issue")]) == 1
    assert [(s.start, s.end, s.label, s.source) for s in project.suggestions(doc)] == [
        (*at("Moscow"), "Actor", "registry"), (*at("Moscow"), "Issue", "registry"),
        (*at("🇷🇺"), "Actor", "pattern")]
    assert all(isinstance(s, Suggestion) and s.status == "pending" for s in project.suggestions(doc))


def test_a_suggestion_outside_its_document_is_refused_and_nothing_is_added(project: Project) -> None:
    doc = interview(project).document_id
    with pytest.raises(ValueError, match="outside document"):
        project.add_suggestions([moscow(doc), (doc, 5, 10_000, "Actor", None, "pattern")])
    with pytest.raises(ValueError, match="outside document"):
        project.add_suggestions([(doc, 7, 7, "Actor", None, "pattern")])
    assert project.suggestions(doc) == []


def test_accepting_makes_a_span_in_the_layer_linked_to_the_entry(project: Project) -> None:
    talk = interview(project)
    russia = project.add_entity(ACTOR, "Russia", aliases=["Moscow"])
    project.add_suggestions([moscow(talk.document_id, entity_id=russia.id)])
    (suggestion,) = project.suggestions(talk.document_id)
    (span_id,) = project.accept_suggestions([suggestion.id], talk.ana)
    span = project.span(span_id)
    assert (span.start, span.end, span.label, span.annotator_id) == (*at("Moscow"), "Actor", talk.ana)
    assert project.links(talk.document_id)[span_id] == russia.id
    assert project.suggestions(talk.document_id) == []
    assert project.suggestions(talk.document_id, "accepted") == [
        Suggestion(suggestion.id, talk.document_id, *at("Moscow"), "Actor", russia.id, "registry", "accepted")]


def test_accepting_a_span_the_layer_has_makes_no_new_span(project: Project) -> None:
    talk = interview(project)   # Bo has an Actor span on "Moscow"
    project.add_suggestions([moscow(talk.document_id)])
    (suggestion,) = project.suggestions(talk.document_id)
    before = project.spans(talk.document_id)
    assert project.accept_suggestions([suggestion.id], talk.bo) == []
    assert project.spans(talk.document_id) == before
    assert project.suggestion_summary() == {"registry": {"pending": 0, "accepted": 1, "rejected": 0}}


def test_unaccepting_deletes_the_new_spans_and_their_links_and_suggests_again(project: Project) -> None:
    talk = interview(project)
    russia = project.add_entity(ACTOR, "Russia")
    before = project.spans(talk.document_id)
    project.add_suggestions([moscow(talk.document_id, entity_id=russia.id), moscow(talk.document_id, "Issue")])
    ids = [s.id for s in project.suggestions(talk.document_id)]
    span_ids = project.accept_suggestions(ids, talk.ana)
    assert len(span_ids) == 2
    project.unaccept_suggestions(ids, span_ids)
    assert project.spans(talk.document_id) == before
    assert russia.id not in project.links(talk.document_id).values()
    assert [s.id for s in project.suggestions(talk.document_id)] == ids


def test_accepting_a_suggestion_of_an_unknown_label_is_refused_and_nothing_changes(project: Project) -> None:
    talk = interview(project)
    project.add_suggestions([moscow(talk.document_id), moscow(talk.document_id, "Place")])
    ids = [s.id for s in project.suggestions(talk.document_id)]
    with pytest.raises(ValueError, match="unknown label 'Place'"):
        project.accept_suggestions(ids, talk.ana)
    assert len(project.suggestions(talk.document_id)) == 2


def test_a_rejected_place_is_not_suggested_again_until_unrejected(project: Project) -> None:
    doc = interview(project).document_id
    project.add_suggestions([moscow(doc)])
    (suggestion,) = project.suggestions(doc)
    project.reject_suggestions([suggestion.id])
    assert project.add_suggestions([moscow(doc), moscow(doc, source="model:en")]) == 0
    assert project.suggestions(doc) == []
    assert project.suggestion_counts("rejected") == {doc: 1}
    project.unreject_suggestions([suggestion.id])
    assert project.suggestions(doc) == [suggestion]


def test_clearing_deletes_only_pending_suggestions_of_that_source(project: Project) -> None:
    doc = interview(project).document_id
    flag = (doc, *at("🇷🇺"), "Actor", None, "pattern")
    sanctions = (doc, *at("sanctions"), "Issue", None, "registry")
    project.add_suggestions([moscow(doc), flag, sanctions])
    rejected = project.suggestions(doc)[0]
    project.reject_suggestions([rejected.id])
    assert project.clear_suggestions("registry") == 1
    assert [s.source for s in project.suggestions(doc)] == ["pattern"]
    assert project.clear_suggestions(document_ids=[doc + 1]) == 0
    assert project.clear_suggestions(document_ids=[doc]) == 1
    assert project.suggestions(doc, None) == [replace(rejected, status="rejected")]


def test_counts_and_summary_follow_the_statuses(project: Project) -> None:
    talk = interview(project)
    doc = talk.document_id
    project.add_suggestions([moscow(doc), moscow(doc, "Issue", source="pattern"),
                             (doc, *at("sanctions"), "Issue", None, "pattern")])
    sanctions, first, second = project.suggestions(doc)   # sanctions, Moscow Actor, Moscow Issue
    with pytest.raises(ValueError, match="no analyst 'nobody'"):
        project.accept_suggestions([first.id], "nobody")
    project.accept_suggestions([first.id], talk.ana)
    project.reject_suggestions([second.id])
    assert project.suggestion_counts() == {doc: 1}
    assert project.suggestion_counts("accepted") == {doc: 1}
    assert project.suggestion_summary() == {
        "pattern": {"pending": 1, "accepted": 0, "rejected": 1},
        "registry": {"pending": 0, "accepted": 1, "rejected": 0}}


def test_suggestions_are_no_analysts_work(project: Project) -> None:
    talk = interview(project)
    spans = project.spans(talk.document_id)
    project.add_suggestions([(talk.document_id, *at("disagreed"), "Claim", None, "pattern")])
    assert project.spans(talk.document_id) == spans
    assert project.span_counts_by_annotator() == {talk.ana: 6, talk.bo: 2}


def test_patterns_and_pipeline_labels_are_kept_in_order(project: Project) -> None:
    russia = project.add_entity(ACTOR, "Russia")
    patterns = [SuggestPattern("Issue", "phrase", "climate change"),
                SuggestPattern("Actor", "regex", r"(?-i)\bKremlin\b", russia.id),
                SuggestPattern("Issue", "tokens", '[{"LOWER": "ceasefire"}]')]
    project.set_suggest_patterns(patterns)
    project.set_model_labels({"PERSON": "Actor", "GPE": "Actor", "NORP": "Actor"})
    assert project.suggest_patterns() == patterns
    assert project.model_labels() == {"GPE": "Actor", "NORP": "Actor", "PERSON": "Actor"}


@pytest.mark.parametrize(("pattern", "why"), [
    (SuggestPattern("Actor", "regex", "(Kremlin"), "missing \\), unterminated subpattern"),
    (SuggestPattern("Actor", "regex", "x*"), "matches empty text"),
    (SuggestPattern("Actor", "tokens", '{"LOWER": "x"}'), "a list of objects"),
    (SuggestPattern("Actor", "tokens", "[{"), "not JSON"),
    (SuggestPattern("Actor", "glob", "x*"), "the kind is one of"),
    (SuggestPattern(" ", "phrase", "x"), "needs a label"),
    (SuggestPattern("Place", "phrase", "x"), "there is no label 'Place'"),
])
def test_a_pattern_that_cannot_be_used_is_refused_with_why(project: Project, pattern: SuggestPattern,
                                                          why: str) -> None:
    project.set_suggest_patterns([SuggestPattern("Issue", "phrase", "peace")])
    with pytest.raises(ValueError, match=why):
        project.set_suggest_patterns([SuggestPattern("Issue", "phrase", "war"), pattern])
    assert project.suggest_patterns() == [SuggestPattern("Issue", "phrase", "peace")]
