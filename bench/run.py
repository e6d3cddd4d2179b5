"""All of Annotator's performance figures in one table, next to the targets they must meet.

    python bench/run.py            # full: 100,000 documents / 1,000,000 spans; < 15 min on 2 cores,
                                   #   and a few min more for the training-data export
    python bench/run.py --quick    # smaller sizes and fewer runs; < 4 min
    python bench/run.py --data-dir /tmp/annotator-bench   # keep (and reuse) the generated data
    python bench/run.py --only agree   # one scenario (here `annotator agree` on 20,000 documents)
    python bench/run.py --only merge   # merging a colleague's 20,000 documents, first and again
    python bench/run.py --only tag     # adding a span by hotkey in the window
    python bench/run.py --only review  # review mode: enter, decide, count a 20,000-document project
    python bench/run.py --only training-data   # export 100,000 documents to spacy, iob, hf, parquet
    python bench/run.py --only claims  # saving a claim frame; a 1 MB open with 5,000 claims vs without
    python bench/run.py --only network # `annotator network` on 100,000 documents with 200,000 claims
    python bench/run.py --only tag-everywhere  # tagging a name's 10,000 occurrences in 2,000 documents
    python bench/run.py --only suggest # suggestions over 20,000 documents from a registry of 200 entries
    python bench/run.py --only suggest-window  # the text repainted while suggesting over 4,000 documents

Each scenario runs in its own process (`run.py --worker …`), so its peak memory (ru_maxrss)
is its own; data is generated once, deterministically, before any timing. Window figures
drive the real MainWindow offscreen; see bench/_window.py for where each timer starts and
stops. Import and export go through `annotator.transfer` and are compared with a plain
baseline: orjson per line and sqlite3 executemany into a similar two-table schema, and back.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import _data
import _suggest
import _suggest_window
from _baseline import baseline_export, baseline_import
from _measure import (
    Stats,
    clock,
    machine_lines,
    ms,
    peak_rss_mb,
    run_worker,
    secs,
    table,
    verdict,
)

SCRIPT = Path(__file__).resolve()

OPEN_1MB_TARGET_S = 0.25
TAG_MEDIAN_TARGET_S = 0.008
TAG_P99_TARGET_S = 0.016
SCROLL_TARGET_S = 0.016
BULK_RATIO_TARGET = 1.5
COLD_START_TARGET_S = 0.5
AGREE_TARGET_S = 5.0
AGREE_RSS_TARGET_MB = 500
AGREE_CORPUS = (20_000, 370_000)           # documents, spans of two analysts (~6 M word tokens)
MERGE_CORPUS = (20_000, 200_000)           # a colleague's project: documents, spans
MERGE_RATIO_TARGET = 1.5                   # a first merge against an import of the same spans
MERGE_AGAIN_TARGET_S = 1.0                 # merging the same, unchanged file again
REVIEW_DOCUMENT = (1_000_000, 20_000)      # bytes, spans of two analysts on the document reviewed
REVIEW_ENTER_TARGET_S = 0.2
REVIEW_DECISION_TARGET_S = 0.05
TRAINING_RATIO_TARGET = 3.0                 # a training-data export against the JSONL export of the same layer
TRAINING_FORMATS = ("jsonl", "spacy", "iob", "hf", "parquet")   # jsonl first: the others are held to it
FRAME_SAVE_TARGET_S = 0.008                # saving a claim frame change, commit included (median)
CLAIMS_OPEN_RATIO_TARGET = 1.2             # open 1 MB / 20k spans with 5,000 claims vs without
NETWORK_TARGET_S = 10.0                    # `annotator network` on 100,000 documents, 200,000 claims
SEARCH_PAGE_TARGET_S = 0.1                 # the first page of hits, 100,000 documents
SEARCH_INDEX_RATIO_TARGET = 1.3            # an import with the search index against one without
TAG_EVERYWHERE_CORPUS = (2_000, 5)         # documents, occurrences of the name in each
TAG_EVERYWHERE_TARGET_S = 1.0              # find and tag 10,000 occurrences, commit included
SEARCH_PAGE = 50                           # hits on a page of the result list
SEARCH_QUERIES = ("ceasefire", "moscow", '"peace talks"', "negotiat*", "russia AND sanctions",
                  "russia NOT ukraine", "NEAR(putin erdogan, 5)", "zelensky OR macron",
                  "ceasefire date:2015-01..2016-12", "grain meta:source=wire", "title:interview",
                  "xylophone")


@dataclass(frozen=True)
class Plan:
    windows: tuple[tuple[int, int], ...]    # (bytes, spans) documents opened in the window
    big: tuple[int, int]                    # the very large document
    scroll: tuple[int, int]
    open_runs: int
    big_runs: int
    tag_runs: int
    scroll_runs: int
    documents: int
    spans: int
    bulk_runs: int
    cold_runs: int


FULL = Plan(windows=((100_000, 1_000), (1_000_000, 20_000), (5_000_000, 50_000)),
            big=(20_000_000, 100_000), scroll=(5_000_000, 50_000),
            open_runs=15, big_runs=5, tag_runs=100, scroll_runs=100,
            documents=100_000, spans=1_000_000, bulk_runs=3, cold_runs=10)
QUICK = Plan(windows=FULL.windows, big=FULL.big, scroll=FULL.scroll,
             open_runs=5, big_runs=2, tag_runs=30, scroll_runs=50,
             documents=10_000, spans=100_000, bulk_runs=2, cold_runs=5)


# == workers (each runs in its own process) ===================================================

def worker_window(p: dict) -> dict:
    """Open + paint, tag, or page-down in the real window over a copy of a generated project."""
    from _window import open_bench_window, time_open, time_page_down, time_tags

    directory = Path(p["dir"])
    project, note_id, big_id = Path(p["project"]), p["note_id"], p["big_id"]
    _app, window = open_bench_window(_data.working_copy(project), directory)
    result: dict = {}
    if p["what"] == "open":
        opens = [time_open(window, big_id, note_id) for _ in range(p["runs"])]
        result["open_document"] = [o[0] for o in opens]
        result["open_paint"] = [o[1] for o in opens]
        result["list_paint"] = [time_open(window, big_id, note_id, via_list=True)[1]
                                for _ in range(p["runs"])]
    elif p["what"] == "tag":
        time_open(window, big_id, note_id)
        result["tag"], result["tag_all"] = time_tags(window, 2 * p["runs"])
    elif p["what"] == "scroll":
        time_open(window, big_id, note_id)
        result["scroll"] = [time_page_down(window) for _ in range(p["runs"])]
    window.close()
    window.project.close()
    return result


def worker_prepare(p: dict) -> dict:
    """Generates (or reuses) every project and file the scenarios need."""
    from annotator import transfer
    from annotator.ui.app import DEMO_FILE

    directory = Path(p["dir"])
    projects = []
    for size, spans in p["documents"]:
        path, note_id, big_id = _data.window_project(directory, size, spans)
        projects.append([[size, spans], [str(path), note_id, big_id]])
    jsonl, corpus_spans = _data.corpus_jsonl(directory, *p["corpus"])
    cold_dir = directory / "cold"
    cold_dir.mkdir(exist_ok=True)
    transfer.build_demo_project(cold_dir / DEMO_FILE)
    (cold_dir / "settings.ini").write_text("[analyst]\nname=Bench Analyst\nid=bench-analyst\n")
    return {"projects": projects, "jsonl": str(jsonl), "corpus_spans": corpus_spans,
            "cold_dir": str(cold_dir)}


def worker_import(p: dict) -> dict:
    from annotator import transfer

    jsonl, project = Path(p["jsonl"]), Path(p["project"])
    samples = []
    for _ in range(p["runs"]):
        _remove_db(project)
        t0 = clock()
        report = transfer.import_files(project, [jsonl], "Ben")
        samples.append(clock() - t0)
    return {"import": samples, "documents": report.documents_added, "spans": report.spans_added}


def worker_search_import(p: dict) -> dict:
    """Imports the corpus as `annotator import` does, and the same with the index step left out
    (the counterfactual: what the import cost before the index existed), alternating."""
    from annotator import transfer
    from annotator.store.documents import DocumentOps

    jsonl, project = Path(p["jsonl"]), Path(p["project"])
    with_index, without_index, index_step = [], [], []
    indexing = DocumentOps._index_documents_from

    def timed_index(self, conn, first_id):
        t0 = clock()
        indexing(self, conn, first_id)
        index_step.append(clock() - t0)

    for _ in range(p["runs"]):
        for samples, step in ((without_index, lambda self, conn, first_id: None), (with_index, timed_index)):
            DocumentOps._index_documents_from = step
            _remove_db(project)
            t0 = clock()
            report = transfer.import_files(project, [jsonl], "Ben")
            samples.append(clock() - t0)
    DocumentOps._index_documents_from = indexing
    return {"with": with_index, "without": without_index, "step": index_step,
            "documents": report.documents_added}


def worker_search(p: dict) -> dict:
    """The first page of hits of each query: once on a freshly opened project (first), then
    again (warm), as the window and `annotator search` ask for it."""
    from annotator.search_query import parse_query
    from annotator.store import Project

    results = {}
    with Project(p["project"], create=False) as project:
        text_bytes = project._conn.execute("SELECT sum(length(CAST(text AS BLOB))) FROM documents").fetchone()[0]
        for typed in p["queries"]:
            query = parse_query(typed)
            samples, count = [], 0
            for _ in range(p["runs"]):
                t0 = clock()
                count = len(project.search(query, limit=SEARCH_PAGE))
                samples.append(clock() - t0)
            results[typed] = {"samples": samples, "hits": count}
    return {"queries": results, "text_mb": text_bytes / 1e6}


def worker_export(p: dict) -> dict:
    """`annotator export`, by default to JSONL with every layer; `format` and `annotators` choose."""
    import resource

    from annotator import transfer
    from annotator.store import Project

    out = Path(p["out"])
    samples = []
    with Project(Path(p["project"]), create=False) as project:
        for _ in range(p["runs"]):
            out.unlink(missing_ok=True)
            t0 = clock()
            report = transfer.export_annotations(project, out, p.get("annotators", ()), format=p.get("format"))
            samples.append(clock() - t0)
    return {"export": samples, "documents": report.documents, "bytes": out.stat().st_size,
            "notes": list(report.notes),
            "child_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}   # spacy's workers


def worker_baseline_import(p: dict) -> dict:
    jsonl, db = Path(p["jsonl"]), Path(p["project"])
    samples = []
    for _ in range(p["runs"]):
        _remove_db(db)
        t0 = clock()
        documents, spans = baseline_import(jsonl, db)
        samples.append(clock() - t0)
    return {"import": samples, "documents": documents, "spans": spans}


def worker_baseline_export(p: dict) -> dict:
    out = Path(p["out"])
    samples = []
    for _ in range(p["runs"]):
        out.unlink(missing_ok=True)
        t0 = clock()
        count = baseline_export(Path(p["project"]), out)
        samples.append(clock() - t0)
    return {"export": samples, "documents": count, "bytes": out.stat().st_size}


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def worker_prepare_training(p: dict) -> dict:
    """One analyst's layer over the bulk corpus (token formats take one layer), imported once."""
    from annotator import transfer

    directory = Path(p["dir"])
    jsonl, spans = _data.corpus_jsonl(directory, p["documents"], p["spans"], annotators=(p["annotator"],))
    project = directory / f"{jsonl.stem}.annotator.db"
    if not project.exists():
        partial = project.with_suffix(".partial")
        _remove_db(partial)
        transfer.import_files(partial, [jsonl], p["annotator"])
        for suffix in ("-wal", "-shm"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
        partial.rename(project)
    return {"project": str(project), "spans": spans, "jsonl_mb": jsonl.stat().st_size / 1e6}


def worker_prepare_agree(p: dict) -> dict:
    path, spans = _data.agreement_project(Path(p["dir"]), p["documents"], p["spans"])
    return {"project": str(path), "spans": spans}


def worker_agree(p: dict) -> dict:
    """`annotator agree PROJECT` as an analyst runs it, a fresh process each run (stdout to
    devnull); its peak RSS is this worker's largest child's."""
    samples = []
    for _ in range(p["runs"]):
        t0 = clock()
        subprocess.run([sys.executable, "-m", "annotator", "agree", p["project"]], check=True,
                       stdout=subprocess.DEVNULL)
        samples.append(clock() - t0)
    import resource

    return {"agree": samples, "child_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def worker_prepare_merge(p: dict) -> dict:
    jsonl, spans = _data.corpus_jsonl(Path(p["dir"]), p["documents"], p["spans"])
    colleague = _data.project_of(jsonl, "Ana")
    return {"jsonl": str(jsonl), "colleague": str(colleague), "spans": spans}


def worker_merge(p: dict) -> dict:
    """`annotator merge TEAM COLLEAGUE` as the CLI does it (the project opened, then merged),
    into a new team project, and then the same unchanged file once more."""
    from annotator.store import Project

    team, colleague = Path(p["project"]), Path(p["colleague"])
    first, again = [], []
    for _ in range(p["runs"]):
        _remove_db(team)
        t0 = clock()
        with Project(team) as project:
            report = project.merge_project(colleague)
        first.append(clock() - t0)
        t0 = clock()
        with Project(team) as project:
            repeated = project.merge_project(colleague)
        again.append(clock() - t0)
    return {"first": first, "again": again, "documents": report.documents_added,
            "spans": report.spans_added, "again_summary": repeated.summary()}


def worker_prepare_review(p: dict) -> dict:
    path, note_id, long_id = _data.review_project(Path(p["dir"]), *p["document"])
    corpus, spans = _data.agreement_project(Path(p["dir"]), *p["corpus"])
    return {"project": str(path), "note_id": note_id, "long_id": long_id, "corpus": str(corpus),
            "corpus_spans": spans}


def worker_review(p: dict) -> dict:
    """Review mode in the real window on a long document two analysts coded."""
    from _window import open_bench_window, time_decision, time_enter_review

    _app, window = open_bench_window(_data.working_copy(Path(p["project"])), Path(p["dir"]))
    window.open_document(p["long_id"])
    result = {"enter": [time_enter_review(window) for _ in range(p["runs"])]}
    result["findings"] = len(window.review.model.items)
    result["decide"] = [time_decision(window) for _ in range(p["decisions"])]
    window.close()
    window.project.close()
    return result


def worker_prepare_claims(p: dict) -> dict:
    from _claims import claims_project

    path, _note_id, big_id = _data.window_project(Path(p["dir"]), 1_000_000, 20_000)
    return {"project": str(claims_project(Path(p["dir"]), path, big_id)), "base": str(path)}


def worker_claims(p: dict) -> dict:
    """On the 1 MB / 20k project with 5,000 claims: the window's open + first paint, and until
    its claims are read, listed and painted; the store's reads of spans and of claims; frame
    saves through the window's own session and history."""
    from _claims import time_frame_saves, time_open_with_claims, time_reads
    from _window import open_bench_window

    directory = Path(p["dir"])
    _app, window = open_bench_window(_data.working_copy(Path(p["project"])), directory)
    with_ids = {info.external_id: info.id for info in window.project.documents()}
    note_id, big_id = with_ids["note"], with_ids["big"]
    opens = [time_open_with_claims(window, big_id, note_id) for _ in range(p["runs"])]
    result = {"open_paint": [first for first, _ in opens], "open_claims": [shown for _, shown in opens]}
    result.update(time_reads(window.project, big_id, p["runs"]))
    result.update(time_frame_saves(window.session, window.history, window.project, big_id, p["saves"]))
    window.close()
    window.project.close()
    return result


def worker_claims_base(p: dict) -> dict:
    """The same 1 MB / 20k document opened and painted in the window, without any claims."""
    from _window import open_bench_window, time_open

    _app, window = open_bench_window(_data.working_copy(Path(p["project"])), Path(p["dir"]))
    with_ids = {info.external_id: info.id for info in window.project.documents()}
    result = {"open_paint": [time_open(window, with_ids["big"], with_ids["note"])[1] for _ in range(p["runs"])]}
    window.close()
    window.project.close()
    return result


def worker_review_progress(p: dict) -> dict:
    """Counts every document's review state of a 20,000-document project as the window does
    (`ReviewProgress`, in slices on the event loop): total time, and the longest slice (the
    longest the window is busy at a time)."""
    from _window import count_review_progress

    samples, slices, counted = [], [], None
    for _ in range(p["runs"]):
        total, longest, counted = count_review_progress(Path(p["project"]))
        samples.append(total)
        slices.append(longest)
    return {"progress": samples, "slice": slices, "documents": counted[0], "undecided": counted[1]}


def worker_prepare_network(p: dict) -> dict:
    from _networks import network_project

    path, claims = network_project(Path(p["dir"]), p["documents"])
    return {"project": str(path), "claims": claims}


def worker_network(p: dict) -> dict:
    """`annotator network PROJECT -o OUT` as an analyst runs it, a fresh process each run, for
    each mode; its peak RSS is this worker's largest child's."""
    samples: dict[str, list[float]] = {}
    for mode in ("actor-issue", "congruence"):
        out = Path(p["dir"]) / f"network-{mode}.graphml"
        samples[mode] = []
        for _ in range(p["runs"]):
            t0 = clock()
            subprocess.run([sys.executable, "-m", "annotator", "network", p["project"], "-o", str(out),
                            "--mode", mode], check=True, stdout=subprocess.DEVNULL)
            samples[mode].append(clock() - t0)
    import resource

    return {**samples, "child_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def worker_tag_everywhere(p: dict) -> dict:
    """Tag everywhere on a copy of the corpus: the store alone (find, add, undo, redo), then the
    real window's command (session, undo command, the text and lists refreshed)."""
    from annotator.store import Project

    name, samples = _data.TAG_EVERYWHERE_NAME, {k: [] for k in ("find", "add", "undo", "redo", "window",
                                                                "window_undo", "window_redo")}
    with Project(_data.working_copy(Path(p["project"]))) as project:
        analyst = project.ensure_annotator("Bench Analyst", "bench-analyst").id
        for _ in range(p["runs"]):
            t0 = clock()
            plan = project.plan_tag_all(name, "Actor", analyst)
            t1 = clock()
            added = project.add_spans("Actor", analyst, plan.new)
            t2 = clock()
            project.remove_spans([s.id for s in added])
            t3 = clock()
            project.add_spans("Actor", analyst, plan.new, span_ids=[s.id for s in added])
            t4 = clock()
            project.remove_spans([s.id for s in added])
            for key, value in zip(("find", "add", "undo", "redo"), (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
                samples[key].append(value)
        samples["occurrences"], samples["documents"] = len(plan.new), plan.documents
    from _window import open_bench_window, settle

    _app, window = open_bench_window(_data.working_copy(Path(p["project"])), Path(p["dir"]))
    first = window.document.text.index(name)
    window.tag_selection("Actor", first, first + len(name))
    settle()
    for _ in range(p["runs"]):
        for key, step in (("window", lambda: window.tag_everywhere.tag_all(corpus=True)),
                          ("window_undo", window.history.undo), ("window_redo", window.history.redo)):
            window.presenter.select_span(window.spans()[0].id)
            settle()
            t0 = clock()
            step()
            window.grab()
            samples[key].append(clock() - t0)
            settle()
        window.history.undo()
        settle()
    window.close()
    window.project.close()
    return samples


WORKERS = {"prepare": worker_prepare, "prepare-training": worker_prepare_training,
           "prepare-agree": worker_prepare_agree, "agree": worker_agree,
           "prepare-merge": worker_prepare_merge, "merge": worker_merge,
           "prepare-review": worker_prepare_review, "review": worker_review,
           "review-progress": worker_review_progress,
           "prepare-claims": worker_prepare_claims, "claims": worker_claims, "claims-base": worker_claims_base,
           "prepare-network": worker_prepare_network, "network": worker_network,
           "window": worker_window, "import": worker_import,
           "export": worker_export, "baseline-import": worker_baseline_import,
           "baseline-export": worker_baseline_export,
           "search-import": worker_search_import, "search": worker_search,
           "tag-everywhere": worker_tag_everywhere,
           "prepare-suggest": lambda p: _suggest.prepare(Path(p["dir"]), p["documents"]),
           "suggest": _suggest.worker, **_suggest_window.WORKERS}


# == cold start: a fresh interpreter until the window's first paint ==========================

COLD_START = r"""
import os, sys, time, json, resource
t0 = float(os.environ["BENCH_T0"])
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from annotator.ui.app import application, demo_project_path, open_window
imported = time.perf_counter() - t0
app = application()
settings = QSettings(os.environ["BENCH_SETTINGS"], QSettings.IniFormat)
path = os.environ.get("BENCH_PROJECT") or demo_project_path()
window = open_window(path, settings, ask=False)
built = time.perf_counter() - t0
marks = {}

def done():
    marks["painted"] = time.perf_counter() - t0
    print(json.dumps({"imported": imported, "built": built, "painted": marks["painted"],
                      "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)
    app.quit()

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Paint and not marks:
            marks["seen"] = True
            QTimer.singleShot(0, done)      # runs once this paint has finished
        return False

first_paint = FirstPaint()
window.document_view.viewport().installEventFilter(first_paint)
window.show()
QTimer.singleShot(0, lambda: None)
app.exec()
"""


def cold_start(settings_ini: Path, data_dir: Path, runs: int, project: Path | None = None) -> dict:
    """Starts `python -c` `runs` times (after one untimed warm-up that fills the OS cache and
    __pycache__); each reports seconds from just before Popen to the end of the first paint of
    the text view, measured on the shared monotonic clock (time.perf_counter)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ANNOTATOR_DATA_DIR=str(data_dir),
               BENCH_SETTINGS=str(settings_ini), ANNOTATOR_ANALYST="Bench Analyst")
    if project is not None:
        env["BENCH_PROJECT"] = str(project)
    painted, imported, built, wall, rss = [], [], [], [], []
    for i in range(runs + 1):
        env["BENCH_T0"] = repr(time.perf_counter())
        t0 = time.perf_counter()
        # cwd is the data folder: `python -c` puts the cwd first on sys.path, and the annotator
        # measured must be the one this process imports (PYTHONPATH or the installed one).
        result = subprocess.run([sys.executable, "-c", COLD_START], check=False, capture_output=True,
                                text=True, env=env, cwd=str(data_dir), timeout=120)
        elapsed = time.perf_counter() - t0
        lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
        if result.returncode != 0 or not lines:
            raise RuntimeError(f"cold start failed:\n{result.stdout}\n{result.stderr[-3000:]}")
        if i == 0:
            continue
        figures = json.loads(lines[-1])
        painted.append(figures["painted"])
        imported.append(figures["imported"])
        built.append(figures["built"])
        rss.append(figures["rss_mb"])
        wall.append(elapsed)
    return {"painted": painted, "imported": imported, "built": built, "wall": wall,
            "rss_mb": max(rss)}


# == the orchestra ===========================================================================

def label_size(size: int, spans: int) -> str:
    size_text = f"{size / 1e6:g} MB" if size >= 1_000_000 else f"{size // 1000} KB"
    return f"{size_text} / {spans // 1000}k spans"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer runs (< 2 min)")
    parser.add_argument("--data-dir", type=Path, help="generate data here and keep it (reused)")
    parser.add_argument("--only", choices=["agree", "merge", "tag", "review", "training-data", "claims", "network",
                                           "search", "tag-everywhere", "suggest", "suggest-window"],
                        help="run this scenario only")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--params", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        result = WORKERS[args.worker](json.loads(args.params))
        result["rss_mb"] = peak_rss_mb()
        print(json.dumps(result))
        return 0

    plan = QUICK if args.quick else FULL
    started = clock()
    with tempfile.TemporaryDirectory(prefix="annotator-bench-") as tmp:
        directory = args.data_dir or Path(tmp)
        directory.mkdir(parents=True, exist_ok=True)
        only = {"agree": run_agree, "merge": run_merge, "tag": run_tag, "review": run_review,
                "training-data": lambda d, q: run_training(plan, d, q),
                "claims": lambda d, q: run_claims(plan, d, q), "network": run_network,
                "search": lambda d, q: run_search(plan, d, q), "tag-everywhere": run_tag_everywhere,
                "suggest": lambda d, q: _suggest.run(d, q, _worker, progress),
                "suggest-window": lambda d, q: _suggest_window.run_suggest_window(d, q, _worker, progress)}.get(args.only)
        report = only(directory, args.quick) if only else run_all(plan, directory, args.quick)
        print(report)
        print(f"\nbench wall time {clock() - started:,.0f} s (data generation included)")
    return 0


def _worker(kind: str, **params) -> dict:
    return run_worker(SCRIPT, ["--worker", kind, "--params", json.dumps(params)], timeout=7200)


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_all(plan: Plan, directory: Path, quick: bool) -> str:
    def worker(kind: str, **params) -> dict:
        return run_worker(SCRIPT, ["--worker", kind, "--params", json.dumps(params)])

    # -- data, generated before any timing, in a worker so this process stays small (a child
    # process starts with its parent's ru_maxrss, so a big parent would hide the children's peaks) --
    progress(f"generating window projects and a corpus of {plan.documents:,} documents, "
             f"{plan.spans:,} spans")
    prepared = worker("prepare", dir=str(directory), documents=[*plan.windows, plan.big],
                      corpus=[plan.documents, plan.spans])
    projects = {(size, spans): (Path(path), note_id, big_id)
                for (size, spans), (path, note_id, big_id) in prepared["projects"]}
    jsonl, corpus_spans = Path(prepared["jsonl"]), prepared["corpus_spans"]
    jsonl_mb = jsonl.stat().st_size / 1e6

    latency_rows: list[list[str]] = []

    def latency(name: str, stats: Stats, target: str, ok: str, rss: float | None) -> None:
        latency_rows.append([name, str(stats.n), ms(stats.median), ms(stats.p99), target, ok,
                             "" if rss is None else f"{rss:,.0f}"])

    # -- open + paint --
    for size, spans in (*plan.windows, plan.big):
        progress(f"open + paint {label_size(size, spans)}")
        path, note_id, big_id = projects[(size, spans)]
        runs = plan.big_runs if (size, spans) == plan.big else plan.open_runs
        r = worker("window", what="open", dir=str(directory), project=str(path), note_id=note_id,
                   big_id=big_id, runs=runs)
        stats = Stats.from_json(r["open_paint"])
        is_headline = (size, spans) == (1_000_000, 20_000)
        target = f"< {ms(OPEN_1MB_TARGET_S)} median" if is_headline else ""
        latency(f"open + paint, {label_size(size, spans)}", stats, target,
                verdict(stats.median, OPEN_1MB_TARGET_S) if is_headline else "", r["rss_mb"])
        opened = Stats.from_json(r["open_document"])
        latency_rows.append(["  of which open_document", str(opened.n), ms(opened.median),
                             ms(opened.p99), "", "", ""])
        listed = Stats.from_json(r["list_paint"])
        latency_rows.append(["  same, opened by a click in the document list", str(listed.n),
                             ms(listed.median), ms(listed.p99), "", "", ""])

    # -- add one span by hotkey --
    for size, spans in plan.windows:
        progress(f"tag by hotkey with {spans:,} spans")
        path, note_id, big_id = projects[(size, spans)]
        r = worker("window", what="tag", dir=str(directory), project=str(path), note_id=note_id,
                   big_id=big_id, runs=plan.tag_runs)
        for key, name in (("tag", f"add span by hotkey, {spans:,} spans present (text repainted)"),
                          ("tag_all", "  until the span list shows it too")):
            stats = Stats.from_json(r[key])
            ok = "ok" if stats.median <= TAG_MEDIAN_TARGET_S and stats.p99 <= TAG_P99_TARGET_S else "MISS"
            latency(name, stats, f"< {ms(TAG_MEDIAN_TARGET_S)} median, < {ms(TAG_P99_TARGET_S)} p99"
                    if key == "tag" else "(same)", ok, r["rss_mb"] if key == "tag" else None)

    # -- scroll one page --
    size, spans = plan.scroll
    progress(f"page down with {spans:,} spans")
    path, note_id, big_id = projects[plan.scroll]
    r = worker("window", what="scroll", dir=str(directory), project=str(path), note_id=note_id,
               big_id=big_id, runs=plan.scroll_runs)
    stats = Stats.from_json(r["scroll"])
    latency(f"scroll one page (PageDown + repaint), {label_size(size, spans)}", stats,
            f"< {ms(SCROLL_TARGET_S)} median, p99", "ok" if stats.p99 <= SCROLL_TARGET_S else
            ("MISS p99" if stats.median <= SCROLL_TARGET_S else "MISS"), r["rss_mb"])

    # -- cold start --
    progress("cold start")
    cold_dir = Path(prepared["cold_dir"])
    settings_ini = cold_dir / "settings.ini"
    cold = cold_start(settings_ini, cold_dir, plan.cold_runs)
    stats = Stats.from_json(cold["painted"])
    latency("cold start → first paint, demo project", stats, f"< {ms(COLD_START_TARGET_S)} median",
            verdict(stats.median, COLD_START_TARGET_S), cold["rss_mb"])
    for key, name in (("imported", "  at imports done (PySide6 + annotator.ui.app)"),
                      ("built", "  at window built (open_window returned)"),
                      ("wall", "  whole process, start to exit")):
        s = Stats.from_json(cold[key])
        latency_rows.append([name, str(s.n), ms(s.median), ms(s.p99), "", "", ""])
    path, _note, _big = projects[(1_000_000, 20_000)]
    big_cold = cold_start(settings_ini, cold_dir, plan.cold_runs, project=_data.working_copy(path))
    stats = Stats.from_json(big_cold["painted"])
    latency("cold start → first paint, 1 MB/20k project (opens its 2 KB note)", stats, "", "",
            big_cold["rss_mb"])

    # -- import and export --
    progress(f"import {plan.documents:,} documents ({jsonl_mb:,.0f} MB)")
    project_db = directory / "corpus.annotator.db"
    baseline_db = directory / "corpus.baseline.db"
    imp = worker("import", jsonl=str(jsonl), project=str(project_db), runs=plan.bulk_runs)
    progress("baseline import")
    base_imp = worker("baseline-import", jsonl=str(jsonl), project=str(baseline_db), runs=plan.bulk_runs)
    progress("export")
    out = directory / "export.jsonl"
    exp = worker("export", project=str(project_db), out=str(out), runs=plan.bulk_runs)
    progress("baseline export")
    base_out = directory / "export.baseline.jsonl"
    base_exp = worker("baseline-export", project=str(baseline_db), out=str(base_out), runs=plan.bulk_runs)
    same_bytes = _same_file(out, base_out)

    bulk_rows = []
    for name, ours, base, key, mb in (
            ("import JSONL (transfer.import_files)", imp, base_imp, "import", jsonl_mb),
            ("export JSONL (transfer.export_project)", exp, base_exp, "export", exp["bytes"] / 1e6)):
        ours_s, base_s = Stats.from_json(ours[key]), Stats.from_json(base[key])
        ratio = ours_s.median / base_s.median
        for who, s, r in (("annotator", ours_s, ours), ("baseline", base_s, base)):
            bulk_rows.append([f"{name}" if who == "annotator" else "  plain baseline", str(s.n),
                              f"{s.median:,.2f} s", f"{plan.documents / s.median:,.0f}",
                              f"{corpus_spans / s.median:,.0f}", f"{mb / s.median:,.1f}",
                              f"{ratio:.2f}x" if who == "annotator" else "",
                              f"≤ {BULK_RATIO_TARGET}x" if who == "annotator" else "",
                              verdict(ratio, BULK_RATIO_TARGET) if who == "annotator" else "",
                              f"{r['rss_mb']:,.0f}"])

    # -- the report --
    parent_rss = peak_rss_mb()     # before machine_lines() imports PySide6 here
    lines = [f"Annotator benchmarks ({'quick' if quick else 'full'} run)", *machine_lines(directory), ""]
    lines.append(table(["figure", "n", "median", "p99", "target", "", "peak RSS MB"], latency_rows,
                       right=(1, 2, 3, 6)))
    lines += ["", (f"Bulk: {plan.documents:,} documents, {corpus_spans:,} spans, JSONL {jsonl_mb:,.1f} MB "
              f"(export {exp['bytes'] / 1e6:,.1f} MB; annotator and baseline exports "
              f"{'are byte-identical' if same_bytes else 'DIFFER'})"), ""]
    lines.append(table(["figure", "n", "median", "docs/s", "spans/s", "MB/s", "vs baseline",
                        "target", "", "peak RSS MB"], bulk_rows, right=(1, 2, 3, 4, 5, 6, 9)))
    lines += ["",
              ("Window figures: open + paint = open_document() → end of window.grab(); add span = key '1' "
              "→ command → commit (synchronous=FULL) → forced repaint of the text view; in separate runs, "
              "with the event loop left to run, on until the span list has painted the new row; "
              "scroll = PageDown → repaint."),
              ("p99 is nearest-rank (with n < 100 it is the slowest run). Cold start: from just before "
              "the subprocess starts to the end of the text view's first paint (one warm-up run not "
              "counted). Each row's peak RSS is its own process's ru_maxrss (a child starts at its "
              f"parent's, here {parent_rss:,.0f} MB).")]
    lines += ["", run_training(plan, directory, quick), "", run_agree(directory, quick), "", run_merge(directory, quick),
              "", run_review(directory, quick), "", run_claims(plan, directory, quick)]
    return "\n".join(lines)


def run_tag(directory: Path, quick: bool) -> str:
    """Adding a span by hotkey in the window, alone (the per-keystroke write path)."""
    plan = QUICK if quick else FULL
    rows = []
    for size, spans in plan.windows:
        progress(f"tag by hotkey with {spans:,} spans")
        path, note_id, big_id = _data.window_project(directory, size, spans)
        r = run_worker(SCRIPT, ["--worker", "window", "--params", json.dumps(dict(
            what="tag", dir=str(directory), project=str(path), note_id=note_id, big_id=big_id,
            runs=plan.tag_runs))])
        stats = Stats.from_json(r["tag"])
        ok = "ok" if stats.median <= TAG_MEDIAN_TARGET_S and stats.p99 <= TAG_P99_TARGET_S else "MISS"
        rows.append([f"add span by hotkey, {spans:,} spans present (text repainted)", str(stats.n),
                     ms(stats.median), ms(stats.p99),
                     f"< {ms(TAG_MEDIAN_TARGET_S)} median, < {ms(TAG_P99_TARGET_S)} p99", ok,
                     f"{r['rss_mb']:,.0f}"])
    return "\n".join([f"Annotator hotkey benchmark ({'quick' if quick else 'full'} run)",
                      *machine_lines(directory), "",
                      table(["figure", "n", "median", "p99", "target", "", "peak RSS MB"], rows,
                            right=(1, 2, 3, 6))])


def run_merge(directory: Path, quick: bool) -> str:
    """Merging a colleague's 20,000 documents into a new team project, against importing the
    same documents and spans from JSONL; then merging the same unchanged file again."""
    def worker(kind: str, **params) -> dict:
        return run_worker(SCRIPT, ["--worker", kind, "--params", json.dumps(params)])

    documents, spans = MERGE_CORPUS
    progress(f"generating a colleague's project of {documents:,} documents, {spans:,} spans")
    prepared = worker("prepare-merge", dir=str(directory), documents=documents, spans=spans)
    runs = 1 if quick else 3
    progress("import of the same spans")
    imp = worker("import", jsonl=prepared["jsonl"], project=str(directory / "merge-import.annotator.db"),
                 runs=runs)
    progress("merge, first and again")
    merged = worker("merge", colleague=prepared["colleague"], project=str(directory / "team.annotator.db"),
                    runs=runs)
    imported, first, again = (Stats.from_json(imp["import"]), Stats.from_json(merged["first"]),
                              Stats.from_json(merged["again"]))
    ratio = first.median / imported.median
    label = f"{documents:,} documents, {prepared['spans']:,} spans"
    rows = [[f"import the colleague's JSONL into a new project, {label}", str(imported.n),
             ms(imported.median), "", "", f"{imp['rss_mb']:,.0f}"],
            [f"merge the colleague's project into a new project, {label}", str(first.n), ms(first.median),
             f"{ratio:.2f}x import, ≤ {MERGE_RATIO_TARGET}x", verdict(ratio, MERGE_RATIO_TARGET),
             f"{merged['rss_mb']:,.0f}"],
            ["merge the same unchanged file again", str(again.n), ms(again.median),
             f"≤ {ms(MERGE_AGAIN_TARGET_S)}", verdict(again.median, MERGE_AGAIN_TARGET_S), ""]]
    return "\n".join([f"Annotator merge benchmark ({'quick' if quick else 'full'} run)",
                      *machine_lines(directory), "",
                      table(["figure", "n", "median", "target", "", "peak RSS MB"], rows, right=(1, 2, 5)),
                      "", f"Each figure includes opening the project (as `annotator import` and `annotator "
                      f"merge` do); the merge again reported: {merged['again_summary']}"])


def run_network(directory: Path, quick: bool) -> str:
    """`annotator network` (two-mode and congruence) on 100,000 documents with 200,000 claims
    (a tenth with --quick), the command as an analyst runs it, project opening included."""
    def worker(kind: str, **params) -> dict:
        return run_worker(SCRIPT, ["--worker", kind, "--params", json.dumps(params)])

    documents = 10_000 if quick else 100_000
    progress(f"generating {documents:,} documents with {2 * documents:,} claims")
    prepared = worker("prepare-network", dir=str(directory), documents=documents)
    progress("annotator network")
    r = worker("network", dir=str(directory), project=prepared["project"], runs=1 if quick else 3)
    rows = []
    for mode in ("actor-issue", "congruence"):
        stats = Stats.from_json(r[mode])
        rows.append([f"annotator network --mode {mode}, {documents:,} documents, {prepared['claims']:,} claims",
                     str(stats.n), ms(stats.median), f"≤ {ms(NETWORK_TARGET_S)}",
                     verdict(stats.median, NETWORK_TARGET_S) if not quick else "", f"{r['child_rss_mb']:,.0f}"])
    return "\n".join([f"Annotator network benchmark ({'quick' if quick else 'full'} run)",
                      *machine_lines(directory), "",
                      table(["figure", "n", "median", "target", "", "peak RSS MB"], rows, right=(1, 2, 5))])


def run_search(plan: Plan, directory: Path, quick: bool) -> str:
    """The corpus search on the bulk corpus: the first page of hits of a dozen queries, and
    what keeping the index current adds to an import."""
    def worker(kind: str, **params) -> dict:
        return run_worker(SCRIPT, ["--worker", kind, "--params", json.dumps(params)], timeout=7200)

    progress(f"generating a corpus of {plan.documents:,} documents, {plan.spans:,} spans")
    jsonl, _spans = _data.corpus_jsonl(directory, plan.documents, plan.spans)
    project = directory / "search.annotator.db"
    progress("import with and without the index")
    imp = worker("search-import", jsonl=str(jsonl), project=str(project), runs=plan.bulk_runs)
    progress("queries")
    found = worker("search", project=str(project), queries=list(SEARCH_QUERIES), runs=5)
    with_, without, step = (Stats.from_json(imp[key]) for key in ("with", "without", "step"))
    ratio = with_.median / without.median
    own_ratio = Stats.from_json([w / (w - x) for w, x in zip(imp["with"], imp["step"])]).median
    rows = [[f"import {imp['documents']:,} documents ({found['text_mb']:,.0f} MB of text) with the index",
             str(with_.n), secs(with_.median), f"{ratio:.2f}x without, ≤ {SEARCH_INDEX_RATIO_TARGET}x",
             verdict(ratio, SEARCH_INDEX_RATIO_TARGET), f"{imp['rss_mb']:,.0f}"],
            ["  the same import without the index step", str(without.n), secs(without.median), "", "", ""],
            ["  of which the index step (INSERT … SELECT)", str(step.n), secs(step.median), "", "", ""],
            ["  with / (with − its index step), per run: the same ratio, less load noise", str(step.n),
             f"{own_ratio:.2f}x", f"≤ {SEARCH_INDEX_RATIO_TARGET}x", verdict(own_ratio, SEARCH_INDEX_RATIO_TARGET),
             ""]]
    for typed, figures in found["queries"].items():
        stats = Stats.from_json(figures["samples"])
        rows.append([f"first page ({SEARCH_PAGE}) of {typed}: {figures['hits']} hits, first / median",
                     str(stats.n), f"{ms(figures['samples'][0])} / {ms(stats.median)}",
                     f"≤ {ms(SEARCH_PAGE_TARGET_S)}", verdict(max(figures["samples"][0], stats.median),
                                                              SEARCH_PAGE_TARGET_S), ""])
    return "\n".join([f"Annotator search benchmark ({'quick' if quick else 'full'} run)",
                      *machine_lines(directory), "",
                      table(["figure", "n", "time", "target", "", "peak RSS MB"], rows, right=(1, 2, 5)),
                      "", "A page of hits is 50 hits in document order with their snippets and exact "
                      "offsets (Project.search); first = the first query on a freshly opened project."])


def run_tag_everywhere(directory: Path, quick: bool) -> str:
    """Tagging a name's 10,000 occurrences in 2,000 documents as one step: the store alone
    (FTS5 narrowing, matching, skipping, one transaction), and the window's command."""
    documents, each = TAG_EVERYWHERE_CORPUS
    progress(f"generating {documents:,} documents with {each} occurrences each")
    project = _data.tag_everywhere_project(directory, documents, each)
    progress("tag everywhere")
    r = run_worker(SCRIPT, ["--worker", "tag-everywhere", "--params",
                            json.dumps({"project": str(project), "dir": str(directory), "runs": 3 if quick else 7})])
    stats = {key: Stats.from_json(r[key]) for key in ("find", "add", "undo", "redo", "window", "window_undo",
                                                       "window_redo")}
    store = Stats.from_json([f + a for f, a in zip(r["find"], r["add"])])
    rows = [[f"store: find and tag {r['occurrences']:,} occurrences in {r['documents']:,} documents",
             str(store.n), ms(store.median), f"≤ {ms(TAG_EVERYWHERE_TARGET_S)}",
             verdict(store.median, TAG_EVERYWHERE_TARGET_S), f"{r['rss_mb']:,.0f}"]]
    for key, text in (("find", "  of which finding (FTS5, reading, matching, skipping)"),
                      ("add", "  of which adding (one transaction, durable commit)"),
                      ("undo", "store: remove them (undo)"), ("redo", "store: add them back, same ids (redo)")):
        rows.append([text, str(stats[key].n), ms(stats[key].median), "", "", ""])
    for key, text, target in (("window", "window: Ctrl+Shift+T's action until painted (session, undo command)",
                               TAG_EVERYWHERE_TARGET_S),
                              ("window_undo", "window: its undo (History.undo) until painted", TAG_EVERYWHERE_TARGET_S),
                              ("window_redo", "window: its redo (History.redo) until painted", TAG_EVERYWHERE_TARGET_S)):
        rows.append([text, str(stats[key].n), ms(stats[key].median), f"≤ {ms(target)}",
                     verdict(stats[key].median, target), ""])
    return "\n".join([f"Annotator tag-everywhere benchmark ({'quick' if quick else 'full'} run)",
                      *machine_lines(directory), "",
                      table(["figure", "n", "median", "target", "", "peak RSS MB"], rows, right=(1, 2, 5))])


def run_claims(plan: Plan, directory: Path, quick: bool) -> str:
    """Claims: a frame change saved (commit included); opening a 1 MB document with 5,000 claims.

    The open ratio is the real window's: the median of opening and painting the document in a
    project where it has 5,000 claims, over the median of opening and painting the same
    document in the same project without them (both in `MainWindow`, each in its own process).
    The window reads claims on a zero-timer after the first paint, so the ratio held to the
    target is that of the first paint; the row below it adds the claims read, listed and
    painted, which follows within one turn of the event loop."""
    def worker(kind: str, **params) -> dict:
        return run_worker(SCRIPT, ["--worker", kind, "--params", json.dumps(params)])

    progress("generating the 1 MB / 20k project with 5,000 claims")
    prepared = worker("prepare-claims", dir=str(directory))
    progress("claims: open without claims")
    base = worker("claims-base", dir=str(directory), project=prepared["base"], runs=plan.open_runs)
    progress("claims: open with claims, reads, frame saves")
    r = worker("claims", dir=str(directory), project=prepared["project"], runs=plan.open_runs,
               saves=plan.tag_runs * 2)
    opened, shown, spans, claims = (Stats.from_json(r[key]) for key in ("open_paint", "open_claims", "spans", "claims"))
    without = Stats.from_json(base["open_paint"])
    pushed, stored = Stats.from_json(r["pushed"]), Stats.from_json(r["stored"])
    ratio = opened.median / without.median
    best_ratio = opened.minimum / without.minimum
    shown_ratio = shown.median / without.median
    rows = [
        ["save a frame change (undoable command → session → commit)", str(pushed.n), ms(pushed.median),
         ms(pushed.p99), f"≤ {ms(FRAME_SAVE_TARGET_S)} median", verdict(pushed.median, FRAME_SAVE_TARGET_S),
         f"{r['rss_mb']:,.0f}"],
        ["  of which Project.update_claim alone", str(stored.n), ms(stored.median), ms(stored.p99), "", "", ""],
        ["open + paint, 1 MB / 20k spans, no claims (window)", str(without.n), ms(without.median),
         ms(without.p99), "", "", f"{base['rss_mb']:,.0f}"],
        ["open + paint, the same with 5,000 claims (window)", str(opened.n), ms(opened.median),
         ms(opened.p99), "", "", ""],
        ["  … until its claims are read, listed and painted", str(shown.n), ms(shown.median), ms(shown.p99),
         "", "", ""],
        ["  store: document + spans", str(spans.n), ms(spans.median), ms(spans.p99), "", "", ""],
        ["  store: 5,000 claims + links + default speakers", str(claims.n), ms(claims.median), ms(claims.p99),
         "", "", ""],
        ["open with claims / open without (first paint)", "", f"{ratio:.2f}x", "", f"≤ {CLAIMS_OPEN_RATIO_TARGET}x",
         verdict(ratio, CLAIMS_OPEN_RATIO_TARGET), ""],
        ["  the same from the fastest run of each (less load noise)", "", f"{best_ratio:.2f}x", "", "", "", ""],
        ["  claims shown / open without", "", f"{shown_ratio:.2f}x", "", "", "", ""],
    ]
    return "\n".join([f"Annotator claims benchmark ({'quick' if quick else 'full'} run)",
                      *machine_lines(directory), "",
                      table(["figure", "n", "median", "p99", "target", "", "peak RSS MB"], rows,
                            right=(1, 2, 3, 6))])


def run_agree(directory: Path, quick: bool) -> str:
    """`annotator agree` on two analysts' layers over 20,000 documents."""
    def worker(kind: str, **params) -> dict:
        return run_worker(SCRIPT, ["--worker", kind, "--params", json.dumps(params)])

    documents, spans = AGREE_CORPUS
    progress(f"generating {documents:,} documents with {spans:,} spans of two analysts")
    prepared = worker("prepare-agree", dir=str(directory), documents=documents, spans=spans)
    progress("annotator agree")
    r = worker("agree", project=prepared["project"], runs=1 if quick else 3)
    stats = Stats.from_json(r["agree"])
    ok = "ok" if stats.median <= AGREE_TARGET_S and r["child_rss_mb"] <= AGREE_RSS_TARGET_MB else "MISS"
    row = [f"annotator agree PROJECT, {documents:,} documents, {prepared['spans']:,} spans, 2 analysts",
           str(stats.n), ms(stats.median), ms(stats.p99),
           f"≤ {AGREE_TARGET_S:g} s, ≤ {AGREE_RSS_TARGET_MB} MB", ok, f"{r['child_rss_mb']:,.0f}"]
    return "\n".join([f"Annotator agreement benchmark ({'quick' if quick else 'full'} run)",
                      *machine_lines(directory), "",
                      table(["figure", "n", "median", "p99", "target", "", "peak RSS MB"], [row],
                            right=(1, 2, 3, 6)),
                      "", "Wall time of the whole command (interpreter start, imports, reading the project, "
                      "counting, printing); peak RSS is the command's own process's ru_maxrss."])


def run_review(directory: Path, quick: bool) -> str:
    """Review mode on a 1 MB document with 20,000 spans of two analysts, and the project's
    progress counted over 20,000 documents with 370,000 spans."""
    def worker(kind: str, **params) -> dict:
        return run_worker(SCRIPT, ["--worker", kind, "--params", json.dumps(params)])

    progress(f"generating a {REVIEW_DOCUMENT[0] // 1000} KB document with {REVIEW_DOCUMENT[1]:,} spans of two "
             f"analysts, and {AGREE_CORPUS[0]:,} documents with {AGREE_CORPUS[1]:,}")
    prepared = worker("prepare-review", dir=str(directory), document=list(REVIEW_DOCUMENT), corpus=list(AGREE_CORPUS))
    progress("review mode in the window")
    r = worker("review", dir=str(directory), project=prepared["project"], long_id=prepared["long_id"],
               runs=5 if quick else 15, decisions=20 if quick else 60)
    progress("review progress over the project")
    c = worker("review-progress", project=prepared["corpus"], runs=1 if quick else 3)
    size, spans = REVIEW_DOCUMENT
    rows = []
    enter, decide = Stats.from_json(r["enter"]), Stats.from_json(r["decide"])
    rows.append([f"enter review mode (Ctrl+R), {label_size(size, spans)}, {r['findings']:,} findings", str(enter.n),
                 ms(enter.median), ms(enter.p99), f"≤ {ms(REVIEW_ENTER_TARGET_S)} median",
                 verdict(enter.median, REVIEW_ENTER_TARGET_S), f"{r['rss_mb']:,.0f}"])
    rows.append(["decide one finding (A), text and table repainted", str(decide.n), ms(decide.median),
                 ms(decide.p99), f"≤ {ms(REVIEW_DECISION_TARGET_S)} median",
                 verdict(decide.median, REVIEW_DECISION_TARGET_S), ""])
    total, longest = Stats.from_json(c["progress"]), Stats.from_json(c["slice"])
    rows.append([f"project progress, {c['documents']:,} documents, {prepared['corpus_spans']:,} spans, "
                 "counted in the background", str(total.n), ms(total.median), ms(total.p99), "", "",
                 f"{c['rss_mb']:,.0f}"])
    rows.append(["  longest the window is busy at a time meanwhile", str(longest.n), ms(longest.median),
                 ms(longest.p99), "", "", ""])
    return "\n".join([f"Annotator review benchmark ({'quick' if quick else 'full'} run)",
                      *machine_lines(directory), "",
                      table(["figure", "n", "median", "p99", "target", "", "peak RSS MB"], rows, right=(1, 2, 3, 6)),
                      "", ("Enter = the Review mode action → the window grabbed (painted) with the dock filled; "
                           "decide = key A → commit → the text view and the review table repainted; the "
                           f"{c['undecided']:,} disagreements counted are the project's still to decide.")])


def run_training(plan: Plan, directory: Path, quick: bool) -> str:
    """`annotator export --annotator Ben --format F` of the bulk corpus drawn by one analyst, for
    each training-data format, each held to the JSONL export of the same layer."""
    def worker(kind: str, **params) -> dict:
        return run_worker(SCRIPT, ["--worker", kind, "--params", json.dumps(params)])

    progress(f"generating and importing {plan.documents:,} documents, {plan.spans:,} spans of one analyst")
    prepared = worker("prepare-training", dir=str(directory), documents=plan.documents, spans=plan.spans,
                      annotator="Ben")
    results = {}
    for name in TRAINING_FORMATS:
        progress(f"export {name}")
        suffix = {"spacy": ".spacy", "iob": ".iob", "hf": ".hf.jsonl", "parquet": ".parquet"}.get(name, ".jsonl")
        results[name] = worker("export", project=prepared["project"], out=str(directory / f"training{suffix}"),
                               format=name, annotators=["Ben"],
                               runs=1 if name == "spacy" else plan.bulk_runs)   # spacy: a minute or more
    from annotator.formats import spacy_docbin, token_lines
    from annotator.formats.batches import default_workers

    jsonl = Stats.from_json(results["jsonl"]["export"]).median
    rows = []
    for name, r in results.items():
        stats = Stats.from_json(r["export"])
        ratio = stats.median / jsonl
        held = name not in ("jsonl", "iob")
        rows.append([f"export --format {name}", str(stats.n), f"{stats.median:,.2f} s",
                     f"{prepared['spans'] / stats.median:,.0f}", f"{r['bytes'] / 1e6:,.1f}", f"{ratio:.2f}x",
                     f"≤ {TRAINING_RATIO_TARGET:g}x" if held else "",
                     verdict(ratio, TRAINING_RATIO_TARGET) if held else "",
                     f"{r['rss_mb']:,.0f}"])
    notes = sorted({note for r in results.values() for note in r["notes"]})
    return "\n".join([f"Training-data export ({'quick' if quick else 'full'} run): {plan.documents:,} documents, "
                      f"{prepared['spans']:,} spans of one analyst (JSONL {prepared['jsonl_mb']:,.1f} MB)", "",
                      table(["figure", "n", "median", "spans/s", "MB out", "vs jsonl", "target", "",
                             "peak RSS MB"], rows, right=(1, 2, 3, 4, 5, 8)),
                      "", "Each export as `transfer.export_annotations` runs it (project open, Ben's layer read, "
                      "file written and synced); iob has no target; spacy runs once (a run takes a minute or more) "
                      f"and builds its DocBin in {default_workers(spacy_docbin.MAX_WORKERS)} worker processes "
                      f"(peak RSS of the largest: {results['spacy']['child_rss_mb']:,.0f} MB; the column is the "
                      f"parent's); iob and hf build their lines in {default_workers(token_lines.MAX_WORKERS)} "
                      f"(largest: {max(results[n]['child_rss_mb'] for n in ('iob', 'hf')):,.0f} MB). "
                      "What the exports reported: "
                      + ("; ".join(notes) or "nothing moved or left out")])


def _same_file(a: Path, b: Path) -> bool:
    import filecmp

    return filecmp.cmp(a, b, shallow=False)


if __name__ == "__main__":
    sys.exit(main())
