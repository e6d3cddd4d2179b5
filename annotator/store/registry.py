"""The registry of actors and issues in the project file, and the links of spans to it.

An entry's id is a uuid, the same in every project, so colleagues' registries merge as a
plain union. Everything that uses an entry (links, claim frames, default speakers) refers
to it by id: renaming it recodes them all at once. Nothing is ever destroyed: an entry is
retired, or merged into another (retired with `merged_into` set), and every reference to a
merged entry reads as the entry it was merged into, following chains (A into B, B into C).
Unmerging clears `merged_into` and so restores every reading exactly; that is also why
the merged entry's names are not copied onto the target but read through (`merged_names`).

Canonical names are unique among the live entries of a kind, compared by
`model.fold_name` (what lookups and auto-linking compare), so a name in a file (JSONL's
`"entity"`) finds exactly one entry. A link from a span is one row keyed by the span's id,
with no foreign key to it: see schema migration 4 and `links`.
"""

from __future__ import annotations

import sqlite3
import uuid
from typing import Iterable

from annotator.model import ACTOR, ENTITY_KINDS, Entity, fold_name
from annotator.store.core import now
from annotator.store.spans import SpanOps

KEEP = object()
"""`update_entity(parent_id=KEEP)`: leave the parent as it is (None removes it)."""

_ENTITY_COLUMNS = "id, kind, name, external_id, parent_id, retired, merged_into"

# Each entry with the entry it reads as: itself, or the end of its chain of merges.
FINAL_ENTITIES = """
    WITH RECURSIVE final(id, target) AS (
        SELECT id, id FROM entities WHERE merged_into IS NULL
        UNION ALL
        SELECT e.id, f.target FROM entities e JOIN final f ON e.merged_into = f.id)
"""


