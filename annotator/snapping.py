"""Selections snap outward to whole words, so a sloppy drag still tags "ceasefire", not "easefir".

Offsets are code points, end exclusive.
"""

from __future__ import annotations

_JOINERS = frozenset("'’-_\u00ad")


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch in _JOINERS or _is_mark(ch)


def _is_mark(ch: str) -> bool:
    import unicodedata

    return unicodedata.category(ch).startswith("M")


def trim_whitespace(text: str, start: int, end: int) -> tuple[int, int]:
    """Drops spaces and line breaks at both ends; an all-blank range comes back empty (start == end)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Trims whitespace, then widens each end to the boundary of the word it cuts into.

    Punctuation at the edges is kept as the analyst selected it; a range that is all
    whitespace comes back empty.
    """
    start, end = trim_whitespace(text, start, end)
    if start == end:
        return start, end
    while start > 0 and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
        start -= 1
    while end < len(text) and _is_word_char(text[end]) and _is_word_char(text[end - 1]):
        end += 1
    return start, end
