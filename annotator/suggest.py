"""Making suggestions: spans proposed from the registry's names and aliases, the codebook's
patterns and an installed spaCy pipeline, stored as a layer of their own (store/suggestions.py)
until an analyst accepts or rejects them. No Qt; spaCy is imported when suggestions are made.

Sources, each suggesting (document, start, end, label, entry):
- "registry": every live entry's name and aliases, matched as the registry compares names
  (NFKC, case-insensitively) on token boundaries (spaCy's PhraseMatcher on NORM over
  `spacy.blank`, see `_folded`), as the label of its kind
  (`model.LABEL_OF_KIND`: an actor is an Actor), linked to the entry. Where one match lies
  inside a longer one of the same label, only the longer is suggested ("European Union",
  not "Union").
- "pattern": the codebook's `SuggestPattern`s (`annotator.patterns`): regexes on the stored
  text, phrases (matched as registry names are) and token patterns (spaCy's Matcher).
- "model:NAME": the entities of `spacy.load(NAME)` (an installed package or a directory), their
  labels mapped by `Project.model_labels()` (empty: our label of the same name).
A pattern's or a pipeline's match with no entry of its own is linked to the entry whose name
or alias it is, when there is one for its label. Labels are matched to the codebook's
case-insensitively; a source's label the codebook lacks is not suggested.

Offsets are code points of the stored text, end exclusive: spaCy's `char` offsets are into
`doc.text`, which is the text given, character for character. The blank tokenizer also splits
off invisible marks (a leading U+FEFF, bidirectional marks) that would otherwise glue onto a
word; a pipeline is given the text without its leading U+FEFFs, and its offsets are shifted back. The same (start, end, label) is suggested once (the store's key), so the first source
to find a place keeps it: the registry, then patterns, then the pipeline.

Documents are read and written a batch at a time: nothing is held locked while spaCy works,
each batch's suggestions are one short transaction per source, and a cancel stops between
batches, keeping what was added (they are only suggestions).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from annotator.errors import BadInput
from annotator.model import (
    LABEL_OF_KIND,
    MODEL_SOURCE_PREFIX,
    PATTERN_SOURCE,
    REGISTRY_SOURCE,
    SuggestPattern,
    fold_name,
)
from annotator.patterns import compile_regex, pattern_problem, token_pattern

if TYPE_CHECKING:
    from annotator.store import Project

BATCH = 200   # documents read, matched and written at a time
# Marks that change nothing visible and glue onto a word unless split off (ZWJ and ZWNJ are
# parts of words and emoji, and stay).
_INVISIBLE = r"[\ufeff\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069]"

_NOT_ASCII = re.compile(r".?[^\x00-\x7f]+", re.DOTALL)   # with the character before: see `_folded`

Item = tuple[int, int, int, str, "str | None", str]   # what `Project.add_suggestions` takes


@dataclass(frozen=True)
class SuggestOptions:
    registry: bool = True
    patterns: bool = True
    model: str | None = None             # a spaCy pipeline's package name or directory
    document_ids: Sequence[int] | None = None   # None: every document
    language: str = "xx"                 # the blank tokenizer's language (registry and patterns)
    batch_size: int = BATCH
    clear: bool = False                  # first forget these sources' suggestions there nobody decided

    @property
    def sources(self) -> list[str]:
        return ([REGISTRY_SOURCE] if self.registry else []) + ([PATTERN_SOURCE] if self.patterns else []) + (
            [MODEL_SOURCE_PREFIX + self.model] if self.model else [])


@dataclass(frozen=True)
class SuggestReport:
    documents: int                       # documents looked at (all asked for, unless cancelled)
    added: int                           # new suggestions (places suggested before are not)
    by_source: dict[str, int] = field(default_factory=dict)
    cancelled: bool = False
    cleared: int = 0                     # undecided suggestions forgotten first (`SuggestOptions.clear`)

    def summary(self) -> str:
        sources = ", ".join(f"{n} from {source}" for source, n in self.by_source.items())
        text = f"{self.added} suggestions added over {self.documents} documents" + (f" ({sources})" if sources else "")
        text = (f"{self.cleared} pending suggestions cleared; " if self.cleared else "") + text
        return text + ("; cancelled: what was added before stays" if self.cancelled else "")


def summary_total(summary: dict[str, dict]) -> dict:
    """`Project.suggestion_summary()`'s sources added up: {"places": n, "analysts": {name:
    {"accepted": n, "rejected": n}}}, analysts by name."""
    analysts: dict[str, dict[str, int]] = {}
    for counts in summary.values():
        for name, decided in counts["analysts"].items():
            mine = analysts.setdefault(name, dict.fromkeys(decided, 0))
            for status, count in decided.items():
                mine[status] += count
    return {"places": sum(counts["places"] for counts in summary.values()), "analysts": dict(sorted(analysts.items()))}


class _Target(NamedTuple):
    """What a phrase or token pattern suggests when it matches."""

    label: str
    entity_id: str | None
    source: str


def suggest(project: Project, options: SuggestOptions = SuggestOptions(),
            progress: Callable[[int, int], Any] | None = None,
            cancelled: Callable[[], bool] | None = None) -> SuggestReport:
    """Adds the suggestions of the chosen sources for the chosen documents (see the module
    docstring). `progress(done, total)` counts documents; `cancelled()` is asked before each
    batch. `BadInput` if spaCy or the pipeline is missing, or a pattern cannot be used."""
    spacy = _import_spacy(project)
    ids = list(project.document_ids() if options.document_ids is None else options.document_ids)
    matcher = _Matcher(project, spacy, options)
    pipeline = _load_pipeline(project, spacy, options.model) if options.model else None
    cleared = sum(project.clear_suggestions(source, options.document_ids)
                  for source in options.sources) if options.clear else 0
    by_source: dict[str, int] = {}
    done = 0
    for first in range(0, len(ids), options.batch_size):
        if cancelled is not None and cancelled():
            return SuggestReport(done, sum(by_source.values()), by_source, cancelled=True, cleared=cleared)
        batch = ids[first:first + options.batch_size]
        try:
            texts = project.document_texts(batch)
        except KeyError as exc:
            raise BadInput(str(project.path), None, f"{exc.args[0]}") from None
        found = matcher.matches(batch, texts)
        if pipeline is not None:
            found[pipeline.source] = pipeline.matches(batch, texts, matcher.link)
        for source, items in found.items():
            added = project.add_suggestions(items)
            if added:
                by_source[source] = by_source.get(source, 0) + added
        done += len(batch)
        if progress is not None:
            progress(done, len(ids))
    return SuggestReport(done, sum(by_source.values()), by_source, cleared=cleared)


def _import_spacy(project: Project) -> Any:
    try:
        import spacy
    except ImportError:
        raise BadInput(str(project.path), None, "pip install 'annotator[nlp]' to make suggestions") from None
    return spacy


def _label_names(project: Project) -> dict[str, str]:
    """Folded label name → the codebook's label: how a source's label finds ours."""
    return {fold_name(label.name): label.name for label in project.labels()}


class _Matcher:
    """The registry and the codebook's patterns, compiled once, matched on a batch of texts."""

    def __init__(self, project: Project, spacy: Any, options: SuggestOptions) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self.labels = _label_names(project)
        self.nlp = _blank(spacy, options.language)
        self.phrases = PhraseMatcher(self.nlp.vocab, attr="NORM")   # see `_folded`
        self.tokens = Matcher(self.nlp.vocab, validate=True)
        self.targets: list[_Target] = []
        self.regexes: list[tuple[Any, _Target]] = []
        self.names: dict[tuple[str, str], str] = {}   # (label, folded name) → entry, names first
        entities = project.entities()
        for entity in entities:   # canonical names first, then aliases: a name wins over an alias
            label = self._label(LABEL_OF_KIND[entity.kind])
            if label is not None:
                self.names.setdefault((label, fold_name(entity.name)), entity.id)
        for entity in entities:
            label = self._label(LABEL_OF_KIND[entity.kind])
            if label is None:
                continue
            for name in entity.all_names:
                self.names.setdefault((label, fold_name(name)), entity.id)
            if options.registry:
                self._add_phrases(_Target(label, entity.id, REGISTRY_SOURCE), entity.all_names)
        if options.patterns:
            for pattern in project.suggest_patterns():
                self._add_pattern(project, pattern)
        self.matchers = [matcher for matcher in (self.phrases, self.tokens) if len(matcher)]

    def _label(self, name: str) -> str | None:
        return self.labels.get(fold_name(name))

    def _add_phrases(self, target: _Target, phrases: Iterable[str]) -> None:
        docs = [_folded(self.nlp.make_doc(phrase), phrase) for phrase in phrases if phrase.strip()]
        if docs:
            self.phrases.add(str(len(self.targets)), docs)
            self.targets.append(target)

    def _add_pattern(self, project: Project, pattern: SuggestPattern) -> None:
        label = self._label(pattern.label)
        if label is None:
            return
        target = _Target(label, pattern.entity_id, PATTERN_SOURCE)
        problem = pattern_problem(pattern)
        if problem is not None:
            raise BadInput(str(project.path), None, problem)
        if pattern.kind == "regex":
            self.regexes.append((compile_regex(pattern.pattern), target))
        elif pattern.kind == "phrase":
            self._add_phrases(target, [pattern.pattern])
        else:
            key = str(len(self.targets))
            try:
                self.tokens.add(key, [token_pattern(pattern.pattern)])
                self.tokens(self.nlp.make_doc("x"))   # needs a tagger or parser: refused now
            except ValueError as exc:
                why = str(exc).strip().splitlines()[-1]
                raise BadInput(str(project.path), None, f"tokens pattern {pattern.pattern!r}: {why}") from None
            self.targets.append(target)

    def link(self, label: str, text: str) -> str | None:
        """The entry whose name or alias `text` is, among those of `label`'s kind."""
        return self.names.get((label, fold_name(text)))

    def matches(self, document_ids: Sequence[int], texts: Sequence[str]) -> dict[str, list[Item]]:
        """Source → the batch's suggestions, in document order."""
        found: dict[str, list[Item]] = {REGISTRY_SOURCE: [], PATTERN_SOURCE: []}
        if not self.matchers and not self.regexes:
            return found
        for document_id, text, doc in zip(document_ids, texts, self.nlp.tokenizer.pipe(texts)):
            doc = _folded(doc, text)
            registry: list[Item] = []
            hits = [(key, doc[start:end]) for matcher in self.matchers for key, start, end in matcher(doc)]
            for key, span in hits:
                target = self.targets[int(self.nlp.vocab.strings[key])]
                item = (document_id, span.start_char, span.end_char, target.label,
                        target.entity_id or self.link(target.label, span.text), target.source)
                (registry if target.source == REGISTRY_SOURCE else found[PATTERN_SOURCE]).append(item)
            for regex, target in self.regexes:
                for match in regex.finditer(text):
                    if match.end() > match.start():
                        found[PATTERN_SOURCE].append((document_id, match.start(), match.end(), target.label,
                                                      target.entity_id or self.link(target.label, match.group()),
                                                      PATTERN_SOURCE))
            found[REGISTRY_SOURCE] += _longest(registry)
        return found


