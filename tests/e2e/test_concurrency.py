"""Two programs on one project file at once: neither corrupts it, neither loses the other's writes.

Real processes on a real file: children that add spans through `Project`, a child that holds
the write lock with plain sqlite3 (as another Annotator in the middle of a long import does),
the `annotator import` command, and the real window driven by pytest-qt.
"""

from __future__ import annotations

import json
import queue
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from annotator.errors import ProjectBusy
from annotator.store import Project
from tests.ui.conftest import (  # noqa: F401  (interview_project, settings, window: fixtures)
    interview_project, make_window, select_words, settings, window)

READ_TIMEOUT_S = 30.0
SPANS_PER_PROCESS = 200

ADD_SPANS = """
import json, sys
from annotator.store import Project

path, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
project = Project(path, create=False)
annotator = project.ensure_annotator(name)
document_id = project.documents()[0].id
print("ready", flush=True)
sys.stdin.readline()
spans = [project.add_span(document_id, i, i + 7, "Claim", annotator.id) for i in range(count)]
print(json.dumps({"annotator": annotator.id, "ids": [s.id for s in spans],
                  "created": [s.created for s in spans]}), flush=True)
"""

HOLD_WRITE_LOCK = """
import sqlite3, sys

connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
connection.execute("COMMIT")
print("released", flush=True)
"""


class Child:
    """A Python child process that talks in lines; every read has a timeout, so a stuck child
    fails the test instead of hanging it."""

    def __init__(self, code: str, args: list[str], stderr_file: Path) -> None:
        self._stderr_file = stderr_file
        with open(stderr_file, "w", encoding="utf-8") as stderr:
            self.process = subprocess.Popen([sys.executable, "-c", code, *args], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=stderr, text=True)
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read_stdout, daemon=True).start()

    def _read_stdout(self) -> None:
        for line in self.process.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def line(self) -> str:
        try:
            line = self._lines.get(timeout=READ_TIMEOUT_S)
        except queue.Empty:
            line = None
        if line is None:
            pytest.fail(f"no line from the child (exit status {self.process.poll()}); its stderr:\n"
                        + self._stderr_file.read_text(encoding="utf-8"))
        return line

    def tell(self, line: str = "") -> None:
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def finish(self) -> int:
        self.process.stdin.close()
        return self.process.wait(timeout=READ_TIMEOUT_S)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=READ_TIMEOUT_S)


class LockHolder:
    """Another process in the middle of a write transaction (BEGIN IMMEDIATE) until released."""

    def __init__(self, child: Child) -> None:
        self.child = child
        assert child.line() == "locked"

    def release(self) -> None:
        self.child.tell()
        assert self.child.line() == "released"
        assert self.child.finish() == 0


@pytest.fixture
def children(tmp_path: Path) -> Iterator[Callable[..., Child]]:
    """`children(code, *args)` starts a Python child; all are killed when the test ends."""
    started: list[Child] = []

    def start(code: str, *args: object) -> Child:
        child = Child(code, [str(a) for a in args], tmp_path / f"child{len(started)}.stderr")
        started.append(child)
        return child

    yield start
    for child in started:
        child.stop()


@pytest.fixture
def hold_write_lock(children) -> Callable[[Path], LockHolder]:
    """`hold_write_lock(path)` returns once another process holds the project's write lock."""
    return lambda path: LockHolder(children(HOLD_WRITE_LOCK, path))


def integrity(path: Path) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("PRAGMA integrity_check").fetchall() + conn.execute(
            "PRAGMA foreign_key_check").fetchall()


def stored(path: Path) -> list[tuple[str, str, str]]:
    """(label, text, annotator) of every span in the file. Read through plain sqlite3, not a
    second `Project`: opening a `Project` on a file this process already has open breaks the
    first one's locks (see test_two_windows_in_one_process_and_an_export_keep_every_tag)."""
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute("""SELECT l.name, d.text, a.start, a.end, n.name FROM annotations a
                               JOIN labels l ON l.id = a.label_id AND l.deleted = 0
                               JOIN annotators n ON n.id = a.annotator_id
                               JOIN documents d ON d.id = a.document_id""").fetchall()
    return sorted((label, text[start:end], name) for label, text, start, end, name in rows)


