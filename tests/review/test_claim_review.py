"""How review tells claims' frames apart, and maps an accepted frame's references into gold."""

from __future__ import annotations

from annotator.model import Ref, Span
from annotator.review.align import align
from annotator.review.claim_review import FrameKey, frame_differences, gold_references


def test_frames_differ_field_by_field_in_finding_order() -> None:
    a = FrameKey(frozenset({"entity:ru"}), frozenset({"entity:war"}), "oppose", "101")
    b = FrameKey(frozenset({"entity:ru"}), frozenset({"text:nato"}), "support", "101")
    assert frame_differences([a, b]) == ("issue", "stance")
    assert frame_differences([a, a]) == ()


def test_agreed_claim_spans_with_different_frames_are_a_finding_and_others_are_not() -> None:
    spans = [Span(0, 9, "Claim", annotator_id="ana", id=1), Span(0, 9, "Claim", annotator_id="ben", id=2),
             Span(20, 29, "Claim", annotator_id="ana", id=3), Span(21, 29, "Claim", annotator_id="ben", id=4)]
    frames = {1: FrameKey(stance="oppose"), 2: FrameKey(category="101"), 3: FrameKey(stance="oppose")}
    items = align(spans, ["ana", "ben"], frames)
    assert [(item.kind, item.differs) for item in items] == [("stance", ("stance", "category")), ("boundary", ())]


def test_a_reference_goes_to_the_gold_span_then_to_the_link_else_is_left_out() -> None:
    actor, issue, loose = Span(0, 6, "Actor", id=7), Span(10, 19, "Issue", id=8), Span(30, 33, "Actor", id=9)
    kept, left_out = gold_references(
        [Ref.span(7), Ref.span(8), Ref.span(9), Ref.entity("un")], {7: actor, 8: issue, 9: loose},
        {(0, 6, "Actor"): 70}, {8: "sanctions", 7: "russia"})
    assert kept == (Ref.span(70), Ref.entity("sanctions"), Ref.entity("un"))
    assert left_out == (Ref.span(9),)
