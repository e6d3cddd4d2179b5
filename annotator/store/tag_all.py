"""Tagging every occurrence of some words at once: finding them in the corpus, and adding or
removing thousands of spans (with their registry link) in one transaction each.

Which words match, and which occurrences are skipped, is `annotator.tag_everywhere`'s rule;
this part reads the texts it needs (narrowed by the FTS5 index where the words allow, see
`phrase_query`) and writes its plan. A measured bulk path (bench/run.py --only
tag-everywhere): hand-written `executemany`, one transaction for the spans and their links,
so an undo (`remove_spans`) and a redo (`add_spans` with the ids given back) are one commit
each and leave nothing half done.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Sequence

from annotator.model import Span
from annotator.progress import Progress, report
from annotator.store.core import now
from annotator.store.documents import check_places
from annotator.store.registry import entry_exists, link_rows, unlink_rows
from annotator.store.search import SearchOps
from annotator.store.spans import _SPAN_COLUMNS, _SPAN_FROM, _span_from_row
from annotator.tag_everywhere import Place, TagAllPlan, phrase_query, plan_tag_all

_CHUNK = 500   # documents read between two progress reports
_WRITE_CHUNK = 5_000   # spans written between two progress reports (about 60 ms)


class TagAllOps(SearchOps):
    """Tag everywhere: built on search (the FTS5 index narrows the documents to read)."""

    def plan_tag_all(self, words: str, label: str, annotator_id: str, *, document_id: int | None = None,
                     match_case: bool = False, progress: Progress | None = None) -> TagAllPlan:
        """Where `words` stand in one document (or every one) and which of those places the
        analyst's layer has no `label` span at or over yet. Reads only; `progress` hears of
        every `_CHUNK` documents read (of an unknown total) and may stop it (`Cancelled`)."""
        label_id = self._require_label(label)
        taken: dict[int, list[tuple[int, int]]] = {}
        sql = "SELECT document_id, start, end FROM annotations WHERE annotator_id = ? AND label_id = ?"
        arguments: list[object] = [annotator_id, label_id]
        if document_id is not None:
            sql += " AND document_id = ?"
            arguments.append(document_id)
        for row_document, start, end in self._conn.execute(sql, arguments):
            taken.setdefault(row_document, []).append((start, end))
        texts = self._texts_holding(words, document_id)
        if progress is not None:
            texts = _reporting(texts, progress)
        return plan_tag_all(words, label, texts, taken, match_case=match_case)

    def _texts_holding(self, words: str, document_id: int | None) -> Iterator[tuple[int, str]]:
        """(id, text) of the documents that may hold `words`: one, those the index matches,
        or every document when the index cannot express the words."""
        if document_id is not None:
            yield from self._conn.execute("SELECT id, text FROM documents WHERE id = ?", (document_id,))
            return
        query = phrase_query(words)
        if query is None:
            yield from self._conn.execute("SELECT id, text FROM documents ORDER BY id")
            return
        yield from self._conn.execute(
            """SELECT d.id, d.text FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
               WHERE documents_fts MATCH ? ORDER BY documents_fts.rowid""", (query,))

    def add_spans(self, label: str, annotator_id: str, places: Sequence[Place], *,
                  entity_id: str | None = None, span_ids: Sequence[int] | None = None,
                  progress: Progress | None = None) -> list[Span]:
        """Adds spans of `label` at `places` to one analyst's layer, each linked to `entity_id`
        if given, in one transaction; returns the spans added, in id order. A place the layer
        already has that span at (another process was quicker) is left as it is and not
        returned. `span_ids` (one per place) puts spans back under the ids they had: a redo.
        `progress` hears of every `_WRITE_CHUNK` spans and may stop it: nothing is added."""
        label_id = self._require_label(label)
        if span_ids is not None and len(span_ids) != len(places):
            raise ValueError("one span id per place is needed")
        check_places(self._conn, places, "span")
        stamp = now()
        with self._write() as conn:
            last = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'annotations'").fetchone()
            ids = span_ids if span_ids is not None else [None] * len(places)
            rows = [(span_id, document, start, end, label_id, annotator_id, stamp, stamp)
                    for span_id, (document, start, end) in zip(ids, places)]
            for chunk in _chunks(rows, progress):
                conn.executemany(
                    """INSERT OR IGNORE INTO annotations(id, document_id, start, end, label_id, annotator_id,
                                                         created, updated) VALUES (?,?,?,?,?,?,?,?)""", chunk)
            if span_ids is None:
                # Ids only grow (AUTOINCREMENT) and this transaction holds the write lock:
                # every id past the last one before it is a span it added.
                added = self._spans_where("a.id > ?", [last[0] if last else 0])
            else:
                wanted = set(span_ids)
                added = [span for span in self._spans_with_ids(span_ids) if span.id in wanted]
            if entity_id is not None:
                if not entry_exists(conn, entity_id):
                    raise ValueError(f"no registry entry {entity_id}")
                link_rows(conn, [(span.id, span.document_id, entity_id) for span in added])
        return added

    def remove_spans(self, span_ids: Sequence[int], progress: Progress | None = None) -> int:
        """Removes exactly these spans and their registry links, in one transaction (undo of
        `add_spans`); returns how many were still there. `progress` as `add_spans` takes it."""
        with self._write() as conn:
            before = conn.total_changes
            for chunk in _chunks([(span_id,) for span_id in span_ids], progress):
                conn.executemany("DELETE FROM annotations WHERE id = ?", chunk)
            removed = conn.total_changes - before
            unlink_rows(conn, span_ids)
        return removed

    def _spans_where(self, condition: str, arguments: list[object]) -> list[Span]:
        return [_span_from_row(row) for row in self._conn.execute(
            f"SELECT {_SPAN_COLUMNS} {_SPAN_FROM} WHERE {condition} ORDER BY a.id", arguments)]

    def _spans_with_ids(self, span_ids: Sequence[int]) -> list[Span]:
        # Ids of one batch are close together: one range read, filtered by the caller.
        return self._spans_where("a.id BETWEEN ? AND ?", [min(span_ids), max(span_ids)]) if span_ids else []


def _reporting(texts: Iterable[tuple[int, str]], progress: Progress) -> Iterator[tuple[int, str]]:
    for read, item in enumerate(texts):
        if read % _CHUNK == 0:
            report(progress, read, 0)
        yield item


def _chunks(rows: list[tuple], progress: Progress | None) -> Iterator[list[tuple]]:
    """`rows` in slices of `_WRITE_CHUNK`, telling `progress` how far the writing has come."""
    for done in range(0, len(rows), _WRITE_CHUNK):
        report(progress, done, len(rows))
        yield rows[done:done + _WRITE_CHUNK]
