"""Domain objects shared by the store, the formats, review and the window.

Offsets are always Unicode code points into `Document.text`, end exclusive (the
convention of Python slicing, spaCy and Prodigy). Only `annotator.offsets` knows
that Qt counts UTF-16 code units.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Callable, NamedTuple

GOLD_ANNOTATOR_ID = "gold"
GOLD_ANNOTATOR_NAME = "gold"


def text_sha256(text: str) -> str:
    """The identity of a text across projects: sha256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Label:
    name: str
    color: str
    hotkey: str = ""
    description: str = ""
    id: int | None = None


@dataclass(frozen=True)
class Annotator:
    """An analyst. `id` is stable across projects (a uuid); `name` is what they typed, and is
    unique within a project (two people of one name are told apart: "Ana", "Ana (2)")."""

    id: str
    name: str


def first_free_name(name: str, taken: Callable[[str], bool]) -> str:
    """`name`, or the first of "name (2)", "name (3)" … that `taken` says is free: how a
    second analyst of an existing name is told apart, in a merge, an import or a migration."""
    candidate, number = name, 1
    while taken(candidate):
        number += 1
        candidate = f"{name} ({number})"
    return candidate


@dataclass(frozen=True)
class Document:
    """A text as imported. The text never changes afterwards, so offsets stay valid."""

    external_id: str
    text: str
    title: str = ""
    date: str = ""
    source: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    id: int | None = None

    @property
    def sha256(self) -> str:
        return text_sha256(self.text)


@dataclass(frozen=True)
class DocumentInfo:
    """A document without its text, for lists."""

    id: int
    external_id: str
    title: str
    date: str
    source: str
    sha256: str
    length: int
    span_count: int = 0


@dataclass(frozen=True)
class Span:
    """A labelled stretch of a document's text, in code points, end exclusive."""

    start: int
    end: int
    label: str
    annotator: str = ""
    annotator_id: str = ""
    id: int | None = None
    document_id: int | None = None
    created: str = ""
    updated: str = ""

    def text_in(self, text: str) -> str:
        return text[self.start:self.end]

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def touches(self, other: "Span") -> bool:
        """Overlap by a code point, or the same offsets (so empty spans can still match each other)."""
        return self.overlaps(other) or (self.start, self.end) == (other.start, other.end)

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.label)


class SpanData(NamedTuple):
    """A span as read from a file, before it is stored: what an import needs and no more.
    A tuple, because imports build a million of them (a Span is three times dearer).

    `annotator` is the analyst's name and `annotator_id` their stable id; either may be
    empty (a file that names no analyst, or names them only)."""

    start: int
    end: int
    label: str
    annotator: str = ""
    annotator_id: str = ""


@dataclass(frozen=True)
class Record:
    """A document with its spans as read from a file; `path` and `line` say where, for errors."""

    document: Document
    spans: list[SpanData]
    path: str = ""
    line: int = 0


@dataclass(frozen=True)
class Comment:
    """A reviewer's note on one span."""

    id: int
    annotation_id: int
    author_id: str
    author: str
    text: str
    created: str


@dataclass(frozen=True)
class Decision:
    """An adjudication of one disagreement region [start, end) of a document: a version
    accepted into the gold layer, an edited version put there, or the region rejected."""

    id: int
    document_id: int
    start: int
    end: int
    decision: str          # "accept" | "edit" | "reject"
    gold_span: Span | None
    reviewer_id: str
    created: str
