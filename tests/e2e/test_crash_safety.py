"""The window never loses work: whatever it has shown the analyst is in the project file, even
when its process is killed (SIGKILL: no close, no flush, no cleanup) right afterwards.

The real window runs in a child process (`drive_window.py`): it tags, relabels, deletes,
undoes and redoes through QtTest's keyboard and mouse, and after each step prints what it
shows. We kill it at a chosen moment and reopen the file with `annotator.store.Project`.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from annotator.store import Project
from tests.ui.conftest import interview_project, settings  # noqa: F401  (fixtures)

DRIVER = Path(__file__).with_name("drive_window.py")
REPLY_TIMEOUT_S = 30.0

ENGIN = "Engin Ozer"
RUSSIA = "Russia firmly opposes any deployment of NATO or European troops"
NUCLEAR = "nuclear power infrastructure"
TAGS = [  # (hotkey, phrase) in the order the analyst tags them
    ("1", "a ceasefire could be declared even today"),
    ("2", ENGIN),
    ("3", NUCLEAR),
    ("1", RUSSIA),
    ("2", "NATO"),
    ("2", "Putin"),
    ("3", "frozen conflict"),
    ("2", "Trump"),
]
LABELS = {"1": "Claim", "2": "Actor", "3": "Issue"}


def tag(key: str, phrase: str) -> dict:
    return {"do": "tag", "key": key, "phrase": phrase}


class WindowProcess:
    """`drive_window.py` in a child process: commands go in on stdin, one JSON line per step
    comes out. Every read has a timeout, so a stuck window fails the test instead of hanging it."""

    def __init__(self, project: Path, settings_file: Path, stderr_file: Path) -> None:
        self._stderr_file = stderr_file
        with open(stderr_file, "w", encoding="utf-8") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, str(DRIVER), str(project), str(settings_file)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, text=True,
                encoding="utf-8", env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read_stdout, daemon=True).start()
        self.opened = self.reply()

    def _read_stdout(self) -> None:
        for line in self.process.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def _fail(self, why: str) -> None:
        pytest.fail(f"{why}; the window's stderr:\n{self._stderr_file.read_text(encoding='utf-8')}")

    def send(self, *commands: dict) -> None:
        self.process.stdin.write("".join(json.dumps(c) + "\n" for c in commands))
        self.process.stdin.flush()

    def reply(self, timeout: float = REPLY_TIMEOUT_S) -> dict:
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            self._fail(f"the window printed nothing for {timeout:.0f} s")
        if line is None:
            self._fail(f"the window process ended (exit status {self.process.poll()})")
        return json.loads(line)

    def do(self, command: dict) -> dict:
        self.send(command)
        return self.reply()

    def kill(self) -> list[dict]:
        """SIGKILL, then the steps it had printed before it died but we had not read yet.
        A line cut short by the kill never reached the parent whole, so it was never 'shown'."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=REPLY_TIMEOUT_S)
        assert self.process.returncode == -signal.SIGKILL
        unread = []
        while (line := self._lines.get(timeout=REPLY_TIMEOUT_S)) is not None:
            if line.endswith("\n"):
                unread.append(json.loads(line))
        return unread

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=REPLY_TIMEOUT_S)
        self.process.stdin.close()


@pytest.fixture
def start_window(tmp_path: Path, interview_project: Path,
                 settings: QSettings) -> Iterator:
    """`start_window()` starts the real window on the interview project in a child process."""
    settings.sync()
    started: list[WindowProcess] = []

    def start() -> WindowProcess:
        window = WindowProcess(interview_project, Path(settings.fileName()),
                               tmp_path / f"window{len(started)}.stderr")
        started.append(window)
        return window

    yield start
    for window in started:
        window.stop()


def shown_pairs(state: dict) -> list[tuple[str, str]]:
    return sorted((s["label"], s["text"]) for s in state["spans"])


def consistent(state: dict) -> dict:
    """The step's state, once we have checked the text view paints what the span list lists."""
    assert state["drawn"] == sorted(s["id"] for s in state["spans"]), state
    return state


def by_id(spans: list[dict]) -> list[dict]:
    return sorted(spans, key=lambda s: s["id"])


