"""Analysts in the project file. An analyst's id is stable across projects (a uuid, or
"gold" for the reviewed layer); the name is what they typed and may change, and no two
analysts of one project share a name (the `annotators_name` unique index; "gold" is the
reviewed layer's). Imports and merges match analysts by id first, then by name."""

from __future__ import annotations

import sqlite3
import uuid
from typing import Iterable

from annotator.errors import AnnotatorError
from annotator.model import GOLD_ANNOTATOR_ID, GOLD_ANNOTATOR_NAME, Annotator, first_free_name
from annotator.store.core import ProjectCore, now


class AnnotatorOps(ProjectCore):
    """Analysts and the layers a person chooses among them: built on the core alone."""

    def annotators(self) -> list[Annotator]:
        rows = self._conn.execute("SELECT id, name FROM annotators ORDER BY created, name").fetchall()
        return [Annotator(id=r[0], name=r[1]) for r in rows]

    def layer_ids(self, names_or_ids: Iterable[str] = (), *, gold: bool = False,
                  all_but_gold: bool = False) -> list[str] | None:
        """The annotator ids of the layers a person chose: each name or id as typed (an unknown
        one is an `AnnotatorError`), and gold's with `gold`.

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
        """The analyst with this id, created if new; without an id, the analyst of this name.
        Looked up again under the write lock, so two processes never create one twice.

        Names are unique in a project, and the id is who someone is, so:
        - an id known under another name follows the analyst's rename (the window passes the
          name and id from the settings), when `name` is free here; otherwise the old name stays;
        - a new id whose name another analyst has is created as "name (2)" (or the next free).
        The caller compares the name returned with the one asked for, and says so."""
        found = self._find_annotator(self._conn, name, annotator_id)
        if found is not None and found.name == name:
            return found
        with self._write() as conn:
            found = self._find_annotator(conn, name, annotator_id)
            if found is None:
                found = _new_annotator(self._first_free_name(conn, name, annotator_id), annotator_id)
                self.db["annotators"].insert({"id": found.id, "name": found.name, "created": now()})
            elif found.name != name and self._name_holder(conn, name) is None:
                conn.execute("UPDATE annotators SET name = ? WHERE id = ?", (name, found.id))
                found = Annotator(id=found.id, name=name)
        return found

    def gold_annotator(self) -> Annotator:
        """The reviewed layer's owner, created on first use."""
        return self.ensure_annotator(GOLD_ANNOTATOR_NAME, GOLD_ANNOTATOR_ID)

    def rename_annotator(self, annotator_id: str, name: str) -> Annotator:
        """A new display name; the id, and so every span's owner, stays the same. A name
        another analyst of this project has (or "gold", the reviewed layer's) is refused."""
        name = name.strip()
        if not name:
            raise ValueError("an analyst needs a name")
        with self._write() as conn:
            holder = self._name_holder(conn, name)
            if holder is not None and holder != annotator_id:
                raise AnnotatorError(f"“{name}” is already another analyst's name in "
                                     f"{self.path.name}; choose another name")
            if self._find_annotator(conn, name, annotator_id) is not None:  # else nothing to rename
                self.db["annotators"].update(annotator_id, {"name": name})
        return Annotator(id=annotator_id, name=name)

    @staticmethod
    def _find_annotator(conn: sqlite3.Connection, name: str, annotator_id: str | None) -> Annotator | None:
        if annotator_id is None:
            row = conn.execute("SELECT id, name FROM annotators WHERE name = ?", (name,)).fetchone()
        else:
            row = conn.execute("SELECT id, name FROM annotators WHERE id = ?", (annotator_id,)).fetchone()
        return Annotator(id=row[0], name=row[1]) if row else None

    @staticmethod
    def _name_holder(conn: sqlite3.Connection, name: str) -> str | None:
        """The id of the analyst called `name` here; "gold" always belongs to the gold layer."""
        if name == GOLD_ANNOTATOR_NAME:
            return GOLD_ANNOTATOR_ID
        row = conn.execute("SELECT id FROM annotators WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def _first_free_name(self, conn: sqlite3.Connection, name: str, annotator_id: str | None) -> str:
        """`name` if no other analyst has it, else "name (2)" or the next free one."""
        wanted_id = annotator_id or (GOLD_ANNOTATOR_ID if name == GOLD_ANNOTATOR_NAME else None)
        return first_free_name(name, lambda candidate: self._name_holder(conn, candidate)
                               not in (None, wanted_id))

    def _bring_in_annotator(self, conn: sqlite3.Connection, name: str, annotator_id: str,
                            source: str, notes: list[str]) -> str:
        """The id here of an analyst named in an import or a merge (plain SQL, as on the rest
        of those paths), added if new. A known id keeps the name it has here. A name alone
        joins the analyst of that name. A new id whose name another analyst has here is a
        different person: they come in as "name (2)", and `notes` says so."""
        if annotator_id:
            if self._find_annotator(conn, name, annotator_id) is not None:
                return annotator_id
        else:
            holder = self._name_holder(conn, name)
            if holder is not None:
                if holder == GOLD_ANNOTATOR_ID and self._find_annotator(conn, name, holder) is None:
                    self._insert_annotator(conn, name, holder)
                return holder
        free = self._first_free_name(conn, name, annotator_id or None)
        annotator = self._insert_annotator(conn, free, annotator_id or None)
        if free != name:
            notes.append(f"{source}: analyst “{name}” (id {annotator_id}) is not this project's "
                         f"“{name}” (another id); their spans are kept as “{free}”")
        return annotator.id

    @staticmethod
    def _insert_annotator(conn: sqlite3.Connection, name: str, annotator_id: str | None = None) -> Annotator:
        """An analyst first met in an import or a merge: plain SQL, as on the rest of those paths."""
        annotator = _new_annotator(name, annotator_id)
        conn.execute("INSERT INTO annotators(id, name, created) VALUES (?,?,?)",
                     (annotator.id, annotator.name, now()))
        return annotator


def _new_annotator(name: str, annotator_id: str | None) -> Annotator:
    """A new analyst: the id given, else gold's for the gold layer, else a fresh uuid."""
    return Annotator(id=annotator_id or (GOLD_ANNOTATOR_ID if name == GOLD_ANNOTATOR_NAME
                                         else str(uuid.uuid4())), name=name)
