"""Test documents made by the libraries that write them (python-docx, odfpy, fpdf2,
msoffcrypto-tool), with hard Unicode in their text; and a web page with boilerplate."""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path

import pytest

# Emoji with a skin tone and a ZWJ sequence, a family (ZWJ), "José" with a combining accent,
# Arabic and Hebrew, U+2028 inside a paragraph.
HARD = ("Minister Jose\u0301 said 👩🏽\u200d⚕️ would hold; the family 👨\u200d👩\u200d👧 waited.",
        "Banners read السلام عليكم and שלום עולם\u2028in Geneva.")
TITLE = "Talks résumé 👨\u200d👩\u200d👧"


def make_docx(path: Path, paragraphs: tuple[str, ...] = HARD, title: str = TITLE) -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = "Ana Lima"
    document.core_properties.created = datetime.datetime(2025, 4, 17, 9, 30)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.add_paragraph("")  # an empty paragraph is no paragraph of the text
    document.save(str(path))
    return path


def make_encrypted_docx(path: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = make_docx(path.with_name("plain-" + path.name))
    with open(plain, "rb") as source, open(path, "wb") as out:
        OOXMLFile(source).encrypt("secret", out)
    return path


def make_odt(path: Path, paragraphs: tuple[str, ...] = HARD, title: str = TITLE) -> Path:
    from odf import dc, meta, teletype, text
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    document.meta.addElement(dc.Title(text=title))
    document.meta.addElement(meta.InitialCreator(text="Ana Lima"))
    document.meta.addElement(meta.CreationDate(text="2025-04-17T09:30:00"))
    for paragraph in paragraphs:
        element = text.P()
        teletype.addTextToElement(element, paragraph)
        document.text.addElement(element)
    document.save(str(path))
    return path


def unicode_font() -> str:
    """A TrueType font with Latin, combining marks and ⚕ (DejaVu Sans, which .ci/run installs)."""
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", "DejaVu Sans"], capture_output=True,
                               text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        found = ""
    if not found.endswith(".ttf"):
        pytest.skip("no DejaVu Sans font to draw the PDF's text with (apt-get install fonts-dejavu-core)")
    return found


def make_pdf(path: Path, pages: tuple[str, ...], title: str = "Talks résumé") -> Path:
    """A PDF with a text layer, one string a page (lines break at "\\n")."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(title)
    pdf.set_author("Ana Lima")
    pdf.set_creation_date(datetime.datetime(2025, 4, 17, 9, 30, tzinfo=datetime.timezone.utc))
    pdf.add_font("sans", fname=unicode_font())
    pdf.set_font("sans", size=12)
    for page in pages:
        pdf.add_page()
        for line in page.split("\n"):
            pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def make_scanned_pdf(path: Path) -> Path:
    """A PDF whose one page is an image, as a scanner makes it: no text layer."""
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF()
    pdf.add_page()
    pdf.image(Image.new("RGB", (300, 400), "white"), x=10, y=10, w=150)
    pdf.output(str(path))
    return path


def make_encrypted_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Confidential minutes.")
    pdf.output(str(path))
    return path


ARTICLE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Talks resume | The Daily</title>
<meta name="author" content="Ana Lima"><meta property="og:site_name" content="The Daily">
<meta property="article:published_time" content="2025-04-17T09:00:00Z"></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li><li><a href="/s">Subscribe now</a></li></ul></nav>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies.</div>
<article>
<h1>Talks resume</h1>
<p>Minister Jose\u0301 said 👩🏽&zwj;⚕️ would hold; the family 👨\u200d👩\u200d👧 waited.</p>
<p>Banners read السلام عليكم and שלום עולם<br>in Geneva, where the delegations met again on Thursday morning.</p>
<p>Ozer said talks would go on next week, despite objections from several of the delegations present.</p>
</article>
<footer><p>© 2025 The Daily. All rights reserved.</p><p><a href="/privacy">Privacy policy</a> · Cookie settings</p></footer>
</body></html>
"""
ARTICLE_TEXT = ("Talks resume\n\n"
                "Minister Jose\u0301 said 👩🏽\u200d⚕️ would hold; the family 👨\u200d👩\u200d👧 waited.\n\n"
                "Banners read السلام عليكم and שלום עולם\nin Geneva, where the delegations met again on "
                "Thursday morning.\n\n"
                "Ozer said talks would go on next week, despite objections from several of the delegations "
                "present.")


def rtf_escaped(text: str) -> str:
    r"""`text` as RTF writes it: ASCII as is, every other UTF-16 unit as \uN? (an emoji: two)."""
    units = text.encode("utf-16-le")
    out = []
    for i in range(0, len(units), 2):
        unit = int.from_bytes(units[i:i + 2], "little")
        out.append(chr(unit) if unit < 128 and chr(unit) not in "\\{}" else f"\\u{unit - 65536 if unit > 32767 else unit}?")
    return "".join(out)
