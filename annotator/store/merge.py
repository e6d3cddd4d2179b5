"""Merging another analyst's project file into this one (`MergeOps.merge_project`).

The colleague's file is opened as a project of the same kind as this one and read
only through its public methods; what is written here is written as plain SQL in
one transaction, like an import.
"""

from __future__ import annotations

import sqlite3
import tempfile
from dataclasses import replace
from pathlib import Path

from annotator.errors import BadInput, ProjectError
from annotator.model import Record, Span
from annotator.store.adjudication import AdjudicationOps
from annotator.store.bulk import BulkOps, DocumentTable, ImportReport
from annotator.store.codebook import CodebookOps
from annotator.store.core import now
from annotator.store.spans import span_row_id


class MergeOps(BulkOps, AdjudicationOps, CodebookOps):
    """Merging: built on bulk transfer (documents and spans in batches), adjudication
    (the other file's comments and decisions come along) and the codebook (its registry,
    claim categories and claim frames come along: `_merge_registry_from`, `_merge_claims_from`)."""

    def merge_project(self, other_path: str | Path) -> ImportReport:
        """Brings in another analyst's project: documents matched by text, annotators by their
        stable id, labels by name (new ones added), spans and comments without duplicates.

        The other file is never written: it is read from a temporary copy (migrated there
        if it is older). A document whose text differs under the same id is reported in
        `ImportReport.conflicts` and left out; everything else is merged in one transaction.
        """
        other_path = Path(other_path)
        if not other_path.exists():
            raise BadInput(str(other_path), None, "no such project file")
        report = ImportReport()
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "other.db"
            _copy_database(other_path, copy)
            try:
                other = type(self)(copy, create=False)  # read through its public methods only
            except ProjectError as exc:
                raise BadInput(str(other_path), None, _about_copy(exc, copy)) from None
            with other:
                with self._write(only_if_changed=True) as conn:
                    self._merge_from(conn, other, other_path, report)
        return report

    def _merge_from(self, conn: sqlite3.Connection, other: MergeOps, other_path: Path,
                    report: ImportReport) -> None:
        try:
            self._merge_rows(conn, other, other_path, report)
        except ProjectError as exc:
            if str(other.path) in str(exc):
                raise BadInput(str(other_path), None, _about_copy(exc, other.path)) from None
            raise

    def _merge_rows(self, conn: sqlite3.Connection, other: MergeOps, other_path: Path,
                    report: ImportReport) -> None:
        known_annotators = {row[0] for row in conn.execute("SELECT id FROM annotators")}
        for annotator in other.annotators():
            if annotator.id not in known_annotators:
                self._insert_annotator(conn, annotator.name, annotator.id)
        for label in other.labels():
            if self._label_id(label.name) is None:
                self._insert_label(conn, replace(label, hotkey=""))
        self._merge_registry_from(conn, other, str(other_path), report)
        documents = DocumentTable(conn, self.path.name)
        stamp = now()
        for info in other.documents():
            document = other.document(info.id)
            document_id = documents.resolve(Record(document, [], str(other_path), 0), report, stamp)
            if document_id is None:
                continue
            documents.flush()
            spans = other.spans(info.id)
            rows = [(document_id, s.start, s.end, self._label_id(s.label), s.annotator_id,
                     s.created, s.updated) for s in spans]
            self._insert_spans(conn, rows, report)
            self._merge_comments(conn, other, document_id, spans)
            self._merge_decisions(conn, other, info.id, document_id)
            self._merge_claims_from(conn, other, info.id, document_id, str(other_path), report)

    def _span_row_id(self, conn: sqlite3.Connection, document_id: int, span: Span) -> int | None:
        """The id here of a span from the other project (its document already resolved)."""
        return span_row_id(conn, document_id, span.annotator_id, span.start, span.end,
                           self._label_id(span.label))

    def _merge_comments(self, conn: sqlite3.Connection, other: MergeOps, document_id: int,
                        spans: list[Span]) -> None:
        for span in spans:
            comments = other.comments(span.id)
            if not comments:
                continue
            target = self._span_row_id(conn, document_id, span)
            for comment in comments:
                exists = conn.execute(
                    "SELECT 1 FROM comments WHERE annotation_id = ? AND author_id = ? AND text = ? "
                    "AND created = ?", (target, comment.author_id, comment.text, comment.created)).fetchone()
                if not exists:
                    conn.execute("INSERT INTO comments(annotation_id, author_id, text, created) "
                                 "VALUES (?,?,?,?)", (target, comment.author_id, comment.text, comment.created))

    def _merge_decisions(self, conn: sqlite3.Connection, other: MergeOps, other_document_id: int,
                         document_id: int) -> None:
        for decision in other.decisions(other_document_id):
            gold_id = None
            if decision.gold_span is not None:
                gold_id = self._span_row_id(conn, document_id, decision.gold_span)
            conn.execute(
                """INSERT OR IGNORE INTO review_decisions(document_id, start, end, decision,
                   gold_annotation_id, reviewer_id, created) VALUES (?,?,?,?,?,?,?)""",
                (document_id, decision.start, decision.end, decision.decision, gold_id,
                 decision.reviewer_id, decision.created))


def _about_copy(exc: Exception, copy: Path) -> str:
    """An error about our temporary copy, told about the colleague's file instead."""
    return str(exc).replace(f"{copy}: ", "").replace(str(copy), "the file")


def _copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a project, including what is still in its write-ahead log,
    taken through SQLite's backup API without writing to the source."""
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(str(target))
            with dst:
                src.backup(dst)
            dst.close()
        finally:
            src.close()
    except sqlite3.DatabaseError as exc:
        raise BadInput(str(source), None, f"not a readable Annotator project ({exc})") from None
