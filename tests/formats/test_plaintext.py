"""Plain text and Markdown files: one document each, shown exactly as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annotator.errors import BadInput
from annotator.formats import read_any
from annotator.formats.plaintext import read_text_file


# -- the `date YYYY-MM-DD Title` header ----------------------------------------------------------

def test_sample_interview_header_gives_date_and_title(interview_path: Path) -> None:
    assert interview_path.read_bytes().startswith(b" date ")  # the header the sample really has
    document = read_text_file(interview_path).document
    assert (document.date, document.title) == ("2025-04-17", "Peace or pause? What the U.S. and Russia agreed on")


def test_sample_interview_text_starts_after_the_header(interview_path: Path) -> None:
    text = read_text_file(interview_path).document.text
    assert text.startswith("News.Az analytical portal spoke with Turkish political scientist")


def test_header_with_crlf_line_ending_is_recognised(write_file) -> None:
    document = read_text_file(write_file("talk.txt", "date 2024-01-02 Talks\r\n\r\nFirst line.\r\n")).document
    assert (document.date, document.title, document.text) == ("2024-01-02", "Talks", "First line.\r\n")


def test_header_without_a_title_takes_the_file_name_as_title(write_file) -> None:
    document = read_text_file(write_file("talk.txt", "date 2024-01-02\nFirst line.\n")).document
    assert (document.date, document.title, document.text) == ("2024-01-02", "talk", "First line.\n")


def test_file_without_header_keeps_its_first_line_and_is_titled_by_file_name(write_file) -> None:
    document = read_text_file(write_file("talk.txt", "Dated 2024-01-02 in Istanbul.\nMore.\n")).document
    assert (document.date, document.title) == ("", "talk")
    assert document.text == "Dated 2024-01-02 in Istanbul.\nMore.\n"


@pytest.mark.parametrize("header, complaint", [
    ("date 2024-13-45 Talks", "month must be in 1..12"),
    ("date 2023-02-29 Talks", "day is out of range for month"),
    ("date 2024-04-31", "day is out of range for month"),
], ids=["month-13", "not-a-leap-year", "april-31"])
def test_impossible_date_is_refused_naming_file_and_line(write_file, header: str, complaint: str) -> None:
    path = write_file("talk.txt", header + "\nFirst line.\n")
    with pytest.raises(BadInput, match=re.escape(complaint)) as raised:
        read_text_file(path)
    assert (raised.value.path, raised.value.line) == (str(path), 1)
    assert f"the date {header.split()[1]} is not a day of the calendar" in str(raised.value)


@pytest.mark.parametrize("header, written", [
    ("date 02/01/2024 Talks in Istanbul", "02/01/2024"),
    ("date 17 April 2025 Talks", "17"),
    ("date 2024-1-2 Talks", "2024-1-2"),
    ("date 2024-01-02Talks", "2024-01-02Talks"),
    ("  date\t2024.01.02\r", "2024.01.02"),
], ids=["slashes", "words", "no-leading-zeros", "no-space-before-title", "dots-crlf"])
def test_date_line_that_does_not_parse_is_refused_not_kept_as_text(write_file, header: str, written: str) -> None:
    path = write_file("talk.txt", header + "\nFirst line.\n")
    with pytest.raises(BadInput, match="is not a date written YYYY-MM-DD") as raised:
        read_text_file(path)
    assert (raised.value.path, raised.value.line) == (str(path), 1)
    assert repr(written) in str(raised.value)


@pytest.mark.parametrize("first", ["date", "Date 02/01/2024 was the day.", "dated 02/01/2024", "update 2024"])
def test_first_line_that_is_not_a_date_line_stays_text(write_file, first: str) -> None:
    document = read_text_file(write_file("talk.txt", first + "\nMore.\n")).document
    assert (document.date, document.text) == ("", first + "\nMore.\n")


def test_leap_day_is_a_date(write_file) -> None:
    document = read_text_file(write_file("talk.txt", "date 2024-02-29 Leap\nText.\n")).document
    assert (document.date, document.title) == ("2024-02-29", "Leap")


def test_document_is_identified_by_file_name(write_file) -> None:
    document = read_text_file(write_file("talk.md", "# Talks\n")).document
    assert (document.external_id, document.source) == ("talk", "talk.md")


# -- bytes as written ---------------------------------------------------------------------------

def test_crlf_line_endings_are_kept(write_file) -> None:
    text = "Ozer said:\r\nceasefire soon.\r\n"
    assert read_text_file(write_file("talk.txt", text)).document.text == text


def test_byte_order_mark_is_dropped(write_file) -> None:
    document = read_text_file(write_file("talk.txt", b"\xef\xbb\xbfOzer said.\n")).document
    assert document.text == "Ozer said.\n"


def test_byte_order_mark_before_the_header_still_gives_date_and_title(write_file) -> None:
    document = read_text_file(write_file("talk.txt", b"\xef\xbb\xbfdate 2024-01-02 Talks\nText.\n")).document
    assert (document.date, document.title, document.text) == ("2024-01-02", "Talks", "Text.\n")


def test_markdown_file_is_read_like_a_text_file(write_file) -> None:
    (record,) = read_any(write_file("notes.md", "# Talks\n\n*Ceasefire* soon.\n"))
    assert record.document.text == "# Talks\n\n*Ceasefire* soon.\n"


# -- input that cannot be taken -----------------------------------------------------------------

def test_invalid_utf8_names_the_file_and_the_line(write_file) -> None:
    path = write_file("latin1.txt", "First line.\nSecond: caf".encode() + b"\xe9\nThird.\n")
    with pytest.raises(BadInput) as raised:
        read_text_file(path)
    assert (raised.value.path, raised.value.line) == (str(path), 2)
    assert "not valid UTF-8 (byte 0xe9" in raised.value.reason


def test_invalid_utf8_after_a_byte_order_mark_names_the_right_line_and_byte(write_file) -> None:
    path = write_file("mixed.txt", b"\xef\xbb\xbfa\n\xff\n")
    with pytest.raises(BadInput) as raised:
        read_text_file(path)
    assert raised.value.line == 2
    assert "byte 0xff at offset 5" in raised.value.reason


def test_nul_bytes_are_refused_as_binary_naming_the_line(write_file) -> None:
    path = write_file("report.txt", b"Title\nBody\nmore\x00\x01\x02\n")
    with pytest.raises(BadInput, match="NUL bytes") as raised:
        read_text_file(path)
    assert (raised.value.path, raised.value.line) == (str(path), 3)


def test_file_with_only_a_header_is_refused(write_file) -> None:
    path = write_file("empty.txt", "date 2024-01-02 Talks\n\n  \n")
    with pytest.raises(BadInput, match="no text to annotate"):
        read_text_file(path)


def test_missing_file_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    with pytest.raises(BadInput, match="cannot read") as raised:
        read_text_file(path)
    assert raised.value.path == str(path)


def test_file_of_unknown_kind_is_refused_naming_the_formats_read(write_file) -> None:
    with pytest.raises(BadInput, match=r"cannot import \.xyz .*\.txt, \.md, \.jsonl"):
        read_any(write_file("table.xyz", "a,b\n"))
