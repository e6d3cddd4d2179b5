"""Spreadsheets of articles: one document per row, the text exactly as the cell holds it.

Files are written here the way analysts' tools write them: Python's csv module (Excel's
dialect) and openpyxl for .xlsx."""

from __future__ import annotations

import csv
import datetime
import zipfile
from pathlib import Path
from typing import Any, Sequence

import openpyxl
import pytest

from annotator.errors import AnnotatorError, BadInput
from annotator.formats import read_any, reader_for
from annotator.formats.tables import preview
from annotator.store import Project
from annotator.transfer import import_into
from tests.files import snapshot

HARD_TEXTS = {
    "crlf": "First line.\r\nSecond line after CRLF.",
    "emoji": "Family 👩‍👩‍👧 and flag 🇺🇦 in one cell.",
    "combining": "Jose\u0301 Ramo\u0301n spoke.",
    "rtl": "قال الوزير إن המשא ומתן ימשך.",
    "separator": "Before U+2028\u2028after it.",
    "bom": "\ufeffA cell that starts with U+FEFF.",
}


def write_csv(path: Path, rows: Sequence[Sequence[Any]], encoding: str = "utf-8", **fmt: Any) -> Path:
    with open(path, "w", newline="", encoding=encoding) as handle:
        csv.writer(handle, **fmt).writerows(rows)
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(list(row))
    workbook.save(path)
    return path


def documents(path: Path, **options: Any) -> list:
    return [record.document for record in read_any(path, options)]


@pytest.fixture
def hard_rows() -> list[list[str]]:
    return [["id", "title", "body", "section"],
            *([key, f"About {key}", text, "world"] for key, text in HARD_TEXTS.items())]


# -- what is read ------------------------------------------------------------------------------

@pytest.mark.parametrize("name, encoding", [("articles.csv", "utf-8"), ("articles.csv", "utf-8-sig"),
                                            ("articles.tsv", "utf-8")])
def test_each_row_becomes_a_document_with_its_text_exactly_as_written(tmp_path, hard_rows, name, encoding):
    delimiter = "\t" if name.endswith(".tsv") else ","
    path = write_csv(tmp_path / name, hard_rows, encoding=encoding, delimiter=delimiter)
    assert {d.external_id: d.text for d in documents(path)} == HARD_TEXTS


def test_the_other_columns_go_into_meta_and_title_into_the_title(tmp_path, hard_rows):
    document = documents(write_csv(tmp_path / "articles.csv", hard_rows))[0]
    assert (document.title, document.source, document.meta) == ("About crlf", "articles.csv", {"section": "world"})


def test_workbook_rows_keep_hard_unicode_and_excel_escaped_carriage_returns(tmp_path, hard_rows):
    # Excel writes a CR inside a cell as _x000D_ (XML would turn a raw CR into LF); the library decodes it.
    rows = [[cell.replace("\r", "_x000D_") for cell in row] for row in hard_rows]
    path = write_xlsx(tmp_path / "articles.xlsx", rows)
    assert {d.external_id: d.text for d in documents(path)} == HARD_TEXTS


def test_workbook_numbers_and_dates_become_ids_meta_and_iso_dates(tmp_path):
    path = write_xlsx(tmp_path / "wire.xlsx", [
        ["id", "date", "text", "words", "share", "checked"],
        [17, datetime.date(2025, 4, 17), "Kyiv said no.", 3, 0.25, True],
        [18, datetime.datetime(2025, 4, 18, 9, 30), "Moscow said yes.", 3, 0.5, False]])
    first, second = documents(path)
    assert (first.external_id, first.date, first.meta) == ("17", "2025-04-17",
                                                           {"words": 3, "share": 0.25, "checked": True})
    assert (second.date, second.meta["date_as_written"]) == ("2025-04-18", "2025-04-18T09:30:00")


@pytest.mark.parametrize("written, date, kept", [("2025-04-17", "2025-04-17", None),
                                                 ("2025-04-17T08:00:00+02:00", "2025-04-17", "2025-04-17T08:00:00+02:00"),
                                                 ("17/04/2025", "", "17/04/2025"),
                                                 ("April 17, 2025", "", "April 17, 2025"),
                                                 ("", "", None)])
def test_dates_are_iso_and_other_shapes_are_kept_as_written(tmp_path, written, date, kept):
    document = documents(write_csv(tmp_path / "a.csv", [["text", "date"], ["Words.", written]]))[0]
    assert (document.date, document.meta.get("date_as_written")) == (date, kept)


def test_columns_are_chosen_by_name_or_by_number(tmp_path):
    path = write_csv(tmp_path / "a.csv", [["url", "headline", "lede"], ["https://x/1", "Talks", "They met."]])
    by_name = documents(path, text_column="lede", id_column="URL")[0]
    by_number = documents(path, text_column="3", id_column="1")[0]
    assert (by_name.external_id, by_name.text) == (by_number.external_id, by_number.text) == ("https://x/1",
                                                                                              "They met.")
    assert by_name.meta == {"headline": "Talks"}


