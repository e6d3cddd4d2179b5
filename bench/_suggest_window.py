"""`python bench/run.py --only suggest-window`: the window's text repainted while Tools › Suggest… runs over the
whole corpus in the background, beside the same repaint with nothing running.

The corpus is generated deterministically: documents of news-like sentences naming actors of
a registry (60 entries, each with an alias) among other words; the window opens on the first
document and repaints its whole text view every 20 ms from a timer while the run goes on (the
timer fires in the local event loop `ui/jobs.py` waits in, as a repaint the analyst causes
would), each repaint timed from the call to its end.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from _measure import Stats, clock, machine_lines, ms, table, verdict

REPAINT_TARGET_S = 0.016
DOCUMENTS = (4_000, 1_000)     # full, quick
ACTORS = 60
WORDS = ("the", "talks", "ceasefire", "said", "would", "agreement", "minister", "on", "Tuesday", "troops",
         "sanctions", "border", "a", "of", "negotiations", "élan", "👍🏽", "in", "and", "press", "conference")


def _text(rng: random.Random, names: list[str], sentences: int) -> str:
    out = []
    for _ in range(sentences):
        words = rng.choices(WORDS, k=rng.randint(8, 18))
        for _ in range(rng.randint(0, 2)):
            words.insert(rng.randrange(len(words) + 1), rng.choice(names))
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


def suggest_project(directory: Path, documents: int) -> Path:
    """The corpus and its registry (reused if present)."""
    from annotator import transfer
    from annotator.model import ACTOR
    from annotator.store import Project

    path = directory / f"suggest-window-{documents}.annotator.db"
    if path.exists():
        return path
    rng = random.Random(5)
    actors = [(f"Actor{n} Nation", f"Capital{n}") for n in range(ACTORS)]
    names = [name for pair in actors for name in pair]
    source = directory / f"suggest-window-{documents}.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for n in range(documents):
            record = {"id": f"doc-{n}", "text": _text(rng, names, 30), "meta": {"title": f"Dispatch {n}"}}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    partial = path.with_suffix(".partial")
    transfer.import_files(partial, [source], "Bench Analyst")
    with Project(partial) as project:
        for name, alias in actors:
            project.add_entity(ACTOR, name, aliases=[alias])
    partial.rename(path)
    return path


def worker_prepare(p: dict) -> dict:
    return {"project": str(suggest_project(Path(p["dir"]), p["documents"]))}


def worker_repaint(p: dict) -> dict:
    """Repaints of the text view with nothing running, then while a corpus run goes on."""
    from _data import working_copy
    from _window import open_bench_window, settle
    from PySide6.QtCore import QTimer

    from annotator.suggest import SuggestOptions

    _app, window = open_bench_window(working_copy(Path(p["project"])), Path(p["dir"]))
    viewport = window.document_view.viewport()

    def repaint() -> float:
        t0 = clock()
        viewport.repaint()
        return clock() - t0

    repaint()   # the first lays the text out
    idle = [repaint() for _ in range(p["idle_runs"])]
    during: list[float] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: during.append(repaint()))
    timer.start()
    t0 = clock()
    report = window.suggestions.run(SuggestOptions(registry=True, patterns=False))
    run_s = clock() - t0
    timer.stop()
    settle()
    repaint()
    shown = len(window.document_view.suggestion_marks)
    after = [repaint() for _ in range(p["idle_runs"])]
    window.close()
    window.project.close()
    return {"idle": idle, "during": during, "after": after, "shown": shown, "run_s": run_s, "added": report.added,
            "documents": report.documents}


WORKERS = {"prepare-suggest-window": worker_prepare, "suggest-window": worker_repaint}


def run_suggest_window(directory: Path, quick: bool, worker, progress) -> str:
    documents = DOCUMENTS[1] if quick else DOCUMENTS[0]
    progress(f"generating {documents:,} documents naming {ACTORS} registry actors")
    prepared = worker("prepare-suggest-window", dir=str(directory), documents=documents)
    progress("suggesting over the corpus in the window, repainting the text meanwhile")
    r = worker("suggest-window", dir=str(directory), project=prepared["project"], idle_runs=30)
    idle, during, after = (Stats.from_json(r[key]) for key in ("idle", "during", "after"))
    rows = [["text repaint, nothing running", str(idle.n), ms(idle.median), ms(idle.p99), "", "", ""],
            [f"text repaint while suggesting over {r['documents']:,} documents", str(during.n), ms(during.median),
             ms(during.p99), f"< {ms(REPAINT_TARGET_S)} p99", verdict(during.p99, REPAINT_TARGET_S),
             f"{r['rss_mb']:,.0f}"],
            [f"text repaint afterwards, its {r['shown']} suggestions painted", str(after.n), ms(after.median),
             ms(after.p99), f"< {ms(REPAINT_TARGET_S)} p99", verdict(after.p99, REPAINT_TARGET_S), ""],
            [f"  the run: {r['added']:,} suggestions added (registry)", "1", f"{r['run_s']:,.2f} s", "", "", "",
             ""]]
    return "\n".join([f"Annotator suggestions in the window ({'quick' if quick else 'full'} run)",
                      *machine_lines(directory), "",
                      table(["figure", "n", "median", "p99", "target", "", "peak RSS MB"], rows, right=(1, 2, 3, 6)),
                      "", "Repaint = the whole text view repainted synchronously (`viewport().repaint()`), from a "
                      "20 ms timer in the event loop the window waits in while the run goes on in its thread."])
