"""Merging another analyst's project file into this one (`MergeOps.merge_project`).

The colleague's file is never written: it is copied (through SQLite's backup API), the
copy is opened as a project of the same kind as this one (which migrates it if it is
older), and then attached to this connection and read with INSERT … SELECT in one
transaction, like an import but without a Python object per row (bench/run.py --only
merge). Documents are matched by id, as in an import (see `bulk.py`).

Every merge notes the colleague's revision (`ProjectCore.revision`); merging a file that
has not changed since reads that one row of it and nothing else.

Progress (`annotator.progress`) is counted in the merge's steps (`MERGE_STEPS`: the copy,
analysts and labels, documents, spans, comments and decisions, claims); within a step
SQLite's progress handler asks the callback every few thousand instructions whether to go
on, and a cancel interrupts the statement running, so the merge is rolled back whole.
"""

from __future__ import annotations

import sqlite3
import tempfile
import urllib.parse
from pathlib import Path
from typing import Callable

from annotator.errors import BadInput, Cancelled, ProjectError
from annotator.model import Label, text_sha256
from annotator.store.adjudication import AdjudicationOps
from annotator.store.bulk import BulkOps, ImportReport
from annotator.store.codebook import CodebookOps
from annotator.progress import Progress, report as report_progress
from annotator.store.core import Revision, now, project_error, refuse_document_path

OTHER = "merging"  # the schema name the colleague's copy is attached under
MERGE_STEPS = 6
CHECK_EVERY = 20_000  # SQLite instructions between two questions to the progress callback


