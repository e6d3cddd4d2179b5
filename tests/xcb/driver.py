"""The real window on a real X server, in a process of its own, for tests that press real keys.

    QT_QPA_PLATFORM=xcb DISPLAY=:N python -m tests.xcb.driver PROJECT SETTINGS.ini

(from the repository root). Opens PROJECT the way `annotator PROJECT` does
(`annotator.ui.app.open_window`, the analyst taken from SETTINGS.ini), shows the window with
the focus in the text, and prints one JSON line of state. Then it runs Qt's event loop and
reads one JSON command per line on stdin through a `QSocketNotifier`, so the window keeps
handling X events (the keys the test sends with xdotool) while it waits for commands:

    {"do": "state"}                                    nothing; just the state
    {"do": "select", "phrase": "Engin Ozer"}           selects the phrase's first occurrence
                                                       (code points, `select_range`)
    {"do": "click span", "phrase": "Engin Ozer"}       a mouse click on the phrase's first char

After each command it prints one JSON line (flushed):

    {"step": 2, "do": "select", "wid": 4194311, "active": true, "focus": "documentView",
     "spans": [{"id": 1, "label": "Actor", "start": 88, "end": 98, "text": "Engin Ozer",
                "annotator_id": "analyst-ana"}, ...],
     "undo": {"count": 1, "index": 1}, "selected_span": 1, "selection": [88, 98],
     "review": {"active": false, "item": null, "kind": null},
     "suggestions": {"active": false, "current": null, "pending": 0}}

`spans` are read from the project file (`window.project.spans`, every layer), so a state
that lists a span means it is on disk. A command it does not know gets
{"step": n, "error": "..."} and the driver carries on. End of input closes the window.
Keys never go through this script: they come from the X server, as a keyboard's would.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QSocketNotifier
from PySide6.QtWidgets import QApplication

from annotator.ui.app import application, open_window
from tests.e2e.drive_window import click_at_char


def state(window) -> dict:
    """What the window and the project file hold right now."""
    document = window.document
    spans = window.project.spans(document.id) if document is not None else []
    text = document.text if document is not None else ""
    view = window.document_view
    focus = QApplication.focusWidget()
    review = window.review
    item = None
    if review.current_item is not None and review.current_item < len(review.model.items):
        item = review.model.items[review.current_item]
    return {
        "wid": int(window.winId()),
        "active": window.isActiveWindow(),
        "focus": (focus.objectName() or type(focus).__name__) if focus is not None else None,
        "spans": [{"id": s.id, "label": s.label, "start": s.start, "end": s.end,
                   "text": text[s.start:s.end], "annotator_id": s.annotator_id} for s in spans],
        "undo": {"count": window.undo_stack.count(), "index": window.undo_stack.index()},
        "selected_span": view.selected_span_id,
        "selection": view.selection_range(),
        "document": document.external_id if document is not None else None,
        "review": {"active": review.active, "item": review.current_item,
                   "kind": item.kind if item is not None else None},
        "suggestions": suggestion_state(window),
    }


def suggestion_state(window) -> dict:
    """Suggestion review: on or off, the current suggestion's place, how many are pending here."""
    panel = window.suggestions.panel
    current = panel.current_suggestion()
    return {"active": panel.active, "current": [current.start, current.end] if current is not None else None,
            "pending": len(panel.items)}


def perform(window, command: dict) -> None:
    """Runs one command; raises ValueError for one it cannot run."""
    view = window.document_view
    action = command.get("do")
    if action == "state":
        return
    if action in ("select", "click span"):
        try:
            start = view.text.index(command["phrase"])
        except (KeyError, ValueError):
            raise ValueError(f"no phrase {command.get('phrase')!r} in the document") from None
        if action == "select":
            view.select_range(start, start + len(command["phrase"]))
        else:
            click_at_char(view, start)
        return
    raise ValueError(f"unknown command {command!r}")


class CommandReader:
    """Reads stdin when the event loop says it is readable; runs each whole line."""

    def __init__(self, app, window) -> None:
        self.app, self.window = app, window
        self.step = 0
        self.pending = b""
        self.notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Read)
        self.notifier.activated.connect(self.readable)

    def readable(self) -> None:
        chunk = os.read(sys.stdin.fileno(), 65536)
        if not chunk:
            self.notifier.setEnabled(False)
            self.window.close()
            self.app.quit()
            return
        self.pending += chunk
        *lines, self.pending = self.pending.split(b"\n")
        for line in lines:
            if line.strip():
                self.run(line)

    def run(self, line: bytes) -> None:
        self.step += 1
        try:
            command = json.loads(line)
            perform(self.window, command)
        except (ValueError, TypeError) as exc:  # (json.JSONDecodeError is a ValueError)
            report({"step": self.step, "error": str(exc)})
            return
        report({"step": self.step, "do": command["do"], **state(self.window)})


def report(line: dict) -> None:
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    project_path, settings = Path(argv[0]), QSettings(argv[1], QSettings.IniFormat)
    app = application()
    window = open_window(project_path, settings, ask=False)
    window.show()
    window.activateWindow()
    window.document_view.setFocus()
    reader = CommandReader(app, window)
    report({"step": 0, "do": "open", **state(window)})
    code = app.exec()
    del reader
    window.project.close()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
