"""The window under a real X server: Xvfb for the session, the window in a child process.

The pytest process keeps its offscreen QApplication; only the child (`tests/xcb/driver.py`)
runs Qt's xcb platform, on a private Xvfb display. Keys reach it as X events from xdotool
(XTEST, after giving the window the input focus), exactly as a keyboard's would: that is the
path on which Qt resolves shortcuts per platform, which the offscreen tests cannot see.

Without Xvfb or xdotool the tests skip (`apt-get install xvfb xdotool`; `.ci/run` installs them).
"""

from __future__ import annotations

import json
import os
import queue
import select
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from annotator import transfer
from annotator.resources import seed_texts
from annotator.store import Project

ROOT = Path(__file__).resolve().parents[2]
SCREEN = "1600x1000x24"
SERVER_START_S = 15.0
REPLY_TIMEOUT_S = 15.0    # a command the driver runs itself: it answers at once or it is stuck
KEY_EFFECT_S = 5.0        # how long a key may take to show in the window and the file
ANALYST, ANALYST_ID = "Ana", "analyst-ana"
AMBIGUOUS = "Ambiguous shortcut"


@pytest.fixture(scope="session")
def x_display(tmp_path_factory) -> Iterator[str]:
    """A private Xvfb display (":N"), on a display number the server picked itself
    (`-displayfd`: no race with another server for the number), stopped after the session."""
    missing = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{' and '.join(missing)} not installed: the window tests under a real X "
                    f"server need them (apt-get install xvfb xdotool; .ci/run installs them)")
    log = tmp_path_factory.mktemp("xvfb") / "xvfb.log"
    read_end, write_end = os.pipe()
    with open(log, "wb") as log_file:
        server = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_end), "-screen", "0", SCREEN, "-nolisten", "tcp"],
            pass_fds=(write_end,), stdin=subprocess.DEVNULL, stdout=log_file, stderr=log_file)
    os.close(write_end)
    try:
        number = _read_display_number(read_end, server, log)
        yield f":{number}"
    finally:
        os.close(read_end)
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _read_display_number(fd: int, server: subprocess.Popen, log: Path) -> str:
    """Xvfb writes the display number and a newline once it accepts connections."""
    deadline = time.monotonic() + SERVER_START_S
    received = b""
    while not received.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            server.kill()
            pytest.fail(f"Xvfb gave no display number in {SERVER_START_S:.0f} s:\n{log.read_text()}")
        chunk = os.read(fd, 64)
        if not chunk:
            pytest.fail(f"Xvfb ended (exit status {server.wait()}) before it was ready:\n"
                        f"{log.read_text()}")
        received += chunk
    return received.decode().strip()


def write_settings(path: Path, name: str = ANALYST, analyst_id: str = ANALYST_ID) -> Path:
    """An INI settings file with the analyst's name and id already given (no dialog)."""
    settings = QSettings(str(path), QSettings.IniFormat)
    settings.setValue("analyst/name", name)
    settings.setValue("analyst/id", analyst_id)
    settings.sync()
    return path


