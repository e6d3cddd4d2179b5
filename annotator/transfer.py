"""Moving annotations in and out of a project: import files, export JSONL, build the demo.

Each function here is what one CLI subcommand or menu item does, so the window and
the command line behave the same.
"""

from __future__ import annotations

import getpass
import itertools
from pathlib import Path
from typing import Iterable

from annotator.codebook import read_codebook, write_codebook
from annotator.formats import read_any, writer_for
from annotator.resources import seed_texts
from annotator.store import CodebookReport, ImportReport, Project


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
    if writer.takes_records:
        return writer.write(Path(out), project.iter_records(wanted))
    return writer.write(Path(out), project.iter_documents_with_spans(wanted, as_data=True))


def export_codebook(project: Project, out: str | Path) -> int:
    """`annotator codebook export`: labels, claim categories, the stance scale and the registry
    (with ids) to one file; returns the number of registry entries written."""
    codebook = project.codebook()
    write_codebook(out, codebook)
    return len(codebook.entities)


def import_codebook_into(project: Project, path: str | Path) -> CodebookReport:
    """Merges a team's codebook into an open project by identity, in one transaction. The
    file is checked whole first: on bad input the project is left as it was."""
    return project.import_codebook(read_codebook(path), str(path))


def import_codebook(project_path: str | Path, path: str | Path) -> CodebookReport:
    """`annotator codebook import`: the file is read and checked before the project is opened
    (or created), so bad input leaves no trace."""
    codebook = read_codebook(path)
    with Project(project_path) as project:
        return project.import_codebook(codebook, str(path))


def build_demo_project(path: str | Path) -> Path:
    """Makes the demo project from the shipped sample texts, unless it already exists."""
    path = Path(path)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".building")
    partial.unlink(missing_ok=True)
    with Project(partial) as project:
        import_into(project, seed_texts(), default_analyst())
        project.checkpoint()
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    partial.rename(path)
    return path
