"""Hostile and broken input, in the core: real files in tmp_path, real project files.

The rule under test: bad input never crashes and never loses data. It is refused with
a `BadInput` (or `ProjectError`) naming the file and line, and the project file is left
byte for byte as it was, with nothing new committed to its write-ahead log either.
"""

from __future__ import annotations

import codecs
import ctypes
import hashlib
import json
import os
import random
import re
import resource
import signal
import sqlite3
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.errors import AnnotatorError, BadInput, DocumentConflict, ProjectError
from annotator.formats import read_any
from annotator.formats.jsonl import read_jsonl, write_jsonl
from annotator.model import Document
from annotator.store import Project
from annotator.transfer import export_project, import_files, import_into
from tests.files import snapshot

TALK = "Ozer said a ceasefire is near. Kyiv 🇺🇦 disagreed."


# -- helpers -----------------------------------------------------------------------------------

def jsonl(*objects: object) -> str:
    return "".join(json.dumps(obj, ensure_ascii=False) + "\n" for obj in objects)


@pytest.fixture
def existing_project(project_path: Path, write_file) -> Path:
    """A closed project that already holds a document with a span: something to lose."""
    source = write_file("earlier.jsonl", jsonl({"id": "talk", "text": TALK, "spans": [
        {"start": 0, "end": 4, "label": "Actor", "annotator": "ana"}]}))
    import_files(project_path, [source], "ana")
    return project_path


def refused(project_path: Path, files: list[Path]) -> BadInput:
    """Imports `files` into the project, expecting a refusal that leaves it as it was."""
    before = snapshot(project_path)
    with pytest.raises(BadInput) as raised:
        import_files(project_path, files, "ana")
    assert snapshot(project_path) == before
    return raised.value


# -- text that is not UTF-8 --------------------------------------------------------------------

def test_cp1252_text_is_refused_naming_the_line_and_asking_for_utf8(existing_project: Path,
                                                                     write_file) -> None:
    path = write_file("memo.txt", "Memo\r\nPeace talks\r\n".encode() + "“Pause” — €5 café".encode("cp1252"))
    error = refused(existing_project, [path])
    assert (error.path, error.line) == (str(path), 3)
    assert "not valid UTF-8 (byte 0x93" in error.reason and "save the file as UTF-8" in error.reason


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_text_with_a_byte_order_mark_is_read_in_code_points(write_file, encoding: str) -> None:
    text = "date 2025-04-17 Talks\r\nKyiv 🇺🇦 said e\u0301 no.\r\nשלום"
    bom = codecs.BOM_UTF16_LE if encoding == "utf-16-le" else codecs.BOM_UTF16_BE
    (record,) = read_any(write_file("notepad.txt", bom + text.encode(encoding)))
    body = record.document.text
    assert (record.document.title, record.document.date) == ("Talks", "2025-04-17")
    assert body == "Kyiv 🇺🇦 said e\u0301 no.\r\nשלום"
    assert body[body.index("said"):body.index("said") + 4] == "said"
    assert body.index("said") == 8  # the flag is two code points (four UTF-16 units)


def test_utf16_text_with_a_broken_surrogate_is_refused_naming_its_line(write_file) -> None:
    data = codecs.BOM_UTF16_LE + "one\ntwo\nthree ".encode("utf-16-le") + b"\x00\xd8" + "x".encode("utf-16-le")
    with pytest.raises(BadInput, match="not valid UTF-16-LE .*save the file as UTF-8") as raised:
        read_any(write_file("broken.txt", data))
    assert raised.value.line == 3


def test_utf16_text_without_a_byte_order_mark_is_refused_pointing_at_utf8(write_file) -> None:
    with pytest.raises(BadInput, match="UTF-16 without a byte-order mark.*save the file as UTF-8") as raised:
        read_any(write_file("nobom.txt", "Peace talks".encode("utf-16-le")))
    assert raised.value.line == 1


def test_utf16_jsonl_is_refused_on_its_first_line_asking_for_utf8(write_file) -> None:
    path = write_file("batch.jsonl", jsonl({"id": "a", "text": TALK}).encode("utf-16"))
    with pytest.raises(BadInput, match="UTF-16 .*not UTF-8; save the file as UTF-8") as raised:
        list(read_jsonl(path))
    assert (raised.value.path, raised.value.line) == (str(path), 1)


# -- binary files under a text name -----------------------------------------------------------

