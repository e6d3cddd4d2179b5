"""Claims as statements, for the discourse networks: every frame of the chosen layers with
its document's date, stance, category, and the entries (or texts) of its speakers and issues.

Two streaming queries over the whole project (frames; their references), not one per
document: `annotator network` reads 200,000 claims over 100,000 documents in a few seconds
(bench/run.py --only network). A reference to a span reads as the entry the span is linked
to, merges followed; an unlinked span as its text. What a deleted span holds is not read,
as everywhere (see `claims.py`).
"""

from __future__ import annotations

from typing import Iterable, Iterator

from annotator.model import SPEAKER, Mention, Statement
from annotator.store.claims import ClaimOps

_FRAMES = """
    SELECT c.pk, c.document_id, c.stance, c.category FROM claims c
    JOIN annotations a ON a.id = c.annotation_id
    JOIN labels l ON l.id = a.label_id AND l.deleted = 0
    {filters}
    ORDER BY c.pk
"""
# Each reference of the frames above, in the frames' order (claim_refs' primary key: no sort);
# the text of a span only when it is linked to no entry (substr counts code points, as our
# offsets do), read from its document only then.
_REFERENCES = """
    SELECT r.claim_pk, r.role, coalesce(r.entity_id, s.entity_id),
           CASE WHEN r.entity_id IS NULL AND s.entity_id IS NULL THEN
                (SELECT substr(d.text, ra.start + 1, ra.end - ra.start) FROM documents d
                 WHERE d.id = ra.document_id) END
    FROM claims c
    JOIN annotations a ON a.id = c.annotation_id
    JOIN labels l ON l.id = a.label_id AND l.deleted = 0
    JOIN claim_refs r ON r.claim_pk = c.pk
    LEFT JOIN annotations ra ON ra.id = r.annotation_id
    LEFT JOIN labels rl ON rl.id = ra.label_id
    LEFT JOIN span_entities s ON s.annotation_id = ra.id
    WHERE (r.entity_id IS NOT NULL OR rl.deleted = 0) {filters}
    ORDER BY c.pk, r.role, r.position
"""


class StatementOps(ClaimOps):
    """Frames as statements: built on claims."""

    def iter_statements(self, annotator_ids: Iterable[str] | None = None, date_from: str = "",
                        date_to: str = "") -> Iterator[Statement]:
        """The frames of the chosen layers (None: all), in a stable order, as `Statement`s.
        `date_from` and `date_to` (ISO dates, inclusive; "" open) keep the frames of
        documents dated within them, compared as text on the date's first ten characters:
        a document without a date is left out as soon as either is given."""
        filters, params = "", []
        if annotator_ids is not None:
            wanted = list(annotator_ids)
            filters = f"AND c.annotator_id IN ({','.join('?' * len(wanted))})"
            params = wanted
        dates = dict(self._conn.execute("SELECT id, date FROM documents"))
        if date_from or date_to:
            inside = {document_id for document_id, date in dates.items()
                      if (not date_from or date[:10] >= date_from) and (not date_to or "" < date[:10] <= date_to)}
        finals = self._final_ids()
        references = self._conn.execute(_REFERENCES.format(filters=filters), params)
        pending = next(references, None)
        for pk, document_id, stance, category in self._conn.execute(
                _FRAMES.format(filters="WHERE 1 " + filters), params).fetchall():
            if (date_from or date_to) and document_id not in inside:
                while pending is not None and pending[0] == pk:
                    pending = next(references, None)
                continue
            speakers: dict[Mention, None] = {}
            issues: dict[Mention, None] = {}
            while pending is not None and pending[0] == pk:
                entity_id, text = pending[2], pending[3]
                mention = (Mention(finals.get(entity_id, entity_id)) if entity_id is not None
                           else Mention(None, " ".join(text.split())))
                (speakers if pending[1] == SPEAKER else issues)[mention] = None
                pending = next(references, None)
            yield Statement(document_id, dates[document_id], stance, category, tuple(speakers), tuple(issues))
