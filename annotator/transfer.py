"""Moving annotations in and out of a project: import files, export JSONL, build the demo.

Each function here is what one CLI subcommand or menu item does, so the window and
the command line behave the same.
"""

from __future__ import annotations

import getpass
import itertools
from pathlib import Path
from typing import Iterable

from annotator.formats import read_any, writer_for
from annotator.resources import EXAMPLE_ANALYSTS, seed_layers, seed_texts
from annotator.store import ImportReport, Project


def default_analyst() -> str:
    """The OS user name, the analyst's name until they give another."""
    try:
        return getpass.getuser()
    except Exception:  # no user database entry (containers); any name beats failing
        return "analyst"


def import_into(project: Project, files: Iterable[str | Path], annotator: str) -> ImportReport:
    """Imports every file in one transaction: if any file is bad, nothing is imported."""
    records = itertools.chain.from_iterable(read_any(path) for path in files)
    return project.import_records(records, default_annotator=annotator)


def import_files(project_path: str | Path, files: Iterable[str | Path], annotator: str) -> ImportReport:
    """`annotator import`: creates the project if needed; on bad input leaves it as it was
    (and a project this call created is removed again)."""
    project_path = Path(project_path)
    existed = project_path.exists()
    try:
        with Project(project_path) as project:
            return import_into(project, files, annotator)
    except BaseException:
        if not existed:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{project_path}{suffix}").unlink(missing_ok=True)
        raise


def export_project(project: Project, out: str | Path, annotators: Iterable[str] = (),
                   gold: bool = False, format: str | None = None) -> int:
    """Writes the chosen layers to `out` in the named format (by default the one `out`'s
    suffix calls for, else JSONL); returns the number of documents written. An unknown
    format is refused before anything is read or written."""
    writer = writer_for(format, out)
    wanted = project.layer_ids(annotators, gold=gold)
    return writer.write(Path(out), project.iter_documents_with_spans(wanted, as_data=True))


def build_demo_project(path: str | Path) -> Path:
    """Makes the demo project from the shipped sample texts, unless it already exists: the
    sample interview with two example analysts' layers (under their fixed ids), which agree
    on most spans and differ in a label, two boundaries and a few spans only one has, so that
    review mode and agreement have something to show. The analyst's own layer starts empty."""
    path = Path(path)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".building")
    partial.unlink(missing_ok=True)
    with Project(partial) as project:
        for analyst in EXAMPLE_ANALYSTS:
            project.ensure_annotator(analyst.name, analyst.id)
        import_into(project, [*seed_texts(), *seed_layers()], default_analyst())
        project.checkpoint()
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    partial.rename(path)
    return path
