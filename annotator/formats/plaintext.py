"""Plain text and Markdown files: one file, one document, shown exactly as written.

The bytes must be UTF-8, or UTF-16 that starts with a byte-order mark (what Windows
Notepad saves as "Unicode"; the mark makes the guess safe); a BOM is dropped. Legacy files
are read when their encoding is named (`annotator import --encoding cp1252`) or left to
charset-normalizer's guess (`--encoding auto`); a byte-order mark still wins over either. Line
endings are kept as they are (CRLF stays CRLF), so offsets count the characters
(code points) of the text itself, whatever encoding it arrived in. A first
line `date YYYY-MM-DD Title` is taken as the document's date and title and is not
part of the text. A first line that begins with the word `date` and something
after it but is not such a header (`date 02/01/2024 Talks`, `date 2024-13-45`) is
refused naming file and line, rather than kept as text with its date silently lost.
"""

from __future__ import annotations

import codecs
import datetime
import re
from pathlib import Path
from typing import Iterator

from annotator.errors import AnnotatorError, BadInput
from annotator.formats.base import Reader
from annotator.model import Document, Record

_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})(?:\s+(.*?))?\s*$")
_MEANT_AS_HEADER = re.compile(r"^\s*date\s+(\S+)")


_UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_SAVE_AS_UTF8 = "save the file as UTF-8 and import it again"
_NAME_THE_ENCODING = ("save the file as UTF-8, or name its encoding "
                      "(annotator import --encoding cp1252, or --encoding auto to guess it)")
AUTO = "auto"


def check_encoding(encoding: str | None) -> None:
    """Refuses an encoding Python does not know before any file is read (`AnnotatorError`)."""
    if encoding is None or encoding.lower() == AUTO:
        return
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise AnnotatorError(f"unknown encoding {encoding!r} (try utf-8, cp1252, latin-1, "
                             f"mac-roman, shift_jis, gb18030 … or auto)") from None


def decode_text(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str]:
    """A text file's text and the encoding it was read in: by its byte-order mark if it has
    one; else in `encoding` (a codec name, or "auto": charset-normalizer's guess); else as
    strict UTF-8, refusing anything else with the line of the first bad byte and a hint to
    name the encoding. Refuses binary files (NUL characters)."""
    if data.startswith(codecs.BOM_UTF8):
        return decode_utf8(data, path), "utf-8"
    for bom, name in _UTF16_BOMS:
        if data.startswith(bom):
            return _decode_utf16(data, len(bom), name, path), name
    if encoding is None:
        return decode_utf8(data, path, _NAME_THE_ENCODING), "utf-8"
    check_encoding(encoding)
    if encoding.lower() == AUTO:
        encoding = guess_encoding(data, path)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise BadInput(path, line, f"not valid {encoding} (byte 0x{data[exc.start]:02x} at offset "
                                   f"{exc.start}); name the file's encoding with --encoding, "
                                   f"or save it as UTF-8") from None
    refuse_nul(text, path, f" when read as {encoding}: this looks like a binary file, or the encoding is wrong")
    return text, encoding


def refuse_nul(text: str, path: str, why: str) -> None:
    """Text holding NUL is no text to annotate: refused with the line of the first one."""
    if "\x00" in text:
        line = text[:text.index("\x00")].count("\n") + 1
        raise BadInput(path, line, f"contains NUL characters{why}")


def guess_encoding(data: bytes, path: str) -> str:
    """charset-normalizer's best guess for the bytes (it reads them all, not a sample)."""
    import charset_normalizer  # a dependency, imported here to keep `import annotator.formats` quick

    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise BadInput(path, None, "cannot guess the encoding (this may not be text); name it "
                                   "with --encoding NAME")
    return best.encoding


def decode_utf8(data: bytes, path: str, remedy: str = _SAVE_AS_UTF8) -> str:
    """Strict UTF-8 with the line of the first bad byte in the error; refuses binary files.
    `remedy` ends the refusal: what the person can do about it."""
    if b"\x00" in data:
        line = data[:data.index(b"\x00")].count(b"\n") + 1
        raise BadInput(path, line, "contains NUL bytes: this looks like a binary file, not text "
                                   f"(or UTF-16 without a byte-order mark); {remedy}")
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = bom + exc.start  # exc.start counts from after the BOM, the file from its first byte
        line = data[:offset].count(b"\n") + 1
        raise BadInput(path, line, f"not valid UTF-8 (byte 0x{data[offset]:02x} at offset "
                                   f"{offset}); {remedy}") from None


def _decode_utf16(data: bytes, bom: int, encoding: str, path: str) -> str:
    try:
        text = data[bom:].decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[bom:bom + exc.start].decode(encoding).count("\n") + 1
        raise BadInput(path, line, f"not valid {encoding.upper()} (it starts with a UTF-16 "
                                   f"byte-order mark; bad bytes at offset {bom + exc.start}); "
                                   f"{_SAVE_AS_UTF8}") from None
    refuse_nul(text, path, f": this looks like a binary file, not text; {_SAVE_AS_UTF8}")
    return text


def parse_text(raw: str, fallback_title: str, path: str = "") -> tuple[str, str, str]:
    """Splits off an optional `date YYYY-MM-DD Title` first line: returns (text, title, date).
    Raises `BadInput` (line 1 of `path`) for a date line whose date is impossible or not
    written YYYY-MM-DD."""
    first_line, newline, rest = raw.partition("\n")
    first_line = first_line.rstrip("\r")
    match = _HEADER.match(first_line)
    if not match:
        meant = _MEANT_AS_HEADER.match(first_line)
        if meant:
            raise BadInput(path, 1, f'the first line starts with "date" but {meant.group(1)!r} is not a '
                                    f'date written YYYY-MM-DD (as in "date 2024-01-02 Title"); '
                                    f"correct it so that the date is not lost")
        return raw, fallback_title, ""
    date = match.group(1)
    try:
        datetime.date.fromisoformat(date)
    except ValueError as exc:
        raise BadInput(path, 1, f"the date {date} is not a day of the calendar ({exc}); "
                                f"write it as YYYY-MM-DD") from None
    text = rest.lstrip("\r\n") if newline else ""
    return text, match.group(2) or fallback_title, date


def read_bytes(path: Path) -> bytes:
    """The file's bytes; `BadInput` if it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise BadInput(str(path), None, f"cannot read: {exc.strerror}") from None


def read_text_file(path: str | Path, encoding: str | None = None) -> Record:
    path = Path(path)
    data = read_bytes(path)
    raw, used = decode_text(data, str(path), encoding)
    text, title, date = parse_text(raw, path.stem, str(path))
    if not text.strip():
        raise BadInput(str(path), None, "the file is empty" if not data else "the file has no text to annotate")
    meta = {"encoding": used} if encoding is not None else {}
    document = Document(external_id=path.stem, text=text, title=title, date=date, source=path.name, meta=meta)
    return Record(document, [], str(path), 1)


def read_text_records(path: str | Path, encoding: str | None = None) -> Iterator[Record]:
    """The file's one record, read now (not when iterated), so a bad file is refused at once."""
    return iter([read_text_file(path, encoding)])


READERS = (Reader("text", "Plain text", (".txt",), read_text_records, options=("encoding",)),
           Reader("markdown", "Markdown", (".md",), read_text_records, options=("encoding",)))
