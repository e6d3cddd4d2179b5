"""Mentions of the registry's names and aliases in a text: where an analyst could tag and link
an Actor or Issue that nobody has tagged yet.

A mention is a whole-word occurrence of an entry's canonical name or one of its aliases,
found case-insensitively, with any run of white space in the text standing for a space in
the name ("Engin\\nOzer" is "Engin Ozer"). Offsets are code points, end exclusive. Where
names overlap ("Russia" inside "Russian Federation"), the longest wins, and a mention
already covered by a span of the given layer with the same offsets is left out.
"""

from __future__ import annotations

import re
from typing import Iterable, NamedTuple

from annotator.model import Entity


class Mention(NamedTuple):
    start: int
    end: int
    entity_id: str
    kind: str
    name: str          # the entry's canonical name
    matched: str       # the name or alias found


def find_mentions(text: str, entities: Iterable[Entity], taken: Iterable[tuple[int, int]] = ()) -> list[Mention]:
    """Unlinked mentions in `text` of `entities`' names and aliases, in text order; `taken`
    holds the (start, end) of spans that already stand there."""
    names: dict[str, tuple[Entity, str]] = {}
    for entity in entities:
        for name in entity.all_names:
            key = " ".join(name.split()).casefold()
            if key and key not in names:
                names[key] = (entity, name)
    if not names:
        return []
    ordered = sorted(names, key=len, reverse=True)      # the longest name first at each position
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(r"\s+".join(map(re.escape, key.split(" "))) for key in ordered)
                         + r")(?!\w)", re.IGNORECASE)
    skip = set(taken)
    found = []
    for match in pattern.finditer(text):
        if (match.start(), match.end()) in skip:
            continue
        key = " ".join(match.group(0).split()).casefold()
        entity, name = names.get(key, (None, ""))
        if entity is None:       # a case-insensitive match that folds differently (ß, İ): look it up
            entity, name = next(((e, n) for k, (e, n) in names.items()
                                 if re.fullmatch(r"\s+".join(map(re.escape, k.split(" "))), match.group(0),
                                                 re.IGNORECASE)), (None, ""))
            if entity is None:
                continue
        found.append(Mention(match.start(), match.end(), entity.id, entity.kind, entity.name, name))
    return found
