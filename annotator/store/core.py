"""The bottom of the store: one connection to the project file, its transactions, its schema.

Every write is its own transaction, committed before the call returns, with
`synchronous=FULL` in WAL mode: a killed process loses nothing a caller was told
had happened. Bulk imports run as one transaction, so bad input leaves the
project exactly as it was. Another process writing the same file makes us wait
(busy timeout); if it holds the lock too long we raise `ProjectBusy`.

Every committed transaction that changed the project's content moves its revision on
(`ProjectCore.revision`), so a file can be recognised as unchanged from one row.

Offsets are code points, end exclusive (see `annotator.model`).
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator, NamedTuple

from annotator.errors import ProjectBusy, ProjectError
from annotator.formats import readable_suffixes
from annotator.formats.base import name_has_suffix
from annotator.resources import default_labels
from annotator.store.schema import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_S = 5.0

# One statement, run by `_write()` just before a COMMIT that changed the content: the counter
# goes up by one and the revision id is drawn anew.
_NEXT_REVISION = """UPDATE meta SET value = CASE key WHEN 'revision' THEN CAST(value AS INTEGER) + 1
                                       ELSE lower(hex(randomblob(16))) END
                    WHERE key IN ('revision', 'revision_id')"""


class Revision(NamedTuple):
    """Which state of which project a file holds.

    `project_id` is drawn when the project is made and never changes (a copy of the file
    keeps it). `number` counts the committed changes. `id` is drawn anew with every one of
    them, so it names one state of one file: two copies of a project that were each changed
    since never share it, even when their numbers agree."""

    project_id: str
    number: int
    id: str


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def project_error(path: Path, exc: sqlite3.Error) -> ProjectError:
    """The one-line, human account of an SQLite failure on a project file.

    The first SQLite error of a chain is the cause: a failed ROLLBACK after a full disk
    says nothing useful, so the account is of the error it happened during."""
    while isinstance(exc.__context__, sqlite3.Error):
        exc = exc.__context__
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


def refuse_document_path(path: str | Path) -> None:
    """A file that `annotator import` reads (.txt, .md, .jsonl …) given where a project belongs
    (`annotator notes.txt`, `annotator merge P notes.txt`, File › Open) is refused by its name,
    before anything is opened or created: SQLite would make an empty project out of a new path."""
    path = Path(path)
    if any(name_has_suffix(path, suffix) for suffix in readable_suffixes()):
        raise ProjectError(f"{path}: a document to import, not an Annotator project; add it to a project "
                           f"with `annotator import PROJECT {path}` (in the window: File › Import documents…)")


class ProjectCore:
    """Opening (refusing foreign and newer files, migrating older ones after a backup),
    write transactions, and the lazy `sqlite_utils` view of the same connection.

    The parts of `annotator.store.Project` are built on this; it knows none of them."""

    def __init__(self, path: str | Path, *, create: bool = True,
                 busy_timeout: float = BUSY_TIMEOUT_S) -> None:
        refuse_document_path(path)
        self.path = Path(path)
        self.backup_path: Path | None = None
        self._db = None
        self._closed = False
        # Derived data the parts keep between calls (the codebook's name → id map). Dropped
        # with every rolled-back transaction, which may have changed what it came from.
        self._cached: dict[str, Any] = {}
        self._uncounted_changes = 0  # see `_unversioned`
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
            version = self._schema_version()
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
        self._closed = True

    @property
    def closed(self) -> bool:
        """True once `close` was called: a window's deferred read then has nothing to read."""
        return self._closed

    def forget_derived(self) -> None:
        """Another connection to this file (a background job's) has written: what this one
        derived from the rows before (`_cached`) may be out of date."""
        self._cached.clear()

    def checkpoint(self) -> None:
        """Folds the write-ahead log into the main file (before copying or renaming it)."""
        self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ----------------------------------------------------------------------

    @contextmanager
    def _write(self, only_if_changed: bool = False) -> Iterator[sqlite3.Connection]:
        """One write transaction: BEGIN IMMEDIATE takes the write lock up front, so a
        concurrent writer waits for the busy timeout instead of failing half-way.

        A transaction that changed a row moves the project's revision on (`revision`), in
        the same commit: every write path comes through here, the bulk ones too. With
        `only_if_changed`, a transaction that changed no row is rolled back, so bringing in
        data the project already has leaves the file byte for byte as it was. Writes made
        `_unversioned()` count as no change for either.
        sqlite-utils' writes made inside join this transaction (as savepoints)."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise project_error(self.path, exc) from exc
        changes_before = self._conn.total_changes
        self._uncounted_changes = 0
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
        changed = self._conn.total_changes - self._uncounted_changes != changes_before
        if only_if_changed and not changed:
            self._rollback()
            return
        try:
            if changed:
                self._conn.execute(_NEXT_REVISION)
            self._conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            self._rollback()
            raise project_error(self.path, exc) from exc

    @contextmanager
    def _unversioned(self) -> Iterator[None]:
        """Inside `_write()`: writes that record how the project was made rather than what it
        holds (a temporary table, the note of a merge). They are committed with the rest, but
        neither move the revision on nor keep a transaction `only_if_changed` would drop."""
        before = self._conn.total_changes
        try:
            yield
        finally:
            self._uncounted_changes += self._conn.total_changes - before

    @property
    def revision(self) -> Revision:
        """This file's project id and revision (see `Revision`)."""
        values = dict(self._conn.execute(
            "SELECT key, value FROM meta WHERE key IN ('project_id', 'revision', 'revision_id')"))
        return Revision(values["project_id"], int(values["revision"]), values["revision_id"])

    def _rollback(self) -> None:
        self._cached.clear()
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    @property
    def db(self):
        """The project as a `sqlite_utils.Database` on this same connection, for the small
        create and update paths and for schema work. Made on first use: the library takes a
        tenth of a second to import, which a window opening must not pay."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self._conn)
        return self._db

    # -- schema ----------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        return self._schema_version()

    def _schema_version(self) -> int:
        """The number of migrations the file has had; raw SQLite errors, for opening to judge."""
        if "meta" not in self._table_names():
            return 0
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    def _table_names(self) -> list[str]:
        return [row[0] for row in self._conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]

    def _migrate(self) -> None:
        """Brings the file to `SCHEMA_VERSION` in one transaction; a new file also gets
        its creation time and the default codebook in that same transaction."""
        version = self._schema_version()
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
                self.db["labels"].insert_all(
                    {"name": label.name, "color": label.color, "hotkey": label.hotkey,
                     "description": label.description, "position": position}
                    for position, label in enumerate(default_labels()))

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
