"""Fixtures shared by the core tests: real project files in `tmp_path`, the shipped sample text.

tests/ui and tests/e2e add their own conftest.py next to their tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

import pytest

from annotator.resources import seed_texts
from annotator.store import Project


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    """Where a project file will live; the file itself does not exist yet."""
    return tmp_path / "project.db"


@pytest.fixture
def project(project_path: Path) -> Iterator[Project]:
    """A new project, open on a real SQLite file, closed after the test."""
    with Project(project_path) as opened:
        yield opened


@pytest.fixture
def interview_path() -> Path:
    """The shipped sample interview (its first line is a ` date YYYY-MM-DD Title` header)."""
    return seed_texts()[0]


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    """Writes a file under tmp_path and returns its path: `write_file("a.txt", "text")`.

    A `str` is written as UTF-8 with no newline translation (so "\\r\\n" stays CRLF);
    `bytes` are written as they are, for malformed input."""
    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return write