def png_bytes(seed: int = 7) -> bytes:
    """A PNG signature and header chunk, then noise: an image renamed to .txt."""
    return (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"
            + random.Random(seed).randbytes(4096))


def test_png_renamed_to_txt_is_refused_as_binary(existing_project: Path, write_file) -> None:
    error = refused(existing_project, [write_file("photo.txt", png_bytes())])
    assert "binary file, not text" in error.reason
    assert error.line == 3  # the signature itself holds two line breaks


def test_word_document_renamed_to_md_is_refused_as_binary(existing_project: Path, write_file) -> None:
    docx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00" + random.Random(3).randbytes(2048)
    error = refused(existing_project, [write_file("draft.md", docx)])
    assert (error.line, "binary file, not text" in error.reason) == (1, True)


def test_noise_without_nul_bytes_is_refused_as_not_utf8(existing_project: Path, write_file) -> None:
    noise = bytes(b for b in random.Random(5).randbytes(4096) if b)
    error = refused(existing_project, [write_file("noise.txt", noise)])
    assert "not valid UTF-8" in error.reason and error.line is not None


def test_png_renamed_to_jsonl_is_refused_on_its_first_line(existing_project: Path, write_file) -> None:
    error = refused(existing_project, [write_file("photo.jsonl", png_bytes())])
    assert error.line == 1 and "not valid UTF-8 (byte 0x89)" in error.reason


# -- JSONL lines that are not what they claim ---------------------------------------------------

GOOD = {"id": "good", "text": TALK, "spans": [{"start": 0, "end": 4, "label": "Actor", "annotator": "bo"}]}


def good(n: int) -> dict:
    return {**GOOD, "id": f"good-{n}", "text": f"{TALK} ({n})"}


def test_first_of_several_bad_lines_is_named_and_nothing_is_imported(existing_project: Path,
                                                                     write_file) -> None:
    path = write_file("mixed.jsonl", jsonl(good(1), good(2)) + '{"id": "x", "text": \n'
                      + jsonl(good(3), {"id": "y", "text": "ab", "spans": [{"start": 0, "end": 9,
                                                                             "label": "Claim"}]}, good(4)))
    error = refused(existing_project, [path])
    assert (error.path, error.line) == (str(path), 3)
    assert "not valid JSON" in error.reason


def test_unknown_label_before_a_malformed_line_is_the_one_named(existing_project: Path, write_file) -> None:
    path = write_file("mixed.jsonl", jsonl(good(1), {**good(2), "spans": [{"start": 0, "end": 4,
                                                                           "label": "Mood"}]})
                      + "not json at all\n")
    error = refused(existing_project, [path])
    assert (error.line, "unknown label 'Mood'" in error.reason) == (2, True)


def test_bad_line_in_the_second_file_is_named_after_a_good_first_file(existing_project: Path,
                                                                      write_file) -> None:
    first = write_file("first.jsonl", jsonl(good(1), good(2)))
    second = write_file("second.jsonl", "\n" + jsonl(good(3)) + "[1, 2]\n" + "{oops\n")
    error = refused(existing_project, [first, second])
    assert (error.path, error.line) == (str(second), 3)


@pytest.mark.parametrize("line", [
    "[" * 5000 + "]" * 5000,
    '{"id": "s", "text": "\\ud800 lone surrogate"}',
    '{"id": "d", "text": "one"}{"id": "e", "text": "two"}',
    '"just a string"',
    "null",
    '{"id": "n", "text": NaN}',
], ids=["nested-5000-deep", "lone-surrogate-escape", "two-objects-on-a-line", "a-string", "null",
        "nan"])
def test_hostile_json_line_is_refused_naming_its_line(existing_project: Path, write_file, line: str) -> None:
    path = write_file("hostile.jsonl", jsonl(good(1)) + line + "\n")
    error = refused(existing_project, [path])
    assert (error.path, error.line) == (str(path), 2)


