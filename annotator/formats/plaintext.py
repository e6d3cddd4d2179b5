"""Plain text and Markdown files: one file, one document, shown exactly as written.

The bytes must be UTF-8 (a BOM is dropped). Line endings are kept as they are
(CRLF stays CRLF), so offsets count the characters of the file itself. A first
line `date YYYY-MM-DD Title` is taken as the document's date and title and is not
part of the text.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from annotator.errors import BadInput
from annotator.model import Document
from annotator.model import Record

_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})(?:\s+(.*?))?\s*$")


def decode_utf8(data: bytes, path: str) -> str:
    """Strict UTF-8 with the line of the first bad byte in the error; refuses binary files."""
    if b"\x00" in data:
        line = data[:data.index(b"\x00")].count(b"\n") + 1
        raise BadInput(path, line, "contains NUL bytes: this looks like a binary file, not text")
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = bom + exc.start  # exc.start counts from after the BOM, the file from its first byte
        line = data[:offset].count(b"\n") + 1
        raise BadInput(path, line, f"not valid UTF-8 (byte 0x{data[offset]:02x} at offset "
                                   f"{offset}); save the file as UTF-8 and import it again") from None


def parse_text(raw: str, fallback_title: str) -> tuple[str, str, str]:
    """Splits off an optional `date YYYY-MM-DD Title` first line: returns (text, title, date)."""
    first_line, newline, rest = raw.partition("\n")
    match = _HEADER.match(first_line.rstrip("\r"))
    if not match:
        return raw, fallback_title, ""
    text = rest.lstrip("\r\n") if newline else ""
    return text, match.group(2) or fallback_title, match.group(1)


def read_text_file(path: str | Path) -> Record:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInput(str(path), None, f"cannot read: {exc.strerror}") from None
    raw = decode_utf8(data, str(path))
    text, title, date = parse_text(raw, path.stem)
    if not text.strip():
        raise BadInput(str(path), None, "the file has no text to annotate")
    document = Document(external_id=path.stem, text=text, title=title, date=date, source=path.name)
    return Record(document, [], str(path), 1)
