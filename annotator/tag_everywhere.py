"""Tag everywhere: where the same words stand again, and which of those places get a new span.

The matching rule is the find bar's (`annotator.text_find`), with whole words always on:
an occurrence is a stretch of a text equal to the words, case ignored unless `match_case`
(Unicode's simple case folding: "russia" finds "RUSSIA", "ß" finds "ẞ" but not "SS"), that
starts and ends at our word edges ("Russia" is not found in "Russia's" or "Russian") and
never ends inside a grapheme cluster. Any run of white space matches any other: "Engin Ozer"
finds "Engin\\nOzer" too (a name broken across lines). Offsets are code points, end exclusive.

An occurrence is left out when the layer already has a span of that label exactly there
(`already`), or one that overlaps it (`overlapping`): tagging "Russia" again inside a
tagged "Russia's Foreign Ministry" would only double it.

Across the corpus the FTS5 index (`store/search.py`) narrows the documents to read:
`phrase_query` asks for the words as a phrase in the text column, which FTS5 tokenizes as
it tokenized the texts. Its tokens are runs of letters, digits and private-use characters,
case folded (also "ſ", "K", final sigma, "ẞ") and accents removed, so a document holding the
words as whole words in our sense matches the phrase: apostrophes, hyphens, "_", combining
marks and emoji only split FTS5's tokens further or vanish from them. Words with nothing
FTS5 indexes (emoji, punctuation alone) have no phrase: every document is read. One gap is
known: a private-use character (U+E000–U+F8FF) glued to the words makes one longer FTS5
token, so such an occurrence is found in its own document, not across the corpus.
Pure: no Qt, no SQL.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Iterable, Mapping, Sequence

from annotator.text_find import find_all
from annotator.wording import plural

Place = tuple[int, int, int]
"""(document id, start, end) of a new span, code points, end exclusive."""


def occurrences(text: str, words: str, *, match_case: bool = False) -> list[tuple[int, int]]:
    """Every whole-word occurrence of `words` in `text`, in text order, (start, end)."""
    return find_all(text, words, match_case=match_case, whole_words=True, any_space=True, limit=len(text) + 1)


def phrase_query(words: str) -> str | None:
    """An FTS5 query matching (at least) every document whose text holds `words` as whole
    words; None when the words hold no letter or digit, so the index cannot narrow them."""
    if not any(ch.isalnum() for ch in words):
        return None
    return 'text : "' + words.replace('"', '""') + '"'


@dataclass
class TagAllPlan:
    """What tagging `words` everywhere would do: the new spans' places, and what it skips."""

    words: str
    label: str
    new: list[Place] = field(default_factory=list)
    already: int = 0          # occurrences the layer has a span of that label at, exactly
    overlapping: int = 0      # occurrences overlapping such a span
    documents_read: int = 0   # documents whose text was searched

    @property
    def documents(self) -> int:
        """How many documents the new spans are in."""
        return len({place[0] for place in self.new})


def plan_tag_all(words: str, label: str, texts: Iterable[tuple[int, str]],
                 taken: Mapping[int, Sequence[tuple[int, int]]], *, match_case: bool = False) -> TagAllPlan:
    """The plan for `texts` ((document id, text) pairs), given `taken`: document id → the
    (start, end) of the layer's spans of `label` there."""
    plan = TagAllPlan(words, label)
    for document_id, text in texts:
        plan.documents_read += 1
        found = occurrences(text, words, match_case=match_case)
        if not found:
            continue
        spans = sorted(taken.get(document_id, ()))
        exact = set(spans)
        starts = [start for start, _ in spans]
        reach = list(accumulate((end for _, end in spans), max))   # furthest end among spans so far
        for start, end in found:
            if (start, end) in exact:
                plan.already += 1
                continue
            before = bisect_left(starts, end)     # spans starting before this occurrence ends
            if before and reach[before - 1] > start:
                plan.overlapping += 1
                continue
            plan.new.append((document_id, start, end))
    return plan


def summary(plan: TagAllPlan, added: int, shown: str, where: str | None = None) -> str:
    """What tagging did, in one line for the status bar and the command line: "Tagged 37
    more occurrences of “Russia” as Actor in 12 documents (4 already tagged)." `shown` is
    the words as they may be shown (shortened); `where` replaces "in N documents"."""
    skipped = []
    if plan.already > 0:
        skipped.append(f"{plan.already:,} already tagged")
    if plan.overlapping:
        skipped.append(f"{plan.overlapping:,} inside other {plan.label} spans")
    tail = f" ({', '.join(skipped)})" if skipped else ""
    if not added:
        return f"No other occurrence of “{shown}” to tag as {plan.label} {where or 'in the corpus'}{tail}."
    where = where or f"in {plural(plan.documents, 'document')}"
    return f"Tagged {plural(added, 'more occurrence')} of “{shown}” as {plan.label} {where}{tail}."
