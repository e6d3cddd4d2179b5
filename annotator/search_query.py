"""What an analyst types into a corpus search, parsed: an FTS5 query plus a few filters.

The filters are words of their own, `key:value` (quote a value with spaces: `actor:"United
Nations"`), taken out of the query before the rest goes to SQLite's FTS5 as it is:

    date:2024-01-01..2024-06-30   documents dated in this range (either end may be left open:
                                  `date:2024..`, `date:..2023-12`); compared as ISO text
    meta:outlet=Reuters           documents whose metadata field `outlet` is `Reuters`
                                  (`meta:source=…` is the document's source)
    without:Ana/Claim             documents where the analyst Ana has no Claim span yet
    actor:Russia  issue:Energy    the spans linked to that registry entry (by name or alias);
                                  the hits are those spans, not words

Everything else is FTS5's own syntax: words, "phrases", prefix*, AND/OR/NOT, NEAR(a b, 5),
`title:` and `text:` column filters. Pure: no SQL, no Qt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from annotator.errors import AnnotatorError

_FILTER = re.compile(r'(?<!\S)(date|meta|without|actor|issue):("(?:[^"]|"")*"|\S*)')


class BadQuery(AnnotatorError):
    """A search the index cannot run (FTS5 syntax, a malformed filter); says what is wrong."""


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""                       # FTS5 syntax; "" matches every document
    date_from: str = ""                  # inclusive, ISO text; "" open
    date_to: str = ""                    # inclusive: "2024-06" takes in every day of June
    meta: tuple[tuple[str, str], ...] = ()
    without: tuple[str, str] | None = None        # (analyst name, label name)
    entity: tuple[str, str] | None = None         # (kind "actor"/"issue", name)
    filters: tuple[str, ...] = field(default=(), compare=False)  # as typed, for messages

    @property
    def is_empty(self) -> bool:
        return not (self.text or self.date_from or self.date_to or self.meta or self.without
                    or self.entity)


def parse_query(typed: str) -> SearchQuery:
    """Splits the filters out of `typed`; raises `BadQuery` naming a malformed one."""
    values: dict = {"meta": []}
    typed_filters = []

    def take(match: re.Match) -> str:
        key, value = match.group(1), match.group(2)
        typed_filters.append(match.group(0))
        if value.startswith('"') and value.endswith('"') and len(value) >= 2:
            value = value[1:-1].replace('""', '"')
        if not value:
            raise BadQuery(f"{match.group(0)!r}: the filter has no value")
        if key == "date":
            low, dots, high = value.partition("..")
            if not dots:
                low = high = value
            values["date_from"], values["date_to"] = low.strip(), high.strip()
        elif key == "meta":
            name, equals, wanted = value.partition("=")
            if not equals or not name:
                raise BadQuery(f"{match.group(0)!r}: write meta:FIELD=VALUE")
            values["meta"].append((name, wanted))
        elif key == "without":
            analyst, slash, label = value.rpartition("/")
            if not slash or not analyst or not label:
                raise BadQuery(f"{match.group(0)!r}: write without:ANALYST/LABEL (e.g. without:Ana/Claim)")
            values["without"] = (analyst, label)
        else:
            values["entity"] = (key, value)
        return " "

    rest = _FILTER.sub(take, typed)
    return SearchQuery(text=" ".join(rest.split()), date_from=values.get("date_from", ""),
                       date_to=values.get("date_to", ""), meta=tuple(values["meta"]),
                       without=values.get("without"), entity=values.get("entity"),
                       filters=tuple(typed_filters))
