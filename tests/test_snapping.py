"""The training-data exports read a text's tokens as columns: the very tokens `word_tokens` finds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.snapping import token_columns, word_tokens

HARD = ["\ufeffKyiv said", "👩\u200d👩\u200d👧 came", "Jose\u0301 and caf\u0301e", "🇺🇦🇺🇦!", "ok👍🏽",
        "talks\r\nwent on", "שָׁלוֹם, عالم", "line\u2028separator", "don't 'quote' short-term -x- a--b",
        "soft\u00adhyphen", "", " ", "  lead and trail  ", "x", "tab\there\u00a0nbsp"]


def columns_of_word_tokens(text: str) -> tuple[list[int], list[int], list[str]]:
    tokens = word_tokens(text)
    return [s for s, _ in tokens], [e for _, e in tokens], [text[s:e] for s, e in tokens]


@pytest.mark.parametrize("text", HARD)
def test_token_columns_are_word_tokens(text: str) -> None:
    assert token_columns(text) == columns_of_word_tokens(text)


@settings(max_examples=400)
@given(st.lists(st.sampled_from(HARD + ["a", "b1", "_", "-", "'", "’", "\u00ad", ".", " ", "\n", "\r", "\t",
                                        "\u0301", "\u200d", "🏽", "é"]), max_size=30).map("".join))
def test_token_columns_of_any_mix_are_word_tokens(text: str) -> None:
    assert token_columns(text) == columns_of_word_tokens(text)


@given(st.text(max_size=60))
def test_token_columns_of_any_text_are_word_tokens(text: str) -> None:
    assert token_columns(text) == columns_of_word_tokens(text)