class RegistryOps(SpanOps):
    """Registry entries and span links: built on spans (a link is from a span)."""

    # -- reading -------------------------------------------------------------------------

    def entities(self, kind: str | None = None, *, include_retired: bool = False) -> list[Entity]:
        """The registry by canonical name (case-insensitively): live entries, or with
        `include_retired` every entry ever made (merged ones too), as a codebook holds them."""
        rows = self._conn.execute(
            f"SELECT {_ENTITY_COLUMNS} FROM entities ORDER BY folded, name, id").fetchall()
        aliases: dict[str, list[str]] = {}
        for entity_id, alias in self._conn.execute(
                "SELECT entity_id, alias FROM entity_aliases ORDER BY entity_id, position"):
            aliases.setdefault(entity_id, []).append(alias)
        merged = {row[0]: row[6] for row in rows if row[6] is not None}
        absorbed: dict[str, list[str]] = {}
        for row in rows:
            if row[0] in merged:
                absorbed.setdefault(_final(row[0], merged), []).extend([row[2], *aliases.get(row[0], ())])
        found = [_entity_from_row(row, aliases.get(row[0], ()), absorbed.get(row[0], ())) for row in rows]
        return [e for e in found if (kind is None or e.kind == kind) and (include_retired or not e.retired)]

    def entity(self, entity_id: str) -> Entity:
        """The entry with this id as stored (retired or merged ones too); KeyError if none."""
        for entity in self.entities(include_retired=True):
            if entity.id == entity_id:
                return entity
        raise KeyError(f"no registry entry {entity_id}")

    def resolve_entity(self, entity_id: str) -> Entity:
        """The entry this id reads as: itself, or the entry it was (finally) merged into."""
        return self.entity(_final(entity_id, self._merged_map(self._conn)))

    def lookup_entities(self, name: str, kind: str | None = None) -> list[Entity]:
        """Live entries answering to `name` (compared by `fold_name`: case, width and spacing
        do not matter): by canonical name first, then by alias or by the name or an alias of
        an entry merged into them. What auto-linking and a file's `"entity"` use."""
        ids = self._lookup_entity_ids(name, kind)
        if not ids:
            return []
        live = {e.id: e for e in self.entities(kind)}
        return [live[i] for i in ids]

    def _lookup_entity_ids(self, name: str, kind: str | None) -> list[str]:
        """`lookup_entities`' answer as ids, without reading the whole registry."""
        folded = fold_name(name)
        hits = self._conn.execute(
            """SELECT id, 0 FROM entities WHERE folded = ?
               UNION ALL SELECT entity_id, 1 FROM entity_aliases WHERE folded = ?""",
            (folded, folded)).fetchall() if folded else []
        if not hits:
            return []
        merged = self._merged_map(self._conn)
        ranked: dict[str, int] = {}
        for entity_id, via_alias in hits:
            final = _final(entity_id, merged)
            rank = 0 if (final == entity_id and not via_alias) else 1
            ranked[final] = min(rank, ranked.get(final, rank))
        marks = ",".join("?" * len(ranked))
        rows = self._conn.execute(
            f"SELECT id, folded FROM entities WHERE id IN ({marks}) AND retired = 0 "
            "AND (? IS NULL OR kind = ?)", [*ranked, kind, kind]).fetchall()
        return [entity_id for entity_id, folded in sorted(rows, key=lambda row: (ranked[row[0]], row[1], row[0]))]

    @staticmethod
    def _merged_map(conn: sqlite3.Connection) -> dict[str, str]:
        return dict(conn.execute("SELECT id, merged_into FROM entities WHERE merged_into IS NOT NULL"))

    def _final_ids(self) -> dict[str, str]:
        """Entry id → the id it reads as, for the merged entries (others read as themselves)."""
        merged = self._merged_map(self._conn)
        return {entity_id: _final(entity_id, merged) for entity_id in merged}

    # -- writing -------------------------------------------------------------------------

    def add_entity(self, kind: str, name: str, *, aliases: Iterable[str] = (), external_id: str = "",
                   parent_id: str | None = None, entity_id: str | None = None) -> Entity:
        """Adds a live entry (a fresh uuid unless `entity_id` is given). A canonical name that
        a live entry of the same kind already has is refused (ValueError)."""
        _check_kind(kind)
        name = _clean_name(name)
        entity_id = entity_id or str(uuid.uuid4())
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM entities WHERE id = ?", (entity_id,)).fetchone():
                raise ValueError(f"there is already a registry entry {entity_id}")
            self._check_name_free(conn, kind, name, entity_id)
            stamp = now()
            self.db["entities"].insert(
                {"id": entity_id, "kind": kind, "name": name, "folded": fold_name(name),
                 "external_id": external_id.strip(), "parent_id": None, "retired": 0,
                 "merged_into": None, "created": stamp, "updated": stamp})
            if parent_id is not None:
                self._set_parent(conn, entity_id, kind, parent_id)
            self._store_aliases(conn, entity_id, name, aliases)
        return self.entity(entity_id)

    def update_entity(self, entity_id: str, *, name: str | None = None, kind: str | None = None,
                      aliases: Iterable[str] | None = None, external_id: str | None = None,
                      parent_id: object = KEEP) -> Entity:
        """Changes what is given and keeps the rest. Spans and claims refer to the entry by id,
        so a new name recodes all of them. An issue has no parent; a parent is a live actor
        that is neither the entry itself nor below it."""
        current = self.entity(entity_id)
        kind = current.kind if kind is None else kind
        _check_kind(kind)
        new_name = current.name if name is None else _clean_name(name)
        with self._write() as conn:
            changes: dict[str, object] = {}
            if new_name != current.name or kind != current.kind:
                if not current.retired:
                    self._check_name_free(conn, kind, new_name, entity_id)
                changes.update(name=new_name, folded=fold_name(new_name), kind=kind)
            if external_id is not None:
                changes["external_id"] = external_id.strip()
            if changes:
                self.db["entities"].update(entity_id, {**changes, "updated": now()})
            parent = current.parent_id if parent_id is KEEP else parent_id
            if kind != ACTOR and conn.execute("SELECT 1 FROM entities WHERE parent_id = ?",
                                              (entity_id,)).fetchone():
                raise ValueError(f"{new_name!r} is the parent of actors: an issue has none below it")
            if parent_id is not KEEP or kind != current.kind:
                self._set_parent(conn, entity_id, kind, parent)  # type: ignore[arg-type]
            if aliases is not None or name is not None:
                self._store_aliases(conn, entity_id, new_name,
                                    current.aliases if aliases is None else aliases)
        return self.entity(entity_id)

    def rename_entity(self, entity_id: str, name: str) -> Entity:
        return self.update_entity(entity_id, name=name)

    def merge_entities(self, source_id: str, target_id: str) -> Entity:
        """Merges `source` into `target` ("Moscow" into "Russia"): the source is retired with
        `merged_into` = target, and every link, claim reference and default speaker naming it
        reads as the target, which answers to the source's name and aliases too. Returns the
        source as it is now; `unmerge_entity(source_id)` undoes exactly."""
        source, target = self.entity(source_id), self.entity(target_id)
        if source.retired:
            raise ValueError(f"{source.name!r} is retired: restore it before merging it")
        if target.retired:
            raise ValueError(f"{target.name!r} is retired: choose a live entry to merge into")
        if source.kind != target.kind:
            raise ValueError(f"cannot merge the {source.kind} {source.name!r} into the "
                             f"{target.kind} {target.name!r}")
        if source.id == target.id:
            raise ValueError("an entry cannot be merged into itself")
        with self._write() as conn:
            conn.execute("UPDATE entities SET retired = 1, merged_into = ?, updated = ? WHERE id = ?",
                         (target_id, now(), source_id))
        return self.entity(source_id)

    def unmerge_entity(self, source_id: str) -> Entity:
        """Undoes `merge_entities`: the source is live again under its own name, and what
        named it reads as it again. Refused if a live entry has taken its name meanwhile."""
        source = self.entity(source_id)
        if source.merged_into is None:
            return source
        with self._write() as conn:
            self._check_name_free(conn, source.kind, source.name, source_id)
            conn.execute("UPDATE entities SET retired = 0, merged_into = NULL, updated = ? WHERE id = ?",
                         (now(), source_id))
        return self.entity(source_id)

    def retire_entity(self, entity_id: str) -> Entity:
        """Retires an entry: it is offered no more, and what names it keeps naming it."""
        with self._write():
            self.db["entities"].update(entity_id, {"retired": 1, "updated": now()})
        return self.entity(entity_id)

    def restore_entity(self, entity_id: str) -> Entity:
        """Brings a retired entry back (a merged one comes back through `unmerge_entity`)."""
        entity = self.entity(entity_id)
        if entity.merged_into is not None:
            return self.unmerge_entity(entity_id)
        with self._write() as conn:
            self._check_name_free(conn, entity.kind, entity.name, entity_id)
            self.db["entities"].update(entity_id, {"retired": 0, "updated": now()})
        return self.entity(entity_id)

    def _check_name_free(self, conn: sqlite3.Connection, kind: str, name: str, entity_id: str) -> None:
        row = conn.execute(
            "SELECT name FROM entities WHERE folded = ? AND kind = ? AND retired = 0 AND id != ?",
            (fold_name(name), kind, entity_id)).fetchone()
        if row is not None:
            raise ValueError(f"there is already an {kind} {row[0]!r} in the registry")

    def _set_parent(self, conn: sqlite3.Connection, entity_id: str, kind: str, parent_id: str | None) -> None:
        if parent_id is not None:
            if kind != ACTOR:
                raise ValueError("only actors have a parent")
            merged = self._merged_map(conn)
            parent = conn.execute("SELECT kind, retired, merged_into FROM entities WHERE id = ?",
                                  (parent_id,)).fetchone()
            if parent is None:
                raise ValueError(f"no registry entry {parent_id}")
            if parent[0] != ACTOR:
                raise ValueError("a parent is an actor (a party, a government, an organisation)")
            parents = dict(conn.execute("SELECT id, parent_id FROM entities WHERE parent_id IS NOT NULL"))
            step: str | None = parent_id
            seen: set[str] = set()
            while step is not None and step not in seen:   # up the parents, merges followed
                step = _final(step, merged)
                if step == entity_id:
                    raise ValueError("an entry cannot be its own parent, nor the parent of its parent")
                seen.add(step)
                step = parents.get(step)
        conn.execute("UPDATE entities SET parent_id = ? WHERE id = ?", (parent_id, entity_id))

    @staticmethod
    def _store_aliases(conn: sqlite3.Connection, entity_id: str, name: str, aliases: Iterable[str]) -> None:
        """Replaces the entry's own aliases: trimmed, without repeats or its own name (by fold)."""
        seen = {fold_name(name)}
        rows = []
        for alias in aliases:
            alias = " ".join(alias.split())
            folded = fold_name(alias)
            if folded and folded not in seen:
                seen.add(folded)
                rows.append((entity_id, len(rows), alias, folded))
        conn.execute("DELETE FROM entity_aliases WHERE entity_id = ?", (entity_id,))
        conn.executemany("INSERT INTO entity_aliases(entity_id, position, alias, folded) VALUES (?,?,?,?)",
                         rows)

    # -- links of spans to entries --------------------------------------------------------

    def links(self, document_id: int) -> dict[int, str]:
        """Span id → the id of the entry it is linked to (as it reads: merges followed), for
        one document's spans, in one query. Links of deleted spans wait, unread, until the
        span is restored under its old id."""
        rows = self._conn.execute(
            """SELECT s.annotation_id, s.entity_id FROM span_entities s
               JOIN annotations a ON a.id = s.annotation_id
               JOIN labels l ON l.id = a.label_id AND l.deleted = 0
               WHERE s.document_id = ?""", (document_id,)).fetchall()
        if not rows:
            return {}
        finals = self._final_ids()
        return {span_id: finals.get(entity_id, entity_id) for span_id, entity_id in rows}

    def span_entity(self, span_id: int) -> str | None:
        """The id of the entry a span is linked to, as stored (not followed through merges)."""
        row = self._conn.execute("SELECT entity_id FROM span_entities WHERE annotation_id = ?",
                                 (span_id,)).fetchone()
        return row[0] if row else None

    def link_span(self, span_id: int, entity_id: str) -> str | None:
        """Links a span to an entry, replacing its link if it had one; returns the entry it
        was linked to before (None), for undo."""
        span = self.span(span_id)
        previous = self.span_entity(span_id)
        with self._write() as conn:
            if not entry_exists(conn, entity_id):
                raise ValueError(f"no registry entry {entity_id}")
            link_rows(conn, [(span_id, span.document_id, entity_id)])
        return previous

    def unlink_span(self, span_id: int) -> str | None:
        """Removes a span's link; returns the entry it was linked to (None if none), for undo."""
        previous = self.span_entity(span_id)
        if previous is not None:
            with self._write() as conn:
                conn.execute("DELETE FROM span_entities WHERE annotation_id = ?", (span_id,))
        return previous


