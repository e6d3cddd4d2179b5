"""Making suggestions from the registry, the codebook's patterns and a spaCy pipeline: the real
code paths, with `spacy.blank` and an EntityRuler saved as a pipeline (no model download)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from annotator.errors import BadInput
from annotator.model import ACTOR, ISSUE, Document, Record, SuggestPattern
from annotator.store import Project
from annotator.suggest import SuggestOptions, suggest

# spaCy is imported by the tests that run, never when tests are collected: a CLI test measures
# its child's peak memory, which on Linux includes this process's (vfork), so imports count.
pytestmark = pytest.mark.skipif(importlib.util.find_spec("spacy") is None, reason="needs annotator[nlp]")

# A leading BOM glued to the first word, CRLF, U+2028, right-to-left, a ZWJ family, a flag,
# a combining accent, a possessive: every place offsets and token boundaries can go wrong.
TEXT = ("\ufeffMoscow said 👩\u200d👩\u200d👧 the CEASEFIRE must hold.\r\n"
        "أردوغان disagreed:\u2028sanctions first. Jose\u0301 Martí of the European Union 🇪🇺 "
        "spoke for Moscow's allies; Muscovites did not.")


ANA = "analyst-ana"   # whose pending suggestions the tests read


def at(quote: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(quote, start + 1)
    return start, start + len(quote)


def found(project: Project, document_id: int = 1, **only) -> list[tuple]:
    """(text, label, entry's name or None, source) of each pending suggestion, by start."""
    names = {e.id: e.name for e in project.entities()}
    return [(TEXT[s.start:s.end], s.label, names.get(s.entity_id), s.source)
            for s in project.suggestions(document_id, ANA)
            if all(getattr(s, key) == value for key, value in only.items())]


@pytest.fixture
def talk(project: Project) -> Project:
    project.import_records([Record(Document("talk", TEXT), [])])
    project.ensure_annotator("Ana", ANA)
    project.add_entity(ACTOR, "Russia", aliases=["moscow", "Kremlin"])
    project.add_entity(ACTOR, "Erdoğan", aliases=["أردوغان"])
    project.add_entity(ACTOR, "European Union", aliases=["Union"])
    project.add_entity(ACTOR, "José Martí", aliases=["Jose\u0301 Martí"])
    project.add_entity(ISSUE, "Ceasefire")
    return project


def test_registry_names_and_aliases_are_suggested_as_their_kinds_label_and_linked(talk: Project) -> None:
    report = suggest(talk, SuggestOptions(patterns=False))
    assert found(talk) == [
        ("Moscow", "Actor", "Russia", "registry"),
        ("CEASEFIRE", "Issue", "Ceasefire", "registry"),
        ("أردوغان", "Actor", "Erdoğan", "registry"),
        ("Jose\u0301 Martí", "Actor", "José Martí", "registry"),
        ("European Union", "Actor", "European Union", "registry"),   # not "Union" inside it
        ("Moscow", "Actor", "Russia", "registry"),                   # of "Moscow's"; not "Muscovites"
    ]
    assert (report.documents, report.added, report.by_source, report.cancelled) == (1, 6, {"registry": 6}, False)


def test_offsets_are_code_points_of_the_stored_text(talk: Project) -> None:
    suggest(talk)
    (first, *_rest, last) = talk.suggestions(1, ANA)
    assert (first.start, first.end) == at("Moscow")              # after the BOM, which is one code point
    assert (last.start, last.end) == at("Moscow", 1)


def test_running_again_adds_nothing_and_a_rejection_is_remembered(talk: Project) -> None:
    suggest(talk)
    talk.reject_suggestions([talk.suggestions(1, ANA)[0].id], ANA)
    before = talk.suggestion_summary()
    report = suggest(talk)
    assert (report.added, report.by_source) == (0, {})
    assert talk.suggestion_summary() == before
    assert ("Moscow", "Actor", "Russia", "registry") in found(talk)   # the other Moscow
    assert len(found(talk)) == 5


def test_regexes_are_case_insensitive_unless_they_say_otherwise(talk: Project) -> None:
    talk.set_suggest_patterns([SuggestPattern("Issue", "regex", r"cease\w+"),
                               SuggestPattern("Claim", "regex", r"(?-i)must HOLD|spoke for \w+")])
    suggest(talk, SuggestOptions(registry=False))
    assert found(talk) == [("CEASEFIRE", "Issue", "Ceasefire", "pattern"),   # linked: the entry's name
                           ("spoke for Moscow", "Claim", None, "pattern")]


def test_phrases_and_token_patterns_match_on_token_boundaries(talk: Project) -> None:
    kremlin = talk.lookup_entities("Kremlin")[0]
    talk.set_suggest_patterns([
        SuggestPattern("Issue", "phrase", "SANCTIONS first"),
        SuggestPattern("Actor", "phrase", "Muscovite"),                     # inside "Muscovites": no
        SuggestPattern("Actor", "tokens", '[{"LOWER": "moscow"}, {"ORTH": "\'s"}]', kremlin.id),
        SuggestPattern("Claim", "tokens", '[{"TEXT": "👩"}, {"TEXT": "\\u200d"}, {"TEXT": "👩"}]'),
    ])
    suggest(talk, SuggestOptions(registry=False))
    assert found(talk) == [("👩\u200d👩", "Claim", None, "pattern"),
                           ("sanctions first", "Issue", None, "pattern"),
                           ("Moscow's", "Actor", "Russia", "pattern")]


def test_a_token_pattern_a_blank_pipeline_cannot_match_is_refused_with_the_pattern(talk: Project) -> None:
    talk.set_suggest_patterns([SuggestPattern("Actor", "tokens", '[{"POS": "PROPN"}]')])
    with pytest.raises(BadInput, match=r"""tokens pattern '\[\{"POS": "PROPN"\}\]': .*E155"""):
        suggest(talk)
    assert found(talk) == []


def test_sources_that_find_the_same_place_suggest_it_once(talk: Project) -> None:
    talk.set_suggest_patterns([SuggestPattern("Actor", "phrase", "european union"),
                               SuggestPattern("Issue", "phrase", "european union")])
    report = suggest(talk)
    assert report.by_source == {"registry": 6, "pattern": 1}
    assert found(talk, label="Issue", source="pattern") == [("European Union", "Issue", None, "pattern")]


@pytest.fixture
def pipeline(tmp_path: Path) -> str:
    """A real spaCy pipeline on disk, as `spacy.load` finds an installed one."""
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "GPE", "pattern": "Moscow"}, {"label": "PERSON", "pattern": "أردوغان"},
                        {"label": "PERSON", "pattern": [{"LOWER": "josé"}]},
                        {"label": "ORG", "pattern": "European Union"}, {"label": "Issue", "pattern": "sanctions"}])
    path = tmp_path / "ruler-pipeline"
    nlp.to_disk(path)
    return str(path)