@pytest.mark.parametrize("span, complaint", [
    ({"start": 0, "end": 999, "label": "Claim"}, "outside the text"),
    ({"start": -3, "end": 2, "label": "Claim"}, "outside the text"),
    ({"start": 5, "end": 5, "label": "Claim"}, "or empty"),
    ({"start": 6, "end": 2, "label": "Claim"}, "or empty"),
    ({"start": 0.0, "end": 4, "label": "Claim"}, '"start" must be an integer'),
    ({"start": 0, "end": 4.5, "label": "Claim"}, '"end" must be an integer'),
    ({"start": "0", "end": 4, "label": "Claim"}, '"start" must be an integer'),
    ({"start": 0, "end": "4", "label": "Claim"}, '"end" must be an integer'),
    ({"start": False, "end": True, "label": "Claim"}, '"start" must be an integer'),
    ({"start": 0, "end": True, "label": "Claim"}, '"end" must be an integer'),
    ({"start": None, "end": 4, "label": "Claim"}, '"start" must be an integer'),
    ({"end": 4, "label": "Claim"}, '"start" must be an integer'),
    ({"start": 0, "end": 2 ** 70, "label": "Claim"}, '"end" must be an integer'),
    ({"start": 0, "end": 4, "label": 1}, '"label" must be a non-empty string'),
    ({"start": 0, "end": 4, "label": None}, '"label" must be a non-empty string'),
    ({"start": 0, "end": 4, "label": ["Claim"]}, '"label" must be a non-empty string'),
    ({"start": 0, "end": 4, "label": {"name": "Claim"}}, '"label" must be a non-empty string'),
    ({"start": 0, "end": 4, "label": ""}, '"label" must be a non-empty string'),
    ({"start": 0, "end": 4}, '"label" must be a non-empty string'),
    ({"start": 0, "end": 4, "label": "Claim", "annotator": 7}, '"annotator" must be a string'),
    ({"start": 0, "end": 4, "label": "Claim", "text": 7}, "its text 7 is not text[0:4]"),
    ("0-4 Claim", "span 1 must be an object"),
], ids=["past-the-end", "negative", "empty", "reversed", "float-start", "float-end", "string-start",
        "string-end", "bool-start", "bool-end", "null-start", "missing-start", "huge-end", "int-label",
        "null-label", "list-label", "object-label", "empty-label", "missing-label", "int-annotator",
        "int-quote", "span-as-string"])
def test_bad_span_is_refused_naming_file_and_line(existing_project: Path, write_file, span: object,
                                                  complaint: str) -> None:
    path = write_file("spans.jsonl", jsonl(good(1), good(2), {"id": "bad", "text": TALK, "spans": [span]}))
    error = refused(existing_project, [path])
    assert (error.path, error.line) == (str(path), 3)
    assert complaint in error.reason


@pytest.mark.parametrize("spans", ['"Claim 0-4"', '{"start": 0}', "null"], ids=["string", "object", "null"])
def test_spans_that_are_not_a_list_are_refused_naming_the_line(existing_project: Path, write_file,
                                                               spans: str) -> None:
    path = write_file("spans.jsonl", jsonl(good(1)) + f'{{"id": "b", "text": "Talks.", "spans": {spans}}}\n')
    error = refused(existing_project, [path])
    assert (error.line, error.reason) == (2, '"spans" must be a list')


def test_meta_fields_given_as_null_are_empty_not_the_word_none(write_file) -> None:
    path = write_file("meta.jsonl", jsonl({"id": "a", "text": TALK,
                                          "meta": {"title": None, "date": None, "source": None}}))
    (record,) = read_jsonl(path)
    assert (record.document.title, record.document.date, record.document.source) == ("", "", "")


# -- ids: repeated within a file, shared across files -----------------------------------------

def test_same_id_twice_in_one_file_is_refused_naming_the_second_line(existing_project: Path,
                                                                     write_file) -> None:
    path = write_file("twice.jsonl", jsonl({"id": 7, "text": "First."}, good(1), {"id": "7", "text": "Other."}))
    error = refused(existing_project, [path])
    assert (error.line, error.reason) == (3, "duplicate id '7'")


def test_same_id_with_another_text_in_a_second_file_is_a_conflict_naming_it(existing_project: Path,
                                                                            write_file) -> None:
    first = write_file("ana.jsonl", jsonl(good(1), {"id": "shared", "text": "The first version."}))
    second = write_file("bo.jsonl", jsonl(good(2), {"id": "shared", "text": "An edited version."}))
    before = snapshot(existing_project)
    with pytest.raises(DocumentConflict, match=rf"^{re.escape(str(second))}:2: document 'shared' .*different"):
        import_files(existing_project, [first, second], "ana")
    assert snapshot(existing_project) == before


