"""An agreement report for people: a text table for the terminal, and CSV for a spreadsheet.

The text reads top-down as an analyst asks: the corpus, then each label, then (asked for)
each document headed by its title and id, then a short guide to the figures. Kappa and
alpha have columns of their own; an undefined figure says why ("n/a (no coded tokens)").
"""

from __future__ import annotations

import csv
from typing import Any, TextIO

from annotator.review.figures import (
    AgreementReport,
    Alpha,
    ClaimFigures,
    Coefficient,
    PairFigures,
    ScopeFigures,
    SpanCounts,
)
from annotator.wording import plural

GUIDE = """\
How to read these figures
  F1         share of spans the two analysts both marked (exact: same offsets and label; overlap:
             same label, overlapping). No correction for chance.
  kappa      Cohen's kappa of a pair, alpha Krippendorff's alpha (nominal) of all compared analysts,
             both on word tokens: 1 is perfect agreement, 0 what chance gives, below 0 worse.
  coded      only tokens at least one analyst labelled. Text nobody coded raises the "all tokens"
             figures, so read both.
  alpha      Krippendorff (2004, Content Analysis, 2nd ed., p. 241): rely on data with alpha >= 0.800;
             0.667 <= alpha < 0.800 allows tentative conclusions only; below that, do not rely on it.
  kappa      Landis & Koch (1977) named the bands 0.21-0.40 fair, 0.41-0.60 moderate, 0.61-0.80
             substantial, 0.81-1.00 almost perfect: a convention, not a test.
  n/a        the figure is undefined; the reason is given beside it.
  claims     Claim spans (spans with a frame, or labelled Claim) paired like spans, label aside. Alpha
             on stance, speaker, issue and category over the matched claims (two or more analysts
             marked them, as review aligns them): an unknown stance or an empty field is a missing
             value, not a category. Statements: per document, the (speaker, issue, stance) triples
             of all claims, compared whatever the boundaries, as the discourse networks count them."""

SHOWN_UNMATCHED = 20


def figure(value: float | None, places: int = 3) -> str:
    """A figure rounded to `places`; one that rounds to zero is "0.000", never "-0.000"."""
    if value is None:
        return "n/a"
    text = f"{value:.{places}f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text


def _f1(counts: SpanCounts) -> str:
    return figure(counts.f1) if counts.f1 is not None else "n/a (no spans)"


def _overall(coefficient: Coefficient) -> str:
    if coefficient.overall is not None:
        return figure(coefficient.overall)
    if coefficient.tokens == 0:
        return "n/a (no tokens)"
    return "n/a (no coded tokens)" if coefficient.coded_tokens == 0 else "n/a (one label only)"


def _coded(coefficient: Coefficient) -> str:
    if coefficient.coded is not None:
        return figure(coefficient.coded)
    return "n/a (no coded tokens)" if coefficient.coded_tokens == 0 else "n/a (one label only)"


def _table(header: list[str], rows: list[list[str]], left: int = 1, indent: str = "  ") -> list[str]:
    """Columns padded to their widest cell; the first `left` columns left-aligned, the rest right-aligned."""
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [cell.ljust(widths[column]) if column < left else cell.rjust(widths[column])
                 for column, cell in enumerate(row)]
        lines.append((indent + "  ".join(cells)).rstrip())
    return lines


_COLUMNS = ["spans A", "spans B", "exact", "exact F1", "overlap", "overlap F1",
            "kappa", "kappa coded", "alpha", "alpha coded"]


def _row(exact: SpanCounts, overlap: SpanCounts, kappa: Coefficient, alpha: Coefficient) -> list[str]:
    return [f"{exact.spans_a:,}", f"{exact.spans_b:,}", f"{exact.matches:,}", _f1(exact),
            f"{overlap.matches:,}", _f1(overlap), _overall(kappa), _coded(kappa), _overall(alpha), _coded(alpha)]


def _scope_lines(report: AgreementReport, scope: ScopeFigures) -> list[str]:
    rows = [[report.pair_title(p), *_row(p.exact, p.overlap, p.kappa, scope.alpha)] for p in scope.pairs]
    return _table(["pair", *_COLUMNS], rows)


