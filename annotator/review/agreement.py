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
not average: span counts are summed over documents, token sequences are concatenated.
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from annotator.errors import AnnotatorError
from annotator.model import Span
from annotator.review.coefficients import cohen_kappa, krippendorff_alpha
from annotator.review.figures import (
    AgreementReport,
    Coefficient,
    LabelFigures,
    PairFigures,
    ScopeFigures,
    SpanCounts,
)
from annotator.review.tokens import Token, coded_mask, label_mask, token_labels, tokenize

__all__ = [
    "AgreementReport",
    "Coefficient",
    "LabelFigures",
    "PairFigures",
    "ScopeFigures",
    "SpanCounts",
    "agreement_report",
    "exact_counts",
    "overlap_counts",
    "pairwise_matrix",
    "token_alpha",
    "token_kappa",
]

DocumentSpans = tuple[str, str, list[Span]]
"""(document external id, text, spans of all annotators on it)."""


def exact_counts(spans_a: Iterable[Span], spans_b: Iterable[Span]) -> SpanCounts:
    """Spans of A and B and how many of them pair up with identical start, end and label.

    Counted as a multiset intersection, so a span A marked twice pairs at most as often as B marked it.
    """
    keys_a = Counter(span.key for span in spans_a)
    keys_b = Counter(span.key for span in spans_b)
    return SpanCounts(keys_a.total(), keys_b.total(), (keys_a & keys_b).total())


def _maximum_matching(adjacency: Sequence[Sequence[int]], right_count: int) -> int:
    """Size of a maximum one-to-one matching in a bipartite graph (augmenting paths, breadth first)."""
    match_left = [-1] * len(adjacency)
    match_right = [-1] * right_count
    size = 0
    for root in range(len(adjacency)):
        reached_from: dict[int, int] = {}
        queue, seen = deque([root]), {root}
        free = -1
        while queue and free < 0:
            left = queue.popleft()
            for right in adjacency[left]:
                if right in reached_from:
                    continue
                reached_from[right] = left
                if match_right[right] < 0:
                    free = right
                    break
                if match_right[right] not in seen:
                    seen.add(match_right[right])
                    queue.append(match_right[right])
        right = free
        while right >= 0:
            left = reached_from[right]
            previous = match_left[left]
            match_left[left], match_right[right] = right, left
            right = previous if left != root else -1
        size += free >= 0
    return size


def overlap_counts(spans_a: Iterable[Span], spans_b: Iterable[Span]) -> SpanCounts:
    """Spans of A and B and how many pair up one-to-one with the same label and overlapping offsets.

    "Overlapping" means sharing a code point (or identical offsets, for empty spans). The
    matches are a maximum matching: the largest number of disjoint pairs, so the figure
    does not depend on span order and one long span cannot absorb several short ones.
    """
    by_label_a: dict[str, list[Span]] = defaultdict(list)
    by_label_b: dict[str, list[Span]] = defaultdict(list)
    for span in spans_a:
        by_label_a[span.label].append(span)
    for span in spans_b:
        by_label_b[span.label].append(span)
    matches = 0
    for label, left in by_label_a.items():
        right = by_label_b.get(label, [])
        adjacency = [[j for j, other in enumerate(right) if span.touches(other)] for span in left]
        matches += _maximum_matching(adjacency, len(right))
    return SpanCounts(sum(map(len, by_label_a.values())), sum(map(len, by_label_b.values())), matches)


def token_kappa(labels_a: Sequence[str], labels_b: Sequence[str], coded: Sequence[bool]) -> Coefficient:
    """Cohen's kappa of two token label sequences, over all tokens and over the `coded` ones."""
    kept = [index for index, flag in enumerate(coded) if flag]
    return Coefficient(
        overall=cohen_kappa(labels_a, labels_b), tokens=len(labels_a),
        coded=cohen_kappa([labels_a[i] for i in kept], [labels_b[i] for i in kept]), coded_tokens=len(kept))


def token_alpha(ratings: Sequence[Sequence[Hashable]], coded: Sequence[bool]) -> Coefficient:
    """Nominal Krippendorff's alpha of `ratings[annotator][token]`, over all tokens and the `coded` ones."""
    kept = [index for index, flag in enumerate(coded) if flag]
    tokens = len(ratings[0]) if ratings else 0
    return Coefficient(
        overall=krippendorff_alpha(ratings), tokens=tokens,
        coded=krippendorff_alpha([[row[i] for i in kept] for row in ratings]), coded_tokens=len(kept))


@dataclass
class _Layer:
    """One annotator on one document: their spans and the labels they give the tokens."""

    spans: list[Span]
    labels: list[str]


@dataclass
class _Document:
    external_id: str
    tokens: list[Token]
    layers: dict[str, _Layer]


