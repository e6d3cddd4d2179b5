"""Code points ⇄ UTF-16 code units: the one place that knows Qt counts UTF-16.

Python strings, the project file and every export count code points. Qt's
QTextCursor positions count UTF-16 code units, so each character outside the
Basic Multilingual Plane (most emoji, some CJK, historic scripts) takes two Qt
positions but one Python index. `OffsetMap` converts between the two for one text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class OffsetMap:
    """Converts offsets for one text. O(1) for BMP-only texts, O(log k) with k astral characters."""

    def __init__(self, text: str) -> None:
        # Code point indices of characters that take two UTF-16 units.
        self._astral = [m.start() for m in _ASTRAL.finditer(text)] if _has_astral(text) else []
        # The UTF-16 offset at which each astral character starts.
        self._astral_u16 = [cp + n for n, cp in enumerate(self._astral)]
        self.length = len(text)
        self.utf16_length = self.length + len(self._astral)

    def to_utf16(self, codepoint: int) -> int:
        """UTF-16 offset of the code point boundary `codepoint` (0 ≤ codepoint ≤ len(text))."""
        if not self._astral:
            return codepoint
        return codepoint + bisect_left(self._astral, codepoint)

    def to_codepoint(self, utf16: int) -> int:
        """Code point offset for a UTF-16 offset; a position inside a surrogate pair rounds down."""
        if not self._astral:
            return utf16
        n = bisect_right(self._astral_u16, utf16 - 1)
        # If utf16 falls right after the high surrogate of astral char n-1, round down to its start.
        if n and self._astral_u16[n - 1] + 1 == utf16:
            return self._astral[n - 1]
        return utf16 - n


def _has_astral(text: str) -> bool:
    # Fast path in C: pure-BMP text encodes to UTF-16 in exactly 2 bytes per character.
    return len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)


LONG_LINE = 10_000

# A string handed to Qt is read as UTF-16 with an optional byte-order mark: a first U+FEFF is
# dropped and a first U+FFFE byte-swaps the rest. WORD JOINER is what U+FEFF means inside a
# text (zero width, no break), so it stands in for either without moving anything.
_BYTE_ORDER_MARKS = ("\ufeff", "\ufffe")
_INVISIBLE_STAND_IN = "\u2060"


def display_text(text: str) -> str:
    """The text as handed to Qt, with exactly the same length in code points.

    Qt's plain-text document turns CRLF into a single paragraph break, which would
    shift every later offset by one per line; the CR of each CRLF is shown as a
    space instead, so position i on screen is still character i of the text.
    A text that begins with U+FEFF or U+FFFE would lose that character on its way
    into Qt (taken for a byte-order mark); it is shown as U+2060 (WORD JOINER).
    Every other character keeps its one position (a lone CR, U+2028, U+2029,
    U+FDD0 and U+FDD1 become line breaks on screen; NUL stays), which
    tests/ui/test_hard_text.py checks against Qt's own document.
    Qt also lays out a paragraph as a whole, so a line of millions of characters
    would freeze the window: such lines are shown broken at a space about every
    `LONG_LINE` characters (a space turned into a line break keeps every offset).
    """
    if text.startswith(_BYTE_ORDER_MARKS):
        text = _INVISIBLE_STAND_IN + text[1:]
    if "\r" in text:
        text = text.replace("\r\n", " \n")
    if len(text) <= LONG_LINE:
        return text
    return _break_long_lines(text)


def _break_long_lines(text: str) -> str:
    pieces: list[str] = []
    done = 0
    line_start = 0
    length = len(text)
    while line_start < length:
        newline = text.find("\n", line_start)
        line_end = length if newline < 0 else newline
        cut_from = line_start + LONG_LINE
        while line_end - cut_from > 0:
            space = text.find(" ", cut_from, line_end)
            if space < 0:
                break
            pieces.append(text[done:space])
            pieces.append("\n")
            done = space + 1
            cut_from = space + 1 + LONG_LINE
        line_start = line_end + 1
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)
