"""`annotator` with ANNOTATOR_DATA_DIR set writes its settings and log there, nothing in the home folder."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_S = 60


def wait_for_line(path: Path, text: str, process: subprocess.Popen) -> None:
    """Polls the log until `text` appears (the window logs each step of its start)."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text(encoding="utf-8"):
            return
        assert process.poll() is None, f"annotator exited early with status {process.returncode}"
        time.sleep(0.05)
    raise AssertionError(f"{text!r} never reached {path}")


def test_the_window_keeps_settings_and_log_in_the_data_folder(tmp_path):
    home, data = tmp_path / "home", tmp_path / "data"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_DATA_HOME": str(home / ".local/share"), "XDG_CACHE_HOME": str(home / ".cache"),
           "ANNOTATOR_DATA_DIR": str(data), "ANNOTATOR_ANALYST": "Ana", "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": str(ROOT)}
    env.pop("ANNOTATOR_SETTINGS_DIR", None)
    process = subprocess.Popen([sys.executable, "-m", "annotator"], env=env, cwd=tmp_path,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_line(data / "annotator.log", "Window shown", process)
    finally:
        process.terminate()
        process.wait(timeout=STARTUP_TIMEOUT_S)
    assert "name=Ana" in (data / "annotator.ini").read_text(encoding="utf-8")
    assert "Opening project" in (data / "annotator.log").read_text(encoding="utf-8")
    assert [p for p in home.rglob("*") if "annotator" in p.name.lower()] == []
