"""The project file's schema, as numbered migrations. Only `annotator.store` runs these.

A migration is appended, never edited: a project file records the number of the
last one applied, so an older file is brought forward step by step. A migration is
SQL, or a function of a `sqlite_utils.Database` for changes sqlite-utils states
better than SQL (adding a column with its default).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from annotator.model import GOLD_ANNOTATOR_ID, GOLD_ANNOTATOR_NAME, first_free_name

if TYPE_CHECKING:
    from sqlite_utils import Database


def _unique_annotator_names(db: Database) -> None:
    """Tells apart analysts who share a name, then makes names unique. The gold layer keeps
    "gold" and, after it, the analyst first recorded keeps the name; each later one becomes
    "Ana (2)", "Ana (3)" …, as a merge names a newcomer today. Their ids, and so their spans,
    stay as they were."""
    rows = db.execute("SELECT id, name FROM annotators ORDER BY id != ?, created, id",
                      [GOLD_ANNOTATOR_ID]).fetchall()
    taken: set[str] = set()
    for annotator_id, name in rows:
        reserved = name == GOLD_ANNOTATOR_NAME and annotator_id != GOLD_ANNOTATOR_ID
        unique = first_free_name(name, lambda candidate: candidate in taken or (
            reserved and candidate == GOLD_ANNOTATOR_NAME))
        if unique != name:
            db.execute("UPDATE annotators SET name = ? WHERE id = ?", [unique, annotator_id])
        taken.add(unique)
    db.execute("CREATE UNIQUE INDEX annotators_name ON annotators(name)")

MIGRATIONS: list[str | Callable[[Database], object]] = [
    # 1: documents, labels, annotators, annotations.
    """
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE documents (
        id          INTEGER PRIMARY KEY,
        external_id TEXT NOT NULL UNIQUE,
        title       TEXT NOT NULL DEFAULT '',
        date        TEXT NOT NULL DEFAULT '',
        source      TEXT NOT NULL DEFAULT '',
        sha256      TEXT NOT NULL,
        length      INTEGER NOT NULL,
        meta        TEXT NOT NULL DEFAULT '{}',
        imported    TEXT NOT NULL,
        text        TEXT NOT NULL  -- last: reading the columns before it never walks the text
    );
    CREATE INDEX documents_sha256 ON documents(sha256);
    CREATE TABLE labels (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        color       TEXT NOT NULL,
        hotkey      TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        position    INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE annotators (
        id      TEXT PRIMARY KEY,
        name    TEXT NOT NULL,
        created TEXT NOT NULL
    );
    CREATE TABLE annotations (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: undo restores old ids
        document_id  INTEGER NOT NULL REFERENCES documents(id),
        start        INTEGER NOT NULL,
        end          INTEGER NOT NULL,
        label_id     INTEGER NOT NULL REFERENCES labels(id),
        annotator_id TEXT NOT NULL REFERENCES annotators(id),
        created      TEXT NOT NULL,
        updated      TEXT NOT NULL,
        CHECK (start >= 0 AND end > start)
    );
    -- One index does both jobs: no annotator has the same span twice, and a document's
    -- spans come out in text order. (Fewer indexes: faster bulk imports.)
    CREATE UNIQUE INDEX annotations_identity
        ON annotations(document_id, start, end, annotator_id, label_id);
    """,
    # 2: review: reviewers' comments on spans, and adjudication decisions for the gold layer.
    """
    CREATE TABLE comments (
        id            INTEGER PRIMARY KEY,
        annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
        author_id     TEXT NOT NULL REFERENCES annotators(id),
        text          TEXT NOT NULL,
        created       TEXT NOT NULL
    );
    CREATE INDEX comments_by_annotation ON comments(annotation_id);
    CREATE TABLE review_decisions (
        id                 INTEGER PRIMARY KEY,
        document_id        INTEGER NOT NULL REFERENCES documents(id),
        start              INTEGER NOT NULL,
        end                INTEGER NOT NULL,
        decision           TEXT NOT NULL CHECK (decision IN ('accept', 'edit', 'reject')),
        gold_annotation_id INTEGER REFERENCES annotations(id) ON DELETE SET NULL,
        reviewer_id        TEXT NOT NULL REFERENCES annotators(id),
        created            TEXT NOT NULL
    );
    CREATE UNIQUE INDEX review_decisions_region ON review_decisions(document_id, start, end);
    """,
    # 3: deleting a label hides it and its spans instead of destroying them.
    lambda db: db["labels"].add_column("deleted", int, not_null_default=0),
    # 4: the project's identity and revision (see `ProjectCore.revision`: every committed change
    # moves the revision on), and the colleagues' revisions this project has merged, so that
    # merging an unchanged file again is recognised from a few rows.
    """
    INSERT OR IGNORE INTO meta(key, value) VALUES ('project_id', lower(hex(randomblob(16))));
    INSERT OR IGNORE INTO meta(key, value) VALUES ('revision', '0');
    INSERT OR IGNORE INTO meta(key, value) VALUES ('revision_id', lower(hex(randomblob(16))));
    CREATE TABLE merged_revisions (
        revision_id TEXT PRIMARY KEY,  -- the merged project's revision_id at the time
        project_id  TEXT NOT NULL,
        revision    INTEGER NOT NULL,
        merged      TEXT NOT NULL
    );
    """,
    # 5: no two analysts of a project share a name (earlier imports could make two "Ana"s).
    lambda db: _unique_annotator_names(db),
]

SCHEMA_VERSION = len(MIGRATIONS)
