"""Analysts in the project file. An analyst's id is stable across projects (a uuid, or
"gold" for the reviewed layer); the name is only what they typed and may change."""

from __future__ import annotations

import sqlite3
import uuid
from typing import Iterable

from annotator.errors import AnnotatorError
from annotator.model import GOLD_ANNOTATOR_ID, GOLD_ANNOTATOR_NAME, Annotator
from annotator.store.core import ProjectCore, now


class AnnotatorOps(ProjectCore):
    """Analysts and the layers a person chooses among them: built on the core alone."""

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
                found = _new_annotator(name, annotator_id)
                self.db["annotators"].insert({"id": found.id, "name": found.name, "created": now()})
        return found

    def gold_annotator(self) -> Annotator:
        """The reviewed layer's owner, created on first use."""
        return self.ensure_annotator(GOLD_ANNOTATOR_NAME, GOLD_ANNOTATOR_ID)

    def rename_annotator(self, annotator_id: str, name: str) -> Annotator:
        """A new display name; the id, and so every span's owner, stays the same."""
        if not name.strip():
            raise ValueError("an analyst needs a name")
        with self._write() as conn:
            if self._find_annotator(conn, name, annotator_id) is not None:  # else nothing to rename
                self.db["annotators"].update(annotator_id, {"name": name.strip()})
        return Annotator(id=annotator_id, name=name.strip())

    @staticmethod
    def _find_annotator(conn: sqlite3.Connection, name: str, annotator_id: str | None) -> Annotator | None:
        if annotator_id is None:
            row = conn.execute("SELECT id, name FROM annotators WHERE name = ? ORDER BY created",
                               (name,)).fetchone()
        else:
            row = conn.execute("SELECT id, name FROM annotators WHERE id = ?", (annotator_id,)).fetchone()
        return Annotator(id=row[0], name=row[1]) if row else None

    @staticmethod
    def _insert_annotator(conn: sqlite3.Connection, name: str, annotator_id: str | None = None) -> Annotator:
        """An analyst first met in an import or a merge: plain SQL, as on the rest of those paths."""
        annotator = _new_annotator(name, annotator_id)
        conn.execute("INSERT INTO annotators(id, name, created) VALUES (?,?,?)",
                     (annotator.id, annotator.name, now()))
        return annotator

    def _annotator_ids_by_name(self) -> dict[str, str]:
        """Name → id; where two annotators share a name, the earlier one wins."""
        rows = self._conn.execute("SELECT id, name FROM annotators ORDER BY created DESC").fetchall()
        return {name: annotator_id for annotator_id, name in rows}


def _new_annotator(name: str, annotator_id: str | None) -> Annotator:
    """A new analyst: the id given, else gold's for the gold layer, else a fresh uuid."""
    return Annotator(id=annotator_id or (GOLD_ANNOTATOR_ID if name == GOLD_ANNOTATOR_NAME
                                         else str(uuid.uuid4())), name=name)
