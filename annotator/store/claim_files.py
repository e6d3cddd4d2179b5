"""Claims in files: a document's frames and links as a `Record` carries them (spans by their
index in the record, registry entries by canonical name), for export; and a record's claims
and links stored, inside an import's transaction. Import and export are in `bulk.py`; this
part only translates between span ids and a record's span indices, and between entry ids
and names (a name in a file is looked up by canonical name or alias, `lookup_entities`).
"""

from __future__ import annotations

import sqlite3
import uuid
from typing import Iterable, Sequence

from annotator.errors import BadInput
from annotator.model import ACTOR, ISSUE, ClaimData, ClaimFrame, Record, Ref, RefData
from annotator.store.claims import ClaimOps


class ClaimFileOps(ClaimOps):
    """Frames and links ⇄ records: built on claims."""

    def _record_claims(self, document_id: int, spans: Sequence, annotator_ids: Iterable[str] | None,
                       names: dict[str, str]) -> tuple[list[ClaimData], dict[int, str]]:
        """A document's frames and links as a file writes them, against `spans` (the record's
        `SpanData`, found by (start, end, label, annotator name)): entries by canonical name."""
        wanted = None if annotator_ids is None else list(annotator_ids)
        links = self.links(document_id)
        frames = self.claims(document_id, wanted)
        if not links and not frames:
            return [], {}
        index = {(s[0], s[1], s[2], s[3]): i for i, s in reversed(list(enumerate(spans)))}
        by_id: dict[int, int] = {}
        for span in self.spans(document_id, wanted):
            found = index.get((span.start, span.end, span.label, span.annotator))
            if found is not None:
                by_id[span.id] = found

        def ref_data(ref: Ref) -> RefData | None:
            if ref.span_id is not None:
                return RefData(span=by_id[ref.span_id]) if ref.span_id in by_id else None
            return RefData(entity=names[ref.entity_id])

        claims = []
        for frame in frames:
            if frame.span_id not in by_id:
                continue
            claims.append(ClaimData(
                span=by_id[frame.span_id], annotator=spans[by_id[frame.span_id]][3],
                speakers=tuple(r for r in map(ref_data, frame.speakers) if r is not None),
                issues=tuple(r for r in map(ref_data, frame.issues) if r is not None),
                stance=frame.stance, category=frame.category, note=frame.note, claim_id=frame.id))
        return claims, {by_id[span_id]: names[entity_id] for span_id, entity_id in links.items()
                        if span_id in by_id}

    def _store_record_claims(self, conn: sqlite3.Connection, record: Record, document_id: int,
                             span_owner: dict[tuple[str, str], str], label_ids: dict[str, int],
                             default_annotator: str = "") -> tuple[int, int]:
        """Stores a record's links and claims (its spans already stored), inside the import's
        transaction; returns (claims added, claims already there: a Claim span with a frame).
        `span_owner` maps the spans' (analyst name, analyst id) as the file gives them to the
        analysts' ids here, as the import resolved them. An unknown entry,
        or a claim whose speakers or issues are outside its span's layer, is `BadInput`
        naming the record's file and line."""
        def bad(reason: str) -> BadInput:
            return BadInput(record.path, record.line, reason)

        span_ids: dict[int, int] = {}

        def span_id(index: int) -> int:
            if index not in span_ids:
                start, end, label, annotator, annotator_key = record.spans[index][:5]
                span_ids[index] = conn.execute(
                    "SELECT id FROM annotations WHERE document_id = ? AND annotator_id = ? AND start = ? "
                    "AND end = ? AND label_id = ?",
                    (document_id, span_owner[annotator, annotator_key], start, end,
                     label_ids[label])).fetchone()[0]
            return span_ids[index]

        def entry(name: str, kind: str | None) -> str:
            found = self._entity_named(name, kind)
            if found is None:
                raise bad(f"unknown registry entry {name!r}: no {kind or 'entry'} has this name or alias "
                          "(import the codebook first: annotator codebook import)")
            return found

        for index, name in sorted(record.links.items()):
            label = record.spans[index][2].casefold()
            entity_id = entry(name, label if label in (ACTOR, ISSUE) else None)
            conn.execute("INSERT OR IGNORE INTO span_entities(annotation_id, document_id, entity_id) "
                         "VALUES (?,?,?)", (span_id(index), document_id, entity_id))
        added = present = 0
        for data in record.claims:
            owner = record.spans[data.span][3] or default_annotator
            if data.annotator and data.annotator != owner:
                raise bad(f"claim on span s{data.span + 1}: its annotator {data.annotator!r} is not "
                          f"the Claim span's ({owner!r}); a frame lives in its span's layer")
            claim_span = self.span(span_id(data.span))
            speakers = [Ref(span_id=span_id(r.span)) if r.span is not None else Ref(entity_id=entry(r.entity, ACTOR))
                        for r in data.speakers]
            issues = [Ref(span_id=span_id(r.span)) if r.span is not None else Ref(entity_id=entry(r.entity, ISSUE))
                      for r in data.issues]
            try:
                speakers, issues = self._checked_frame(conn, claim_span, speakers, issues, data.stance,
                                                       data.category)
            except ValueError as exc:
                raise bad(f"claim on span s{data.span + 1}: {exc}") from None
            if conn.execute("SELECT 1 FROM claims WHERE annotation_id = ? OR id = ?",
                            (claim_span.id, data.claim_id)).fetchone():
                present += 1   # (a frame keeps its id through a file: the same claim is not made twice)
                continue
            self._insert_claim_row(conn, ClaimFrame(
                id=data.claim_id or str(uuid.uuid4()), span_id=claim_span.id, annotator_id=claim_span.annotator_id,
                speakers=tuple(speakers), issues=tuple(issues), stance=data.stance,
                category=data.category, note=data.note), claim_span)
            added += 1
        return added, present

    def _entity_named(self, name: str, kind: str | None) -> str | None:
        """The entry a file means by `name`: a live one answering to it (by canonical name
        first), else a retired one with exactly this canonical name."""
        found = self._lookup_entity_ids(name, kind)
        if found:
            return found[0]
        row = self._conn.execute(
            "SELECT id FROM entities WHERE name = ? AND retired = 1 AND merged_into IS NULL "
            "AND (? IS NULL OR kind = ?) ORDER BY id", (name, kind, kind)).fetchone()
        return row[0] if row else None
