"""The codebook as one thing, and registries meeting other registries.

A team shares its codebook (labels, claim categories, the stance scale, the registry) as
one file (`annotator.codebook` reads and writes it); colleagues' project files carry
registries, frames and default speakers too (`merge.py`). Both come together here as a
plain union by identity: entries and frames by uuid, categories by code, labels by name.
What this project already has is kept; what is new is added; where the two disagree about
an entry's parent or external id, ours stays and the disagreement is reported. Bringing
the same thing in twice adds nothing.

An incoming live entry whose canonical name a different live entry here already has (two
analysts both added "Russia") comes in merged into ours, and is reported: the registry
keeps one live "Russia" (names in files stay unambiguous) and `unmerge_entity` separates
them again if they were two after all.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field, replace
from typing import Iterable

from annotator.errors import BadInput
from annotator.model import ClaimCategory, Codebook, Entity, SuggestPattern, fold_name
from annotator.store.bulk import ImportReport
from annotator.store.claims import ClaimOps
from annotator.store.core import now
from annotator.store.registry import _final
from annotator.store.spans import span_row_id
from annotator.store.suggestions import SuggestionOps


@dataclass
class CodebookReport:
    labels_added: int = 0
    categories_added: int = 0
    entities_added: int = 0
    patterns_added: int = 0
    model_labels_added: int = 0
    conflicts: list[str] = field(default_factory=list)

    def summary(self) -> str:
        suggesting = (f"; {self.patterns_added} suggestion patterns and {self.model_labels_added} pipeline "
                      "labels added" if self.patterns_added or self.model_labels_added else "")
        return (f"{self.labels_added} labels, {self.categories_added} claim categories and "
                f"{self.entities_added} registry entries added" + suggesting
                + (f"; {len(self.conflicts)} disagreements (this project's kept)" if self.conflicts else ""))


class CodebookOps(ClaimOps, SuggestionOps):
    """The codebook whole, and unions of registries: built on claims (and so on the registry,
    the labels, and analysts) and suggestions (the patterns and pipeline labels it holds)."""

    def codebook(self) -> Codebook:
        """Labels, claim categories, every registry entry (retired and merged ones too, so
        that references to them still resolve wherever the codebook goes), suggestion patterns
        and a pipeline's label mapping."""
        return Codebook(labels=self.labels(), categories=self.claim_categories(),
                        entities=self.entities(include_retired=True), patterns=self.suggest_patterns(),
                        model_labels=self.model_labels())

    def import_codebook(self, codebook: Codebook, source: str = "") -> CodebookReport:
        """Brings a codebook in, in one transaction, merging by identity (see the module
        docstring). A category or entry that refers to one neither the codebook nor the
        project has is `BadInput` naming `source`, and nothing is changed."""
        report = CodebookReport()
        with self._write(only_if_changed=True) as conn:
            names = {row[0] for row in conn.execute("SELECT name FROM labels")}
            hotkeys = {label.hotkey for label in self.labels() if label.hotkey}
            for label in codebook.labels:
                if label.name not in names:
                    hotkey = "" if label.hotkey in hotkeys else label.hotkey
                    self._insert_label(conn, replace(label, hotkey=hotkey, id=None))
                    names.add(label.name)
                    hotkeys.add(hotkey)
                    report.labels_added += 1
            report.categories_added = self._merge_categories(conn, codebook.categories, source)
            added, conflicts = self._merge_entities(conn, codebook.entities, source)
            report.entities_added = added
            report.conflicts += conflicts
            report.patterns_added = self._merge_patterns(conn, codebook.patterns, source)
            added, conflicts = self._merge_model_labels(conn, codebook.model_labels, source)
            report.model_labels_added = added
            report.conflicts += conflicts
        return report

    def _merge_patterns(self, conn: sqlite3.Connection, incoming: list[SuggestPattern], source: str) -> int:
        """Appends the patterns this project lacks (the same label, kind, pattern and entry)."""
        ours = self.suggest_patterns()
        labels = {row[0] for row in conn.execute("SELECT name FROM labels WHERE deleted = 0")}
        entities = {row[0] for row in conn.execute("SELECT id FROM entities")}
        new = [p for n, p in enumerate(incoming) if p not in ours and p not in incoming[:n]]
        for pattern in new:
            if pattern.label not in labels:
                raise BadInput(source, None, f"{pattern.kind} pattern {pattern.pattern!r}: its label "
                                             f"{pattern.label!r} is not in the codebook")
            if pattern.entity_id is not None and pattern.entity_id not in entities:
                raise BadInput(source, None, f"{pattern.kind} pattern {pattern.pattern!r}: its entry "
                                             f"{pattern.entity_id} is not in the registry")
        if new:
            self._store_patterns(conn, ours + new)
        return len(new)

    def _merge_model_labels(self, conn: sqlite3.Connection, incoming: dict[str, str],
                            source: str) -> tuple[int, list[str]]:
        """Adds the pipeline labels this project does not map; one it maps otherwise is reported."""
        ours = self.model_labels()
        new = {k: v for k, v in incoming.items() if k not in ours}
        notes = [f"{source}: the pipeline's label {k!r} is {v!r} there and {ours[k]!r} here; kept {ours[k]!r}"
                 for k, v in incoming.items() if k in ours and ours[k] != v]
        if new:
            self._store_model_labels(conn, {**ours, **new})
        return len(new), notes

    # -- unions --------------------------------------------------------------------------

    def _merge_categories(self, conn: sqlite3.Connection, incoming: Iterable[ClaimCategory],
                          source: str) -> int:
        incoming = list(incoming)
        known = {row[0] for row in conn.execute("SELECT code FROM claim_categories")}
        codes = known | {c.code for c in incoming}
        position = conn.execute("SELECT coalesce(max(position), -1) + 1 FROM claim_categories").fetchone()[0]
        added = 0
        for category in incoming:
            if category.parent_code and category.parent_code not in codes:
                raise BadInput(source, None, f"claim category {category.code!r}: its parent "
                                             f"{category.parent_code!r} is not a category")
            if category.code not in known:
                conn.execute("INSERT INTO claim_categories(code, name, parent_code, position) VALUES (?,?,?,?)",
                             (category.code, category.name, category.parent_code, position + added))
                known.add(category.code)
                added += 1
        return added

    def _merge_entities(self, conn: sqlite3.Connection, incoming: Iterable[Entity],
                        source: str) -> tuple[int, list[str]]:
        """Adds the entries this project lacks and fills in what ours leave empty; returns
        (entries added, disagreements). References are set once every entry is in."""
        incoming = list(incoming)
        ours = {row[0]: row for row in conn.execute(
            "SELECT id, kind, name, external_id, parent_id, retired, merged_into FROM entities")}
        known_ids = ours.keys() | {e.id for e in incoming}
        live_names = {(row[1], fold_name(row[2])): row[0] for row in ours.values() if not row[5]}
        merged = self._merged_map(conn)
        stamp = now()
        notes: list[str] = []
        later: list[tuple[str, str | None, str | None]] = []   # id, parent, merged into
        added = 0
        for entity in incoming:
            for what, target in (("parent", entity.parent_id), ("merged into", entity.merged_into)):
                if target is not None and target not in known_ids:
                    raise BadInput(source, None, f"registry entry {entity.name!r} ({entity.id}): its "
                                                 f"{what} {target} is not in the registry")
            mine = ours.get(entity.id)
            if mine is not None:
                notes += self._reconcile_entity(conn, entity, mine, merged, source, later)
                continue
            clash = None if entity.retired else live_names.get((entity.kind, fold_name(entity.name)))
            conn.execute(
                """INSERT INTO entities(id, kind, name, folded, external_id, parent_id, retired,
                   merged_into, created, updated) VALUES (?,?,?,?,?,NULL,?,NULL,?,?)""",
                (entity.id, entity.kind, entity.name, fold_name(entity.name), entity.external_id,
                 1 if entity.retired or clash else 0, stamp, stamp))
            self._store_aliases(conn, entity.id, entity.name, entity.aliases)
            if clash is not None:
                notes.append(f"{source}: registry entry {entity.name!r} ({entity.id}) has the name of "
                             f"this project's {clash}; merged into it (unmerge to separate them)")
                later.append((entity.id, entity.parent_id, clash))
            else:
                if not entity.retired:
                    live_names[(entity.kind, fold_name(entity.name))] = entity.id
                later.append((entity.id, entity.parent_id, entity.merged_into))
            added += 1
        for entity_id, parent_id, merged_into in later:
            conn.execute("UPDATE entities SET parent_id = coalesce(?, parent_id), "
                         "merged_into = coalesce(?, merged_into) WHERE id = ?",
                         (parent_id, merged_into, entity_id))
        return added, notes

    def _reconcile_entity(self, conn: sqlite3.Connection, theirs: Entity, mine: tuple,
                          merged: dict[str, str], source: str, later: list) -> list[str]:
        """The same entry in both: aliases are unioned, an empty external id or parent here is
        filled in, and a different one is reported (ours kept)."""
        _id, kind, name, external_id, parent_id, _retired, _merged_into = mine
        notes = []
        where = f"{source}: registry entry {name!r} ({theirs.id})"
        if theirs.kind != kind:
            notes.append(f"{where} is an {theirs.kind} there and an {kind} here; kept {kind}")
        if theirs.external_id and theirs.external_id != external_id:
            if external_id:
                notes.append(f"{where}: external id {theirs.external_id!r} there, {external_id!r} "
                             f"here; kept {external_id!r}")
            else:
                conn.execute("UPDATE entities SET external_id = ? WHERE id = ?", (theirs.external_id, theirs.id))
        if theirs.parent_id and theirs.parent_id != parent_id:
            if parent_id is None:
                later.append((theirs.id, theirs.parent_id, None))
            elif _final(theirs.parent_id, merged) != _final(parent_id, merged):
                notes.append(f"{where}: parent {theirs.parent_id} there, {parent_id} here; kept ours")
        aliases = [row[0] for row in conn.execute(
            "SELECT alias FROM entity_aliases WHERE entity_id = ? ORDER BY position", (theirs.id,))]
        folded = {fold_name(a) for a in aliases}
        if any(fold_name(a) not in folded for a in theirs.aliases):
            self._store_aliases(conn, theirs.id, name, [*aliases, *theirs.aliases])
        return notes

    # -- a colleague's project (called by merge.py, inside its transaction) ----------------

    def _merge_registry_from(self, conn: sqlite3.Connection, other: CodebookOps, other_path: str,
                             report: ImportReport) -> None:
        """The other project's claim categories and registry (before its documents)."""
        self._merge_categories(conn, other.claim_categories(), other_path)
        added, notes = self._merge_entities(conn, other.entities(include_retired=True), other_path)
        report.entities_added += added
        report.registry_conflicts += notes

    def _merge_claims_from(self, conn: sqlite3.Connection, other: CodebookOps, other_document_id: int,
                           document_id: int, other_path: str, report: ImportReport) -> None:
        """One document's links, frames and default speakers from the other project (its spans
        already merged): spans are found here by their identity (`span_row_id`)."""
        for default in other.default_speakers(other_document_id):
            start, end = default.passage or (-1, -1)
            row = conn.execute("SELECT entity_id FROM default_speakers WHERE document_id = ? AND start = ? "
                               "AND end = ?", (document_id, start, end)).fetchone()
            if row is None:
                conn.execute("INSERT INTO default_speakers(document_id, start, end, entity_id) VALUES (?,?,?,?)",
                             (document_id, start, end, default.entity_id))
            elif _final(row[0], self._merged_map(conn)) != default.entity_id:
                report.registry_conflicts.append(
                    f"{other_path}: document {document_id}: another default speaker for "
                    f"{'the document' if default.passage is None else f'passage {start}..{end}'}; kept ours")
        links, frames = other.links(other_document_id), other.claims(other_document_id)
        if not links and not frames:
            return
        theirs = {span.id: span for span in other.spans(other_document_id)}

        def here(span_id: int) -> int | None:
            span = theirs.get(span_id)
            label_id = None if span is None else self._label_id(span.label)
            if label_id is None:
                return None
            return span_row_id(conn, document_id, span.annotator_id, span.start, span.end, label_id)

        for span_id, entity_id in links.items():
            target = here(span_id)
            if target is not None:
                conn.execute("INSERT OR IGNORE INTO span_entities(annotation_id, document_id, entity_id) "
                             "VALUES (?,?,?)", (target, document_id, entity_id))
        for frame in frames:
            target = here(frame.span_id)
            if target is None:
                continue
            holder = conn.execute("SELECT id FROM claims WHERE annotation_id = ? OR id = ?",
                                  (target, frame.id)).fetchone()
            if holder is not None:
                report.claims_present += 1
                if holder[0] != frame.id:
                    report.registry_conflicts.append(
                        f"{other_path}: claim {frame.id} is on a Claim span that has another frame "
                        f"here ({holder[0]}); kept ours")
                continue

            def mapped(refs: tuple) -> tuple:
                return tuple(r if r.span_id is None else r._replace(span_id=here(r.span_id))
                             for r in refs if r.span_id is None or here(r.span_id) is not None)

            self._insert_claim_row(conn, replace(frame, speakers=mapped(frame.speakers),
                                                 issues=mapped(frame.issues)), self.span(target))
            report.claims_added += 1

