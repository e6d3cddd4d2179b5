"""The figures an agreement report is made of, and their JSON form (text and CSV: `text_report`).

Everything here is plain data; `agreement` computes it. An undefined figure is None (JSON
null, "n/a" and the reason in text), never NaN.

JSON layout of `AgreementReport.to_json()` (version 1; keys are only ever added):

    {"version": 1,
     "annotators": [{"id": str, "name": str}, ...],          # in the order chosen
     "labels": [str, ...],                                    # every label any chosen annotator used
     "corpus": SCOPE,                                         # all documents pooled
     "by_document": bool,                                     # were per-document figures asked for?
     "documents": [SCOPE, ...],                               # one per document, in input order ([] if not)
     "claims": CLAIMS}                                        # only when the compared layers hold claims
    SCOPE = {"scope": "corpus" | document external id, "title": str, "documents": int,
             "tokens": int, "coded_tokens": int,              # coded: at least one chosen annotator labelled it
             "alpha": COEFFICIENT,                            # Krippendorff, nominal, all chosen annotators
             "alpha_by_label": {label: COEFFICIENT},          # label versus not-label
             "pairs": [PAIR, ...]}                            # each unordered pair once, in chosen order
    PAIR = {"a": id, "b": id, "exact": COUNTS, "overlap": COUNTS, "kappa": COEFFICIENT,
            "by_label": {label: {"exact": COUNTS, "overlap": COUNTS, "kappa": COEFFICIENT}}}
    COUNTS = {"spans_a": int, "spans_b": int, "matches": int,
              "precision": float|null, "recall": float|null, "f1": float|null}   # a is the reference
    COEFFICIENT = {"overall": float|null, "tokens": int, "coded": float|null, "coded_tokens": int}
    CLAIMS: see `ClaimFigures` (corpus only, pooled; computed in `claim_agreement`)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from collections import Counter
from typing import Any

JSON_VERSION = 1


@dataclass(frozen=True)
class SpanCounts:
    """Spans of annotator A (the reference), of B, and how many pair up. Precision and recall
    swap when A and B do; F1 = 2 * matches / (spans_a + spans_b) does not."""

    spans_a: int
    spans_b: int
    matches: int

    @property
    def precision(self) -> float | None:
        return self.matches / self.spans_b if self.spans_b else None

    @property
    def recall(self) -> float | None:
        return self.matches / self.spans_a if self.spans_a else None

    @property
    def f1(self) -> float | None:
        total = self.spans_a + self.spans_b
        return 2 * self.matches / total if total else None

    def __add__(self, other: SpanCounts) -> SpanCounts:
        """Pooling: counts add up across documents (micro-averaged F1)."""
        return SpanCounts(self.spans_a + other.spans_a, self.spans_b + other.spans_b,
                          self.matches + other.matches)

    def swapped(self) -> SpanCounts:
        return SpanCounts(self.spans_b, self.spans_a, self.matches)

    def to_json(self) -> dict[str, Any]:
        return {"spans_a": self.spans_a, "spans_b": self.spans_b, "matches": self.matches,
                "precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True)
class Coefficient:
    """A kappa or alpha over all tokens and over the coded tokens only, each with its token count."""

    overall: float | None
    tokens: int
    coded: float | None
    coded_tokens: int

    def to_json(self) -> dict[str, Any]:
        return {"overall": self.overall, "tokens": self.tokens, "coded": self.coded,
                "coded_tokens": self.coded_tokens}


@dataclass(frozen=True)
class LabelFigures:
    """One label, judged on its own: spans with that label, tokens as label versus not-label."""

    exact: SpanCounts
    overlap: SpanCounts
    kappa: Coefficient

    def swapped(self) -> LabelFigures:
        return replace(self, exact=self.exact.swapped(), overlap=self.overlap.swapped())

    def to_json(self) -> dict[str, Any]:
        return {"exact": self.exact.to_json(), "overlap": self.overlap.to_json(), "kappa": self.kappa.to_json()}


@dataclass(frozen=True)
class PairFigures:
    """Annotator a (reference) against annotator b; `by_label` holds labels either of them used."""

    a: str
    b: str
    exact: SpanCounts
    overlap: SpanCounts
    kappa: Coefficient
    by_label: dict[str, LabelFigures]

    def swapped(self) -> PairFigures:
        """The same comparison with b as the reference."""
        return PairFigures(a=self.b, b=self.a, exact=self.exact.swapped(), overlap=self.overlap.swapped(),
                           kappa=self.kappa, by_label={label: figures.swapped()
                                                       for label, figures in self.by_label.items()})

    def to_json(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "exact": self.exact.to_json(), "overlap": self.overlap.to_json(),
                "kappa": self.kappa.to_json(),
                "by_label": {label: figures.to_json() for label, figures in self.by_label.items()}}


@dataclass(frozen=True)
class ScopeFigures:
    """All figures over one document, or over the corpus pooled (scope "corpus")."""

    scope: str
    documents: int
    tokens: int
    coded_tokens: int
    alpha: Coefficient
    alpha_by_label: dict[str, Coefficient]
    pairs: tuple[PairFigures, ...]
    title: str = ""               # the document's title ("" for the corpus)

    def pair(self, a: str, b: str) -> PairFigures:
        """The figures of a against b, whichever order the pair was computed in."""
        for figures in self.pairs:
            if (figures.a, figures.b) == (a, b):
                return figures
            if (figures.a, figures.b) == (b, a):
                return figures.swapped()
        raise KeyError((a, b))

    def to_json(self) -> dict[str, Any]:
        return {"scope": self.scope, "title": self.title, "documents": self.documents, "tokens": self.tokens,
                "coded_tokens": self.coded_tokens, "alpha": self.alpha.to_json(),
                "alpha_by_label": {label: alpha.to_json() for label, alpha in self.alpha_by_label.items()},
                "pairs": [figures.to_json() for figures in self.pairs]}


@dataclass(frozen=True)
class UnmatchedClaim:
    """A claim no other compared analyst marked (no claim of theirs overlaps it)."""

    document: str
    title: str
    annotator_id: str
    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"document": self.document, "title": self.title, "annotator": self.annotator_id,
                "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Alpha:
    """Krippendorff's alpha (nominal) of one variable over the matched claims: `value` None when
    undefined; `units` the matched claims with two or more given values, `values` how many."""

    value: float | None
    units: int
    values: int

    def to_json(self) -> dict[str, Any]:
        return {"alpha": self.value, "units": self.units, "values": self.values}


@dataclass(frozen=True)
class ClaimPair:
    """Analyst a (reference) against b: their claims' spans, and their statements."""

    a: str
    b: str
    exact: SpanCounts
    overlap: SpanCounts
    statements: SpanCounts

    def to_json(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "exact": self.exact.to_json(), "overlap": self.overlap.to_json(),
                "statements": self.statements.to_json()}


