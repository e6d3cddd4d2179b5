"""Zooming the text: whole point steps, bounded, the top line kept, spans painted under their words."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QTextCursor, QWheelEvent
from PySide6.QtWidgets import QApplication

from annotator.model import Span
from annotator.ui.app import application
from annotator.ui.document_view import BASE_POINT_SIZE, MAX_ZOOM, MIN_ZOOM, DocumentView

PARAGRAPH = ("Engin Ozer said that a ceasefire could be declared even today, and that the talks in "
             "Istanbul had settled the status of Russian and American properties. ")
TEXT = "\n".join(f"{i}. {PARAGRAPH * 3}" for i in range(60))


@pytest.fixture
def view(qtbot):
    application()
    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.set_colors({"Actor": "#3B82D6"})
    start = TEXT.index("Engin Ozer")
    view.show_document(TEXT, [Span(id=1, document_id="d", label="Actor", start=start, end=start + 10,
                                   annotator_id="a")])
    view.show()
    qtbot.waitExposed(view)
    return view


def point_size(view: DocumentView) -> float:
    return view.font().pointSizeF()


def char_rect(view: DocumentView, position: int):
    cursor = QTextCursor(view.document())
    cursor.setPosition(position)
    return view.cursorRect(cursor)


def test_zoom_in_grows_the_text_a_point_and_says_so(qtbot, view):
    with qtbot.waitSignal(view.zoomChanged) as signal:
        view.zoom_in()
    assert signal.args == [1]
    assert view.zoom_level() == 1 and point_size(view) == BASE_POINT_SIZE + 1


def test_zoom_out_and_reset(view):
    view.zoom_out()
    view.zoom_out()
    assert view.zoom_level() == -2 and point_size(view) == BASE_POINT_SIZE - 2
    view.zoom_reset()
    assert view.zoom_level() == 0 and point_size(view) == BASE_POINT_SIZE


def test_zoom_stops_at_its_bounds_without_a_signal(qtbot, view):
    view.set_zoom(1000)
    assert view.zoom_level() == MAX_ZOOM and point_size(view) <= 32
    with qtbot.assertNotEmitted(view.zoomChanged):
        view.zoom_in()
    view.set_zoom(-1000)
    assert view.zoom_level() == MIN_ZOOM and point_size(view) >= 7


def test_the_top_line_stays_at_the_top(view):
    bar = view.verticalScrollBar()
    middle = bar.maximum() // 2
    for value in range(middle, middle + 6):  # tops at a paragraph's start, middle and last line
        view.zoom_reset()
        bar.setValue(value)
        top = view.cursorForPosition(QPoint(40, 2)).position()
        for step in (view.zoom_in, view.zoom_in, view.zoom_in, view.zoom_out, view.zoom_reset):
            step()
            rect = char_rect(view, top)
            assert -2 <= rect.top() < rect.height(), (value, step.__name__)


def test_the_span_is_painted_under_its_words_after_zooming(qtbot, view):
    start = TEXT.index("Engin Ozer")
    before = char_rect(view, start + 10).left() - char_rect(view, start).left()
    view.set_zoom(6)
    QApplication.processEvents()
    first, last = char_rect(view, start), char_rect(view, start + 10)
    assert last.left() - first.left() > before * 1.3
    fill = view.span_fill("Actor").name()
    image = view.viewport().grab().toImage()
    pixels = Counter(image.pixelColor(x, y).name() for x in range(first.left() + 1, last.left() - 1)
                     for y in range(first.top() + 1, first.bottom() - 1))
    assert pixels.most_common(1)[0][0] == fill
    assert image.pixelColor(last.left() + 8, first.center().y()).name() != fill  # the fill ends with the span


def test_ctrl_wheel_zooms_in_steps(view):
    def wheel(delta: int, modifiers=Qt.ControlModifier) -> None:
        event = QWheelEvent(QPointF(50, 50), QPointF(view.mapToGlobal(QPoint(50, 50))), QPoint(0, 0),
                            QPoint(0, delta), Qt.NoButton, modifiers, Qt.NoScrollPhase, False)
        QApplication.sendEvent(view.viewport(), event)

    wheel(120)
    assert view.zoom_level() == 1
    wheel(60)
    wheel(60)  # a touchpad's half-notches add up
    assert view.zoom_level() == 2
    wheel(-240)
    assert view.zoom_level() == 0
