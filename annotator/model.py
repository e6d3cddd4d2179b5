"""Domain objects shared by the store, the formats, review and the window.

Offsets are always Unicode code points into `Document.text`, end exclusive (the
convention of Python slicing, spaCy and Prodigy). Only `annotator.offsets` knows
that Qt counts UTF-16 code units.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, NamedTuple

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
    """A document with its spans as read from a file; `path` and `line` say where, for errors.

    `claims` and `links` refer to spans by their index in `spans` (a file has no span ids
    of ours), and to registry entries by canonical name (see `ClaimData`)."""

    document: Document
    spans: list[SpanData]
    path: str = ""
    line: int = 0
    claims: list[ClaimData] = field(default_factory=list)
    links: dict[int, str] = field(default_factory=dict)   # span index → its entry's canonical name
    parents: Mapping[str, str] = field(default_factory=dict)  # an actor's canonical name → its parent's


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


# == claims: who claims what about which issue, with which stance =================================

ACTOR = "actor"
ISSUE = "issue"
ENTITY_KINDS = (ACTOR, ISSUE)
SPEAKER = "speaker"
ISSUE_ROLE = "issue"
STANCES = ("support", "oppose", "neutral", "")   # "" is unknown: never the same as "oppose"
STANCE_KEYS = {"support": "+", "oppose": "-", "neutral": "0", "": "?"}   # the frame editor's keys


def fold_name(name: str) -> str:
    """A name as the registry compares it: NFKC, case-folded, outer spaces dropped, inner runs of
    white space as one space ("  ЗЕЛЕНСЬКИЙ " finds "Зеленський"). The one definition used by
    lookups, auto-linking and the uniqueness of canonical names."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


@dataclass(frozen=True)
class Entity:
    """A registry entry: an actor or an issue, identified across projects by `id` (a uuid).

    Nothing is ever destroyed: an entry is `retired`, or retired because it was merged into
    another (`merged_into`, the id it was merged into; references to it read as that entry).
    `aliases` are its own; `merged_names` are the names and aliases of the entries merged into
    it, which it answers to as well (unmerging gives them back). `parent_id` (actors only: a
    party, a government) is stored as set; it may name an entry since merged
    (`Project.resolve_entity` follows merges)."""

    id: str
    kind: str
    name: str
    aliases: tuple[str, ...] = ()
    external_id: str = ""            # e.g. a Wikidata QID, "Q159"
    parent_id: str | None = None
    retired: bool = False
    merged_into: str | None = None
    merged_names: tuple[str, ...] = ()

    @property
    def all_names(self) -> tuple[str, ...]:
        """The canonical name first, then every alias it answers to."""
        return (self.name, *self.aliases, *self.merged_names)


class EntityUsage(NamedTuple):
    """How often an entry is used: spans linked to it, claim frames naming it (as a speaker or
    an issue, or as a default speaker); entries merged into it count for it."""

    links: int = 0
    claims: int = 0


class Ref(NamedTuple):
    """A speaker or an issue of a claim: a span of the claim's document (and layer), or a
    registry entry. Exactly one of the two is set (the store refuses anything else). A tuple,
    because opening a document reads tens of thousands of them."""

    span_id: int | None = None
    entity_id: str | None = None

    @classmethod
    def span(cls, span_id: int) -> Ref:
        return cls(span_id=span_id)

    @classmethod
    def entity(cls, entity_id: str) -> Ref:
        return cls(entity_id=entity_id)


@dataclass(frozen=True, slots=True)
class ClaimFrame:
    """The frame of one Claim span, by one analyst: who (speakers) claims what about which
    issue(s), with which stance, under which category of the codebook.

    `id` is a uuid, stable across projects. `annotator_id` is always the Claim span's own
    analyst: a frame lives in its span's layer. `stance` is one of `STANCES` ("" unknown);
    `category` is a code of the codebook's claim categories ("" none). References to spans
    that are deleted are left out when read, and come back when the span is restored;
    references to merged entries read as the entry they were merged into."""

    id: str
    span_id: int
    annotator_id: str
    speakers: tuple[Ref, ...] = ()
    issues: tuple[Ref, ...] = ()
    stance: str = ""
    category: str = ""
    note: str = ""
    document_id: int | None = None
    created: str = ""
    updated: str = ""

    @property
    def complete(self) -> bool:
        """Has at least one speaker and one issue (an unknown stance is a recorded answer)."""
        return bool(self.speakers) and bool(self.issues)