class MergeOps(BulkOps, AdjudicationOps, CodebookOps):
    """Merging: built on bulk transfer, adjudication (the other file's comments and decisions
    come along) and the codebook (its registry, claim categories and claim frames come along:
    `_merge_registry_from`, `_merge_claims_from`)."""

    def merge_project(self, other_path: str | Path, progress: Progress | None = None) -> ImportReport:
        """Brings in another analyst's project: documents matched by id (a new id is a new
        document, whatever its text), annotators by their stable id, labels by name (new ones
        added), spans, comments and decisions without duplicates. An analyst new here whose
        name another analyst has here comes in as "name (2)", noted in `ImportReport.renamed`
        (names are unique in a project).


        A document whose text differs under the same id is reported in
        `ImportReport.conflicts` and left out; everything else is merged in one transaction.
        A file unchanged since it was last merged without conflicts is recognised from its
        revision and not read again (`ImportReport.merged_before`).

        `progress` counts `MERGE_STEPS`; a cancel raises `Cancelled` with nothing merged.
        """
        other_path = Path(other_path)
        refuse_document_path(other_path)
        if not other_path.exists():
            raise BadInput(str(other_path), None, "no such project file")
        seen = _revision_of(other_path)
        if seen is not None:
            row = self._conn.execute("SELECT revision FROM merged_revisions WHERE revision_id = ?",
                                     (seen.id,)).fetchone()
            if row is not None:
                return ImportReport(merged_before=row[0])
        step = _Steps(progress)
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "other.db"
            step(0)
            _copy_database(other_path, copy)
            step(1)
            try:
                other = type(self)(copy, create=False)  # migrates an older file, in the copy
            except ProjectError as exc:
                raise BadInput(str(other_path), None, _about_copy(exc, copy)) from None
            with other:
                if progress is None:
                    return self._merge_copy(other, other_path, step)
                self._conn.set_progress_handler(step.interrupt, CHECK_EVERY)
                try:
                    return self._merge_copy(other, other_path, step)
                except (ProjectError, BadInput):
                    if step.cancelled:  # SQLite was interrupted: the transaction is rolled back
                        raise Cancelled("merge cancelled: nothing was merged") from None
                    raise
                finally:
                    self._conn.set_progress_handler(None, 0)

    def _merge_copy(self, other: MergeOps, other_path: Path,
                    step: Callable[[int], None] = lambda done: None) -> ImportReport:
        report = ImportReport()
        try:
            revision = other.revision
        except (ProjectError, KeyError) as exc:
            raise BadInput(str(other_path), None, _about_copy(exc, other.path)) from None
        self._conn.create_function("annotator_sha256", 1, text_sha256, deterministic=True)
        self._conn.create_function("code_points", 1, len, deterministic=True)
        self._conn.execute(f"ATTACH DATABASE ? AS {OTHER}", (str(other.path),))
        try:
            with self._write() as conn:
                try:
                    self._merge_small_tables(conn, other, other_path, report)
                    step(2)
                    self._merge_rows(conn, other, other_path, report, step)
                except ProjectError as exc:
                    if str(other.path) in str(exc):
                        raise BadInput(str(other_path), None, _about_copy(exc, other.path)) from None
                    raise
                except sqlite3.DatabaseError as exc:
                    if not self._attached_is_sound(conn):
                        raise BadInput(str(other_path), None,
                                       _about_copy(project_error(other.path, exc), other.path)) from None
                    raise
                if not report.conflicts:  # with conflicts, a merge again must report them again
                    with self._unversioned():
                        conn.execute("INSERT OR REPLACE INTO merged_revisions(revision_id, project_id, "
                                     "revision, merged) VALUES (?,?,?,?)",
                                     (revision.id, revision.project_id, revision.number, now()))
        finally:
            self._conn.execute(f"DETACH DATABASE {OTHER}")
        return report

    def _merge_small_tables(self, conn: sqlite3.Connection, other: MergeOps, other_path: Path,
                            report: ImportReport) -> None:
        """Analysts by id (a name taken here by another id gets "(2)") and labels by name, read
        through the other project's own methods."""
        for annotator in other.annotators():
            self._bring_in_annotator(conn, annotator.name, annotator.id, str(other_path), report.renamed)
        known_labels = {row[0] for row in conn.execute("SELECT name FROM main.labels")}
        for label in other.labels():
            if label.name not in known_labels:  # a label deleted here stays deleted, spans and all
                self._insert_label(conn, Label(label.name, label.color, "", label.description))
        self._merge_registry_from(conn, other, str(other_path), report)

    def _attached_is_sound(self, conn: sqlite3.Connection) -> bool:
        """After an SQLite error during a merge: whether the colleague's copy passes a check
        (if not, the error is that file's, and said so)."""
        try:
            return conn.execute(f"PRAGMA {OTHER}.quick_check(1)").fetchone() == ("ok",)
        except sqlite3.DatabaseError:
            return False

    def _merge_rows(self, conn: sqlite3.Connection, other: MergeOps, other_path: Path,
                    report: ImportReport, step: Callable[[int], None]) -> None:
        """Documents, spans, comments and decisions, each in one statement or two. Two
        temporary tables map the other file's document and label ids to this one's. Then the
        claim frames, links and default speakers of the documents that have any (few,
        against the spans), document by document."""
        with self._unversioned():
            conn.execute("DROP TABLE IF EXISTS temp.merge_documents")
            conn.execute("DROP TABLE IF EXISTS temp.merge_labels")
            conn.execute("""CREATE TEMP TABLE merge_documents (other_id INTEGER PRIMARY KEY,
                            external_id TEXT NOT NULL, sha256 TEXT NOT NULL, here_id INTEGER)""")
            conn.execute("CREATE TEMP TABLE merge_labels (other_id INTEGER PRIMARY KEY, here_id INTEGER NOT NULL)")
            # Their texts hashed here, not taken on trust: the hash is what a conflict is judged by.
            conn.execute(f"""INSERT INTO temp.merge_documents(other_id, external_id, sha256)
                             SELECT id, external_id, annotator_sha256(text) FROM {OTHER}.documents""")
            conn.execute(f"""INSERT INTO temp.merge_labels(other_id, here_id)
                             SELECT o.id, l.id FROM {OTHER}.labels o JOIN main.labels l ON l.name = o.name
                             WHERE o.deleted = 0""")
        for (external_id,) in conn.execute(
                """SELECT m.external_id FROM temp.merge_documents m
                   JOIN main.documents d ON d.external_id = m.external_id
                   WHERE d.sha256 <> m.sha256 ORDER BY m.other_id""").fetchall():
            report.conflicts.append(f"{other_path}: document {external_id!r} is already in "
                                    f"{self.path.name} with a different text; not merged")
        first_new = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM main.documents").fetchone()[0]
        report.documents_added = conn.execute(
            f"""INSERT INTO main.documents(external_id, title, date, source, sha256, length, meta,
                                           imported, text)
                SELECT o.external_id, o.title, o.date, o.source, m.sha256, code_points(o.text), o.meta,
                       ?, o.text
                FROM temp.merge_documents m JOIN {OTHER}.documents o ON o.id = m.other_id
                WHERE NOT EXISTS (SELECT 1 FROM main.documents d WHERE d.external_id = m.external_id)
                ORDER BY m.other_id""", (now(),)).rowcount
        self._index_documents_from(conn, first_new)
        report.documents_same_text = conn.execute(
            """SELECT count(*) FROM main.documents d WHERE d.id >= ? AND EXISTS
               (SELECT 1 FROM main.documents e WHERE e.sha256 = d.sha256 AND e.id < d.id)""",
            (first_new,)).fetchone()[0]
        with self._unversioned():
            conn.execute("""UPDATE temp.merge_documents SET here_id = (
                                SELECT d.id FROM main.documents d WHERE d.external_id = merge_documents.external_id
                                AND d.sha256 = merge_documents.sha256)""")
        mapped = conn.execute("SELECT count(*) FROM temp.merge_documents WHERE here_id IS NOT NULL").fetchone()[0]
        report.documents_matched = mapped - report.documents_added
        step(3)
        self._merge_spans(conn, report)
        step(4)
        self._merge_comments_and_decisions(conn)
        step(5)
        for other_id, here_id in conn.execute(
                f"""SELECT m.other_id, m.here_id FROM temp.merge_documents m WHERE m.here_id IS NOT NULL
                    AND m.other_id IN (SELECT document_id FROM {OTHER}.claims
                                       UNION SELECT document_id FROM {OTHER}.span_entities
                                       UNION SELECT document_id FROM {OTHER}.default_speakers)
                    ORDER BY m.other_id""").fetchall():
            self._merge_claims_from(conn, other, other_id, here_id, str(other_path), report)
        step(MERGE_STEPS)
        with self._unversioned():
            conn.execute("DROP TABLE temp.merge_documents")
            conn.execute("DROP TABLE temp.merge_labels")

    @staticmethod
    def _merge_spans(conn: sqlite3.Connection, report: ImportReport) -> None:
        """The other file's spans on every document merged (labels deleted there stay behind),
        in its index order, so this project's identity index is filled document by document."""
        joins = f"""FROM temp.merge_documents m JOIN {OTHER}.annotations a ON a.document_id = m.other_id
                    JOIN temp.merge_labels l ON l.other_id = a.label_id
                    WHERE m.here_id IS NOT NULL"""
        offered = conn.execute(f"SELECT count(*) {joins}").fetchone()[0]
        report.spans_added = conn.execute(
            f"""INSERT OR IGNORE INTO main.annotations(document_id, start, end, label_id, annotator_id,
                                                       created, updated)
                SELECT m.here_id, a.start, a.end, l.here_id, a.annotator_id, a.created, a.updated
                {joins}""").rowcount
        report.spans_present = offered - report.spans_added

    @staticmethod
    def _merge_comments_and_decisions(conn: sqlite3.Connection) -> None:
        """Comments follow their span (found here by its identity); a comment already here (same
        span, author, text and time) is not added twice. A decision already made here for a
        region is kept; a merged one points at the gold span it made, found here likewise."""
        same_span = """JOIN main.annotations h ON h.document_id = m.here_id AND h.start = {a}.start
                       AND h.end = {a}.end AND h.annotator_id = {a}.annotator_id AND h.label_id = l.here_id"""
        conn.execute(
            f"""INSERT INTO main.comments(annotation_id, author_id, text, created)
                SELECT h.id, c.author_id, c.text, c.created
                FROM {OTHER}.comments c JOIN {OTHER}.annotations a ON a.id = c.annotation_id
                JOIN temp.merge_documents m ON m.other_id = a.document_id
                JOIN temp.merge_labels l ON l.other_id = a.label_id
                {same_span.format(a="a")}
                WHERE NOT EXISTS (SELECT 1 FROM main.comments x WHERE x.annotation_id = h.id
                                  AND x.author_id = c.author_id AND x.text = c.text AND x.created = c.created)
                ORDER BY c.created, c.id""")
        conn.execute(
            f"""INSERT OR IGNORE INTO main.review_decisions(document_id, start, end, decision,
                                                            gold_annotation_id, reviewer_id, created)
                SELECT m.here_id, r.start, r.end, r.decision,
                       (SELECT h.id FROM {OTHER}.annotations g JOIN temp.merge_labels l ON l.other_id = g.label_id
                        {same_span.format(a="g")} WHERE g.id = r.gold_annotation_id),
                       r.reviewer_id, r.created
                FROM {OTHER}.review_decisions r JOIN temp.merge_documents m ON m.other_id = r.document_id
                WHERE m.here_id IS NOT NULL ORDER BY r.document_id, r.start, r.end""")


