"""OffsetMap against the truth: Qt's position of code point `cp` is the UTF-16 length of `text[:cp]`."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.offsets import OffsetMap


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# Pieces an analyst's texts really contain, mixed with arbitrary characters (no lone surrogates).
_PIECES = [
    "😀", "👩\u200d👩\u200d👧", "🇺🇦", "𝔘", "𠀋",          # astral: two UTF-16 units each
    "e\u0301", "\u0627\u064e",                          # combining marks (Latin, Arabic)
    "\r\n", "\n", "\r", "\u2028",                       # line breaks of every kind
    "مرحبا", "שלום", "\u200f", "\u202e",                # RTL scripts and direction marks
    "a", " ", "\x00",
]
texts = st.lists(
    st.one_of(st.sampled_from(_PIECES), st.characters(blacklist_categories=("Cs",))),
    max_size=40,
).map("".join)


@st.composite
def text_and_codepoint(draw: st.DrawFn) -> tuple[str, int]:
    text = draw(texts)
    return text, draw(st.integers(0, len(text)))


@st.composite
def text_and_utf16(draw: st.DrawFn) -> tuple[str, int]:
    text = draw(texts)
    return text, draw(st.integers(0, utf16_length(text)))


@given(text_and_codepoint())
def test_codepoint_offset_becomes_the_position_qt_counts(case: tuple[str, int]) -> None:
    text, cp = case
    assert OffsetMap(text).to_utf16(cp) == utf16_length(text[:cp])


@given(text_and_codepoint())
def test_codepoint_offset_survives_the_round_trip_through_qt(case: tuple[str, int]) -> None:
    text, cp = case
    offsets = OffsetMap(text)
    assert offsets.to_codepoint(offsets.to_utf16(cp)) == cp


@given(text_and_utf16())
def test_qt_position_becomes_the_last_codepoint_boundary_at_or_before_it(case: tuple[str, int]) -> None:
    text, u16 = case
    expected = max(cp for cp in range(len(text) + 1) if utf16_length(text[:cp]) <= u16)
    assert OffsetMap(text).to_codepoint(u16) == expected


@given(texts)
def test_qt_position_between_the_halves_of_a_surrogate_pair_rounds_down(text: str) -> None:
    offsets = OffsetMap(text)
    for cp, ch in enumerate(text):
        if ord(ch) > 0xFFFF:
            inside = utf16_length(text[:cp]) + 1
            assert offsets.to_codepoint(inside) == cp


@given(texts)
def test_text_length_is_known_in_both_units(text: str) -> None:
    offsets = OffsetMap(text)
    assert (offsets.length, offsets.utf16_length) == (len(text), utf16_length(text))


def test_emoji_takes_two_qt_positions_and_one_codepoint() -> None:
    offsets = OffsetMap("a😀b")
    assert [offsets.to_utf16(cp) for cp in range(4)] == [0, 1, 3, 4]
    assert [offsets.to_codepoint(u) for u in range(5)] == [0, 1, 1, 2, 3]


def test_text_without_astral_characters_counts_the_same_in_both_units() -> None:
    text = "Engin Ozer: «мир» — שלום\r\ne\u0301"
    offsets = OffsetMap(text)
    assert [offsets.to_utf16(cp) for cp in range(len(text) + 1)] == list(range(len(text) + 1))
    assert [offsets.to_codepoint(u) for u in range(len(text) + 1)] == list(range(len(text) + 1))


def test_display_text_breaks_a_huge_line_without_moving_any_offset():
    from annotator.offsets import LONG_LINE, display_text

    text = ("word " * (LONG_LINE // 2)) + "\n" + "short line\r\n" + "x" * (LONG_LINE + 5)
    shown = display_text(text)
    assert len(shown) == len(text)
    assert max(len(line) for line in shown.split("\n")[:-1]) <= LONG_LINE + 5
    assert shown.count("\n") > text.count("\n")
    assert all(a == b or (a in " \r" and b in " \n") for a, b in zip(text, shown))
