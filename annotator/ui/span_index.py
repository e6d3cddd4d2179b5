"""An index of span intervals in Qt positions (UTF-16 units) for painting and hit-testing.

The text is cut into fixed chunks; each span is listed in every chunk it touches.
Finding the spans in the visible part of a long document then costs what is
visible, not what the document holds, and adding or removing a span is O(1) for
the usual short span.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.model import Span

CHUNK = 1024


@dataclass(slots=True)
class Placed:
    """A span with its Qt start and end (UTF-16 units, end exclusive)."""

    start: int
    end: int
    span: Span

    @property
    def id(self) -> int:
        return self.span.id


class SpanIndex:
    def __init__(self, placed: list[Placed] | None = None) -> None:
        self._chunks: dict[int, list[Placed]] = {}
        self._by_id: dict[int, Placed] = {}
        for item in placed or ():
            self.add(item)

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, span_id: int) -> bool:
        return span_id in self._by_id

    def get(self, span_id: int) -> Placed | None:
        return self._by_id.get(span_id)

    def add(self, item: Placed) -> None:
        if item.id in self._by_id:
            self.remove(item.id)
        self._by_id[item.id] = item
        for chunk in range(item.start // CHUNK, (item.end - 1) // CHUNK + 1):
            self._chunks.setdefault(chunk, []).append(item)

    def remove(self, span_id: int) -> Placed | None:
        item = self._by_id.pop(span_id, None)
        if item is not None:
            for chunk in range(item.start // CHUNK, (item.end - 1) // CHUNK + 1):
                bucket = self._chunks[chunk]
                bucket.remove(item)
                if not bucket:
                    del self._chunks[chunk]
        return item

    def overlapping(self, start: int, end: int) -> list[Placed]:
        """Spans that share at least one position with [start, end), ordered by (start, -end)."""
        found: dict[int, Placed] = {}
        for chunk in range(start // CHUNK, max(start, end - 1) // CHUNK + 1):
            for item in self._chunks.get(chunk, ()):
                if item.start < end and item.end > start:
                    found[item.id] = item
        return sorted(found.values(), key=lambda p: (p.start, -p.end, p.id))

    def at(self, position: int) -> list[Placed]:
        """Spans containing the character at `position`, innermost (shortest) first."""
        hits = self.overlapping(position, position + 1)
        return sorted(hits, key=lambda p: (p.end - p.start, p.start, p.id))

    def unordered(self):
        """Every span placed, in no particular order (cheaper than `ordered` for a scan)."""
        return self._by_id.values()

    def ordered(self) -> list[Placed]:
        return sorted(self._by_id.values(), key=lambda p: (p.start, -p.end, p.id))
