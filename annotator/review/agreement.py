"""How far annotators agree: span F1 (exact and overlap), Cohen's kappa and Krippendorff's alpha.

Span F1 answers "did they mark the same findings?"; it needs no notion of units and so
no chance correction. Kappa and alpha answer "do they label the text alike, beyond
chance?" and need units every annotator judged: word tokens (see `tokens`).

Uncoded text must not flatter the figures. Most of a document is usually outside every
span, and two analysts who mark entirely different things still "agree" on all that
plain text. Kappa's chance correction does not undo this (it depends on how much text is
uncoded), so every kappa and alpha comes twice: over all tokens, and over the tokens at
least one of the annotators compared coded, with the token counts beside each. The
restricted figure drops the both-uncoded cell and so tends to read low; the pair of
figures, not either alone, describes the agreement.

Counting rules: a document on which an annotator has no spans counts as "found nothing"
there, so pass only documents the chosen annotators have finished. Corpus figures pool,
not average: the counts of all documents are summed, then each figure is derived once
from the sums (see `counting`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import combinations
from typing import Any

import numpy as np

from annotator.errors import AnnotatorError
from annotator.review.claim_agreement import ClaimTally
from annotator.review.coefficients import alpha_from_pair_counts, kappa_from_confusion
from annotator.review.counting import Batch, Document, Labels, Tally, batches, count_batch
from annotator.review.figures import (
    AgreementReport,
    Coefficient,
    LabelFigures,
    PairFigures,
    ScopeFigures,
    SpanCounts,
)
from annotator.review.matching import exact_counts, overlap_counts

__all__ = [
    "AgreementReport",
    "Coefficient",
    "Document",
    "LabelFigures",
    "PairFigures",
    "ScopeFigures",
    "SpanCounts",
    "agreement_report",
    "exact_counts",
    "overlap_counts",
    "pairwise_matrix",
]

DocumentSpans = tuple[Any, ...]
"""(document external id, text, spans of all annotators on it[, title]), or a `Document`."""


def _as_document(item: DocumentSpans | Document) -> Document:
    if isinstance(item, Document):
        return item
    external_id, text, spans, *rest = item
    return Document(external_id, rest[0] if rest else "", text, list(spans))


def _chosen(annotator_ids: Sequence[str]) -> list[str]:
    chosen = list(dict.fromkeys(annotator_ids))
    if len(chosen) < 2:
        raise AnnotatorError(f"agreement needs at least two annotators ({len(chosen)} chosen)")
    return chosen


def _batches(documents: Iterable[DocumentSpans | Document], chosen: Sequence[str],
             labels: Labels) -> Iterator[tuple[list[Document], Batch]]:
    for batch in batches(map(_as_document, documents)):
        yield batch, count_batch(batch, chosen, labels)


def _coefficient(value: float | None, tokens: int, coded: float | None, coded_tokens: int) -> Coefficient:
    return Coefficient(overall=value, tokens=tokens, coded=coded, coded_tokens=coded_tokens)


def _without_both_uncoded(table: np.ndarray, count: int) -> np.ndarray:
    """`table` less `count` items in the (uncoded, uncoded) cell."""
    table = table.copy()
    table[0, 0] -= count
    return table


def _pair_figures(tally: Tally, p: int, a: str, b: str, labels: Labels) -> PairFigures:
    """a against b from the tally; tokens either of them coded are the pair's "coded" ones."""
    confusion = tally.confusion[p]
    both_uncoded = int(confusion[0, 0])
    coded_tokens = tally.tokens - both_uncoded
    by_label = {}
    for name in sorted(labels.names):
        code = labels.code_of[name]
        if code > tally.label_count:
            continue
        exact, overlap = (SpanCounts(*map(int, row)) for row in tally.spans[p, code - 1])
        if exact.spans_a + exact.spans_b == 0:
            continue
        table = tally.by_label[p, code - 1]
        by_label[name] = LabelFigures(exact, overlap, _coefficient(
            kappa_from_confusion(table), tally.tokens,
            kappa_from_confusion(_without_both_uncoded(table, both_uncoded)), coded_tokens))
    exact = SpanCounts(*map(int, tally.spans[p, :, 0].sum(axis=0)))
    overlap = SpanCounts(*map(int, tally.spans[p, :, 1].sum(axis=0)))
    kappa = _coefficient(kappa_from_confusion(confusion), tally.tokens,
                         kappa_from_confusion(_without_both_uncoded(confusion, both_uncoded)), coded_tokens)
    return PairFigures(a=a, b=b, exact=exact, overlap=overlap, kappa=kappa, by_label=by_label)


