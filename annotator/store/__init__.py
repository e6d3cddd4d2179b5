"""The project file: one SQLite database, and the only package that speaks SQL.

`Project` is the whole API: opening and migrating (`project.py`), bulk transfer and
merging (`bulk.py`), the codebook (`labels.py`), the gold layer, decisions and comments (`adjudication.py`).
"""

from __future__ import annotations

import functools
import inspect
import sqlite3

from annotator.model import Record
from annotator.store.bulk import BulkOps, ImportReport
from annotator.store.labels import LabelOps
from annotator.store.project import ProjectBase, now, project_error
from annotator.store.adjudication import AdjudicationOps
from annotator.store.schema import SCHEMA_VERSION


def _sqlite_errors_as_project_errors(cls: type) -> type:
    """Every public method reports SQLite failures (a damaged page met while reading, a
    file made read-only meanwhile) as a one-line `ProjectError`, like the writes do, so
    neither the CLI nor the window ever sees a raw sqlite3 error."""
    for name in dir(cls):
        method = getattr(cls, name)
        if name.startswith("_") or not inspect.isfunction(method) or inspect.isgeneratorfunction(method):
            continue

        def guarded(self, *args, __method=method, **kwargs):
            try:
                return __method(self, *args, **kwargs)
            except sqlite3.DatabaseError as exc:
                if isinstance(exc, sqlite3.IntegrityError):
                    raise
                raise project_error(self.path, exc) from exc

        functools.update_wrapper(guarded, method)
        setattr(cls, name, guarded)
    return cls


@_sqlite_errors_as_project_errors
class Project(AdjudicationOps, BulkOps, LabelOps, ProjectBase):
    """An open project file. One instance owns one connection; use it from one thread."""


__all__ = ["Project", "Record", "ImportReport", "SCHEMA_VERSION", "now"]