def entry_exists(conn: sqlite3.Connection, entity_id: str) -> bool:
    return conn.execute("SELECT 1 FROM entities WHERE id = ?", (entity_id,)).fetchone() is not None


def link_rows(conn: sqlite3.Connection, links: Iterable[tuple[int, int, str]]) -> None:
    """Links spans to entries, each replacing the link its span had: (span id, its document
    id, entry id)."""
    conn.executemany("INSERT OR REPLACE INTO span_entities(annotation_id, document_id, entity_id) "
                     "VALUES (?,?,?)", links)


def unlink_rows(conn: sqlite3.Connection, span_ids: Iterable[int]) -> None:
    conn.executemany("DELETE FROM span_entities WHERE annotation_id = ?", [(i,) for i in span_ids])


def _final(entity_id: str, merged: dict[str, str]) -> str:
    """The end of an entry's chain of merges (a cycle, which merging refuses, stops it)."""
    seen = {entity_id}
    while entity_id in merged:
        entity_id = merged[entity_id]
        if entity_id in seen:
            break
        seen.add(entity_id)
    return entity_id


def _entity_from_row(row: tuple, aliases: Iterable[str], merged_names: Iterable[str]) -> Entity:
    return Entity(id=row[0], kind=row[1], name=row[2], external_id=row[3], parent_id=row[4],
                  retired=bool(row[5]), merged_into=row[6], aliases=tuple(aliases),
                  merged_names=tuple(merged_names))


def _check_kind(kind: str) -> None:
    if kind not in ENTITY_KINDS:
        raise ValueError(f"a registry entry is an actor or an issue, not {kind!r}")


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValueError("a registry entry needs a name")
    return cleaned
