"""Span counts: how many of two annotators' spans pair up, exactly or by overlap.

Span F1 answers "did they mark the same findings?"; it needs no notion of units and so no
chance correction. Offsets are code points, end exclusive.
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Sequence

from annotator.model import Span
from annotator.review.figures import SpanCounts


Offsets = tuple[int, int]
"""(start, end) of a span, code points, end exclusive."""


def exact_matches(first: Sequence[Offsets], second: Sequence[Offsets]) -> int:
    """How many spans of `first` pair up with a span of `second` at identical offsets (one label's
    spans of two annotators). A multiset intersection: a span marked twice pairs at most as
    often as the other annotator marked it."""
    if not first or not second:
        return 0
    unique_first, unique_second = set(first), set(second)
    if len(unique_first) == len(first) and len(unique_second) == len(second):
        return len(unique_first & unique_second)
    return (Counter(first) & Counter(second)).total()


def _touch(first: Offsets, second: Offsets) -> bool:
    """Sharing a code point, or the same offsets (so empty spans can still match each other)."""
    return (first[0] < second[1] and second[0] < first[1]) or first == second


def overlap_matches(first: Sequence[Offsets], second: Sequence[Offsets]) -> int:
    """The largest number of disjoint pairs of a span of `first` and one of `second` that touch
    (one label's spans of two annotators): a maximum matching, so the figure does not depend on
    span order and one long span cannot absorb several short ones."""
    if not first or not second:
        return 0
    adjacency = [[j for j, other in enumerate(second) if _touch(span, other)] for span in first]
    return _maximum_matching(adjacency, len(second))


def _by_label(spans: Iterable[Span]) -> dict[str, list[Offsets]]:
    grouped: dict[str, list[Offsets]] = defaultdict(list)
    for span in spans:
        grouped[span.label].append((span.start, span.end))
    return grouped


def exact_counts(spans_a: Iterable[Span], spans_b: Iterable[Span]) -> SpanCounts:
    """Spans of A and B and how many of them pair up with identical start, end and label."""
    a, b = _by_label(spans_a), _by_label(spans_b)
    return SpanCounts(sum(map(len, a.values())), sum(map(len, b.values())),
                      sum(exact_matches(offsets, b.get(label, [])) for label, offsets in a.items()))


def overlap_counts(spans_a: Iterable[Span], spans_b: Iterable[Span]) -> SpanCounts:
    """Spans of A and B and how many pair up one-to-one with the same label and touching offsets
    (see `overlap_matches`)."""
    a, b = _by_label(spans_a), _by_label(spans_b)
    return SpanCounts(sum(map(len, a.values())), sum(map(len, b.values())),
                      sum(overlap_matches(offsets, b.get(label, [])) for label, offsets in a.items()))


def _maximum_matching(adjacency: Sequence[Sequence[int]], right_count: int) -> int:
    """Size of a maximum one-to-one matching in a bipartite graph (augmenting paths, breadth first)."""
    match_left = [-1] * len(adjacency)
    match_right = [-1] * right_count
    size = 0
    for root in range(len(adjacency)):
        reached_from: dict[int, int] = {}
        queue, seen = deque([root]), {root}
        free = -1
        while queue and free < 0:
            left = queue.popleft()
            for right in adjacency[left]:
                if right in reached_from:
                    continue
                reached_from[right] = left
                if match_right[right] < 0:
                    free = right
                    break
                if match_right[right] not in seen:
                    seen.add(match_right[right])
                    queue.append(match_right[right])
        right = free
        while right >= 0:
            left = reached_from[right]
            previous = match_left[left]
            match_left[left], match_right[right] = right, left
            right = previous if left != root else -1
        size += free >= 0
    return size