def _folded(doc: Any, text: str) -> Any:
    """`doc` (of `text`) with each token's NORM its text as the registry compares names
    (`fold_name`: NFKC, then lower case), so "Jose\u0301" finds "José". A tokenizer's NORM is
    the lower case already, and ASCII is NFKC's own, so only the tokens of stretches of other
    characters (with the character before, which a combining mark joins) that NFKC would change
    are looked at: a few tokens of a text with "…" or "—", not a loop over every token."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return doc
    for run in _NOT_ASCII.finditer(text):
        if not unicodedata.is_normalized("NFKC", run.group()):
            for token in doc.char_span(run.start(), run.end(), alignment_mode="expand"):
                token.norm_ = unicodedata.normalize("NFKC", token.text).lower()
    return doc


def _longest(items: list[Item]) -> list[Item]:
    """The items not lying inside a longer item of the same label; of the same place, the first."""
    outer: list[Item] = []
    for item in sorted(items, key=lambda i: (i[3], i[1], -i[2])):
        if outer and outer[-1][3] == item[3] and outer[-1][1] <= item[1] and item[2] <= outer[-1][2]:
            continue
        outer.append(item)
    return sorted(outer, key=lambda i: (i[1], i[2]))


def _blank(spacy: Any, language: str) -> Any:
    """A tokenizer only, which splits invisible marks off words (see `_INVISIBLE`)."""
    from spacy.util import compile_prefix_regex, compile_suffix_regex

    nlp = spacy.blank(language)
    nlp.tokenizer.prefix_search = compile_prefix_regex([_INVISIBLE, *nlp.Defaults.prefixes]).search
    nlp.tokenizer.suffix_search = compile_suffix_regex([*nlp.Defaults.suffixes, _INVISIBLE]).search
    nlp.max_length = 10 ** 9   # a tokenizer needs no memory per character beyond its tokens
    return nlp


class _Pipeline:
    """An installed spaCy pipeline's entities, as our labels."""

    def __init__(self, project: Project, nlp: Any, name: str) -> None:
        self.nlp = nlp
        self.project_path = str(project.path)
        self.source = MODEL_SOURCE_PREFIX + name
        self.labels = _label_names(project)
        self.mapping = project.model_labels()

    def label(self, model_label: str) -> str | None:
        """Ours for the pipeline's label: by the mapping, or (none given) by the same name."""
        ours = self.mapping.get(model_label) if self.mapping else model_label
        return None if ours is None else self.labels.get(fold_name(ours))

    def matches(self, document_ids: Sequence[int], texts: Sequence[str],
                link: Callable[[str, str], str | None]) -> list[Item]:
        self.nlp.max_length = max([self.nlp.max_length, *(len(t) + 1 for t in texts)])
        skipped = [len(text) - len(text.lstrip("\ufeff")) for text in texts]
        found: list[Item] = []
        docs = self.nlp.pipe(text[skip:] for text, skip in zip(texts, skipped))
        for document_id, text, skip, doc in zip(document_ids, texts, skipped, docs):
            if _length(doc) != len(text) - skip:   # (doc.text would join every token again)
                raise BadInput(self.project_path, None, f"{self.source}: the pipeline changed the text "
                                                        "of a document, so its offsets cannot be used")
            for ent in doc.ents:
                label = self.label(ent.label_)
                if label is not None:
                    found.append((document_id, skip + ent.start_char, skip + ent.end_char, label,
                                  link(label, ent.text), self.source))
        return found


def _length(doc: Any) -> int:
    """How many characters `doc` covers, from its last token."""
    return doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0


def _load_pipeline(project: Project, spacy: Any, name: str) -> _Pipeline:
    try:
        nlp = spacy.load(name)
    except OSError:
        if os.sep in name or os.path.exists(name):
            reason = f"no spaCy pipeline in {name!r} (a directory made by nlp.to_disk)"
        else:
            reason = f"spaCy pipeline {name!r} is not installed: python -m spacy download {name}"
        raise BadInput(str(project.path), None, reason) from None
    return _Pipeline(project, nlp, name)
