"""Helpers for tests that must show a project file was left exactly as it was."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import tempfile
from pathlib import Path


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def snapshot(path: Path) -> tuple[str, dict[str, list[tuple]]]:
    """The project file's sha256, and every row of every table including what its write-ahead
    log holds, read from a copy so that reading leaves nothing (-shm, -wal) beside the original."""
    digest = sha256_of(path)
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch, "copy.db")
        shutil.copyfile(path, copy)
        if Path(f"{path}-wal").exists():
            shutil.copyfile(f"{path}-wal", f"{copy}-wal")
        conn = sqlite3.connect(copy)
        try:
            tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                                 "ORDER BY name")]
            rows = {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
        finally:
            conn.close()
    return digest, rows
