"""The find bar's hits painted on the document view: every hit in the visible lines, the
current one stronger. Hits are kept sorted in Qt's UTF-16 positions; a paint looks up the
visible blocks' hits by bisection, so its cost follows the screen, not the hit count."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPen

HIT_FILL = QColor(255, 196, 0, 90)         # translucent: the span fill under it stays visible
CURRENT_FILL = QColor(255, 140, 0, 150)
CURRENT_BORDER = QColor(200, 90, 0)


class BlockLines:
    """One block's laid-out lines, found by bisection: a paint asks for the rectangles of many
    stretches of one long paragraph, and each costs the lines it covers, not the block's."""

    def __init__(self, block, geometry: QRectF) -> None:
        self.position = block.position()
        layout = block.layout()
        self.lines = [layout.lineAt(n) for n in range(layout.lineCount())]
        self.starts = [line.textStart() for line in self.lines]
        self.geometry = geometry

    def rects(self, start: int, end: int) -> Iterator[QRectF]:
        """The rectangles Qt's [start, end) (document positions) covers on each line, in the
        coordinates of `geometry`, the block's place on screen."""
        start, end = start - self.position, end - self.position
        left, top = self.geometry.left(), self.geometry.top()
        for line in self.lines[max(0, bisect_right(self.starts, start) - 1):]:
            line_start = line.textStart()
            if line_start >= end:
                break
            a, b = max(start, line_start), min(end, line_start + line.textLength())
            if a >= b:
                continue
            x1, x2 = line.cursorToX(a)[0], line.cursorToX(b)[0]
            yield QRectF(left + min(x1, x2), top + line.y(), abs(x2 - x1), line.height())


class FindHighlights:
    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.current = -1

    def set_hits(self, hits_utf16: list[tuple[int, int]], current: int) -> None:
        self.starts = [start for start, _ in hits_utf16]
        self.ends = [end for _, end in hits_utf16]
        self.current = current

    def clear(self) -> None:
        self.set_hits([], -1)

    def paint(self, painter: QPainter, blocks: list[tuple[object, QRectF]]) -> None:
        if not self.starts or not blocks:
            return
        first, last = blocks[0][0], blocks[-1][0]
        low = bisect_left(self.ends, first.position() + 1)
        high = bisect_left(self.starts, last.position() + last.length())
        if low >= high:
            return
        for block, geometry in blocks:
            block_start = block.position()
            block_end = block_start + block.length() - 1
            lines = BlockLines(block, geometry)
            for i in range(low, high):
                start, end = max(self.starts[i], block_start), min(self.ends[i], block_end)
                if start >= end:
                    continue
                for rect in lines.rects(start, end):
                    painter.fillRect(rect, CURRENT_FILL if i == self.current else HIT_FILL)
                    if i == self.current:
                        painter.setPen(QPen(CURRENT_BORDER, 1))
                        painter.drawRect(rect.adjusted(-1, -1, 0, 0))
