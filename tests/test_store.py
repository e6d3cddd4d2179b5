"""The project file: schema, pragmas, span edits committed at once, and all-or-nothing imports.

"Committed" is checked the way a crash would check it: a second, independent SQLite
connection to the same file must see the change as soon as the call returns.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Iterator

import pytest

from annotator.errors import BadInput, DocumentConflict, ProjectError
from annotator.formats.jsonl import read_jsonl
from annotator.model import Document, SpanData
from annotator.store import SCHEMA_VERSION, Project, Record

INTERVIEW = "Ozer said a ceasefire could be declared soon.\nMoscow disagreed."
START = INTERVIEW.index("ceasefire")  # "ceasefire could be declared soon", in code points
END = START + len("ceasefire could be declared soon")


@pytest.fixture
def second_connection(project: Project) -> Iterator[sqlite3.Connection]:
    """Another reader of the same file, as another process (or a restarted one) would be."""
    conn = sqlite3.connect(str(project.path))
    yield conn
    conn.close()


@pytest.fixture
def doc_id(project: Project) -> int:
    return project.add_document(Document(external_id="interview", text=INTERVIEW))


@pytest.fixture
def analyst_id(project: Project) -> str:
    return project.ensure_annotator("ana").id


def table_contents(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, read through a fresh connection."""
    conn = sqlite3.connect(str(path))
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        conn.close()


def claim(start: int, end: int, annotator: str = "ana", label: str = "Claim") -> SpanData:
    return SpanData(start=start, end=end, label=label, annotator=annotator)


# -- schema and pragmas ----------------------------------------------------------------------

def test_new_project_is_written_in_wal_mode(project: Project, second_connection: sqlite3.Connection) -> None:
    assert second_connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_project_connection_enforces_foreign_keys(project: Project) -> None:
    assert project.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_project_connection_syncs_every_commit_to_disk(project: Project) -> None:
    assert project.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_new_project_records_its_schema_version(project: Project,
                                                second_connection: sqlite3.Connection) -> None:
    row = second_connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    assert row == (str(SCHEMA_VERSION),)


def test_new_project_offers_claim_actor_issue_on_keys_1_2_3(project: Project) -> None:
    assert [(label.name, label.hotkey) for label in project.labels()] == [
        ("Claim", "1"), ("Actor", "2"), ("Issue", "3")]


def test_reopened_project_keeps_its_labels_without_adding_them_again(project_path: Path) -> None:
    Project(project_path).close()
    with Project(project_path) as reopened:
        assert [label.name for label in reopened.labels()] == ["Claim", "Actor", "Issue"]


# -- opening the wrong file ------------------------------------------------------------------

def test_opening_a_file_of_another_kind_as_project_is_refused_and_leaves_it_alone(tmp_path: Path) -> None:
    notes = tmp_path / "notes.dat"
    notes.write_bytes(b"my notes, not a project\n")
    with pytest.raises(ProjectError, match="not an SQLite database"):
        Project(notes)
    assert notes.read_bytes() == b"my notes, not a project\n"


@pytest.mark.parametrize("name", ["notes.txt", "Notes.MD", "talks.jsonl", "new.txt"])
def test_a_document_named_as_the_project_points_to_import_and_creates_nothing(tmp_path: Path, name: str) -> None:
    if name != "new.txt":
        (tmp_path / name).write_bytes(b"my notes, not a project\n")
    with pytest.raises(ProjectError, match=r"not an Annotator project; add it to a project with `annotator import"):
        Project(tmp_path / name)
    assert sorted(p.name for p in tmp_path.iterdir()) == ([] if name == "new.txt" else [name])


def test_opening_a_project_from_a_newer_annotator_is_refused_with_the_reason(project_path: Path) -> None:
    Project(project_path).close()
    conn = sqlite3.connect(str(project_path))
    with conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    conn.close()
    with pytest.raises(ProjectError, match=rf"newer Annotator \(schema {SCHEMA_VERSION + 1}.*update Annotator"):
        Project(project_path)


def test_opening_a_missing_project_without_create_does_not_make_one(project_path: Path) -> None:
    with pytest.raises(ProjectError, match="no such project file"):
        Project(project_path, create=False)
    assert not project_path.exists()


def test_opening_another_programs_sqlite_database_is_refused_and_leaves_it_alone(tmp_path: Path) -> None:
    other = tmp_path / "places.sqlite"
    conn = sqlite3.connect(str(other))
    with conn:
        conn.execute("CREATE TABLE bookmarks (url TEXT)")
    conn.close()
    before = other.read_bytes()
    with pytest.raises(ProjectError):
        Project(other).close()
    assert other.read_bytes() == before


