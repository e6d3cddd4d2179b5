"""Merging a colleague's project file: everything comes along once, an unchanged file is
recognised from its revision without reading it, and every write moves the revision on."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Callable

import pytest

from annotator.model import Document, Label, Record, SpanData
from annotator.store import Project
from tests.files import snapshot

TEXT = "Ozer said a ceasefire 🕊️ could be declared soon.\r\nMoscow disagreed."


def at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


@pytest.fixture
def ben(tmp_path: Path) -> Path:
    """Ben's project: the note coded twice, a comment on one span, a decision into gold."""
    path = tmp_path / "ben.db"
    with Project(path) as project:
        project.import_records([Record(Document("note", TEXT), [SpanData(*at("Ozer"), "Actor", "Ben"),
                                                                SpanData(*at("Moscow"), "Actor", "Ben")])])
        (span, _moscow) = project.spans(1)
        project.add_comment(span.id, span.annotator_id, "the speaker")
        project.decide(1, at("Ozer"), "accept", span.annotator_id, gold=(*at("Ozer"), "Actor"))
        project.checkpoint()
    return path


def rows(path: Path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql).fetchall()


def test_a_merge_brings_spans_comments_and_the_decision_with_its_gold_span(project: Project, ben: Path) -> None:
    report = project.merge_project(ben)
    assert (report.documents_added, report.spans_added) == (1, 3)
    spans = {(s.annotator, TEXT[s.start:s.end]): s for s in project.spans(1)}
    assert sorted(spans) == [("Ben", "Moscow"), ("Ben", "Ozer"), ("gold", "Ozer")]
    assert [c.text for c in project.comments(spans["Ben", "Ozer"].id)] == ["the speaker"]
    (decision,) = project.decisions(1)
    assert (decision.decision, decision.gold_span.id) == ("accept", spans["gold", "Ozer"].id)


def test_merging_an_unchanged_file_again_reads_none_of_its_spans(project: Project, ben: Path) -> None:
    project.merge_project(ben)
    before = snapshot(project.path)
    # Make every span of Ben's file unreadable: a merge that read them would fail as damaged.
    (root,) = rows(ben, "SELECT rootpage FROM sqlite_master WHERE name = 'annotations'")[0]
    data = bytearray(ben.read_bytes())
    data[(root - 1) * 4096:root * 4096] = b"\xff" * 4096
    ben.write_bytes(bytes(data))
    report = project.merge_project(ben)
    assert report.merged_before is not None
    assert report.summary().startswith("0 documents added, 0 spans added: unchanged since it was merged")
    assert snapshot(project.path) == before


def test_a_file_changed_since_it_was_merged_is_merged_again(project: Project, ben: Path) -> None:
    project.merge_project(ben)
    with Project(ben, create=False) as theirs:
        theirs.add_span(1, *at("ceasefire"), "Issue", theirs.annotators()[0].id)
    report = project.merge_project(ben)
    assert (report.merged_before, report.spans_added, report.spans_present) == (None, 1, 3)
    assert len(project.spans(1)) == 4
    assert len(project.comments(next(s.id for s in project.spans(1) if s.annotator == "Ben"))) == 1


def test_two_copies_of_one_file_changed_apart_are_both_merged(project: Project, ben: Path, tmp_path: Path) -> None:
    """Copies keep the project id and may reach the same revision number: neither hides the other."""
    copies = [tmp_path / "ben-at-home.db", tmp_path / "ben-at-work.db"]
    for copy, phrase in zip(copies, ("ceasefire", "disagreed")):
        shutil.copyfile(ben, copy)
        with Project(copy, create=False) as theirs:
            theirs.add_span(1, *at(phrase), "Claim", theirs.annotators()[0].id)
    with Project(copies[0], create=False) as a, Project(copies[1], create=False) as b:
        assert (a.revision.project_id, a.revision.number) == (b.revision.project_id, b.revision.number)
    assert [project.merge_project(copy).spans_added for copy in copies] == [4, 1]


def test_a_file_with_a_conflict_reports_it_again_when_merged_again(project: Project, ben: Path) -> None:
    project.import_records([Record(Document("note", "Another text under Ben's id."), [])])
    first, again = project.merge_project(ben), project.merge_project(ben)
    assert len(first.conflicts) == len(again.conflicts) == 1
    assert "'note'" in again.conflicts[0] and again.merged_before is None
    assert project.spans(1) == []


def test_a_merge_that_brings_nothing_new_leaves_the_revision_as_it_was(project: Project, ben: Path,
                                                                      tmp_path: Path) -> None:
    shutil.copyfile(ben, tmp_path / "copy.db")
    with Project(tmp_path / "copy.db", create=False) as copy:   # a new revision, the same content
        copy.update_label("Actor", color="#123456")
    project.merge_project(ben)
    revision = project.revision
    report = project.merge_project(tmp_path / "copy.db")
    assert (report.documents_added, report.spans_added, report.merged_before) == (0, 0, None)
    assert project.revision == revision


