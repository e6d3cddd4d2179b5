"""Chance-corrected agreement: Cohen's kappa (two annotators) and Krippendorff's alpha (nominal, 2+).

scikit-learn and krippendorff are optional extras: when they can be imported they do the
arithmetic (they are the references readers trust), otherwise the small implementations
here do. Both paths give the same figures; the tests hold them to that.

A coefficient is undefined when the annotators could not have disagreed by chance (every
judgement in one category) or there is nothing to compare. Both paths then return None,
never NaN and never an exception, so a report can print "—" and move on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from functools import cache
from typing import Any


@cache
def _sklearn_kappa() -> Callable[..., float] | None:
    """scikit-learn's cohen_kappa_score, imported on first use (it is slow to import), or None."""
    try:
        from sklearn.metrics import cohen_kappa_score
    except ImportError:
        return None
    return cohen_kappa_score


@cache
def _krippendorff_alpha() -> Callable[..., Any] | None:
    """The krippendorff package's alpha, imported on first use, or None."""
    try:
        import krippendorff
    except ImportError:
        return None
    return krippendorff.alpha


def _kappa_defined(first: Sequence[Hashable], second: Sequence[Hashable]) -> bool:
    """Kappa = (p_o - p_e) / (1 - p_e) needs items and p_e < 1, i.e. not both annotators in one category."""
    if len(first) != len(second):
        raise ValueError(f"kappa needs one judgement per item from each annotator "
                         f"({len(first)} and {len(second)} given)")
    n = len(first)
    if n == 0:
        return False
    counts_first, counts_second = Counter(first), Counter(second)
    # p_e == 1 exactly when sum of count products == n*n; integers, so no rounding doubt.
    return sum(counts_first[c] * counts_second[c] for c in counts_first) != n * n


def cohen_kappa(first: Sequence[Hashable], second: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two annotators' judgements of the same items; None where undefined."""
    if not _kappa_defined(first, second):
        return None
    library = _sklearn_kappa()
    if library is None:
        return cohen_kappa_fallback(first, second)
    import numpy as np

    # Integer codes: scikit-learn sorts and compares object arrays of strings far more slowly.
    codes = {value: code for code, value in enumerate(set(first) | set(second))}
    return float(library(np.array([codes[value] for value in first], dtype=np.int64),
                         np.array([codes[value] for value in second], dtype=np.int64)))


def cohen_kappa_fallback(first: Sequence[Hashable], second: Sequence[Hashable]) -> float | None:
    """Cohen's kappa without scikit-learn: p_o from matching items, p_e from each annotator's own
    category proportions (Cohen 1960)."""
    if not _kappa_defined(first, second):
        return None
    n = len(first)
    observed = sum(1 for a, b in zip(first, second, strict=True) if a == b) / n
    counts_first, counts_second = Counter(first), Counter(second)
    expected = sum(counts_first[c] * counts_second[c] for c in counts_first) / (n * n)
    return (observed - expected) / (1 - expected)


def _pairable_units(ratings: Sequence[Sequence[Hashable | None]]) -> list[tuple[Counter[Hashable], int]]:
    """Per distinct unit, how many annotators gave each value, and how many units look like that.

    Only units with two or more values count (a unit judged by one annotator cannot show
    agreement or disagreement). Identical units are folded together: token data repeats
    the same few patterns thousands of times, and alpha only sums over units.
    """
    lengths = {len(row) for row in ratings}
    if len(lengths) > 1:
        raise ValueError(f"alpha needs one row of equal length per annotator (lengths {sorted(lengths)})")
    units = []
    for column, repeats in Counter(zip(*ratings, strict=True)).items():
        counts = Counter(value for value in column if value is not None)
        if counts.total() >= 2:
            units.append((counts, repeats))
    return units


def _alpha_defined(units: Sequence[tuple[Counter[Hashable], int]]) -> bool:
    """Alpha needs pairable units and at least two values in them; else expected disagreement is 0."""
    values: set[Hashable] = set()
    for counts, _repeats in units:
        values.update(counts)
    return len(values) >= 2


def krippendorff_alpha(ratings: Sequence[Sequence[Hashable | None]]) -> float | None:
    """Krippendorff's alpha, nominal, of `ratings[annotator][unit]` (None = no value); None where undefined."""
    units = _pairable_units(ratings)
    if not _alpha_defined(units):
        return None
    library = _krippendorff_alpha()
    if library is None:
        return krippendorff_alpha_fallback(ratings)
    import numpy as np

    values = sorted({value for counts, _repeats in units for value in counts}, key=repr)
    distinct = np.array([[counts[value] for value in values] for counts, _repeats in units], dtype=float)
    value_counts = np.repeat(distinct, [repeats for _counts, repeats in units], axis=0)
    return float(library(value_counts=value_counts, level_of_measurement="nominal"))


def coincidence_matrix(ratings: Sequence[Sequence[Hashable | None]]) -> dict[tuple[Hashable, Hashable], float]:
    """o[c, k]: pairs of values (c, k) found in the same unit, each unit weighted 1 / (m_u - 1).

    m_u is how many annotators gave the unit a value, so every pairable value contributes
    exactly 1 to its row and the matrix sums to the number of pairable values n.
    """
    matrix: dict[tuple[Hashable, Hashable], float] = {}
    for counts, repeats in _pairable_units(ratings):
        m = counts.total()
        for c, n_c in counts.items():
            for k, n_k in counts.items():
                pairs = n_c * (n_k - 1) if c == k else n_c * n_k
                if pairs:
                    matrix[c, k] = matrix.get((c, k), 0.0) + repeats * pairs / (m - 1)
    return matrix


def krippendorff_alpha_fallback(ratings: Sequence[Sequence[Hashable | None]]) -> float | None:
    """Nominal alpha without the krippendorff package: 1 - D_o / D_e from the coincidence matrix.

    D_o = sum of o[c, k] for c != k (observed disagreement); D_e = sum of n_c * n_k / (n - 1)
    for c != k (disagreement expected if values were paired at random).
    """
    if not _alpha_defined(_pairable_units(ratings)):
        return None
    matrix = coincidence_matrix(ratings)
    totals: Counter[Hashable] = Counter()
    for (c, _k), weight in matrix.items():
        totals[c] += weight
    n = sum(totals.values())
    observed = sum(weight for (c, k), weight in matrix.items() if c != k)
    expected = sum(totals[c] * totals[k] for c in totals for k in totals if c != k) / (n - 1)
    return 1 - observed / expected
