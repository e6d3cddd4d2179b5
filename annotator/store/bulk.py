"""Bulk transfer in and out of a project: imports and exports, measured (bench/run.py) and
so written as plain SQL in batches.

Each bulk operation is one transaction: all of it happens, or (on any error) none of it.
Documents are identified by their id and spans by (document, annotator, start, end,
label), so bringing the same data in twice adds nothing. The same id with another text
is a conflict; the same text under another id is another document (reposted press
releases, empty transcripts): no id ever disappears, and the report counts them.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from annotator.errors import AnnotatorError, BadInput, DocumentConflict
from annotator.model import Document, Record, Span, SpanData, text_sha256
from annotator.store.claim_files import ClaimFileOps
from annotator.store.core import now
from annotator.store.documents import DocumentOps
from annotator.wording import plural


@dataclass
class ImportReport:
    documents_added: int = 0
    documents_matched: int = 0
    spans_added: int = 0
    spans_present: int = 0
    conflicts: list[str] = field(default_factory=list)
    documents_same_text: int = 0        # of those added: the text of an earlier document, another id
    merged_before: int | None = None    # a merge: the revision of the unchanged file merged before
    skipped: list[str] = field(default_factory=list)  # files in imported folders no reader takes
    renamed: list[str] = field(default_factory=list)   # analysts brought in under another name, and why
    # claims (claims.py, codebook.py): what a file or a colleague's project brought
    claims_added: int = 0
    claims_present: int = 0
    entities_added: int = 0
    registry_conflicts: list[str] = field(default_factory=list)   # ours kept, reported


    def summary(self) -> str:
        if self.merged_before is not None:
            return ("0 documents added, 0 spans added: unchanged since it was merged "
                    f"(at its revision {self.merged_before})")
        same_text = (f" ({self.documents_same_text:,} with the same text as another)"
                     if self.documents_same_text else "")
        suffixes = sorted({Path(name).suffix.lower() or "no extension" for name in self.skipped})
        return (f"{plural(self.documents_added, 'document')} added{same_text}, "
                f"{self.documents_matched:,} already present; "
                f"{plural(self.spans_added, 'span')} added, {self.spans_present:,} already present"
                + self._claims_summary()
                + (f"; {plural(len(self.conflicts), 'document')} NOT merged (different text under the same id)"
                   if self.conflicts else "")
                + (f"; {plural(len(self.skipped), 'file')} skipped ({', '.join(suffixes)}: not a format "
                   "Annotator reads)" if self.skipped else "")
                + "".join(f"; {note}" for note in self.renamed))

    def _claims_summary(self) -> str:
        if not (self.claims_added or self.claims_present or self.entities_added or self.registry_conflicts):
            return ""
        return (f"; {self.claims_added} claims added, {self.claims_present} already present"
                + (f"; {self.entities_added} registry entries added" if self.entities_added else "")
                + (f"; {len(self.registry_conflicts)} registry disagreements (this project's kept)"
                   if self.registry_conflicts else ""))


SPAN_BATCH = 20_000  # spans per executemany: few calls, bounded memory


class BulkOps(DocumentOps, ClaimFileOps):
    """Imports and exports: built on documents and claims (and so on spans, their labels,
    analysts: a record's frames and links come and go with its spans)."""

    def add_document(self, document: Document) -> int:
        """Adds a document, or returns the id of the one with its id; see `import_records`."""
        self.import_records([Record(document, [])])
        return self._conn.execute("SELECT id FROM documents WHERE external_id = ?",
                                  (document.external_id,)).fetchone()[0]

    def import_records(self, records: Iterable[Record], default_annotator: str = "",
                       on_bad_record: Callable[[Record, AnnotatorError], None] | None = None) -> ImportReport:
        """Adds documents and spans in one transaction: all of them, or (on any error) none.

        A document whose id the project already has, with the same text, is matched, not
        added again; spans already present are skipped, so importing twice adds nothing.
        A known document id with a different text is refused (`DocumentConflict`). A new
        id is a new document even when its text is already here under another id.

        With `on_bad_record`, a record refused for its own content (a span outside its text,
        an unknown label, a conflict) is handed to it and left out, and the import goes on,
        so that a batch's every bad file can be reported; the caller then ends the import by
        raising from `records`, which rolls everything back (see `transfer.import_into`).
        """
        report = ImportReport()
        with self._write(only_if_changed=True) as conn:
            # Analysts are looked up under the write lock: two imports bringing in the same
            # new analyst at once must not create them twice. Each (name, id) pair is
            # resolved once per import (see `_bring_in_annotator`), then from this dict.
            owners: dict[tuple[str, str], str] = {}
            label_ids = {label.name: label.id for label in self.labels()}
            stamp = now()  # one transaction, one moment
            documents = DocumentTable(conn, self.path.name)
            rows: list[tuple] = []
            for record in records:
                kept = len(rows)
                try:
                    document_id = self._append_record(conn, record, documents, report, stamp, rows, label_ids,
                                                      owners, default_annotator)
                    if record.claims or record.links:
                        self._import_claims_of(conn, record, document_id, rows, report, documents,
                                               owners, label_ids, default_annotator)
                except (BadInput, DocumentConflict) as exc:
                    if on_bad_record is None:
                        raise
                    del rows[kept:]
                    on_bad_record(record, exc)
                if len(rows) >= SPAN_BATCH:
                    documents.flush()  # spans refer to their documents
                    self._insert_spans(conn, rows, report)
                    rows.clear()
            documents.flush()
            self._insert_spans(conn, rows, report)
            self._index_documents_from(conn, documents.first_id)
        return report

    def _append_record(self, conn: sqlite3.Connection, record: Record, documents: DocumentTable,
                       report: ImportReport, stamp: str, rows: list[tuple], label_ids: dict[str, int],
                       owners: dict[tuple[str, str], str], default_annotator: str) -> int:
        """Resolves the record's document and appends its spans' rows; returns the document's
        id here; raises on a bad span."""
        append = rows.append
        document_id = documents.resolve(record, report, stamp)
        if document_id is None:
            raise DocumentConflict(report.conflicts[-1])
        length = len(record.document.text)
        for start, end, label, annotator, annotator_key in record.spans:
            if not 0 <= start < end <= length:
                raise BadInput(record.path, record.line, f"span {start}..{end} is "
                               f"outside the text (0..{length}) or empty")
            label_id = label_ids.get(label)
            if label_id is None:
                raise BadInput(record.path, record.line, f"unknown label {label!r} "
                               f"(the project has {', '.join(self._label_names())})")
            annotator_id = owners.get((annotator, annotator_key))
            if annotator_id is None:
                name = annotator or default_annotator
                if not name and not annotator_key:
                    raise BadInput(record.path, record.line, "span has no annotator")
                annotator_id = owners[annotator, annotator_key] = self._bring_in_annotator(
                    conn, name or annotator_key, annotator_key, record.path, report.renamed)
            append((document_id, start, end, label_id, annotator_id, stamp, stamp))
        return document_id

    def _import_claims_of(self, conn: sqlite3.Connection, record: Record, document_id: int,
                          rows: list[tuple], report: ImportReport, documents: DocumentTable,
                          owners: dict[tuple[str, str], str], label_ids: dict[str, int | None],
                          default_annotator: str) -> None:
        """A record's claims and links, once its document and spans are written."""
        documents.flush()
        self._insert_spans(conn, rows, report)
        rows.clear()
        added, present = self._store_record_claims(conn, record, document_id, owners,
                                                   label_ids, default_annotator)
        report.claims_added += added
        report.claims_present += present

    def iter_records(self, annotator_ids: Iterable[str] | None = None) -> Iterator[Record]:
        """`iter_documents_with_spans(as_data=True)` as `Record`s that carry each document's
        claim frames and span links too (see `Record`): what a writer of claims takes."""
        wanted = list(annotator_ids) if annotator_ids is not None else None
        entities = self.entities(include_retired=True)
        names = {entity.id: entity.name for entity in entities}
        finals = self._final_ids()
        parents = {entity.name: names[finals.get(entity.parent_id, entity.parent_id)] for entity in entities
                   if entity.parent_id is not None and entity.merged_into is None}
        has_claims = {row[0] for row in self._conn.execute(
            "SELECT document_id FROM claims UNION SELECT document_id FROM span_entities")}
        for document, spans in self.iter_documents_with_spans(wanted, as_data=True):
            claims, links = ([], {}) if document.id not in has_claims else \
                self._record_claims(document.id, spans, wanted, names)
            yield Record(document, spans, claims=claims, links=links, parents=parents)

    @staticmethod
    def _insert_spans(conn: sqlite3.Connection, rows: list[tuple], report: ImportReport) -> None:
        before = conn.total_changes
        conn.executemany(
            """INSERT OR IGNORE INTO annotations(document_id, start, end, label_id, annotator_id,
               created, updated) VALUES (?,?,?,?,?,?,?)""", rows)
        added = conn.total_changes - before
        report.spans_added += added
        report.spans_present += len(rows) - added

    def _label_names(self) -> list[str]:
        return [label.name for label in self.labels()]

    def iter_documents_with_spans(self, annotator_ids: Iterable[str] | None = None,
                                  as_data: bool = False) -> Iterator[tuple[Document, list[Span]]]:
        """Every document with its spans (optionally some layers only), one at a time, in
        two streaming scans (documents by id, spans by document and position): memory stays
        bounded by the largest document, and 100,000 documents cost two queries, not 200,000.

        `as_data` gives `SpanData` tuples (offsets, label, annotator name and id) instead of full
        `Span`s: all an export writes, at a third of the cost per span. (SQLite failures met
        while iterating become `ProjectError`s at `Project`'s boundary, like any method's.)"""
        wanted = list(annotator_ids) if annotator_ids is not None else None
        layer_filter = ""
        if wanted is not None:
            layer_filter = f"AND a.annotator_id IN ({','.join('?' * len(wanted))})"
        documents = self._conn.execute(
            "SELECT id, external_id, title, date, source, meta, text FROM documents ORDER BY id")
        # No joins: names come from two small dicts, and the order is the identity
        # index's own, so SQLite neither looks up nor sorts a million rows.
        label_names = dict(self._conn.execute("SELECT id, name FROM labels WHERE deleted = 0"))
        annotator_names = dict(self._conn.execute("SELECT id, name FROM annotators"))
        # For `as_data` every column read is in that index, so the table is not touched.
        extra = "" if as_data else ", a.id, a.created, a.updated"
        spans = self._conn.execute(
            f"""SELECT a.document_id, a.start, a.end, a.label_id, a.annotator_id{extra}
                FROM annotations a WHERE 1 {layer_filter}
                ORDER BY a.document_id, a.start, a.end""", wanted or [])
        pending = next(spans, None)
        for doc_id, external_id, title, date, source, meta, text in documents:
            batch = []
            while pending is not None and pending[0] <= doc_id:
                label = label_names.get(pending[3])
                if pending[0] == doc_id and label is not None:
                    annotator = annotator_names[pending[4]]
                    batch.append(SpanData(pending[1], pending[2], label, annotator, pending[4]) if as_data
                                 else Span(pending[1], pending[2], label, annotator, pending[4],
                                           pending[5], doc_id, pending[6], pending[7]))
                pending = next(spans, None)
            yield (Document(id=doc_id, external_id=external_id, title=title, date=date,
                            source=source, text=text, meta=json.loads(meta)), batch)


class DocumentTable:
    """The project's documents during one bulk operation: finds a record's document by its
    id (noting when its text is another document's too), and adds new ones in batches (ids
    assigned up front: the write lock is held).

    Lookups ask SQLite per document at first; once an operation has brought in many
    documents, the two columns are read once and answered from memory, so a big import
    runs no query per document while a small one into a big project does not read the
    whole table. Documents added by this operation are always answered from memory."""

    QUERIES_BEFORE_MAP = 2_000
    BATCH = 500

    def __init__(self, conn: sqlite3.Connection, project_name: str) -> None:
        self._conn = conn
        self._project_name = project_name
        self._queries = 0
        self._by_id: dict[str, tuple[int, str]] | None = None
        self._by_text: dict[str, int] | None = None
        self._added_by_id: dict[str, tuple[int, str]] = {}
        self._added_by_text: dict[str, int] = {}
        self._pending: list[tuple] = []
        self._next_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM documents").fetchone()[0]
        self.first_id = self._next_id  # documents from this id on are this operation's

    def resolve(self, record: Record, report: ImportReport, stamp: str) -> int | None:
        """The id of the record's document in this project (matched by id, or added), or
        None with the conflict noted when its id has another text here."""
        document = record.document
        sha = text_sha256(document.text)
        same_id, same_text = self._find(document.external_id, sha)
        if same_id is not None:
            if same_id[1] != sha:
                where = f"{record.path}:{record.line}" if record.line else record.path
                earlier = "earlier in this import" if document.external_id in self._added_by_id \
                    else f"already in {self._project_name}"
                report.conflicts.append(
                    f"{where}: document {document.external_id!r} is {earlier} with a different text; "
                    "not merged")
                return None
            report.documents_matched += 1
            return same_id[0]
        if same_text is not None:
            report.documents_same_text += 1
        document_id, self._next_id = self._next_id, self._next_id + 1
        self._pending.append((document_id, document.external_id, document.title, document.date,
                              document.source, document.text, sha, len(document.text),
                              json.dumps(document.meta, ensure_ascii=False), stamp))
        self._added_by_id[document.external_id] = (document_id, sha)
        self._added_by_text.setdefault(sha, document_id)
        report.documents_added += 1
        if len(self._pending) >= self.BATCH:
            self.flush()
        return document_id

    def flush(self) -> None:
        """Writes the documents resolved so far (before any span that refers to them)."""
        if self._pending:
            self._conn.executemany(
                """INSERT INTO documents(id, external_id, title, date, source, text, sha256, length,
                                         meta, imported) VALUES (?,?,?,?,?,?,?,?,?,?)""", self._pending)
            self._pending.clear()

    def _find(self, external_id: str, sha: str) -> tuple[tuple[int, str] | None, int | None]:
        """(id and sha256 of the document with this id, id of the first document with this text)."""
        added_id, added_text = self._added_by_id.get(external_id), self._added_by_text.get(sha)
        if self._by_id is None and self._queries >= self.QUERIES_BEFORE_MAP:
            self._by_id, self._by_text = {}, {}
            for doc_id, known_id, known_sha in self._conn.execute(
                    "SELECT id, external_id, sha256 FROM documents ORDER BY id"):
                self._by_id[known_id] = (doc_id, known_sha)
                self._by_text.setdefault(known_sha, doc_id)
        if self._by_id is not None:
            return (self._by_id.get(external_id) or added_id,
                    self._by_text.get(sha) or added_text)
        self._queries += 1
        rows = self._conn.execute("SELECT id, sha256, external_id FROM documents "
                                  "WHERE external_id = ? OR sha256 = ? ORDER BY id",
                                  (external_id, sha)).fetchall()
        same_id = next(((row[0], row[1]) for row in rows if row[2] == external_id), added_id)
        same_text = next((row[0] for row in rows if row[1] == sha), added_text)
        return same_id, same_text
