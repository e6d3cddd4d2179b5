"""PDF (.pdf) text layers, read with pypdfium2 (PDFium, the engine of Chrome's viewer).

A PDF has lines, not paragraphs: each page's text comes in PDFium's reading order, its
lines kept as lines ("\\n"), and pages are separated by a blank line. Title, author and
creation date come from the document information. A scan (pages that are only images)
has no text to read and is refused with "no text layer: run OCR first"; a PDF that needs
a password to open is refused as such (one with only an owner password, which restricts
printing or copying, opens and is read).

Right-to-left text is given in the order the PDF draws its glyphs, which for many
producers is the visual one: Arabic or Hebrew may come out reversed. Import such texts
from .docx, .odt or .html where there is a choice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from annotator.errors import BadInput
from annotator.formats.base import Reader
from annotator.formats.documents import document_record, file_bytes, library
from annotator.model import Record

_PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD
_IMAGE_OBJECT = 3    # FPDF_PAGEOBJ_IMAGE


def read_pdf(path: Path) -> Iterator[Record]:
    """The document's one record, read now, so a bad file is refused at once."""
    data = file_bytes(path)
    pdfium = library("pypdfium2", path, "pypdfium2")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == _PASSWORD_ERROR:
            raise BadInput(str(path), None, "the PDF is password-protected: save a copy without "
                                            "the password and import that") from None
        raise BadInput(str(path), None, f"cannot be read as a PDF (damaged, or not a PDF): {exc}") from None
    try:
        pages, has_images = _page_texts(pdf)
        info = pdf.get_metadata_dict(skip_empty=True)
    except pdfium.PdfiumError as exc:
        raise BadInput(str(path), None, f"cannot be read as a PDF (damaged?): {exc}") from None
    finally:
        pdf.close()
    if not any(page.strip() for page in pages) and has_images:
        raise BadInput(str(path), None, "no text layer: run OCR first (the pages are images, "
                                        "a scan; e.g. ocrmypdf in.pdf out.pdf)")
    return iter([document_record(path, pages, title=info.get("Title", ""), date=info.get("CreationDate", ""),
                                 author=info.get("Author", ""))])


def _page_texts(pdf: Any) -> tuple[list[str], bool]:
    """Each page's text, and whether any page holds an image (a scan, if there is no text)."""
    texts, has_images = [], False
    for index in range(len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        # PDFium ends lines with CRLF and marks a hyphen it found at a line's end with U+0002.
        texts.append(textpage.get_text_range().replace("\r\n", "\n").replace("\x02", "-").replace("\x00", ""))
        if not texts[-1].strip():
            has_images = has_images or any(True for _ in page.get_objects(filter=[_IMAGE_OBJECT]))
    return texts, has_images


READERS = (Reader("pdf", "PDF documents", (".pdf",), read_pdf),)
