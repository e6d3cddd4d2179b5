"""The claims benchmarks: saving a frame change (commit included), and reading a document's
5,000 claim frames and span links beside opening the same 1 MB / 20,000-span document.

The project is the window benchmark's 1 MB / 20k project (bench/_data.window_project) with,
on its big document, a registry of 60 actors and 20 issues, a third of the Actor spans linked
to an entry, and 5,000 frames: each Claim span's nearest Actor and Issue spans of the same
layer, every fourth with a registry speaker too, stances and categories in turn. It is
built through `Project.import_records` (claims travel in `Record`s), deterministically.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

CLAIMS = 5_000
STANCES = ("support", "oppose", "neutral", "")


def claims_project(directory: Path, base: Path, big_id: int, count: int = CLAIMS) -> Path:
    """A copy of `base` with `count` frames on document `big_id` (reused if present)."""
    from annotator.model import ACTOR, ISSUE, ClaimData, RefData
    from annotator.store import Project

    path = directory / base.name.replace(".annotator.db", f"-claims{count}.annotator.db")
    if path.exists():
        return path
    partial = path.with_suffix(".partial")
    shutil.copyfile(base, partial)
    rng = random.Random(11)
    with Project(partial) as project:
        actors = [project.add_entity(ACTOR, f"Actor {n} 🎙").name for n in range(60)]
        issues = [project.add_entity(ISSUE, f"Issue {n}").name for n in range(20)]
        for code in ("101", "102", "201"):
            project.add_claim_category(code, f"Category {code}")
        record = next(r for r in project.iter_records() if r.document.id == big_id)
        spans = record.spans
        by_layer: dict[tuple[str, str], list[int]] = {}
        for index, span in enumerate(spans):
            by_layer.setdefault((span.label, span.annotator), []).append(index)
        links = {i: rng.choice(actors) for i in by_layer.get(("Actor", "Ben"), []) if rng.random() < 0.33}

        def nearest(label: str, annotator: str, start: int) -> int | None:
            candidates = by_layer.get((label, annotator), [])
            return min(candidates, key=lambda i: abs(spans[i].start - start)) if candidates else None

        claims = []
        claim_spans = [i for i, s in enumerate(spans) if s.label == "Claim"]
        for n, index in enumerate(claim_spans[:count]):
            span = spans[index]
            speaker, issue = nearest("Actor", span.annotator, span.start), nearest("Issue", span.annotator, span.start)
            speakers = [RefData(span=speaker)] if speaker is not None else []
            if n % 4 == 0 or not speakers:
                speakers.append(RefData(entity=rng.choice(actors)))
            claims.append(ClaimData(span=index, annotator=span.annotator, speakers=tuple(speakers),
                                    issues=(RefData(span=issue),) if issue is not None
                                    else (RefData(entity=rng.choice(issues)),),
                                    stance=STANCES[n % 4], category=("101", "102", "201", "")[n % 4]))
        if len(claims) < count:
            raise RuntimeError(f"only {len(claims)} Claim spans to frame; the bench wants {count}")
        report = project.import_records([type(record)(record.document, spans, claims=claims, links=links)])
        assert report.claims_added == count, report
        project.checkpoint()
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    partial.rename(path)
    return path


def time_open_with_claims(window, document_id: int, other_id: int) -> tuple[float, float]:
    """Opens `document_id` in the real window (after `other_id`, untimed), as `_window.time_open`
    does: (open + first paint, open + first paint + the claims read, listed and painted).

    The window reads claims on a zero-timer after the open, so the first figure is what the
    analyst waits for to see the text; the second runs the event loop on until the claims
    presenter has read the document's claims, then paints the window again (flags and list)."""
    from _measure import clock
    from _window import settle
    from PySide6.QtWidgets import QApplication

    window.open_document(other_id)
    settle()
    t0 = clock()
    window.open_document(document_id)
    window.grab()
    t1 = clock()
    while window.claims.loaded_for != document_id:
        QApplication.processEvents()
    window.grab()
    t2 = clock()
    settle()
    if window.claims.model.rowCount() < CLAIMS:
        raise RuntimeError(f"the window lists {window.claims.model.rowCount()} claims, expected {CLAIMS}")
    return t1 - t0, t2 - t0


def time_reads(project, document_id: int, runs: int) -> dict[str, list[float]]:
    """The store's side of opening a document (its text and spans) and what claims add to it
    (frames, links, default speakers), each timed alone."""
    from _measure import clock

    result: dict[str, list[float]] = {"spans": [], "claims": []}
    for _ in range(runs):
        t0 = clock()
        project.document(document_id)
        project.spans(document_id)
        t1 = clock()
        frames = project.claims(document_id)
        project.links(document_id)
        project.default_speakers(document_id)
        t2 = clock()
        result["spans"].append(t1 - t0)
        result["claims"].append(t2 - t1)
    if len(frames) < CLAIMS:
        raise RuntimeError(f"read {len(frames)} frames, expected {CLAIMS}")
    return result


def time_frame_saves(session, history, project, document_id: int, runs: int) -> dict[str, list[float]]:
    """A frame change as the window will make it: an `UpdateClaimCommand` pushed onto the undo
    history (the session writes and commits, synchronous=FULL, then announces it); and the
    same change through `Project.update_claim` alone."""
    from _measure import clock

    from annotator.ui.commands import UpdateClaimCommand

    frames = project.claims(document_id)[:runs]
    pushed, stored = [], []
    for n, frame in enumerate(frames):
        stance = STANCES[(STANCES.index(frame.stance) + 1) % 4]
        t0 = clock()
        history.push(UpdateClaimCommand(session, frame, stance=stance))
        pushed.append(clock() - t0)
        t0 = clock()
        project.update_claim(frame.id, note=f"note {n}")
        stored.append(clock() - t0)
    return {"pushed": pushed, "stored": stored}
