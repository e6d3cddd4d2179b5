"""JSONL, one document a line: every error names its line; export → import → export is byte-identical."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.errors import AnnotatorError, BadInput
from annotator.formats.jsonl import read_jsonl, write_jsonl
from annotator.model import Document, Span, SpanData
from annotator.store import Project, Record
from annotator.transfer import export_project, import_into

GOOD = '{"id": "a", "text": "Ozer said a ceasefire is near.", "spans": []}'


def where(raised: pytest.ExceptionInfo[BadInput]) -> tuple[str, int | None]:
    return raised.value.path, raised.value.line


def read_all(path: Path) -> list[Record]:
    return list(read_jsonl(path))


def jsonl(*objects: object) -> str:
    return "".join(json.dumps(obj, ensure_ascii=False) + "\n" for obj in objects)


# -- reading what an analyst wrote --------------------------------------------------------------

def test_record_gives_document_fields_and_spans(write_file) -> None:
    path = write_file("batch.jsonl", jsonl({
        "id": 7, "text": "Ozer said a ceasefire is near.",
        "meta": {"title": "Talks", "date": "2025-04-17", "source": "News.Az", "speaker": "Ozer"},
        "spans": [{"start": 0, "end": 4, "label": "Actor", "text": "Ozer", "annotator": "ana"}]}))
    (record,) = read_all(path)
    document = record.document
    assert (document.external_id, document.title, document.date, document.source, document.meta) == (
        "7", "Talks", "2025-04-17", "News.Az", {"speaker": "Ozer"})
    assert record.spans == [SpanData(start=0, end=4, label="Actor", annotator="ana")]


def test_offsets_count_code_points_not_utf16_units(write_file) -> None:
    text = "🇺🇦 Kyiv said no."
    path = write_file("batch.jsonl", jsonl({"id": "k", "text": text, "spans": [
        {"start": 3, "end": 7, "label": "Actor", "text": "Kyiv"}]}))
    (record,) = read_all(path)
    span = record.spans[0]
    assert record.document.text[span.start:span.end] == "Kyiv"


def test_line_separator_inside_a_text_does_not_split_the_record(write_file) -> None:
    text = "First\u2028second\u0085third\x0cfourth"
    (record,) = read_all(write_file("batch.jsonl", jsonl({"id": "a", "text": text})))
    assert record.document.text == text


def test_crlf_line_endings_of_the_file_are_accepted(write_file) -> None:
    path = write_file("batch.jsonl", GOOD + "\r\n" + GOOD.replace('"a"', '"b"') + "\r\n")
    assert [r.document.external_id for r in read_all(path)] == ["a", "b"]


def test_byte_order_mark_of_the_file_is_dropped(write_file) -> None:
    (record,) = read_all(write_file("batch.jsonl", b"\xef\xbb\xbf" + GOOD.encode() + b"\n"))
    assert record.document.external_id == "a"


def test_blank_lines_are_skipped_and_still_counted(write_file) -> None:
    path = write_file("batch.jsonl", "\n" + GOOD + "\n\n" + GOOD.replace('"a"', '"b"') + "\n")
    assert [r.line for r in read_all(path)] == [2, 4]


# -- errors, each naming the file and the line ---------------------------------------------------

def test_malformed_json_names_its_line(write_file) -> None:
    path = write_file("batch.jsonl", GOOD + "\n" + GOOD.replace('"a"', '"b"') + "\n" + '{"id": "c", "text": \n')
    with pytest.raises(BadInput, match="not valid JSON") as raised:
        read_all(path)
    assert where(raised) == (str(path), 3)


def test_line_that_is_not_an_object_names_its_line(write_file) -> None:
    path = write_file("batch.jsonl", GOOD + "\n" + '["a", "b"]\n')
    with pytest.raises(BadInput, match="must be a JSON object") as raised:
        read_all(path)
    assert where(raised) == (str(path), 2)


@pytest.mark.parametrize("escaped, column", [
    ("Kyiv \\ud800 said", 27),           # a high half with nothing after it
    ("Kyiv \\udc00 said", 27),           # a low half on its own
    ("Kyiv \\ud83d\\ud83d said", 27),  # a high half followed by another high half
], ids=["high-alone", "low-alone", "high-then-high"])
def test_lone_surrogate_escape_is_named_as_such_with_its_line(write_file, escaped: str, column: int) -> None:
    path = write_file("batch.jsonl", GOOD + "\n" + '{"id": "b", "text": "' + escaped + '"}\n')
    with pytest.raises(BadInput) as raised:
        read_all(path)
    assert where(raised) == (str(path), 2)
    message = str(raised.value)
    assert message.startswith(f"{path}:2: a lone UTF-16 surrogate {escaped[5:11]} at column {column}")
    assert "not a Unicode character" in message
    assert "not valid JSON" not in message


def test_a_surrogate_pair_escape_is_one_character(write_file) -> None:
    path = write_file("batch.jsonl", '{"id": "e", "text": "peace \\ud83d\\ude4f now"}\n')
    assert read_all(path)[0].document.text == "peace 🙏 now"


def test_invalid_utf8_names_its_line(write_file) -> None:
    path = write_file("batch.jsonl", GOOD.encode() + b'\n{"id": "b", "text": "caf\xe9"}\n')
    with pytest.raises(BadInput, match="not valid UTF-8") as raised:
        read_all(path)
    assert where(raised) == (str(path), 2)


def test_invalid_utf8_after_a_byte_order_mark_names_the_bad_byte(write_file) -> None:
    path = write_file("batch.jsonl", b'\xef\xbb\xbf{"id": "b", "text": "caf\xe9"}\n')
    with pytest.raises(BadInput, match=r"byte 0xe9\)") as raised:
        read_all(path)
    assert where(raised) == (str(path), 1)


def test_nul_byte_names_its_line(write_file) -> None:
    path = write_file("batch.jsonl", GOOD.encode() + b'\n{"id": "b", "text": "x\x00y"}\n')
    with pytest.raises(BadInput) as raised:
        read_all(path)
    assert where(raised) == (str(path), 2)


@pytest.mark.parametrize("start, end", [(-1, 3), (20, 31), (0, 31)], ids=["negative", "past-the-end", "one-over"])
def test_span_outside_the_text_names_its_line(write_file, start: int, end: int) -> None:
    span = {"start": start, "end": end, "label": "Claim"}
    path = write_file("batch.jsonl", GOOD + "\n" + jsonl({"id": "b", "text": "Ozer said a ceasefire is near.",
                                                         "spans": [span]}))
    with pytest.raises(BadInput, match="outside the text") as raised:
        read_all(path)
    assert where(raised) == (str(path), 2)


@pytest.mark.parametrize("start, end", [(4, 4), (9, 4)], ids=["empty", "reversed"])
def test_span_ending_at_or_before_its_start_names_its_line(write_file, start: int, end: int) -> None:
    span = {"start": start, "end": end, "label": "Claim"}
    path = write_file("batch.jsonl", GOOD + "\n" + jsonl({"id": "b", "text": "Ozer said a ceasefire is near.",
                                                         "spans": [span]}))
    with pytest.raises(BadInput, match=f"{start}..{end} is outside the text .* or empty") as raised:
        read_all(path)
    assert where(raised) == (str(path), 2)


def test_span_whose_text_does_not_match_its_offsets_names_its_line(write_file) -> None:
    # The quote was counted in UTF-16 units: the flag takes 4 of them but 2 code points.
    path = write_file("batch.jsonl", GOOD + "\n" + jsonl({"id": "b", "text": "🇺🇦 Kyiv said no.", "spans": [
        {"start": 5, "end": 9, "label": "Actor", "text": "Kyiv"}]}))
    with pytest.raises(BadInput, match=r"its text 'Kyiv' is not text\[5:9\]") as raised:
        read_all(path)
    assert where(raised) == (str(path), 2)


def test_duplicate_id_names_the_second_line(write_file) -> None:
    path = write_file("batch.jsonl", GOOD + "\n" + GOOD.replace('"a"', '"b"') + "\n" + GOOD + "\n")
    with pytest.raises(BadInput, match="duplicate id 'a'") as raised:
        read_all(path)
    assert where(raised) == (str(path), 3)


def test_unknown_label_is_refused_at_import_naming_its_line(write_file, project: Project) -> None:
    path = write_file("batch.jsonl", GOOD + "\n" + jsonl({"id": "b", "text": "Ozer said.", "spans": [
        {"start": 0, "end": 4, "label": "Speaker", "annotator": "ana"}]}))
    with pytest.raises(BadInput, match="unknown label 'Speaker' .*Claim, Actor, Issue") as raised:
        project.import_records(read_jsonl(path))
    assert where(raised) == (str(path), 2)


# -- writing -----------------------------------------------------------------------------------

def test_failed_export_leaves_the_previous_file_whole_and_no_temporary(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    write_jsonl(out, [(Document("a", "Old export."), [])])
    before = out.read_bytes()

    def records_then_failure():
        yield Document("b", "New export."), []
        raise RuntimeError("the project went away")

    with pytest.raises(RuntimeError):
        write_jsonl(out, records_then_failure())
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_export_into_a_missing_folder_names_the_file_asked_for(tmp_path: Path) -> None:
    out = tmp_path / "no-such-folder" / "out.jsonl"
    with pytest.raises(AnnotatorError, match=rf"^{re.escape(str(out))}: cannot write: No such file"):
        write_jsonl(out, [(Document("a", "Text."), [])])


# -- round trips -------------------------------------------------------------------------------

free_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
meta_values = st.one_of(free_text, st.integers(-2**63, 2**63 - 1), st.booleans(), st.none(),
                        st.floats(allow_nan=False, allow_infinity=False))
extra_meta_keys = free_text.filter(lambda key: key not in ("title", "date", "source"))


@st.composite
def documents_with_spans(draw: st.DrawFn, labels: st.SearchStrategy[str] = free_text.filter(bool),
                         annotators: st.SearchStrategy[str] = free_text) -> list[tuple[Document, list[Span]]]:
    """Documents with distinct ids and texts, each with valid spans (code points, end exclusive)."""
    texts = draw(st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=60),
                          max_size=4, unique=True))
    ids = draw(st.lists(free_text, min_size=len(texts), max_size=len(texts), unique=True))
    records = []
    for external_id, text in zip(ids, texts):
        spans = []
        if text:
            for _ in range(draw(st.integers(0, 5))):
                start = draw(st.integers(0, len(text) - 1))
                end = draw(st.integers(start + 1, len(text)))
                spans.append(SpanData(start=start, end=end, label=draw(labels), annotator=draw(annotators)))
        document = Document(external_id=external_id, text=text, title=draw(free_text), date=draw(free_text),
                            source=draw(free_text),
                            meta=draw(st.dictionaries(extra_meta_keys, meta_values, max_size=3)))
        records.append((document, spans))
    return records


@settings(deadline=None)
@given(documents_with_spans())
def test_written_file_reads_back_and_writes_the_same_bytes(records: list[tuple[Document, list[Span]]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        first, second = Path(folder, "first.jsonl"), Path(folder, "second.jsonl")
        write_jsonl(first, records)
        write_jsonl(second, [(r.document, r.spans) for r in read_jsonl(first)])
        assert second.read_bytes() == first.read_bytes()


@settings(deadline=None)
@given(documents_with_spans())
def test_every_written_span_quotes_its_text_by_code_points(records: list[tuple[Document, list[Span]]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "out.jsonl")
        write_jsonl(path, records)
        lines = path.read_bytes().split(b"\n")
    assert lines.pop() == b""
    assert len(lines) == len(records)
    for line in lines:
        obj = json.loads(line)
        assert all(obj["text"][s["start"]:s["end"]] == s["text"] for s in obj["spans"])


@settings(deadline=None, max_examples=40)
@given(documents_with_spans(labels=st.sampled_from(["Claim", "Actor", "Issue"]),
                            annotators=free_text.filter(bool)))
def test_export_imported_into_a_new_project_exports_the_same_bytes(
        records: list[tuple[Document, list[Span]]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        first, second = Path(folder, "first.jsonl"), Path(folder, "second.jsonl")
        with Project(Path(folder, "a.db")) as project:
            project.import_records(Record(document, spans) for document, spans in records)
            export_project(project, first)
        with Project(Path(folder, "b.db")) as fresh:
            import_into(fresh, [first], annotator="nobody")
            export_project(fresh, second)
        assert second.read_bytes() == first.read_bytes()
