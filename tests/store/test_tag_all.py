"""Tag everywhere in the project file: occurrences found through the FTS5 index (or by reading
every text where the index cannot express the words), and thousands of spans added and
removed in one transaction each, with their registry link."""

from __future__ import annotations

import pytest

from annotator.errors import ProjectError
from annotator.model import Document, Record
from annotator.store import Project

TEXTS = {
    "emoji": "Families 👩‍👩‍👧 left; Russia said nothing\u2028new. 👩‍👩‍👧",
    "rtl": "قال الوزير إن روسيا Russia لن تنسحب",
    "apostrophe": "Russia's allies; the O'Neill plan; e-mail.\r\nRussia",
    "title-only": "Nothing here.",
    "underscore": "snake_case and Russia_2",
    "accent": "Jose\u0301 and José",
}


@pytest.fixture
def corpus(project: Project) -> Project:
    project.import_records([Record(Document(key, text, title=f"Russia {key}"), []) for key, text in TEXTS.items()])
    return project


@pytest.fixture
def ana(corpus: Project) -> str:
    return corpus.ensure_annotator("Ana").id


def document_id(project: Project, external_id: str) -> int:
    return next(d.id for d in project.documents() if d.external_id == external_id)


def placed(project: Project, plan) -> list[tuple[str, str]]:
    return [(project.document(d).external_id, project.document(d).text[s:e]) for d, s, e in plan.new]


def test_the_corpus_is_narrowed_by_the_index_and_titles_do_not_count(corpus: Project, ana: str):
    plan = corpus.plan_tag_all("russia", "Actor", ana)
    assert placed(corpus, plan) == [("emoji", "Russia"), ("rtl", "Russia"), ("apostrophe", "Russia")]
    assert plan.documents_read == 4    # emoji, rtl, apostrophe ("Russia's"), underscore ("Russia_2")


def test_a_name_broken_across_lines_is_found_across_the_corpus(corpus: Project, ana: str):
    corpus.import_records([Record(Document("broken", "Engin\r\nOzer spoke; then Engin\u2028Ozer again."), [])])
    plan = corpus.plan_tag_all("Engin Ozer", "Actor", ana)
    assert placed(corpus, plan) == [("broken", "Engin\r\nOzer"), ("broken", "Engin\u2028Ozer")]
    assert plan.documents_read == 1


def test_words_fts5_splits_are_still_found(corpus: Project, ana: str):
    for words, expected in (("O'Neill", "O'Neill"), ("e-mail", "e-mail"), ("snake_case", "snake_case"),
                            ("Jose\u0301", "Jose\u0301"), ("José", "José"), ("روسيا", "روسيا")):
        assert [text for _, text in placed(corpus, corpus.plan_tag_all(words, "Actor", ana))] == [expected]


def test_words_the_index_cannot_express_are_found_by_reading_every_text(corpus: Project, ana: str):
    plan = corpus.plan_tag_all("👩‍👩‍👧", "Actor", ana)
    assert placed(corpus, plan) == [("emoji", "👩‍👩‍👧"), ("emoji", "👩‍👩‍👧")]
    assert plan.documents_read == len(TEXTS)


def test_one_document_only(corpus: Project, ana: str):
    document = document_id(corpus, "apostrophe")
    plan = corpus.plan_tag_all("russia", "Actor", ana, document_id=document)
    assert placed(corpus, plan) == [("apostrophe", "Russia")]


def test_add_and_remove_are_one_transaction_each_and_redo_keeps_the_ids(corpus: Project, ana: str):
    plan = corpus.plan_tag_all("russia", "Actor", ana)
    revision = corpus.revision
    added = corpus.add_spans("Actor", ana, plan.new)
    assert [(s.document_id, s.start, s.end, s.label, s.annotator_id) for s in added] == \
        [(d, s, e, "Actor", ana) for d, s, e in plan.new]
    assert corpus.revision.number == revision.number + 1
    assert corpus.remove_spans([s.id for s in added]) == 3
    assert corpus.revision.number == revision.number + 2
    assert corpus.span_counts_by_annotator() == {}
    again = corpus.add_spans("Actor", ana, plan.new, span_ids=[s.id for s in added])
    assert [s.id for s in again] == [s.id for s in added]


def test_new_spans_take_the_source_spans_registry_link(corpus: Project, ana: str):
    russia = corpus.add_entity("actor", "Russia")
    plan = corpus.plan_tag_all("russia", "Actor", ana)
    added = corpus.add_spans("Actor", ana, plan.new, entity_id=russia.id)
    assert {corpus.span_entity(s.id) for s in added} == {russia.id}
    corpus.remove_spans([s.id for s in added])
    assert all(corpus.span_entity(s.id) is None for s in added)


def test_a_second_plan_skips_what_the_first_tagged(corpus: Project, ana: str):
    corpus.add_spans("Actor", ana, corpus.plan_tag_all("russia", "Actor", ana).new)
    plan = corpus.plan_tag_all("russia", "Actor", ana)
    assert (plan.new, plan.already) == ([], 3)
    assert len(corpus.plan_tag_all("russia", "Issue", ana).new) == 3   # another label is not skipped


def test_a_place_outside_its_document_refuses_the_whole_batch(corpus: Project, ana: str):
    document = document_id(corpus, "rtl")
    with pytest.raises(ValueError):
        corpus.add_spans("Actor", ana, [(document, 0, 3), (document, 0, 10_000)])
    assert corpus.span_counts_by_annotator() == {}


def test_an_unknown_entry_refuses_the_whole_batch(corpus: Project, ana: str):
    with pytest.raises((ValueError, ProjectError)):
        corpus.add_spans("Actor", ana, [(document_id(corpus, "rtl"), 0, 3)], entity_id="nobody")
    assert corpus.span_counts_by_annotator() == {}


def test_finding_can_be_cancelled_between_documents(corpus: Project, ana: str):
    from annotator.errors import Cancelled

    heard = []
    with pytest.raises(Cancelled):
        corpus.plan_tag_all("russia", "Actor", ana, progress=lambda done, total: heard.append(done) or False)
    assert heard == [0]


def test_a_cancelled_write_adds_nothing(corpus: Project, ana: str):
    from annotator.errors import Cancelled

    plan = corpus.plan_tag_all("russia", "Actor", ana)
    with pytest.raises(Cancelled):
        corpus.add_spans("Actor", ana, plan.new, progress=lambda done, total: False)
    assert corpus.span_counts_by_annotator() == {}
