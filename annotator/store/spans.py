"""Spans in the project file: one analyst's labelled stretch of one document's text, in
code points, end exclusive. Each edit here is one committed transaction, measured per
keystroke (bench/run.py), so it is written as plain SQL.

A span's identity is (document, annotator, start, end, label), the key of the
`annotations_identity` index: one analyst never has the same span twice, and a span
is found again by what it is (`span_row_id`), in this project or a colleague's.
"""

from __future__ import annotations

import sqlite3
from typing import Iterable

from annotator.model import Span
from annotator.store.core import now
from annotator.store.labels import LabelOps

_SPAN_COLUMNS = """
    a.id, a.document_id, a.start, a.end, l.name, n.name, a.annotator_id, a.created, a.updated
"""
_SPAN_FROM = """
    FROM annotations a JOIN labels l ON l.id = a.label_id AND l.deleted = 0
         JOIN annotators n ON n.id = a.annotator_id
"""


def _span_from_row(row: tuple) -> Span:
    return Span(id=row[0], document_id=row[1], start=row[2], end=row[3], label=row[4],
                annotator=row[5], annotator_id=row[6], created=row[7], updated=row[8])


def span_row_id(conn: sqlite3.Connection, document_id: int, annotator_id: str, start: int, end: int,
                label_id: int) -> int | None:
    """The id of the span with this identity, the key of `annotations_identity`: one annotator
    never has the same span twice, so a span is found again by what it is, in any project."""
    row = conn.execute(
        """SELECT id FROM annotations WHERE document_id = ? AND annotator_id = ? AND start = ?
           AND end = ? AND label_id = ?""",
        (document_id, annotator_id, start, end, label_id)).fetchone()
    return row[0] if row else None


def insert_span_row(conn: sqlite3.Connection, document_id: int, annotator_id: str, start: int, end: int,
                    label_id: int, created: str, updated: str, span_id: int | None = None) -> int:
    """Stores one span unless its annotator already has it, and returns the id of the one
    stored: this span, or the same span already there. `span_id` puts it back under an old id
    (ids are never reused, so that id is free unless this very span still holds it)."""
    conn.execute(
        """INSERT OR IGNORE INTO annotations(id, document_id, start, end, label_id, annotator_id,
                                             created, updated) VALUES (?,?,?,?,?,?,?,?)""",
        (span_id, document_id, start, end, label_id, annotator_id, created, updated))
    return span_row_id(conn, document_id, annotator_id, start, end, label_id)


class SpanOps(LabelOps):
    """Reading and editing spans: built on the codebook (a span names its label)."""

    def spans(self, document_id: int, annotator_ids: Iterable[str] | None = None) -> list[Span]:
        """The document's spans ordered by position, optionally only some annotators' layers."""
        sql = f"SELECT {_SPAN_COLUMNS} {_SPAN_FROM} WHERE a.document_id = ?"
        params: list[object] = [document_id]
        if annotator_ids is not None:
            ids = list(annotator_ids)
            sql += f" AND a.annotator_id IN ({','.join('?' * len(ids))})"
            params += ids
        sql += " ORDER BY a.start, a.end DESC, a.id"
        return [_span_from_row(r) for r in self._conn.execute(sql, params)]

    def layers_in(self, document_id: int) -> set[str]:
        """The annotator ids with at least one span on the document (read from the identity
        index alone: a few milliseconds for 20,000 spans)."""
        return {row[0] for row in self._conn.execute(
            "SELECT DISTINCT annotator_id FROM annotations WHERE document_id = ?", (document_id,))}

    def span_count(self, document_id: int) -> int:
        """All layers' spans on a document (labels not deleted)."""
        return self._conn.execute(
            "SELECT count(*) FROM annotations a JOIN labels l ON l.id = a.label_id AND l.deleted = 0 "
            "WHERE a.document_id = ?", (document_id,)).fetchone()[0]

    def span_counts_by_annotator(self) -> dict[str, int]:
        """Annotator id → their spans in the whole project (labels not deleted): what an export
        of their layer would write. One scan of the identity index."""
        return dict(self._conn.execute(
            "SELECT a.annotator_id, count(*) FROM annotations a JOIN labels l ON l.id = a.label_id "
            "AND l.deleted = 0 GROUP BY a.annotator_id"))

    def span(self, span_id: int) -> Span:
        row = self._conn.execute(f"SELECT {_SPAN_COLUMNS} {_SPAN_FROM} WHERE a.id = ?",
                                 (span_id,)).fetchone()
        if row is None:
            raise KeyError(f"no span {span_id}")
        return _span_from_row(row)

    def find_span(self, document_id: int, start: int, end: int, label: str, annotator_id: str) -> Span | None:
        """This annotator's span with exactly these offsets and label, if they have it."""
        label_id = self._label_id(label)
        if label_id is None:
            return None
        row = self._conn.execute(
            f"""SELECT {_SPAN_COLUMNS} {_SPAN_FROM} WHERE a.document_id = ? AND a.start = ? AND a.end = ?
                AND a.annotator_id = ? AND a.label_id = ?""",
            (document_id, start, end, annotator_id, label_id)).fetchone()
        return _span_from_row(row) if row else None

    def add_span(self, document_id: int, start: int, end: int, label: str, annotator_id: str) -> Span:
        """Records one span and commits it. Returns the stored span (with its id).

        If this annotator already has exactly this span, the existing one is returned."""
        label_id = self._require_label(label)
        length = self._conn.execute("SELECT length FROM documents WHERE id = ?",
                                    (document_id,)).fetchone()
        if length is None or not 0 <= start < end <= length[0]:
            raise ValueError(f"span {start}..{end} is outside document {document_id}")
        stamp = now()
        with self._write() as conn:
            span_id = insert_span_row(conn, document_id, annotator_id, start, end, label_id, stamp, stamp)
        return self.span(span_id)

    def restore_span(self, span: Span) -> Span:
        """Puts back a span as it was (same id and times): undo of a delete, redo of an add.

        Span ids are never reused (AUTOINCREMENT), so the old id cannot belong to a span
        another process added meanwhile. If that process added this very span, the
        existing one is kept and returned."""
        label_id = self._require_label(span.label)
        with self._write() as conn:
            span_id = insert_span_row(conn, span.document_id, span.annotator_id, span.start, span.end,
                                      label_id, span.created or now(), span.updated or now(),
                                      span_id=span.id)
        return self.span(span_id)

    def delete_span(self, span_id: int) -> Span:
        span = self.span(span_id)
        with self._write() as conn:
            conn.execute("DELETE FROM annotations WHERE id = ?", (span_id,))
        return span

    def relabel_span(self, span_id: int, label: str) -> Span:
        label_id = self._require_label(label)
        try:
            with self._write() as conn:
                conn.execute("UPDATE annotations SET label_id = ?, updated = ? WHERE id = ?",
                             (label_id, now(), span_id))
        except sqlite3.IntegrityError:
            raise ValueError(f"the same annotator already has a {label} span here") from None
        return self.span(span_id)
