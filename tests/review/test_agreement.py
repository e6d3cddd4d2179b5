"""Agreement figures checked against examples worked out by hand in the comments."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.errors import AnnotatorError
from annotator.model import Span
from annotator.review.agreement import agreement_report, exact_counts, overlap_counts, pairwise_matrix
from annotator.review.coefficients import cohen_kappa, krippendorff_alpha
from annotator.review.text_report import report_text


def span(annotator_id: str, start: int, end: int, label: str) -> Span:
    return Span(start, end, label, annotator=annotator_id.upper(), annotator_id=annotator_id)


# The ten-token example. Text "a b c d e f g h i j": token i sits at [2i, 2i+1).
#
#   token   a b c d e f g h i j
#   A       X X X X O O Y Y O Z     spans X[0,7) "a b c d", Y[12,15) "g h", Z[18,19) "j"
#   B       X X X O O Y Y Y O Z     spans X[0,5) "a b c",   Y[10,15) "f g h", Z[18,19) "j"
#
# All 10 tokens: agree on a b c e g h i j -> p_o = 8/10.
#   A: X4 Y2 Z1 O3   B: X3 Y3 Z1 O3   p_e = (4*3 + 2*3 + 1*1 + 3*3) / 100 = 28/100
#   kappa = (0.80 - 0.28) / (1 - 0.28) = 0.52 / 0.72 = 13/18 = 0.7222
# Coded tokens (A or B labelled): a b c d f g h j = 8; agree on a b c g h j -> p_o = 6/8.
#   A: X4 O1 Y2 Z1   B: X3 O1 Y3 Z1   p_e = (12 + 1 + 6 + 1) / 64 = 20/64
#   kappa = (48/64 - 20/64) / (44/64) = 28/44 = 7/11 = 0.6364
# Spans: only Z is identical -> exact matches 1 of 3 and 3: F1 = 2*1/6 = 1/3.
#   Every span overlaps its same-label partner -> overlap matches 3: F1 = 1.
# Label X alone (X versus not-X):
#   all tokens: A 1111000000, B 1110000000 -> p_o = 9/10; p_e = (4*3 + 6*7)/100 = 54/100
#     kappa = (0.90 - 0.54) / 0.46 = 18/23 = 0.7826
#   coded tokens a b c d f g h j: A 11110000, B 11100000 -> p_o = 7/8; p_e = (4*3 + 4*5)/64 = 1/2
#     kappa = (7/8 - 1/2) / (1/2) = 3/4
TEN = "a b c d e f g h i j"
TEN_A = [span("a", 0, 7, "X"), span("a", 12, 15, "Y"), span("a", 18, 19, "Z")]
TEN_B = [span("b", 0, 5, "X"), span("b", 10, 15, "Y"), span("b", 18, 19, "Z")]


def ten_report(*extra_documents):
    return agreement_report([("ten", TEN, TEN_A + TEN_B), *extra_documents], ["a", "b"],
                            {"a": "Alice", "b": "Bob"})


# --- tokens ---------------------------------------------------------------------------------

def test_innermost_span_labels_a_token_whatever_the_span_order():
    # Claim "w x y z" holds Actor "x"; b marks only Actor "x". Tokens w x y z q.
    #   a by innermost: Claim Actor Claim Claim O;  b: O Actor O O O
    #   agree on x and q -> p_o = 2/5; a: C3 A1 O1, b: A1 O4 -> p_e = (1*1 + 1*4)/25 = 5/25
    #   kappa = (10/25 - 5/25) / (20/25) = 1/4
    text = "w x y z q"
    spans_a = [span("a", 0, 7, "Claim"), span("a", 2, 3, "Actor")]
    b = [span("b", 2, 3, "Actor")]
    for order in (spans_a, list(reversed(spans_a))):
        pair = agreement_report([("doc", text, order + b)], ["a", "b"], {}).corpus.pair("a", "b")
        assert pair.kappa.overall == pytest.approx(1 / 4)


def test_span_ending_inside_a_word_still_claims_the_word():
    # a marks "ceas" of "ceasefire", b the whole word: the same token, so kappa is 1.
    text = "ceasefire now"
    pair = agreement_report([("doc", text, [span("a", 0, 4, "Issue"), span("b", 0, 9, "Issue")])],
                            ["a", "b"], {}).corpus.pair("a", "b")
    assert (pair.kappa.overall, pair.exact.matches, pair.overlap.matches) == (1.0, 0, 1)


def test_a_nested_span_does_not_hide_the_outer_label_in_per_label_figures():
    # Both mark Claim "w x y"; a also marks Actor "x" inside it. Claim versus not-Claim agrees on
    # every token, though the token labels differ on "x".
    text = "w x y"
    spans = [span("a", 0, 5, "Claim"), span("a", 2, 3, "Actor"), span("b", 0, 5, "Claim")]
    pair = agreement_report([("doc", text, spans)], ["a", "b"], {}).corpus.pair("a", "b")
    assert pair.by_label["Claim"].kappa.overall is None          # every token Claim for both: undefined
    assert pair.by_label["Claim"].exact.f1 == 1.0
    assert pair.kappa.overall == pytest.approx(0.0)               # "x": Actor versus Claim, p_o 2/3, p_e 2/3


# --- kappa and alpha --------------------------------------------------------------------------

def test_kappa_of_the_ten_token_example():
    a = ["X", "X", "X", "X", "O", "O", "Y", "Y", "O", "Z"]
    b = ["X", "X", "X", "O", "O", "Y", "Y", "Y", "O", "Z"]
    assert cohen_kappa(a, b) == pytest.approx(13 / 18)


def test_kappa_is_none_when_both_annotators_use_one_and_the_same_category():
    assert cohen_kappa(["O"] * 5, ["O"] * 5) is None
    assert cohen_kappa([], []) is None


def test_kappa_is_zero_not_none_when_each_uses_a_different_single_category():
    # p_o = 0 and p_e = 0 (no category shared) -> kappa = 0, which is defined.
    assert cohen_kappa(["X"] * 4, ["Y"] * 4) == 0.0


def test_kappa_refuses_sequences_of_different_lengths():
    with pytest.raises(ValueError, match="one judgement per item"):
        cohen_kappa(["X"], ["X", "O"])


def test_alpha_of_three_annotators_by_hand():
    # Text "a b c d". A marks X on a b d, B on a b, C on a. Units (tokens), values of A B C:
    #   a: X X X   b: X X O   c: O O O   d: X O O       each unit has m = 3 values, weight 1/(m-1) = 1/2
    # Coincidences: a -> o_XX += 3*2/2 = 3;  b -> o_XX += 1, o_XO += 1, o_OX += 1;  c -> o_OO += 3;
    #               d -> o_XO += 1, o_OX += 1, o_OO += 1.
    #   o_XX = 4, o_XO = o_OX = 2, o_OO = 4;  n_X = 6, n_O = 6, n = 12.
    #   D_o = 2 + 2 = 4;  D_e = (6*6 + 6*6) / 11 = 72/11;  alpha = 1 - 4 * 11/72 = 7/18 = 0.3889
    # Coded tokens only (a b d): o_XX = 4, o_XO = o_OX = 2, o_OO = 1;  n_X = 6, n_O = 3, n = 9.
    #   D_e = 2 * 6*3 / 8 = 4.5;  alpha = 1 - 4/4.5 = 1/9 = 0.1111
    text = "a b c d"
    spans = [span("a", 0, 3, "X"), span("a", 6, 7, "X"), span("b", 0, 3, "X"), span("c", 0, 1, "X")]
    report = agreement_report([("abcd", text, spans)], ["a", "b", "c"], {})
    alpha = report.corpus.alpha
    assert alpha.overall == pytest.approx(7 / 18)
    assert (alpha.coded, alpha.tokens, alpha.coded_tokens) == (pytest.approx(1 / 9), 4, 3)
    ratings = [["X", "X", "O", "X"], ["X", "X", "O", "O"], ["X", "O", "O", "O"]]
    assert krippendorff_alpha(ratings) == pytest.approx(7 / 18)


def test_alpha_is_none_when_undefined():
    assert krippendorff_alpha([["O", "O"], ["O", "O"], ["O", "O"]]) is None      # one value only
    assert krippendorff_alpha([[], []]) is None


# The published libraries are the oracles: on the same random judgements, our figures from
# counts must equal scikit-learn's and the krippendorff package's.
LABELS = st.sampled_from(["O", "X", "Y", "Z"])


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 40).flatmap(lambda n: st.tuples(st.lists(LABELS, min_size=n, max_size=n),
                                                       st.lists(LABELS, min_size=n, max_size=n))))
def test_kappa_from_counts_equals_scikit_learn(pair):
    cohen_kappa_score = pytest.importorskip("sklearn.metrics").cohen_kappa_score
    first, second = pair
    ours = cohen_kappa(first, second)
    if ours is None:        # scikit-learn gives NaN (and a warning) where kappa is undefined
        assert set(first) == set(second) and len(set(first)) == 1
    else:
        assert ours == pytest.approx(cohen_kappa_score(first, second), abs=1e-9)


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 30).flatmap(lambda n: st.lists(st.lists(LABELS, min_size=n, max_size=n),
                                                      min_size=2, max_size=4)))
def test_alpha_from_counts_equals_the_krippendorff_package(ratings):
    krippendorff = pytest.importorskip("krippendorff")
    ours = krippendorff_alpha(ratings)
    if ours is None:
        assert len({value for row in ratings for value in row}) == 1
    else:
        codes = {"O": 0, "X": 1, "Y": 2, "Z": 3}
        data = [[codes[value] for value in row] for row in ratings]
        assert ours == pytest.approx(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"),
                                     abs=1e-9)


# --- span counts ---------------------------------------------------------------------------

def test_exact_counts_treat_a_as_reference():
    a = [span("a", 0, 5, "X"), span("a", 6, 9, "X")]
    b = [span("b", 0, 5, "X"), span("b", 6, 9, "X"), span("b", 10, 12, "X"), span("b", 6, 9, "Y")]
    counts = exact_counts(a, b)
    assert (counts.spans_a, counts.spans_b, counts.matches) == (2, 4, 2)
    assert (counts.precision, counts.recall, counts.f1) == (0.5, 1.0, pytest.approx(2 / 3))
    assert (counts.swapped().precision, counts.swapped().recall) == (1.0, 0.5)


def test_one_long_span_overlap_matches_only_one_of_two_short_ones():
    counts = overlap_counts([span("a", 0, 20, "X")], [span("b", 0, 5, "X"), span("b", 10, 15, "X")])
    assert (counts.matches, counts.f1) == (1, pytest.approx(2 / 3))


def test_overlap_matching_finds_the_largest_one_to_one_pairing():
    # a1 [0,10) overlaps b1 [5,9) and b2 [0,3); a2 [8,12) overlaps only b1.
    # Pairing a1 with b1 first would leave 1 match; the maximum is a1-b2, a2-b1 = 2.
    a = [span("a", 0, 10, "X"), span("a", 8, 12, "X")]
    b = [span("b", 5, 9, "X"), span("b", 0, 3, "X")]
    assert overlap_counts(a, b).matches == 2


def test_overlap_needs_the_same_label():
    assert overlap_counts([span("a", 0, 10, "X")], [span("b", 0, 10, "Y")]).matches == 0


def test_f1_is_none_without_any_spans():
    counts = exact_counts([], [])
    assert (counts.precision, counts.recall, counts.f1) == (None, None, None)


# --- the report -----------------------------------------------------------------------------

def test_pair_figures_of_the_ten_token_example():
    pair = ten_report().corpus.pair("a", "b")
    assert (pair.exact.spans_a, pair.exact.spans_b, pair.exact.matches) == (3, 3, 1)
    assert pair.exact.f1 == pytest.approx(1 / 3)
    assert (pair.overlap.matches, pair.overlap.f1) == (3, 1.0)
    assert (pair.kappa.overall, pair.kappa.tokens) == (pytest.approx(13 / 18), 10)
    assert (pair.kappa.coded, pair.kappa.coded_tokens) == (pytest.approx(7 / 11), 8)


def test_per_label_figures_of_the_ten_token_example():
    by_label = ten_report().corpus.pair("a", "b").by_label
    assert sorted(by_label) == ["X", "Y", "Z"]
    x = by_label["X"]
    assert (x.exact.matches, x.exact.f1, x.overlap.f1) == (0, 0.0, 1.0)
    assert x.kappa.overall == pytest.approx(18 / 23)
    assert x.kappa.coded == pytest.approx(3 / 4)
    assert (by_label["Z"].exact.f1, by_label["Z"].kappa.overall) == (1.0, pytest.approx(1.0))


def test_uncoded_document_raises_kappa_over_all_tokens_but_not_over_coded_tokens():
    # Adding "x y" that nobody coded pools 12 tokens: p_o = 10/12;
    #   A: X4 Y2 Z1 O5   B: X3 Y3 Z1 O5   p_e = (12 + 6 + 1 + 25) / 144 = 44/144
    #   kappa = (120 - 44) / (144 - 44) = 76/100 = 0.76   (up from 0.7222)
    # The coded tokens are the same 8 as before, so the coded kappa stays 7/11.
    report = ten_report(("blank", "x y", []))
    pair = report.corpus.pair("a", "b")
    assert (pair.kappa.overall, pair.kappa.tokens) == (pytest.approx(0.76), 12)
    assert (pair.kappa.coded, pair.kappa.coded_tokens) == (pytest.approx(7 / 11), 8)
    blank = report.documents[1].pair("a", "b")
    assert (blank.kappa.overall, blank.exact.f1) == (None, None)


def test_corpus_sums_span_counts_across_documents():
    # The second document: a and b mark the same [0,1) X -> one more exact match.
    second = ("two", "x y", [span("a", 0, 1, "X"), span("b", 0, 1, "X")])
    report = ten_report(second)
    exact = report.corpus.pair("a", "b").exact
    assert (exact.spans_a, exact.spans_b, exact.matches) == (4, 4, 2)
    assert [scope.pair("a", "b").exact.matches for scope in report.documents] == [1, 1]
    assert report.corpus.documents == 2


def test_alpha_by_label_covers_labels_in_use():
    report = ten_report()
    assert sorted(report.corpus.alpha_by_label) == ["X", "Y", "Z"]
    # Two annotators, no gaps: alpha for X, from the X masks above.
    #   Coincidences over 10 units (m = 2, weight 1): o_XX = 2*3 = 6, o_XN = o_NX = 1, o_NN = 2*6 = 12.
    #   n_X = 7, n_N = 13, n = 20;  D_e = 2*7*13/19 = 182/19;  alpha = 1 - 2*19/182 = 144/182 = 0.7912
    assert report.corpus.alpha_by_label["X"].overall == pytest.approx(144 / 182)


def test_spans_of_other_annotators_do_not_count():
    gold = [span("gold", 0, 19, "X")]
    report = agreement_report([("ten", TEN, TEN_A + TEN_B + gold)], ["a", "b"], {})
    assert report.corpus.pair("a", "b").kappa.overall == pytest.approx(13 / 18)
    assert [pair.b for pair in report.corpus.pairs] == ["b"]


def test_agreement_needs_two_annotators():
    with pytest.raises(AnnotatorError, match="at least two annotators"):
        agreement_report([("ten", TEN, TEN_A)], ["a", "a"], {})


def test_pairwise_matrix_has_both_orders_with_precision_and_recall_swapped():
    a = [span("a", 0, 1, "X"), span("a", 2, 3, "X")]
    b = [span("b", 0, 1, "X")]
    matrix = pairwise_matrix([("doc", "a b", a + b)], ["a", "b"])
    assert sorted(matrix) == [("a", "b"), ("b", "a")]
    assert (matrix["a", "b"].exact.recall, matrix["a", "b"].exact.precision) == (0.5, 1.0)
    assert (matrix["b", "a"].exact.recall, matrix["b", "a"].exact.precision) == (1.0, 0.5)
    assert matrix["a", "b"].kappa == matrix["b", "a"].kappa


def test_json_has_stable_keys_and_no_nan():
    data = ten_report(("blank", "x y", [])).to_json()
    assert set(data) == {"version", "annotators", "labels", "corpus", "by_document", "documents"}
    assert data["annotators"] == [{"id": "a", "name": "Alice"}, {"id": "b", "name": "Bob"}]
    assert set(data["corpus"]) == {"scope", "title", "documents", "tokens", "coded_tokens", "alpha",
                                   "alpha_by_label", "pairs"}
    pair = data["corpus"]["pairs"][0]
    assert set(pair) == {"a", "b", "exact", "overlap", "kappa", "by_label"}
    assert set(pair["exact"]) == {"spans_a", "spans_b", "matches", "precision", "recall", "f1"}
    assert set(pair["kappa"]) == {"overall", "tokens", "coded", "coded_tokens"}
    assert set(pair["by_label"]["X"]) == {"exact", "overlap", "kappa"}
    assert [doc["scope"] for doc in data["documents"]] == ["ten", "blank"]
    assert data["documents"][1]["alpha"]["overall"] is None
    json.dumps(data, allow_nan=False)     # raises on NaN or non-JSON values


def test_text_report_shows_names_and_figures():
    text = report_text(ten_report(("blank", "x y", [])))
    assert "Alice vs Bob" in text
    assert "0.760" in text and "0.636" in text       # corpus kappa over all / coded tokens
    assert "Document blank" in text and "n/a" in text


def test_empty_corpus_gives_counts_of_zero_and_no_coefficients():
    report = agreement_report([], ["a", "b"], {})
    assert (report.corpus.tokens, report.corpus.alpha.overall) == (0, None)
    assert (report.corpus.pair("a", "b").kappa.overall, report.corpus.pair("a", "b").exact.f1) == (None, None)
    assert report.documents == ()
