"""How a count reads in a message: "1 document", "2 documents", "12,040 spans".

One helper for the CLI, the window and the reports, so that no message says "1 documents".
"""

from __future__ import annotations


def plural(count: int, noun: str, plural_noun: str | None = None) -> str:
    """`count` and the noun in the number it calls for, with thousands separated by commas.
    Nouns whose plural is not noun + "s" pass it: `plural(n, "analysis", "analyses")`."""
    word = noun if count == 1 else (plural_noun or noun + "s")
    return f"{count:,} {word}"
