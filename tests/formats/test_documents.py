"""The document readers: .docx, .odt, .rtf, .pdf, .html, each on a file its own library wrote."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from annotator.errors import BadInput
from annotator.formats import read_any
from annotator.store import Project
from annotator.transfer import export_project, import_into
from tests.documents import (ARTICLE_PAGE, ARTICLE_TEXT, HARD, TITLE, make_docx, make_encrypted_docx,
                             make_encrypted_pdf, make_odt, make_pdf, make_scanned_pdf, rtf_escaped)

FAMILY = "👨\u200d👩\u200d👧"
HARD_TEXT = "\n\n".join(HARD)  # paragraphs one blank line apart


def only_document(path: Path):
    (record,) = read_any(path)
    return record.document


def tag_and_export(project: Project, path: Path, target: str, tmp_path: Path) -> dict:
    """Imports `path`, tags the first `target` in it through the store, exports JSONL: the line."""
    import_into(project, [path], "ana")
    (info,) = project.documents()
    text = project.document(info.id).text
    start = text.index(target)
    project.add_span(info.id, start, start + len(target), "Actor", project.ensure_annotator("ana").id)
    out = tmp_path / "out.jsonl"
    export_project(project, out)
    (line,) = out.read_text(encoding="utf-8").rstrip("\n").split("\n")  # (U+2028 is no line end here)
    return json.loads(line)


# -- Word ----------------------------------------------------------------------------------------

def test_docx_paragraphs_become_the_text_one_blank_line_apart(tmp_path: Path) -> None:
    assert only_document(make_docx(tmp_path / "talks.docx")).text == HARD_TEXT


def test_docx_title_author_and_created_date_come_from_its_properties(tmp_path: Path) -> None:
    document = only_document(make_docx(tmp_path / "talks.docx"))
    assert (document.title, document.date, document.meta, document.source) == (
        TITLE, "2025-04-17", {"author": "Ana Lima"}, "talks.docx")


def test_docx_span_over_a_zwj_family_exports_offsets_that_point_at_it(project: Project, tmp_path: Path) -> None:
    line = tag_and_export(project, make_docx(tmp_path / "talks.docx"), FAMILY, tmp_path)
    (span,) = line["spans"]
    assert line["text"] == HARD_TEXT
    assert line["text"][span["start"]:span["end"]] == span["text"] == FAMILY


def test_docx_table_rows_are_paragraphs_with_cells_a_tab_apart(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Who said what:")
    table = document.add_table(rows=2, cols=2)
    for (row, column), value in {(0, 0): "Ozer", (0, 1): "talks go on", (1, 0): "Lima",
                                 (1, 1): "a pause"}.items():
        table.cell(row, column).text = value
    document.save(str(tmp_path / "table.docx"))
    assert only_document(tmp_path / "table.docx").text == "Who said what:\n\nOzer\ttalks go on\n\nLima\ta pause"


def test_password_protected_docx_is_refused_as_such(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="password-protected"):
        read_any(make_encrypted_docx(tmp_path / "secret.docx"))


def test_damaged_docx_is_refused_naming_the_file(tmp_path: Path) -> None:
    whole = make_docx(tmp_path / "whole.docx").read_bytes()
    cut = tmp_path / "cut.docx"
    cut.write_bytes(whole[:len(whole) // 2])
    with pytest.raises(BadInput, match=r"cut\.docx: cannot be read as a Word document \(damaged"):
        read_any(cut)


@pytest.mark.parametrize("suffix", [".docx", ".odt", ".rtf", ".pdf", ".html"])
def test_empty_document_is_refused_as_empty(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"nothing{suffix}"
    path.write_bytes(b"")
    with pytest.raises(BadInput, match=r"nothing\.\w+: the file is empty \(0 bytes\)$"):
        read_any(path)


def test_docx_with_only_empty_paragraphs_has_no_text_to_annotate(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="no text to annotate"):
        read_any(make_docx(tmp_path / "blank.docx", paragraphs=("", "   ")))


def test_missing_library_is_one_line_saying_what_to_install(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_docx(tmp_path / "talks.docx")
    monkeypatch.setitem(sys.modules, "docx", None)  # what `import docx` meets when it is not installed
    with pytest.raises(BadInput, match=r"talks\.docx: reading \.docx files needs the docx library: "
                                       r"pip install 'python-docx'$"):
        read_any(path)


# -- OpenDocument ------------------------------------------------------------------------------

def test_odt_paragraphs_and_metadata(tmp_path: Path) -> None:
    document = only_document(make_odt(tmp_path / "talks.odt"))
    assert (document.text, document.title, document.date, document.meta) == (
        HARD_TEXT, TITLE, "2025-04-17", {"author": "Ana Lima"})


def test_odt_keeps_runs_of_spaces_and_tabs(tmp_path: Path) -> None:
    text = "Ozer:\tthe talks   go on."
    assert only_document(make_odt(tmp_path / "spaces.odt", paragraphs=(text,))).text == text


def test_odt_span_offsets_point_at_the_right_characters(project: Project, tmp_path: Path) -> None:
    line = tag_and_export(project, make_odt(tmp_path / "talks.odt"), "שלום עולם", tmp_path)
    (span,) = line["spans"]
    assert line["text"][span["start"]:span["end"]] == "שלום עולם"


def test_password_protected_odt_is_refused_as_such(tmp_path: Path) -> None:
    plain = make_odt(tmp_path / "plain.odt")
    secret = tmp_path / "secret.odt"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(secret, "w") as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "META-INF/manifest.xml":  # what LibreOffice's manifest says of an encrypted part
                data = data.replace(b'manifest:full-path="content.xml" manifest:media-type="text/xml"/>',
                                    b'manifest:full-path="content.xml" manifest:media-type="text/xml">'
                                    b'<manifest:encryption-data manifest:checksum-type="SHA1/1K"/>'
                                    b'</manifest:file-entry>')
                assert b"encryption-data" in data
            out.writestr(item, data)
    with pytest.raises(BadInput, match="password-protected"):
        read_any(secret)


# -- RTF -----------------------------------------------------------------------------------------

def rtf(body: str, header: str = r"\ansi\ansicpg1252") -> str:
    return r"{\rtf1" + header + r"\deff0{\fonttbl{\f0 Arial;}}{\info{\title Talks}}\f0 " + body + "}"


def test_rtf_unicode_escapes_become_the_characters_emoji_included(write_file) -> None:
    body = r"\par ".join(rtf_escaped(paragraph) for paragraph in HARD)
    assert only_document(write_file("talks.rtf", rtf(body))).text == HARD_TEXT


def test_rtf_escaped_bytes_are_read_in_the_declared_code_page(write_file) -> None:
    assert only_document(write_file("cafe.rtf", rtf(r"Caf\'e9 \'93talks\'94"))).text == "Café “talks”"


def test_rtf_code_page_can_be_named_when_the_file_declares_none(write_file) -> None:
    (record,) = read_any(write_file("kyiv.rtf", rtf(r"\'ca\'e8\'BF\'e2", header=r"\ansi")), {"encoding": "cp1251"})
    assert record.document.text == "Київ"


def test_file_named_rtf_that_is_not_rtf_is_refused(write_file) -> None:
    with pytest.raises(BadInput, match=r"notes\.rtf:1: not an RTF file"):
        read_any(write_file("notes.rtf", "Just some notes."))


# -- PDF -----------------------------------------------------------------------------------------

PDF_PAGES = ("Minister Jose\u0301 said the ceasefire ⚕ would hold.\nThe delegations agreed.", "Second page.")


def test_pdf_text_layer_lines_with_pages_a_blank_line_apart(tmp_path: Path) -> None:
    document = only_document(make_pdf(tmp_path / "minutes.pdf", PDF_PAGES))
    assert document.text == "\n\n".join(PDF_PAGES)


def test_pdf_title_author_and_creation_date(tmp_path: Path) -> None:
    document = only_document(make_pdf(tmp_path / "minutes.pdf", PDF_PAGES))
    assert (document.title, document.date, document.meta) == ("Talks résumé", "2025-04-17", {"author": "Ana Lima"})


def test_pdf_span_offsets_point_at_the_right_characters(project: Project, tmp_path: Path) -> None:
    line = tag_and_export(project, make_pdf(tmp_path / "minutes.pdf", PDF_PAGES), "Jose\u0301", tmp_path)
    (span,) = line["spans"]
    assert line["text"][span["start"]:span["end"]] == "Jose\u0301"


def test_scanned_pdf_without_a_text_layer_is_refused_asking_for_ocr(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match=r"scan\.pdf: no text layer: run OCR first"):
        read_any(make_scanned_pdf(tmp_path / "scan.pdf"))


def test_password_protected_pdf_is_refused_as_such(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match=r"secret\.pdf: the PDF is password-protected"):
        read_any(make_encrypted_pdf(tmp_path / "secret.pdf"))


def test_damaged_pdf_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "cut.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    with pytest.raises(BadInput, match=r"cut\.pdf: cannot be read as a PDF \(damaged"):
        read_any(path)


# -- web pages -----------------------------------------------------------------------------------

def test_html_keeps_the_article_and_drops_navigation_banners_and_footer(write_file) -> None:
    assert only_document(write_file("talks.html", ARTICLE_PAGE)).text == ARTICLE_TEXT


def test_html_metadata_title_date_author_and_site(write_file) -> None:
    document = only_document(write_file("talks.htm", ARTICLE_PAGE))
    assert (document.title, document.date, document.meta, document.source) == (
        "Talks resume", "2025-04-17", {"author": "Ana Lima", "site": "The Daily"}, "talks.htm")


def test_html_span_over_a_zwj_written_as_an_entity_points_at_it(project: Project, tmp_path: Path,
                                                                write_file) -> None:
    doctor = "👩🏽\u200d⚕️"
    line = tag_and_export(project, write_file("talks.html", ARTICLE_PAGE), doctor, tmp_path)
    (span,) = line["spans"]
    assert line["text"][span["start"]:span["end"]] == doctor


def test_html_in_a_declared_legacy_charset_is_read_in_it(write_file) -> None:
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
            "</head><body><article><p>The “café” talks resumed on Thursday in Geneva.</p></article></body></html>")
    assert only_document(write_file("legacy.html", page.encode("cp1252"))).text == (
        "The “café” talks resumed on Thursday in Geneva.")


def test_html_that_is_not_utf8_and_declares_nothing_asks_for_an_encoding(write_file) -> None:
    page = "<html><body><article><p>Caf\xe9 talks resumed on Thursday.</p></article></body></html>"
    with pytest.raises(BadInput, match=r"not valid UTF-8 .*--encoding"):
        read_any(write_file("legacy.html", page.encode("cp1252")))
    (record,) = read_any(write_file("legacy2.html", page.encode("cp1252")), {"encoding": "cp1252"})
    assert "Café talks" in record.document.text


# -- encodings of text files ---------------------------------------------------------------------

CP1252_MEMO = "“Pause” — €5 café\r\nKyiv said no.\r\n"


def test_text_in_a_named_encoding_is_read_keeping_crlf(write_file) -> None:
    (record,) = read_any(write_file("memo.txt", CP1252_MEMO.encode("cp1252")), {"encoding": "cp1252"})
    assert (record.document.text, record.document.meta) == (CP1252_MEMO, {"encoding": "cp1252"})


def test_text_encoding_auto_is_guessed_by_charset_normalizer(write_file) -> None:
    memo = ("Die Verhandlungen über den Waffenstillstand wurden am Donnerstag in Genf fortgesetzt, "
            "während die Delegationen über die Grenzübergänge stritten. ") * 4
    (record,) = read_any(write_file("memo.txt", memo.encode("cp1252")), {"encoding": "auto"})
    assert record.document.text == memo


def test_text_that_is_not_the_named_encoding_is_refused_naming_the_line(write_file) -> None:
    with pytest.raises(BadInput, match=r"memo\.txt:2: not valid ascii"):
        read_any(write_file("memo.txt", "Line one\ncafé\n".encode("utf-8")), {"encoding": "ascii"})


def test_utf8_stays_the_default_and_its_refusal_names_the_option(write_file) -> None:
    with pytest.raises(BadInput, match=r"not valid UTF-8 .*--encoding"):
        read_any(write_file("memo.txt", CP1252_MEMO.encode("cp1252")))


# -- the window's cold start ---------------------------------------------------------------------

def test_opening_the_window_imports_no_document_library() -> None:
    heavy = ["docx", "odf", "striprtf", "pypdfium2", "trafilatura", "lxml", "charset_normalizer"]
    code = ("import sys, annotator.ui.main_window, annotator.cli, annotator.transfer; "
            f"print([m for m in {heavy!r} if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.stdout.strip() == "[]"