def test_same_id_with_the_same_text_in_two_files_is_one_document_with_both_layers(
        existing_project: Path, write_file) -> None:
    text = "Moscow said talks would go on.\r\nKyiv 🇺🇦 disagreed."
    kyiv = {"start": 32, "end": 36, "label": "Actor", "text": "Kyiv"}
    first = write_file("ana.jsonl", jsonl({"id": "note", "text": text, "spans": [
        {**kyiv, "annotator": "ana"}, {"start": 0, "end": 6, "label": "Actor", "annotator": "ana"}]}))
    second = write_file("bo.jsonl", jsonl({"id": "note", "text": text, "spans": [
        {**kyiv, "annotator": "ana"}, {**kyiv, "annotator": "bo"}]}))
    report = import_files(existing_project, [first, second], "ana")
    assert (report.documents_added, report.documents_matched, report.spans_added, report.spans_present) == (
        1, 1, 3, 1)
    with Project(existing_project, create=False) as project:
        (note,) = [d for d in project.documents() if d.external_id == "note"]
        spans = sorted((s.annotator, s.start, s.end, s.label) for s in project.spans(note.id))
    assert spans == [("ana", 0, 6, "Actor"), ("ana", 32, 36, "Actor"), ("bo", 32, 36, "Actor")]


# -- very long lines: read as a stream ---------------------------------------------------------

def test_jsonl_records_come_one_line_at_a_time_not_after_the_whole_file(tmp_path: Path) -> None:
    """Read from a pipe whose second line is written only once the first record has arrived:
    a reader that took in the whole file (or more than a line) first would wait for ever."""
    pipe = tmp_path / "stream.jsonl"
    os.mkfifo(pipe)
    first_arrived = threading.Event()
    writer_saw_it = []

    def write_slowly() -> None:
        with open(pipe, "w", encoding="utf-8") as out:
            out.write(jsonl(good(1)))
            out.flush()
            writer_saw_it.append(first_arrived.wait(timeout=30))
            out.write(jsonl(good(2)))

    writer = threading.Thread(target=write_slowly)
    writer.start()
    records = read_jsonl(pipe)
    first = next(records)
    first_arrived.set()
    rest = list(records)
    writer.join()
    assert writer_saw_it == [True]
    assert [r.document.external_id for r in [first, *rest]] == ["good-1", "good-2"]


# -- the project file itself is damaged ---------------------------------------------------------

@pytest.fixture
def damaged_at_half(existing_project: Path, write_file) -> Path:
    """A project with a few hundred documents, checkpointed, then cut to half its size."""
    batch = write_file("many.jsonl", jsonl(*({"id": f"d{n}", "text": f"Document {n}: {TALK * 20}"}
                                             for n in range(300))))
    with Project(existing_project) as project:
        import_into(project, [batch], "ana")
        project.checkpoint()
    os.truncate(existing_project, existing_project.stat().st_size // 2)
    return existing_project


def test_project_cut_to_half_is_refused_as_damaged_and_left_alone(damaged_at_half: Path,
                                                                  write_file) -> None:
    before = hashlib.sha256(damaged_at_half.read_bytes()).hexdigest()
    with pytest.raises(ProjectError, match=rf"^{re.escape(str(damaged_at_half))}: the project file is damaged"):
        import_files(damaged_at_half, [write_file("new.txt", "A new text.\n")], "ana")
    with pytest.raises(ProjectError, match="damaged"):
        Project(damaged_at_half, create=False)
    assert hashlib.sha256(damaged_at_half.read_bytes()).hexdigest() == before
    assert not Path(f"{damaged_at_half}-wal").exists() or Path(f"{damaged_at_half}-wal").stat().st_size == 0


@pytest.fixture
def damaged_inside(existing_project: Path, write_file) -> Path:
    """A project whose header and schema are fine but one page of documents is overwritten:
    it opens, and the damage shows only when that page is read."""
    batch = write_file("many.jsonl", jsonl(*({"id": f"d{n}", "text": f"Document {n:03}: {TALK * 10}"}
                                             for n in range(300))))
    with Project(existing_project) as project:
        import_into(project, [batch], "ana")
        project.checkpoint()
    data = bytearray(existing_project.read_bytes())
    page = data.index("Document 150:".encode()) // 4096 * 4096
    assert page > 4096 * 4
    data[page:page + 4096] = b"\xff" * 4096
    existing_project.write_bytes(bytes(data))
    return existing_project


def test_exporting_a_project_damaged_inside_is_refused_as_damaged_leaving_no_output(
        damaged_inside: Path, tmp_path: Path) -> None:
    before = hashlib.sha256(damaged_inside.read_bytes()).hexdigest()
    with Project(damaged_inside, create=False) as project:
        with pytest.raises(ProjectError, match=rf"^{re.escape(str(damaged_inside))}: .*damaged"):
            export_project(project, tmp_path / "out.jsonl")
    assert hashlib.sha256(damaged_inside.read_bytes()).hexdigest() == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith((".out", "out"))]