def _alpha(pair_tables: np.ndarray, annotators: int, tally: Tally) -> Coefficient:
    """Alpha over all tokens and over tokens any chosen annotator coded, from the pairs' tables."""
    pair_sum = (pair_tables + np.swapaxes(pair_tables, -1, -2)).sum(axis=0)
    # Each token nobody coded holds `annotators` uncoded values: m (m - 1) in the pair sum.
    coded = _without_both_uncoded(pair_sum, annotators * (annotators - 1) * tally.uncoded)
    return _coefficient(alpha_from_pair_counts(pair_sum, annotators), tally.tokens,
                        alpha_from_pair_counts(coded, annotators), tally.tokens - tally.uncoded)


def scope_figures(scope: str, title: str, tally: Tally, chosen: Sequence[str], labels: Labels) -> ScopeFigures:
    """Every figure of one scope (a document, or the corpus), derived from its counts."""
    tally = tally.grown(len(labels.names))
    used = [name for name in sorted(labels.names) if tally.used[labels.code_of[name] - 1]]
    return ScopeFigures(
        scope=scope, title=title, documents=tally.documents, tokens=tally.tokens,
        coded_tokens=tally.tokens - tally.uncoded,
        alpha=_alpha(tally.confusion, len(chosen), tally),
        alpha_by_label={name: _alpha(tally.by_label[:, labels.code_of[name] - 1], len(chosen), tally)
                        for name in used},
        pairs=tuple(_pair_figures(tally, p, chosen[i], chosen[j], labels)
                    for p, (i, j) in enumerate(combinations(range(len(chosen)), 2))))


def pairwise_matrix(documents: Iterable[DocumentSpans | Document],
                    annotator_ids: Sequence[str]) -> dict[tuple[str, str], PairFigures]:
    """Corpus-wide figures for every ordered pair of different annotators.

    `matrix[a, b]` takes a as the reference (recall = share of a's spans that b matched);
    `matrix[b, a]` is the same comparison seen from b. F1, kappa and matches are symmetric.
    """
    corpus = agreement_report(documents, annotator_ids, {}).corpus
    matrix: dict[tuple[str, str], PairFigures] = {}
    for figures in corpus.pairs:
        matrix[figures.a, figures.b] = figures
        matrix[figures.b, figures.a] = figures.swapped()
    return matrix


def agreement_report(documents: Iterable[DocumentSpans | Document], annotator_ids: Sequence[str],
                     names: dict[str, str], by_document: bool = True) -> AgreementReport:
    """Every figure for the chosen annotators: for the corpus, and per document if `by_document`.

    `documents` holds `Document`s or (external id, text, spans of all annotators[, title])
    and is read once, as a stream: only counts are kept. Spans of annotators not in
    `annotator_ids` are ignored. `names` maps annotator ids to display names (an id without
    a name shows as itself). Documents that carry claims (`Document.claims`) add up to the
    report's Claims section (`claim_agreement`); with none, the report has no such section.
    """
    chosen = _chosen(annotator_ids)
    labels = Labels()
    pairs = len(chosen) * (len(chosen) - 1) // 2
    corpus = Tally.empty(pairs, 0)
    per_document: list[tuple[Document, Tally]] = []
    claims: ClaimTally | None = None
    for batch, counts in _batches(documents, chosen, labels):
        corpus = corpus + counts.total
        for document in batch:
            if document.claims is not None:
                claims = claims or ClaimTally(tuple(chosen))
                claims.add(document.external_id, document.title, document.claims)
        if by_document:
            per_document += [(document, counts.document(doc)) for doc, document in enumerate(batch)]
    return AgreementReport(
        annotator_ids=tuple(chosen), names={annotator_id: names.get(annotator_id, annotator_id)
                                            for annotator_id in chosen},
        labels=tuple(sorted(labels.names)),
        documents=tuple(scope_figures(document.external_id, document.title, tally, chosen, labels)
                        for document, tally in per_document),
        corpus=scope_figures("corpus", "", corpus, chosen, labels),
        by_document=by_document, claims=None if claims is None else claims.figures())

