"""The project file: one SQLite database, and the only package that speaks SQL.

`Project` is the whole API. It is one class over parts layered one way: each part
inherits exactly the parts it uses, and its module imports only theirs, so nothing
calls up or sideways unseen.

    core.py          ProjectCore      the connection, opening and migrating, transactions, errors
    labels.py        LabelOps         the codebook                        (on the core)
    annotators.py    AnnotatorOps     analysts, gold, chosen layers       (on the core)
    documents.py     DocumentOps      reading documents                   (on the core)
    spans.py         SpanOps          span reads and per-keystroke edits  (on labels)
    adjudication.py  AdjudicationOps  the gold layer, decisions, comments (on spans, annotators)
    bulk.py          BulkOps          import and export                   (on documents, spans, annotators)
    merge.py         MergeOps         merging a colleague's project file  (on bulk, adjudication)
    schema.py                         the numbered migrations (data, no class)

Every public method reports SQLite failures as our own `ProjectError` (see
`_sqlite_errors_as_project_errors` below): nothing outside this package sees sqlite3.
"""

from __future__ import annotations

import functools
import inspect
import sqlite3

from annotator.model import Record
from annotator.store.bulk import ImportReport
from annotator.store.core import now, project_error
from annotator.store.merge import MergeOps
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
class Project(MergeOps):
    """An open project file. One instance owns one connection; use it from one thread."""


__all__ = ["Project", "Record", "ImportReport", "SCHEMA_VERSION", "now"]
