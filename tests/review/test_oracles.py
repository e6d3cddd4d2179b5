"""Corpus figures from counts against scikit-learn and krippendorff on the same token labels.

The token labels are worked out here the slow, obvious way (each token, each span), from the
rules in `review.tokens`; the libraries then compute kappa and alpha from those sequences.
"""

from __future__ import annotations

import random

import pytest

from annotator.model import Span
from annotator.review import counting
from annotator.review.agreement import agreement_report
from annotator.snapping import word_tokens

sklearn_metrics = pytest.importorskip("sklearn.metrics")
krippendorff = pytest.importorskip("krippendorff")

WORDS = ["ceasefire", "talks", "José", "Kyiv", "🇺🇦", "👩\u200d👩\u200d👧", ",", "short-term", "שלום", "—"]
LABELS = ["Actor", "Claim", "Issue"]


def random_corpus(rng: random.Random, annotators: list[str]) -> list[tuple[str, str, list[Span]]]:
    documents = []
    for n in range(rng.randint(1, 12)):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 30)))
        spans = []
        for annotator in annotators:
            for _ in range(rng.randint(0, 6)):
                if text:
                    start = rng.randrange(len(text))
                    spans.append(Span(start, rng.randint(start, min(len(text), start + 25)), rng.choice(LABELS),
                                      annotator=annotator, annotator_id=annotator))
        documents.append((f"d{n}", text, spans))
    return documents


def labels_by_hand(text: str, spans: list[Span]) -> list[str]:
    """Innermost (shortest, then first, then label order) span touching each token, else "O"."""
    labels = []
    for start, end in word_tokens(text):
        touching = [s for s in spans if s.start < end and start < s.end]
        labels.append(min(touching, key=lambda s: (s.end - s.start, s.start, s.label)).label if touching else "O")
    return labels


def kappa_or_none(first: list[str], second: list[str]) -> float | None:
    if not first or len(set(first) | set(second)) == 1:
        return None
    return float(sklearn_metrics.cohen_kappa_score(first, second))


def alpha_or_none(rows: list[list[str]]) -> float | None:
    values = sorted({value for row in rows for value in row})
    if len(values) < 2:
        return None
    return float(krippendorff.alpha(reliability_data=[[values.index(v) for v in row] for row in rows],
                                    level_of_measurement="nominal"))


def assert_same(ours: float | None, theirs: float | None) -> None:
    assert (ours is None) == (theirs is None), (ours, theirs)
    if ours is not None:
        assert ours == pytest.approx(theirs, abs=1e-9)


@pytest.mark.parametrize("seed", range(40))
def test_corpus_figures_equal_the_libraries_on_random_documents(seed, monkeypatch):
    monkeypatch.setattr(counting, "BATCH_CHARS", 60)        # many batches: their sums must pool right
    rng = random.Random(seed)
    annotators = ["a", "b", "c"][:rng.randint(2, 3)]
    documents = random_corpus(rng, annotators)
    report = agreement_report(documents, annotators, {})
    rows = {a: sum((labels_by_hand(text, [s for s in spans if s.annotator_id == a])
                    for _, text, spans in documents), []) for a in annotators}
    coded = [any(rows[a][i] != "O" for a in annotators) for i in range(len(rows[annotators[0]]))]
    alpha = report.corpus.alpha
    assert_same(alpha.overall, alpha_or_none([rows[a] for a in annotators]))
    assert_same(alpha.coded, alpha_or_none([[v for v, c in zip(rows[a], coded) if c] for a in annotators]))
    for pair in report.corpus.pairs:
        first, second = rows[pair.a], rows[pair.b]
        kept = [i for i in range(len(first)) if first[i] != "O" or second[i] != "O"]
        assert_same(pair.kappa.overall, kappa_or_none(first, second))
        assert_same(pair.kappa.coded, kappa_or_none([first[i] for i in kept], [second[i] for i in kept]))
        assert pair.kappa.coded_tokens == len(kept)
        for label, figures in pair.by_label.items():
            mask_a = sum(([any(s.label == label and s.annotator_id == pair.a and s.start < e and t < s.end
                               for s in spans) for t, e in word_tokens(text)] for _, text, spans in documents), [])
            mask_b = sum(([any(s.label == label and s.annotator_id == pair.b and s.start < e and t < s.end
                               for s in spans) for t, e in word_tokens(text)] for _, text, spans in documents), [])
            assert_same(figures.kappa.overall, kappa_or_none(list(map(str, mask_a)), list(map(str, mask_b))))
            assert_same(figures.kappa.coded, kappa_or_none([str(mask_a[i]) for i in kept],
                                                           [str(mask_b[i]) for i in kept]))