def test_an_older_colleague_file_is_merged_and_left_as_it_was(project: Project, tmp_path: Path) -> None:
    from tests.test_migrations import schema_1_project

    old = tmp_path / "old.db"
    schema_1_project(old)
    before = old.read_bytes()
    report = project.merge_project(old)
    assert (report.documents_added, report.spans_added) == (1, 1)
    assert old.read_bytes() == before


def test_spans_of_a_label_deleted_here_are_merged_hidden_with_it(project: Project, ben: Path) -> None:
    project.delete_label("Actor")
    project.merge_project(ben)
    assert project.spans(1) == []
    project.restore_label("Actor")
    assert len(project.spans(1)) == 3


# -- the revision -------------------------------------------------------------------------------

def test_a_new_project_has_an_id_and_its_first_revision(project: Project, tmp_path: Path) -> None:
    with Project(tmp_path / "other.db") as other:
        assert project.revision.project_id != other.revision.project_id
    assert project.revision.number == 1


def test_an_older_project_gets_an_id_and_a_revision_when_migrated(tmp_path: Path) -> None:
    from tests.test_migrations import schema_1_project

    schema_1_project(tmp_path / "old.db")
    with Project(tmp_path / "old.db") as project:
        assert len(project.revision.project_id) == 32 and project.revision.number == 1


def _writes(ben: Path) -> dict[str, Callable[[Project], Callable[[], object]]]:
    """Every way the store writes: each prepares what it needs on a project that has a document,
    Ana and her span, and returns the one write under test."""
    def span(p: Project):
        return p.spans(1)[0]

    def ana(p: Project) -> str:
        return p.annotators()[0].id

    def then(*steps):
        def prepare(p: Project):
            for step in steps[:-1]:
                step(p)
            return lambda: steps[-1](p)
        return prepare

    def now(step):
        return lambda p: (lambda: step(p))

    return {
        "add_span": now(lambda p: p.add_span(1, *at("Moscow"), "Actor", ana(p))),
        "delete_span": now(lambda p: p.delete_span(span(p).id)),
        "restore_span": lambda p: (lambda gone=p.delete_span(span(p).id): p.restore_span(gone)),
        "relabel_span": now(lambda p: p.relabel_span(span(p).id, "Issue")),
        "add_label": now(lambda p: p.add_label(Label("Frame", "#336699"))),
        "update_label": now(lambda p: p.update_label("Claim", color="#000000")),
        "delete_label": now(lambda p: p.delete_label("Claim")),
        "restore_label": then(lambda p: p.delete_label("Claim"), lambda p: p.restore_label("Claim")),
        "ensure_annotator": now(lambda p: p.ensure_annotator("Cleo")),
        "rename_annotator": now(lambda p: p.rename_annotator(ana(p), "Ana B.")),
        "add_comment": now(lambda p: p.add_comment(span(p).id, ana(p), "why?")),
        "delete_comment": lambda p: (lambda c=p.add_comment(span(p).id, ana(p), "why?"): p.delete_comment(c.id)),
        "restore_comment": lambda p: (lambda c=p.delete_comment(p.add_comment(span(p).id, ana(p), "why?").id):
                                      p.restore_comment(c)),
        "decide": then(lambda p: p.gold_annotator(), lambda p: p.decide(1, at("Ozer"), "reject", ana(p))),
        "undo_decision": then(lambda p: p.decide(1, at("Ozer"), "reject", ana(p)),
                              lambda p: p.undo_decision(1, at("Ozer"))),
        "import_records": now(lambda p: p.import_records([Record(Document("new", "New text."), [])])),
        "add_document": now(lambda p: p.add_document(Document("new", "New text."))),
        "merge_project": now(lambda p: p.merge_project(ben)),
    }


@pytest.mark.parametrize("write", list(_writes(Path())), ids=str)
def test_every_write_moves_the_revision_on_by_one(project: Project, ben: Path, write: str) -> None:
    project.import_records([Record(Document("note", TEXT), [SpanData(*at("Ozer"), "Claim", "Ana")])])
    the_write = _writes(ben)[write](project)
    before = project.revision
    the_write()
    after = project.revision
    assert (after.project_id, after.number) == (before.project_id, before.number + 1)
    assert after.id != before.id


def test_reading_and_importing_nothing_new_leave_the_revision_and_the_file_as_they_were(project: Project) -> None:
    records = [Record(Document("note", TEXT), [SpanData(*at("Ozer"), "Claim", "Ana")])]
    project.import_records(records)
    before = snapshot(project.path)
    project.spans(1)
    project.documents()
    project.import_records(records)
    assert snapshot(project.path) == before
