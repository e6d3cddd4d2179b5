"""OpenDocument text (.odt, as LibreOffice writes it), read with odfpy.

Every heading and paragraph of the body in document order, those in tables and frames
included (a table cell's paragraph is a paragraph); odfpy's `teletype` turns `<text:s>`,
tabs and line breaks into the characters they stand for. Title, author (the initial
creator, else the last one) and creation date come from meta.xml. A password-protected
file is refused as such (its manifest names encryption data).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any, Iterator

from annotator.errors import BadInput
from annotator.formats.base import Reader
from annotator.formats.documents import document_record, file_bytes, library
from annotator.model import Record

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
_DC = "http://purl.org/dc/elements/1.1/"
_BLOCKS = {(_TEXT, "p"), (_TEXT, "h")}


def read_odt(path: Path) -> Iterator[Record]:
    """The document's one record, read now, so a bad file is refused at once."""
    file_bytes(path)
    if _is_encrypted(path):
        raise BadInput(str(path), None, "the document is password-protected: save it without "
                                        "a password and import it again")
    library("odf", path, "odfpy")
    from odf import teletype
    from odf.opendocument import load

    try:
        document = load(str(path))
        paragraphs = [teletype.extractText(block) for block in _blocks(document.text)]
        meta = {node.qname: teletype.extractText(node) for node in document.meta.childNodes
                if getattr(node, "qname", None)}
    except Exception as exc:  # odfpy raises whatever its zip and XML layers raise
        raise BadInput(str(path), None, f"cannot be read as an OpenDocument text (damaged, or "
                                        f"not .odt): {exc}") from None
    return iter([document_record(
        path, paragraphs, title=meta.get((_DC, "title"), ""), date=meta.get((_META, "creation-date"), ""),
        author=meta.get((_META, "initial-creator")) or meta.get((_DC, "creator"), ""))])


def _is_encrypted(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return b"encryption-data" in archive.read("META-INF/manifest.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        return False  # not ours to judge: the reader's own refusal says what is wrong


def _blocks(node: Any) -> Iterator[Any]:
    for child in node.childNodes:
        if getattr(child, "qname", None) in _BLOCKS:
            yield child
        elif child.nodeType == child.ELEMENT_NODE:
            yield from _blocks(child)


READERS = (Reader("odt", "OpenDocument text", (".odt",), read_odt),)
