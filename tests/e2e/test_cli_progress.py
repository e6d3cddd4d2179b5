"""The command line's progress bar: drawn on stderr when it is a terminal (a pty here), and
nothing at all when output is piped, so a script's logs stay clean."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from tests.test_long_work import corpus


def run_on_terminal(cwd: Path, *args: str | Path) -> tuple[int, str, str]:
    """Runs `python -m annotator ARGS` with stderr on a pseudo-terminal and stdout piped;
    returns the exit status, what stdout got and what the terminal showed."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # as a terminal window has
    process = subprocess.Popen([sys.executable, "-m", "annotator", *map(str, args)], cwd=cwd,
                               stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    out = process.stdout.read()
    process.stdout.close()
    return process.wait(timeout=120), out.decode(), shown.decode(errors="replace")


def run_piped(cwd: Path, *args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "annotator", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    return [corpus(tmp_path / f"part{n}.jsonl", 200, prefix=f"p{n}") for n in range(3)]


def test_import_on_a_terminal_draws_a_bar(tmp_path: Path, files: list[Path]):
    status, out, shown = run_on_terminal(tmp_path, "import", "p.db", *files)
    assert status == 0
    assert "importing files" in shown and "/3 [" in shown   # files read of 3, and a rate
    assert "600 documents added" in out and "importing" not in out


def test_import_piped_shows_no_bar(tmp_path: Path, files: list[Path]):
    done = run_piped(tmp_path, "import", "p.db", *files)
    assert done.returncode == 0 and done.stderr == ""
    assert "600 documents added" in done.stdout


def test_export_merge_and_agree_on_a_terminal_and_piped(tmp_path: Path, files: list[Path]):
    assert run_piped(tmp_path, "import", "p.db", *files).returncode == 0
    assert run_piped(tmp_path, "import", "other.db", corpus(tmp_path / "o.jsonl", 50, ("cy",), "o")).returncode == 0
    for args, what in ((("export", "p.db", "-o", "out.jsonl"), "exporting documents"),
                       (("merge", "p.db", "other.db"), "merging other.db"),
                       (("agree", "p.db", "--annotators", "ana", "bo"), "reading documents")):
        status, _out, shown = run_on_terminal(tmp_path, *args)
        assert status == 0 and what in shown, (args, shown)
        piped = run_piped(tmp_path, *args)
        assert piped.returncode == 0 and piped.stderr == "", (args, piped.stderr)
