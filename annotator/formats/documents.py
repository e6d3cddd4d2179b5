"""What the readers of documents (.docx, .odt, .rtf, .pdf, .html) share.

Each of those files becomes one document whose text is its paragraphs, each stripped of
the blank space around it, separated by one blank line ("\\n\\n"); a line break inside a
paragraph stays "\\n". That text is final once imported: offsets count its code points.
Metadata the file carries goes to the document's title and date (ISO `YYYY-MM-DD`) and to
its `meta` ("author", "site", "url"); `source` is the file's name, as for plain text.

The libraries that parse these formats are imported inside the readers, never at
`import annotator.formats`, so the window starts without them and a missing one is one
clear line naming the file and what to install.
"""

from __future__ import annotations

import datetime
import importlib
import re
from pathlib import Path
from types import ModuleType
from typing import Any, Iterable

from annotator.errors import BadInput
from annotator.formats.plaintext import read_bytes
from annotator.model import Document, Record

PARAGRAPH_BREAK = "\n\n"

_ISO_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")


def library(module: str, path: Path, install: str) -> ModuleType:
    """Imports the parsing library `module`, or refuses the file with what to install."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise BadInput(str(path), None, f"reading {path.suffix.lower()} files needs the {module} "
                                        f"library: pip install '{install}'") from None


def file_bytes(path: Path) -> bytes:
    """The file's bytes; an empty file is refused as such."""
    data = read_bytes(path)
    if not data:
        raise BadInput(str(path), None, "the file is empty (0 bytes)")
    return data


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    """The document's text: the paragraphs that have any, stripped, one blank line apart;
    Windows and old Mac line breaks inside a paragraph become "\\n"."""
    kept = (p.replace("\r\n", "\n").replace("\r", "\n").strip() for p in paragraphs)
    return PARAGRAPH_BREAK.join(p for p in kept if p)


def iso_date(value: Any) -> str:
    """`YYYY-MM-DD` from a date, a datetime or a string that starts with one (ISO 8601,
    `20250417…`, PDF's `D:20250417…`); "" when there is none."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.strftime("%Y-%m-%d")
    match = _ISO_DATE.match(str(value or "").strip().removeprefix("D:"))
    if not match:
        return ""
    try:
        return datetime.date(*map(int, match.groups())).isoformat()
    except ValueError:  # month 13, 30 February …
        return ""


def document_record(path: Path, paragraphs: Iterable[str], title: str = "", date: Any = "",
                    **meta: str) -> Record:
    """The file's one record; refused when no paragraph has text. `meta` values that are
    empty are left out."""
    text = join_paragraphs(paragraphs)
    if not text:
        raise BadInput(str(path), None, "the file has no text to annotate")
    kept = {key: value.strip() for key, value in meta.items() if value and value.strip()}
    document = Document(external_id=path.stem, text=text, title=(title or "").strip() or path.stem,
                        date=iso_date(date), source=path.name, meta=kept)
    return Record(document, [], str(path), 1)