def test_merging_a_damaged_colleague_file_names_that_file(damaged_inside: Path, tmp_path: Path,
                                                           write_file) -> None:
    mine = tmp_path / "mine.db"
    import_files(mine, [write_file("mine.txt", "My own text.\n")], "ana")
    with Project(mine, create=False) as project:
        with pytest.raises(AnnotatorError, match=rf"^{re.escape(str(damaged_inside))}: .*damaged"):
            project.merge_project(damaged_inside)


def test_merging_a_damaged_colleague_file_changes_neither_file(damaged_inside: Path, tmp_path: Path,
                                                               write_file) -> None:
    mine = tmp_path / "mine.db"
    import_files(mine, [write_file("mine.txt", "My own text.\n")], "ana")
    before, theirs = snapshot(mine), hashlib.sha256(damaged_inside.read_bytes()).hexdigest()
    with Project(mine, create=False) as project:
        with pytest.raises(AnnotatorError, match="damaged"):
            project.merge_project(damaged_inside)
    assert snapshot(mine) == before
    assert hashlib.sha256(damaged_inside.read_bytes()).hexdigest() == theirs


def test_listing_the_annotators_of_a_damaged_project_raises_project_error(existing_project: Path) -> None:
    with Project(existing_project) as project:
        project.checkpoint()
    conn = sqlite3.connect(existing_project)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'annotators'").fetchone()
    conn.close()
    data = bytearray(existing_project.read_bytes())
    data[(root - 1) * 4096:root * 4096] = b"\xff" * 4096
    existing_project.write_bytes(bytes(data))
    with Project(existing_project, create=False) as project:
        with pytest.raises(ProjectError, match="damaged"):
            project.annotators()


# -- a project this process may not write ------------------------------------------------------

class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


_CAPABILITY_VERSION_3 = 0x20080522
_DAC_OVERRIDES = (1 << 1) | (1 << 2)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH


