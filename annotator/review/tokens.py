"""Word tokens and the label each annotator gave them: the units that kappa and alpha count.

Chance-corrected coefficients need a fixed set of units that every annotator judged.
Spans are not such a set (each annotator draws their own), so agreement is measured
on word tokens instead: every token of the text gets one label per annotator.

Offsets are code points into the document's text, end exclusive (as in `model.Span`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

from annotator.model import Span

OUTSIDE = "O"
"""The label of a token no span touches. A codebook label literally named "O" would be
indistinguishable from uncoded text; the codebook should not use it."""

_TOKEN = re.compile(r"\w+|[^\w\s]")

Token = tuple[int, int]
"""(start, end) of one token, code points, end exclusive."""


def tokenize(text: str) -> list[Token]:
    """Words (runs of \\w) and single punctuation marks, in text order; whitespace is not a token.

    Python indexes strings by code point, so the offsets match `Span` offsets directly.
    """
    return [match.span() for match in _TOKEN.finditer(text)]


def _token_range(tokens: Sequence[Token], starts: Sequence[int], ends: Sequence[int],
                 span: Span) -> range:
    """Indices of the tokens that share at least one code point with `span` (none for an empty span)."""
    if span.end <= span.start:
        return range(0)
    first = bisect_right(ends, span.start)   # first token ending after the span starts
    stop = bisect_left(starts, span.end)     # tokens starting before the span ends
    return range(first, max(first, stop))


def token_labels(tokens: Sequence[Token], spans: Iterable[Span]) -> list[str]:
    """One label per token from ONE annotator's spans; `OUTSIDE` where no span touches the token.

    A token belongs to a span when they share at least one code point, so a span that
    stops inside a word still claims that word (selection slips should not count as
    disagreement about the word). When several spans touch a token (nested or
    overlapping spans), the innermost wins, taken as the shortest span; ties go to the
    span that starts first, then to the label that sorts first, so the result never
    depends on the order spans arrive in.
    """
    starts = [start for start, _ in tokens]
    ends = [end for _, end in tokens]
    labels = [OUTSIDE] * len(tokens)
    best: list[tuple[int, int, str] | None] = [None] * len(tokens)
    for span in spans:
        rank = (span.end - span.start, span.start, span.label)
        for index in _token_range(tokens, starts, ends, span):
            current = best[index]
            if current is None or rank < current:
                best[index] = rank
                labels[index] = span.label
    return labels


def label_mask(tokens: Sequence[Token], spans: Iterable[Span], label: str) -> list[bool]:
    """For each token: does any of these spans with `label` touch it?

    Used for per-label figures (label versus not-label). Unlike `token_labels`, nesting
    does not hide anything here: an outer "Claim" still covers the tokens of an inner
    "Actor", so each label is judged on its own.
    """
    starts = [start for start, _ in tokens]
    ends = [end for _, end in tokens]
    mask = [False] * len(tokens)
    for span in spans:
        if span.label == label:
            for index in _token_range(tokens, starts, ends, span):
                mask[index] = True
    return mask


def coded_mask(*label_sequences: Sequence[str]) -> list[bool]:
    """For each token: did at least one of the annotators give it a label other than `OUTSIDE`?"""
    return [any(label != OUTSIDE for label in labels) for labels in zip(*label_sequences, strict=True)]