def first_document(path: Path) -> tuple[int, str]:
    """The interview's id, and the id of the analyst (Ana) who imported it."""
    with Project(path, create=False) as project:
        return project.documents()[0].id, project.ensure_annotator("Ana").id


# -- two processes writing ---------------------------------------------------------------

def test_two_processes_adding_spans_at_once_lose_none(children, interview_project):
    writers = [children(ADD_SPANS, interview_project, name, SPANS_PER_PROCESS) for name in ("ana", "bo")]
    assert [w.line() for w in writers] == ["ready", "ready"]
    for writer in writers:
        writer.tell("go")
    results = [json.loads(w.line()) for w in writers]
    assert [w.finish() for w in writers] == [0, 0]

    assert integrity(interview_project) == [("ok",)]
    with Project(interview_project, create=False) as project:
        document_id = project.documents()[0].id
        spans = project.spans(document_id)
    assert len(spans) == 2 * SPANS_PER_PROCESS
    for result in results:
        mine = sorted((s.id, s.start, s.end, s.label) for s in spans if s.annotator_id == result["annotator"])
        assert mine == sorted((span_id, i, i + 7, "Claim") for i, span_id in enumerate(result["ids"]))
    # The two really wrote at the same time (each started before the other finished).
    (a_first, a_last), (b_first, b_last) = [(min(r["created"]), max(r["created"])) for r in results]
    assert a_first <= b_last and b_first <= a_last


# -- one process waiting for another ------------------------------------------------------

def test_add_span_waits_while_another_process_writes_then_succeeds(hold_write_lock,
                                                                   interview_project):
    document_id, ana = first_document(interview_project)
    holder = hold_write_lock(interview_project)
    started, outcome = threading.Event(), {}

    def tag() -> None:
        with Project(interview_project, create=False) as project:  # the default busy timeout (5 s)
            started.set()
            try:
                outcome["span"] = project.add_span(document_id, 0, 4, "Claim", ana)
            except Exception as exc:  # reported by the assertions below
                outcome["error"] = exc
            outcome["returned_at"] = time.monotonic()

    writer = threading.Thread(target=tag)
    writer.start()
    assert started.wait(READ_TIMEOUT_S)
    writer.join(timeout=0.5)  # not synchronisation: it must NOT be able to finish while locked
    assert writer.is_alive(), f"add_span returned while another process held the lock: {outcome}"
    released_at = time.monotonic()
    holder.release()
    writer.join(timeout=READ_TIMEOUT_S)
    assert not writer.is_alive() and "error" not in outcome, outcome
    assert outcome["returned_at"] > released_at
    assert stored(interview_project) == [("Claim", "News", "Ana")]
    assert integrity(interview_project) == [("ok",)]


def _write_one(project: Project, document_id: int, ana: str, span_id: int, operation: str) -> None:
    if operation == "add_span":
        project.add_span(document_id, 5, 8, "Actor", ana)
    elif operation == "relabel_span":
        project.relabel_span(span_id, "Issue")
    elif operation == "delete_span":
        project.delete_span(span_id)


@pytest.mark.parametrize("operation", ["add_span", "relabel_span", "delete_span"])
def test_a_write_gives_up_with_project_busy_after_a_short_timeout_and_writes_nothing(
        hold_write_lock, interview_project, operation):
    document_id, ana = first_document(interview_project)
    with Project(interview_project, create=False) as setup:
        span_id = setup.add_span(document_id, 0, 4, "Claim", ana).id
    before = stored(interview_project)
    holder = hold_write_lock(interview_project)
    with Project(interview_project, create=False, busy_timeout=0.2) as project:  # opens while locked
        asked_at = time.monotonic()
        with pytest.raises(ProjectBusy, match="busy") as refused:
            _write_one(project, document_id, ana, span_id, operation)
        assert time.monotonic() - asked_at < 2.0, "the short busy timeout was not honoured"
        assert interview_project.name in str(refused.value)
        holder.release()
        assert stored(interview_project) == before
        _write_one(project, document_id, ana, span_id, operation)  # the same Project works again
    assert stored(interview_project) != before
    assert integrity(interview_project) == [("ok",)]


