"""Claims in the project file: the frame of a Claim span (speakers, issues, stance,
category, note), the codebook's claim categories, and default speakers.

A frame belongs to its Claim span's layer: its analyst is the span's analyst, and a span
has at most one frame. Its speakers and issues are spans of that same document and layer,
or registry entries. A frame's id is a uuid, the same in every project.

Frames and their references point at spans by id with no foreign key (schema migration 4),
so deleting a span leaves them waiting and undoing the delete (same id) brings them back
exactly. Every read joins them to `annotations` and so ignores what a deleted span holds:
a frame whose Claim span is gone is not read, and a reference to a gone span is left out.
The per-document read is one hand-written query (the window opens 5,000 claims with a
document, bench/run.py); the small writes go through sqlite-utils inside `_write()`.
"""

from __future__ import annotations

import gc
import sqlite3
import uuid
from contextlib import contextmanager
from typing import Iterable, Iterator, Sequence

from annotator.model import (
    ACTOR,
    ISSUE,
    ISSUE_ROLE,
    SPEAKER,
    STANCES,
    ClaimCategory,
    ClaimFrame,
    DefaultSpeaker,
    EntityUsage,
    Ref,
    Span,
)
from annotator.store.annotators import AnnotatorOps
from annotator.store.core import now
from annotator.store.registry import FINAL_ENTITIES, RegistryOps

# A frame and its references, one row per reference (or one row for a frame with none),
# unordered: SQLite need not sort 10,000 wide rows, Python orders 5,000 frames (`_frames`).
_CLAIM_SELECT = """
    SELECT c.pk, c.id, c.annotation_id, c.annotator_id, c.stance, c.category, c.note, c.created,
           c.updated, c.document_id, a.start, a.end,
           r.role, r.position, r.annotation_id, r.entity_id, r.entity_id IS NOT NULL OR rl.deleted = 0
    FROM claims c
    JOIN annotations a ON a.id = c.annotation_id
    JOIN labels l ON l.id = a.label_id AND l.deleted = 0
    LEFT JOIN claim_refs r ON r.claim_pk = c.pk
    LEFT JOIN annotations ra ON ra.id = r.annotation_id
    LEFT JOIN labels rl ON rl.id = ra.label_id
"""
_WHOLE_DOCUMENT = (-1, -1)


