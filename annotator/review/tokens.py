"""Word tokens and the label each annotator gave them: the units that kappa and alpha count.

Chance-corrected coefficients need a fixed set of units that every annotator judged.
Spans are not such a set (each annotator draws their own), so agreement is measured
on word tokens instead: every token of the text gets one label per annotator.

What a token is lives in `annotator.snapping` (one definition for snapping and agreement).
`tokenize` is that definition; `token_bounds` computes the same tokens for many documents
at once with numpy (the tests hold the two equal), because a corpus has millions of them.

Offsets are code points into the document's text, end exclusive (as in `model.Span`).
Labels are small integer codes here: 0 is `OUTSIDE`, label i is code i + 1.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from annotator.snapping import JOINERS, cluster_kind, cluster_runs, joining_chars, word_tokens

OUTSIDE = "O"
"""The label of a token no span touches. A codebook label literally named "O" would be
indistinguishable from uncoded text; the codebook should not use it."""

Token = tuple[int, int]
"""(start, end) of one token, code points, end exclusive."""

_SPACE, _WORD, _OTHER, _JOINER = 0, 1, 2, 3


def tokenize(text: str) -> list[Token]:
    """Words and single non-word clusters, in text order (see `annotator.snapping`)."""
    return word_tokens(text)


def _char_class(ch: str) -> int:
    if ch.isspace():
        return _SPACE
    if ch.isalnum() or ch == "_":
        return _WORD
    return _JOINER if ch in JOINERS else _OTHER


@cache
def _bmp_classes() -> np.ndarray:
    """The class of every code point below U+10000 (astral ones are looked up as they come)."""
    return np.array([_char_class(chr(code)) for code in range(0x10000)], dtype=np.uint8)


def token_bounds(text: str) -> tuple[np.ndarray, np.ndarray]:
    """(starts, ends) of `tokenize(text)` as int64 arrays, computed a code point at a time in numpy.

    Each code point is classed as whitespace, word, joiner or other; the rare runs that hold a
    multi-code-point cluster are read cluster by cluster (as `snapping` does) and their extra
    code points marked as continuations, which never start or end a token.
    """
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    if len(codes) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    kind = _bmp_classes()[np.minimum(codes, 0xFFFF)]
    astral = np.flatnonzero(codes > 0xFFFF)
    for code in np.unique(codes[astral]):
        kind[astral[codes[astral] == code]] = _char_class(chr(code))
    continued = np.zeros(len(codes), dtype=bool)
    joining = joining_chars(text)
    if joining:
        from annotator.snapping import _cluster_pattern

        for left, right in cluster_runs(text, joining):
            for match in _cluster_pattern().finditer(text, left, right):
                start, end = match.span()
                if end - start > 1:
                    kind[start:end] = {"w": _WORD, "j": _JOINER, "o": _OTHER}[cluster_kind(text[start:end])]
                    continued[start + 1:end] = True
    before = np.concatenate(([_SPACE], kind[:-1]))
    after = np.concatenate((kind[1:], [_SPACE]))
    joined = (kind == _JOINER) & (before == _WORD) & (after == _WORD)
    kind = np.where(kind == _JOINER, np.where(joined, _WORD, _OTHER), kind)
    before = np.concatenate(([_SPACE], kind[:-1]))
    after = np.concatenate((kind[1:], [_SPACE]))
    continued_after = np.concatenate((continued[1:], [False]))
    starts = ~continued & ((kind == _OTHER) | ((kind == _WORD) & (before != _WORD)))
    lasts = (kind != _SPACE) & ~continued_after & ((kind == _OTHER) | (after != _WORD))
    return np.flatnonzero(starts), np.flatnonzero(lasts) + 1


def token_ranges(starts: np.ndarray, ends: np.ndarray, span_starts: np.ndarray,
                 span_ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each span, the indices [first, stop) of the tokens it shares a code point with.

    A span that stops inside a word still claims that word (selection slips should not count
    as disagreement about the word); an empty span claims nothing.
    """
    first = np.searchsorted(ends, span_starts, side="right")     # first token ending after the start
    stop = np.searchsorted(starts, span_ends, side="left")       # tokens starting before the end
    return first, np.maximum(first, stop)


def token_labels(token_count: int, first: np.ndarray, stop: np.ndarray, codes: np.ndarray,
                 label_ranks: np.ndarray, lengths: np.ndarray, span_starts: np.ndarray) -> np.ndarray:
    """One label code per token from ONE annotator's spans; 0 (`OUTSIDE`) where none touches it.

    When several spans touch a token (nested or overlapping spans) the innermost wins, taken
    as the shortest span; ties go to the span that starts first, then to the label that sorts
    first (codes follow the sorted labels), so the result never depends on span order.
    """
    labels = np.zeros(token_count, dtype=np.int64)
    # Written from the weakest claim to the strongest, so the strongest is written last.
    for index in np.lexsort((-label_ranks, -span_starts, -lengths)):
        labels[first[index]:stop[index]] = codes[index]
    return labels


def label_masks(token_count: int, label_count: int, first: np.ndarray, stop: np.ndarray,
                codes: np.ndarray) -> np.ndarray:
    """masks[label code - 1, token]: does any of ONE annotator's spans with that label touch the token?

    Used for per-label figures (label versus not-label). Unlike `token_labels`, nesting hides
    nothing here: an outer "Claim" still covers the tokens of an inner "Actor".
    """
    masks = np.zeros((label_count, token_count), dtype=bool)
    for code, begin, end in zip(codes.tolist(), first.tolist(), stop.tolist()):
        masks[code - 1, begin:end] = True
    return masks
