"""Lining up several annotators' spans on one document, so a reviewer sees each finding once.

The result is a list of `AlignedItem`s in document order. An item holds at most one span
per annotator: the spans that are taken to mark the same finding. Offsets are code points,
end exclusive, as everywhere in the core.

How spans are grouped (the rules a reviewer can check by hand):

1. Only spans of the chosen annotators take part; other layers are ignored.
2. Candidate links join two spans of different annotators, strongest first:
   a. exact match: same start, end and label;
   b. same start and end, different label;
   c. overlapping offsets (at least one shared code point), same label;
   d. overlapping offsets, different label.
   Within (c) and (d) the larger overlap goes first; remaining ties go by position, so
   the outcome never depends on the order the spans arrive in. A same-label partner is
   preferred to a larger overlap with another label: boundary drift is the commoner
   disagreement than a relabelled, shifted span.
3. Links are taken greedily in that order. A link merges the two spans' groups only if
   the merged group still has one span per annotator at most and every two spans in it
   overlap (or, for empty spans, share offsets) — no chains of spans that do not touch.
4. Every span not linked to anything is an item of its own.

An item's `kind` names the strongest disagreement in it, checked in this order:

- "boundary": its spans do not all share start and end;
- "label": they share start and end but not the label;
- "single": its spans agree with each other (or there is only one), but at least one
  chosen annotator has no span there — found by some, not found by the others;
- "agreed": every chosen annotator has a span there, all with identical start, end, label.

`missing` lists the chosen annotators without a span in the item, whatever the kind; so a
"label" item between two of three annotators says who the third was.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from annotator.model import Span

Kind = Literal["agreed", "label", "boundary", "single"]
AGREED: Kind = "agreed"
LABEL: Kind = "label"
BOUNDARY: Kind = "boundary"
SINGLE: Kind = "single"
KINDS: tuple[Kind, ...] = (AGREED, LABEL, BOUNDARY, SINGLE)


@dataclass(frozen=True)
class AlignedItem:
    """One finding as the chosen annotators marked it: spans keyed by annotator_id."""

    kind: Kind
    spans: dict[str, Span] = field(default_factory=dict)
    missing: tuple[str, ...] = ()

    @property
    def start(self) -> int:
        """The leftmost start of the item's spans (code points)."""
        return min(span.start for span in self.spans.values())

    @property
    def end(self) -> int:
        """The rightmost end of the item's spans (code points, exclusive)."""
        return max(span.end for span in self.spans.values())

    @property
    def labels(self) -> tuple[str, ...]:
        """The distinct labels given, sorted."""
        return tuple(sorted({span.label for span in self.spans.values()}))

    @property
    def annotator_ids(self) -> tuple[str, ...]:
        """Who has a span in the item, in the order of the chosen annotators."""
        return tuple(self.spans)


def _link_rank(first: Span, second: Span) -> tuple[int, int] | None:
    """How strong a link between two spans is (smaller sorts first), or None if they do not touch."""
    if not first.touches(second):
        return None
    if first.key == second.key:
        return (0, 0)
    if (first.start, first.end) == (second.start, second.end):
        return (1, 0)
    overlap = min(first.end, second.end) - max(first.start, second.start)
    return (2 if first.label == second.label else 3, -overlap)


def _position(span: Span) -> tuple[int, int, str, str]:
    return (span.start, span.end, span.label, span.annotator_id)


def _kind(spans: Sequence[Span], missing: Sequence[str]) -> Kind:
    if len({(span.start, span.end) for span in spans}) > 1:
        return BOUNDARY
    if len({span.label for span in spans}) > 1:
        return LABEL
    return SINGLE if missing else AGREED


def align(spans: Iterable[Span], annotator_ids: Sequence[str]) -> list[AlignedItem]:
    """Group the chosen annotators' spans on one document into items, in document order.

    See the module docstring for the rules. An annotator in `annotator_ids` without any
    span simply appears in every item's `missing`.
    """
    chosen = list(dict.fromkeys(annotator_ids))
    order = {annotator_id: index for index, annotator_id in enumerate(chosen)}
    pool = sorted((span for span in spans if span.annotator_id in order), key=_position)

    links = []
    for i, first in enumerate(pool):
        for j in range(i + 1, len(pool)):
            second = pool[j]
            if second.start > first.end:
                break  # sorted by start: nothing further can touch `first`
            if second.annotator_id == first.annotator_id:
                continue
            rank = _link_rank(first, second)
            if rank is not None:
                links.append((rank, i, j))
    links.sort()

    group_of = list(range(len(pool)))                      # span index -> group id
    members: dict[int, list[int]] = {i: [i] for i in range(len(pool))}
    for _rank, i, j in links:
        a, b = group_of[i], group_of[j]
        if a == b:
            continue
        joined = members[a] + members[b]
        if len({pool[k].annotator_id for k in joined}) < len(joined):
            continue
        if not all(pool[k].touches(pool[m]) for k in members[a] for m in members[b]):
            continue
        for k in members[b]:
            group_of[k] = a
        members[a] = joined
        del members[b]

    items = []
    for indices in members.values():
        group = sorted((pool[k] for k in indices), key=lambda span: order[span.annotator_id])
        present = {span.annotator_id for span in group}
        missing = tuple(annotator_id for annotator_id in chosen if annotator_id not in present)
        items.append(AlignedItem(kind=_kind(group, missing),
                                 spans={span.annotator_id: span for span in group},
                                 missing=missing))
    items.sort(key=lambda item: (item.start, item.end, sorted(map(_position, item.spans.values()))))
    return items


def disagreements(items: Iterable[AlignedItem]) -> list[AlignedItem]:
    """The items a reviewer has to look at: every kind but "agreed", in the given order."""
    return [item for item in items if item.kind != AGREED]
