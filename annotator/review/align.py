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

Claims: given the frames of Claim spans (`frames`, see `claim_review`), an item that would be
"agreed" but whose frames differ is "speaker", "issue", "stance" or "category" (the first
field that differs, in that order); `differs` names every field that differs.

`missing` lists the chosen annotators without a span in the item, whatever the kind; so a
"label" item between two of three annotators says who the third was.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from annotator.model import Span
from annotator.review.claim_review import EMPTY, FrameKey, frame_differences

Kind = Literal["agreed", "label", "boundary", "single", "speaker", "issue", "stance", "category"]
AGREED: Kind = "agreed"
LABEL: Kind = "label"
BOUNDARY: Kind = "boundary"
SINGLE: Kind = "single"
FRAME_KINDS: tuple[Kind, ...] = ("speaker", "issue", "stance", "category")
KINDS: tuple[Kind, ...] = (AGREED, LABEL, BOUNDARY, SINGLE, *FRAME_KINDS)


@dataclass(frozen=True, slots=True)
class AlignedItem:
    """One finding as the chosen annotators marked it: spans keyed by annotator_id.

    `start` and `end` are the leftmost start and the rightmost end of its spans (code
    points, end exclusive): the region a review decision is recorded for."""

    kind: Kind
    spans: dict[str, Span] = field(default_factory=dict)
    missing: tuple[str, ...] = ()
    start: int = field(default=-1, compare=False)   # computed from the spans unless given
    end: int = field(default=-1, compare=False)
    differs: tuple[str, ...] = ()                   # frame fields that differ (claims)

    def __post_init__(self) -> None:
        # Computed once: review looks an item's region up on every key and repaint.
        if self.start < 0:
            object.__setattr__(self, "start", min(span.start for span in self.spans.values()))
            object.__setattr__(self, "end", max(span.end for span in self.spans.values()))

    @property
    def region(self) -> tuple[int, int]:
        return (self.start, self.end)

    @property
    def labels(self) -> tuple[str, ...]:
        """The distinct labels given, sorted."""
        return tuple(sorted({span.label for span in self.spans.values()}))

    @property
    def annotator_ids(self) -> tuple[str, ...]:
        """Who has a span in the item, in the order of the chosen annotators."""
        return tuple(self.spans)


# A span as the grouping sees it: (start, end, label, annotator). Any hashable annotator key
# will do (an id, or a small number a corpus scan gave it); tuples sort by position.
Key = tuple[int, int, str, object]


def _groups(pool: Sequence[Key]) -> list[tuple[int, ...]]:
    """Rules 2-4 of the module docstring on spans sorted by position: the indices into `pool`
    of each item's spans. A corpus of 370,000 spans goes through here when review counts
    what is left to decide, and a 1 MB document's 20,000 whenever review opens it, so it
    works on plain tuples and ints (which the garbage collector soon stops tracking) and
    keeps a list only for groups of two or more spans."""
    count = len(pool)
    links = []
    for i in range(count):
        s1, e1, l1, a1 = pool[i]
        for j in range(i + 1, count):
            s2, e2, l2, a2 = pool[j]
            if s2 > e1:
                break  # sorted by start: nothing further can touch span i
            if a2 == a1:
                continue
            if s1 == s2 and e1 == e2:
                links.append((0 if l1 == l2 else 1, 0, i, j))
            elif s2 < e1 and s1 < e2:   # s1 <= s2: the overlap runs from s2 to the nearer end
                links.append((2 if l1 == l2 else 3, s2 - (e1 if e1 < e2 else e2), i, j))
    if not links:
        return [(i,) for i in range(count)]
    links.sort()

    group_of = list(range(count))                        # span index -> group id (its first span)
    members: dict[int, list[int]] = {}                   # group id -> spans, for groups of two or more
    for _rank, _overlap, i, j in links:
        a, b = group_of[i], group_of[j]
        if a == b:
            continue
        first, second = members.get(a) or [a], members.get(b) or [b]
        if {pool[k][3] for k in first} & {pool[m][3] for m in second}:
            continue  # one span per annotator at most
        if not all(_touch(pool[k], pool[m]) for k in first for m in second):
            continue
        for k in second:
            group_of[k] = a
        first.extend(second)
        members[a] = first
        members.pop(b, None)
    return [tuple(members[i]) if i in members else (i,) for i in range(count) if group_of[i] == i]


