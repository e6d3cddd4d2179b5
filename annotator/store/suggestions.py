"""Suggestions in the project file: spans proposed by the registry's names, analysts' patterns
or a spaCy pipeline (`annotator.suggest` makes them), in a table of their own, so they are
never anyone's work (agreement, merges, exports, statements) until an analyst accepts one,
which copies it into that analyst's layer as a span.

A place is suggested once per label (UNIQUE (document_id, start, end, label)): running a
suggester again adds only new places, and one accepted or rejected is never suggested again
(a rejection is remembered). Only pending suggestions are ever deleted (`clear_suggestions`).
Offsets are code points, end exclusive. The writes are short transactions of hand-written SQL:
a suggester writes one batch of documents at a time while the window keeps writing.

The codebook's side of suggestions lives here too: analysts' patterns (`SuggestPattern`) and a
pipeline's label mapping, which the codebook file carries (see store/codebook.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence

from annotator.model import ACCEPTED, PENDING, REJECTED, Suggestion, SuggestPattern
from annotator.patterns import pattern_problem
from annotator.store.core import now
from annotator.store.registry import RegistryOps
from annotator.store.spans import insert_span_row, span_row_id

_COLUMNS = "id, document_id, start, end, label, entity_id, source, status"


class SuggestionOps(RegistryOps):
    """Suggestions, and the patterns and label mapping they are made from: built on the
    registry (an accepted suggestion is a span, linked to its entry)."""

    # -- reading -------------------------------------------------------------------------

    def suggestions(self, document_id: int, status: str | None = PENDING) -> list[Suggestion]:
        """The document's suggestions of that status (None: all), by start, longer first."""
        sql = f"SELECT {_COLUMNS} FROM suggestions WHERE document_id = ?"
        params: list[object] = [document_id]
        if status is not None:
            sql += " AND status = ?"
            params.append(status)
        rows = self._conn.execute(sql + " ORDER BY start, end DESC, label, id", params)
        return [Suggestion(*row) for row in rows]

    def suggestion(self, suggestion_id: int) -> Suggestion:
        row = self._conn.execute(f"SELECT {_COLUMNS} FROM suggestions WHERE id = ?",
                                 (suggestion_id,)).fetchone()
        if row is None:
            raise KeyError(f"no suggestion {suggestion_id}")
        return Suggestion(*row)

    def suggestion_counts(self, status: str = PENDING, *, untagged_by: str | None = None,
                          document_id: int | None = None) -> dict[int, int]:
        """Document id → how many suggestions of that status it has (documents with none are
        left out): the document list's column, and N/P across documents. `untagged_by`: leave
        out those whose place and label that analyst's layer already has (tagged by hand);
        `document_id`: count that document only."""
        sql = "SELECT s.document_id, count(*) FROM suggestions s WHERE s.status = ?"
        params: list[object] = [status]
        if document_id is not None:
            sql += " AND s.document_id = ?"
            params.append(document_id)
        if untagged_by is not None:
            sql += """ AND NOT EXISTS (
                SELECT 1 FROM annotations a JOIN labels l ON l.id = a.label_id
                WHERE a.document_id = s.document_id AND a.start = s.start AND a.end = s.end
                  AND a.annotator_id = ? AND l.name = s.label)"""
            params.append(untagged_by)
        return dict(self._conn.execute(sql + " GROUP BY s.document_id", params))

    def suggestion_summary(self) -> dict[str, dict[str, int]]:
        """Source → {"pending": n, "accepted": n, "rejected": n} over the whole project."""
        summary: dict[str, dict[str, int]] = {}
        for source, status, count in self._conn.execute(
                "SELECT source, status, count(*) FROM suggestions GROUP BY source, status ORDER BY source"):
            summary.setdefault(source, {PENDING: 0, ACCEPTED: 0, REJECTED: 0})[status] = count
        return summary

    # -- writing -------------------------------------------------------------------------

    def add_suggestions(self, items: Iterable[tuple[int, int, int, str, str | None, str]]) -> int:
        """Stores (document_id, start, end, label, entity_id, source) items in one short
        transaction, leaving out the places already suggested with that label (whatever their
        status); returns how many were new. Offsets outside their document are refused
        (ValueError) and nothing is stored."""
        items = list(items)
        if not items:
            return 0
        with self._write(only_if_changed=True) as conn:
            before = conn.total_changes
            conn.executemany(   # OR IGNORE skips a row a CHECK refuses too: see the check below
                """INSERT OR IGNORE INTO suggestions(document_id, start, end, label, entity_id, source)
                   SELECT ?1, ?2, ?3, ?4, ?5, ?6 FROM documents WHERE id = ?1 AND ?3 <= length""",
                items)
            added = conn.total_changes - before
            if added < len(items):
                self._check_within_documents(conn, items)
        return added

    @staticmethod
    def _check_within_documents(conn: sqlite3.Connection, items: list[tuple]) -> None:
        """Items left out because they were there already are fine; one that is not a span of an
        existing document is a caller's mistake (the transaction is rolled back)."""
        lengths = dict(conn.execute(
            f"SELECT id, length FROM documents WHERE id IN ({','.join('?' * len({i[0] for i in items}))})",
            list({i[0] for i in items})))
        for document_id, start, end, *_ in items:
            if document_id not in lengths or not 0 <= start < end <= lengths[document_id]:
                raise ValueError(f"suggestion {start}..{end} is outside document {document_id}")

    def accept_suggestions(self, ids: Sequence[int], annotator_id: str) -> list[int]:
        """Copies each suggestion into `annotator_id`'s layer as a span with its label (linked to
        its entry, when it has one and the entry exists), unless that layer already has the span
        (then no new span, and its links stay as they are), and marks them accepted; in one
        transaction. Returns the ids of the NEW spans, for `unaccept_suggestions` (undo)."""
        found = [self.suggestion(i) for i in ids]
        label_ids = {s.label: self._require_label(s.label) for s in found}
        if self._conn.execute("SELECT 1 FROM annotators WHERE id = ?", (annotator_id,)).fetchone() is None:
            raise ValueError(f"no analyst {annotator_id!r} in this project")
        stamp = now()
        created: list[int] = []
        with self._write() as conn:
            for suggestion in found:
                label_id = label_ids[suggestion.label]
                where = (suggestion.document_id, annotator_id, suggestion.start, suggestion.end, label_id)
                if span_row_id(conn, *where) is None:
                    span_id = insert_span_row(conn, *where, stamp, stamp)
                    created.append(span_id)
                    if suggestion.entity_id is not None and conn.execute(
                            "SELECT 1 FROM entities WHERE id = ?", (suggestion.entity_id,)).fetchone():
                        conn.execute("INSERT OR REPLACE INTO span_entities(annotation_id, document_id, "
                                     "entity_id) VALUES (?,?,?)",
                                     (span_id, suggestion.document_id, suggestion.entity_id))
            self._set_status(conn, ids, ACCEPTED)
        return created

    def unaccept_suggestions(self, ids: Sequence[int], span_ids: Sequence[int]) -> None:
        """Undoes `accept_suggestions`: deletes the spans it made (and their links) and marks the
        suggestions pending again, in one transaction."""
        with self._write() as conn:
            conn.executemany("DELETE FROM span_entities WHERE annotation_id = ?", [(i,) for i in span_ids])
            conn.executemany("DELETE FROM annotations WHERE id = ?", [(i,) for i in span_ids])
            self._set_status(conn, ids, PENDING)

    def reject_suggestions(self, ids: Sequence[int]) -> None:
        """Marks them rejected: they are not shown, nor suggested again."""
        with self._write() as conn:
            self._set_status(conn, ids, REJECTED)

    def unreject_suggestions(self, ids: Sequence[int]) -> None:
        """Undoes `reject_suggestions`: pending again."""
        with self._write() as conn:
            self._set_status(conn, ids, PENDING)

    @staticmethod
    def _set_status(conn: sqlite3.Connection, ids: Sequence[int], status: str) -> None:
        conn.executemany("UPDATE suggestions SET status = ? WHERE id = ?", [(status, i) for i in ids])

    def clear_suggestions(self, source: str | None = None, document_ids: Sequence[int] | None = None) -> int:
        """Deletes pending suggestions (of that source, on those documents); accepted and
        rejected ones stay, so those places are still not suggested again. Returns how many."""
        sql, params = "DELETE FROM suggestions WHERE status = ?", [PENDING]
        if source is not None:
            sql += " AND source = ?"
            params.append(source)
        with self._write(only_if_changed=True) as conn:
            before = conn.total_changes
            if document_ids is None:
                conn.execute(sql, params)
            else:
                conn.executemany(sql + " AND document_id = ?", [(*params, d) for d in document_ids])
            return conn.total_changes - before

    # -- the codebook's side: analysts' patterns, a pipeline's labels -----------------------

    def suggest_patterns(self) -> list[SuggestPattern]:
        """The codebook's patterns, in their order."""
        return [SuggestPattern(*row) for row in self._conn.execute(
            "SELECT label, kind, pattern, entity_id FROM suggest_patterns ORDER BY position")]

    def set_suggest_patterns(self, patterns: Iterable[SuggestPattern]) -> None:
        """Replaces the codebook's patterns. One that cannot be used (see `annotator.patterns`),
        or of a label the codebook lacks, is refused (ValueError with the pattern and why) and
        nothing is changed."""
        patterns = list(patterns)
        for pattern in patterns:
            problem = pattern_problem(pattern)
            if problem is None and self._label_id(pattern.label) is None:
                problem = f"{pattern.kind} pattern {pattern.pattern!r}: there is no label {pattern.label!r}"
            if problem is not None:
                raise ValueError(problem)
        with self._write(only_if_changed=True) as conn:
            self._store_patterns(conn, patterns)

    @staticmethod
    def _store_patterns(conn: sqlite3.Connection, patterns: list[SuggestPattern]) -> None:
        conn.execute("DELETE FROM suggest_patterns")
        conn.executemany(
            "INSERT INTO suggest_patterns(position, label, kind, pattern, entity_id) VALUES (?,?,?,?,?)",
            [(n, p.label, p.kind, p.pattern, p.entity_id) for n, p in enumerate(patterns)])

    def model_labels(self) -> dict[str, str]:
        """A pipeline's label → ours (PERSON → Actor). Empty: each label of the pipeline goes to
        ours of the same name, case-insensitively, and the rest are not suggested."""
        return dict(self._conn.execute("SELECT model_label, label FROM model_labels ORDER BY model_label"))

    def set_model_labels(self, mapping: Mapping[str, str]) -> None:
        """Replaces the mapping; empty names on either side are refused (ValueError)."""
        for model_label, label in mapping.items():
            if not model_label.strip() or not label.strip():
                raise ValueError(f"a pipeline's label maps to one of ours: {model_label!r} → {label!r}")
        with self._write(only_if_changed=True) as conn:
            self._store_model_labels(conn, mapping)

    @staticmethod
    def _store_model_labels(conn: sqlite3.Connection, mapping: Mapping[str, str]) -> None:
        conn.execute("DELETE FROM model_labels")
        conn.executemany("INSERT INTO model_labels(model_label, label) VALUES (?,?)", list(mapping.items()))
