"""The project file: one SQLite database, and the only package that speaks SQL.

`Project` is the whole API. It is one class over parts layered one way: each part
inherits exactly the parts it uses, and its module imports only theirs, so nothing
calls up or sideways unseen.

    core.py          ProjectCore      the connection, opening and migrating, transactions (each change
                                      moves the project's revision on), errors
    labels.py        LabelOps         the codebook                        (on the core)
    annotators.py    AnnotatorOps     analysts, gold, chosen layers       (on the core)
    documents.py     DocumentOps      reading documents                   (on the core)
    spans.py         SpanOps          span reads and per-keystroke edits  (on labels)
    adjudication.py  AdjudicationOps  the gold layer, decisions, comments (on spans, annotators)
    registry.py      RegistryOps      actors and issues, links of spans   (on spans)
    claims.py        ClaimOps         claim frames, categories, default speakers (on registry, annotators)
    claim_files.py   ClaimFileOps     frames and links ⇄ records (files)  (on claims)
    statements.py    StatementOps     frames as statements, for networks  (on claims)
    suggestions.py   SuggestionOps    suggested spans, accepted into a layer or rejected by each
                                      analyst for themselves; the codebook's patterns and a
                                      pipeline's labels (on registry)
    codebook.py      CodebookOps      the codebook whole, registry unions (on claims, suggestions)
    bulk.py          BulkOps          import and export                   (on documents, claim files)
    merge.py         MergeOps         merging a colleague's project file, unless unchanged since
                                      (on bulk, adjudication, codebook)
    search.py        SearchOps        the corpus search over the FTS5 index (on documents, registry)
    tag_all.py       TagAllOps        tag everywhere: the words' occurrences, thousands of spans
                                      added or removed in one transaction (on search)
    schema.py                         the numbered migrations (data, no class)

Every public method reports SQLite failures as our own `ProjectError` (see
`_sqlite_errors_as_project_errors` below): nothing outside this package sees sqlite3.

Which SQL where:
- Hand-written SQL where it was measured to matter (bench/run.py): import, export
  streaming, merge, the networks' statements, the search index (FTS5 by hand, not
  `enable_fts`: external content, built in one `INSERT … SELECT` per bulk write), the
  search, tag everywhere's spans (`add_spans`/`remove_spans`: executemany), the reads
  agreement and the window make (a document's spans, claim frames and links: one query
  each), the per-keystroke span add, delete and relabel, and suggestions (written a batch
  of documents at a time while the window writes too).
- sqlite-utils' table methods (`insert(...).last_pk`, `update(pk, {...})`, `rows_where`,
  `delete`) for the small create and update paths: labels (add, update, delete and
  restore), analysts (a new one, a rename), comments, decisions, registry entries, claim
  frames and categories; and migrations. (A rename that follows an analyst into a project
  as it opens is one plain UPDATE: the window's open path never imports sqlite_utils.)
  Always inside `_write()`, whose transaction its writes join (sqlite-utils >= 4.0).
  Never on the open path: `import sqlite_utils` costs ~0.1 s (`ProjectCore.db` is lazy).
"""

from __future__ import annotations

import functools
import inspect
import sqlite3
from typing import Callable

from annotator.model import Record
from annotator.store.bulk import ImportReport
from annotator.store.codebook import CodebookReport
from annotator.store.core import now, project_error, refuse_document_path
from annotator.store.merge import MergeOps
from annotator.store.schema import SCHEMA_VERSION
from annotator.store.statements import StatementOps
from annotator.store.tag_all import TagAllOps


def _sqlite_errors_as_project_errors(cls: type) -> type:
    """Every public method, generator and property reports SQLite failures (a damaged page
    met while reading, a file made read-only meanwhile, a constraint a caller broke) as a
    one-line `ProjectError`, like the writes do, so neither the CLI nor the window ever
    sees a raw sqlite3 error. A generator is guarded while it is iterated."""
    for name in dir(cls):
        attribute = inspect.getattr_static(cls, name)
        if name.startswith("_"):
            continue
        if isinstance(attribute, property):
            setattr(cls, name, property(_guarded(attribute.fget), doc=attribute.__doc__))
        elif inspect.isfunction(attribute):
            setattr(cls, name, _guarded(attribute))
    return cls


def _guarded(function: Callable) -> Callable:
    if inspect.isgeneratorfunction(function):
        def guarded(self, *args, **kwargs):
            try:
                yield from function(self, *args, **kwargs)
            except sqlite3.DatabaseError as exc:
                raise project_error(self.path, exc) from exc
    else:
        def guarded(self, *args, **kwargs):
            try:
                return function(self, *args, **kwargs)
            except sqlite3.DatabaseError as exc:
                raise project_error(self.path, exc) from exc
    return functools.update_wrapper(guarded, function)


@_sqlite_errors_as_project_errors
class Project(MergeOps, StatementOps, TagAllOps):
    """An open project file. One instance owns one connection; use it from one thread."""


__all__ = ["Project", "Record", "ImportReport", "CodebookReport", "SCHEMA_VERSION", "now", "refuse_document_path"]