def _touch(x: Key, y: Key) -> bool:
    return (x[0] < y[1] and y[0] < x[1]) or (x[0] == y[0] and x[1] == y[1])


def _kind(spans: Sequence[Span], missing: Sequence[str]) -> Kind:
    if len({(span.start, span.end) for span in spans}) > 1:
        return BOUNDARY
    if len({span.label for span in spans}) > 1:
        return LABEL
    return SINGLE if missing else AGREED


def align(spans: Iterable[Span], annotator_ids: Sequence[str],
          frames: Mapping[int, FrameKey] | None = None) -> list[AlignedItem]:
    """Group the chosen annotators' spans on one document into items, in document order.

    See the module docstring for the rules. An annotator in `annotator_ids` without any
    span simply appears in every item's `missing`. `frames` (Claim span id → its frame)
    tells agreed claims whose frames differ apart.
    """
    chosen = list(dict.fromkeys(annotator_ids))
    order = {annotator_id: index for index, annotator_id in enumerate(chosen)}
    pool = sorted((span for span in spans if span.annotator_id in order), key=_position)
    keys = [(span.start, span.end, span.label, span.annotator_id) for span in pool]

    alone = {annotator_id: tuple(other for other in chosen if other != annotator_id) for annotator_id in chosen}
    items, places = [], []
    for indices in _groups(keys):
        if len(indices) == 1:   # the common case, made cheaply: one analyst's span alone
            span = pool[indices[0]]
            missing = alone[span.annotator_id]
            items.append(AlignedItem(SINGLE if missing else AGREED, {span.annotator_id: span}, missing,
                                     span.start, span.end))
            places.append((span.start, span.end, (keys[indices[0]],)))
            continue
        group = sorted((pool[k] for k in indices), key=lambda span: order[span.annotator_id])
        present = {span.annotator_id for span in group}
        missing = tuple(annotator_id for annotator_id in chosen if annotator_id not in present)
        kind, differs = _kind(group, missing), ()
        if frames and kind == AGREED and any(span.id in frames for span in group):
            differs = frame_differences([frames.get(span.id, EMPTY) for span in group])
            kind = differs[0] if differs else kind
        item = AlignedItem(kind=kind, spans={span.annotator_id: span for span in group},
                           missing=missing, differs=differs)
        items.append(item)
        places.append((item.start, item.end, tuple(sorted(keys[k] for k in indices))))
    return [items[n] for n in sorted(range(len(items)), key=places.__getitem__)]


def _position(span: Span) -> tuple[int, int, str, str]:
    return (span.start, span.end, span.label, span.annotator_id)


def disagreements(items: Iterable[AlignedItem]) -> list[AlignedItem]:
    """The items a reviewer has to look at: every kind but "agreed", in the given order."""
    return [item for item in items if item.kind != AGREED]


def open_regions(keys: Sequence[Key], annotators: int) -> tuple[int, list[tuple[int, int]]]:
    """What review needs to know of one document without building its items: the number of
    findings, and the region (start, end) of each disagreement, as `align` would give them.

    `keys` are the chosen annotators' spans as (start, end, label, annotator), sorted by
    position; `annotators` is how many were chosen. A finding is agreed when every chosen
    annotator has a span in it, all with the same start, end and label."""
    regions = []
    groups = _groups(keys)
    for indices in groups:
        if len(indices) == annotators and len({keys[k][:3] for k in indices}) == 1:
            continue
        regions.append((min(keys[k][0] for k in indices), max(keys[k][1] for k in indices)))
    return len(groups), regions
