"""What an analyst's suggestion pattern (`model.SuggestPattern`) may be, checked without spaCy,
so the store, the codebook file and the window refuse a bad one when it is written, with the
pattern and why, instead of when suggestions are next made.

A regex is Python's `re`, case-insensitive unless it starts with `(?-i)` (Python has no global
flag to switch case-insensitivity off, so that prefix is ours and is taken off before
compiling). A token pattern is spaCy's, as JSON: a non-empty list of objects, one a token.
"""

from __future__ import annotations

import json
import re
from typing import Any

from annotator.model import PATTERN_KINDS, SuggestPattern

CASE_SENSITIVE = "(?-i)"


def compile_regex(pattern: str) -> re.Pattern[str]:
    """The compiled regex of a "regex" pattern; `re.error` if it is not one."""
    if pattern.startswith(CASE_SENSITIVE):
        return re.compile(pattern[len(CASE_SENSITIVE):])
    return re.compile(pattern, re.IGNORECASE)


def token_pattern(pattern: str) -> list[dict[str, Any]]:
    """The token list of a "tokens" pattern; ValueError saying why if it is not one."""
    try:
        tokens = json.loads(pattern)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg})") from None
    if not isinstance(tokens, list) or not tokens or not all(isinstance(t, dict) for t in tokens):
        raise ValueError('a token pattern is a list of objects, e.g. [{"LOWER": "climate"}]')
    return tokens


def pattern_problem(pattern: SuggestPattern) -> str | None:
    """Why `pattern` cannot be used ("regex '(': missing ), unterminated subpattern"), or None."""
    what = f"{pattern.kind} pattern {pattern.pattern!r}"
    if pattern.kind not in PATTERN_KINDS:
        return f"{what}: the kind is one of {', '.join(PATTERN_KINDS)}"
    if not pattern.label.strip():
        return f"{what}: it needs a label"
    if not pattern.pattern.strip():
        return f"{what}: it is empty"
    if pattern.kind == "regex":
        try:
            compiled = compile_regex(pattern.pattern)
        except re.error as exc:
            return f"{what}: {exc}"
        if compiled.match(""):
            return f"{what}: it matches empty text"
    elif pattern.kind == "tokens":
        try:
            token_pattern(pattern.pattern)
        except ValueError as exc:
            return f"{what}: {exc}"
    return None
