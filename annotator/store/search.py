"""Searching the corpus: the FTS5 index over documents' titles and texts, and the hits in them.

The index (`documents_fts`, migration 7) is an external-content FTS5 table: it stores the
tokens only and reads titles and texts from `documents`, so no text is stored twice. Texts
never change once imported (documents.py), so the index is kept current by adding the rows
of each bulk path's new documents in the same transaction, one `INSERT … SELECT` after the
documents are in (`DocumentOps._index_documents_from`): measured cheaper than a trigger per row
(bench/run.py --only search). Every path that adds documents (bulk.py's import,
merge.py's) calls it.

Tokens are words under `unicode61 remove_diacritics 2`: case folded (also "İ", Cyrillic,
Greek), accents ignored ("jose" finds "José", composed or with a combining mark), emoji and
punctuation not indexed. "ß" is not "ss" (FTS5 folds one character to one).

Offsets: FTS5 gives none in code points, so the hits are found with `highlight()`, which
marks each matched phrase in the stored text itself; the marks are taken out again and
their places are the hits, in code points, exact (`text[start:end]` is the hit).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Iterator

from annotator.search_query import BadQuery, SearchQuery
from annotator.store.documents import DocumentOps
from annotator.store.registry import RegistryOps

# Marks for highlight(): control characters a text almost never holds; a text that does is
# marked again with characters it lacks (`_marks_for`).
_OPEN, _CLOSE = "\x01", "\x02"
_SPARE_MARKS = [(chr(0xF8F0 + i), chr(0xF8F8 + i)) for i in range(8)] + [("\x03", "\x04")]
SNIPPET_CONTEXT = 45   # code points of context each side of a hit
_PAGE_DOCUMENTS = 64   # documents read per query while collecting hits


@dataclass(frozen=True)
class SearchHit:
    """One hit: `field` ("text" or "title") of document `document_id`, code points
    [start, end) of it. A hit on a span (actor:/issue: filters) carries the span's id;
    a document that only matches filters (no words asked for) has start == end == 0."""

    document_id: int
    external_id: str
    title: str
    date: str
    field: str
    start: int
    end: int
    snippet: str            # the hit with some context, on one line
    snippet_start: int      # where the hit is in `snippet` (code points)
    snippet_end: int
    span_id: int | None = None


def snippet_of(text: str, start: int, end: int, context: int = SNIPPET_CONTEXT) -> tuple[str, int, int]:
    """The hit [start, end) with up to `context` code points each side, line breaks as spaces,
    cut at a space where one is near; (snippet, hit start, hit end) in the snippet."""
    left = max(0, start - context)
    if left > 0:
        space = text.find(" ", left, start)
        if 0 <= space < left + context // 3:
            left = space + 1
    right = min(len(text), end + context)
    if right < len(text):
        space = text.rfind(" ", end, right)
        if space > right - context // 3:
            right = space
    lead, tail = ("…" if left > 0 else ""), ("…" if right < len(text) else "")
    piece = "".join(" " if c in "\r\n\u2028\u2029\t\v\f\x85" else c for c in text[left:right])
    return lead + piece + tail, len(lead) + start - left, len(lead) + end - left


def unmark(marked: str, opening: str, closing: str) -> tuple[str, list[tuple[int, int]]]:
    """`marked` without its marks, and the [start, end) of each marked stretch in code points."""
    pieces, hits, start, position, index = [], [], 0, 0, 0
    while True:
        next_open = marked.find(opening, index)
        if next_open < 0:
            pieces.append(marked[index:])
            break
        pieces.append(marked[index:next_open])
        position += next_open - index
        start = position
        next_close = marked.find(closing, next_open + 1)
        if next_close < 0:
            next_close = len(marked)
        pieces.append(marked[next_open + 1:next_close])
        position += next_close - next_open - 1
        hits.append((start, position))
        index = next_close + 1
    return "".join(pieces), hits


class SearchOps(DocumentOps, RegistryOps):
    """The corpus search: built on documents and the registry (for actor:/issue:)."""

    def search(self, query: SearchQuery, limit: int = 100, after: tuple[int, int] | None = None
               ) -> list[SearchHit]:
        """Up to `limit` hits in document order, then text order (titles first); `after` =
        (document id, how many of its hits were already given) continues a previous page.
        Raises `BadQuery` for a query FTS5 refuses or a filter naming no one."""
        hits: list[SearchHit] = []
        for hit in self.iter_search(query, after):
            hits.append(hit)
            if len(hits) >= limit:
                break
        return hits

    def iter_search(self, query: SearchQuery, after: tuple[int, int] | None = None) -> Iterator[SearchHit]:
        """Every hit, lazily, a few dozen documents per query (see `search`)."""
        entity_ids = self._entity_ids(query) if query.entity is not None else []
        where, arguments = self._filters(query, entity_ids)
        next_id, skip = (after[0], after[1]) if after else (0, 0)
        while True:
            rows = self._page(query, where, arguments, next_id)
            for document_id, external_id, title, date, length, marked_title, marked_text in rows:
                found = list(self._hits_of(query, entity_ids, document_id, external_id, title, date, length,
                                           marked_title, marked_text))
                for hit in found[skip if document_id == next_id else 0:]:
                    yield hit
            if len(rows) < _PAGE_DOCUMENTS:
                return
            next_id, skip = rows[-1][0] + 1, 0

    def _page(self, query: SearchQuery, where: list[str], arguments: list, from_id: int) -> list[tuple]:
        clauses = " ".join(f"AND {clause}" for clause in where)
        try:
            if query.text:
                return self._conn.execute(
                    f"""SELECT d.id, d.external_id, d.title, d.date, d.length,
                               highlight(documents_fts, 0, '{_OPEN}', '{_CLOSE}'),
                               highlight(documents_fts, 1, '{_OPEN}', '{_CLOSE}')
                        FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
                        WHERE documents_fts MATCH ? AND documents_fts.rowid >= ? {clauses}
                        ORDER BY documents_fts.rowid LIMIT {_PAGE_DOCUMENTS}""",
                    [query.text, from_id, *arguments]).fetchall()
            return self._conn.execute(
                f"""SELECT d.id, d.external_id, d.title, d.date, d.length, NULL, NULL FROM documents d
                    WHERE d.id >= ? {clauses} ORDER BY d.id LIMIT {_PAGE_DOCUMENTS}""",
                [from_id, *arguments]).fetchall()
        except sqlite3.OperationalError as exc:
            if query.text and not any(word in str(exc) for word in ("locked", "busy", "I/O", "malformed")):
                raise BadQuery(f"not a search query FTS5 understands: {query.text!r} ({exc}); "
                               'use words, "phrases", prefix*, AND/OR/NOT, NEAR(a b)') from None
            raise

    def _hits_of(self, query: SearchQuery, entity_ids: list[str], document_id: int, external_id: str,
                 title: str, date: str, length: int, marked_title: str | None,
                 marked_text: str | None) -> Iterator[SearchHit]:
        text = None
        if query.entity is not None:
            text = self._text_of(document_id)
            for span_id, start, end in self._entity_spans(entity_ids, document_id):
                snippet, s0, s1 = snippet_of(text, start, end)
                yield SearchHit(document_id, external_id, title, date, "text", start, end,
                                snippet, s0, s1, span_id)
            return
        if marked_text is None:
            text = self._text_of(document_id)
            snippet, _, _ = snippet_of(text, 0, 0, context=2 * SNIPPET_CONTEXT)
            yield SearchHit(document_id, external_id, title, date, "text", 0, 0, snippet, 0, 0)
            return
        for field, marked, plain_length in (("title", marked_title, len(title)), ("text", marked_text, length)):
            opening, closing = _OPEN, _CLOSE
            if len(marked) - plain_length != marked.count(_OPEN) + marked.count(_CLOSE):
                # The stored text holds a mark character itself: mark it again with others.
                text = self._text_of(document_id) if field == "text" else title
                opening, closing = next(pair for pair in _SPARE_MARKS
                                        if pair[0] not in text and pair[1] not in text)
                marked = self._conn.execute(
                    f"""SELECT highlight(documents_fts, {0 if field == 'title' else 1}, ?, ?)
                        FROM documents_fts WHERE documents_fts MATCH ? AND rowid = ?""",
                    (opening, closing, query.text, document_id)).fetchone()[0]
            plain, places = unmark(marked, opening, closing)
            for start, end in places:
                snippet, s0, s1 = snippet_of(plain, start, end)
                yield SearchHit(document_id, external_id, title, date, field, start, end, snippet, s0, s1)

    def _text_of(self, document_id: int) -> str:
        return self._conn.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()[0]

    def _entity_spans(self, ids: list[str], document_id: int) -> list[tuple[int, int, int]]:
        marks = ",".join("?" * len(ids))
        return self._conn.execute(
            f"""SELECT a.id, a.start, a.end FROM span_entities s
                JOIN annotations a ON a.id = s.annotation_id
                JOIN labels l ON l.id = a.label_id AND l.deleted = 0
                WHERE s.document_id = ? AND s.entity_id IN ({marks})
                ORDER BY a.start, a.end, a.id""", [document_id, *ids]).fetchall()

    def _entity_ids(self, query: SearchQuery) -> list[str]:
        """The registry entry the query names, with every entry merged into it."""
        kind, name = query.entity
        found = self._lookup_entity_ids(name, kind)
        if not found:
            raise BadQuery(f"{kind}:{name}: no {kind} of that name or alias in the registry")
        merged = self._merged_map(self._conn)
        wanted = {found[0]}
        while True:
            more = {source for source, target in merged.items() if target in wanted} - wanted
            if not more:
                return sorted(wanted)
            wanted |= more

    def _filters(self, query: SearchQuery, entity_ids: list[str]) -> tuple[list[str], list]:
        where: list[str] = []
        arguments: list = []
        if query.date_from:
            where.append("d.date <> '' AND d.date >= ?")
            arguments.append(query.date_from)
        if query.date_to:
            where.append("d.date <> '' AND substr(d.date, 1, ?) <= ?")
            arguments += [len(query.date_to), query.date_to]
        for name, value in query.meta:
            if name == "source":   # a column of its own (the JSONL "source" field)
                where.append("d.source = ?")
                arguments.append(value)
                continue
            where.append("json_extract(d.meta, ?) = ?")
            arguments += ['$."' + name.replace('"', '\\"') + '"', value]
        if query.without is not None:
            analyst, label = query.without
            annotator = self._conn.execute("SELECT id FROM annotators WHERE name = ?", (analyst,)).fetchone()
            label_row = self._conn.execute("SELECT id FROM labels WHERE name = ? AND deleted = 0",
                                           (label,)).fetchone()
            if annotator is None:
                raise BadQuery(f"without:{analyst}/{label}: no analyst {analyst!r} in this project")
            if label_row is None:
                raise BadQuery(f"without:{analyst}/{label}: no label {label!r} in this project")
            where.append("""NOT EXISTS (SELECT 1 FROM annotations a WHERE a.document_id = d.id
                            AND a.annotator_id = ? AND a.label_id = ?)""")
            arguments += [annotator[0], label_row[0]]
        if entity_ids:
            where.append(f"""d.id IN (SELECT s.document_id FROM span_entities s
                             WHERE s.entity_id IN ({','.join('?' * len(entity_ids))}))""")
            arguments += entity_ids
        return where, arguments