def test_a_header_that_is_a_number_is_matched_by_name_before_position(tmp_path):
    path = write_csv(tmp_path / "a.csv", [["2", "1"], ["By name.", "By position."]])
    assert documents(path, text_column="1")[0].text == "By position."


def test_an_empty_id_column_option_numbers_the_rows_even_with_an_id_column(tmp_path):
    path = write_csv(tmp_path / "a.csv", [["id", "text"], ["same", "One."], ["same", "Two."]])
    assert [(d.external_id, d.meta) for d in documents(path, id_column="")] == [("a-2", {"id": "same"}),
                                                                                ("a-3", {"id": "same"})]


def test_without_an_id_column_ids_are_the_file_stem_and_row(tmp_path):
    path = write_csv(tmp_path / "press.csv", [["content"], ["One."], [""], ["Two."]])
    assert [(d.external_id, d.text) for d in documents(path)] == [("press-2", "One."), ("press-4", "Two.")]


def test_excel_semicolons_and_its_sep_line_are_understood(tmp_path):
    plain = write_csv(tmp_path / "eu.csv", [["id", "text"], ["a", "Eins, zwei; drei."]], delimiter=";")
    hinted = tmp_path / "hint.csv"
    hinted.write_bytes(b"sep=;\r\nid;text\r\nb;Vier, f\xc3\xbcnf.\r\n")
    assert [(d.external_id, d.text) for d in documents(plain) + documents(hinted)] == [
        ("a", "Eins, zwei; drei."), ("b", "Vier, fünf.")]


def test_an_unnamed_index_column_and_repeated_headers_get_names_of_their_own(tmp_path):
    path = write_csv(tmp_path / "pandas.csv", [["", "text", "note", "note"], ["0", "Words.", "a", "b"]])
    assert documents(path)[0].meta == {"column 1": "0", "note": "a", "note (column 4)": "b"}


def test_an_article_longer_than_csvs_default_field_limit_is_read(tmp_path):
    long = "word " * 60_000
    assert documents(write_csv(tmp_path / "long.csv", [["text"], [long]]))[0].text == long


def test_utf16_with_a_byte_order_mark_is_read(tmp_path, hard_rows):
    path = write_csv(tmp_path / "unicode.tsv", hard_rows, encoding="utf-16", delimiter="\t")
    assert {d.external_id: d.text for d in documents(path)} == HARD_TEXTS


def test_a_reader_given_another_encoding_reads_it(tmp_path):
    path = write_csv(tmp_path / "latin.csv", [["text"], ["Überall Café"]], encoding="latin-1")
    assert documents(path, encoding="latin-1")[0].text == "Überall Café"


def test_preview_shows_the_first_rows_and_the_default_columns(tmp_path, hard_rows):
    shown = preview(write_csv(tmp_path / "a.csv", hard_rows), count=2)
    assert (shown.columns, shown.rows[1][2], len(shown.rows)) == (("id", "title", "body", "section"),
                                                                  HARD_TEXTS["emoji"], 2)
    assert (shown.text_column, shown.id_column) == (2, 0)


def test_spreadsheets_are_registered_for_their_suffixes():
    assert [reader_for(name).name for name in ("a.csv", "B.TSV", "c.xlsx")] == ["csv", "tsv", "xlsx"]


# -- what is refused -------------------------------------------------------------------------------

def refusal(path: Path, **options: Any) -> str:
    with pytest.raises(BadInput) as raised:
        documents(path, **options)
    return str(raised.value)


def test_no_text_column_is_refused_listing_the_columns(tmp_path):
    path = write_csv(tmp_path / "a.csv", [["url", "headline"], ["x", "y"]])
    assert refusal(path) == (f"{path}:1: which column holds the text? None is called text, body, content, "
                             f"article, full_text; name one (--text-column on the command line). "
                             f"The columns are 1 'url', 2 'headline'")


def test_a_missing_named_column_is_refused_listing_the_columns(tmp_path):
    path = write_csv(tmp_path / "a.csv", [["id", "text"], ["x", "y"]])
    assert refusal(path, id_column="url") == f"{path}: no column 'url' for the id; the columns are 1 'id', 2 'text'"


def test_an_empty_text_is_refused_naming_the_row(tmp_path):
    path = write_csv(tmp_path / "a.csv", [["id", "body"], ["a", "Words."], ["b", "  \r\n "]])
    assert refusal(path) == f"{path}:3: row 3: the text (column 'body') is empty"


