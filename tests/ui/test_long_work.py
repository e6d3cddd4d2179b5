"""Long work in the window: a progress dialog past half a second, Cancel leaves everything as
it was, and the window keeps running its event loop (timers fire, the text repaints) meanwhile.

The work is made slow without sleeping: an import reads a named pipe (FIFO) that the test
feeds; an export is given a project large enough to be still running when Cancel is pressed."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog

from annotator import transfer
from annotator.ui import jobs
from annotator.ui.jobs import ProgressDialog
from tests.files import snapshot
from tests.test_long_work import corpus

LINE = json.dumps({"id": "piped-{n}", "text": "Ana 👩‍👩‍👧 said: cafe\u0301\r\nشكرا\u2028now.",
                   "spans": [{"start": 0, "end": 3, "label": "Actor"}]}, ensure_ascii=False)


class Watcher:
    """A timer on the window's event loop, as an analyst's eye: counts its ticks, times a repaint
    of the text, and once the progress dialog is up, presses its Cancel and then `then()`."""

    def __init__(self, qtbot, window, then=lambda: None) -> None:
        self.qtbot, self.window, self.then = qtbot, window, then
        self.ticks = 0
        self.repaints: list[float] = []
        self.dialog_seen: ProgressDialog | None = None
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        self.ticks += 1
        started = time.perf_counter()
        self.window.document_view.viewport().repaint()
        self.repaints.append(time.perf_counter() - started)
        dialog = self.window.findChild(QDialog, "progressDialog")
        if dialog is not None and dialog.isVisible() and self.dialog_seen is None:
            self.dialog_seen = dialog
            self.qtbot.mouseClick(dialog.cancel_button, Qt.LeftButton)
            self.then()


def feed_pipe(path: Path, first: int, release: threading.Event) -> threading.Thread:
    """A writer of `path` (a FIFO) that writes `first` documents, then waits for `release`,
    writes one more and closes: the reader blocks in between, as on a slow disk."""
    def write() -> None:
        with path.open("w", encoding="utf-8") as pipe:
            for n in range(first):
                pipe.write(LINE.replace("{n}", str(n)) + "\n")
            pipe.flush()
            release.wait(timeout=60)
            pipe.write(LINE.replace("{n}", "last") + "\n")

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    return writer


def test_a_long_import_shows_progress_and_cancel_leaves_the_project_as_it_was(qtbot, window, tmp_path):
    project_path = window.project.path
    before = snapshot(project_path)
    pipe = tmp_path / "slow.jsonl"
    os.mkfifo(pipe)
    release = threading.Event()
    writer = feed_pipe(pipe, 50, release)
    messages = []
    window.files.message.connect(messages.append)
    watcher = Watcher(qtbot, window, then=release.set)

    window.files.guarded("Import failed", lambda: window.files.import_files([str(pipe)]))

    watcher.timer.stop()
    writer.join(timeout=10)
    assert watcher.dialog_seen is not None
    assert watcher.ticks >= 40      # the window's loop ran on for the half second before the dialog
    assert sorted(watcher.repaints)[len(watcher.repaints) // 2] < 0.016
    assert messages[-1] == "Import cancelled: the project is as it was"
    assert not window.findChild(QDialog, "progressDialog") or not window.findChild(
        QDialog, "progressDialog").isVisible()
    assert snapshot(project_path) == before


def test_a_short_import_shows_no_dialog_and_the_window_follows(qtbot, window, tmp_path):
    path = tmp_path / "quick.jsonl"
    path.write_text(LINE.replace("{n}", "quick") + "\n", encoding="utf-8")
    watcher = Watcher(qtbot, window)
    documents_before = window.project.document_count()
    with qtbot.waitSignal(window.session.documents_changed):
        window.files.import_files([str(path)])
    watcher.timer.stop()
    assert watcher.dialog_seen is None
    assert window.project.document_count() == documents_before + 1


def test_cancelled_export_leaves_no_file(qtbot, window, tmp_path, monkeypatch):
    """A project large enough that its export is still running when Cancel is pressed; the
    dialog is asked to show at once, so that the test need not wait half a second."""
    transfer.import_into(window.project, [corpus(tmp_path / "big.jsonl", 30_000)], "Ana")
    monkeypatch.setattr(jobs, "SHOW_AFTER_MS", 0)
    out = tmp_path / "exports" / "corpus.jsonl"
    out.parent.mkdir()
    messages = []
    window.files.message.connect(messages.append)
    watcher = Watcher(qtbot, window)
    window.files.guarded("Export failed", lambda: window.files.export_to(out))
    watcher.timer.stop()
    assert watcher.dialog_seen is not None
    assert messages[-1] == "Export cancelled: no file was written"
    assert list(out.parent.iterdir()) == []
