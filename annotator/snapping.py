"""What a word is: the one definition that snapping selections and agreement's tokens share.

Text is read in grapheme clusters, what a reader takes for one character: "é" typed as e and
a combining accent (U+0301), a family 👩‍👩‍👧 joined by zero-width joiners, a flag 🇺🇦 made of
two regional indicators, 👍🏽 with its skin tone. Clusters are Unicode's extended grapheme
clusters (UAX #29), as the `regex` module's \\X finds them.

1. Whitespace (`str.isspace`, so CR LF too) separates; clusters are taken inside the runs
   of text between whitespace.
2. A cluster whose first code point is a letter, a digit or "_" is a word cluster. A word
   is a run of word clusters, where one apostrophe, hyphen or soft hyphen between two word
   clusters joins them ("don't", "short-term").
3. Every other cluster is a token of its own: a punctuation mark, a symbol, an emoji.

The tokens of a text are its words and those single clusters, in text order. Offsets are
code points, end exclusive. Most text has no cluster longer than one code point, and is
read by the standard `re` module; `regex` (imported on first need, off the window's start
path) reads only the runs that hold a code point that can join a cluster.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import accumulate
from typing import Any

JOINERS = "'’-\u00ad"
"""Apostrophes, hyphen-minus and soft hyphen: they join two word clusters into one word."""

# Exact where every cluster is one code point: Python's \w is "alphanumeric or _".
_SIMPLE_TOKEN = re.compile(rf"\w+(?:[{re.escape(JOINERS)}]\w+)*|\S")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SPLIT_TOKENS = re.compile(f"({_SIMPLE_TOKEN.pattern})")   # re.split keeps what a group matched

Token = tuple[int, int]
"""(start, end) of one token, code points, end exclusive."""


@cache
def _regex() -> Any:
    import regex

    return regex


@cache
def _cluster_pattern() -> Any:
    return _regex().compile(r"\X")


@cache
def _may_join_pattern() -> Any:
    # Every Grapheme_Cluster_Break value that can put two code points in one cluster (UAX #29
    # rules GB6–GB9c, GB11–GB13); CR LF is whitespace here and never inside a token.
    values = ("Extend", "ZWJ", "SpacingMark", "Prepend", "Regional_Indicator", "L", "V", "T", "LV", "LVT")
    return _regex().compile("[" + "".join(rf"\p{{Grapheme_Cluster_Break={v}}}" for v in values) + "]")


@cache
def may_join(ch: str) -> bool:
    """Can this code point share a grapheme cluster with a neighbour (combining mark, ZWJ,
    variation selector, skin tone, regional indicator, Hangul jamo …)?"""
    return ch.isascii() is False and _may_join_pattern().fullmatch(ch) is not None


def joining_chars(text: str) -> list[str]:
    """The distinct code points of `text` that may join a cluster (usually none)."""
    if text.isascii():
        return []
    return [ch for ch in set(_NON_ASCII.findall(text)) if may_join(ch)]


def cluster_runs(text: str, joining: list[str]) -> list[Token]:
    """The whitespace-bounded runs of `text` that hold one of the `joining` code points, in
    order: the only places where a token may differ from what `re` finds."""
    runs: list[Token] = []
    pattern = re.compile("[" + "".join(re.escape(ch) for ch in joining) + "]")
    for match in pattern.finditer(text):
        position = match.start()
        if runs and position < runs[-1][1]:
            continue
        runs.append(run_around(text, position))
    return runs


def run_around(text: str, position: int) -> Token:
    """The run of non-whitespace around the code point at `position`."""
    left = position
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = position
    while right < len(text) and not text[right].isspace():
        right += 1
    return left, right


def cluster_kind(cluster: str) -> str:
    """"w" for a word cluster, "j" for a lone joiner, "o" for any other cluster (see the module docstring)."""
    first = cluster[0]
    if first.isalnum() or first == "_":
        return "w"
    return "j" if len(cluster) == 1 and first in JOINERS else "o"


def _run_tokens(text: str, left: int, right: int) -> list[Token]:
    """Tokens of the whitespace-free run text[left:right], cluster by cluster."""
    clusters = [(left + m.start(), left + m.end()) for m in _cluster_pattern().finditer(text[left:right])]
    kinds = [cluster_kind(text[start:end]) for start, end in clusters]
    tokens: list[Token] = []
    i = 0
    while i < len(clusters):
        j = i + 1
        if kinds[i] == "w":
            while j < len(clusters) and (kinds[j] == "w" or
                                         (kinds[j] == "j" and j + 1 < len(clusters) and kinds[j + 1] == "w")):
                j += 1
        tokens.append((clusters[i][0], clusters[j - 1][1]))
        i = j
    return tokens


def word_tokens(text: str) -> list[Token]:
    """The tokens of `text` (words and single non-word clusters), in text order, in code points."""
    joining = joining_chars(text)
    if not joining:
        return [match.span() for match in _SIMPLE_TOKEN.finditer(text)]
    tokens: list[Token] = []
    done = 0
    for left, right in cluster_runs(text, joining):
        tokens += [match.span() for match in _SIMPLE_TOKEN.finditer(text, done, left)]
        tokens += _run_tokens(text, left, right)
        done = right
    tokens += [match.span() for match in _SIMPLE_TOKEN.finditer(text, done)]
    return tokens


def token_columns(text: str) -> tuple[list[int], list[int], list[str]]:
    """The tokens `word_tokens` finds, as three columns: their starts, their ends (code
    points) and the words themselves, which is how the training-data exports want them.

    Text whose clusters are all one code point (most text) is cut by `re.split` into
    whitespace and tokens in turn, and the offsets are the running sum of their lengths: no
    Python runs per token, which makes it faster than `word_tokens` and slicing the words."""
    if joining_chars(text):
        tokens = word_tokens(text)
        return [start for start, _ in tokens], [end for _, end in tokens], [text[start:end] for start, end in tokens]
    parts = _SPLIT_TOKENS.split(text)              # whitespace, token, whitespace, …, token, whitespace
    edges = list(accumulate(map(len, parts)))
    return edges[0:-1:2], edges[1::2], parts[1::2]


def trim_whitespace(text: str, start: int, end: int) -> tuple[int, int]:
    """Drops spaces and line breaks at both ends; an all-blank range comes back empty (start == end)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _token_around(text: str, position: int) -> Token | None:
    """The token that `position` (a boundary between two code points) cuts, or None."""
    if position <= 0 or position >= len(text) or text[position - 1].isspace() or text[position].isspace():
        return None
    left, right = run_around(text, position)
    for start, end in word_tokens(text[left:right]):
        if start < position - left < end:
            return left + start, left + end
    return None


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Trims whitespace, then widens each end to the edge of the token it cuts into: a whole
    word, and never half a grapheme cluster (half an accented letter or half an emoji).

    Punctuation at the edges is kept as the analyst selected it; a range that is all
    whitespace comes back empty. Only the run of text around each end is read, so the cost
    does not grow with the document.
    """
    start, end = trim_whitespace(text, start, end)
    if start == end:
        return start, end
    around_start, around_end = _token_around(text, start), _token_around(text, end)
    return (around_start[0] if around_start else start), (around_end[1] if around_end else end)