def test_a_pipelines_entities_come_as_the_mapped_labels_linked_to_the_registry(talk: Project, pipeline: str) -> None:
    talk.set_model_labels({"PERSON": "Actor", "GPE": "actor"})
    report = suggest(talk, SuggestOptions(registry=False, patterns=False, model=pipeline))
    source = f"model:{pipeline}"
    assert found(talk) == [("Moscow", "Actor", "Russia", source), ("أردوغان", "Actor", "Erdoğan", source),
                           ("Moscow", "Actor", "Russia", source)]
    assert report.by_source == {source: 3}


def test_without_a_mapping_a_pipelines_label_is_ours_of_the_same_name(talk: Project, pipeline: str) -> None:
    suggest(talk, SuggestOptions(registry=False, patterns=False, model=pipeline))
    assert found(talk) == [("sanctions", "Issue", None, f"model:{pipeline}")]


def test_a_pipeline_that_is_not_installed_names_the_install_step(talk: Project) -> None:
    with pytest.raises(BadInput, match="spaCy pipeline 'xx_no_such_pipeline' is not installed: "
                                       "python -m spacy download xx_no_such_pipeline"):
        suggest(talk, SuggestOptions(model="xx_no_such_pipeline"))


def test_without_spacy_the_message_names_the_extra(talk: Project, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)   # `import spacy` raises ImportError
    with pytest.raises(BadInput, match=r"pip install 'annotator\[nlp\]' to make suggestions"):
        suggest(talk)


def many(project: Project, count: int) -> None:
    project.import_records([Record(Document(f"d{n}", f"Doc {n}: Moscow and the ceasefire."), [])
                            for n in range(count)])


def test_progress_counts_documents_by_batch(talk: Project) -> None:
    many(talk, 5)
    heard: list[tuple[int, int]] = []
    report = suggest(talk, SuggestOptions(batch_size=2), progress=lambda done, total: heard.append((done, total)))
    assert heard == [(2, 6), (4, 6), (6, 6)]
    assert (report.documents, report.added) == (6, 6 + 2 * 5)


def test_cancel_stops_between_batches_and_keeps_what_was_added(talk: Project) -> None:
    many(talk, 5)
    batches = iter([False, True])
    report = suggest(talk, SuggestOptions(batch_size=4), cancelled=lambda: next(batches))
    assert (report.documents, report.added, report.cancelled) == (4, 6 + 2 * 3, True)
    assert sum(talk.suggestion_counts(ANA).values()) == 12
    assert "cancelled" in report.summary()


def test_only_the_chosen_documents_are_looked_at(talk: Project) -> None:
    many(talk, 2)
    report = suggest(talk, SuggestOptions(document_ids=[3]))
    assert report.documents == 1
    assert talk.suggestion_counts(ANA) == {3: 2}
