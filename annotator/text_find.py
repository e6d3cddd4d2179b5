"""Finding a string in one document's text (the find bar): every hit, in code points.

Matching runs on the stored text itself, so a hit's offsets are exact (`text[start:end]` is
the hit) however case folding changes lengths elsewhere. Ignoring case is Unicode's simple
case folding, one character for one (`re.IGNORECASE`): "i" finds "İ" and "ı", "ß" finds "ẞ"
but not "SS". Whole words are our words (`annotator.snapping`): a hit that cuts into a
token ("Russia" in "Russia's", "short" in "short-term") is left out. A hit never ends
inside a grapheme cluster (before a combining mark, a zero-width joiner, a skin tone). Pure.
"""

from __future__ import annotations

import re
import unicodedata

from annotator.snapping import snap_to_words

MAX_HITS = 100_000   # a search for "e" in a 20 MB text stops here


def _glued(ch: str) -> bool:
    """Whether `ch` belongs to the grapheme cluster before it."""
    return unicodedata.category(ch).startswith("M") or ch in "\u200d\ufe0f\ufe0e" or \
        "\U0001f3fb" <= ch <= "\U0001f3ff"


def find_all(text: str, needle: str, *, match_case: bool = False, whole_words: bool = False,
             any_space: bool = False, limit: int = MAX_HITS) -> list[tuple[int, int]]:
    """Every non-overlapping hit of `needle` in `text`, in text order, (start, end) code points.
    `any_space`: a run of white space in the needle matches any run in the text (a name broken
    across lines, U+2028 or a no-break space included)."""
    if not needle or (any_space and not needle.strip()):
        return []
    escaped = r"\s+".join(map(re.escape, needle.split())) if any_space else re.escape(needle)
    pattern = re.compile(escaped, 0 if match_case else re.IGNORECASE)
    hits = []
    for match in pattern.finditer(text):
        start, end = match.span()
        if (end < len(text) and _glued(text[end])) or _glued(text[start]):
            continue
        if whole_words and snap_to_words(text, start, end) != (start, end):
            continue
        hits.append((start, end))
        if len(hits) >= limit:
            break
    return hits
