"""Agreement on claims: claim-span F1, alpha on the frames of matched claims, statement F1,
unmatched claims; worked out by hand in the comments and checked against `krippendorff`."""

from __future__ import annotations

import csv
import io
import json

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.model import ACTOR, ISSUE, Ref
from annotator.review.claim_agreement import ClaimTally, ClaimUnit, nominal_alpha
from annotator.review.report import project_agreement
from annotator.store import Project
from tests.store.claims_fixtures import Interview, at, interview


def unit(who: str, start: int, end: int, stance: str = "", speakers: tuple[str, ...] = (),
         issues: tuple[str, ...] = (), category: str = "") -> ClaimUnit:
    return ClaimUnit(who, start, end, stance, speakers, issues, category, text=f"claim {start}")


# Ana and Bo on one document:
#   Ana [0,10) support  Russia → sanctions     Bo [0,10)  support Russia → sanctions   (exact)
#   Ana [20,30) oppose  Russia → ceasefire     Bo [22,30) neutral Russia → ceasefire   (overlap)
#   Ana [40,50) ""      (no speaker)           Bo has nothing there                   (unmatched)
# Claim spans: exact 1 of 3 and 2 -> F1 2/5; overlap 2 -> F1 4/5.
# Stance on the two matched claims: (support, support), (oppose, neutral); Ana's third is unknown
#   and unmatched anyway. Coincidences: o[s,s] = 2, o[o,n] = o[n,o] = 1; n_s 2, n_o 1, n_n 1, n 4.
#   alpha = 1 - (n - 1) * 2 / (16 - (4 + 1 + 1)) = 1 - 6/10 = 0.4.
# Statements: Ana {(R, sanctions, support), (R, ceasefire, oppose)}; Bo {(R, sanctions, support),
#   (R, ceasefire, neutral)} -> 1 shared of 2 and 2: F1 1/2.
HAND = [unit("ana", 0, 10, "support", ("entity:R",), ("text:sanctions",)),
        unit("bo", 0, 10, "support", ("entity:R",), ("text:sanctions",)),
        unit("ana", 20, 30, "oppose", ("entity:R",), ("text:ceasefire",)),
        unit("bo", 22, 30, "neutral", ("entity:R",), ("text:ceasefire",)),
        unit("ana", 40, 50)]


def hand_figures():
    tally = ClaimTally(("ana", "bo"))
    tally.add("doc-1", "Talks", HAND)
    return tally.figures()


def test_claim_span_f1_counts_exact_and_overlapping_claims() -> None:
    (pair,) = hand_figures().pairs
    assert (pair.exact.spans_a, pair.exact.spans_b, pair.exact.matches) == (3, 2, 1)
    assert pair.exact.f1 == pytest.approx(2 / 5)
    assert pair.overlap.f1 == pytest.approx(4 / 5)


def test_stance_alpha_on_matched_claims_by_hand() -> None:
    figures = hand_figures()
    assert figures.matched == 2
    assert figures.alpha["stance"].value == pytest.approx(0.4)
    assert figures.alpha["stance"].units == 2


def test_every_speaker_the_same_is_undefined_not_perfect() -> None:
    assert hand_figures().alpha["speaker"].value is None


def test_statement_f1_compares_speaker_issue_stance_whatever_the_boundaries() -> None:
    (pair,) = hand_figures().pairs
    assert (pair.statements.spans_a, pair.statements.spans_b, pair.statements.matches) == (2, 2, 1)
    assert pair.statements.f1 == pytest.approx(1 / 2)


def test_unmatched_claims_are_counted_and_listed() -> None:
    figures = hand_figures()
    assert figures.unmatched_count == {"ana": 1, "bo": 0}
    assert [(c.document, c.annotator_id, c.start, c.end) for c in figures.unmatched] == [("doc-1", "ana", 40, 50)]


def test_unknown_stance_is_missing_not_a_disagreement() -> None:
    # (support, "") and (oppose, oppose): only the second unit has two values: all agree there
    # on one value, so alpha is undefined; "" as a category would have made it a disagreement.
    tally = ClaimTally(("a", "b"))
    tally.add("d", "", [unit("a", 0, 5, "support"), unit("b", 0, 5, ""), unit("a", 9, 12, "oppose"),
                        unit("b", 9, 12, "oppose")])
    alpha = tally.figures().alpha["stance"]
    assert (alpha.value, alpha.units, alpha.values) == (None, 1, 2)


VALUES = st.sampled_from(["", "support", "oppose", "neutral"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.one_of(st.none(), VALUES), min_size=3, max_size=3), min_size=1, max_size=15))
def test_alpha_matches_the_krippendorff_package(rows: list[list[str | None]]) -> None:
    """Three analysts, one matched place per row (None: no claim there; "": unknown)."""
    tally = ClaimTally(("a", "b", "c"))
    codes = {"support": 0.0, "oppose": 1.0, "neutral": 2.0}
    data = []
    for place, row in enumerate(rows):
        units = [unit(who, 10 * place, 10 * place + 5, value) for who, value in zip("abc", row) if value is not None]
        tally.add("d", "", units)
        data.append([codes.get(value, np.nan) if value else np.nan for value in row])
    ours = tally.figures().alpha["stance"].value
    reliability = np.array(data).T
    pairable = [column for column in reliability.T if np.count_nonzero(~np.isnan(column)) >= 2]
    values = {v for column in pairable for v in column if not np.isnan(v)}
    if len(values) < 2:
        assert ours is None
        return
    assert ours == pytest.approx(krippendorff.alpha(reliability_data=reliability,
                                                    level_of_measurement="nominal"))