def _label_lines(report: AgreementReport, scope: ScopeFigures) -> list[str]:
    rows = []
    for label in report.labels:
        for pair in scope.pairs:
            if label in pair.by_label:
                figures = pair.by_label[label]
                rows.append([label, report.pair_title(pair),
                             *_row(figures.exact, figures.overlap, figures.kappa, scope.alpha_by_label[label])])
    return _table(["label", "pair", *_COLUMNS], rows, left=2)


def _document_heading(scope: ScopeFigures) -> str:
    title = f"“{scope.title}” ({scope.scope})" if scope.title and scope.title != scope.scope else scope.scope
    return f"Document {title}: {plural(scope.tokens, 'token')}, {scope.coded_tokens:,} coded"


def report_text(report: AgreementReport, left_out: tuple[str, ...] = ()) -> str:
    """The whole report as text, ending in a newline."""
    corpus = report.corpus
    names = ", ".join(report.names[annotator_id] for annotator_id in report.annotator_ids)
    lines = [f"Agreement of {names} on {plural(corpus.documents, 'document')}: {plural(corpus.tokens, 'token')}, "
             f"{corpus.coded_tokens:,} coded by at least one of them.",
             "Spans A/B: spans of the pair's first/second analyst. Alpha: all compared analysts together.",
             "", "Corpus", *_scope_lines(report, corpus)]
    if report.labels:
        lines += ["", "By label (corpus; tokens as label versus not-label)", *_label_lines(report, corpus)]
    if report.claims is not None:
        lines += ["", *claim_lines(report, report.claims)]
    for scope in report.documents:
        lines += ["", _document_heading(scope), *_scope_lines(report, scope)]
        if scope.alpha_by_label:
            lines += _label_lines(report, scope)
    if left_out:
        shown = ", ".join(left_out[:20]) + (" …" if len(left_out) > 20 else "")
        lines += ["", f"{plural(len(left_out), 'document')} left out (not every compared analyst has spans "
                      f"there): {shown}"]
    if not report.by_document:
        lines += ["", "Per document: annotator agree PROJECT --by-document"]
    lines += ["", GUIDE]
    return "\n".join(lines) + "\n"


def _alpha_text(alpha: Alpha) -> str:
    if alpha.value is not None:
        return figure(alpha.value)
    return "n/a (under two values)" if alpha.values < 2 else "n/a (one value only)"


def claim_lines(report: AgreementReport, claims: ClaimFigures) -> list[str]:
    """The Claims section: claim spans and statements of each pair, alpha over matched claims,
    then the claims nobody else marked (the first `SHOWN_UNMATCHED`; --json lists them all)."""
    counts = ", ".join(f"{report.names[a]} {count:,}" for a, count in claims.claims.items())
    lines = [f"Claims ({counts}; {plural(claims.matched, 'matched claim')})"]
    rows = [[report.pair_title(pair), f"{pair.exact.spans_a:,}", f"{pair.exact.spans_b:,}",
             f"{pair.exact.matches:,}", _f1(pair.exact), f"{pair.overlap.matches:,}", _f1(pair.overlap),
             f"{pair.statements.spans_a:,}", f"{pair.statements.spans_b:,}", f"{pair.statements.matches:,}",
             figure(pair.statements.f1) if pair.statements.f1 is not None else "n/a (no statements)"]
            for pair in claims.pairs]
    lines += _table(["pair", "claims A", "claims B", "exact", "exact F1", "overlap", "overlap F1",
                     "statements A", "statements B", "shared", "statement F1"], rows)
    lines += ["  Alpha on matched claims (unknown or empty counts as missing):"]
    lines += _table(["", "alpha", "claims", "values"],
                    [[name, _alpha_text(alpha), f"{alpha.units:,}", f"{alpha.values:,}"]
                     for name, alpha in claims.alpha.items()], indent="  ")
    unmatched = claims.unmatched_count
    lines += ["  Unmatched claims (no other analyst marked them): "
              + ", ".join(f"{report.names[a]} {count:,}" for a, count in unmatched.items())]
    for claim in claims.unmatched[:SHOWN_UNMATCHED]:
        lines.append(f"    {claim.document} {claim.start}–{claim.end} {report.names.get(claim.annotator_id, claim.annotator_id)}: "
                     f"“{claim.text}”")
    if len(claims.unmatched) > SHOWN_UNMATCHED:
        lines.append(f"    … and {len(claims.unmatched) - SHOWN_UNMATCHED:,} more (annotator agree --json lists all)")
    return lines