class _Steps:
    """A merge's progress: `step(n)` reports n of `MERGE_STEPS` done (raising `Cancelled` if
    the callback says stop); `interrupt` is SQLite's progress handler, which asks again
    within a step and stops the statement running (nonzero) once the callback has said stop."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.done = 0
        self.cancelled = False

    def __call__(self, done: int) -> None:
        self.done = done
        try:
            report_progress(self.progress, done, MERGE_STEPS)
        except Cancelled:
            self.cancelled = True
            raise

    def interrupt(self) -> int:
        if not self.cancelled and self.progress is not None:
            self.cancelled = self.progress(self.done, MERGE_STEPS) is False
        return int(self.cancelled)


def _about_copy(exc: Exception, copy: Path) -> str:
    """An error about our temporary copy, told about the colleague's file instead."""
    return str(exc).replace(f"{copy}: ", "").replace(str(copy), "the file")


def _read_only(source: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{urllib.parse.quote(str(source))}?mode=ro", uri=True)


def _revision_of(source: Path) -> Revision | None:
    """The project id and revision of a project file, read without writing to it; None for a
    file that has none (an older one) or cannot be read (the full merge then says why)."""
    try:
        conn = _read_only(source)
        try:
            values = dict(conn.execute("SELECT key, value FROM meta WHERE key IN "
                                       "('project_id', 'revision', 'revision_id')"))
        finally:
            conn.close()
        return Revision(values["project_id"], int(values["revision"]), values["revision_id"])
    except (sqlite3.Error, KeyError, ValueError):
        return None


def _copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a project, including what is still in its write-ahead log,
    taken through SQLite's backup API without writing to the source."""
    try:
        src = _read_only(source)
        try:
            dst = sqlite3.connect(str(target))
            with dst:
                src.backup(dst)
            dst.close()
        finally:
            src.close()
    except sqlite3.DatabaseError as exc:
        raise BadInput(str(source), None, f"not a readable Annotator project ({exc})") from None