@dataclass(frozen=True)
class ClaimCategory:
    """A category of the codebook's claim categories: `code` is its identity ("1011"),
    `parent_code` the code it sits under ("101"), or "" at the top."""

    code: str
    name: str = ""
    parent_code: str = ""


@dataclass(frozen=True)
class DefaultSpeaker:
    """The speaker a new claim gets unless told otherwise: for a whole document (`passage`
    None) or a passage of it, [start, end) in code points (an interview's turn)."""

    document_id: int
    entity_id: str
    passage: tuple[int, int] | None = None


class RefData(NamedTuple):
    """A reference as a file has it: `span` is an index into the record's spans, or `entity`
    the canonical name (or an alias) of a registry entry."""

    span: int | None = None
    entity: str | None = None


@dataclass(frozen=True)
class ClaimData:
    """A claim as read from or written to a file, before or after it is stored: the Claim
    span and span references as indices into its `Record.spans`, entries by name."""

    span: int
    annotator: str = ""
    speakers: tuple[RefData, ...] = ()
    issues: tuple[RefData, ...] = ()
    stance: str = ""
    category: str = ""
    note: str = ""
    claim_id: str = ""   # the frame's stable id (a uuid), so a round trip keeps one claim one; "" if none


@dataclass(frozen=True)
class Codebook:
    """What a team shares as one file: labels, claim categories, the stance scale (fixed:
    `STANCES`), the registry, every entry with its id (retired and merged ones too), and
    what suggestions are made of: analysts' patterns and a pipeline's label mapping."""

    labels: list[Label] = field(default_factory=list)
    categories: list[ClaimCategory] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    patterns: list[SuggestPattern] = field(default_factory=list)
    model_labels: dict[str, str] = field(default_factory=dict)


class Mention(NamedTuple):
    """A speaker or an issue of a claim as a network counts it: the registry entry it reads as
    (a linked span's entry, merges followed), or, for a span linked to none, its text with
    runs of white space as one space (`entity_id` None)."""

    entity_id: str | None
    text: str = ""


class Statement(NamedTuple):
    """One claim frame as the networks read it (`Project.iter_statements`): its document's
    date as stored ("" none), stance ("" unknown), category code ("" none), and the speakers
    and issues it names, each once, in their order."""

    document_id: int
    date: str
    stance: str
    category: str
    speakers: tuple[Mention, ...]
    issues: tuple[Mention, ...]


# == suggestions: spans proposed by the registry, patterns or a pipeline, until accepted ============

PENDING, ACCEPTED, REJECTED = "pending", "accepted", "rejected"
SUGGESTION_STATUSES = (PENDING, ACCEPTED, REJECTED)
REGISTRY_SOURCE = "registry"
PATTERN_SOURCE = "pattern"
MODEL_SOURCE_PREFIX = "model:"      # "model:en_core_web_sm": the pipeline it came from
PATTERN_KINDS = ("regex", "tokens", "phrase")
LABEL_OF_KIND = {ACTOR: "Actor", ISSUE: "Issue"}   # the label a registry entry's mentions get


@dataclass(frozen=True)
class Suggestion:
    """A span proposed to analysts, in a layer of its own: never anyone's work (agreement,
    merges, exports, statements) until accepted, which copies it into an analyst's layer.
    Offsets are code points into the stored text, end exclusive. `entity_id` is the registry
    entry the accepted span is linked to ("Moscow" → Russia); `source` is "registry",
    "pattern" or "model:<pipeline>"; `status` one of `SUGGESTION_STATUSES`: the decision of
    the analyst it was read for (each analyst decides for themselves; none is pending)."""

    id: int
    document_id: int
    start: int
    end: int
    label: str
    entity_id: str | None
    source: str
    status: str


@dataclass(frozen=True)
class SuggestPattern:
    """An analyst's pattern in the codebook: each match is suggested as `label` (linked to
    `entity_id` when set). `kind` is one of `PATTERN_KINDS`: "regex" (Python `re` on the
    stored text, case-insensitive unless it starts with `(?-i)`), "tokens" (a spaCy token
    pattern as JSON text: `[{"LOWER": "climate"}, {"LOWER": "change"}]`) or "phrase" (a
    literal, matched case-insensitively on token boundaries). See `annotator.patterns`."""

    label: str
    kind: str
    pattern: str
    entity_id: str | None = None