# -- span edits, each committed before the call returns ----------------------------------------

def test_tagging_a_span_is_on_disk_when_the_call_returns(project: Project, doc_id: int, analyst_id: str,
                                                         second_connection: sqlite3.Connection) -> None:
    span = project.add_span(doc_id, START, END, "Claim", analyst_id)
    rows = second_connection.execute(
        "SELECT id, document_id, start, end, annotator_id FROM annotations").fetchall()
    assert rows == [(span.id, doc_id, START, END, analyst_id)]


def test_tagged_span_reads_back_with_label_and_annotator_name(project: Project, doc_id: int,
                                                              analyst_id: str) -> None:
    span = project.add_span(doc_id, START, END, "Claim", analyst_id)
    assert (span.label, span.annotator, span.text_in(INTERVIEW)) == (
        "Claim", "ana", "ceasefire could be declared soon")


def test_tagging_the_same_span_twice_keeps_one(project: Project, doc_id: int, analyst_id: str) -> None:
    first = project.add_span(doc_id, START, END, "Claim", analyst_id)
    again = project.add_span(doc_id, START, END, "Claim", analyst_id)
    assert again.id == first.id
    assert len(project.spans(doc_id)) == 1


def test_deleting_a_span_is_on_disk_when_the_call_returns(project: Project, doc_id: int, analyst_id: str,
                                                          second_connection: sqlite3.Connection) -> None:
    span = project.add_span(doc_id, START, END, "Claim", analyst_id)
    project.delete_span(span.id)
    assert second_connection.execute("SELECT count(*) FROM annotations").fetchone()[0] == 0


def test_relabelling_a_span_is_on_disk_when_the_call_returns(project: Project, doc_id: int, analyst_id: str,
                                                             second_connection: sqlite3.Connection) -> None:
    span = project.add_span(doc_id, 0, 4, "Claim", analyst_id)
    project.relabel_span(span.id, "Actor")
    row = second_connection.execute(
        "SELECT l.name FROM annotations a JOIN labels l ON l.id = a.label_id WHERE a.id = ?",
        (span.id,)).fetchone()
    assert row == ("Actor",)


def test_undoing_a_delete_restores_the_same_span_on_disk(project: Project, doc_id: int, analyst_id: str,
                                                         second_connection: sqlite3.Connection) -> None:
    span = project.add_span(doc_id, START, END, "Claim", analyst_id)
    deleted = project.delete_span(span.id)
    project.restore_span(deleted)
    row = second_connection.execute(
        "SELECT id, start, end, created, updated FROM annotations").fetchall()
    assert row == [(span.id, START, END, span.created, span.updated)]


@pytest.mark.parametrize("start, end", [(-1, 4), (50, 70), (0, len(INTERVIEW) + 1), (10, 10), (12, 11)])
def test_span_outside_the_text_or_empty_is_refused(project: Project, doc_id: int, analyst_id: str,
                                                   start: int, end: int) -> None:
    with pytest.raises(ValueError, match="outside document"):
        project.add_span(doc_id, start, end, "Claim", analyst_id)
    assert project.spans(doc_id) == []


def test_span_with_a_label_not_in_the_codebook_is_refused(project: Project, doc_id: int,
                                                          analyst_id: str) -> None:
    with pytest.raises(ValueError, match="unknown label 'Mood'"):
        project.add_span(doc_id, 0, 4, "Mood", analyst_id)
    assert project.spans(doc_id) == []


# -- importing ---------------------------------------------------------------------------------

def test_importing_documents_with_spans_stores_both(project: Project) -> None:
    report = project.import_records([Record(Document("interview", INTERVIEW), [claim(START, END)])])
    (info,) = project.documents()
    assert (report.documents_added, report.spans_added) == (1, 1)
    spans = project.spans(info.id)
    assert [(s.start, s.end, s.label, s.annotator) for s in spans] == [(START, END, "Claim", "ana")]


def test_importing_the_same_records_twice_adds_nothing_the_second_time(project: Project) -> None:
    records = [Record(Document("interview", INTERVIEW), [claim(START, END), claim(0, 4, "bo", "Actor")]),
               Record(Document("note", "Another text."), [])]
    project.import_records(records)
    before = table_contents(project.path)
    report = project.import_records(records)
    assert (report.documents_added, report.documents_matched, report.spans_added, report.spans_present) == (
        0, 2, 0, 2)
    assert table_contents(project.path) == before


