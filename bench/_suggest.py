"""`python bench/run.py --only suggest`: making suggestions over the bench corpus (20,000
documents of 0.3–2 KB, the size `annotator agree` is measured on) with a registry of 200 entries
and their aliases, as `annotator.suggest.suggest` runs for the command line and the window:
a batch of documents read, matched and written at a time. No target is set; the figures are
documents per second and peak memory, for the registry alone, and for a spaCy pipeline (a
blank one with an EntityRuler of the same names, saved to disk and loaded as an installed one).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import _data
from _measure import clock, machine_lines, secs, table

DOCUMENTS = 20_000
QUICK_DOCUMENTS = 2_000


def registry() -> list[tuple[str, str, list[str]]]:
    """200 entries (kind, name, aliases): the corpus's places, people and bodies as actors with
    aliases an analyst would add, its topics as issues, and entries that rarely or never occur
    (most of a real registry, on any one document)."""
    rng = random.Random(5)
    entries: list[tuple[str, str, list[str]]] = []
    for name in _data._NAMES:
        entries.append(("actor", name, [name.upper(), f"{name} delegation", f"the {name} government"]))
    topics = ("ceasefire", "sanctions", "energy", "gas", "oil prices", "nuclear power plant", "grain", "trade",
              "refugees", "humanitarian aid", "elections", "border", "inflation", "debt", "treaty", "referendum",
              "security", "military", "infrastructure", "reform")
    for topic in topics:
        entries.append(("issue", topic.title(), [f"{topic} talks", f"{topic} policy"]))
    while len(entries) < 200:
        n = len(entries)
        first, second = rng.choice(_data._CONTENT), rng.choice(_data._NAMES)
        entries.append(("actor", f"{second} {first} committee {n}", [f"committee {n}", f"{first} {n}"]))
    return entries


def prepare(directory: Path, documents: int) -> dict:
    """The corpus's texts (no spans) in a project with the registry (made once, reused)."""
    from annotator import transfer
    from annotator.store import Project

    path = directory / f"suggest-{documents}.annotator.db"
    if not path.exists():
        jsonl, _spans = _data.corpus_jsonl(directory, documents, 0, seed=41)
        partial = directory / "suggest-partial.annotator.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
        transfer.import_files(partial, [jsonl], "Ben")
        with Project(partial) as project:
            for kind, name, aliases in registry():
                project.add_entity(kind, name, aliases=aliases)
            project.checkpoint()
        partial.rename(path)
    return {"project": str(path)}


def pipeline(directory: Path, names: list[tuple[str, str]]) -> str:
    """A blank pipeline with an EntityRuler of (label, name) patterns, saved to disk."""
    import spacy

    path = directory / "suggest-pipeline"
    nlp = spacy.blank("xx")
    nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"}).add_patterns(
        [{"label": label, "pattern": name} for label, name in names])
    shutil.rmtree(path, ignore_errors=True)
    nlp.to_disk(path)
    return str(path)


def worker(p: dict) -> dict:
    """One source's run over a fresh copy of the prepared project, then the same again (which
    adds nothing: every place is known)."""
    from annotator.store import Project
    from annotator.suggest import SuggestOptions, suggest

    copy = Path(p["dir"]) / "suggest-run.annotator.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copy(p["project"], copy)
    with Project(copy) as project:
        options = SuggestOptions(registry=p["registry"], patterns=False, model=p.get("model"))
        if p.get("model"):
            project.set_model_labels({"actor": "Actor", "issue": "Issue"})
        t0 = clock()
        first = suggest(project, options)
        first_s = clock() - t0
        t0 = clock()
        again = suggest(project, options)
        again_s = clock() - t0
        text_mb = project._conn.execute("SELECT sum(length(CAST(text AS BLOB))) FROM documents").fetchone()[0] / 1e6
    return {"documents": first.documents, "added": first.added, "first_s": first_s, "again_s": again_s,
            "again_added": again.added, "text_mb": text_mb}


def run(directory: Path, quick: bool, run_worker, progress) -> str:
    documents = QUICK_DOCUMENTS if quick else DOCUMENTS
    progress(f"generating {documents:,} documents and a registry of 200 entries")
    prepared = run_worker("prepare-suggest", dir=str(directory), documents=documents)
    names = [(kind, name) for kind, name, aliases in registry() for name in (name, *aliases)]
    model = pipeline(directory, names)
    rows = []
    for what, params in (("registry (200 entries, {names} names and aliases)", {"registry": True}),
                         ("a spaCy pipeline from disk (blank + EntityRuler of the same names)",
                          {"registry": False, "model": model})):
        progress(f"suggest: {what.split(' (')[0]}")
        r = run_worker("suggest", dir=str(directory), project=prepared["project"], **params)
        rows.append([what.format(names=len(names)), f"{r['documents']:,}", f"{r['added']:,}", secs(r["first_s"]),
                     f"{r['documents'] / r['first_s']:,.0f}", secs(r["again_s"]), f"{r['rss_mb']:,.0f}"])
    return "\n".join([f"Annotator suggestions benchmark ({'quick' if quick else 'full'} run)",
                      *machine_lines(directory), "",
                      f"{documents:,} documents, {r['text_mb']:,.1f} MB of text; no target (figures to report)", "",
                      table(["source", "documents", "suggested", "time", "docs/s", "again (adds 0)",
                             "peak RSS MB"], rows, right=(1, 2, 3, 4, 5, 6))])


