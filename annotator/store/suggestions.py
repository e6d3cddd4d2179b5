"""Suggestions in the project file: spans proposed by the registry's names, analysts' patterns
or a spaCy pipeline (`annotator.suggest` makes them), in a table of their own, so they are
never anyone's work (agreement, merges, exports, statements) until an analyst accepts one,
which copies it into that analyst's layer as a span.

A place is suggested once per label (UNIQUE (document_id, start, end, label)): running a
suggester again adds only new places. Each analyst decides for themselves: a decision
(accepted or rejected, `suggestion_decisions`) is one analyst's, so a place Ana rejected or
accepted is still pending for Ben, and a place is pending for an analyst who has no decision
on it. Every read and decision therefore names the analyst (by id: a rename keeps them).
Only places nobody has decided are ever deleted (`clear_suggestions`), so a decision is
remembered. Offsets are code points, end exclusive. The writes are short transactions of
hand-written SQL: a suggester writes one batch of documents at a time while the window keeps
writing.

The codebook's side of suggestions lives here too: analysts' patterns (`SuggestPattern`) and a
pipeline's label mapping, which the codebook file carries (see store/codebook.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence

from annotator.model import ACCEPTED, PENDING, REJECTED, Suggestion, SuggestPattern
from annotator.patterns import pattern_problem
from annotator.store.core import now
from annotator.store.documents import check_places
from annotator.store.registry import RegistryOps, entry_exists, link_rows, unlink_rows
from annotator.store.spans import insert_span_row, span_row_id

# A suggestion as one analyst sees it: the place, and their decision (none: pending).
_AS_SEEN_BY = """SELECT s.id, s.document_id, s.start, s.end, s.label, s.entity_id, s.source,
                        coalesce(d.status, 'pending')
                 FROM suggestions s LEFT JOIN suggestion_decisions d
                      ON d.suggestion_id = s.id AND d.annotator_id = ?"""
_UNDECIDED_BY = """NOT EXISTS (SELECT 1 FROM suggestion_decisions d
                               WHERE d.suggestion_id = s.id AND d.annotator_id = ?)"""
_TAGGED_BY = """EXISTS (SELECT 1 FROM annotations a JOIN labels l ON l.id = a.label_id
                        WHERE a.document_id = s.document_id AND a.start = s.start AND a.end = s.end
                          AND a.annotator_id = ? AND l.name = s.label)"""


class SuggestionOps(RegistryOps):
    """Suggestions, and the patterns and label mapping they are made from: built on the
    registry (an accepted suggestion is a span, linked to its entry)."""

    # -- reading -------------------------------------------------------------------------

    def suggestions(self, document_id: int, analyst_id: str, status: str | None = PENDING) -> list[Suggestion]:
        """The document's suggestions that `analyst_id` has decided so (pending: not decided;
        None: all), by start, longer first; each one's `status` is that analyst's."""
        sql, params = _AS_SEEN_BY + " WHERE s.document_id = ?", [analyst_id, document_id]
        if status == PENDING:
            sql += " AND d.status IS NULL"
        elif status is not None:
            sql += " AND d.status = ?"
            params.append(status)
        rows = self._conn.execute(sql + " ORDER BY s.start, s.end DESC, s.label, s.id", params)
        return [Suggestion(*row) for row in rows]

    def suggestion(self, suggestion_id: int, analyst_id: str) -> Suggestion:
        """One suggestion, with `analyst_id`'s decision on it as its status."""
        row = self._conn.execute(_AS_SEEN_BY + " WHERE s.id = ?", (analyst_id, suggestion_id)).fetchone()
        if row is None:
            raise KeyError(f"no suggestion {suggestion_id}")
        return Suggestion(*row)

    def suggestion_counts(self, analyst_id: str, status: str = PENDING,
                          document_id: int | None = None) -> dict[int, int]:
        """Document id → how many suggestions `analyst_id` has decided so (documents with none
        are left out): the document list's column, and N/P across documents. Pending leaves
        out, besides those the analyst decided, those whose place and label their layer
        already has (tagged by hand). `document_id`: count that document only."""
        if status == PENDING:
            sql = f"SELECT s.document_id, count(*) FROM suggestions s WHERE {_UNDECIDED_BY} AND NOT {_TAGGED_BY}"
            params: list[object] = [analyst_id, analyst_id]
        else:
            sql = ("SELECT s.document_id, count(*) FROM suggestion_decisions d "
                   "JOIN suggestions s ON s.id = d.suggestion_id WHERE d.annotator_id = ? AND d.status = ?")
            params = [analyst_id, status]
        if document_id is not None:
            sql += " AND s.document_id = ?"
            params.append(document_id)
        return dict(self._conn.execute(sql + " GROUP BY s.document_id", params))

    def suggestion_summary(self) -> dict[str, dict]:
        """Source → {"places": n, "analysts": {name: {"accepted": n, "rejected": n}}} over the
        whole project, naming only the analysts who decided some of that source's places."""
        summary: dict[str, dict] = {
            source: {"places": count, "analysts": {}}
            for source, count in self._conn.execute(
                "SELECT source, count(*) FROM suggestions GROUP BY source ORDER BY source")}
        for source, name, status, count in self._conn.execute(
                """SELECT s.source, a.name, d.status, count(*) FROM suggestion_decisions d
                   JOIN suggestions s ON s.id = d.suggestion_id JOIN annotators a ON a.id = d.annotator_id
                   GROUP BY s.source, a.name, d.status ORDER BY s.source, a.name"""):
            summary[source]["analysts"].setdefault(name, {ACCEPTED: 0, REJECTED: 0})[status] = count
        return summary

    # -- writing -------------------------------------------------------------------------

    def add_suggestions(self, items: Iterable[tuple[int, int, int, str, str | None, str]]) -> int:
        """Stores (document_id, start, end, label, entity_id, source) items in one short
        transaction, leaving out the places already suggested with that label (whoever decided
        them, if anyone); returns how many were new. Offsets outside their document are refused
        (ValueError) and nothing is stored."""
        items = list(items)
        if not items:
            return 0
        stamp = now()
        with self._write(only_if_changed=True) as conn:
            before = conn.total_changes
            conn.executemany(   # OR IGNORE skips a row a CHECK refuses too: see the check below
                """INSERT OR IGNORE INTO suggestions(document_id, start, end, label, entity_id, source, created)
                   SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 FROM documents WHERE id = ?1 AND ?3 <= length""",
                [(*item, stamp) for item in items])
            added = conn.total_changes - before
            if added < len(items):   # left out as there already (fine), or outside its document
                check_places(conn, [item[:3] for item in items], "suggestion")
        return added

    def accept_suggestions(self, ids: Sequence[int], analyst_id: str) -> list[int]:
        """Copies each suggestion into `analyst_id`'s layer as a span with its label (linked to
        its entry, when it has one and the entry exists), unless that layer already has the span
        (then no new span, and its links stay as they are), and records the analyst's decision
        as accepted; in one transaction. Other analysts' decisions and layers are not touched.
        Returns the ids of the NEW spans, for `unaccept_suggestions` (undo)."""
        found = [self.suggestion(i, analyst_id) for i in ids]
        label_ids = {s.label: self._require_label(s.label) for s in found}
        self._require_analyst(analyst_id)
        stamp = now()
        created: list[int] = []
        with self._write() as conn:
            for suggestion in found:
                label_id = label_ids[suggestion.label]
                where = (suggestion.document_id, analyst_id, suggestion.start, suggestion.end, label_id)
                if span_row_id(conn, *where) is None:
                    span_id = insert_span_row(conn, *where, stamp, stamp)
                    created.append(span_id)
                    if suggestion.entity_id is not None and entry_exists(conn, suggestion.entity_id):
                        link_rows(conn, [(span_id, suggestion.document_id, suggestion.entity_id)])
            self._decide(conn, ids, analyst_id, ACCEPTED)
        return created

    def unaccept_suggestions(self, ids: Sequence[int], span_ids: Sequence[int], analyst_id: str) -> None:
        """Undoes `accept_suggestions`: deletes the spans it made (and their links) and the
        analyst's decisions, so the suggestions are pending for them again; one transaction."""
        with self._write() as conn:
            unlink_rows(conn, span_ids)
            conn.executemany("DELETE FROM annotations WHERE id = ?", [(i,) for i in span_ids])
            self._decide(conn, ids, analyst_id, None)

    def reject_suggestions(self, ids: Sequence[int], analyst_id: str) -> None:
        """Records `analyst_id`'s rejection: they are no longer suggested to that analyst (to
        others they are as before)."""
        self._require_analyst(analyst_id)
        with self._write() as conn:
            self._decide(conn, ids, analyst_id, REJECTED)

    def unreject_suggestions(self, ids: Sequence[int], analyst_id: str) -> None:
        """Undoes `reject_suggestions`: pending for that analyst again."""
        with self._write() as conn:
            self._decide(conn, ids, analyst_id, None)

    def _require_analyst(self, analyst_id: str) -> None:
        if self._conn.execute("SELECT 1 FROM annotators WHERE id = ?", (analyst_id,)).fetchone() is None:
            raise ValueError(f"no analyst {analyst_id!r} in this project")

    @staticmethod
    def _decide(conn: sqlite3.Connection, ids: Sequence[int], analyst_id: str, status: str | None) -> None:
        """Records the analyst's decision on each suggestion (None: none, pending again)."""
        if status is None:
            conn.executemany("DELETE FROM suggestion_decisions WHERE suggestion_id = ? AND annotator_id = ?",
                             [(i, analyst_id) for i in ids])
        else:
            conn.executemany("INSERT OR REPLACE INTO suggestion_decisions(suggestion_id, annotator_id, status) "
                             "VALUES (?,?,?)", [(i, analyst_id, status) for i in ids])

    def clear_suggestions(self, source: str | None = None, document_ids: Sequence[int] | None = None) -> int:
        """Deletes the suggestions (of that source, on those documents) that no analyst has
        decided; a place someone accepted or rejected stays, so it is not suggested to them
        again. Returns how many were deleted."""
        sql = ("DELETE FROM suggestions WHERE NOT EXISTS "
               "(SELECT 1 FROM suggestion_decisions d WHERE d.suggestion_id = suggestions.id)")
        params: list[object] = []
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
