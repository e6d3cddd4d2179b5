"""Documents in the project file. A text never changes once imported, so offsets into it
stay valid; documents are added only by bulk transfer (`bulk.py`, `merge.py`), each of
which adds its new documents to the search index (`_index_documents_from`, see search.py)."""

from __future__ import annotations

import json
import sqlite3
from typing import Sequence

from annotator.model import Document, DocumentInfo
from annotator.store.core import ProjectCore


_IDS_PER_QUERY = 500


def check_places(conn: sqlite3.Connection, places: Sequence[tuple[int, int, int]], what: str) -> None:
    """ValueError unless every (document id, start, end) is a non-empty stretch of an existing
    document: a caller's mistake, which rolls back the transaction it is raised in."""
    lengths: dict[int, int] = {}
    documents = sorted({document for document, _, _ in places})
    for done in range(0, len(documents), _IDS_PER_QUERY):
        chunk = documents[done:done + _IDS_PER_QUERY]
        lengths.update(conn.execute(
            f"SELECT id, length FROM documents WHERE id IN ({','.join('?' * len(chunk))})", chunk))
    for document, start, end in places:
        if document not in lengths or not 0 <= start < end <= lengths[document]:
            raise ValueError(f"{what} {start}..{end} is outside document {document}")


class DocumentOps(ProjectCore):
    """Reading documents: built on the core alone."""

    def documents(self) -> list[DocumentInfo]:
        rows = self._conn.execute(
            """SELECT d.id, d.external_id, d.title, d.date, d.source, d.sha256, d.length,
                      (SELECT count(*) FROM annotations a JOIN labels l ON l.id = a.label_id
                       WHERE a.document_id = d.id AND l.deleted = 0)
               FROM documents d ORDER BY d.id""").fetchall()
        return [DocumentInfo(*row) for row in rows]

    def document_ids(self) -> list[int]:
        """Every document's id, in the order `documents()` lists them (cheap: no counts)."""
        return [row[0] for row in self._conn.execute("SELECT id FROM documents ORDER BY id")]

    def document_count(self) -> int:
        return self._conn.execute("SELECT count(*) FROM documents").fetchone()[0]

    def document(self, document_id: int) -> Document:
        row = self._conn.execute(
            "SELECT id, external_id, title, date, source, text, meta FROM documents WHERE id = ?",
            (document_id,)).fetchone()
        if row is None:
            raise KeyError(f"no document {document_id}")
        return Document(id=row[0], external_id=row[1], title=row[2], date=row[3], source=row[4],
                        text=row[5], meta=json.loads(row[6]))

    def document_id_of(self, external_id: str) -> int | None:
        """The id of the document a file calls `external_id` (its file name, JSONL's "id")."""
        row = self._conn.execute("SELECT id FROM documents WHERE external_id = ?", (external_id,)).fetchone()
        return row[0] if row else None

    def document_texts(self, document_ids: Sequence[int]) -> list[str]:
        """The texts of these documents, in their order (KeyError for an id there is none of),
        in one query: what long work over the corpus reads a batch at a time."""
        ids = list(document_ids)
        texts = dict(self._conn.execute(
            f"SELECT id, text FROM documents WHERE id IN ({','.join('?' * len(ids))})", ids)) if ids else {}
        missing = [i for i in ids if i not in texts]
        if missing:
            raise KeyError(f"no document {missing[0]}")
        return [texts[i] for i in ids]

    def _index_documents_from(self, conn: sqlite3.Connection, first_id: int) -> None:
        """Adds the documents with ids from `first_id` on to the search index, inside the bulk
        write that added them: one pass over the new texts (cheaper than a trigger per row)."""
        conn.execute("""INSERT INTO documents_fts(rowid, title, text)
                        SELECT id, title, text FROM documents WHERE id >= ?""", (first_id,))
