"""Timing helpers for the bench scripts: samples → median/p99, the machine, peak memory, tables.

Every figure a bench script prints is a `Stats` over several runs, so the table can
say how many (n). p99 is nearest-rank: with fewer than 100 samples it is the
slowest run, which the tables say by printing n next to it.
"""

from __future__ import annotations

import json
import math
import os
import platform
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent


# -- samples -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Stats:
    """Seconds per run over `n` runs."""

    samples: tuple[float, ...]

    @property
    def n(self) -> int:
        return len(self.samples)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p99(self) -> float:
        return percentile(self.samples, 99)

    @property
    def minimum(self) -> float:
        return min(self.samples)

    def to_json(self) -> list[float]:
        return list(self.samples)

    @classmethod
    def from_json(cls, samples: Sequence[float]) -> Stats:
        return cls(tuple(samples))


def percentile(samples: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest sample with at least pct% of samples at or below it."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def clock() -> float:
    return time.perf_counter()


def repeat(run: Callable[[], float | None], n: int, before: Callable[[], None] | None = None) -> Stats:
    """Calls `before()` (untimed) and `run()` n times. `run` may time itself and return seconds;
    if it returns None the whole call is timed."""
    samples = []
    for _ in range(n):
        if before is not None:
            before()
        t0 = clock()
        measured = run()
        samples.append(clock() - t0 if measured is None else measured)
    return Stats(tuple(samples))


# -- memory ------------------------------------------------------------------------------------

def peak_rss_mb() -> float:
    """This process's peak resident set (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- the machine ---------------------------------------------------------------------------------

def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def filesystem_of(path: Path) -> str:
    """The mount's filesystem type for `path` (fsync cost depends on it)."""
    try:
        path = path.resolve()
        best, kind = "", "?"
        for line in Path("/proc/mounts").read_text().splitlines():
            fields = line.split()
            mount, fstype = fields[1], fields[2]
            if (str(path) == mount or str(path).startswith(mount.rstrip("/") + "/")) \
                    and len(mount) > len(best):
                best, kind = mount, fstype
        return kind
    except OSError:
        return "?"


def code_version() -> str:
    """Which annotator is measured: where it is imported from, its commit, and whether its
    files had uncommitted changes at the time (others may be editing the working tree)."""
    try:
        import annotator
        root = Path(annotator.__file__).resolve().parent.parent
    except ImportError:
        return "annotator not importable"

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(root), *args], check=False, capture_output=True, text=True,
                              timeout=10).stdout.strip()
    try:
        head = git("log", "-1", "--format=%h %s")[:64]
        dirty = [line for line in git("status", "--porcelain", "--", "annotator").splitlines()
                 if line and not line.startswith("??")]
    except (OSError, subprocess.SubprocessError):
        head, dirty = "", []
    where = "" if root == REPO_DIR else f" (annotator from {root})"
    return (f"{head or 'no git'}{where}"
            + (f" + uncommitted changes in {len(dirty)} annotator/ file(s)" if dirty else ""))


def machine_lines(data_dir: Path | None = None) -> list[str]:
    try:
        import PySide6
        from PySide6 import QtCore
        qt = f"Qt {QtCore.qVersion()} / PySide6 {PySide6.__version__}"
    except ImportError:
        qt = "Qt not installed"
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = os.cpu_count()
    try:
        mem_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                          if line.startswith("MemTotal")))
        memory = f"{mem_kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration):
        memory = "? RAM"
    lines = [
        f"CPU      {cpu_model()}, {os.cpu_count()} logical cores ({affinity} usable), {memory}",
        (f"Python   {platform.python_version()} ({platform.python_implementation()}) on "
        f"{platform.system()} {platform.release()}"),
        f"GUI      {qt}, QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM', '')}",
        f"SQLite   {sqlite3.sqlite_version} (python sqlite3 module)",
    ]
    lines.append(f"Code     {code_version()}")
    try:
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        lines.append(f"Load     {load} (1/5/15-min load average when printed; other work skews figures)")
    except OSError:
        pass
    if data_dir is not None:
        lines.append(f"Data     {data_dir} ({filesystem_of(data_dir)})")
    lines.append(f"Date     {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    return lines


# -- workers in subprocesses -------------------------------------------------------------------

def run_worker(script: Path, args: list[str], timeout: float = 1800) -> dict:
    """Runs `python script args…` in a fresh process and returns the JSON object it prints last
    on stdout (so each scenario's peak memory is its own)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONHASHSEED="0")
    result = subprocess.run([sys.executable, str(script), *args], check=False, capture_output=True, text=True,
                            env=env, timeout=timeout, cwd=str(REPO_DIR))
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"worker {script.name} {' '.join(args)} failed "
                           f"(exit {result.returncode}):\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    return json.loads(lines[-1])


# -- printing ----------------------------------------------------------------------------------

def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def secs(seconds: float) -> str:
    return f"{seconds:,.3f} s"


def verdict(value: float, limit: float | None) -> str:
    if limit is None:
        return ""
    return "ok" if value <= limit else "MISS"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> str:
    """A fixed-width text table; columns listed in `right` are right-aligned."""
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) if rows else len(str(h))
              for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(str(c).rjust(w) if i in right else str(c).ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])
