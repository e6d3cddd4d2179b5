"""Rich Text Format (.rtf), read with striprtf.

The text only (RTF's \\info group is not read); every \\par and \\line starts a new
paragraph. RTF carries its characters as 7-bit escapes: \\uN for Unicode (an emoji is
two of them, a surrogate pair, which are joined here) and \\'hh bytes in the code page the
file declares (\\ansicpgN), else in the one named with `--encoding`, else cp1252, RTF's
own default. Raw 8-bit bytes, which some programs write, are read like a text file's:
UTF-8 unless `--encoding` names another encoding or asks for a guess.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from annotator.errors import BadInput
from annotator.formats.base import Reader
from annotator.formats.documents import document_record, file_bytes, library
from annotator.formats.plaintext import AUTO, decode_text
from annotator.model import Record

_RTF_DEFAULT_CODE_PAGE = "cp1252"


def read_rtf(path: Path, encoding: str | None = None) -> Iterator[Record]:
    """The document's one record, read now, so a bad file is refused at once."""
    raw, used = decode_text(file_bytes(path), str(path), encoding)
    if not raw.lstrip("\ufeff \t\r\n").startswith("{\\rtf"):
        raise BadInput(str(path), 1, "not an RTF file: it does not start with {\\rtf")
    library("striprtf", path, "striprtf")
    from striprtf.striprtf import rtf_to_text

    code_page = encoding if encoding is not None and encoding.lower() != AUTO else _RTF_DEFAULT_CODE_PAGE
    try:
        text = rtf_to_text(raw, encoding=code_page, errors="strict")
    except UnicodeDecodeError as exc:
        raise BadInput(str(path), None, f"an escaped byte is not valid {exc.encoding}: name the "
                                        "file's code page with --encoding") from None
    except Exception as exc:  # striprtf's parser on a damaged file
        raise BadInput(str(path), None, f"cannot be read as RTF (damaged?): {exc}") from None
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")  # \uN pairs → one character
    paragraphs = text.replace("\r\n", "\n").split("\n")  # (not splitlines: U+2028 is a character here)
    return iter([document_record(path, paragraphs, encoding=used if encoding is not None else "")])


READERS = (Reader("rtf", "Rich Text Format", (".rtf",), read_rtf, options=("encoding",)),)
