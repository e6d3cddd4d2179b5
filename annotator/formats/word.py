"""Word documents (.docx), read with python-docx.

The body's paragraphs and tables in the order they stand (a table row is one paragraph,
its cells separated by a tab); headers, footers and comments are left out. Title, author
and created date come from the core properties. A password-protected .docx is not a zip
but an OLE container holding an "EncryptedPackage" stream: it is refused as encrypted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from annotator.errors import BadInput
from annotator.formats.base import Reader
from annotator.formats.documents import document_record, file_bytes, library
from annotator.model import Record

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def read_docx(path: Path) -> Iterator[Record]:
    """The document's one record, read now, so a bad file is refused at once."""
    data = file_bytes(path)
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_PACKAGE in data:
            raise BadInput(str(path), None, "the document is password-protected: remove the "
                                            "password in Word (File › Info › Protect Document) and import it again")
        raise BadInput(str(path), None, "this is an old Word .doc (or another OLE file), not .docx: "
                                        "save it as .docx and import it again")
    docx = library("docx", path, "python-docx")
    try:
        document = docx.Document(str(path))
        paragraphs = list(_body_paragraphs(document))
        properties = document.core_properties
        title, author, created = properties.title, properties.author, properties.created
    except Exception as exc:  # python-docx raises whatever its zip and XML layers raise
        reason = "not a zip package" if type(exc).__name__ == "PackageNotFoundError" else str(exc)
        raise BadInput(str(path), None, f"cannot be read as a Word document (damaged, or not "
                                        f".docx): {reason}") from None
    return iter([document_record(path, paragraphs, title=title, date=created, author=author)])


def _body_paragraphs(document: Any) -> Iterator[str]:
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            for row in block.rows:
                cells, column = [], 0
                for cell in row.cells:  # a merged cell is listed once per grid column it spans
                    if column == 0:
                        cells.append(cell.text.strip())
                        column = cell.grid_span
                    column -= 1
                yield "\t".join(cells)
        else:
            yield block.text


READERS = (Reader("docx", "Word documents", (".docx",), read_docx),)
