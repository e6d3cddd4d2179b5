"""Opening an older project migrates it after a backup copy; a newer one is refused untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.errors import AnnotatorError, ProjectError
from annotator.store import SCHEMA_VERSION, Project
from annotator.store.schema import MIGRATIONS
from tests.files import sha256_of


def schema_1_project(path: Path) -> None:
    """A project as the first release wrote it: schema 1, one document, one span."""
    conn = sqlite3.connect(str(path))
    with conn:
        for statement in MIGRATIONS[0].split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.execute("INSERT INTO meta(key, value) VALUES ('schema_version', '1')")
        conn.execute("INSERT INTO labels(id, name, color, hotkey) VALUES (1, 'Claim', '#E0902F', '1')")
        conn.execute("INSERT INTO annotators(id, name, created) VALUES ('a1', 'Ana', '2025-01-01')")
        conn.execute("INSERT INTO documents(id, external_id, text, sha256, length, imported) "
                     "VALUES (1, 'd', 'Peace now.', 'x', 10, '2025-01-01')")
        conn.execute("INSERT INTO annotations(document_id, start, end, label_id, annotator_id, created, "
                     "updated) VALUES (1, 0, 9, 1, 'a1', '2025-01-01', '2025-01-01')")
    conn.close()


def test_an_older_project_is_migrated_and_keeps_its_spans(tmp_path: Path):
    path = tmp_path / "old.db"
    schema_1_project(path)
    with Project(path) as project:
        assert project.schema_version == SCHEMA_VERSION
        assert [(s.label, s.annotator, s.start, s.end) for s in project.spans(1)] == [("Claim", "Ana", 0, 9)]
        assert project.decisions(1) == []          # the review tables of schema 2 exist
        assert (project.claims(1), project.entities()) == ([], [])  # the claims tables of schema 4 exist
        assert project.deleted_labels() == []      # the label column of schema 3 exists


def test_migration_leaves_a_backup_of_the_older_file(tmp_path: Path):
    path = tmp_path / "old.db"
    schema_1_project(path)
    original = sha256_of(path)
    with Project(path) as project:
        backup = project.backup_path
    assert backup == tmp_path / "old.db.schema1.bak"
    conn = sqlite3.connect(str(backup))
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("1",)
    assert conn.execute("SELECT count(*) FROM annotations").fetchone() == (1,)
    conn.close()
    assert sha256_of(path) != original  # the project itself moved on


def test_a_newer_project_is_refused_and_left_as_it_was(tmp_path: Path):
    path = tmp_path / "future.db"
    with Project(path):
        pass
    conn = sqlite3.connect(str(path))
    with conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    conn.close()
    before = sha256_of(path)
    with pytest.raises(ProjectError, match="newer Annotator"):
        Project(path)
    assert sha256_of(path) == before


def test_analysts_who_shared_a_name_are_told_apart_and_keep_their_spans(tmp_path: Path):
    """Earlier imports could leave two "Ana"s (and an analyst called "gold" beside the gold layer)."""
    path = tmp_path / "old.db"
    schema_1_project(path)
    conn = sqlite3.connect(str(path))
    with conn:
        conn.executemany("INSERT INTO annotators(id, name, created) VALUES (?,?,?)", [
            ("a2", "Ana", "2025-02-01"), ("a3", "Ana", "2025-03-01"), ("gold", "gold", "2025-04-01"),
            ("g2", "gold", "2025-01-15")])
        conn.execute("INSERT INTO annotations(document_id, start, end, label_id, annotator_id, created, "
                     "updated) VALUES (1, 0, 5, 1, 'a3', '2025-03-01', '2025-03-01')")
    conn.close()
    with Project(path) as project:
        assert {a.id: a.name for a in project.annotators()} == {
            "a1": "Ana", "a2": "Ana (2)", "a3": "Ana (3)", "gold": "gold", "g2": "gold (2)"}
        assert [(s.annotator, s.annotator_id) for s in project.spans(1)] == [("Ana", "a1"), ("Ana (3)", "a3")]
        with pytest.raises(AnnotatorError, match="already another analyst's name"):
            project.rename_annotator("a2", "Ana")


def test_an_older_project_gains_an_empty_suggestions_layer(tmp_path: Path):
    path = tmp_path / "old.db"
    schema_1_project(path)
    with Project(path) as project:
        assert (project.suggestions(1, "a1"), project.suggestion_summary()) == ([], {})
        assert (project.suggest_patterns(), project.model_labels()) == ([], {})
        assert project.add_suggestions([(1, 0, 5, "Claim", None, "pattern")]) == 1
        (span_id,) = project.accept_suggestions([project.suggestions(1, "a1")[0].id], "a1")
        assert [(s.start, s.end, s.annotator) for s in project.spans(1)] == [(0, 9, "Ana"), (0, 5, "Ana")]
        assert project.span(span_id).label == "Claim"
        assert project.suggestion_summary() == {"pattern": {"places": 1, "analysts": {"Ana": {"accepted": 1,
                                                                                             "rejected": 0}}}}
