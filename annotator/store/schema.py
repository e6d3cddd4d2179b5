"""The project file's schema, as numbered migrations. Only `annotator.store` runs these.

A migration is appended, never edited: a project file records the number of the
last one applied, so an older file is brought forward step by step. A migration is
SQL, or a function of a `sqlite_utils.Database` for changes sqlite-utils states
better than SQL (adding a column with its default).
"""

from __future__ import annotations

from contextvars import ContextVar
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

migration_progress: ContextVar[Callable[[str, int, int], None] | None] = ContextVar(
    "migration_progress", default=None)
"""Who hears how a long migration is getting on: (what, done, total). Set by the CLI (a line
on a terminal) and the window (a progress dialog); a migration of few rows says nothing."""

SEARCH_INDEX_BATCH = 2_000   # documents per step of building the index (each step reports)


def _build_search_index(db: Database) -> None:
    """columnsize=0: no per-row token counts (bm25 ranking would want them; hits come in
    document order), 7% less work per imported document."""
    db.execute("""CREATE VIRTUAL TABLE documents_fts USING fts5(
                      title, text, content='documents', content_rowid='id',
                      tokenize='unicode61 remove_diacritics 2', columnsize=0)""")
    ids = [row[0] for row in db.execute("SELECT id FROM documents ORDER BY id")]
    report = migration_progress.get() if len(ids) > SEARCH_INDEX_BATCH else None
    for done in range(0, len(ids), SEARCH_INDEX_BATCH):
        batch = ids[done:done + SEARCH_INDEX_BATCH]
        db.execute("""INSERT INTO documents_fts(rowid, title, text) SELECT id, title, text
                      FROM documents WHERE id BETWEEN ? AND ?""", [batch[0], batch[-1]])
        if report is not None:
            report("Building the search index", done + len(batch), len(ids))


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
    # 6: claims: the registry of actors and issues, span links to it, claim frames, claim
    # categories, default speakers. Rows that refer to a span (annotation_id) have no foreign
    # key to it on purpose: span ids are never reused and undoing a delete restores the same
    # id, so these rows simply wait while their span is deleted and come back with it. Reads
    # join them to `annotations` and so ignore the rows of spans that are gone.
    """
    CREATE TABLE entities (
        id          TEXT PRIMARY KEY,              -- a uuid, the same in every project
        kind        TEXT NOT NULL CHECK (kind IN ('actor', 'issue')),
        name        TEXT NOT NULL,
        folded      TEXT NOT NULL,                 -- model.fold_name(name), for lookups
        external_id TEXT NOT NULL DEFAULT '',      -- a Wikidata QID, say
        parent_id   TEXT REFERENCES entities(id) DEFERRABLE INITIALLY DEFERRED,  -- actors only:
                                                   -- party, government, organisation
        retired     INTEGER NOT NULL DEFAULT 0,    -- nothing is destroyed, only retired
        merged_into TEXT REFERENCES entities(id) DEFERRABLE INITIALLY DEFERRED,  -- retired by
                                                   -- a merge: references to it read as this
        created     TEXT NOT NULL,
        updated     TEXT NOT NULL
    );
    CREATE INDEX entities_folded ON entities(folded);
    CREATE TABLE entity_aliases (
        entity_id TEXT NOT NULL REFERENCES entities(id),
        position  INTEGER NOT NULL,
        alias     TEXT NOT NULL,
        folded    TEXT NOT NULL,
        PRIMARY KEY (entity_id, position)
    ) WITHOUT ROWID;
    CREATE INDEX entity_aliases_folded ON entity_aliases(folded);
    CREATE TABLE span_entities (
        annotation_id INTEGER PRIMARY KEY,         -- a span links to one entry at most
        document_id   INTEGER NOT NULL REFERENCES documents(id),  -- the span's: read per document
        entity_id     TEXT NOT NULL REFERENCES entities(id)
    );
    CREATE INDEX span_entities_document ON span_entities(document_id);
    CREATE INDEX span_entities_entity ON span_entities(entity_id);
    CREATE TABLE claim_categories (
        code        TEXT PRIMARY KEY,              -- "1011": the identity, stored on claims
        name        TEXT NOT NULL DEFAULT '',
        parent_code TEXT NOT NULL DEFAULT '',      -- "101", or '' at the top
        position    INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE claims (
        pk            INTEGER PRIMARY KEY,         -- this file's own key: claim_refs join on it
        id            TEXT NOT NULL UNIQUE,        -- a uuid, the same in every project
        annotation_id INTEGER NOT NULL UNIQUE,     -- the Claim span: one frame per span
        document_id   INTEGER NOT NULL REFERENCES documents(id),  -- the span's: read per document
        annotator_id  TEXT NOT NULL REFERENCES annotators(id),  -- the Claim span's analyst
        stance        TEXT NOT NULL DEFAULT ''
                      CHECK (stance IN ('support', 'oppose', 'neutral', '')),  -- '' unknown
        category      TEXT NOT NULL DEFAULT '',    -- a claim_categories code, or ''
        note          TEXT NOT NULL DEFAULT '',
        created       TEXT NOT NULL,
        updated       TEXT NOT NULL
    );
    CREATE INDEX claims_document ON claims(document_id);
    CREATE TABLE claim_refs (
        claim_pk      INTEGER NOT NULL REFERENCES claims(pk) ON DELETE CASCADE,
        role          TEXT NOT NULL CHECK (role IN ('speaker', 'issue')),
        position      INTEGER NOT NULL,
        annotation_id INTEGER,                     -- a span of the claim's layer, or
        entity_id     TEXT REFERENCES entities(id),  -- a registry entry
        CHECK ((annotation_id IS NULL) != (entity_id IS NULL)),
        PRIMARY KEY (claim_pk, role, position)
    ) WITHOUT ROWID;
    CREATE INDEX claim_refs_span ON claim_refs(annotation_id);
    CREATE INDEX claim_refs_entity ON claim_refs(entity_id);
    CREATE TABLE default_speakers (
        document_id INTEGER NOT NULL REFERENCES documents(id),
        start       INTEGER NOT NULL,              -- the passage [start, end) in code points,
        end         INTEGER NOT NULL,              -- -1, -1 for the whole document
        entity_id   TEXT NOT NULL REFERENCES entities(id),
        PRIMARY KEY (document_id, start, end)
    ) WITHOUT ROWID;
    """,
    # 7: the search index over titles and texts (see store/search.py): external content, so
    # the texts are not stored twice; built here for the documents a project already has.
    lambda db: _build_search_index(db),
    # 8: suggestions, a layer of their own (see store/suggestions.py): a place is suggested once
    # per label; each analyst's decision on it is their own (a place Ana rejected is still
    # pending for Ben), and remembered; the codebook's patterns and a pipeline's label mapping
    # that suggestions are made from.
    """
    CREATE TABLE suggestions (
        id          INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        start       INTEGER NOT NULL,              -- code points, end exclusive
        end         INTEGER NOT NULL,
        label       TEXT NOT NULL,                 -- a label's name
        entity_id   TEXT,                          -- the registry entry to link, if any
        source      TEXT NOT NULL,                 -- registry, pattern, model:NAME
        created     TEXT NOT NULL,
        CHECK (start >= 0 AND end > start),
        UNIQUE (document_id, start, end, label)     -- also: a document's, in text order
    );
    CREATE TABLE suggestion_decisions (             -- none: pending for that analyst
        suggestion_id INTEGER NOT NULL REFERENCES suggestions(id),
        annotator_id  TEXT NOT NULL REFERENCES annotators(id),
        status        TEXT NOT NULL CHECK (status IN ('accepted', 'rejected')),
        PRIMARY KEY (suggestion_id, annotator_id)
    ) WITHOUT ROWID;
    CREATE INDEX suggestion_decisions_annotator ON suggestion_decisions(annotator_id, status);
    CREATE TABLE suggest_patterns (
        position  INTEGER PRIMARY KEY,
        label     TEXT NOT NULL,
        kind      TEXT NOT NULL CHECK (kind IN ('regex', 'tokens', 'phrase')),
        pattern   TEXT NOT NULL,
        entity_id TEXT
    );
    CREATE TABLE model_labels (
        model_label TEXT PRIMARY KEY,              -- a pipeline's label: PERSON, GPE …
        label       TEXT NOT NULL                  -- ours: Actor
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
