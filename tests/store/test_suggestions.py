"""Suggestions: a layer of their own, accepted into an analyst's layer or rejected (remembered),
each analyst deciding for themselves."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from annotator.model import ACTOR, Label, Suggestion, SuggestPattern
from annotator.store import Project
from tests.store.claims_fixtures import TEXT, at, interview


def moscow(document_id: int, label: str = "Actor", entity_id: str | None = None,
           source: str = "registry") -> tuple[int, int, int, str, str | None, str]:
    return (document_id, *at("Moscow"), label, entity_id, source)


def russia_flag(document_id: int, entity_id: str | None = None) -> tuple[int, int, int, str, str | None, str]:
    return (document_id, *at("🇷🇺"), "Actor", entity_id, "pattern")


def sanctions(document_id: int) -> tuple[int, int, int, str, str | None, str]:
    return (document_id, *at("sanctions"), "Issue", None, "registry")


def decided(project: Project, document_id: int, analyst_id: str) -> list[tuple[str, str, str]]:
    """(text, label, status) of every suggestion as that analyst sees it, by start."""
    return [(TEXT[s.start:s.end], s.label, s.status) for s in project.suggestions(document_id, analyst_id, None)]


def test_added_suggestions_read_back_by_start_and_only_new_places_count(project: Project) -> None:
    talk = interview(project)
    doc = talk.document_id
    assert project.add_suggestions([russia_flag(doc), moscow(doc)]) == 2
    assert project.add_suggestions([moscow(doc, source="model:x"), moscow(doc, "Issue")]) == 1
    assert [(s.start, s.end, s.label, s.source) for s in project.suggestions(doc, talk.ana)] == [
        (*at("Moscow"), "Actor", "registry"), (*at("Moscow"), "Issue", "registry"),
        (*at("🇷🇺"), "Actor", "pattern")]
    assert all(isinstance(s, Suggestion) and s.status == "pending" for s in project.suggestions(doc, talk.ana))


def test_a_suggestion_outside_its_document_is_refused_and_nothing_is_added(project: Project) -> None:
    talk = interview(project)
    doc = talk.document_id
    with pytest.raises(ValueError, match="outside document"):
        project.add_suggestions([moscow(doc), (doc, 5, 10_000, "Actor", None, "pattern")])
    with pytest.raises(ValueError, match="outside document"):
        project.add_suggestions([(doc, 7, 7, "Actor", None, "pattern")])
    assert project.suggestions(doc, talk.ana, None) == []


def test_accepting_makes_a_span_in_the_layer_linked_to_the_entry(project: Project) -> None:
    talk = interview(project)
    russia = project.add_entity(ACTOR, "Russia", aliases=["Moscow"])
    project.add_suggestions([moscow(talk.document_id, entity_id=russia.id)])
    (suggestion,) = project.suggestions(talk.document_id, talk.ana)
    (span_id,) = project.accept_suggestions([suggestion.id], talk.ana)
    span = project.span(span_id)
    assert (span.start, span.end, span.label, span.annotator_id) == (*at("Moscow"), "Actor", talk.ana)
    assert project.links(talk.document_id)[span_id] == russia.id
    assert project.suggestions(talk.document_id, talk.ana) == []
    assert project.suggestions(talk.document_id, talk.ana, "accepted") == [
        Suggestion(suggestion.id, talk.document_id, *at("Moscow"), "Actor", russia.id, "registry", "accepted")]
    assert project.suggestion(suggestion.id, talk.bo) == suggestion        # still pending for Bo


def test_accepting_a_span_the_layer_has_makes_no_new_span(project: Project) -> None:
    talk = interview(project)   # Bo has an Actor span on "Moscow"
    project.add_suggestions([moscow(talk.document_id)])
    (suggestion,) = project.suggestions(talk.document_id, talk.bo)
    before = project.spans(talk.document_id)
    assert project.accept_suggestions([suggestion.id], talk.bo) == []
    assert project.spans(talk.document_id) == before
    assert project.suggestion_summary() == {"registry": {"places": 1, "analysts": {"Bo": {"accepted": 1,
                                                                                          "rejected": 0}}}}


def test_unaccepting_deletes_the_new_spans_and_their_links_and_suggests_again(project: Project) -> None:
    talk = interview(project)
    russia = project.add_entity(ACTOR, "Russia")
    before = project.spans(talk.document_id)
    project.add_suggestions([moscow(talk.document_id, entity_id=russia.id), moscow(talk.document_id, "Issue")])
    ids = [s.id for s in project.suggestions(talk.document_id, talk.ana)]
    span_ids = project.accept_suggestions(ids, talk.ana)
    assert len(span_ids) == 2
    project.unaccept_suggestions(ids, span_ids, talk.ana)
    assert project.spans(talk.document_id) == before
    assert russia.id not in project.links(talk.document_id).values()
    assert [s.id for s in project.suggestions(talk.document_id, talk.ana)] == ids


def test_accepting_a_suggestion_of_an_unknown_label_is_refused_and_nothing_changes(project: Project) -> None:
    talk = interview(project)
    project.add_suggestions([moscow(talk.document_id), moscow(talk.document_id, "Place")])
    ids = [s.id for s in project.suggestions(talk.document_id, talk.ana)]
    with pytest.raises(ValueError, match="unknown label 'Place'"):
        project.accept_suggestions(ids, talk.ana)
    assert len(project.suggestions(talk.document_id, talk.ana)) == 2


def test_a_place_rejected_is_not_suggested_to_that_analyst_again_until_unrejected(project: Project) -> None:
    talk = interview(project)
    doc = talk.document_id
    project.add_suggestions([moscow(doc)])
    (suggestion,) = project.suggestions(doc, talk.ana)
    project.reject_suggestions([suggestion.id], talk.ana)
    assert project.add_suggestions([moscow(doc), moscow(doc, source="model:en")]) == 0
    assert project.suggestions(doc, talk.ana) == []
    assert project.suggestions(doc, talk.bo) == [suggestion]
    assert project.suggestion_counts(talk.ana, "rejected") == {doc: 1}
    assert project.suggestion_counts(talk.bo, "rejected") == {}
    project.unreject_suggestions([suggestion.id], talk.ana)
    assert project.suggestions(doc, talk.ana) == [suggestion]


def test_clearing_deletes_only_the_places_nobody_decided(project: Project) -> None:
    talk = interview(project)
    doc = talk.document_id
    project.add_suggestions([moscow(doc), russia_flag(doc), sanctions(doc)])
    rejected = project.suggestions(doc, talk.bo)[0]                 # Moscow, by Bo only
    project.reject_suggestions([rejected.id], talk.bo)
    assert project.clear_suggestions("registry") == 1
    assert [s.source for s in project.suggestions(doc, talk.ana)] == ["registry", "pattern"]
    assert project.clear_suggestions(document_ids=[doc + 1]) == 0
    assert project.clear_suggestions(document_ids=[doc]) == 1
    assert project.suggestions(doc, talk.bo, None) == [replace(rejected, status="rejected")]
    assert project.suggestions(doc, talk.ana, None) == [rejected]  # still Ana's to decide


def test_counts_and_summary_are_each_analysts_own(project: Project) -> None:
    talk = interview(project)
    doc = talk.document_id
    project.add_suggestions([moscow(doc), moscow(doc, "Issue", source="pattern"),
                             (doc, *at("sanctions"), "Issue", None, "pattern")])
    _sanctions, first, second = project.suggestions(doc, talk.ana)   # sanctions, Moscow Actor, Moscow Issue
    with pytest.raises(ValueError, match="no analyst 'nobody'"):
        project.accept_suggestions([first.id], "nobody")
    with pytest.raises(ValueError, match="no analyst 'nobody'"):
        project.reject_suggestions([first.id], "nobody")
    project.accept_suggestions([first.id], talk.ana)
    project.reject_suggestions([second.id], talk.ana)
    project.reject_suggestions([second.id], talk.bo)
    assert project.suggestion_counts(talk.ana) == {}                  # "sanctions": Ana tagged it by hand
    assert project.suggestion_counts(talk.ana, document_id=doc + 1) == {}
    assert project.suggestion_counts(talk.ana, "accepted") == {doc: 1}
    assert project.suggestion_counts(talk.bo) == {doc: 1}             # Moscow Actor: Bo tagged it by hand
    assert project.suggestion_summary() == {
        "pattern": {"places": 2, "analysts": {"Ana": {"accepted": 0, "rejected": 1},
                                              "Bo": {"accepted": 0, "rejected": 1}}},
        "registry": {"places": 1, "analysts": {"Ana": {"accepted": 1, "rejected": 0}}}}


def test_a_renamed_analyst_keeps_their_decisions(project: Project) -> None:
    talk = interview(project)
    project.add_suggestions([moscow(talk.document_id)])
    (suggestion,) = project.suggestions(talk.document_id, talk.ana)
    project.reject_suggestions([suggestion.id], talk.ana)
    project.rename_annotator(talk.ana, "Ana María")
    assert project.suggestions(talk.document_id, talk.ana, "rejected") == [replace(suggestion, status="rejected")]
    assert list(project.suggestion_summary()["registry"]["analysts"]) == ["Ana María"]


def test_each_analyst_decides_for_themselves(project: Project) -> None:
    """The team loop: Ana rejects Moscow and accepts Russia (the flag); for Bo all three are
    still pending; Bo accepts Russia into his own layer; undoing Ana's accept leaves Bo's span
    and decision alone; suggesting again adds nothing and changes no decision."""
    talk = interview(project)
    doc = talk.document_id
    russia = project.add_entity(ACTOR, "Russia", aliases=["Moscow"])
    items = [moscow(doc, entity_id=russia.id), russia_flag(doc, russia.id), sanctions(doc)]
    project.add_suggestions(items)
    _sanctions_s, moscow_s, flag_s = project.suggestions(doc, talk.ana)
    project.reject_suggestions([moscow_s.id], talk.ana)
    (ana_span,) = project.accept_suggestions([flag_s.id], talk.ana)
    assert decided(project, doc, talk.ana) == [
        ("sanctions", "Issue", "pending"), ("Moscow", "Actor", "rejected"), ("🇷🇺", "Actor", "accepted")]
    assert decided(project, doc, talk.bo) == [
        ("sanctions", "Issue", "pending"), ("Moscow", "Actor", "pending"), ("🇷🇺", "Actor", "pending")]

    (bo_span,) = project.accept_suggestions([flag_s.id], talk.bo)
    assert (project.span(bo_span).annotator_id, project.links(doc)[bo_span]) == (talk.bo, russia.id)
    project.unaccept_suggestions([flag_s.id], [ana_span], talk.ana)        # Ana's undo
    assert project.find_span(doc, *at("🇷🇺"), "Actor", talk.ana) is None
    assert project.find_span(doc, *at("🇷🇺"), "Actor", talk.bo).id == bo_span
    assert project.links(doc)[bo_span] == russia.id
    assert decided(project, doc, talk.bo)[2] == ("🇷🇺", "Actor", "accepted")
    assert decided(project, doc, talk.ana)[2] == ("🇷🇺", "Actor", "pending")

    before = (decided(project, doc, talk.ana), decided(project, doc, talk.bo), project.suggestion_summary())
    assert project.add_suggestions(items) == 0
    assert (decided(project, doc, talk.ana), decided(project, doc, talk.bo), project.suggestion_summary()) == before


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


def test_pending_and_rejected_suggestions_stay_out_of_exports_and_merges(project: Project, tmp_path) -> None:
    from annotator.transfer import export_annotations

    talk = interview(project)
    project.add_suggestions([moscow(talk.document_id, "Issue"), (talk.document_id, *at("disagreed"), "Claim",
                                                                   None, "pattern")])
    project.reject_suggestions([project.suggestions(talk.document_id, talk.ana)[0].id], talk.ana)
    export_annotations(project, tmp_path / "out.jsonl")
    (line, _end) = (tmp_path / "out.jsonl").read_text(encoding="utf-8").split("\n")   # U+2028 is in it
    assert sorted((s["start"], s["end"], s["label"]) for s in json.loads(line)["spans"]) == sorted(
        (s.start, s.end, s.label) for s in project.spans(talk.document_id))
    with Project(tmp_path / "colleague.db") as colleague:
        colleague.merge_project(project.path)
        (doc,) = colleague.document_ids()
        assert colleague.suggestions(doc, talk.ana, None) == []
        assert len(colleague.spans(doc)) == 8


def test_a_merge_brings_a_colleagues_patterns_and_pipeline_labels(project: Project, tmp_path) -> None:
    kremlin = SuggestPattern("Actor", "regex", r"\bKremlin\b")
    with Project(tmp_path / "colleague.db") as colleague:
        colleague.add_label(Label("Place", "#3B82D6"))
        colleague.set_suggest_patterns([kremlin, SuggestPattern("Place", "phrase", "Москва")])
        colleague.set_model_labels({"PERSON": "Actor", "GPE": "Place"})
    project.set_suggest_patterns([SuggestPattern("Issue", "phrase", "ceasefire")])
    project.set_model_labels({"GPE": "Actor"})
    project.add_label(Label("Place", "#3B82D6"))
    project.delete_label("Place")                  # deleted here: its pattern stays behind
    report = project.merge_project(tmp_path / "colleague.db")
    assert project.suggest_patterns() == [SuggestPattern("Issue", "phrase", "ceasefire"), kremlin]
    assert project.model_labels() == {"GPE": "Actor", "PERSON": "Actor"}
    assert [c for c in report.registry_conflicts if "'GPE'" in c] == [
        f"{tmp_path / 'colleague.db'}: the pipeline's label 'GPE' is 'Place' there and 'Actor' here; kept 'Actor'"]


def test_a_renamed_label_keeps_its_suggestions_patterns_and_mapping(project: Project) -> None:
    """A rename is not a loss: what names the label (suggestions, patterns, a pipeline's
    mapping) follows it, so pending suggestions can still be accepted."""
    talk = interview(project)
    doc = talk.document_id
    project.add_suggestions([sanctions(doc), russia_flag(doc)])
    project.set_suggest_patterns([SuggestPattern("Issue", "phrase", "peace")])
    project.set_model_labels({"NORP": "Issue", "GPE": "Actor"})
    project.update_label("Issue", new_name="Thema")
    assert [s.label for s in project.suggestions(doc, talk.bo)] == ["Thema", "Actor"]
    assert project.suggest_patterns() == [SuggestPattern("Thema", "phrase", "peace")]
    assert project.model_labels() == {"GPE": "Actor", "NORP": "Thema"}
    thema = next(s for s in project.suggestions(doc, talk.bo) if s.label == "Thema")
    (span_id,) = project.accept_suggestions([thema.id], talk.bo)
    assert [(s.id, s.label) for s in project.spans(doc, [talk.bo]) if s.label == "Thema"] == [(span_id, "Thema")]
