"""The figures an agreement report is made of, and its two renderings: JSON and a text table.

Everything here is plain data; `agreement` computes it. An undefined figure is None (JSON
null, "n/a" in text), never NaN.

JSON layout of `AgreementReport.to_json()` (version 1; keys are only ever added):

    {"version": 1,
     "annotators": [{"id": str, "name": str}, ...],          # in the order chosen
     "labels": [str, ...],                                    # every label any chosen annotator used
     "corpus": SCOPE,                                         # all documents pooled
     "documents": [SCOPE, ...]}                               # one per document, in input order
    SCOPE = {"scope": "corpus" | document external id, "documents": int,
             "tokens": int, "coded_tokens": int,              # coded: at least one chosen annotator labelled it
             "alpha": COEFFICIENT,                            # Krippendorff, nominal, all chosen annotators
             "alpha_by_label": {label: COEFFICIENT},          # label versus not-label
             "pairs": [PAIR, ...]}                            # each unordered pair once, in chosen order
    PAIR = {"a": id, "b": id, "exact": COUNTS, "overlap": COUNTS, "kappa": COEFFICIENT,
            "by_label": {label: {"exact": COUNTS, "overlap": COUNTS, "kappa": COEFFICIENT}}}
    COUNTS = {"spans_a": int, "spans_b": int, "matches": int,
              "precision": float|null, "recall": float|null, "f1": float|null}   # a is the reference
    COEFFICIENT = {"overall": float|null, "tokens": int, "coded": float|null, "coded_tokens": int}
"""

from __future__ import annotations

from dataclasses import dataclass, replace
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

    def pair(self, a: str, b: str) -> PairFigures:
        """The figures of a against b, whichever order the pair was computed in."""
        for figures in self.pairs:
            if (figures.a, figures.b) == (a, b):
                return figures
            if (figures.a, figures.b) == (b, a):
                return figures.swapped()
        raise KeyError((a, b))

    def to_json(self) -> dict[str, Any]:
        return {"scope": self.scope, "documents": self.documents, "tokens": self.tokens,
                "coded_tokens": self.coded_tokens, "alpha": self.alpha.to_json(),
                "alpha_by_label": {label: alpha.to_json() for label, alpha in self.alpha_by_label.items()},
                "pairs": [figures.to_json() for figures in self.pairs]}


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _table(header: list[str], rows: list[list[str]], indent: str = "  ") -> list[str]:
    """Columns padded to their widest cell; the first column left-aligned, the rest right-aligned."""
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [cell.ljust(widths[0]) if column == 0 else cell.rjust(widths[column])
                 for column, cell in enumerate(row)]
        lines.append((indent + "  ".join(cells)).rstrip())
    return lines


_PAIR_HEADER = ["", "spans A", "spans B", "exact", "exact F1", "overlap", "overlap F1",
                "kappa", "kappa coded"]


def _pair_row(title: str, exact: SpanCounts, overlap: SpanCounts, kappa: Coefficient) -> list[str]:
    return [title, str(exact.spans_a), str(exact.spans_b), str(exact.matches), _number(exact.f1),
            str(overlap.matches), _number(overlap.f1), _number(kappa.overall), _number(kappa.coded)]


@dataclass(frozen=True)
class AgreementReport:
    """Agreement of the chosen annotators: per document and for the corpus pooled."""

    annotator_ids: tuple[str, ...]
    names: dict[str, str]
    labels: tuple[str, ...]
    documents: tuple[ScopeFigures, ...]
    corpus: ScopeFigures

    def to_json(self) -> dict[str, Any]:
        """Plain dicts, lists, numbers and None; the layout is in this module's docstring."""
        return {"version": JSON_VERSION,
                "annotators": [{"id": annotator_id, "name": self.names[annotator_id]}
                               for annotator_id in self.annotator_ids],
                "labels": list(self.labels),
                "corpus": self.corpus.to_json(),
                "documents": [scope.to_json() for scope in self.documents]}

    def _pair_title(self, figures: PairFigures) -> str:
        return f"{self.names[figures.a]} vs {self.names[figures.b]}"

    def _scope_lines(self, scope: ScopeFigures) -> list[str]:
        lines = [(f"  alpha (all chosen annotators): {_number(scope.alpha.overall)} over {scope.tokens} tokens, "
                  f"{_number(scope.alpha.coded)} over {scope.coded_tokens} coded tokens")]
        rows = [_pair_row(self._pair_title(p), p.exact, p.overlap, p.kappa) for p in scope.pairs]
        return lines + _table(["pair", *_PAIR_HEADER[1:]], rows)

    def to_text(self) -> str:
        """A plain-text report for the terminal: corpus, then per label, then per document."""
        corpus = self.corpus
        names = ", ".join(self.names[annotator_id] for annotator_id in self.annotator_ids)
        lines = [(f"Agreement of {names} on {corpus.documents} documents "
                  f"({corpus.tokens} tokens, {corpus.coded_tokens} coded by at least one of them)"),
                 ("Spans A/B: spans of the first/second annotator; exact/overlap: spans matched "
                  "(same offsets, or overlapping, same label)."),
                 "kappa, alpha: on word tokens; 'coded' counts only tokens at least one annotator labelled.",
                 "", "Corpus", *self._scope_lines(corpus)]
        if self.labels:
            lines += ["", "By label (corpus; tokens as label versus not-label)"]
            rows = []
            for label in self.labels:
                alpha = corpus.alpha_by_label.get(label)
                if alpha is not None:
                    rows.append([f"{label}: all (alpha)", "", "", "", "", "", "",
                                 _number(alpha.overall), _number(alpha.coded)])
                for pair in corpus.pairs:
                    if label in pair.by_label:
                        figures = pair.by_label[label]
                        rows.append(_pair_row(f"{label}: {self._pair_title(pair)}", figures.exact,
                                              figures.overlap, figures.kappa))
            lines += _table(["label", *_PAIR_HEADER[1:-2], "kappa/alpha", "coded"], rows)
        for scope in self.documents:
            lines += ["", f"Document {scope.scope} ({scope.tokens} tokens, {scope.coded_tokens} coded)",
                      *self._scope_lines(scope)]
        return "\n".join(lines) + "\n"