@dataclass(frozen=True)
class ClaimFigures:
    """The Claims section of an agreement report (corpus, pooled). JSON layout:

        {"claims": {annotator id: int}, "matched": int, "unmatched_count": {annotator id: int},
         "pairs": [{"a", "b", "exact": COUNTS, "overlap": COUNTS, "statements": COUNTS}],
         "alpha": {"stance"|"speaker"|"issue"|"category": {"alpha": float|null, "units": int,
                   "values": int}},
         "missing": "\"\" (unknown stance, no speaker, issue or category) is a missing value",
         "unmatched": [{"document", "title", "annotator", "start", "end", "text"}]}"""

    claims: dict[str, int]
    matched: int
    pairs: tuple[ClaimPair, ...]
    alpha: dict[str, Alpha]
    unmatched: tuple[UnmatchedClaim, ...]

    @property
    def unmatched_count(self) -> dict[str, int]:
        counts = Counter(claim.annotator_id for claim in self.unmatched)
        return {annotator_id: counts[annotator_id] for annotator_id in self.claims}

    def to_json(self) -> dict[str, Any]:
        return {"claims": dict(self.claims), "matched": self.matched, "unmatched_count": self.unmatched_count,
                "pairs": [pair.to_json() for pair in self.pairs],
                "alpha": {name: alpha.to_json() for name, alpha in self.alpha.items()},
                "missing": '"" (unknown stance, no speaker, issue or category) is a missing value',
                "unmatched": [claim.to_json() for claim in self.unmatched]}


@dataclass(frozen=True)
class AgreementReport:
    """Agreement of the chosen annotators: for the corpus pooled, and per document when asked."""

    annotator_ids: tuple[str, ...]
    names: dict[str, str]
    labels: tuple[str, ...]
    documents: tuple[ScopeFigures, ...]
    corpus: ScopeFigures
    by_document: bool = True      # False: `documents` was not computed (and is empty)
    claims: ClaimFigures | None = None   # None: no claims among the compared layers

    def to_json(self) -> dict[str, Any]:
        """Plain dicts, lists, numbers and None; the layout is in this module's docstring."""
        claims = {} if self.claims is None else {"claims": self.claims.to_json()}
        return {"version": JSON_VERSION,
                "annotators": [{"id": annotator_id, "name": self.names[annotator_id]}
                               for annotator_id in self.annotator_ids],
                "labels": list(self.labels),
                "corpus": self.corpus.to_json(),
                "by_document": self.by_document,
                "documents": [scope.to_json() for scope in self.documents], **claims}

    def pair_title(self, figures: PairFigures) -> str:
        return f"{self.names[figures.a]} vs {self.names[figures.b]}"