CSV_COLUMNS = ["scope", "document_id", "document_title", "label", "annotator_a", "annotator_b",
               "spans_a", "spans_b", "exact_matches", "exact_f1", "overlap_matches", "overlap_f1",
               "kappa", "kappa_coded", "alpha", "alpha_coded", "tokens", "kappa_coded_tokens",
               "alpha_coded_tokens"]
"""One row per scope, pair and label ("" for all labels); an undefined figure is an empty cell.

With claims, rows of scope "claims" follow, their `label` naming the measure: "Claim spans"
(spans_a/b: claims; exact and overlap matches and F1), "statements" (spans_a/b: statements;
exact_matches: shared; exact_f1: statement F1), "stance", "speaker", "issue", "category"
(alpha over the matched claims, annotator columns empty: all compared) and "unmatched
claims" (annotator_a: the analyst; spans_a: their claims nobody else marked)."""


def _csv_number(value: float | None) -> str:
    return "" if value is None else figure(value, 6)


def _csv_row(report: AgreementReport, scope: ScopeFigures, label: str, pair: PairFigures, exact: SpanCounts,
             overlap: SpanCounts, kappa: Coefficient, alpha: Coefficient) -> list[object]:
    is_corpus = scope is report.corpus
    return ["corpus" if is_corpus else "document", "" if is_corpus else scope.scope, scope.title, label,
            report.names[pair.a], report.names[pair.b], exact.spans_a, exact.spans_b,
            exact.matches, _csv_number(exact.f1), overlap.matches, _csv_number(overlap.f1),
            _csv_number(kappa.overall), _csv_number(kappa.coded), _csv_number(alpha.overall),
            _csv_number(alpha.coded), scope.tokens, kappa.coded_tokens, alpha.coded_tokens]


def write_csv(report: AgreementReport, out: TextIO) -> None:
    """The report as CSV (a header row, then the corpus, then each document if computed)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for scope in (report.corpus, *report.documents):
        for pair in scope.pairs:
            writer.writerow(_csv_row(report, scope, "", pair, pair.exact, pair.overlap, pair.kappa, scope.alpha))
        for label in report.labels:
            for pair in scope.pairs:
                if label in pair.by_label:
                    figures = pair.by_label[label]
                    writer.writerow(_csv_row(report, scope, label, pair, figures.exact, figures.overlap,
                                             figures.kappa, scope.alpha_by_label[label]))
    if report.claims is not None:
        _write_claim_rows(report, report.claims, writer)


def _write_claim_rows(report: AgreementReport, claims: ClaimFigures, writer: Any) -> None:
    blank = [""] * (len(CSV_COLUMNS) - 6)
    for pair in claims.pairs:
        names = [report.names[pair.a], report.names[pair.b]]
        writer.writerow(["claims", "", "", "Claim spans", *names, pair.exact.spans_a, pair.exact.spans_b,
                         pair.exact.matches, _csv_number(pair.exact.f1), pair.overlap.matches,
                         _csv_number(pair.overlap.f1), *blank[6:]])
        writer.writerow(["claims", "", "", "statements", *names, pair.statements.spans_a,
                         pair.statements.spans_b, pair.statements.matches, _csv_number(pair.statements.f1),
                         *blank[4:]])
    alpha_column = CSV_COLUMNS.index("alpha")
    for name, alpha in claims.alpha.items():
        row = ["claims", "", "", name, "", "", *blank]
        row[alpha_column] = _csv_number(alpha.value)
        writer.writerow(row)
    for annotator_id, count in claims.unmatched_count.items():
        writer.writerow(["claims", "", "", "unmatched claims", report.names[annotator_id], "", count, *blank[1:]])
