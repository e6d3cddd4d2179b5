"""The store's own errors: every public entry point reports SQLite failures as `ProjectError`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

import pytest

from annotator.errors import ProjectError
from annotator.model import Document
from annotator.store import Project

PACKAGE = Path(__file__).resolve().parents[2] / "annotator"


def test_a_comment_on_a_span_that_is_not_there_is_a_project_error(project: Project) -> None:
    ana = project.ensure_annotator("Ana").id
    with pytest.raises(ProjectError, match="FOREIGN KEY constraint failed"):
        project.add_comment(999, ana, "on nothing")


ENTRY_POINTS: dict[str, Callable[[Project], object]] = {
    "method": lambda p: p.documents(),
    "generator, while iterated": lambda p: list(p.iter_documents_with_spans()),
    "property": lambda p: p.schema_version,
}


@pytest.mark.parametrize("use", ENTRY_POINTS.values(), ids=ENTRY_POINTS.keys())
def test_using_a_closed_project_is_a_project_error_naming_its_file(project: Project, use) -> None:
    project.add_document(Document("note", "Peace now."))
    project.close()
    with pytest.raises(ProjectError, match=rf"^{re.escape(str(project.path))}: "):
        use(project)


def test_only_the_store_imports_sqlite3() -> None:
    importers = [path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py")
                 if re.search(r"^\s*(import|from) sqlite3\b", path.read_text(encoding="utf-8"), re.M)]
    assert [path for path in importers if not path.startswith("store/")] == []
