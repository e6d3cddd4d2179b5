"""Importing many files at once: folders read recursively, and every bad file of a batch
reported while the project stays exactly as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.errors import AnnotatorError, BadFiles, BadInput
from annotator.store import Project
from annotator.transfer import import_files, import_into
from tests.documents import ARTICLE_PAGE, make_docx, make_encrypted_pdf, make_odt
from tests.files import snapshot


@pytest.fixture
def existing_project(project_path: Path, write_file) -> Path:
    import_files(project_path, [write_file("earlier.txt", "Ozer said talks would go on.\n")], "ana")
    return project_path


def test_every_bad_file_of_a_batch_is_named_and_nothing_is_imported(existing_project: Path, tmp_path: Path,
                                                                    write_file) -> None:
    good = make_docx(tmp_path / "good.docx")
    empty = write_file("empty.docx", b"")
    secret = make_encrypted_pdf(tmp_path / "secret.pdf")
    damaged = write_file("damaged.odt", make_odt(tmp_path / "whole.odt").read_bytes()[:300])
    bad_span = write_file("bad.jsonl", json.dumps({"id": "x", "text": "Kyiv said no.", "spans": [
        {"start": 0, "end": 40, "label": "Actor", "annotator": "ana"}]}) + "\n")
    before = snapshot(existing_project)
    with pytest.raises(BadFiles) as raised:
        import_files(existing_project, [good, empty, secret, damaged, bad_span], "ana")
    assert snapshot(existing_project) == before
    assert [(problem.path, problem.line) for problem in raised.value.problems] == [
        (str(empty), None), (str(secret), None), (str(damaged), None), (str(bad_span), 1)]
    lines = str(raised.value).splitlines()
    assert lines[0] == "4 of 5 files could not be imported, so none was (the project is unchanged):"
    assert lines[1:] == [f"  {empty}: the file is empty (0 bytes)",
                         f"  {secret}: the PDF is password-protected: save a copy without the password "
                         "and import that",
                         f"  {damaged}: cannot be read as an OpenDocument text (damaged, or not .odt): "
                         "File is not a zip file",
                         f"  {bad_span}:1: span 1: 0..40 is outside the text (0..13) or empty"]


def test_one_bad_file_of_a_batch_raises_its_own_error(existing_project: Path, tmp_path: Path, write_file) -> None:
    before = snapshot(existing_project)
    with pytest.raises(BadInput, match=r"empty\.html: the file is empty"):
        import_files(existing_project, [make_docx(tmp_path / "good.docx"), write_file("empty.html", b"")], "ana")
    assert snapshot(existing_project) == before


def test_a_file_with_many_bad_lines_is_one_line_of_the_report(existing_project: Path, write_file) -> None:
    lines = [{"id": f"d{n}", "text": "Kyiv said no.", "spans": [{"start": 0, "end": 4, "label": "Nope"}]}
             for n in range(3)]
    many = write_file("many.jsonl", "".join(json.dumps(line) + "\n" for line in lines))
    with pytest.raises(BadFiles) as raised:
        import_files(existing_project, [many, write_file("empty.txt", "")], "ana")
    assert [(problem.path, problem.line) for problem in raised.value.problems] == [
        (str(many), 1), (str(write_file("empty.txt", "")), None)]


# -- folders -------------------------------------------------------------------------------------

@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    (folder / "2024" / "march").mkdir(parents=True)
    (folder / "2023").mkdir()
    (folder / ".git").mkdir()
    make_docx(folder / "2023" / "summary.docx", paragraphs=("Summary of 2023: talks stalled.",))
    make_docx(folder / "2024" / "summary.docx", paragraphs=("Summary of 2024: talks resumed.",))
    (folder / "2024" / "march" / "talks.html").write_text(ARTICLE_PAGE, encoding="utf-8")
    (folder / "notes.txt").write_text("Kyiv 🇺🇦 said no.\r\n", encoding="utf-8", newline="")
    (folder / "budget.numbers").write_bytes(b"PK\x03\x04")
    (folder / "photo.png").write_bytes(b"\x89PNG")
    (folder / "~$summary.docx").write_bytes(b"lock")           # Word's lock file
    (folder / ".DS_Store").write_bytes(b"\x00\x00")
    (folder / ".git" / "config.txt").write_text("not a document", encoding="utf-8")
    return folder


def test_folder_is_read_recursively_in_a_stable_order_named_by_path(project: Project, corpus: Path) -> None:
    import_into(project, [corpus], "ana")
    assert [(d.external_id, d.source) for d in project.documents()] == [
        ("2023/summary", "2023/summary.docx"), ("2024/march/talks", "2024/march/talks.html"),
        ("2024/summary", "2024/summary.docx"), ("notes", "notes.txt")]


def test_folder_files_no_reader_takes_are_listed_in_the_report_not_refused(project: Project,
                                                                           corpus: Path) -> None:
    report = import_into(project, [corpus], "ana")
    assert sorted(Path(name).name for name in report.skipped) == ["budget.numbers", "photo.png"]
    assert report.summary().endswith("; 2 files skipped (.numbers, .png: not a format Annotator reads)")


def test_bad_file_inside_a_folder_refuses_the_whole_folder(project_path: Path, corpus: Path) -> None:
    (corpus / "2024" / "broken.pdf").write_bytes(b"%PDF-1.7 cut here")
    with pytest.raises(BadInput, match=r"broken\.pdf: cannot be read as a PDF"):
        import_files(project_path, [corpus], "ana")
    assert not project_path.exists()  # the project this import would have created is gone again


def test_unknown_encoding_is_refused_before_any_file_is_read(project: Project, corpus: Path) -> None:
    with pytest.raises(AnnotatorError, match="unknown encoding 'klingon'"):
        import_into(project, [corpus], "ana", {"encoding": "klingon"})
    assert project.documents() == []
