"""One definition of a word, for snapping selections and for agreement's tokens: grapheme
clusters, so an accent, a family emoji, a flag or a skin tone is never cut in two."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.review.tokens import token_bounds, tokenize
from annotator.snapping import snap_to_words

FAMILY = "👩\u200d👩\u200d👧"          # three people joined by two zero-width joiners: 5 code points
JOSE = "Jose\u0301"                    # e + combining acute accent
UKRAINE = "🇺🇦"                        # two regional indicators
THUMBS_UP = "👍🏽"                      # thumbs up + skin-tone modifier


def words(text: str) -> list[str]:
    return [text[start:end] for start, end in tokenize(text)]


@pytest.mark.parametrize("text, expected", [
    (f"{JOSE} said", [JOSE, "said"]),
    (f"{FAMILY} came", [FAMILY, "came"]),
    (f"{UKRAINE}{UKRAINE}!", [UKRAINE, UKRAINE, "!"]),
    (f"ok{THUMBS_UP}", ["ok", THUMBS_UP]),
    ("talks\r\nwent on", ["talks", "went", "on"]),
    ("שָׁלוֹם, عالم", ["שָׁלוֹם", ",", "عالم"]),
    ("Café 😀 déjà-vu.", ["Café", "😀", "déjà-vu", "."]),
    ("don't 'quote' short-term", ["don't", "'", "quote", "'", "short-term"]),
], ids=["combining-mark", "zwj-family", "flags", "skin-tone", "crlf", "right-to-left", "emoji", "joiners"])
def test_a_token_is_a_word_or_one_grapheme_cluster(text, expected):
    assert words(text) == expected


def test_offsets_are_code_points():
    text = f"{FAMILY} {JOSE}"
    assert tokenize(text) == [(0, 5), (6, 11)]


@pytest.mark.parametrize("text, selected, expected", [
    (f"Señor {JOSE} said", "Jos", JOSE),                        # the accent comes along
    (f"Señor {JOSE} said", "ose", JOSE),
    (f"a {FAMILY} b", "👩\u200d👩", FAMILY),                     # never half a family
    (f"a {UKRAINE} b", "🇺", UKRAINE),                            # never half a flag
    (f"up {THUMBS_UP} ok", "👍", THUMBS_UP),                      # nor a hand without its skin tone
    ("ceasefire\r\nagreed", "fire\r\nag", "ceasefire\r\nagreed"),
    ("אמר שלום היום", "לו", "שלום"),                             # right to left: logical order
    ("a short-term plan", "short", "short-term"),
    ("said 'quote' here", "quote", "quote"),                     # punctuation kept as selected
])
def test_selection_snaps_to_the_same_tokens(text, selected, expected):
    start = text.index(selected)
    snapped = snap_to_words(text, start, start + len(selected))
    assert text[snapped[0]:snapped[1]] == expected
    assert text[snapped[0]:snapped[1]] in words(text) or "\r\n" in expected


def test_snapped_edges_are_token_edges():
    text = f"{JOSE} met {FAMILY} in Kyiv {UKRAINE}, {THUMBS_UP}."
    edges = {edge for token in tokenize(text) for edge in token}
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1):
            snapped = snap_to_words(text, start, end)
            if snapped[0] < snapped[1]:
                assert snapped[0] in edges and snapped[1] in edges, (start, end, snapped)


PIECES = st.sampled_from(["a", "é", "e\u0301", "\u0301", "Z9", "_", "'", "’", "-", "\u00ad", " ", "\r\n", "\t",
                          ",", "!", "😀", FAMILY, "\u200d", "🇺", UKRAINE, THUMBS_UP, "🏽", "ש", "\u05b8", "한",
                          "\u1100\u1161", "\ufe0f", "\u0600", "\U0001d7d8"])


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_counting_tokens_with_numpy_finds_the_same_tokens(text):
    starts, ends = token_bounds(text)
    assert list(zip(starts.tolist(), ends.tolist())) == tokenize(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, max_size=20).map("".join), st.integers(0, 40), st.integers(0, 40))
def test_snapping_never_cuts_a_token(text, start, end):
    start, end = sorted((min(start, len(text)), min(end, len(text))))
    snapped = snap_to_words(text, start, end)
    if snapped[0] == snapped[1]:
        return      # an empty or all-blank selection stays empty: nothing is tagged
    for token_start, token_end in tokenize(text):
        assert not token_start < snapped[0] < token_end
        assert not token_start < snapped[1] < token_end
