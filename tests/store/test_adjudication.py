"""Comments on spans: adding one can be undone (`delete_comment`) and redone (`restore_comment`)."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from annotator.model import Document
from annotator.store import Project


@pytest.fixture
def span_and_reviewer(project: Project) -> tuple[int, str]:
    document_id = project.add_document(Document("note", "Peace now, said Ozer."))
    ana = project.ensure_annotator("Ana").id
    return project.add_span(document_id, 0, 9, "Claim", ana).id, ana


def comment_rows(project: Project) -> list[tuple]:
    """Every comment as stored, read through another connection."""
    with closing(sqlite3.connect(project.path)) as conn:
        return conn.execute("SELECT id, annotation_id, author_id, text, created FROM comments").fetchall()


def test_deleting_a_comment_returns_it_as_it_was(project: Project, span_and_reviewer) -> None:
    added = project.add_comment(*span_and_reviewer, "too wide")
    assert project.delete_comment(added.id) == added


def test_a_deleted_comment_is_gone_from_disk(project: Project, span_and_reviewer) -> None:
    added = project.add_comment(*span_and_reviewer, "too wide")
    project.delete_comment(added.id)
    assert comment_rows(project) == []


def test_restoring_a_comment_puts_back_its_id_author_text_and_time(project: Project, span_and_reviewer) -> None:
    added = project.add_comment(*span_and_reviewer, "too wide")
    project.delete_comment(added.id)
    assert project.restore_comment(added) == added
    assert comment_rows(project) == [(added.id, added.annotation_id, added.author_id, "too wide", added.created)]


def test_restoring_a_comment_already_back_keeps_one(project: Project, span_and_reviewer) -> None:
    added = project.add_comment(*span_and_reviewer, "too wide")
    project.delete_comment(added.id)
    project.restore_comment(added)
    assert project.restore_comment(added) == added
    assert project.comments(added.annotation_id) == [added]


def test_a_comment_whose_id_was_taken_meanwhile_comes_back_under_a_new_one(
        project: Project, span_and_reviewer) -> None:
    added = project.add_comment(*span_and_reviewer, "too wide")
    project.delete_comment(added.id)
    other = project.add_comment(*span_and_reviewer, "fine by me")  # takes the freed id
    restored = project.restore_comment(added)
    assert (other.id, restored.id != added.id) == (added.id, True)
    assert sorted((c.text, c.created) for c in project.comments(added.annotation_id)) == [
        ("fine by me", other.created), ("too wide", added.created)]


def test_deleting_a_comment_that_is_not_there_is_a_key_error(project: Project) -> None:
    with pytest.raises(KeyError):
        project.delete_comment(42)


def test_comment_reads_back_with_its_authors_name(project: Project, span_and_reviewer) -> None:
    added = project.add_comment(*span_and_reviewer, "too wide")
    assert (added.author, added.text) == ("Ana", "too wide")


# -- what review counts: decisions by region, the chosen layers' spans by document ----------

@pytest.fixture
def two_documents(project: Project) -> tuple[list[int], str, str]:
    ana, ben = project.ensure_annotator("Ana").id, project.ensure_annotator("Ben").id
    first = project.add_document(Document("one", "👩‍👩‍👧 Peace now, said Ozer."))
    second = project.add_document(Document("two", "Jose\u0301 spoke.\r\nשלום."))
    project.add_span(first, 6, 15, "Claim", ana)
    project.add_span(first, 6, 10, "Claim", ben)
    project.add_span(second, 0, 5, "Actor", ben)
    return [first, second], ana, ben


def test_review_keys_gives_each_document_its_chosen_spans_in_order(project: Project, two_documents) -> None:
    (first, second), ana, ben = two_documents
    code = {annotator: n for n, annotator in enumerate(sorted([ana, ben]))}
    assert list(project.review_keys([ana, ben], first, second)) == [
        (first, sorted([(6, 10, "Claim", code[ben]), (6, 15, "Claim", code[ana])])),
        (second, [(0, 5, "Actor", code[ben])])]
    assert list(project.review_keys([ana], second, second)) == []


def test_decided_regions_and_decision_at_read_what_decide_wrote(project: Project, two_documents) -> None:
    (first, second), ana, _ben = two_documents
    project.decide(first, (6, 15), "accept", ana, (6, 15, "Claim"))
    project.decide(second, (0, 5), "reject", ana)
    assert project.decided_regions(first, second) == {first: {(6, 15)}, second: {(0, 5)}}
    assert project.decided_regions(second, second) == {second: {(0, 5)}}
    decision = project.decision_at(first, (6, 15))
    assert decision.decision == "accept" and decision.gold_span.key == (6, 15, "Claim")
    assert project.decision_at(first, (6, 10)) is None