def test_restore_span_gives_up_with_project_busy_and_writes_nothing(hold_write_lock,
                                                                    interview_project):
    document_id, ana = first_document(interview_project)
    with Project(interview_project, create=False) as setup:
        span = setup.add_span(document_id, 0, 4, "Claim", ana)
        setup.delete_span(span.id)
    holder = hold_write_lock(interview_project)
    with Project(interview_project, create=False, busy_timeout=0.2) as project:
        with pytest.raises(ProjectBusy, match="busy"):
            project.restore_span(span)
        holder.release()
        assert stored(interview_project) == []
        assert project.restore_span(span).id == span.id
    assert stored(interview_project) == [("Claim", "News", "Ana")]


# -- the window while another process writes ---------------------------------------------

def labelled(window) -> list[tuple[str, str]]:
    text = window.document.text
    return sorted((s.label, text[s.start:s.end]) for s in window.spans())


def on_disk(window) -> list[tuple[str, str]]:
    return sorted((label, text) for label, text, _annotator in stored(window.project.path))


def impatient(window) -> None:
    """Shortens the window's busy timeout to 200 ms (there is no public way to ask for it:
    `open_window` opens `Project(path)` with the default 5 s)."""
    window.project.set_busy_timeout(0.2)


def error_dialog(qtbot, window) -> QMessageBox:
    def visible() -> list[QMessageBox]:
        return [box for box in window.findChildren(QMessageBox, "errorDialog") if box.isVisible()]

    qtbot.waitUntil(lambda: len(visible()) == 1, timeout=5000)
    return visible()[0]


def dismiss(qtbot, window, dialog: QMessageBox) -> None:
    """Clicks OK, as the analyst does, and returns to the text."""
    qtbot.mouseClick(dialog.button(QMessageBox.Ok), Qt.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.document_view.setFocus()
    qtbot.waitUntil(window.document_view.hasFocus)


def test_tagging_while_another_process_writes_says_busy_and_keeps_history_honest(
        qtbot, window, hold_write_lock):
    impatient(window)
    view = window.document_view
    select_words(qtbot, view, "Engin Ozer")
    qtbot.keyClick(view, Qt.Key_2)
    assert labelled(window) == [("Actor", "Engin Ozer")]

    holder = hold_write_lock(window.project.path)
    selected = select_words(qtbot, view, "nuclear power infrastructure")
    qtbot.keyClick(view, Qt.Key_3)
    dialog = error_dialog(qtbot, window)
    assert "busy" in dialog.text()
    assert labelled(window) == [("Actor", "Engin Ozer")]
    assert (window.undo_stack.count(), window.undo_stack.index()) == (1, 1)
    assert window.undo_stack.undoText() == "Tag “Engin Ozer” as Actor"
    holder.release()
    assert on_disk(window) == [("Actor", "Engin Ozer")]

    dismiss(qtbot, window, dialog)
    assert view.selection_range() == selected, "the refused selection is kept, to try again"
    qtbot.keyClick(view, Qt.Key_3)
    assert labelled(window) == [("Actor", "Engin Ozer"), ("Issue", "nuclear power infrastructure")]
    assert on_disk(window) == labelled(window)
    assert (window.undo_stack.count(), window.undo_stack.index()) == (2, 2)


def tag_two_spans_impatiently(qtbot, window):
    """An Actor and an Issue tagged by keyboard, with a busy timeout of 200 ms from then on."""
    impatient(window)
    view = window.document_view
    select_words(qtbot, view, "Engin Ozer")
    qtbot.keyClick(view, Qt.Key_2)
    select_words(qtbot, view, "nuclear power infrastructure")
    qtbot.keyClick(view, Qt.Key_3)
    return view


@pytest.mark.parametrize("key", ["undo", "redo"])
def test_undo_or_redo_while_another_process_writes_says_busy_and_changes_nothing(
        qtbot, window, hold_write_lock, key):
    view = tag_two_spans_impatiently(qtbot, window)
    if key == "redo":
        qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier)
    before = labelled(window)

    holder = hold_write_lock(window.project.path)
    shortcut = Qt.ControlModifier | (Qt.ShiftModifier if key == "redo" else Qt.NoModifier)
    qtbot.keyClick(view, Qt.Key_Z, shortcut)
    assert "busy" in error_dialog(qtbot, window).text()
    assert labelled(window) == before
    holder.release()
    assert on_disk(window) == before


