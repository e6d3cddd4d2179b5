"""Web pages (.html, .htm), read with trafilatura: the article, not the page around it.

trafilatura finds the main text and drops navigation, headers, footers, cookie banners
and comments; each block it keeps (heading, paragraph, list, quotation, table) is one
paragraph, a `<br>` inside one a "\\n". Title, author, date and site name come from the
page's metadata (trafilatura and htmldate read `<meta>`, JSON-LD and the like).

trafilatura drops the characters Python calls non-printable as it cleans the text: the
zero-width joiner that holds 👨‍👩‍👧 together, the zero-width non-joiner Persian spells with,
bidi marks, soft hyphens. They are hidden from it behind printable markers before it
reads the page and put back after, so the text keeps every character the page had.

A page says its encoding in `<meta charset>`; that is honoured, else the bytes must be
UTF-8 unless `--encoding` names another or asks for a guess (`auto`).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path
from typing import Any, Callable, Iterator

from annotator.errors import BadInput
from annotator.formats.base import Reader
from annotator.formats.documents import document_record, file_bytes, library
from annotator.formats.plaintext import decode_text
from annotator.model import Record

_DECLARED_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_MARKER_BRACKETS = ("\u2983\u2984", "\u2985\u2986", "\u27ec\u27ed", "\u2e28\u2e29")


def read_html(path: Path, encoding: str | None = None) -> Iterator[Record]:
    """The page's one record, read now, so a bad file is refused at once."""
    page, used = _decode(file_bytes(path), path, encoding)
    library("trafilatura", path, "trafilatura")
    library("lxml_html_clean", path, "lxml_html_clean")  # trafilatura needs it with lxml 6, and says so badly
    import trafilatura
    from trafilatura.utils import load_html
    from trafilatura.xml import xmltotxt

    tree = load_html(page)
    if tree is None:
        raise BadInput(str(path), None, "cannot be read as HTML (damaged, or not a web page)")
    restore = _hide_invisible_characters(tree)
    try:
        found = trafilatura.bare_extraction(tree, with_metadata=True, include_comments=False,
                                            include_tables=True, include_formatting=False)
    except Exception as exc:  # trafilatura on a page it cannot make sense of
        raise BadInput(str(path), None, f"cannot be read as HTML: {exc}") from None
    if found is None or found.body is None:
        raise BadInput(str(path), None, "the file has no text to annotate (no article found in the page)")
    paragraphs = [restore(xmltotxt(block, include_formatting=False)) for block in found.body]
    return iter([document_record(path, paragraphs, title=restore(found.title or ""), date=found.date or "",
                                 author=restore(found.author or ""), site=restore(found.sitename or ""),
                                 url=found.url or "", encoding=used if encoding is not None else "")])


def _decode(data: bytes, path: Path, encoding: str | None) -> tuple[str, str]:
    """The page's text and its encoding: the one named, else the one the page declares, else UTF-8."""
    if encoding is None:
        declared = _DECLARED_CHARSET.search(data[:4096])
        if declared:
            name = declared.group(1).decode("ascii")
            try:
                codecs.lookup(name)
            except LookupError:
                name = "utf-8"
            if codecs.lookup(name).name != "utf-8":
                encoding = name
    return decode_text(data, str(path), encoding)


def _hide_invisible_characters(tree: Any) -> Callable[[str], str]:
    """Puts a printable marker in the parsed page (so `&zwj;` counts too) for each character
    trafilatura would drop, and returns what puts them back. The markers' brackets are
    ones the page does not use."""
    elements = [element for element in tree.iter() if isinstance(element.tag, str)]  # (not comments)
    strings = [s for element in elements for s in (element.text, element.tail, *element.attrib.values()) if s]
    used = set().union(*map(set, strings)) if strings else set()
    invisible = {c for c in used if not c.isprintable() and not c.isspace() and unicodedata.category(c) != "Cc"}
    brackets = next((pair for pair in _MARKER_BRACKETS if pair[0] not in used and pair[1] not in used), None)
    if not invisible or brackets is None:
        return lambda s: s
    opening, closing = brackets
    table = {ord(c): f"{opening}{ord(c):x}{closing}" for c in invisible}
    for element in elements:
        if element.text:
            element.text = element.text.translate(table)
        if element.tail:
            element.tail = element.tail.translate(table)
        for name, value in element.attrib.items():
            element.attrib[name] = value.translate(table)
    marker = re.compile(f"{re.escape(opening)}([0-9a-f]+){re.escape(closing)}")
    return lambda s: marker.sub(lambda m: chr(int(m.group(1), 16)), s)


READERS = (Reader("html", "Web pages", (".html", ".htm"), read_html, options=("encoding",)),)