def test_a_duplicate_id_is_refused_naming_both_rows(tmp_path):
    path = write_csv(tmp_path / "a.csv", [["id", "text"], ["a", "Line\r\nbreak."], ["b", "Two."], ["a", "Three."]])
    assert refusal(path) == f"{path}:5: row 4: duplicate id 'a' (first in row 2)"


@pytest.mark.parametrize("row, count", [(["a", "Words.", "extra"], 3), (["a"], 1)])
def test_a_row_with_too_many_or_too_few_fields_is_refused(tmp_path, row, count):
    path = write_csv(tmp_path / "a.csv", [["id", "text"], row])
    assert refusal(path).startswith(f"{path}:2: row 2: {count} fields where the header has 2")


def test_an_unclosed_quote_is_refused_naming_where_its_row_starts(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b'id,text\na,"Fine."\nb,"Never closed.\nc,Lost.\n')
    assert refusal(path) == f"{path}:3: row 3: a quoted field is never closed"


def test_a_workbook_row_error_names_the_row_as_excel_numbers_it(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [["id", "text"], ["a", "Words."], ["b", None]])
    assert refusal(path) == f"{path}: row 3: the text (column 'text') is empty"


def test_a_csv_in_another_encoding_is_refused_with_its_line(tmp_path):
    path = write_csv(tmp_path / "a.csv", [["id", "text"], ["a", "plain"], ["b", "Café"]], encoding="cp1252")
    assert refusal(path) == f"{path}:3: not valid UTF-8 (byte 0xe9); save it as CSV UTF-8 and import it again"


def test_a_workbook_saved_under_a_csv_name_is_refused(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [["text"], ["x"]]).rename(tmp_path / "renamed.csv")
    assert "this is a workbook" in refusal(path)


@pytest.mark.parametrize("content, reason", [(b"", "the file is empty"),
                                             (b"PK\x03\x04 broken", "not a readable .xlsx workbook"),
                                             (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "password-protected")])
def test_an_empty_damaged_or_encrypted_workbook_is_refused(tmp_path, content, reason):
    path = tmp_path / "a.xlsx"
    path.write_bytes(content)
    assert reason in refusal(path)


def test_a_workbook_whose_sheet_xml_is_broken_is_refused(tmp_path):
    good = write_xlsx(tmp_path / "good.xlsx", [["text"], ["x"]])
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data[: len(data) // 2] if item.filename.endswith("sheet1.xml") else data)
    assert refusal(broken).startswith(f"{broken}: ")


@pytest.mark.parametrize("content, reason", [("", "the file is empty"), ("\r\n,\r\n", "the file is empty"),
                                             ("id,text\r\n,\r\n", "the file has no rows under its header")])
def test_a_table_without_rows_is_refused(tmp_path, content, reason):
    path = tmp_path / "a.csv"
    path.write_text(content, encoding="utf-8")
    assert refusal(path) == f"{path}: {reason}"


# -- into a project -----------------------------------------------------------------------------

def test_a_bad_row_leaves_the_project_as_it_was(tmp_path):
    good = write_csv(tmp_path / "good.csv", [["id", "text"], ["a", "Fine."]])
    bad = write_csv(tmp_path / "bad.csv", [["id", "text"], ["b", "Fine."], ["c", ""]])
    path = tmp_path / "p.db"
    with Project(path) as project:
        import_into(project, [write_csv(tmp_path / "first.csv", [["text"], ["Already here."]])], "ana")
    before = snapshot(path)
    with Project(path) as project, pytest.raises(BadInput, match="row 3"):
        import_into(project, [good, bad], "ana")
    assert snapshot(path) == before


def test_meta_and_text_survive_the_store(project, tmp_path, hard_rows):
    import_into(project, [write_csv(tmp_path / "a.csv", hard_rows)], "ana", {"text_column": "body"})
    stored = {d.external_id: d for d, _ in project.iter_documents_with_spans()}
    assert {key: d.text for key, d in stored.items()} == HARD_TEXTS
    assert stored["rtl"].meta == {"section": "world"} and stored["rtl"].title == "About rtl"


def test_a_column_option_for_files_without_columns_is_refused(project, tmp_path):
    text = tmp_path / "a.txt"
    text.write_text("Words.", encoding="utf-8")
    with pytest.raises(AnnotatorError, match=r"text column is an option for \.csv, \.tsv, \.xlsx files"):
        import_into(project, [text], "ana", {"text_column": "body"})


def test_a_batch_may_mix_tables_and_text_files_under_one_set_of_options(project, tmp_path):
    text = tmp_path / "memo.txt"
    text.write_text("A memo.", encoding="utf-8")
    table = write_csv(tmp_path / "a.csv", [["url", "lede"], ["x", "A lede."]])
    report = import_into(project, [text, table], "ana", {"text_column": "lede", "id_column": "url"})
    assert report.documents_added == 2
