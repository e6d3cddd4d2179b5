"""The real window in a process of its own, driven by keyboard and mouse, for tests that kill it.

    python tests/e2e/drive_window.py PROJECT SETTINGS.ini

Opens PROJECT the way `annotator PROJECT` does (`annotator.ui.app.open_window`, with the
analyst's name taken from SETTINGS.ini), then reads one JSON command per line on stdin:

    {"do": "tag", "key": "1", "phrase": "Engin Ozer"}   select the phrase (click, Shift+Right…), press 1
    {"do": "relabel", "key": "2", "phrase": "Engin Ozer"}   click the span, press 2
    {"do": "delete", "phrase": "Engin Ozer"}             click the span, press Delete
    {"do": "undo"}  /  {"do": "redo"}                    Ctrl+Z  /  Ctrl+Shift+Z
    {"do": "open second window"}                         a second window on the same project
                                                         (the first stays the one driven)

Once on opening and after every command it prints one JSON line (flushed) with what the
window shows at that moment:

    {"step": 3, "do": "tag", "spans": [{"id": 1, "label": "Actor", "start": 88, "end": 98,
     "text": "Engin Ozer", "annotator": "Ana"}, ...], "drawn": [1, ...], "undo": [count, index]}

`spans` is the span list (`window.spans()`), `drawn` the ids the text view paints. A parent
that has read a line knows the analyst saw that state; whatever it does to this process
afterwards (SIGKILL included), the project file must hold exactly that.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, QSettings, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from annotator.ui.app import application, open_window  # noqa: E402

KEYS = {"1": Qt.Key_1, "2": Qt.Key_2, "3": Qt.Key_3}


def click_at_char(view, codepoint: int) -> None:
    """A real mouse click on the left edge of character `codepoint` (scrolled into view)."""
    cursor = view.textCursor()
    cursor.setPosition(view.offsets.to_utf16(codepoint))
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    rect = view.cursorRect(cursor)
    QTest.mouseClick(view.viewport(), Qt.LeftButton, Qt.NoModifier,
                     QPoint(rect.left() + 1, rect.center().y()))


def select_phrase(view, phrase: str) -> None:
    """A click where the phrase starts, then Shift+Right to its end, as an analyst selects it."""
    start = view.text.index(phrase)
    click_at_char(view, start)
    for _ in range(len(phrase)):
        QTest.keyClick(view, Qt.Key_Right, Qt.ShiftModifier)


def click_span(view, phrase: str) -> None:
    """Clicks inside the phrase's span (after Escape, so no earlier span selection interferes)."""
    QTest.keyClick(view, Qt.Key_Escape)
    click_at_char(view, view.text.index(phrase) + 1)


def focus(window) -> None:
    window.activateWindow()
    if not QTest.qWaitForWindowActive(window, 10_000):
        raise SystemExit("drive_window: the window never became active")
    window.document_view.setFocus()


def perform(window, command: dict, project_path: Path, settings: QSettings, others: list) -> None:
    view = window.document_view
    action = command["do"]
    if action == "open second window":
        second = open_window(project_path, settings, ask=False)
        second.show()
        others.append(second)
        focus(window)
    elif action == "tag":
        QTest.keyClick(view, Qt.Key_Escape)
        select_phrase(view, command["phrase"])
        QTest.keyClick(view, KEYS[command["key"]])
    elif action == "relabel":
        click_span(view, command["phrase"])
        QTest.keyClick(view, KEYS[command["key"]])
    elif action == "delete":
        click_span(view, command["phrase"])
        QTest.keyClick(view, Qt.Key_Delete)
    elif action == "undo":
        QTest.keyClick(view, Qt.Key_Z, Qt.ControlModifier)
    elif action == "redo":
        QTest.keyClick(view, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    else:
        raise SystemExit(f"drive_window: unknown command {command!r}")


def shown(window, step: int, action: str) -> dict:
    text = window.document.text
    spans = [{"id": s.id, "label": s.label, "start": s.start, "end": s.end,
              "text": text[s.start:s.end], "annotator": s.annotator} for s in window.spans()]
    drawn = sorted(placed.id for placed in window.document_view.index.ordered())
    return {"step": step, "do": action, "spans": spans, "drawn": drawn,
            "undo": [window.undo_stack.count(), window.undo_stack.index()]}


def report(state: dict) -> None:
    sys.stdout.write(json.dumps(state) + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    project_path, settings = Path(argv[0]), QSettings(argv[1], QSettings.IniFormat)
    app = application()
    window = open_window(project_path, settings, ask=False)
    window.show()
    focus(window)
    others: list = []
    app.processEvents()
    report(shown(window, 0, "open"))
    for step, line in enumerate(sys.stdin, start=1):
        command = json.loads(line)
        perform(window, command, project_path, settings, others)
        app.processEvents()
        report(shown(window, step, command["do"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
