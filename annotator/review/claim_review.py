"""Review of claims: how two analysts' frames of the same Claim span differ, and how an accepted
frame is carried into gold.

Frames compare field by field, speakers and issues as sets of registry entries where a span is
linked or an entry is named, else of the spans' folded texts (`ref_key`; agreement compares
them the same way): two
analysts who pick "Moscow" and "Russia" (both linked to Russia) name the same speaker. A Claim
span without a frame compares as an empty frame, so one analyst's framed claim against the
other's bare span shows what the bare one lacks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from annotator.model import ClaimFrame, Ref, Span, fold_name

FRAME_FIELDS = ("speaker", "issue", "stance", "category")   # in the order findings name them


class FrameKey(NamedTuple):
    speakers: frozenset[str] = frozenset()
    issues: frozenset[str] = frozenset()
    stance: str = ""
    category: str = ""


EMPTY = FrameKey()


def ref_key(ref: Ref, spans: Mapping[int, Span], links: Mapping[int, str], text: str) -> str | None:
    """How a speaker or issue compares across analysts: "entity:" and the entry's id (named, or
    the span's link), else "text:" and the span's text folded; None for a span not in `spans`."""
    if ref.entity_id is not None:
        return "entity:" + ref.entity_id
    entity_id = links.get(ref.span_id)
    if entity_id is not None:
        return "entity:" + entity_id
    span = spans.get(ref.span_id)
    return None if span is None else "text:" + fold_name(text[span.start:span.end])


def frame_keys(text: str, spans: Iterable[Span], frames: Iterable[ClaimFrame],
               links: Mapping[int, str]) -> dict[int, FrameKey]:
    """Claim span id → its frame as review compares it, for every span that has a frame."""
    by_id = {span.id: span for span in spans}
    keys = {}
    for frame in frames:
        speakers, issues = (frozenset(key for ref in refs if (key := ref_key(ref, by_id, links, text)) is not None)
                            for refs in (frame.speakers, frame.issues))
        keys[frame.span_id] = FrameKey(speakers, issues, frame.stance, frame.category)
    return keys


def frame_differences(frames: Sequence[FrameKey]) -> tuple[str, ...]:
    """The fields (of `FRAME_FIELDS`) in which the frames are not all the same."""
    return tuple(name for name, values in zip(FRAME_FIELDS, zip(*frames)) if len(set(values)) > 1)


def gold_references(refs: Iterable[Ref], spans: Mapping[int, Span], gold: Mapping[tuple[int, int, str], int],
                    links: Mapping[int, str]) -> tuple[tuple[Ref, ...], tuple[Ref, ...]]:
    """An accepted frame's speakers or issues as gold can hold them: an entry stays; a span
    becomes the gold span at the same offsets with the same label, else the entry it is linked
    to. Returns (kept, left out): a span that is neither in gold nor linked cannot be referred to."""
    kept, left_out = [], []
    for ref in refs:
        if ref.entity_id is not None:
            kept.append(ref)
            continue
        span = spans.get(ref.span_id)
        gold_id = None if span is None else gold.get(span.key)
        if gold_id is not None:
            kept.append(Ref.span(gold_id))
        elif ref.span_id in links:
            kept.append(Ref.entity(links[ref.span_id]))
        else:
            left_out.append(ref)
    return tuple(dict.fromkeys(kept)), tuple(left_out)


def frame_text(frame: ClaimFrame, text: str, spans: Mapping[int, Span], entity_names: Mapping[str, str]) -> str:
    """A frame in words for the review table: "Russia, “Moscow” → sanctions · oppose · 101"."""
    def name(ref: Ref) -> str:
        if ref.entity_id is not None:
            return entity_names.get(ref.entity_id, "?")
        span = spans.get(ref.span_id)
        return "?" if span is None else "“" + " ".join(text[span.start:span.end].split())[:30] + "”"

    who = ", ".join(map(name, frame.speakers)) or "(no speaker)"
    what = ", ".join(map(name, frame.issues)) or "(no issue)"
    return " · ".join(part for part in (f"{who} → {what}", frame.stance or "stance unknown", frame.category) if part)
