"""Pending suggestions painted on the document view: a dashed outline in the label's colour
around each one, drawn before (so under) the analysts' spans, and nothing at all where the
analyst's own layer already has a span with the same place and label.

Suggestions are kept sorted by their Qt start (UTF-16 units); a paint bisects to the visible
blocks (widened by the longest suggestion, since suggestions may overlap), so its cost follows
the screen, not how many suggestions the document has. With none, a paint costs one test.
The current suggestion of suggestion review gets a light fill and a stronger outline.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from annotator.ui.find_highlights import BlockLines

if TYPE_CHECKING:
    from annotator.model import Suggestion
    from annotator.ui.span_index import SpanIndex

OUTLINE_PX = 1.5
CURRENT_OUTLINE_PX = 2.5
CURRENT_ALPHA = 70        # of the current suggestion's fill (0–255)
DEFAULT_COLOR = QColor("#888888")


class SuggestionMarks:
    """The open document's pending suggestions as the view paints them."""

    def __init__(self) -> None:
        self.starts: list[int] = []          # Qt positions, sorted
        self.ends: list[int] = []
        self.items: list[Suggestion] = []    # in the order of `starts`
        self._rows: dict[int, int] = {}      # suggestion id -> its index
        self.longest = 0
        self.current: int | None = None      # the id of suggestion review's current one
        self.shown = True
        self.analyst_id = ""                 # whose layer hides a suggestion it already has

    def set(self, placed: list[tuple[int, int, Suggestion]]) -> None:
        """The suggestions with their Qt (start, end)."""
        placed = sorted(placed, key=lambda p: (p[0], -p[1], p[2].id))
        self.starts = [start for start, _, _ in placed]
        self.ends = [end for _, end, _ in placed]
        self.items = [suggestion for _, _, suggestion in placed]
        self._rows = {suggestion.id: i for i, suggestion in enumerate(self.items)}
        self.longest = max((end - start for start, end, _ in placed), default=0)

    def __len__(self) -> int:
        return len(self.items)

    def painted(self) -> bool:
        return self.shown and bool(self.items)

    def overlapping(self, start: int, end: int) -> list[int]:
        """Indexes of the suggestions that share a position with Qt's [start, end)."""
        low = bisect_left(self.starts, start - self.longest)
        high = bisect_left(self.starts, end)
        return [i for i in range(low, high) if self.ends[i] > start]

    def at(self, position: int) -> list[Suggestion]:
        """The suggestions over the character at a Qt position, shortest first."""
        found = self.overlapping(position, position + 1)
        found.sort(key=lambda i: self.ends[i] - self.starts[i])
        return [self.items[i] for i in found]

    def already_tagged(self, suggestion_id: int, spans: SpanIndex) -> bool:
        """Whether the analyst's layer (in `spans`, the view's index) has this suggestion's span."""
        i = self._rows.get(suggestion_id)
        return i is not None and self._already_tagged(i, spans)

    def _already_tagged(self, i: int, spans: SpanIndex) -> bool:
        suggestion, start, end = self.items[i], self.starts[i], self.ends[i]
        return any(p.start == start and p.end == end and p.span.label == suggestion.label
                   and p.span.annotator_id == self.analyst_id for p in spans.overlapping(start, start + 1))

    def visible(self, start: int, end: int, spans: SpanIndex) -> list[Suggestion]:
        """The suggestions painted in Qt's [start, end): those the analyst's layer (in `spans`,
        the view's index) does not already have."""
        return [self.items[i] for i in self._visible(start, end, spans)]

    def _visible(self, start: int, end: int, spans: SpanIndex) -> list[int]:
        return [i for i in self.overlapping(start, end) if not self._already_tagged(i, spans)]

    def paint(self, painter: QPainter, area: QRectF, blocks: list[tuple[object, QRectF]],
              colors: dict[str, QColor], spans: SpanIndex) -> None:
        if not self.painted() or not blocks:
            return
        first, last = blocks[0][0], blocks[-1][0]
        visible = self._visible(first.position(), last.position() + last.length(), spans)
        if not visible:
            return
        painter.save()
        painter.setRenderHint(QPainter.Antialiasing, True)
        painter.setBrush(Qt.NoBrush)
        for block, geometry in blocks:
            block_start = block.position()
            block_end = block_start + block.length() - 1
            lines = None
            for i in visible:
                start, end = max(self.starts[i], block_start), min(self.ends[i], block_end)
                if start >= end:
                    continue
                suggestion = self.items[i]
                color = colors.get(suggestion.label, DEFAULT_COLOR)
                current = suggestion.id == self.current
                pen = QPen(color, CURRENT_OUTLINE_PX if current else OUTLINE_PX, Qt.DashLine)
                lines = lines or BlockLines(block, geometry)
                for rect in lines.rects(start, end):
                    if rect.bottom() < area.top() or rect.top() > area.bottom():
                        continue
                    rect = rect.adjusted(-2, -1, 2, 1)
                    if current:
                        fill = QColor(color)
                        fill.setAlpha(CURRENT_ALPHA)
                        painter.fillRect(rect, fill)
                    painter.setPen(pen)
                    painter.drawRoundedRect(rect, 3, 3)
        painter.restore()
