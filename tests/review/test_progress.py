"""Review progress is counted from the same grouping the review table shows: the quick count
(`open_regions`, on plain tuples) agrees with `align` on any spans, and `align` still follows
its rules as written (an independent, slow reading of them is the oracle)."""

from __future__ import annotations

import random

import pytest

from annotator.model import Span
from annotator.review.align import AGREED, align, open_regions
from annotator.review.progress import DocumentReview, ProjectProgress, document_review, project_progress

LABELS = ("Claim", "Actor", "Issue")


def random_spans(seed: int, annotators: tuple[str, ...], count: int) -> list[Span]:
    rng = random.Random(seed)
    spans = {}
    for _ in range(count):
        start = rng.randrange(0, 60)
        end = start + rng.randint(1, 12)
        annotator = rng.choice(annotators)
        label = rng.choice(LABELS)
        spans[(start, end, label, annotator)] = Span(start, end, label, annotator.upper(), annotator)
    return list(spans.values())


def rules_as_written(spans: list[Span], chosen: list[str]) -> list[tuple[str, dict]]:
    """The module docstring's rules, read literally and slowly: every pair ranked, links taken
    strongest first, a merge only if one span per annotator and every two spans touch."""
    pool = sorted((s for s in spans if s.annotator_id in chosen), key=lambda s: (s.start, s.end, s.label, s.annotator_id))
    links = []
    for i, a in enumerate(pool):
        for j, b in enumerate(pool):
            if j <= i or a.annotator_id == b.annotator_id or not a.touches(b):
                continue
            if a.key == b.key:
                rank = (0, 0)
            elif (a.start, a.end) == (b.start, b.end):
                rank = (1, 0)
            else:
                rank = (2 if a.label == b.label else 3, -(min(a.end, b.end) - max(a.start, b.start)))
            links.append((rank, i, j))
    groups = {i: [i] for i in range(len(pool))}
    owner = list(range(len(pool)))
    for _rank, i, j in sorted(links):
        x, y = owner[i], owner[j]
        if x == y:
            continue
        joined = groups[x] + groups[y]
        if len({pool[k].annotator_id for k in joined}) < len(joined):
            continue
        if not all(pool[k].touches(pool[m]) for k in groups[x] for m in groups[y]):
            continue
        for k in groups[y]:
            owner[k] = x
        groups[x] = joined
        del groups[y]
    shapes = []
    for members in groups.values():
        group = [pool[k] for k in members]
        missing = [a for a in chosen if a not in {s.annotator_id for s in group}]
        if len({(s.start, s.end) for s in group}) > 1:
            kind = "boundary"
        elif len({s.label for s in group}) > 1:
            kind = "label"
        else:
            kind = "single" if missing else "agreed"
        shapes.append((kind, {s.annotator_id: s.key for s in group}))
    return sorted(shapes, key=lambda shape: sorted(shape[1].values()))


def shape(items) -> list[tuple[str, dict]]:
    return sorted(((i.kind, {a: s.key for a, s in i.spans.items()}) for i in items),
                  key=lambda shape: sorted(shape[1].values()))


@pytest.mark.parametrize("seed", range(40))
def test_align_follows_its_rules_as_written(seed):
    chosen = ["a", "b", "c"][: 2 + seed % 2]
    spans = random_spans(seed, ("a", "b", "c"), 30)
    assert shape(align(spans, chosen)) == rules_as_written(spans, chosen)


@pytest.mark.parametrize("seed", range(40))
def test_the_quick_count_agrees_with_the_review_table(seed):
    chosen = ["b", "a", "c"][: 2 + seed % 2]
    spans = [s for s in random_spans(seed, ("a", "b", "c"), 30) if s.annotator_id in chosen]
    code = {annotator: n for n, annotator in enumerate(sorted(chosen))}   # as the store numbers them
    keys = sorted((s.start, s.end, s.label, code[s.annotator_id]) for s in spans)
    items = align(spans, chosen)
    findings, regions = open_regions(keys, len(chosen))
    assert findings == len(items)
    assert sorted(regions) == sorted(item.region for item in items if item.kind != AGREED)


def test_a_document_counts_only_disagreements_without_a_decision():
    keys = sorted([(0, 5, "Claim", 0), (0, 5, "Claim", 1),       # agreed
                   (10, 20, "Claim", 0), (10, 18, "Claim", 1),   # boundary
                   (30, 35, "Actor", 1)])                        # one annotator only
    assert document_review(keys, 2, set()) == DocumentReview(findings=3, disagreements=2, undecided=2)
    decided = document_review(keys, 2, {(10, 20)})
    assert decided == DocumentReview(3, 2, 1) and not decided.adjudicated
    assert document_review(keys, 2, {(10, 20), (30, 35)}).adjudicated


def test_project_progress_counts_documents_with_disagreements():
    states = [DocumentReview(3, 2, 0), DocumentReview(4, 1, 1), DocumentReview(2, 0, 0), DocumentReview(0, 0, 0)]
    progress = project_progress(states)
    assert progress == ProjectProgress(documents=2, adjudicated=1, undecided=1)
    assert progress.plus(states[1], -1).plus(DocumentReview(4, 1, 0)) == ProjectProgress(2, 2, 0)
