"""The project file: one SQLite database, and the only module that speaks SQL.

Every write is its own transaction, committed before the call returns, with
`synchronous=FULL` in WAL mode: a killed process loses nothing a caller was told
had happened. Bulk imports run as one transaction, so bad input leaves the
project exactly as it was. Another process writing the same file makes us wait
(busy timeout); if it holds the lock too long we raise `ProjectBusy`.

Offsets are code points, end exclusive (see `annotator.model`).
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from annotator.errors import AnnotatorError, ProjectBusy, ProjectError
from annotator.model import (
    GOLD_ANNOTATOR_ID,
    GOLD_ANNOTATOR_NAME,
    Annotator,
    Document,
    DocumentInfo,
    Record,
    Span,
)
from annotator.resources import default_labels
from annotator.store.schema import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_S = 5.0


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


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


class ProjectBase:
    """Opening, migrating, documents, labels, annotators and single-span edits.

    `annotator.store.Project` adds bulk transfer and review on top; use that."""

    def __init__(self, path: str | Path, *, create: bool = True,
                 busy_timeout: float = BUSY_TIMEOUT_S) -> None:
        self.path = Path(path)
        self._label_ids: dict[str, int] | None = None
        self.backup_path: Path | None = None
        self._db = None
        if not create and not self.path.exists():
            raise ProjectError(f"{self.path}: no such project file")
        conn = sqlite3.connect(str(self.path), timeout=busy_timeout, isolation_level=None,
                               check_same_thread=False)
        self._conn = conn
        try:
            # Look before changing anything: another program's database or a newer
            # project is refused while the file is still byte for byte as it was.
            self._refuse_foreign_or_newer()
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA cache_size = -65536")  # up to 64 MB: bulk imports keep indexes in memory
            self._migrate()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise project_error(self.path, exc) from exc
        except BaseException:
            conn.close()
            raise

    def _refuse_foreign_or_newer(self) -> None:
        """Checks the file through SQLite itself, never by opening it from Python: closing
        any other handle on the file would drop the locks this process's connections hold."""
        try:
            version = self.schema_version
        except sqlite3.DatabaseError as exc:
            if "not a database" in str(exc):
                raise ProjectError(f"{self.path}: not an Annotator project (not an SQLite "
                                   "database); nothing was changed") from None
            raise
        if version == 0 and self._table_names():
            raise ProjectError(f"{self.path}: an SQLite database of another program, not an "
                               "Annotator project; nothing was changed")
        if version > SCHEMA_VERSION:
            raise ProjectError(
                f"{self.path}: made by a newer Annotator (schema {version}, this one knows "
                f"{SCHEMA_VERSION}); update Annotator to open it. Nothing was changed")

    # -- lifecycle -------------------------------------------------------------------------

    def set_busy_timeout(self, seconds: float) -> None:
        """How long a write waits for another process's write before `ProjectBusy`."""
        self._conn.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")

    def close(self) -> None:
        self._conn.close()

    def checkpoint(self) -> None:
        """Folds the write-ahead log into the main file (before copying or renaming it)."""
        self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self, only_if_changed: bool = False) -> Iterator[sqlite3.Connection]:
        """One write transaction: BEGIN IMMEDIATE takes the write lock up front, so a
        concurrent writer waits for the busy timeout instead of failing half-way.

        With `only_if_changed`, a transaction that changed no row is rolled back, so
        bringing in data the project already has leaves the file byte for byte as it was."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise project_error(self.path, exc) from exc
        changes_before = self._conn.total_changes
        try:
            yield self._conn
        except sqlite3.IntegrityError:
            self._rollback()
            raise
        except sqlite3.DatabaseError as exc:
            # Read-only file, full disk, damaged file: SQLite may already have rolled back.
            self._rollback()
            raise project_error(self.path, exc) from exc
        except BaseException:
            self._rollback()
            raise
        if only_if_changed and self._conn.total_changes == changes_before:
            self._rollback()
            return
        try:
            self._conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            self._rollback()
            raise project_error(self.path, exc) from exc

    def _rollback(self) -> None:
        self._label_ids = None
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    def _migrate(self) -> None:
        version = self.schema_version
        if version == SCHEMA_VERSION:
            return
        if version > 0:
            self.backup_path = self._backup_before_migration(version)
        with self._write() as conn:
            fresh = version == 0
            for number in range(version, SCHEMA_VERSION):
                migration = MIGRATIONS[number]
                if callable(migration):
                    migration(self.db)
                    continue
                for statement in migration.split(";"):
                    if statement.strip():
                        conn.execute(statement)
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)",
                         (str(SCHEMA_VERSION),))
            if fresh:
                conn.execute("INSERT INTO meta(key, value) VALUES ('created', ?)", (now(),))
                for label in default_labels():
                    self._insert_label(conn, label)

    @property
    def db(self):
        """The project as a `sqlite_utils.Database`, for schema work. Made on first use: the
        library takes a tenth of a second to import, which a window opening must not pay."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self._conn)
        return self._db

    def _table_names(self) -> list[str]:
        return [row[0] for row in self._conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]

    def _backup_before_migration(self, version: int) -> Path:
        """A full copy of the project as it was, next to it, before anything is changed."""
        backup = self.path.with_name(f"{self.path.name}.schema{version}.bak")
        target = sqlite3.connect(str(backup))
        try:
            with target:
                self._conn.backup(target)
        finally:
            target.close()
        return backup

    @property
    def schema_version(self) -> int:
        if "meta" not in self._table_names():
            return 0
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    # -- documents -------------------------------------------------------------------------

    def documents(self) -> list[DocumentInfo]:
        rows = self._conn.execute(
            """SELECT d.id, d.external_id, d.title, d.date, d.source, d.sha256, d.length,
                      (SELECT count(*) FROM annotations a JOIN labels l ON l.id = a.label_id
                       WHERE a.document_id = d.id AND l.deleted = 0)
               FROM documents d ORDER BY d.id""").fetchall()
        return [DocumentInfo(*row) for row in rows]

    def document(self, document_id: int) -> Document:
        row = self._conn.execute(
            "SELECT id, external_id, title, date, source, text, meta FROM documents WHERE id = ?",
            (document_id,)).fetchone()
        if row is None:
            raise KeyError(f"no document {document_id}")
        return Document(id=row[0], external_id=row[1], title=row[2], date=row[3], source=row[4],
                        text=row[5], meta=json.loads(row[6]))

    def add_document(self, document: Document) -> int:
        """Adds a document, or returns the id of the one with the same text; see `import_records`."""
        self.import_records([Record(document, [])])
        return self._document_id_for(document)

    def _document_id_for(self, document: Document) -> int:
        row = self._conn.execute("SELECT id FROM documents WHERE sha256 = ? ORDER BY id LIMIT 1",
                                 (document.sha256,)).fetchone()
        return row[0]

    # -- annotators ------------------------------------------------------------------------

    def annotators(self) -> list[Annotator]:
        rows = self._conn.execute("SELECT id, name FROM annotators ORDER BY created, name").fetchall()
        return [Annotator(id=r[0], name=r[1]) for r in rows]

    def layer_ids(self, names_or_ids: Iterable[str] = (), *, gold: bool = False,
                  all_but_gold: bool = False) -> list[str] | None:
        """The annotator ids of the layers a person chose: each name or id as typed (a name two
        analysts share gives both; an unknown one is an `AnnotatorError`), and gold's with `gold`.

        Choosing nothing means every layer: None (no filter at all), or with `all_but_gold`
        the ids of every analyst but gold, in the order of `annotators()`."""
        known = self.annotators()
        ids = [GOLD_ANNOTATOR_ID] if gold else []
        for wanted in names_or_ids:
            matches = [a.id for a in known if wanted in (a.name, a.id)]
            if not matches:
                raise AnnotatorError(f"{self.path}: no annotator {wanted!r} (the project has "
                                     f"{', '.join(a.name for a in known) or 'none'})")
            ids += matches
        if ids:
            return ids
        return [a.id for a in known if a.id != GOLD_ANNOTATOR_ID] if all_but_gold else None

    def ensure_annotator(self, name: str, annotator_id: str | None = None) -> Annotator:
        """The annotator with this id (or, without one, the first with this name), created if
        new. Looked up again under the write lock, so two processes never create one twice."""
        found = self._find_annotator(self._conn, name, annotator_id)
        if found is not None:
            return found
        with self._write() as conn:
            found = self._find_annotator(conn, name, annotator_id)
            if found is None:
                found = self._insert_annotator(conn, name, annotator_id)
        return found

    def rename_annotator(self, annotator_id: str, name: str) -> Annotator:
        """A new display name; the id, and so every span's owner, stays the same."""
        if not name.strip():
            raise ValueError("an analyst needs a name")
        with self._write() as conn:
            conn.execute("UPDATE annotators SET name = ? WHERE id = ?", (name.strip(), annotator_id))
        return Annotator(id=annotator_id, name=name.strip())

    @staticmethod
    def _find_annotator(conn: sqlite3.Connection, name: str, annotator_id: str | None) -> Annotator | None:
        if annotator_id is None:
            row = conn.execute("SELECT id, name FROM annotators WHERE name = ? ORDER BY created",
                               (name,)).fetchone()
        else:
            row = conn.execute("SELECT id, name FROM annotators WHERE id = ?", (annotator_id,)).fetchone()
        return Annotator(id=row[0], name=row[1]) if row else None

    def _insert_annotator(self, conn: sqlite3.Connection, name: str,
                          annotator_id: str | None = None) -> Annotator:
        annotator_id = annotator_id or (GOLD_ANNOTATOR_ID if name == GOLD_ANNOTATOR_NAME
                                        else str(uuid.uuid4()))
        conn.execute("INSERT INTO annotators(id, name, created) VALUES (?,?,?)",
                     (annotator_id, name, now()))
        return Annotator(id=annotator_id, name=name)

    # -- spans -----------------------------------------------------------------------------

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

    def span_count(self, document_id: int) -> int:
        """All layers' spans on a document (labels not deleted)."""
        return self._conn.execute(
            "SELECT count(*) FROM annotations a JOIN labels l ON l.id = a.label_id AND l.deleted = 0 "
            "WHERE a.document_id = ?", (document_id,)).fetchone()[0]

    def span(self, span_id: int) -> Span:
        row = self._conn.execute(f"SELECT {_SPAN_COLUMNS} {_SPAN_FROM} WHERE a.id = ?",
                                 (span_id,)).fetchone()
        if row is None:
            raise KeyError(f"no span {span_id}")
        return _span_from_row(row)

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

    def _require_label(self, name: str) -> int:
        label_id = self._label_id(name)
        if label_id is None:
            raise ValueError(f"unknown label {name!r}")
        return label_id

def project_error(path: Path, exc: sqlite3.Error) -> ProjectError:
    """The one-line, human account of an SQLite failure on a project file."""
    message = str(exc).split(" with text ")[0]  # never the undecodable bytes themselves
    message = "".join(c if c.isprintable() else "?" for c in message)[:120]
    if "locked" in message or "busy" in message:
        return ProjectBusy(f"{path}: the project is busy (another Annotator is writing to it); "
                           "try again in a moment")
    if "readonly" in message or "read-only" in message:
        return ProjectError(f"{path}: the project file is read-only; nothing was changed")
    if "malformed" in message or "not a database" in message or "decode" in message:
        return ProjectError(f"{path}: the project file is damaged ({message}); nothing was changed")
    if "full" in message or "disk I/O" in message:
        return ProjectError(f"{path}: could not write ({message}: is the disk full?); nothing was changed")
    return ProjectError(f"{path}: {message}")
