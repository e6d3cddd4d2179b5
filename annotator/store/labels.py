"""The codebook in the project file. Spans refer to labels by id, so renaming a label
carries its spans along; deleting one only hides it (and its spans) until restored."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from annotator.model import Label
from annotator.store.core import ProjectCore


class LabelOps(ProjectCore):
    """The codebook: built on the core alone."""

    def labels(self) -> list[Label]:
        """The codebook in its order, without deleted labels."""
        return self._labels_where("deleted = 0")

    def deleted_labels(self) -> list[Label]:
        return self._labels_where("deleted = 1")

    def _labels_where(self, condition: str) -> list[Label]:
        rows = self._conn.execute(
            f"SELECT id, name, color, hotkey, description FROM labels WHERE {condition} "
            "ORDER BY position, id").fetchall()
        return [Label(id=r[0], name=r[1], color=r[2], hotkey=r[3], description=r[4]) for r in rows]

    def _label_id(self, name: str) -> int | None:
        """Id of a label in use (cached; the cache is dropped by every label change)."""
        ids = self._cached.get("label_ids")
        if ids is None:
            ids = self._cached["label_ids"] = dict(self._conn.execute(
                "SELECT name, id FROM labels WHERE deleted = 0").fetchall())
        return ids.get(name)

    def _forget_label_ids(self) -> None:
        self._cached.pop("label_ids", None)

    def _require_label(self, name: str) -> int:
        label_id = self._label_id(name)
        if label_id is None:
            raise ValueError(f"unknown label {name!r}")
        return label_id

    def label_span_count(self, name: str) -> int:
        label_id = self._require_label(name)
        return self._conn.execute("SELECT count(*) FROM annotations WHERE label_id = ?",
                                  (label_id,)).fetchone()[0]

    def _insert_label(self, conn: sqlite3.Connection, label: Label) -> int:
        """Appends a label to the codebook, inside the caller's write transaction."""
        position = conn.execute("SELECT coalesce(max(position), -1) + 1 FROM labels").fetchone()[0]
        label_id = self.db["labels"].insert(
            {"name": label.name, "color": label.color, "hotkey": label.hotkey,
             "description": label.description, "position": position}).last_pk
        self._forget_label_ids()
        return label_id

    def add_label(self, label: Label) -> Label:
        """Adds a label; a deleted label of the same name comes back instead, with its spans."""
        deleted = [d for d in self.deleted_labels() if d.name == label.name]
        if deleted:
            return self.restore_label(label.name)
        if self._label_id(label.name) is not None:
            raise ValueError(f"there is already a label {label.name!r}")
        with self._write() as conn:
            label_id = self._insert_label(conn, label)
        return replace(label, id=label_id)

    def update_label(self, name: str, *, new_name: str | None = None, color: str | None = None,
                     hotkey: str | None = None, description: str | None = None) -> Label:
        """Renames or recolors a label; its spans keep pointing at it, so nothing is lost."""
        label_id = self._require_label(name)
        if new_name is not None and new_name != name:
            if not new_name.strip():
                raise ValueError("a label needs a name")
            clash = self._conn.execute("SELECT deleted FROM labels WHERE name = ?", (new_name,)).fetchone()
            if clash is not None:
                kind = "deleted label" if clash[0] else "label"
                raise ValueError(f"there is already a {kind} {new_name!r}")
        changes = {"name": new_name, "color": color, "hotkey": hotkey, "description": description}
        changes = {k: v for k, v in changes.items() if v is not None}
        if changes:
            with self._write() as conn:
                self.db["labels"].update(label_id, changes)
                if "name" in changes:   # what names a label rather than pointing at it follows it
                    for table in ("suggestions", "suggest_patterns", "model_labels"):
                        conn.execute(f"UPDATE {table} SET label = ? WHERE label = ?", (new_name, name))
            self._forget_label_ids()
        return next(label for label in self.labels() if label.id == label_id)

    def delete_label(self, name: str) -> Label:
        """Hides a label and all its spans; `restore_label` brings both back unchanged."""
        label_id = self._require_label(name)
        with self._write():
            self.db["labels"].update(label_id, {"deleted": 1})
        self._forget_label_ids()
        return next(label for label in self.deleted_labels() if label.id == label_id)

    def restore_label(self, name: str) -> Label:
        with self._write():
            labels = self.db["labels"]
            for row in list(labels.rows_where("name = ? AND deleted = 1", [name], select="id")):
                labels.update(row["id"], {"deleted": 0})
        self._forget_label_ids()
        return next(label for label in self.labels() if label.name == name)
