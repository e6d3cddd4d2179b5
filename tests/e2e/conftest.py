"""Fixtures for the tests that run the real `annotator` command in a process of its own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

Run = Callable[..., subprocess.CompletedProcess]


@pytest.fixture
def run(tmp_path: Path) -> Run:
    """`run("import", "p.db", "a.txt")` runs `python -m annotator ...` in tmp_path."""
    def run_cli(*args: str | Path) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "annotator", *map(str, args)], cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)

    return run_cli
