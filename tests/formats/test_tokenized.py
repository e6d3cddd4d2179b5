"""Spans put on word tokens for the token-based writers: the --align rules and the nesting rule."""

from __future__ import annotations

import pytest

from annotator.formats import ExportOptions
from annotator.formats.tokenized import TokenCounts, TokenSpan, align, longest_without_overlap, tokenized
from annotator.model import Document, SpanData

TEXT = "Kyiv said no. Moscow  agreed 👍🏽"
TOKENS = [(0, 4), (5, 9), (10, 12), (12, 13), (14, 20), (22, 28), (29, 31)]
STARTS, ENDS = [s for s, _ in TOKENS], [e for _, e in TOKENS]


@pytest.mark.parametrize("mode", ["strict", "expand", "contract"])
def test_span_on_token_edges_keeps_its_tokens_in_every_mode(mode: str) -> None:
    assert align(STARTS, ENDS, 5, 13, mode) == (1, 4)          # "said no."


@pytest.mark.parametrize("mode, tokens", [("strict", None), ("expand", (1, 3)), ("contract", (1, 2))])
def test_span_ending_inside_a_word(mode: str, tokens: tuple[int, int] | None) -> None:
    assert align(STARTS, ENDS, 5, 11, mode) == tokens           # "said n"


@pytest.mark.parametrize("mode, tokens", [("strict", None), ("expand", (4, 6)), ("contract", (4, 6))])
def test_span_with_whitespace_at_its_edges(mode: str, tokens: tuple[int, int] | None) -> None:
    assert align(STARTS, ENDS, 13, 29, mode) == tokens          # " Moscow  agreed "


def test_span_inside_one_word_has_nothing_to_contract_to() -> None:
    assert (align(STARTS, ENDS, 15, 18, "contract"), align(STARTS, ENDS, 15, 18, "expand")) == (None, (4, 5))


def test_span_of_whitespace_alone_is_left_out_even_when_expanding() -> None:
    assert align(STARTS, ENDS, 20, 22, "expand") is None


def test_the_longest_of_overlapping_spans_is_tagged_then_the_earliest() -> None:
    claim, actor, crossing, later = (TokenSpan(0, 13, "Claim", 0, 4), TokenSpan(0, 4, "Actor", 0, 1),
                                     TokenSpan(10, 20, "Issue", 2, 5), TokenSpan(14, 28, "Issue", 4, 6))
    assert longest_without_overlap([actor, crossing, claim, later]) == [claim, later]


def test_counts_say_what_was_moved_merged_and_left_out() -> None:
    spans = [SpanData(5, 11, "Claim", "ana"), SpanData(5, 12, "Claim", "ana"), SpanData(20, 22, "Issue", "ana"),
             SpanData(0, 4, "Actor", "ana")]
    counts = TokenCounts()
    (doc,) = tokenized([(Document("d", TEXT), spans)], ExportOptions(align="expand"), counts, "iob")
    assert [(s.start, s.end, s.label) for s in doc.spans] == [(0, 4, "Actor"), (5, 12, "Claim")]
    assert doc.iob_tags() == ["B-Actor", "B-Claim", "I-Claim", "O", "O", "O", "O"]
    assert vars(counts) == {"spans": 4, "misaligned": 2, "moved": 1, "left_out": 1, "duplicates": 1, "untagged": 0}