def on_disk(project_path: Path) -> list[dict]:
    """Every span in the project file, reopened after the kill the way the app opens it,
    in the shape the window reported them; the file must also pass SQLite's integrity check."""
    with closing(sqlite3.connect(project_path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    with Project(project_path, create=False) as project:
        documents = project.documents()
        assert len(documents) == 1
        text = project.document(documents[0].id).text
        return by_id([{"id": s.id, "label": s.label, "start": s.start, "end": s.end,
                       "text": text[s.start:s.end], "annotator": s.annotator}
                      for s in project.spans(documents[0].id)])


def test_killed_after_five_tags_the_file_holds_exactly_what_the_window_showed(start_window,
                                                                             interview_project):
    window = start_window()
    assert window.opened["spans"] == []
    for count, (key, phrase) in enumerate(TAGS[:5], start=1):
        state = consistent(window.do(tag(key, phrase)))
        assert len(state["spans"]) == count and (LABELS[key], phrase) in shown_pairs(state)
    assert window.kill() == []
    assert on_disk(interview_project) == by_id(state["spans"])


def test_killed_in_the_middle_of_tagging_loses_nothing_it_showed(start_window,
                                                                interview_project):
    """All eight tags are queued at once, so the kill lands while the window is still busy
    tagging: the file holds the last state it printed, plus at most the one tag in flight."""
    window = start_window()
    window.send(*(tag(key, phrase) for key, phrase in TAGS))
    states = [consistent(window.reply()) for _ in range(5)]
    states += [consistent(state) for state in window.kill()]
    last = states[-1]
    assert [len(s["spans"]) for s in states] == list(range(1, len(states) + 1))
    shown = by_id(last["spans"])
    stored = on_disk(interview_project)
    assert [s for s in stored if s in shown] == shown, "a span the window showed is not on disk"
    extra = [(s["label"], s["text"]) for s in stored if s not in shown]
    in_flight = [(LABELS[key], phrase) for key, phrase in TAGS[len(shown):len(shown) + 1]]
    assert extra in ([], in_flight), "the file holds a span the window never got to"


A, B, C = tag("2", ENGIN), tag("1", RUSSIA), tag("3", NUCLEAR)
LAST_STEPS = {
    # name: (commands, what the window shows after the last one)
    "undo of a tag": ([A, B, C, {"do": "undo"}], [("Actor", ENGIN), ("Claim", RUSSIA)]),
    "redo of a tag": ([A, B, {"do": "undo"}, {"do": "redo"}], [("Actor", ENGIN), ("Claim", RUSSIA)]),
    "delete": ([A, B, C, {"do": "delete", "phrase": RUSSIA}], [("Actor", ENGIN), ("Issue", NUCLEAR)]),
    "undo of a delete": ([A, B, {"do": "delete", "phrase": ENGIN}, {"do": "undo"}],
                         [("Actor", ENGIN), ("Claim", RUSSIA)]),
    "redo of a delete": ([A, B, {"do": "delete", "phrase": ENGIN}, {"do": "undo"}, {"do": "redo"}],
                         [("Claim", RUSSIA)]),
    "relabel": ([A, B, {"do": "relabel", "key": "3", "phrase": ENGIN}],
                [("Claim", RUSSIA), ("Issue", ENGIN)]),
    "undo of a relabel": ([A, {"do": "relabel", "key": "3", "phrase": ENGIN}, {"do": "undo"}],
                          [("Actor", ENGIN)]),
}


@pytest.mark.parametrize("last_step", LAST_STEPS)
def test_killed_right_after_an_edit_the_file_holds_what_the_window_showed_last(
        start_window, interview_project, last_step):
    commands, expected = LAST_STEPS[last_step]
    window = start_window()
    states = [consistent(window.do(command)) for command in commands]
    assert shown_pairs(states[-1]) == sorted(expected)
    assert window.kill() == []
    assert on_disk(interview_project) == by_id(states[-1]["spans"])
    first_ids = {}
    for state in states:
        for span in state["spans"]:
            first_ids.setdefault(span["text"], span["id"])
    assert {s["text"]: s["id"] for s in states[-1]["spans"]} == \
        {s["text"]: first_ids[s["text"]] for s in states[-1]["spans"]}, \
        "an undone, redone or relabelled span came back as a copy, not as itself"


def test_a_second_window_on_the_file_then_an_export_loses_nothing_on_a_kill(start_window,
                                                                           interview_project,
                                                                           tmp_path):
    window = start_window()
    window.do(tag("2", ENGIN))
    window.do({"do": "open second window"})
    exported = subprocess.run([sys.executable, "-m", "annotator", "export", str(interview_project),
                               "-o", str(tmp_path / "out.jsonl")],
                              capture_output=True, text=True, timeout=REPLY_TIMEOUT_S)
    assert exported.returncode == 0, exported.stderr
    state = consistent(window.do(tag("3", NUCLEAR)))
    assert shown_pairs(state) == [("Actor", ENGIN), ("Issue", NUCLEAR)]
    assert window.kill() == []
    assert on_disk(interview_project) == by_id(state["spans"])