class ClaimOps(RegistryOps, AnnotatorOps):
    """Claim frames, claim categories and default speakers: built on the registry (and so on
    spans, whose layers frames live in) and analysts."""

    # -- reading frames ------------------------------------------------------------------

    def claims(self, document_id: int, annotator_ids: Iterable[str] | None = None) -> list[ClaimFrame]:
        """The document's frames in the order of their Claim spans (optionally some layers
        only), in one query; references to merged entries read as their final entry."""
        sql = _CLAIM_SELECT + " WHERE c.document_id = ?"
        params: list[object] = [document_id]
        if annotator_ids is not None:
            ids = list(annotator_ids)
            sql += f" AND c.annotator_id IN ({','.join('?' * len(ids))})"
            params += ids
        return self._frames(self._conn.execute(sql, params))

    def claim(self, claim_id: str) -> ClaimFrame:
        """One frame by id; KeyError if there is none (or its Claim span is deleted)."""
        frames = self._frames(self._conn.execute(_CLAIM_SELECT + " WHERE c.id = ?", (claim_id,)))
        if not frames:
            raise KeyError(f"no claim {claim_id}")
        return frames[0]

    def claim_for_span(self, span_id: int) -> ClaimFrame | None:
        """The frame of this Claim span, if it has one."""
        frames = self._frames(self._conn.execute(_CLAIM_SELECT + " WHERE c.annotation_id = ?", (span_id,)))
        return frames[0] if frames else None

    def has_claims(self, annotator_ids: Iterable[str]) -> bool:
        """Do these layers hold any claim frame? (What decides whether agreement has a Claims
        section: one indexed probe, so a project without claims pays nothing.)"""
        ids = list(annotator_ids)
        return bool(ids) and self._conn.execute(
            f"SELECT EXISTS (SELECT 1 FROM claims WHERE annotator_id IN ({','.join('?' * len(ids))}))",
            ids).fetchone()[0] == 1

    def span_is_in_claims(self, span_id: int) -> bool:
        """The span is a Claim span with a frame, or a speaker or issue of one (deleted or not):
        what tells the window whether deleting or restoring it changes a claim."""
        return self._conn.execute(
            "SELECT EXISTS (SELECT 1 FROM claims WHERE annotation_id = ?) "
            "OR EXISTS (SELECT 1 FROM claim_refs WHERE annotation_id = ?)",
            (span_id, span_id)).fetchone()[0] == 1

    def _frames(self, rows: Iterable[tuple]) -> list[ClaimFrame]:
        """Frames from `_CLAIM_SELECT`'s rows, in the order of their Claim spans (start, longer
        first); written for speed: a document's 5,000 frames are read when it opens."""
        with _collector_paused():
            return self._build_frames(rows)

    def _build_frames(self, rows: Iterable[tuple]) -> list[ClaimFrame]:
        rows = list(rows)
        frames = self._grouped_frames(rows)
        if frames is None:                     # references came out of their stored order
            rows.sort(key=lambda r: (r[0], r[12] or "", -1 if r[13] is None else r[13]))
            frames = self._grouped_frames(rows)
        return frames

    def _grouped_frames(self, rows: list[tuple]) -> list[ClaimFrame] | None:
        """The frames, if each frame's rows come together with its references in their stored
        order (as SQLite's nested loop over claim_refs' primary key gives them), else None."""
        final = self._final_ids().get
        heads: dict[int, tuple] = {}
        refs: dict[int, tuple[list, list]] = {}
        previous = (None, None, -1)
        for row in rows:
            pk, role, position = row[0], row[12], row[13]
            if pk != previous[0]:
                if pk in heads:
                    return None
                heads[pk] = row
                found = refs[pk] = ([], [])
            elif role == previous[1] and position <= previous[2]:
                return None
            previous = (pk, role, position)
            if role is None or not row[16]:
                continue                       # no references, or one to a span that is gone
            entity_id = row[15]
            found[role != SPEAKER].append(
                Ref(row[14], None) if entity_id is None else Ref(None, final(entity_id, entity_id)))
        frames = []
        append = frames.append
        for pk in sorted(heads, key=lambda pk: (heads[pk][10], -heads[pk][11], heads[pk][1])):
            row = heads[pk]
            speakers, issues = refs[pk]
            append(ClaimFrame(row[1], row[2], row[3], tuple(speakers), tuple(issues), row[4], row[5],
                              row[6], row[9], row[7], row[8]))
        return frames

    # -- writing frames ------------------------------------------------------------------

    def create_claim(self, span_id: int, *, speakers: Sequence[Ref] = (), issues: Sequence[Ref] = (),
                     stance: str = "", category: str = "", note: str = "",
                     claim_id: str | None = None) -> ClaimFrame:
        """Gives a Claim span its frame, in the span's layer; a span that has one already is
        refused (ValueError). An empty frame is allowed: the claim is then incomplete."""
        span = self.span(span_id)
        claim_id = claim_id or str(uuid.uuid4())
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM claims WHERE annotation_id = ?", (span_id,)).fetchone():
                raise ValueError("this Claim span already has a frame")
            speakers, issues = self._checked_frame(conn, span, speakers, issues, stance, category)
            stamp = now()
            pk = self.db["claims"].insert(
                {"id": claim_id, "annotation_id": span_id, "document_id": span.document_id,
                 "annotator_id": span.annotator_id, "stance": stance, "category": category,
                 "note": note, "created": stamp, "updated": stamp}).last_pk
            store_refs(conn, pk, speakers, issues)
        return self.claim(claim_id)

    def update_claim(self, claim_id: str, *, speakers: Sequence[Ref] | None = None,
                     issues: Sequence[Ref] | None = None, stance: str | None = None,
                     category: str | None = None, note: str | None = None) -> ClaimFrame:
        """Changes the fields given and keeps the rest; one committed transaction."""
        frame = self.claim(claim_id)
        span = self.span(frame.span_id)
        new_speakers = frame.speakers if speakers is None else speakers
        new_issues = frame.issues if issues is None else issues
        with self._write() as conn:
            new_speakers, new_issues = self._checked_frame(
                conn, span, new_speakers, new_issues, frame.stance if stance is None else stance,
                frame.category if category is None else category)
            changes = {key: value for key, value in
                       (("stance", stance), ("category", category), ("note", note)) if value is not None}
            pk = conn.execute("SELECT pk FROM claims WHERE id = ?", (claim_id,)).fetchone()[0]
            self.db["claims"].update(pk, {**changes, "updated": now()})
            if speakers is not None or issues is not None:
                store_refs(conn, pk, new_speakers, new_issues)
        return self.claim(claim_id)

    def delete_claim(self, claim_id: str) -> ClaimFrame:
        """Removes a frame (its Claim span stays) and returns it as it was, for `restore_claim`."""
        frame = self.claim(claim_id)
        with self._write() as conn:
            conn.execute("DELETE FROM claims WHERE id = ?", (claim_id,))
        return frame

    def restore_claim(self, frame: ClaimFrame) -> ClaimFrame:
        """Puts a frame back as it was (same id, references and times): undo of a delete, redo
        of a create. Already back, it is returned as it is."""
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM claims WHERE id = ?", (frame.id,)).fetchone() is None:
                span = self.span(frame.span_id)
                if conn.execute("SELECT 1 FROM claims WHERE annotation_id = ?", (frame.span_id,)).fetchone():
                    raise ValueError("this Claim span has another frame now")
                self._insert_claim_row(conn, frame, span)
        return self.claim(frame.id)

    def _insert_claim_row(self, conn: sqlite3.Connection, frame: ClaimFrame, span: Span) -> None:
        stamp = now()
        pk = conn.execute(
            """INSERT INTO claims(id, annotation_id, document_id, annotator_id, stance, category, note,
                                  created, updated) VALUES (?,?,?,?,?,?,?,?,?)""",
            (frame.id, span.id, span.document_id, span.annotator_id, frame.stance, frame.category,
             frame.note, frame.created or stamp, frame.updated or stamp)).lastrowid
        store_refs(conn, pk, frame.speakers, frame.issues)

    def _checked_frame(self, conn: sqlite3.Connection, span: Span, speakers: Sequence[Ref],
                       issues: Sequence[Ref], stance: str, category: str) -> tuple[list[Ref], list[Ref]]:
        """The references without repeats, after checking them all (ValueError names the first
        fault): spans of the claim's document and layer, entries of the right kind."""
        if stance not in STANCES:
            raise ValueError(f"a stance is support, oppose, neutral or unknown (''), not {stance!r}")
        if category and conn.execute("SELECT 1 FROM claim_categories WHERE code = ?",
                                     (category,)).fetchone() is None:
            raise ValueError(f"no claim category {category!r} in the codebook")
        checked = []
        for role, kind, refs in ((SPEAKER, ACTOR, speakers), (ISSUE_ROLE, ISSUE, issues)):
            unique = list(dict.fromkeys(refs))
            for ref in unique:
                if (ref.span_id is None) == (ref.entity_id is None):
                    raise ValueError(f"a {role} is a span or a registry entry, not both or neither")
                if ref.span_id is not None:
                    row = conn.execute("SELECT document_id, annotator_id FROM annotations WHERE id = ?",
                                       (ref.span_id,)).fetchone()
                    if row is None or row[0] != span.document_id or row[1] != span.annotator_id:
                        raise ValueError(f"a {role} span must be a span of the claim's own document "
                                         "and layer")
                else:
                    row = conn.execute("SELECT kind FROM entities WHERE id = ?", (ref.entity_id,)).fetchone()
                    if row is None:
                        raise ValueError(f"no registry entry {ref.entity_id}")
                    if row[0] != kind:
                        raise ValueError(f"a {role} entry must be an {kind}, not an {row[0]}")
            checked.append(unique)
        return checked[0], checked[1]

    # -- usage ---------------------------------------------------------------------------

    def entity_usage(self) -> dict[str, EntityUsage]:
        """Entry id → how often it is used (spans linked to it; frames naming it as a speaker or
        an issue, directly or through a linked span), counting for each entry what reads as it.
        Deleted spans and their frames do not count. Unused entries are absent."""
        links = dict(self._conn.execute(
            f"""{FINAL_ENTITIES}
                SELECT f.target, count(*) FROM span_entities s
                JOIN annotations a ON a.id = s.annotation_id
                JOIN final f ON f.id = s.entity_id GROUP BY f.target"""))
        claims = dict(self._conn.execute(
            f"""{FINAL_ENTITIES}
                SELECT f.target, count(DISTINCT r.claim_pk) FROM claim_refs r
                JOIN claims c ON c.pk = r.claim_pk
                JOIN annotations a ON a.id = c.annotation_id
                LEFT JOIN annotations ra ON ra.id = r.annotation_id
                LEFT JOIN span_entities s ON s.annotation_id = ra.id
                JOIN final f ON f.id = coalesce(r.entity_id, s.entity_id)
                GROUP BY f.target"""))
        return {entity_id: EntityUsage(links.get(entity_id, 0), claims.get(entity_id, 0))
                for entity_id in sorted(links.keys() | claims.keys())}

    # -- claim categories (the codebook's) ------------------------------------------------

    def claim_categories(self) -> list[ClaimCategory]:
        """The codebook's claim categories in their order; `parent_code` makes the tree."""
        return [ClaimCategory(*row) for row in self._conn.execute(
            "SELECT code, name, parent_code FROM claim_categories ORDER BY position, code")]

    def add_claim_category(self, code: str, name: str = "", parent_code: str = "") -> ClaimCategory:
        code = code.strip()
        if not code:
            raise ValueError("a claim category needs a code")
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM claim_categories WHERE code = ?", (code,)).fetchone():
                raise ValueError(f"there is already a claim category {code!r}")
            self._check_category_parent(conn, code, parent_code)
            position = conn.execute("SELECT coalesce(max(position), -1) + 1 FROM claim_categories").fetchone()[0]
            self.db["claim_categories"].insert({"code": code, "name": name.strip(),
                                                "parent_code": parent_code, "position": position})
        return ClaimCategory(code, name.strip(), parent_code)

    def update_claim_category(self, code: str, *, name: str | None = None,
                              parent_code: str | None = None) -> ClaimCategory:
        """Renames a category or moves it in the tree; its code, which claims store, stays."""
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM claim_categories WHERE code = ?", (code,)).fetchone() is None:
                raise ValueError(f"no claim category {code!r}")
            changes: dict[str, str] = {}
            if name is not None:
                changes["name"] = name.strip()
            if parent_code is not None:
                self._check_category_parent(conn, code, parent_code)
                changes["parent_code"] = parent_code
            if changes:
                self.db["claim_categories"].update(code, changes)
        return next(c for c in self.claim_categories() if c.code == code)

    @staticmethod
    def _check_category_parent(conn: sqlite3.Connection, code: str, parent_code: str) -> None:
        parents = dict(conn.execute("SELECT code, parent_code FROM claim_categories"))
        if parent_code and parent_code not in parents:
            raise ValueError(f"no claim category {parent_code!r} to put {code!r} under")
        step, seen = parent_code, set()
        while step and step not in seen:
            if step == code:
                raise ValueError(f"claim category {code!r} cannot sit under itself")
            seen.add(step)
            step = parents.get(step, "")

    # -- default speakers ----------------------------------------------------------------

    def default_speakers(self, document_id: int) -> list[DefaultSpeaker]:
        """The document's default speaker (passage None) first, then its passages' in text
        order; entries merged since read as their final entry."""
        finals = self._final_ids()
        rows = self._conn.execute("SELECT start, end, entity_id FROM default_speakers "
                                  "WHERE document_id = ? ORDER BY start, end", (document_id,))
        return [DefaultSpeaker(document_id, finals.get(entity_id, entity_id),
                               None if (start, end) == _WHOLE_DOCUMENT else (start, end))
                for start, end, entity_id in rows]

    def default_speaker_at(self, document_id: int, position: int) -> str | None:
        """The id of the speaker a new claim at `position` gets: that of the narrowest passage
        containing it, else the document's, else None."""
        inside = [d for d in self.default_speakers(document_id)
                  if d.passage is None or d.passage[0] <= position < d.passage[1]]
        if not inside:
            return None
        narrowest = min(inside, key=lambda d: (1, 0) if d.passage is None else (0, d.passage[1] - d.passage[0]))
        return narrowest.entity_id

    def set_default_speaker(self, document_id: int, entity_id: str,
                            passage: tuple[int, int] | None = None) -> DefaultSpeaker | None:
        """Sets the default speaker of a document (or of the passage [start, end) of it, in
        code points); returns the one it replaces (None), for undo."""
        start, end = self._passage_key(document_id, passage)
        previous = self._default_speaker_row(document_id, start, end)
        with self._write() as conn:
            row = conn.execute("SELECT kind FROM entities WHERE id = ?", (entity_id,)).fetchone()
            if row is None or row[0] != ACTOR:
                raise ValueError("a default speaker is an actor of the registry")
            conn.execute("INSERT OR REPLACE INTO default_speakers(document_id, start, end, entity_id) "
                         "VALUES (?,?,?,?)", (document_id, start, end, entity_id))
        return previous

    def clear_default_speaker(self, document_id: int,
                              passage: tuple[int, int] | None = None) -> DefaultSpeaker | None:
        """Removes the default speaker of a document (or passage); returns it (None), for undo."""
        start, end = self._passage_key(document_id, passage)
        previous = self._default_speaker_row(document_id, start, end)
        if previous is not None:
            with self._write() as conn:
                conn.execute("DELETE FROM default_speakers WHERE document_id = ? AND start = ? AND end = ?",
                             (document_id, start, end))
        return previous

    def _passage_key(self, document_id: int, passage: tuple[int, int] | None) -> tuple[int, int]:
        if passage is None:
            return _WHOLE_DOCUMENT
        length = self._conn.execute("SELECT length FROM documents WHERE id = ?", (document_id,)).fetchone()
        start, end = passage
        if length is None or not 0 <= start < end <= length[0]:
            raise ValueError(f"passage {start}..{end} is outside document {document_id}")
        return start, end

    def _default_speaker_row(self, document_id: int, start: int, end: int) -> DefaultSpeaker | None:
        row = self._conn.execute("SELECT entity_id FROM default_speakers WHERE document_id = ? "
                                 "AND start = ? AND end = ?", (document_id, start, end)).fetchone()
        if row is None:
            return None
        return DefaultSpeaker(document_id, row[0], None if (start, end) == _WHOLE_DOCUMENT else (start, end))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Builds many small objects without Python's cyclic garbage collector running over the
    whole process meanwhile: in the window (a heap of ~10^5 objects), the collections that
    20,000 new objects set off cost more than building them (measured: bench/run.py --only
    claims, median 147 ms with the collector, 61 ms without). Nothing built here forms cycles."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def store_refs(conn: sqlite3.Connection, claim_pk: int, speakers: Sequence[Ref], issues: Sequence[Ref]) -> None:
    conn.execute("DELETE FROM claim_refs WHERE claim_pk = ?", (claim_pk,))
    conn.executemany(
        "INSERT INTO claim_refs(claim_pk, role, position, annotation_id, entity_id) VALUES (?,?,?,?,?)",
        [(claim_pk, role, position, ref.span_id, ref.entity_id)
         for role, refs in ((SPEAKER, speakers), (ISSUE_ROLE, issues))
         for position, ref in enumerate(refs)])