@contextmanager
def permission_bits_apply() -> Iterator[None]:
    """Root ignores permission bits (as in CI): this thread drops from its effective set the two
    capabilities that let it, so that a 0o444 file really cannot be written, then takes them back.
    For any other user the bits apply anyway."""
    if os.geteuid() != 0:
        yield
        return
    libc = ctypes.CDLL(None, use_errno=True)
    header, data = _CapHeader(_CAPABILITY_VERSION_3, 0), (_CapData * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        pytest.skip("running as root and cannot read this thread's capabilities (capget failed)")
    saved = data[0].effective
    data[0].effective = saved & ~_DAC_OVERRIDES
    if libc.capset(ctypes.byref(header), data) != 0:
        pytest.skip("running as root and cannot drop CAP_DAC_OVERRIDE (capset failed)")
    try:
        yield
    finally:
        data[0].effective = saved
        assert libc.capset(ctypes.byref(header), data) == 0


@pytest.fixture
def read_only_project(existing_project: Path) -> Iterator[Path]:
    existing_project.chmod(0o444)
    with permission_bits_apply():
        with pytest.raises(PermissionError):
            open(existing_project, "r+b")  # the precondition: this process truly cannot write it
        yield existing_project
    existing_project.chmod(0o644)


def test_read_only_project_still_exports(read_only_project: Path, tmp_path: Path) -> None:
    with Project(read_only_project, create=False) as project:
        assert export_project(project, tmp_path / "out.jsonl") == 1
    (record,) = read_jsonl(tmp_path / "out.jsonl")
    assert record.document.text == TALK


def test_import_into_a_read_only_project_is_refused_as_read_only_and_changes_nothing(
        read_only_project: Path, write_file) -> None:
    before = snapshot(read_only_project)
    with pytest.raises(ProjectError, match=rf"^{re.escape(str(read_only_project))}: .*read-only"):
        import_files(read_only_project, [write_file("new.txt", "A new text.\n")], "ana")
    assert snapshot(read_only_project) == before


# -- a disk that fills up ----------------------------------------------------------------------

@contextmanager
def files_may_not_grow_past(limit: int) -> Iterator[None]:
    """The kernel refuses (EFBIG) any write past `limit` bytes, as a full disk would (ENOSPC)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


@pytest.fixture
def large_text(write_file) -> Path:
    return write_file("large.txt", "Ozer said a ceasefire is near. " * 20_000)  # 620 kB


def test_full_disk_during_import_is_refused_changing_nothing_and_the_project_still_works(
        existing_project: Path, large_text: Path, write_file) -> None:
    before = snapshot(existing_project)
    with Project(existing_project, create=False) as project:
        with files_may_not_grow_past(existing_project.stat().st_size + 64 * 1024):
            with pytest.raises(ProjectError, match=rf"^{re.escape(str(existing_project))}: .*nothing was changed"):
                import_into(project, [large_text], "ana")
        assert snapshot(existing_project)[1] == before[1]
        report = import_into(project, [write_file("small.txt", "A short text.\n")], "ana")
    assert report.documents_added == 1


# -- exports readable by the colleague they are for ---------------------------------------------

def test_new_export_gets_the_permissions_of_any_new_file(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    write_jsonl(tmp_path / "out.jsonl", [(Document("a", TALK), [])])
    assert (tmp_path / "out.jsonl").stat().st_mode == plain.stat().st_mode


def test_export_over_an_older_file_keeps_its_permissions(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    out.chmod(0o640)
    write_jsonl(out, [(Document("a", TALK), [])])
    assert (out.stat().st_mode & 0o777, out.read_text(encoding="utf-8").count("\n")) == (0o640, 1)


# -- any text, any valid spans: JSONL through the store and back is the identity ------------------

SPECIALS = ["\r\n", "\r", "\n", "\u2028", "\x85", "e\u0301", "\u0308", "🇺🇦", "👩🏽‍🚀", "😀", "\u200f",
            "\u202e", "שלום", "سلام", "\ufeff", "\x00", "\t", '"', "\\"]
any_text = st.lists(st.one_of(st.sampled_from(SPECIALS), st.characters(blacklist_categories=("Cs",))),
                    max_size=40).map("".join)
names = st.sampled_from(["ana", "bo", "Zoë", "محمد", "👩🏽‍🚀"])


@st.composite
def jsonl_documents(draw: st.DrawFn) -> list[dict]:
    """Documents with distinct ids and texts, each with distinct valid spans in code points."""
    texts = draw(st.lists(any_text, min_size=1, max_size=4, unique=True))
    documents = []
    for n, text in enumerate(texts):
        spans = set()
        if text:
            for _ in range(draw(st.integers(0, 6))):
                start = draw(st.integers(0, len(text) - 1))
                end = draw(st.integers(start + 1, len(text)))
                spans.add((start, end, draw(st.sampled_from(["Claim", "Actor", "Issue"])), draw(names)))
        documents.append({"id": f"doc-{n}-{draw(any_text)}", "text": text,
                          "meta": {"title": draw(any_text), "date": "", "source": ""},
                          "spans": [{"start": s, "end": e, "label": label, "text": text[s:e], "annotator": who}
                                    for s, e, label, who in sorted(spans)]})
    return documents


def as_sets(documents: list[dict]) -> dict[str, tuple[str, str, frozenset]]:
    return {d["id"]: (d["text"], d["meta"]["title"], frozenset(
        (s["start"], s["end"], s["label"], s["annotator"], s["text"]) for s in d["spans"]))
        for d in documents}


def through_a_fresh_project(source: Path, folder: Path, name: str) -> list[dict]:
    import_files(folder / f"{name}.db", [source], "nobody")
    with Project(folder / f"{name}.db", create=False) as project:
        export_project(project, folder / f"{name}.jsonl")
    with open(folder / f"{name}.jsonl", encoding="utf-8", newline="") as handle:
        return [json.loads(line) for line in handle.read().split("\n") if line]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(jsonl_documents())
def test_any_text_and_spans_survive_import_export_import(documents: list[dict]) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        source = folder / "source.jsonl"
        source.write_text(jsonl(*documents), encoding="utf-8", newline="")
        once = through_a_fresh_project(source, folder, "first")
        twice = through_a_fresh_project(folder / "first.jsonl", folder, "second")
    assert as_sets(once) == as_sets(documents)
    assert as_sets(twice) == as_sets(once)
    assert all(d["text"][s["start"]:s["end"]] == s["text"] for d in once + twice for s in d["spans"])

