"""Documents are identified by their id: the same text under several ids is several documents,
through import, export, a round trip and a merge, and the report says so. No id disappears."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator import transfer
from annotator.formats.jsonl import read_jsonl
from annotator.model import Document, Record, SpanData
from annotator.store import Project

# A reposted press release: hard text (a leading BOM, CRLF, a flag, a ZWJ family, combining
# marks, right-to-left, U+2028), and the empty-ish texts real corpora have (empty transcripts).
RELEASE = "\ufeffPress release\r\nKyiv 🇺🇦 and 👩‍👩‍👧 Jose\u0301 said: שלום\u2028Talks go on."
SHARED_TEXTS = pytest.mark.parametrize("text", [RELEASE, "", "\r\n"], ids=["release", "empty", "crlf"])


def span_on(text: str, annotator: str) -> list[SpanData]:
    """One span over the word "Kyiv" of the release (none on an empty-ish text)."""
    if "Kyiv" not in text:
        return []
    start = text.index("Kyiv")
    return [SpanData(start, start + 4, "Actor", annotator)]


def records(text: str, ids: list[str], annotator: str = "ana") -> list[Record]:
    return [Record(Document(doc_id, text), span_on(text, annotator)) for doc_id in ids]


def exported(project: Project, out: Path) -> list[dict]:
    transfer.export_project(project, out)
    return [{"id": r.document.external_id, "text": r.document.text,
             "spans": [(s.start, s.end, s.label, s.annotator) for s in r.spans]} for r in read_jsonl(out)]


@SHARED_TEXTS
@pytest.mark.parametrize("ids", [["wire", "repost"], ["wire", "repost", "blog"]], ids=["two", "three"])
def test_every_id_sharing_one_text_is_exported_after_import(project: Project, tmp_path: Path, text: str,
                                                            ids: list[str]) -> None:
    report = project.import_records(records(text, ids) + [Record(Document("other", "Other text."), [])])
    assert (report.documents_added, report.documents_same_text, report.documents_matched) == (
        len(ids) + 1, len(ids) - 1, 0)
    assert exported(project, tmp_path / "out.jsonl") == [
        *({"id": doc_id, "text": text, "spans": [s[:4] for s in span_on(text, "ana")]} for doc_id in ids),
        {"id": "other", "text": "Other text.", "spans": []}]


def test_the_report_says_how_many_added_documents_repeat_a_text(project: Project) -> None:
    report = project.import_records(records(RELEASE, ["wire", "repost"]))
    assert report.summary().startswith("2 documents added (1 with the same text as another), 0 already present;")


def test_a_new_id_for_a_text_already_in_the_project_is_a_new_document(project: Project) -> None:
    project.import_records(records(RELEASE, ["wire"]))
    report = project.import_records(records(RELEASE, ["repost"], annotator="bo"))
    assert (report.documents_added, report.documents_same_text) == (1, 1)
    assert [(d.external_id, d.span_count) for d in project.documents()] == [("wire", 1), ("repost", 1)]


@SHARED_TEXTS
def test_importing_ids_that_share_a_text_again_adds_nothing(project: Project, text: str) -> None:
    project.import_records(records(text, ["wire", "repost", "blog"]))
    report = project.import_records(records(text, ["wire", "repost", "blog"]))
    assert (report.documents_added, report.documents_matched, report.spans_added) == (0, 3, 0)


@SHARED_TEXTS
def test_a_round_trip_keeps_every_id_and_the_same_bytes(project: Project, tmp_path: Path, text: str) -> None:
    project.import_records(records(text, ["wire", "repost", "blog"]))
    first = tmp_path / "first.jsonl"
    transfer.export_project(project, first)
    transfer.import_files(tmp_path / "again.db", [first], "ana")
    with Project(tmp_path / "again.db", create=False) as again:
        transfer.export_project(again, tmp_path / "second.jsonl")
    assert (tmp_path / "second.jsonl").read_bytes() == first.read_bytes()
    assert [r.document.external_id for r in read_jsonl(first)] == ["wire", "repost", "blog"]


@pytest.fixture
def colleague(tmp_path: Path) -> Path:
    """Ben's project: one press release under three ids, an empty transcript under two."""
    path = tmp_path / "ben.db"
    with Project(path) as ben:
        ben.import_records(records(RELEASE, ["wire", "repost", "blog"], "Ben")
                           + records("", ["call-1", "call-2"], "Ben"))
    return path


def test_merging_ids_that_share_a_text_keeps_every_id_with_its_spans(project: Project, colleague: Path,
                                                                     tmp_path: Path) -> None:
    project.import_records(records(RELEASE, ["wire"], "ana"))
    report = project.merge_project(colleague)
    assert (report.documents_added, report.documents_same_text, report.documents_matched) == (4, 3, 1)
    kyiv = RELEASE.index("Kyiv")
    assert exported(project, tmp_path / "out.jsonl") == [
        {"id": "wire", "text": RELEASE, "spans": [(kyiv, kyiv + 4, "Actor", "Ben"), (kyiv, kyiv + 4, "Actor", "ana")]},
        {"id": "repost", "text": RELEASE, "spans": [(kyiv, kyiv + 4, "Actor", "Ben")]},
        {"id": "blog", "text": RELEASE, "spans": [(kyiv, kyiv + 4, "Actor", "Ben")]},
        {"id": "call-1", "text": "", "spans": []},
        {"id": "call-2", "text": "", "spans": []}]


def test_merging_a_text_under_a_new_id_adds_it_beside_the_one_here(project: Project, colleague: Path) -> None:
    project.import_records(records(RELEASE, ["press-release"], "ana"))
    project.merge_project(colleague)
    assert [(d.external_id, d.span_count) for d in project.documents()] == [
        ("press-release", 1), ("wire", 1), ("repost", 1), ("blog", 1), ("call-1", 0), ("call-2", 0)]