@pytest.mark.parametrize("key", ["undo", "redo"])
def test_a_refused_undo_or_redo_can_be_retried_once_the_project_is_free(
        qtbot, window, hold_write_lock, key):
    view = tag_two_spans_impatiently(qtbot, window)
    shortcut = Qt.ControlModifier | (Qt.ShiftModifier if key == "redo" else Qt.NoModifier)
    if key == "redo":
        qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier)     # "nuclear …" undone
    holder = hold_write_lock(window.project.path)
    qtbot.keyClick(view, Qt.Key_Z, shortcut)
    dialog = error_dialog(qtbot, window)
    holder.release()
    dismiss(qtbot, window, dialog)

    qtbot.keyClick(view, Qt.Key_Z, shortcut)                     # the analyst tries again
    expected = [("Actor", "Engin Ozer")] if key == "undo" else \
        [("Actor", "Engin Ozer"), ("Issue", "nuclear power infrastructure")]
    assert labelled(window) == expected
    assert on_disk(window) == expected


def colleague_file(tmp_path: Path, window, phrase: str) -> Path:
    """A colleague's JSONL export: the same interview, with one Issue span by "bo"."""
    text = window.document.text
    start = text.index(phrase)
    record = {"id": window.document.external_id, "text": text,
              "spans": [{"start": start, "end": start + len(phrase), "label": "Issue", "annotator": "bo"}]}
    path = tmp_path / "bo.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("steps", ["undo a tag, then redo it", "delete a tag, then undo"])
def test_redo_in_the_window_keeps_a_span_another_process_added_meanwhile(
        qtbot, window, tmp_path, steps):
    """Redo of a tag and undo of a delete put the span back under its old id; that id must
    not meanwhile have gone to a span a colleague's `annotator import` added (ids are never
    reused), or the window would silently replace the colleague's span."""
    view = window.document_view
    select_words(qtbot, view, "Engin Ozer")
    qtbot.keyClick(view, Qt.Key_2)
    if steps.startswith("undo"):
        qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier)
    else:
        qtbot.keyClick(view, Qt.Key_Delete)                       # the new span is selected
    assert on_disk(window) == []

    imported = subprocess.run(
        [sys.executable, "-m", "annotator", "import", str(window.project.path),
         str(colleague_file(tmp_path, window, "nuclear power infrastructure"))],
        capture_output=True, text=True, timeout=READ_TIMEOUT_S)
    assert imported.returncode == 0, imported.stderr
    shortcut = Qt.ControlModifier | (Qt.ShiftModifier if steps.startswith("undo") else Qt.NoModifier)
    qtbot.keyClick(view, Qt.Key_Z, shortcut)

    assert labelled(window) == [("Actor", "Engin Ozer")]
    assert stored(window.project.path) == [("Actor", "Engin Ozer", "Ana"),
                                           ("Issue", "nuclear power infrastructure", "bo")]


def exported(tmp_path: Path, project_path: Path) -> list[tuple[str, str]]:
    """(label, text) of every span, as `annotator export` in another process sees them."""
    out = tmp_path / "export.jsonl"
    result = subprocess.run([sys.executable, "-m", "annotator", "export", str(project_path), "-o", str(out)],
                            capture_output=True, text=True, timeout=READ_TIMEOUT_S)
    assert result.returncode == 0, result.stderr
    return sorted((span["label"], span["text"]) for line in out.read_text(encoding="utf-8").splitlines()
                  for span in json.loads(line)["spans"])


def test_two_windows_in_one_process_and_an_export_keep_every_tag(qtbot, window, settings, tmp_path):
    second = make_window(qtbot, window.project.path, settings)
    try:
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        view = window.document_view
        view.setFocus()
        qtbot.waitUntil(view.hasFocus)
        select_words(qtbot, view, "Engin Ozer")
        qtbot.keyClick(view, Qt.Key_2)
        assert exported(tmp_path, window.project.path) == [("Actor", "Engin Ozer")]
        select_words(qtbot, view, "nuclear power infrastructure")
        qtbot.keyClick(view, Qt.Key_3)
        assert labelled(window) == [("Actor", "Engin Ozer"), ("Issue", "nuclear power infrastructure")]
        assert exported(tmp_path, window.project.path) == labelled(window)
    finally:
        second.close()
        second.project.close()
