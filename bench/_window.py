"""Driving the real MainWindow offscreen for the bench scripts: open, paint, tag, scroll.

Each `time_*` function measures one user-visible step from the event that starts it
to the end of the paint that shows it, and returns seconds. A paint counter on the
text view checks that a paint really happened inside the timed region (offscreen
Qt still paints into its backing store); if the event loop did not paint, the step
forces a synchronous `repaint()` so a figure never leaves the paint out.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

from _measure import clock
from PySide6.QtCore import QEvent, QObject, QSettings, Qt, qInstallMessageHandler
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

_previous_handler = None


def _quiet_offscreen(mode, context, message) -> None:
    """Drops the offscreen platform's one harmless warning; passes everything else on."""
    if "propagateSizeHints" in message:
        return
    if _previous_handler is not None:
        _previous_handler(mode, context, message)
    else:
        print(message, file=sys.stderr)


_previous_handler = qInstallMessageHandler(_quiet_offscreen)

ANALYST = "Bench Analyst"


class PaintCounter(QObject):
    """Counts paint events delivered to one widget."""

    def __init__(self, widget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Paint:
            self.count += 1
        return False


def settings_in(directory: Path) -> QSettings:
    settings = QSettings(str(directory / "bench-settings.ini"), QSettings.IniFormat)
    settings.setValue("analyst/name", ANALYST)
    settings.setValue("analyst/id", "bench-analyst")
    settings.setValue("snap_to_words", True)
    settings.sync()
    return settings


def open_bench_window(project_path: Path, directory: Path):
    """The real window over `project_path`, shown, active, with the text view focused."""
    from annotator.ui.app import application, open_window

    app = application()
    window = open_window(project_path, settings_in(directory), ask=False)
    window.show()
    window.activateWindow()
    wait_until(window.isActiveWindow)
    window.document_view.setFocus()
    wait_until(window.document_view.hasFocus)
    window.paints = PaintCounter(window.document_view.viewport())
    window.list_paints = PaintCounter(window.span_list.viewport())
    settle()
    return app, window


def wait_until(condition, timeout_s: float = 5.0) -> None:
    deadline = clock() + timeout_s
    while not condition():
        if clock() > deadline:
            raise TimeoutError(f"waited {timeout_s} s for {condition}")
        QApplication.processEvents()


def settle() -> None:
    """Lets posted events and pending paints run (outside any timed region)."""
    for _ in range(3):
        QApplication.processEvents()


def finish_paint(window, paints_before: int) -> None:
    """Delivers pending updates; forces a paint of the text view if none happened yet."""
    QApplication.processEvents()
    if window.paints.count == paints_before:
        window.document_view.viewport().repaint()


# -- the steps ---------------------------------------------------------------------------------

def time_open(window, document_id: int, other_id: int, via_list: bool = False) -> tuple[float, float]:
    """Opens `document_id` (after showing `other_id`, untimed) and paints the whole window with
    `grab()`. Returns (open seconds, open + paint seconds).

    By default the document is opened by `window.open_document(id)`; with `via_list` the way
    a click in the document list does it (its current index changes, the window follows)."""
    window.open_document(other_id)
    settle()
    t0 = clock()
    if via_list:
        model = window.document_model
        window.document_list.setCurrentIndex(model.index(model.row_of(document_id)))
    else:
        window.open_document(document_id)
    t1 = clock()
    window.grab()
    t2 = clock()
    settle()
    if window.document.id != document_id:
        raise RuntimeError(f"document {document_id} did not open")
    return t1 - t0, t2 - t0


def time_tag(window, start: int, end: int, until: str = "text", key=Qt.Key_1) -> float:
    """Selects [start, end) (untimed), then times the label hotkey: the command and the durable
    commit to the project file, and then

    - until="text": a synchronous repaint of the whole text view forced right after the key
      (what the analyst waits for; a full repaint, so a little more than the window's own
      partial update);
    - until="list": the event loop left to run as it would, until the text view has painted
      and the span list holds the new row and has painted it (the window may update the list
      and the counts a turn of the event loop later).
    """
    view = window.document_view
    view.select_range(start, end)
    settle()
    before_spans = len(window.span_model.spans)
    text_paints, list_paints = window.paints.count, window.list_paints.count
    t0 = clock()
    QTest.keyClick(view, key)
    if until == "text":
        view.viewport().repaint()
        elapsed = clock() - t0
    else:
        deadline = t0 + 5.0
        while (len(window.span_model.spans) == before_spans or window.paints.count == text_paints
               or window.list_paints.count == list_paints) and clock() < deadline:
            QApplication.processEvents()
            if len(window.span_model.spans) == before_spans:
                list_paints = window.list_paints.count   # only a paint after the row counts
        if window.list_paints.count == list_paints:
            window.span_list.viewport().repaint()
        elapsed = clock() - t0
    settle()
    if len(window.span_model.spans) != before_spans + 1:
        raise RuntimeError(f"the hotkey did not add a span at {start}..{end}")
    return elapsed


def time_tags(window, count: int) -> tuple[list[float], list[float]]:
    """`count` tags on distinct ranges, alternately timed until="text" and until="list"."""
    texts: list[float] = []
    lists: list[float] = []
    for i, (start, end) in enumerate(tag_ranges(window.document.text, count)):
        if i % 2 == 0:
            texts.append(time_tag(window, start, end, until="text"))
        else:
            lists.append(time_tag(window, start, end, until="list"))
    return texts, lists


def time_page_down(window) -> float:
    view = window.document_view
    paints = window.paints.count
    t0 = clock()
    QTest.keyClick(view, Qt.Key_PageDown)
    finish_paint(window, paints)
    return clock() - t0


def tag_ranges(text: str, count: int, limit: int = 2500) -> list[tuple[int, int]]:
    """`count` distinct word ranges (1–4 words) in the first `limit` characters, which are on
    screen after opening, so each tag repaints what the analyst is looking at."""
    import re

    words = [(m.start(), m.end()) for m in re.finditer(r"\w+", text[:limit])]
    ranges: list[tuple[int, int]] = []
    seen = set()
    width = 1
    while len(ranges) < count:
        for i in range(0, len(words) - width, 3):
            key = (words[i][0], words[i + width - 1][1])
            if key not in seen:
                seen.add(key)
                ranges.append(key)
                if len(ranges) == count:
                    break
        width += 1
    return ranges


# -- review ------------------------------------------------------------------------------------

def time_enter_review(window) -> float:
    """Review mode off (untimed), then on: from the action to the end of `window.grab()`, the
    whole window painted with the review dock filled in."""
    if window.review.active:
        window.review_action.trigger()
    settle()
    t0 = clock()
    window.review_action.trigger()
    window.grab()
    elapsed = clock() - t0
    settle()
    if not window.review.model.items:
        raise RuntimeError("review mode shows no findings")
    return elapsed


def time_decision(window) -> float:
    """N (untimed) to the next disagreement still to decide, then A timed: the command, the
    durable commit, and a synchronous repaint of the text view and the review table."""
    view, review = window.document_view, window.review
    QTest.keyClick(view, Qt.Key_N)
    settle()
    before = review.model.undecided
    t0 = clock()
    QTest.keyClick(view, Qt.Key_A)
    view.viewport().repaint()
    review.table.viewport().repaint()
    elapsed = clock() - t0
    settle()
    if review.model.undecided != before - 1:
        raise RuntimeError("A did not decide the finding")
    return elapsed


def count_review_progress(project_path: Path) -> tuple[float, float, tuple[int, int]]:
    """Every document's review state, counted by `ReviewProgress` as review mode does (in
    slices on the event loop). Returns (seconds in all, the longest slice, (documents with
    disagreements, disagreements still to decide))."""
    from annotator.store import Project
    from annotator.ui.app import application
    from annotator.ui.review_progress import ReviewProgress

    app = application()
    with Project(project_path, create=False) as project:
        chosen = project.layer_ids(all_but_gold=True)
        counter = ReviewProgress(project)
        longest = 0.0
        t0 = clock()
        counter.start(chosen)
        while not counter.complete:
            s0 = clock()
            app.processEvents()
            longest = max(longest, clock() - s0)
        total = clock() - t0
        return total, longest, (counter.progress.documents, counter.progress.undecided)