def test_same_text_under_another_id_is_another_document_and_keeps_its_id(project: Project) -> None:
    project.import_records([Record(Document("interview", INTERVIEW), [claim(START, END)])])
    report = project.import_records([Record(Document("interview-copy", INTERVIEW), [claim(0, 4, "bo")])])
    assert (report.documents_added, report.documents_same_text, report.documents_matched) == (1, 1, 0)
    assert [(d.external_id, d.span_count) for d in project.documents()] == [("interview", 1),
                                                                           ("interview-copy", 1)]


def test_different_text_under_a_known_id_is_refused_and_changes_nothing(project: Project) -> None:
    project.import_records([Record(Document("interview", INTERVIEW), [claim(START, END)])])
    before = table_contents(project.path)
    with pytest.raises(DocumentConflict, match="'interview' is already in .* with a different text"):
        project.import_records([Record(Document("interview", INTERVIEW + " Edited."), [claim(0, 4)])])
    assert table_contents(project.path) == before


def test_one_id_with_two_texts_in_one_import_is_refused_as_such(project: Project) -> None:
    records = [Record(Document("memo", "First wording."), [], "a.jsonl", 1),
               Record(Document("memo", "Second wording."), [], "b.jsonl", 4)]
    with pytest.raises(DocumentConflict, match="b.jsonl:4: document 'memo' is earlier in this import"):
        project.import_records(records)
    assert project.documents() == []


def test_unknown_label_in_the_middle_of_an_import_leaves_the_project_unchanged(project: Project) -> None:
    project.import_records([Record(Document("kept", "Already here."), [claim(0, 7)])])
    before = table_contents(project.path)
    records = [Record(Document("one", "First text."), [claim(0, 5, "new-analyst")], "batch.jsonl", 1),
               Record(Document("two", "Second text."), [claim(0, 6, label="Mood")], "batch.jsonl", 2),
               Record(Document("three", "Third text."), [claim(0, 5)], "batch.jsonl", 3)]
    with pytest.raises(BadInput) as raised:
        project.import_records(records)
    assert (raised.value.path, raised.value.line) == ("batch.jsonl", 2)
    assert table_contents(project.path) == before


def test_bad_line_in_the_middle_of_a_jsonl_import_leaves_the_project_unchanged(
        project: Project, write_file) -> None:
    before = table_contents(project.path)
    batch = write_file("batch.jsonl",
                       '{"id": "one", "text": "First text.", "spans": [{"start": 0, "end": 5, '
                       '"label": "Claim", "annotator": "ana"}]}\n'
                       '{"id": "two", "text": \n'
                       '{"id": "three", "text": "Third text."}\n')
    with pytest.raises(BadInput) as raised:
        project.import_records(read_jsonl(batch))
    assert raised.value.line == 2
    assert table_contents(project.path) == before


@pytest.mark.parametrize("start, end", [(0, 100), (3, 3)], ids=["past-the-end", "empty"])
def test_import_span_outside_its_text_is_refused_naming_the_line(project: Project, start: int, end: int) -> None:
    before = table_contents(project.path)
    with pytest.raises(BadInput) as raised:
        project.import_records([Record(Document("one", "Short."), [claim(start, end)], "batch.jsonl", 4)])
    assert (raised.value.path, raised.value.line) == ("batch.jsonl", 4)
    assert table_contents(project.path) == before


def test_import_span_without_an_annotator_takes_the_default_one(project: Project) -> None:
    project.import_records([Record(Document("one", "First text."), [claim(0, 5, annotator="")])],
                           default_annotator="ana")
    (info,) = project.documents()
    assert [s.annotator for s in project.spans(info.id)] == ["ana"]


def test_import_span_without_any_annotator_is_refused(project: Project) -> None:
    with pytest.raises(BadInput, match="span has no annotator"):
        project.import_records([Record(Document("one", "First text."), [claim(0, 5, annotator="")],
                                       "batch.jsonl", 1)])
    assert project.documents() == []


def test_annotator_named_in_two_imports_is_one_annotator(project: Project) -> None:
    project.import_records([Record(Document("one", "First text."), [claim(0, 5)])])
    project.import_records([Record(Document("two", "Second text."), [claim(0, 6)])])
    assert [a.name for a in project.annotators()] == ["ana"]
