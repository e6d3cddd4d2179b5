"""File formats: one module per format, pure functions from files to `Record`s and back.

`read_any` picks the reader by file extension.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from annotator.errors import BadInput
from annotator.model import Record

READABLE_SUFFIXES = (".txt", ".md", ".jsonl")


def read_any(path: str | Path) -> Iterator[Record]:
    """Records from one file, chosen by extension; raises `BadInput` naming the file and line."""
    from annotator.formats import jsonl, plaintext

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md"):
        return iter([plaintext.read_text_file(path)])
    if suffix == ".jsonl":
        return jsonl.read_jsonl(path)
    raise BadInput(str(path), None, f"cannot import {suffix or 'files without an extension'} "
                                    f"(Annotator reads {', '.join(READABLE_SUFFIXES)})")
