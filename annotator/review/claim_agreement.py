"""Agreement on claims: did the analysts mark the same claims, and did they frame them alike?

A claim here is a Claim span of one analyst: a span that carries a frame, or one labelled
"Claim" without a frame yet (a claim left incomplete still counts as found). Three questions:

1. **Claim spans**: F1 of each pair on the claims' offsets, exact (same start and end) and
   overlap (touching, paired one to one), as span F1 counts them (`matching`), label aside.
2. **Frames of matched claims**: claims are lined up across all compared analysts as review
   lines them up (`align.align`: one claim per analyst per finding, every two overlapping).
   A finding two or more analysts marked is a *matched claim*; on those, Krippendorff's alpha
   (nominal) is computed for the stance, the speaker, the issue and the category. A value
   that was not given ("" stance: unknown; no speaker; no issue; no category) is *missing*,
   not a category of its own: an analyst who left the stance unknown neither agrees nor
   disagrees with one who coded "oppose", and a matched claim with fewer than two given
   values adds nothing (Krippendorff 2004, 11.3.3). Speakers and issues compare as registry
   entries where a span is linked or an entry is named, else by the span's text folded with
   `fold_name`; a claim with two speakers has the set of both as its value.
3. **Statements**: per document and analyst, the set of (speaker, issue, stance) triples of
   all their claims (every speaker with every issue), compared whatever the claims'
   boundaries, the way discourse networks count them. F1 = 2 |A ∩ B| / (|A| + |B|).

Claims no other compared analyst matched are counted and listed, never dropped. Corpus
figures pool: counts and coincidences add up across documents and are derived once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from annotator.model import ClaimFrame, Span
from annotator.review.align import align
from annotator.review.claim_review import ref_key
from annotator.review.figures import Alpha, ClaimFigures, ClaimPair, SpanCounts, UnmatchedClaim
from annotator.review.matching import exact_matches, overlap_matches

CLAIM_LABEL = "Claim"
VARIABLES = ("stance", "speaker", "issue", "category")
_PREVIEW = 120


@dataclass(frozen=True, slots=True)
class ClaimUnit:
    """One analyst's claim as agreement compares it. `speakers` and `issues` are keys: "entity:"
    and an entry id, or "text:" and a span's folded text; sorted, without repeats."""

    annotator_id: str
    start: int
    end: int
    stance: str = ""
    speakers: tuple[str, ...] = ()
    issues: tuple[str, ...] = ()
    category: str = ""
    text: str = ""

    def value(self, variable: str) -> str:
        """The nominal value of a variable, "" when missing (a set of several as one value)."""
        if variable == "speaker":
            return "|".join(self.speakers)
        if variable == "issue":
            return "|".join(self.issues)
        return getattr(self, variable)

    def statements(self) -> set[tuple[str, str, str]]:
        return {(speaker, issue, self.stance) for speaker in self.speakers for issue in self.issues}


def claim_units(text: str, spans: Iterable[Span], frames: Iterable[ClaimFrame],
                links: Mapping[int, str]) -> list[ClaimUnit]:
    """A document's claims: its spans with a frame, and its "Claim" spans without one.
    `links` maps span ids to the registry entry each is linked to."""
    by_id = {span.id: span for span in spans}
    framed = {frame.span_id: frame for frame in frames}
    units = []
    for span in by_id.values():
        frame = framed.get(span.id)
        if frame is None and span.label != CLAIM_LABEL:
            continue
        preview = " ".join(text[span.start:span.end].split())[:_PREVIEW]
        if frame is None:
            units.append(ClaimUnit(span.annotator_id, span.start, span.end, text=preview))
            continue
        keys = [sorted({key for ref in refs if (key := ref_key(ref, by_id, links, text)) is not None})
                for refs in (frame.speakers, frame.issues)]
        units.append(ClaimUnit(span.annotator_id, span.start, span.end, frame.stance, tuple(keys[0]),
                               tuple(keys[1]), frame.category, preview))
    return sorted(units, key=lambda unit: (unit.start, -unit.end, unit.annotator_id))


