"""Lining up annotators' spans: which spans form one item, and what kind of disagreement it is."""

from __future__ import annotations

import random

from annotator.model import Span
from annotator.review.align import AGREED, BOUNDARY, LABEL, SINGLE, AlignedItem, align, disagreements


def span(annotator_id: str, start: int, end: int, label: str) -> Span:
    return Span(start, end, label, annotator=annotator_id.upper(), annotator_id=annotator_id)


def shape(items: list[AlignedItem]) -> list[tuple[str, dict[str, tuple[int, int, str]]]]:
    return [(item.kind, {aid: s.key for aid, s in item.spans.items()}) for item in items]


def test_identical_spans_of_both_annotators_are_one_agreed_item():
    items = align([span("a", 0, 5, "Claim"), span("b", 0, 5, "Claim")], ["a", "b"])
    assert shape(items) == [(AGREED, {"a": (0, 5, "Claim"), "b": (0, 5, "Claim")})]
    assert items[0].missing == ()
    assert disagreements(items) == []


def test_same_offsets_different_labels_is_a_label_disagreement():
    items = align([span("a", 3, 9, "Claim"), span("b", 3, 9, "Issue")], ["a", "b"])
    assert shape(items) == [(LABEL, {"a": (3, 9, "Claim"), "b": (3, 9, "Issue")})]
    assert items[0].labels == ("Claim", "Issue")


def test_overlapping_spans_are_a_boundary_disagreement():
    items = align([span("a", 0, 10, "Claim"), span("b", 4, 12, "Claim")], ["a", "b"])
    assert shape(items) == [(BOUNDARY, {"a": (0, 10, "Claim"), "b": (4, 12, "Claim")})]
    assert (items[0].start, items[0].end) == (0, 12)


def test_span_only_one_annotator_marked_is_single_and_names_who_missed_it():
    items = align([span("a", 0, 4, "Actor"), span("b", 10, 14, "Actor")], ["a", "b"])
    assert shape(items) == [(SINGLE, {"a": (0, 4, "Actor")}), (SINGLE, {"b": (10, 14, "Actor")})]
    assert [item.missing for item in items] == [("b",), ("a",)]


def test_spans_that_merely_touch_end_to_start_do_not_pair():
    items = align([span("a", 0, 5, "Claim"), span("b", 5, 9, "Claim")], ["a", "b"])
    assert [item.kind for item in items] == [SINGLE, SINGLE]


def test_same_label_partner_is_preferred_to_a_larger_overlap_with_another_label():
    # a: [0,10) Claim.  b: [0,9) Issue overlaps it by 9, [5,10) Claim by only 5.
    items = align([span("a", 0, 10, "Claim"), span("b", 0, 9, "Issue"), span("b", 5, 10, "Claim")], ["a", "b"])
    assert shape(items) == [(SINGLE, {"b": (0, 9, "Issue")}),      # starts at 0, ends first
                            (BOUNDARY, {"a": (0, 10, "Claim"), "b": (5, 10, "Claim")})]


def test_among_same_label_partners_the_larger_overlap_wins():
    # b: [0,3) overlaps a's [0,10) by 3, [2,10) by 8.
    items = align([span("a", 0, 10, "Claim"), span("b", 0, 3, "Claim"), span("b", 2, 10, "Claim")], ["a", "b"])
    assert shape(items) == [(SINGLE, {"b": (0, 3, "Claim")}),
                            (BOUNDARY, {"a": (0, 10, "Claim"), "b": (2, 10, "Claim")})]


def test_exact_match_is_taken_before_an_overlap_with_the_same_span():
    # b's [0,5) Claim could join a's [0,5) exactly or a's [0,8) by overlap: exact first.
    items = align([span("a", 0, 8, "Claim"), span("a", 0, 5, "Claim"), span("b", 0, 5, "Claim")], ["a", "b"])
    assert shape(items) == [(AGREED, {"a": (0, 5, "Claim"), "b": (0, 5, "Claim")}),
                            (SINGLE, {"a": (0, 8, "Claim")})]


