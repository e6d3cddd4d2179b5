"""Spans on word tokens: what the token-based writers (spacy, iob, hf) share.

- **Tokens** are Annotator's words (`annotator.snapping.word_tokens`, read as `token_columns`):
  words and single non-word grapheme clusters, whitespace never a token. It is the definition
  selections snap to and agreement counts, so a span tagged in the window always sits on token
  edges, and 👍🏽 or a ZWJ family stays one token (spaCy's blank English tokenizer splits the
  skin tone off the thumb).
- **One layer.** Tags give each token one label, so these formats take one analyst's layer
  (`--annotator NAME`) or the gold layer (`--gold`); an export whose spans come from two
  layers is refused, naming them.
- **Alignment.** A span whose edges are not token edges (it starts or ends inside a word or
  on whitespace) is counted and, by `ExportOptions.align`, left out (strict), widened to the
  tokens it touches (expand) or narrowed to the tokens inside it (contract; left out if none).
- **Nesting.** Where spans of the layer overlap, the tags (IOB2, spaCy's `doc.ents`) keep the
  longest in tokens, the earliest of equally long ones (spaCy's `filter_spans` rule), and
  leave the others out of the tags, counted; an actor nested in a claim is lost to the tags,
  never to `doc.spans`.

Offsets are code points into the document's text, end exclusive; token indices count tokens.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Iterable, Iterator, NamedTuple

from annotator.errors import AnnotatorError
from annotator.formats.base import DocumentsWithSpans, ExportOptions, ExportReport
from annotator.model import Document, SpanData
from annotator.snapping import token_columns

OUTSIDE = "O"


class TokenSpan(NamedTuple):
    """A span on token edges: tokens `first` up to `stop` (exclusive), and the code points
    `start`..`end` they cover."""

    start: int
    end: int
    label: str
    first: int
    stop: int


class TokenizedDocument(NamedTuple):
    document: Document
    starts: list[int]               # token i is text[starts[i]:ends[i]], code points, in text order
    ends: list[int]
    words: list[str]                # the tokens' text
    spans: list[TokenSpan]          # every span of the layer that sits on tokens (after alignment)
    tagged: list[TokenSpan]         # those that overlap no longer one: one tag per token

    def iob_tags(self) -> list[str]:
        """IOB2: B- on a span's first token, I- on the rest, O outside every tagged span."""
        tags = [OUTSIDE] * len(self.words)
        for span in self.tagged:
            tags[span.first] = "B-" + span.label
            tags[span.first + 1:span.stop] = ["I-" + span.label] * (span.stop - span.first - 1)
        return tags


@dataclass
class TokenCounts:
    spans: int = 0          # spans read
    misaligned: int = 0     # of those, with an edge that is not a token edge
    moved: int = 0          # misaligned and moved onto tokens (expand, contract)
    left_out: int = 0       # misaligned and not written (strict, or nothing left to contract to)
    duplicates: int = 0     # moved onto the tokens of another span with its label: written once
    untagged: int = 0       # overlap a longer span: not in the tags

    def add(self, other: TokenCounts) -> None:
        for name, value in vars(other).items():
            setattr(self, name, getattr(self, name) + value)

    def report(self, documents: int, options: ExportOptions, untagged_where: str) -> ExportReport:
        notes = []
        if self.misaligned:
            if options.align == "strict":
                what = "left out (--align strict; expand or contract moves them onto tokens)"
            else:
                what = f"moved onto tokens ({options.align})"
                if self.left_out:
                    what += f", {self.left_out} left out (no whole token inside)"
            notes.append(f"{self.misaligned} of {self.spans} spans do not align to word tokens: {what}")
        if self.duplicates:
            notes.append(f"{self.duplicates} spans landed on another span's tokens and label: written once")
        if self.untagged:
            notes.append(f"{self.untagged} spans overlap a longer span: {untagged_where}")
        return ExportReport(documents, tuple(notes), dict(vars(self)))


def tokenized(records: DocumentsWithSpans, options: ExportOptions, counts: TokenCounts,
              writer: str) -> Iterator[TokenizedDocument]:
    """Each document with its tokens and its spans put on them, counting into `counts`."""
    for document, spans in one_layer(records, writer):
        yield on_tokens(document, spans, options, counts)


def on_tokens(document: Document, spans: Iterable[tuple[int, int, str]], options: ExportOptions,
              counts: TokenCounts) -> TokenizedDocument:
    """One document's tokens and its spans put on them, counting into `counts`. A span is
    read as (start, end, label, …): a `SpanData`, or the plain tuple a worker is sent."""
    starts, ends, words = token_columns(document.text)
    placed: dict[tuple[int, int, str], TokenSpan] = {}
    for start, end, label, *_ in spans:
        counts.spans += 1
        on = align(starts, ends, start, end, options.align)
        if on is None or (starts[on[0]], ends[on[1] - 1]) != (start, end):
            counts.misaligned += 1
            if on is None:
                counts.left_out += 1
                continue
            counts.moved += 1
        first, stop = on
        key = (first, stop, label)
        if key in placed:
            counts.duplicates += 1
            continue
        placed[key] = TokenSpan(starts[first], ends[stop - 1], label, first, stop)
    ordered = sorted(placed.values(), key=lambda s: (s.first, s.stop, s.label))
    tagged = longest_without_overlap(ordered)
    counts.untagged += len(ordered) - len(tagged)
    return TokenizedDocument(document, starts, ends, words, ordered, tagged)


def one_layer(records: DocumentsWithSpans, writer: str) -> Iterator[tuple[Document, list[SpanData]]]:
    """The records as they are, refused (`AnnotatorError`) at the first span of a second layer."""
    layer: str | None = None
    for document, spans in records:
        for span in spans:
            if layer is None:
                layer = span.annotator
            elif span.annotator != layer:
                raise AnnotatorError(
                    f"{writer} writes one layer, and this export holds spans of {layer!r} and "
                    f"{span.annotator!r}: choose one with --annotator NAME, or --gold")
        yield document, spans


def align(starts: list[int], ends: list[int], start: int, end: int, mode: str) -> tuple[int, int] | None:
    """The tokens [first, stop) a span of code points start..end goes to under `mode`, or None.

    Tokens are sorted and never overlap. A span on token edges keeps its tokens in every mode;
    otherwise strict gives None, expand the tokens it touches (a code point in common), and
    contract the tokens wholly inside it."""
    touched_first = bisect_right(ends, start)      # first token ending after start
    touched_stop = bisect_left(starts, end)        # tokens starting before end
    if touched_first >= touched_stop:
        return None                                # only whitespace (or nothing) inside
    if starts[touched_first] == start and ends[touched_stop - 1] == end:
        return touched_first, touched_stop
    if mode == "expand":
        return touched_first, touched_stop
    if mode == "contract":
        first = bisect_left(starts, start)
        stop = bisect_right(ends, end)
        return (first, stop) if first < stop else None
    return None


def longest_without_overlap(spans: list[TokenSpan]) -> list[TokenSpan]:
    """The spans the tags keep: longest in tokens first, then the earliest, each kept if it
    shares no token with one kept before; returned in text order."""
    taken: set[int] = set()
    kept = []
    for span in sorted(spans, key=lambda s: (-(s.stop - s.first), s.first, s.label)):
        if not taken.intersection(range(span.first, span.stop)):
            kept.append(span)
            taken.update(range(span.first, span.stop))
    return sorted(kept, key=lambda s: s.first)