@dataclass
class ClaimTally:
    """The counts the Claims figures come from; documents add to it one at a time."""

    chosen: tuple[str, ...]
    claims: Counter = field(default_factory=Counter)
    spans: dict[tuple[int, int], list[int]] = field(default_factory=dict)    # pair -> 6 counts
    statements: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    coincidences: dict[str, Counter] = field(default_factory=lambda: {name: Counter() for name in VARIABLES})
    units: Counter = field(default_factory=Counter)
    matched: int = 0
    unmatched: list[UnmatchedClaim] = field(default_factory=list)

    def add(self, document: str, title: str, units: Sequence[ClaimUnit]) -> None:
        """Counts one document's claims (of any analysts; those not compared are ignored)."""
        order = {annotator_id: index for index, annotator_id in enumerate(self.chosen)}
        mine = [unit for unit in units if unit.annotator_id in order]
        layers: list[list[ClaimUnit]] = [[] for _ in self.chosen]
        for unit in mine:
            layers[order[unit.annotator_id]].append(unit)
            self.claims[unit.annotator_id] += 1
        for i, j in combinations(range(len(self.chosen)), 2):
            first = [(u.start, u.end) for u in layers[i]]
            second = [(u.start, u.end) for u in layers[j]]
            counts = self.spans.setdefault((i, j), [0] * 3)
            counts[0] += exact_matches(first, second)
            counts[1] += overlap_matches(first, second)
            said = [set().union(*(u.statements() for u in layer)) for layer in (layers[i], layers[j])]
            tally = self.statements.setdefault((i, j), [0] * 3)
            tally[0] += len(said[0])
            tally[1] += len(said[1])
            tally[2] += len(said[0] & said[1])
        self._coincide(document, title, mine)

    def _coincide(self, document: str, title: str, units: list[ClaimUnit]) -> None:
        as_spans = [Span(u.start, u.end, CLAIM_LABEL, annotator_id=u.annotator_id, id=n)
                    for n, u in enumerate(units)]
        for item in align(as_spans, self.chosen):
            found = [units[span.id] for span in item.spans.values()]
            if len(found) == 1:
                unit = found[0]
                self.unmatched.append(UnmatchedClaim(document, title, unit.annotator_id, unit.start,
                                                     unit.end, unit.text))
                continue
            self.matched += 1
            for name in VARIABLES:
                given = [value for unit in found if (value := unit.value(name))]
                if len(given) < 2:
                    continue
                self.units[name] += 1
                share = 1 / (len(given) - 1)
                for x, y in combinations(given, 2):
                    self.coincidences[name][x, y] += share
                    self.coincidences[name][y, x] += share

    def figures(self) -> ClaimFigures:
        pairs = []
        for (i, j) in combinations(range(len(self.chosen)), 2):
            a, b = self.chosen[i], self.chosen[j]
            exact, overlap, _ = self.spans.get((i, j), [0, 0, 0])
            stated = self.statements.get((i, j), [0, 0, 0])
            pairs.append(ClaimPair(a, b, SpanCounts(self.claims[a], self.claims[b], exact),
                                   SpanCounts(self.claims[a], self.claims[b], overlap),
                                   SpanCounts(*stated)))
        alpha = {name: Alpha(nominal_alpha(self.coincidences[name]), self.units[name],
                             round(sum(self.coincidences[name].values())))
                 for name in VARIABLES}
        return ClaimFigures({annotator_id: self.claims[annotator_id] for annotator_id in self.chosen},
                            self.matched, tuple(pairs), alpha, tuple(self.unmatched))


def nominal_alpha(coincidences: Mapping[tuple[str, str], float]) -> float | None:
    """Krippendorff's alpha (nominal) from the coincidence matrix o[c, k] (both orders present):
    alpha = 1 - (n - 1) * sum of o off the diagonal / sum over c != k of n_c * n_k. None when
    fewer than two values were given or every value is the same (no disagreement is possible)."""
    totals: Counter = Counter()
    for (c, _k), count in coincidences.items():
        totals[c] += count
    n = sum(totals.values())
    if len([c for c in totals if totals[c] > 1e-12]) < 2:
        return None
    observed = sum(count for (c, k), count in coincidences.items() if c != k)
    expected = n * n - sum(count * count for count in totals.values())
    return 1 - (n - 1) * observed / expected