def test_an_item_holds_at_most_one_span_per_annotator():
    # Both of a's spans overlap b's one span; the larger overlap (5 vs 4) pairs, the other stays alone.
    items = align([span("a", 0, 5, "X"), span("a", 4, 8, "X"), span("b", 0, 8, "X")], ["a", "b"])
    assert shape(items) == [(BOUNDARY, {"a": (0, 5, "X"), "b": (0, 8, "X")}), (SINGLE, {"a": (4, 8, "X")})]


def test_three_annotators_two_identical_and_one_absent_is_single_not_agreed():
    items = align([span("a", 0, 5, "X"), span("b", 0, 5, "X")], ["a", "b", "c"])
    assert [(item.kind, item.missing) for item in items] == [(SINGLE, ("c",))]


def test_three_annotators_third_with_another_label_on_the_same_offsets():
    items = align([span("a", 0, 5, "X"), span("b", 0, 5, "X"), span("c", 0, 5, "Y")], ["a", "b", "c"])
    assert shape(items) == [(LABEL, {"a": (0, 5, "X"), "b": (0, 5, "X"), "c": (0, 5, "Y")})]


def test_three_annotators_all_identical_is_agreed():
    items = align([span(aid, 2, 7, "X") for aid in "cab"], ["a", "b", "c"])
    assert [(item.kind, item.annotator_ids) for item in items] == [(AGREED, ("a", "b", "c"))]


def test_no_chains_of_spans_that_do_not_overlap_each_other():
    # a [0,5) and b [4,10) overlap; b and c [9,15) overlap; a and c do not, so c is not pulled in.
    items = align([span("a", 0, 5, "X"), span("b", 4, 10, "X"), span("c", 9, 15, "X")], ["a", "b", "c"])
    assert shape(items) == [(BOUNDARY, {"a": (0, 5, "X"), "b": (4, 10, "X")}), (SINGLE, {"c": (9, 15, "X")})]
    assert items[0].missing == ("c",)


def test_spans_of_annotators_not_chosen_are_ignored():
    items = align([span("a", 0, 5, "X"), span("b", 0, 5, "X"), span("gold", 0, 5, "Y")], ["a", "b"])
    assert shape(items) == [(AGREED, {"a": (0, 5, "X"), "b": (0, 5, "X")})]


def test_an_annotator_without_spans_is_missing_everywhere():
    items = align([span("a", 0, 5, "X"), span("a", 8, 9, "Y")], ["a", "b"])
    assert [(item.kind, item.missing) for item in items] == [(SINGLE, ("b",)), (SINGLE, ("b",))]


def test_items_come_in_document_order_and_disagreements_skip_agreed_ones():
    spans = [span("a", 30, 35, "X"), span("b", 30, 35, "X"),       # agreed
             span("a", 10, 20, "X"), span("b", 12, 20, "X"),       # boundary
             span("b", 0, 4, "Y")]                                 # single
    items = align(spans, ["a", "b"])
    assert [(item.start, item.kind) for item in items] == [(0, SINGLE), (10, BOUNDARY), (30, AGREED)]
    assert [(item.start, item.kind) for item in disagreements(items)] == [(0, SINGLE), (10, BOUNDARY)]


def test_result_does_not_depend_on_the_order_spans_arrive_in():
    spans = [span("a", 0, 10, "X"), span("b", 2, 10, "X"), span("c", 0, 10, "Y"), span("a", 12, 20, "Z"),
             span("b", 12, 20, "Z"), span("c", 15, 25, "Z"), span("b", 30, 31, "X"), span("a", 4, 6, "Y")]
    expected = shape(align(spans, ["a", "b", "c"]))
    for seed in range(20):
        shuffled = spans[:]
        random.Random(seed).shuffle(shuffled)
        assert shape(align(shuffled, ["a", "b", "c"])) == expected
