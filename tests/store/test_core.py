"""The store's core: write transactions, and sqlite-utils' writes inside them.

sqlite-utils (>= 4.0) writes inside an open transaction as a savepoint; 3.x wrapped its
writes in `with conn:`, which commits the caller's transaction half-way. These tests
hold the store to the first behaviour.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Callable, Iterator

import pytest

from annotator.errors import ProjectBusy
from annotator.model import Document, Label
from annotator.store import Project

REPO = Path(__file__).resolve().parents[2]


def label_names_on_disk(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return [row[0] for row in conn.execute("SELECT name FROM labels ORDER BY id")]


def insert_mood_label(project: Project) -> None:
    project.db["labels"].insert({"name": "Mood", "color": "#445566", "position": 9})


def test_a_sqlite_utils_write_inside_a_store_transaction_is_not_committed_by_it(project: Project) -> None:
    with project._write():
        insert_mood_label(project)
        seen_by_another_reader = label_names_on_disk(project.path)
    assert seen_by_another_reader == ["Claim", "Actor", "Issue"]


def test_a_sqlite_utils_write_followed_by_an_error_is_rolled_back_with_its_transaction(project: Project) -> None:
    with pytest.raises(RuntimeError):
        with project._write():
            insert_mood_label(project)
            raise RuntimeError("refused half-way")
    assert label_names_on_disk(project.path) == ["Claim", "Actor", "Issue"]
    assert [label.name for label in project.labels()] == ["Claim", "Actor", "Issue"]


@pytest.fixture
def another_writer(project: Project) -> Iterator[sqlite3.Connection]:
    """Another connection in the middle of a write transaction, as another Annotator importing."""
    conn = sqlite3.connect(project.path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    yield conn
    conn.execute("ROLLBACK")
    conn.close()


@pytest.fixture
def commented_span(project: Project) -> tuple[int, int, str]:
    """(document id, span id, analyst id) of one span on a one-line document."""
    document_id = project.add_document(Document("note", "Peace now."))
    ana = project.ensure_annotator("Ana").id
    project.gold_annotator()
    return document_id, project.add_span(document_id, 0, 5, "Claim", ana).id, ana


SMALL_WRITES: dict[str, Callable[[Project, tuple[int, int, str]], object]] = {
    "add label": lambda p, s: p.add_label(Label("Mood", "#445566")),
    "recolor label": lambda p, s: p.update_label("Issue", color="#000000"),
    "delete label": lambda p, s: p.delete_label("Issue"),
    "rename analyst": lambda p, s: p.rename_annotator(s[2], "Ana B."),
    "new analyst": lambda p, s: p.ensure_annotator("Ben"),
    "comment": lambda p, s: p.add_comment(s[1], s[2], "too wide"),
    "decide": lambda p, s: p.decide(s[0], (0, 5), "accept", s[2], gold=(0, 5, "Claim")),
}


@pytest.mark.parametrize("write", SMALL_WRITES.values(), ids=SMALL_WRITES.keys())
def test_a_small_write_while_another_process_writes_gives_project_busy(
        project: Project, commented_span, another_writer, write) -> None:
    project.set_busy_timeout(0)
    with pytest.raises(ProjectBusy):
        write(project, commented_span)


OPEN_AND_TAG = """
import sys
from annotator.store import Project

with Project(sys.argv[1], create=False) as project:
    (info,) = project.documents()
    project.document(info.id)
    project.labels()
    ana = project.ensure_annotator("Ana")
    span = project.add_span(info.id, 0, 5, "Claim", ana.id)
    project.relabel_span(span.id, "Actor")
    project.spans(info.id)
    project.comment_counts(info.id)
    project.decisions(info.id)
    project.restore_span(project.delete_span(span.id))
print("sqlite_utils" in sys.modules)
"""


def test_opening_a_project_and_tagging_never_imports_sqlite_utils(project: Project) -> None:
    """The window's cold start is measured; sqlite-utils costs a tenth of a second to import."""
    project.add_document(Document("note", "Peace now."))
    project.ensure_annotator("Ana")
    project.close()
    result = subprocess.run([sys.executable, "-c", OPEN_AND_TAG, str(project.path)], cwd=REPO,
                            capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stderr, result.stdout) == (0, "", "False\n")