def test_nominal_alpha_of_nothing_is_undefined() -> None:
    assert nominal_alpha({}) is None


# -- a project: Ana's and Bo's frames on the hard-Unicode interview ---------------------------------

@pytest.fixture
def framed(project: Project) -> Interview:
    """Both analysts claim "Moscow 🇷🇺 refused." (Ana: Russia → sanctions, oppose; Bo: the span
    "Moscow", linked to Russia → sanctions, oppose); Ana also the first sentence, which Bo lacks."""
    from annotator.model import Document, Record, SpanData
    from tests.store.claims_fixtures import TEXT
    talk = interview(project)
    project.import_records([Record(Document("talk-1", TEXT, title="Talks"),
                                   [SpanData(*at("Moscow 🇷🇺 refused."), "Claim", "Ana"),
                                    SpanData(*at("sanctions"), "Issue", "Bo")])])
    russia = project.add_entity(ACTOR, "Russia")
    sanctions = project.add_entity(ISSUE, "sanctions")
    moscow = talk.span("Moscow", "Actor", "Bo")
    project.link_span(moscow.id, russia.id)
    project.create_claim(talk.span("Moscow 🇷🇺 refused.", "Claim").id, speakers=[Ref.entity(russia.id)],
                         issues=[Ref.entity(sanctions.id)], stance="oppose")
    project.create_claim(talk.span("Moscow 🇷🇺 refused.", "Claim", "Bo").id, speakers=[Ref.span(moscow.id)],
                         issues=[Ref.span(talk.span("sanctions", "Issue", "Bo").id)], stance="oppose")
    return talk


def test_project_agreement_has_a_claims_section(project: Project, framed: Interview) -> None:
    claims = project_agreement(project, ["Ana", "Bo"]).to_json()["claims"]
    assert claims["claims"] == {framed.ana: 3, framed.bo: 1}   # two "Claim" spans of Ana's lack a frame
    (pair,) = claims["pairs"]
    # Bo's speaker is a span linked to Russia; his issue a span whose text folds to "sanctions",
    # Ana's the entry: the speakers agree, the issues are told apart (entry versus text).
    assert (pair["exact"]["matches"], pair["statements"]["spans_a"], pair["statements"]["matches"]) == (1, 1, 0)
    assert [(c["annotator"], c["text"]) for c in claims["unmatched"]] == [
        (framed.ana, "Зеленський said 👩\u200d👩\u200d👧 the ceasefire must hold."),
        (framed.ana, "أردوغان disagreed")]


def test_the_text_report_lists_claims_and_the_csv_has_claim_rows(project: Project, framed: Interview) -> None:
    agreement = project_agreement(project, ["Ana", "Bo"])
    text = agreement.to_text()
    assert "Claims (Ana 3, Bo 1; 1 matched claim)" in text
    assert "“أردوغان disagreed”" in text
    out = io.StringIO()
    agreement.write_csv(out)
    rows = [row for row in csv.DictReader(io.StringIO(out.getvalue())) if row["scope"] == "claims"]
    assert [(row["label"], row["annotator_a"], row["spans_a"]) for row in rows] == [
        ("Claim spans", "Ana", "3"), ("statements", "Ana", "1"), ("stance", "", ""), ("speaker", "", ""),
        ("issue", "", ""), ("category", "", ""), ("unmatched claims", "Ana", "2"), ("unmatched claims", "Bo", "0")]


def test_without_claims_the_report_has_no_claims_section(project: Project) -> None:
    interview(project)
    agreement = project_agreement(project, ["Ana", "Bo"])
    assert "claims" not in json.loads(json.dumps(agreement.to_json()))
    assert "Claims (" not in agreement.to_text()


def test_the_cli_gives_claims_in_json_and_csv(project: Project, framed: Interview) -> None:
    import subprocess
    import sys
    project.close()
    run = [sys.executable, "-m", "annotator", "agree", str(project.path), "--annotators", "Ana", "Bo"]
    as_json = subprocess.run([*run, "--json"], capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert as_json.returncode == 0, as_json.stderr
    claims = json.loads(as_json.stdout)["claims"]
    assert (claims["matched"], claims["unmatched_count"]) == (1, {framed.ana: 2, framed.bo: 0})
    assert claims["alpha"]["stance"] == {"alpha": None, "units": 1, "values": 2}
    as_csv = subprocess.run([*run, "--csv"], capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert as_csv.returncode == 0, as_csv.stderr
    rows = [row for row in csv.DictReader(io.StringIO(as_csv.stdout)) if row["scope"] == "claims"]
    assert ("Claim spans", "1", "0.500000") in [(r["label"], r["exact_matches"], r["exact_f1"]) for r in rows]
