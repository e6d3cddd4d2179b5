"""Long work reports how far it has come and stops when asked, leaving nothing behind: an
import or a merge is rolled back whole (the project file is as it was, byte for byte), an
export leaves no file, agreement just stops. `annotator.progress` is the contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator import transfer
from annotator.errors import Cancelled
from annotator.review.report import project_agreement
from annotator.store import Project
from annotator.store.merge import MERGE_STEPS
from tests.files import snapshot

TEXT = "Ana 👩‍👩‍👧 said: cafe\u0301 ceasefire\r\nشكرا\u2028now."


def corpus(path: Path, documents: int, annotators: tuple[str, ...] = ("ana", "bo"), prefix: str = "doc") -> Path:
    """A JSONL file of `documents` documents, each with one Actor span per annotator."""
    with path.open("w", encoding="utf-8") as out:
        for n in range(documents):
            spans = [{"start": 0, "end": 3, "label": "Actor", "annotator": name} for name in annotators]
            out.write(json.dumps({"id": f"{prefix}-{n}", "text": f"{TEXT} {n}", "spans": spans},
                                 ensure_ascii=False) + "\n")
    return path


class StopAt:
    """A progress callback that records what it is told and says stop once `done` reaches `at`."""

    def __init__(self, at: int | None = None) -> None:
        self.at = at
        self.calls: list[tuple[int, int]] = []

    def __call__(self, done: int, total: int) -> bool:
        self.calls.append((done, total))
        return self.at is None or done < self.at


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    path = tmp_path / "filled.db"
    transfer.import_files(path, [corpus(tmp_path / "first.jsonl", 20)], "ana")
    return path


def test_import_reports_every_file(tmp_path: Path, project: Project):
    files = [corpus(tmp_path / f"part{n}.jsonl", 3) for n in range(4)]
    progress = StopAt()
    transfer.import_into(project, files, "ana", progress=progress)
    assert progress.calls[0] == (0, 4) and progress.calls[-1] == (4, 4)
    assert [done for done, _ in progress.calls] == sorted(done for done, _ in progress.calls)


def test_cancelled_import_leaves_the_project_as_it_was(tmp_path: Path, filled: Path):
    before = snapshot(filled)
    files = [corpus(tmp_path / f"part{n}.jsonl", 50) for n in range(3)]
    with Project(filled) as project, pytest.raises(Cancelled):
        transfer.import_into(project, files, "ana", progress=StopAt(2))
    assert snapshot(filled) == before


def test_cancelled_import_of_a_new_project_leaves_no_file(tmp_path: Path):
    path = tmp_path / "new.db"
    with pytest.raises(Cancelled):
        transfer.import_files(path, [corpus(tmp_path / "a.jsonl", 5)], "ana", progress=StopAt(0))
    assert not path.exists()


@pytest.mark.parametrize("format", ["jsonl", "iob"])
def test_cancelled_export_leaves_no_file(tmp_path: Path, filled: Path, format: str):
    out = tmp_path / "out" / f"corpus.{format}"
    out.parent.mkdir()
    with Project(filled) as project, pytest.raises(Cancelled):
        transfer.export_annotations(project, out, ["ana"], format=format, progress=StopAt(10))
    assert list(out.parent.iterdir()) == []


def test_export_counts_documents(tmp_path: Path, filled: Path):
    progress = StopAt()
    with Project(filled) as project:
        transfer.export_annotations(project, tmp_path / "out.jsonl", progress=progress)
    assert progress.calls[0] == (0, 20) and progress.calls[-1] == (20, 20)


@pytest.fixture
def colleague(tmp_path: Path) -> Path:
    path = tmp_path / "colleague.db"
    transfer.import_files(path, [corpus(tmp_path / "theirs.jsonl", 3000, ("cy",), "theirs")], "cy")
    return path


def test_merge_counts_its_steps(filled: Path, colleague: Path):
    progress = StopAt()
    with Project(filled) as project:
        report = project.merge_project(colleague, progress)
    assert report.documents_added == 3000
    assert progress.calls[-1] == (MERGE_STEPS, MERGE_STEPS)
    assert {total for _, total in progress.calls} == {MERGE_STEPS}


@pytest.mark.parametrize("stop_at", [1, 2, 3, 4])
def test_cancelled_merge_leaves_the_project_as_it_was(filled: Path, colleague: Path, stop_at: int):
    before = snapshot(filled)
    with Project(filled) as project:
        with pytest.raises(Cancelled):
            project.merge_project(colleague, StopAt(stop_at))
        assert project.document_count() == 20  # the connection is still good
    assert snapshot(filled) == before


def test_cancel_interrupts_a_statement_of_the_merge(filled: Path, colleague: Path):
    """Within one step, SQLite asks again (its progress handler) and stops the statement."""
    asked_within = []

    def stop_within_spans(done: int, total: int) -> bool:
        if done == 3:
            asked_within.append(done)
        return len(asked_within) < 2  # the step's own report, then SQLite's first question

    before = snapshot(filled)
    with Project(filled) as project, pytest.raises(Cancelled):
        project.merge_project(colleague, stop_within_spans)
    assert len(asked_within) == 2
    assert snapshot(filled) == before


def test_cancelled_agreement_stops(filled: Path):
    progress = StopAt(5)
    with Project(filled) as project, pytest.raises(Cancelled):
        project_agreement(project, ["ana", "bo"], progress=progress)
    assert progress.calls[-1] == (5, 20)


def test_agreement_without_progress_is_unchanged(filled: Path):
    with Project(filled) as project:
        assert (project_agreement(project, ["ana", "bo"]).to_json()
                == project_agreement(project, ["ana", "bo"], progress=StopAt()).to_json())