class XWindow:
    """The window in a child process on the X display: `do()` sends the driver a command and
    returns the state it prints; `press()` sends real keys through the X server; `wait_for()`
    asks for the state until it is what the test expects, or fails at a deadline."""

    def __init__(self, display: str, project: Path, settings_file: Path, stderr_file: Path) -> None:
        self.display = display
        self.project = project
        self.stderr_file = stderr_file
        env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display}
        with open(stderr_file, "w", encoding="utf-8") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.xcb.driver", str(project), str(settings_file)],
                cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr,
                text=True, encoding="utf-8")
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read_stdout, daemon=True).start()
        self.opened = self.reply()
        self.wid = self.opened["wid"]

    def _read_stdout(self) -> None:
        for line in self.process.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def stderr(self) -> str:
        return self.stderr_file.read_text(encoding="utf-8")

    def fail(self, why: str) -> None:
        pytest.fail(f"{why}\n--- the window's stderr ---\n{self.stderr()}")

    def reply(self) -> dict:
        try:
            line = self._lines.get(timeout=REPLY_TIMEOUT_S)
        except queue.Empty:
            self.fail(f"the window printed nothing for {REPLY_TIMEOUT_S:.0f} s")
        if line is None:
            self.fail(f"the window process ended (exit status {self.process.poll()})")
        state = json.loads(line)
        if "error" in state:
            self.fail(f"the driver refused a command: {state['error']}")
        return state

    def do(self, command: dict) -> dict:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        return self.reply()

    def state(self) -> dict:
        return self.do({"do": "state"})

    def press(self, *keys: str) -> None:
        """Gives the window the X input focus, then types `keys` (xdotool names: "1",
        "ctrl+shift+z", "Tab", "Delete") as XTEST key events, one after the other."""
        done = subprocess.run(["xdotool", "windowfocus", "--sync", str(self.wid), "key", *keys],
                              env={**os.environ, "DISPLAY": self.display}, capture_output=True,
                              text=True, timeout=REPLY_TIMEOUT_S)
        if done.returncode != 0:
            self.fail(f"xdotool failed ({done.returncode}): {done.stderr}")

    def wait_for(self, expected: Callable[[dict], bool], what: str,
                 timeout: float = KEY_EFFECT_S) -> dict:
        """The first state that is `expected`; fails with the last one seen after `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            state = self.state()
            if expected(state):
                return state
            if time.monotonic() > deadline:
                self.fail(f"after {timeout:.0f} s still not {what}; the window shows "
                          f"{labelled(state)} (selected span {state['selected_span']}, undo "
                          f"{state['undo']}, focus {state['focus']!r}, review {state['review']})")

    def stop(self) -> None:
        """End of input closes the window; a driver that does not go is killed."""
        if self.process.poll() is None:
            try:
                self.process.stdin.close()
            except BrokenPipeError:
                pass
            try:
                self.process.wait(timeout=REPLY_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def labelled(state: dict) -> list[tuple[str, str]]:
    """(label, text) of every span in a state, in text order."""
    return [(s["label"], s["text"]) for s in state["spans"]]


@pytest.fixture
def interview_project(tmp_path: Path) -> Path:
    path = tmp_path / "interview.db"
    transfer.import_files(path, [seed_texts()[0]], ANALYST)
    return path


@pytest.fixture
def open_x_window(x_display: str, tmp_path: Path) -> Iterator[Callable[..., XWindow]]:
    """`open_x_window(project, name, id)` opens the real window on `project` for that analyst
    and waits until it has the X focus with the text view focused. After the test every
    window is closed and its stderr must hold no "Ambiguous shortcut" warning: Qt prints it
    when one key is bound twice, and then fires neither action."""
    windows: list[XWindow] = []

    def open_window(project: Path, name: str = ANALYST, analyst_id: str = ANALYST_ID) -> XWindow:
        n = len(windows)
        settings = write_settings(tmp_path / f"settings{n}.ini", name, analyst_id)
        window = XWindow(x_display, project, settings, tmp_path / f"window{n}.stderr")
        windows.append(window)
        subprocess.run(["xdotool", "windowfocus", "--sync", str(window.wid)],
                       env={**os.environ, "DISPLAY": x_display}, timeout=REPLY_TIMEOUT_S, check=True)
        window.wait_for(lambda s: s["active"] and s["focus"] == "documentView",
                        "active with the focus in the text")
        return window

    yield open_window
    for window in windows:
        window.stop()
    ambiguous = [line for window in windows for line in window.stderr().splitlines()
                 if AMBIGUOUS in line]
    assert not ambiguous, "Qt found a key bound to two actions (and fired neither):\n" + \
        "\n".join(ambiguous)


@pytest.fixture
def x_window(open_x_window, interview_project: Path) -> XWindow:
    """The real window on the interview, as analyst Ana, under the X server."""
    return open_x_window(interview_project)


def stored(project_path: Path) -> list[tuple[str, str, str]]:
    """(label, text, annotator id) of every span in the project file, read by a connection of
    our own: what is on disk, not what the window remembers."""
    with Project(project_path, create=False) as project:
        (document,) = project.documents()
        text = project.document(document.id).text
        return [(s.label, text[s.start:s.end], s.annotator_id) for s in project.spans(document.id)]
