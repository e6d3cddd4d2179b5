"""Chance-corrected agreement from counts: Cohen's kappa (two annotators) and Krippendorff's
alpha (nominal, two or more).

Both are functions of a table of counts, so a corpus is counted once (tables add up across
documents) and never held token by token. scikit-learn's `cohen_kappa_score` and the
`krippendorff` package are the references: the tests compare these figures with theirs on
the same data. Neither is imported at run time.

A coefficient is undefined when the annotators could not have disagreed by chance (every
judgement in one category) or there is nothing to compare. It is then None, never NaN and
never an exception, so a report can say "n/a" and why.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np


def kappa_from_confusion(confusion: np.ndarray) -> float | None:
    """Cohen's kappa from `confusion[category of a, category of b]` = number of items.

    kappa = (p_o - p_e) / (1 - p_e), with p_o the share on the diagonal and p_e the sum of the
    two annotators' category shares multiplied (Cohen 1960); worked in integers up to the last
    division, so "p_e is exactly 1" (undefined) is an exact test.
    """
    confusion = np.asarray(confusion, dtype=np.int64)
    n = int(confusion.sum())
    if n == 0:
        return None
    chance = int(np.dot(confusion.sum(axis=1), confusion.sum(axis=0)))
    if chance == n * n:
        return None
    return (n * int(np.trace(confusion)) - chance) / (n * n - chance)


def alpha_from_pair_counts(pair_sum: np.ndarray, annotators: int) -> float | None:
    """Nominal Krippendorff's alpha for units every one of `annotators` judged, from
    `pair_sum` = the sum over unordered annotator pairs of (confusion + its transpose).

    With m values in every unit, that sum is (m - 1) times the coincidence matrix o, so
    alpha = 1 - D_o / D_e with D_o = sum of o[c, k] off the diagonal and
    D_e = sum over c != k of n_c * n_k / (n - 1), n_c the row sums of o.
    """
    coincidence = np.asarray(pair_sum, dtype=np.float64) / (annotators - 1)
    totals = coincidence.sum(axis=1)
    if np.count_nonzero(totals) < 2:
        return None
    n = float(totals.sum())
    expected = (n * n - float(np.dot(totals, totals))) / (n - 1)
    observed = float(coincidence.sum() - np.trace(coincidence))
    return 1 - observed / expected


def confusion_of(first: Sequence[Hashable], second: Sequence[Hashable]) -> np.ndarray:
    """The confusion table of two label sequences (categories in order of first appearance)."""
    if len(first) != len(second):
        raise ValueError(f"kappa needs one judgement per item from each annotator "
                         f"({len(first)} and {len(second)} given)")
    codes: dict[Hashable, int] = {}
    for value in [*first, *second]:
        codes.setdefault(value, len(codes))
    table = np.zeros((len(codes), len(codes)), dtype=np.int64)
    np.add.at(table, ([codes[v] for v in first], [codes[v] for v in second]), 1)
    return table


def cohen_kappa(first: Sequence[Hashable], second: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two annotators' judgements of the same items; None where undefined."""
    return kappa_from_confusion(confusion_of(first, second))


def krippendorff_alpha(ratings: Sequence[Sequence[Hashable]]) -> float | None:
    """Nominal alpha of `ratings[annotator][unit]`, every annotator judging every unit."""
    if len({len(row) for row in ratings}) > 1:
        raise ValueError("alpha needs one row of equal length per annotator")
    codes: dict[Hashable, int] = {}
    for row in ratings:
        for value in row:
            codes.setdefault(value, len(codes))
    total = np.zeros((len(codes), len(codes)), dtype=np.int64)
    for i in range(len(ratings)):
        for j in range(i + 1, len(ratings)):
            table = np.zeros_like(total)
            np.add.at(table, ([codes[v] for v in ratings[i]], [codes[v] for v in ratings[j]]), 1)
            total += table + table.T
    return alpha_from_pair_counts(total, len(ratings)) if len(ratings) >= 2 else None
