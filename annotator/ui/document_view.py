"""The document text: read-only, selectable by mouse and keyboard, with spans painted on it.

Spans are painted from a `SpanIndex` behind the text for the visible lines only;
the document's character formats are never written, so opening a long document
with many spans costs what the screen shows. Each span gets a light fill in
its label's color and an underline; overlapping and nested spans stack their
underlines so that an actor inside a claim stays visible.

Positions inside this widget are Qt's (UTF-16 units); everything it hands out or
takes in from the window is code points, converted by `annotator.offsets`.

Fills are computed by `annotator.colors.readable_fill`, so text over any span keeps a WCAG
contrast of 4.5:1 with the page and text colours of the current palette, light or dark; a palette
change drops the cached fills. Zoom changes the font's point size in whole steps; nothing painted
is cached by geometry, so spans follow the new line layout.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
    QTextBlockFormat,
    QTextCursor,
    QTextOption,
    QWheelEvent,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from annotator.colors import is_dark, readable_fill
from annotator.model import Span
from annotator.offsets import OffsetMap, display_text
from annotator.ui.find_highlights import FindHighlights
from annotator.ui.span_index import Placed, SpanIndex
from annotator.ui.suggestion_marks import SuggestionMarks

FILL_TINT = 0.78          # how far a label color is mixed towards the page for a span's fill
SELECTED_FILL_TINT = 0.55
UNDERLINE_PX = 2
INCOMPLETE_COLOR = "#c2410c"   # the flag on an incomplete claim (and its cells in the claims list)
UNDERLINE_STEP_PX = 3
LINE_GAP_PX = 12
MAX_LEVELS = 3
ANNOTATOR_DASHES = [Qt.SolidLine, Qt.DashLine, Qt.DotLine, Qt.DashDotLine, Qt.DashDotDotLine]
BASE_POINT_SIZE = 11.5
ZOOM_STEP_PT = 1.0
MIN_ZOOM = -4             # 7.5 pt
MAX_ZOOM = 20             # 31.5 pt
_WHEEL_STEP = 120         # angleDelta units of one wheel notch


class DocumentView(QPlainTextEdit):
    """Shows one document. Emits `span_clicked(span_id or None)` when the analyst clicks, and
    `zoomChanged(steps)` when the text size changes (steps from the default size, see `set_zoom`)."""

    span_clicked = Signal(object)
    zoomChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentView")
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        self.setLineWrapMode(QPlainTextEdit.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapAtWordBoundaryOrAnywhere)
        self.document().setUndoRedoEnabled(False)
        self.document().setDocumentMargin(28)
        font = QFont()
        font.setFamilies(["Source Serif 4", "Noto Serif", "DejaVu Serif", "Georgia", "serif"])
        font.setPointSizeF(BASE_POINT_SIZE)
        self.setFont(font)
        self._zoom = 0
        self._zoom_anchor: tuple[int, int] | None = None  # (Qt position, scroll value) of the last zoom
        self._wheel_delta = 0
        self.text = ""
        self.offsets = OffsetMap("")
        self.index = SpanIndex()
        self.colors: dict[str, QColor] = {}
        self.annotator_styles: dict[str, Qt.PenStyle] = {}
        self.selected_span_id: int | None = None
        self.incomplete_claims: set[int] = set()   # Claim spans whose frame lacks a speaker or issue
        self.outlined: set[int] = set()            # the selected claim's speaker and issue spans
        self._styles: dict[tuple[str, str, bool], tuple[QColor, QPen, QPen]] = {}
        self.find_highlights = FindHighlights()   # the find bar's hits (UTF-16), painted over spans
        self.suggestion_marks = SuggestionMarks()  # pending suggestions (UTF-16), painted under spans

    # -- content -------------------------------------------------------------------------

    def show_document(self, text: str, spans: list[Span]) -> None:
        """Replaces the text and spans; the first paint only lays out what is visible."""
        self.text = text
        self.offsets = OffsetMap(text)
        self.find_highlights.clear()
        self.suggestion_marks.set([])
        self.selected_span_id = None
        self._zoom_anchor = None
        self.setPlainText(display_text(text))
        cursor = QTextCursor(self.document())
        cursor.select(QTextCursor.Document)
        spacing = QTextBlockFormat()
        spacing.setLineHeight(LINE_GAP_PX, QTextBlockFormat.LineDistanceHeight.value)
        cursor.setBlockFormat(spacing)
        self.set_spans(spans)

    def set_spans(self, spans: list[Span]) -> None:
        self.index = SpanIndex([self._place(span) for span in spans])
        self.viewport().update()

    def set_claim_marks(self, incomplete: set[int], outlined: set[int]) -> None:
        """Marks incomplete claims (a corner flag at their start) and outlines the selected
        claim's speaker and issue spans (painted with the visible lines, like every span)."""
        if incomplete == self.incomplete_claims and outlined == self.outlined:
            return
        self.incomplete_claims, self.outlined = incomplete, outlined
        self.viewport().update()

    def set_colors(self, colors: dict[str, str]) -> None:
        self.colors = {name: QColor(value) for name, value in colors.items()}
        self._styles.clear()
        self.viewport().update()

    def set_annotator_styles(self, annotator_ids: list[str]) -> None:
        """Gives each shown annotator's layer its own underline pattern (solid, dashed, dotted …)."""
        self.annotator_styles = {aid: ANNOTATOR_DASHES[i % len(ANNOTATOR_DASHES)]
                                 for i, aid in enumerate(annotator_ids)}
        self._styles.clear()
        self.viewport().update()

    def add_span(self, span: Span) -> None:
        self.index.add(self._place(span))
        self._update_range(span)

    def remove_span(self, span_id: int) -> None:
        placed = self.index.remove(span_id)
        if self.selected_span_id == span_id:
            self.selected_span_id = None
        self._update_placed(placed)

    def _place(self, span: Span) -> Placed:
        return Placed(self.offsets.to_utf16(span.start), self.offsets.to_utf16(span.end), span)

    def _update_range(self, span: Span) -> None:
        self._update_placed(self._place(span))

    def _update_placed(self, placed: Placed | None) -> None:
        """Repaints just the paragraphs a span lies in, and only if they are on screen:
        tagging in a long document then redraws a few lines, not the whole view."""
        if placed is None:
            return
        document = self.document()
        first = document.findBlock(placed.start)
        last = document.findBlock(max(placed.start, placed.end - 1))
        if not first.isValid() or not last.isValid():
            self.viewport().update()
            return
        offset = self.contentOffset()
        top = self.blockBoundingGeometry(first).translated(offset).top()
        bottom = self.blockBoundingGeometry(last).translated(offset).bottom()
        height = self.viewport().height()
        if bottom < 0 or top > height:
            return
        self.viewport().update(0, max(0, int(top) - 2), self.viewport().width(),
                               int(bottom - top) + 4 + MAX_LEVELS * UNDERLINE_STEP_PX)

    # -- zoom ----------------------------------------------------------------------------

    def zoom_level(self) -> int:
        """Steps of ZOOM_STEP_PT from the default size: 0 is 11.5 pt, 2 is 13.5 pt."""
        return self._zoom

    def set_zoom(self, steps: int) -> None:
        """Sets the text size to `steps` (clamped to MIN_ZOOM…MAX_ZOOM), keeping the line at the
        top of the view at the top. Emits zoomChanged if the size changed."""
        steps = max(MIN_ZOOM, min(MAX_ZOOM, int(steps)))
        if steps == self._zoom:
            return
        top = self._top_position()
        font = self.font()
        font.setPointSizeF(BASE_POINT_SIZE + steps * ZOOM_STEP_PT)
        self.setFont(font)
        self._zoom = steps
        self._scroll_to_top(top)
        self.viewport().update()
        self.zoomChanged.emit(steps)

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom + 1)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom - 1)

    def zoom_reset(self) -> None:
        self.set_zoom(0)

    def _top_position(self) -> int:
        """The Qt position at the start of the top line. Repeated zooms keep the first one's
        anchor while the view has not been scrolled, so the text does not creep away step by step."""
        if self._zoom_anchor is not None and self._zoom_anchor[1] == self.verticalScrollBar().value():
            return self._zoom_anchor[0]
        return self.cursorForPosition(QPoint(0, 1)).position()

    def _scroll_to_top(self, position: int) -> None:
        """Scrolls so that the line holding `position` is the first one. A QPlainTextEdit's vertical
        scroll bar counts lines: a new font resets every block to one line until it is laid out
        again, so laying out the one block wanted makes its first line number exact."""
        block = self.document().findBlock(position)
        if not block.isValid():
            return
        self.document().documentLayout().blockBoundingRect(block)  # lays the block out
        line = block.layout().lineForTextPosition(position - block.position())
        bar = self.verticalScrollBar()
        bar.setValue(block.firstLineNumber() + (line.lineNumber() if line.isValid() else 0))
        self._zoom_anchor = (position, bar.value())

    # -- selection -----------------------------------------------------------------------

    def selection_range(self) -> tuple[int, int] | None:
        """The selected text as code points (start, end), or None when nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return (self.offsets.to_codepoint(cursor.selectionStart()),
                self.offsets.to_codepoint(cursor.selectionEnd()))

    def select_range(self, start: int, end: int) -> None:
        """Selects code points [start, end) as if the analyst had dragged over them."""
        cursor = self.textCursor()
        cursor.setPosition(self.offsets.to_utf16(start))
        cursor.setPosition(self.offsets.to_utf16(end), QTextCursor.KeepAnchor)
        self.setTextCursor(cursor)

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def select_span(self, span_id: int | None, scroll: bool = True) -> None:
        """Marks a span as the current one (drawn with a border) and brings it into view."""
        previous = self.index.get(self.selected_span_id) if self.selected_span_id is not None else None
        self.selected_span_id = span_id
        placed = self.index.get(span_id) if span_id is not None else None
        if placed is not None and scroll:
            cursor = self.textCursor()
            cursor.setPosition(placed.end)
            cursor.setPosition(placed.start)
            self.setTextCursor(cursor)
            self.centerCursor()
            self.viewport().update()
            return
        self._update_placed(previous)
        self._update_placed(placed)

    def show_position(self, codepoint: int) -> None:
        """Brings a code point into view (the cursor goes there; nothing is selected)."""
        cursor = self.textCursor()
        cursor.setPosition(self.offsets.to_utf16(codepoint))
        self.setTextCursor(cursor)
        self.centerCursor()

    def span_at(self, position: int) -> list[Placed]:
        """Spans under a Qt position, innermost first."""
        return self.index.at(position)

    def step_span(self, forward: bool) -> int | None:
        """The id of the next (or previous) span after the current one or the cursor."""
        ordered = self.index.ordered()
        if not ordered:
            return None
        current = self.index.get(self.selected_span_id) if self.selected_span_id is not None else None
        if current is not None:
            i = ordered.index(current)
            return ordered[(i + (1 if forward else -1)) % len(ordered)].id
        position = self.textCursor().position()
        if forward:
            after = [p for p in ordered if p.start >= position]
            return (after[0] if after else ordered[0]).id
        before = [p for p in ordered if p.start < position]
        return (before[-1] if before else ordered[-1]).id

    # -- events --------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # Tab walks through spans instead of moving focus out of the text.
        if event.type() == QEvent.KeyPress and event.key() in (Qt.Key_Tab, Qt.Key_Backtab) \
                and not event.modifiers() & (Qt.ControlModifier | Qt.AltModifier):
            span_id = self.step_span(forward=event.key() == Qt.Key_Tab)
            if span_id is not None:
                self.select_span(span_id)
                self.span_clicked.emit(span_id)
            return True
        return super().event(event)

    def changeEvent(self, event: QEvent) -> None:
        # A new palette (theme switch, the platform going dark) means new fills and borders.
        if event.type() in (QEvent.PaletteChange, QEvent.ApplicationPaletteChange, QEvent.StyleChange):
            self._styles.clear()
            self.viewport().update()
        super().changeEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        # Ctrl+wheel zooms in our steps (QPlainTextEdit's own zoom would bypass zoom_level and the
        # signal). Touchpads send small deltas: they add up to whole steps.
        if event.modifiers() & Qt.ControlModifier:
            self._wheel_delta += event.angleDelta().y()
            steps = int(self._wheel_delta / _WHEEL_STEP)
            if steps:
                self._wheel_delta -= steps * _WHEEL_STEP
                self.set_zoom(self._zoom + steps)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key_Escape:
            self.clear_selection()
            self.select_span(None)
            self.span_clicked.emit(None)
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.LeftButton or self.textCursor().hasSelection():
            return
        position = self.cursorForPosition(event.position().toPoint()).position()
        hits = self.span_at(position)
        if not hits:
            self.select_span(None, scroll=False)
            self.span_clicked.emit(None)
            return
        # A second click on a selected span steps out to the span enclosing it.
        ids = [p.id for p in hits]
        if self.selected_span_id in ids:
            chosen = ids[(ids.index(self.selected_span_id) + 1) % len(ids)]
        else:
            chosen = ids[0]
        self.select_span(chosen, scroll=False)
        self.span_clicked.emit(chosen)

    # -- painting ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        try:
            area = QRectF(event.rect())
            # The blocks on screen, found once for the three painters (none: nothing to paint).
            blocks = self._visible_blocks(area) if (
                len(self.index) or self.suggestion_marks.painted() or self.find_highlights.starts) else []
            if self.suggestion_marks.painted():
                self.suggestion_marks.paint(painter, area, blocks, self.colors, self.index)
            self._paint_spans(painter, area, blocks)
            if self.find_highlights.starts:
                self.find_highlights.paint(painter, blocks)
        finally:
            painter.end()
        super().paintEvent(event)

    def _visible_blocks(self, area: QRectF) -> list[tuple[object, QRectF]]:
        blocks = []
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > area.bottom():
                break
            if block.isVisible() and geometry.bottom() >= area.top():
                blocks.append((block, geometry))
            block = block.next()
        return blocks

    def _paint_spans(self, painter: QPainter, area: QRectF, blocks: list[tuple[object, QRectF]]) -> None:
        if not len(self.index) or not blocks:
            return
        first, last = blocks[0][0], blocks[-1][0]
        visible = self.index.overlapping(first.position(), last.position() + last.length())
        if not visible:
            return
        levels = _stack_levels(visible)
        painter.setRenderHint(QPainter.Antialiasing, False)
        for block, geometry in blocks:
            block_start = block.position()
            block_end = block_start + block.length() - 1
            lines = None
            for placed in visible:
                if placed.end <= block_start or placed.start > block_end:
                    continue
                if lines is None:
                    layout = block.layout()
                    lines = [layout.lineAt(i) for i in range(layout.lineCount())]
                    bounds = [(line.textStart(), line.textStart() + line.textLength()) for line in lines]
                start = max(placed.start, block_start) - block_start
                end = min(placed.end, block_end) - block_start
                self._paint_span_in_block(painter, lines, bounds, geometry, placed, start, end,
                                          levels[placed.id])
                if placed.id in self.outlined or (placed.id in self.incomplete_claims
                                                  and placed.start >= block_start):
                    self._paint_claim_marks(painter, lines, bounds, geometry, placed, start, end,
                                            placed.start >= block_start)

    def _paint_span_in_block(self, painter: QPainter, lines: list, bounds: list[tuple[int, int]],
                             geometry: QRectF, placed: Placed, start: int, end: int, level: int) -> None:
        selected = placed.id == self.selected_span_id
        key = (placed.span.label, placed.span.annotator_id, selected)
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = self._span_style(*key)
        fill, pen, border = style
        for line, (line_start, line_end) in zip(lines, bounds):
            if line_end <= start:
                continue
            if line_start >= end:
                break
            a, b = max(start, line_start), min(end, line_end)
            if a >= b:
                continue
            x1, x2 = line.cursorToX(a)[0], line.cursorToX(b)[0]
            left = geometry.left() + min(x1, x2)
            rect = QRectF(left, geometry.top() + line.y(), abs(x2 - x1), line.height())
            painter.fillRect(rect, fill)
            y = rect.bottom() + min(level, MAX_LEVELS - 1) * UNDERLINE_STEP_PX
            painter.setPen(pen)
            painter.drawLine(int(rect.left()), int(y), int(rect.right()), int(y))
            if selected:
                painter.setPen(border)
                painter.drawRect(rect.adjusted(-1, -1, 1, 1))

    def _paint_claim_marks(self, painter: QPainter, lines: list, bounds: list[tuple[int, int]],
                           geometry: QRectF, placed: Placed, start: int, end: int, begins_here: bool) -> None:
        outlined = placed.id in self.outlined
        flag = begins_here and placed.id in self.incomplete_claims
        pen = QPen(self.palette().highlight().color(), 2, Qt.DashLine)
        for line, (line_start, line_end) in zip(lines, bounds):
            if line_end <= start or line_start >= end:
                continue
            a, b = max(start, line_start), min(end, line_end)
            if a >= b:
                continue
            x1, x2 = line.cursorToX(a)[0], line.cursorToX(b)[0]
            rect = QRectF(geometry.left() + min(x1, x2), geometry.top() + line.y(), abs(x2 - x1), line.height())
            if outlined:
                painter.setPen(pen)
                painter.setBrush(Qt.NoBrush)
                painter.drawRect(rect.adjusted(-3, -2, 3, 2))
            if flag:
                size = max(8.0, line.height() / 2)
                corner = QPolygonF([rect.topLeft(), rect.topLeft() + QPointF(size, 0),
                                    rect.topLeft() + QPointF(0, size)])
                painter.setPen(Qt.NoPen)
                painter.setBrush(QColor(INCOMPLETE_COLOR))
                painter.drawPolygon(corner)
                painter.setBrush(Qt.NoBrush)
                flag = False

    def span_fill(self, label: str, selected: bool = False) -> QColor:
        """The fill painted under a span of `label` on the current palette's page."""
        return self._span_style(label, "", selected)[0]

    def _span_style(self, label: str, annotator_id: str, selected: bool) -> tuple[QColor, QPen, QPen]:
        """Fill, underline and border for a label, layer and selection state (cached until the
        colours or the palette change, since a paint may draw hundreds of spans)."""
        color = self.colors.get(label, QColor("#888888"))
        fill = QColor(span_fill(color.name(), self.palette().base().color().name(),
                                self.palette().text().color().name(), selected))
        pen = QPen(color, UNDERLINE_PX)
        pen.setStyle(self.annotator_styles.get(annotator_id, Qt.SolidLine))
        dark_page = is_dark(self.palette().base().color().name())
        return fill, pen, QPen(color.lighter(150) if dark_page else color.darker(140), 1.5)


def span_fill(color: str, page: str, text: str, selected: bool = False) -> str:
    """An opaque mix of a label color with the page color, mixed further towards the page where
    needed to keep `text` readable on it (WCAG 4.5:1). Opaque, so that a span nested in another
    shows its own color rather than a muddy blend of both."""
    return readable_fill(color, page, text, SELECTED_FILL_TINT if selected else FILL_TINT)


def _stack_levels(spans: list[Placed]) -> dict[int, int]:
    """Underline rows for overlapping spans: the outermost span gets row 0 (lowest), a span
    inside or across it the next free row, so no two overlapping underlines coincide."""
    row_ends: list[int] = []
    levels: dict[int, int] = {}
    for placed in spans:  # ordered by (start, -end)
        for row, row_end in enumerate(row_ends):
            if row_end <= placed.start:
                row_ends[row] = placed.end
                levels[placed.id] = row
                break
        else:
            levels[placed.id] = len(row_ends)
            row_ends.append(placed.end)
    return levels
