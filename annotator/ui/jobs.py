"""Long work behind a cancellable progress dialog, with the window kept painting.

Decision: a worker thread with its OWN `Project` connection on the same file, not slices
on the event loop. An import reads files through libraries (trafilatura, pypdfium2) that
cannot be cut into slices, and a merge is a few long SQL statements; a thread runs both as
they are, and SQLite (WAL) lets the window's connection go on reading meanwhile. SQLite and
most readers release Python's lock while they work; to keep the window's share when they do
not, the switch interval is shortened while a job runs.

`run_in_background(work)` is synchronous for its caller: it starts `work(project, progress)`
in the thread and waits in a local event loop, so the window repaints and its timers fire,
and returns what `work` returned or raises what it raised. For the first `SHOW_AFTER_MS` the
loop holds back the analyst's input (`ExcludeUserInputEvents`: keys are kept, and arrive
when the job ends), so a short job looks like no job. Past that a window-modal dialog shows
how far the work has come and offers Cancel; input then goes to the dialog only, so nothing
writes to the project while the job holds its write lock.

Cancel makes the progress callback answer False, and the work raises `Cancelled` inside its
transaction (see `annotator.progress`): an import or merge is rolled back, an export leaves
no file. Writes still go through the session (`ProjectSession.import_files(…, run=…)`), which
emits what changed once the job's transaction is committed.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Callable, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QProgressBar, QVBoxLayout, QWidget

from annotator.progress import Progress
from annotator.store import Project

T = TypeVar("T")
Work = Callable[[Project, Progress], T]
SHOW_AFTER_MS = 500       # work done sooner shows no dialog
POLL_MS = 50              # how often the dialog reads the job's progress
SWITCH_INTERVAL_S = 0.001  # Python's thread switch interval while a job runs (default 0.005)
UNDOING = "Cancelling: undoing what was done so far…"


class ProgressDialog(QDialog):
    """What the job is doing, how far it has come, and Cancel."""

    cancelled = Signal()   # the analyst asked the job to stop

    def __init__(self, title: str, parent: QWidget | None = None, cancelling: str = UNDOING) -> None:
        super().__init__(parent)
        self.setObjectName("progressDialog")
        self.cancelling = cancelling
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModal)
        self.cancel_requested = False
        self.label = QLabel(f"{title}…", self)
        self.label.setTextFormat(Qt.PlainText)
        self.label.setMinimumWidth(360)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("progressBar")
        self.bar.setRange(0, 0)  # busy until the work says how much there is
        self.buttons = QDialogButtonBox(QDialogButtonBox.Cancel, self)
        self.cancel_button = self.buttons.button(QDialogButtonBox.Cancel)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.buttons)

    def show_progress(self, done: int, total: int) -> None:
        if total > 1:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)

    def reject(self) -> None:
        """Cancel (the button, Esc, closing the dialog): asks the job to stop, and stays open
        until it has, saying so."""
        self.label.setText(self.cancelling)
        self.cancel_button.setEnabled(False)
        if not self.cancel_requested:
            self.cancel_requested = True
            self.cancelled.emit()


class _Job:
    """The state a worker thread and the GUI thread share: plain attributes, each written by
    one side only."""

    def __init__(self) -> None:
        self.done = 0
        self.total = 0
        self.cancelled = False
        self.result: object = None
        self.error: BaseException | None = None
        self.over = threading.Event()  # set before `finished` is emitted

    def cancel(self) -> None:
        self.cancelled = True

    def progress(self, done: int, total: int) -> bool:
        self.done, self.total = done, total
        return not self.cancelled


class _Finished(QObject):
    finished = Signal()


def run_in_background(parent: QWidget, title: str, project_path: Path, work: Work[T],
                      cancelling: str = UNDOING) -> T:
    """Runs `work(project, progress)` on its own connection to `project_path` in a worker
    thread, showing `title` in a progress dialog if it takes longer than `SHOW_AFTER_MS`;
    returns its result or raises its error (`Cancelled` if the analyst cancelled). `cancelling`
    is what the dialog says once Cancel is pressed (work that keeps what it did says so)."""
    job = _Job()
    finished = _Finished()

    def body() -> None:
        try:
            with Project(project_path, create=False) as project:
                job.result = work(project, job.progress)
        except BaseException as exc:  # handed to the GUI thread, raised there
            job.error = exc
        finally:
            job.over.set()
            finished.finished.emit()

    dialog = ProgressDialog(title, parent, cancelling)
    loop = QEventLoop()
    finished.finished.connect(loop.quit, Qt.QueuedConnection)
    poll = QTimer()
    poll.setInterval(POLL_MS)

    def follow() -> None:
        dialog.show_progress(job.done, job.total)

    poll.timeout.connect(follow)
    dialog.cancelled.connect(job.cancel)
    show_after = QTimer()
    show_after.setSingleShot(True)
    show_after.setInterval(SHOW_AFTER_MS)
    show_after.timeout.connect(loop.quit)
    thread = threading.Thread(target=body, name=f"annotator: {title}", daemon=True)
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    try:
        thread.start()
        # First, a short wait that keeps the analyst's input for later.
        show_after.start()
        if not job.over.is_set():
            loop.exec(QEventLoop.ExcludeUserInputEvents)
        if not job.over.is_set():
            follow()
            dialog.show()
            poll.start()
            while not job.over.is_set():
                loop.exec()
        thread.join()
    finally:
        sys.setswitchinterval(switch_interval)
        show_after.stop()
        poll.stop()
        dialog.hide()
        dialog.deleteLater()
    if job.error is not None:
        raise job.error
    return job.result  # type: ignore[return-value]