def _prepare(documents: Iterable[DocumentSpans], annotator_ids: Sequence[str]) -> tuple[list[_Document], list[str]]:
    """Tokenize each text once and derive every chosen annotator's token labels; also all labels used."""
    raw = [(external_id, text, [span for span in spans if span.annotator_id in annotator_ids])
           for external_id, text, spans in documents]
    labels = sorted({span.label for _, _, spans in raw for span in spans})
    prepared = []
    for external_id, text, spans in raw:
        tokens = tokenize(text)
        layers = {}
        for annotator_id in annotator_ids:
            own = [span for span in spans if span.annotator_id == annotator_id]
            layers[annotator_id] = _Layer(spans=own, labels=token_labels(tokens, own))
        prepared.append(_Document(external_id, tokens, layers))
    return prepared, labels


def _concat(documents: Sequence[_Document], annotator_id: str, label: str | None = None) -> list:
    """An annotator's token labels (or, given `label`, that label's mask) across documents, end to end.

    Masks are built on demand: holding one per label per annotator would multiply memory by the codebook size.
    """
    joined: list = []
    for document in documents:
        layer = document.layers[annotator_id]
        joined.extend(layer.labels if label is None else label_mask(document.tokens, layer.spans, label))
    return joined


def _with_label(document: _Document, annotator_id: str, label: str) -> list[Span]:
    return [span for span in document.layers[annotator_id].spans if span.label == label]


def _pair_figures(documents: Sequence[_Document], a: str, b: str, labels: Sequence[str]) -> PairFigures:
    """a against b; span counts are matched within each document, then summed."""
    exact: dict[str, SpanCounts] = {}
    overlap: dict[str, SpanCounts] = {}
    for label in labels:
        exact[label] = overlap[label] = SpanCounts(0, 0, 0)
        for d in documents:
            spans_a, spans_b = _with_label(d, a, label), _with_label(d, b, label)
            exact[label] += exact_counts(spans_a, spans_b)
            overlap[label] += overlap_counts(spans_a, spans_b)
    labels_a, labels_b = _concat(documents, a), _concat(documents, b)
    coded = coded_mask(labels_a, labels_b)
    by_label = {
        label: LabelFigures(exact[label], overlap[label],
                            token_kappa(_concat(documents, a, label), _concat(documents, b, label), coded))
        for label in labels if exact[label].spans_a + exact[label].spans_b > 0}
    return PairFigures(a=a, b=b,
                       exact=sum(exact.values(), SpanCounts(0, 0, 0)),
                       overlap=sum(overlap.values(), SpanCounts(0, 0, 0)),
                       kappa=token_kappa(labels_a, labels_b, coded), by_label=by_label)


def _scope_figures(scope: str, documents: Sequence[_Document], annotator_ids: Sequence[str],
                   labels: Sequence[str]) -> ScopeFigures:
    """All figures for a set of documents, pooled (one document, or the whole corpus)."""
    ratings = [_concat(documents, annotator_id) for annotator_id in annotator_ids]
    coded = coded_mask(*ratings)
    used = [label for label in labels
            if any(span.label == label for d in documents for layer in d.layers.values() for span in layer.spans)]
    return ScopeFigures(
        scope=scope, documents=len(documents), tokens=len(coded), coded_tokens=sum(coded),
        alpha=token_alpha(ratings, coded),
        alpha_by_label={label: token_alpha([_concat(documents, annotator_id, label)
                                            for annotator_id in annotator_ids], coded)
                        for label in used},
        pairs=tuple(_pair_figures(documents, a, b, used) for a, b in combinations(annotator_ids, 2)))


def _chosen(annotator_ids: Sequence[str]) -> list[str]:
    chosen = list(dict.fromkeys(annotator_ids))
    if len(chosen) < 2:
        raise AnnotatorError(f"agreement needs at least two annotators ({len(chosen)} chosen)")
    return chosen


def pairwise_matrix(documents: Iterable[DocumentSpans],
                    annotator_ids: Sequence[str]) -> dict[tuple[str, str], PairFigures]:
    """Corpus-wide figures for every ordered pair of different annotators.

    `matrix[a, b]` takes a as the reference (recall = share of a's spans that b matched);
    `matrix[b, a]` is the same comparison seen from b. F1, kappa and matches are symmetric.
    """
    chosen = _chosen(annotator_ids)
    prepared, labels = _prepare(documents, chosen)
    matrix: dict[tuple[str, str], PairFigures] = {}
    for a, b in combinations(chosen, 2):
        figures = _pair_figures(prepared, a, b, labels)
        matrix[a, b] = figures
        matrix[b, a] = figures.swapped()
    return matrix


def agreement_report(documents: list[DocumentSpans], annotator_ids: list[str],
                     names: dict[str, str]) -> AgreementReport:
    """Every figure, per document and for the corpus, for the chosen annotators.

    `documents` holds (external id, text, spans of all annotators); spans of annotators not
    in `annotator_ids` are ignored. `names` maps annotator ids to display names (an id
    without a name shows as itself).
    """
    chosen = _chosen(annotator_ids)
    prepared, labels = _prepare(documents, chosen)
    return AgreementReport(
        annotator_ids=tuple(chosen), names={annotator_id: names.get(annotator_id, annotator_id)
                                            for annotator_id in chosen},
        labels=tuple(labels),
        documents=tuple(_scope_figures(d.external_id, [d], chosen, labels) for d in prepared),
        corpus=_scope_figures("corpus", prepared, chosen, labels))
