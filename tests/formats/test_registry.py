"""The reader and writer registries: a file goes to the reader its suffix names, an export to the
writer asked for (or the one its suffix names), and a new format is one registry entry away."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

import pytest

from annotator import formats
from annotator.errors import AnnotatorError, BadInput
from annotator.formats import (DEFAULT_WRITER, READERS, WRITERS, Reader, Writer, open_filter, read_any,
                               readable_suffixes, reader_for, save_filter, writer_for, writer_for_filter)
from annotator.model import Document, Record
from annotator.store import Project
from annotator.transfer import export_project


def read_nothing(path: Path) -> Iterator[Record]:
    return iter([])


def write_nothing(path: Path, records: object) -> int:
    return 0


FAKE = Reader("fake", "Fake tables", (".fake",), read_nothing)
CONLL = Writer("conll", "CoNLL", (".conll",), write_nothing)


@pytest.fixture
def with_fake_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formats, "READERS", (*READERS, FAKE))


@pytest.fixture
def with_conll_writer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formats, "WRITERS", (*WRITERS, CONLL))


@pytest.fixture
def jsonl_and_conll_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two writers, so a test can spell out lists and filters whatever formats the registry grows."""
    monkeypatch.setattr(formats, "WRITERS", (writer_for("jsonl"), CONLL))


# -- the registries themselves -------------------------------------------------------------------

def test_reader_names_are_unique() -> None:
    names = [reader.name for reader in READERS]
    assert len(names) == len(set(names))


def test_no_suffix_is_claimed_by_two_readers() -> None:
    assert len(readable_suffixes()) == len(set(readable_suffixes()))


def test_writer_names_are_unique_and_the_default_is_one_of_them() -> None:
    names = [writer.name for writer in WRITERS]
    assert len(names) == len(set(names)) and DEFAULT_WRITER in names


def test_every_suffix_is_lower_case_with_its_dot() -> None:
    suffixes = [s for entry in (*READERS, *WRITERS) for s in entry.suffixes]
    assert all(entry.suffixes for entry in (*READERS, *WRITERS))
    assert [s for s in suffixes if not (s.startswith(".") and s == s.lower() and len(s) > 1)] == []


# -- reading -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name, reader", [("talk.txt", "text"), ("notes.md", "markdown"), ("batch.jsonl", "jsonl"),
                                          ("SHOUTING.TXT", "text"), ("Batch.JsonL", "jsonl")])
def test_file_goes_to_the_reader_its_suffix_names(name: str, reader: str) -> None:
    assert reader_for(name).name == reader


def test_unknown_suffix_is_refused_naming_every_suffix_read(write_file) -> None:
    path = write_file("report.xyz", b"PK\x03\x04")
    with pytest.raises(BadInput) as raised:
        read_any(path)
    assert str(raised.value) == f"{path}: cannot import .xyz (Annotator reads {', '.join(readable_suffixes())})"
    assert readable_suffixes()[:3] == (".txt", ".md", ".jsonl")


def test_file_without_extension_is_refused_as_such(write_file) -> None:
    with pytest.raises(BadInput, match=r"cannot import files without an extension \(Annotator reads"):
        read_any(write_file("README", "text"))


def test_hidden_file_named_like_a_suffix_is_not_taken_for_that_format() -> None:
    with pytest.raises(BadInput, match="files without an extension"):
        reader_for(".jsonl")


def test_jsonl_file_is_read_through_the_registry(write_file) -> None:
    path = write_file("batch.jsonl", json.dumps({"id": "a", "text": "Kyiv said no."}) + "\n")
    assert [record.document.external_id for record in read_any(path)] == ["a"]


def test_a_registered_reader_is_used_and_named_in_the_refusal(with_fake_reader, write_file) -> None:
    assert list(read_any(write_file("table.fake", "a,b\n"))) == []
    with pytest.raises(BadInput, match=r"\(Annotator reads .txt, .md, .jsonl, .*\.fake\)$"):
        read_any(write_file("table.xyz", "x"))


def test_the_longest_suffix_that_ends_the_name_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    notes = Reader("notes", "Field notes", (".notes.txt",), read_nothing)
    monkeypatch.setattr(formats, "READERS", (*READERS, notes))
    assert (reader_for("day-1.notes.txt").name, reader_for("day-1.txt").name) == ("notes", "text")


# -- choosing a writer -----------------------------------------------------------------------------

def test_without_a_name_or_a_path_the_writer_is_jsonl() -> None:
    assert writer_for().name == "jsonl"


@pytest.mark.parametrize("out", ["out.jsonl", "OUT.JSONL", "out.data", "out"])
def test_writer_is_jsonl_for_its_suffix_and_for_any_suffix_no_writer_claims(out: str) -> None:
    assert writer_for(path=out).name == "jsonl"


def test_writer_is_inferred_from_a_suffix_a_registered_writer_claims(with_conll_writer) -> None:
    assert writer_for(path=Path("exports", "train.conll")) is CONLL


def test_named_writer_wins_over_the_suffix(with_conll_writer) -> None:
    assert writer_for("jsonl", "train.conll").name == "jsonl"


def test_suffix_two_writers_claim_gives_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    doccano = Writer("doccano", "doccano", (".json",), write_nothing)
    studio = Writer("label-studio", "Label Studio", (".json",), write_nothing)
    monkeypatch.setattr(formats, "WRITERS", (*WRITERS, doccano, studio))
    assert writer_for(path="tasks.json").name == "jsonl"


def test_writer_names_are_matched_whatever_their_case() -> None:
    assert writer_for("JSONL").name == "jsonl"


def test_unknown_writer_name_is_refused_naming_the_known_ones(jsonl_and_conll_only) -> None:
    with pytest.raises(AnnotatorError) as raised:
        writer_for("docx", "out.docx")
    assert str(raised.value) == "unknown export format 'docx' (Annotator writes jsonl, conll)"


# -- exporting through the registry ------------------------------------------------------------------

@pytest.fixture
def project_with_a_document(project: Project) -> Project:
    project.import_records([Record(Document("a", "Kyiv said no."), [])])
    return project


def test_export_in_a_named_format_ignores_an_unclaimed_suffix(project_with_a_document: Project,
                                                              tmp_path: Path) -> None:
    assert export_project(project_with_a_document, tmp_path / "out.data", format="jsonl") == 1
    assert json.loads((tmp_path / "out.data").read_bytes())["id"] == "a"


def test_export_in_an_unknown_format_writes_nothing(project_with_a_document: Project, tmp_path: Path) -> None:
    with pytest.raises(AnnotatorError, match="unknown export format 'docx'"):
        export_project(project_with_a_document, tmp_path / "out.docx", format="docx")
    assert not (tmp_path / "out.docx").exists()


def test_export_goes_to_the_writer_its_suffix_names(project_with_a_document: Project, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    written: list[tuple[Path, list[str]]] = []

    def remember(path: Path, records) -> int:
        written.append((path, [document.external_id for document, _ in records]))
        return len(written[-1][1])

    monkeypatch.setattr(formats, "WRITERS", (*WRITERS, Writer("conll", "CoNLL", (".conll",), remember)))
    assert export_project(project_with_a_document, tmp_path / "train.conll") == 1
    assert written == [(tmp_path / "train.conll", ["a"])]


# -- the window's file dialogs ---------------------------------------------------------------------

def test_open_filter_offers_every_readable_file_then_each_format_then_all_files(monkeypatch) -> None:
    monkeypatch.setattr(formats, "READERS", tuple(r for r in READERS if r.name in ("text", "markdown", "jsonl")))
    assert open_filter() == ("Readable files (*.jsonl *.md *.txt);;JSON Lines (*.jsonl);;Markdown (*.md);;"
                             "Plain text (*.txt);;All files (*)")


def test_open_filter_follows_a_registered_reader(with_fake_reader) -> None:
    every, *entries, _ = open_filter().split(";;")
    assert "*.fake" in every and "Fake tables (*.fake)" in entries


def test_save_filter_offers_every_writer_jsonl_first() -> None:
    entries = save_filter().split(";;")
    assert entries[0] == "JSON Lines (*.jsonl)" and sorted(entries) == sorted(w.filter for w in WRITERS)


def test_save_filter_puts_the_named_writer_first(jsonl_and_conll_only) -> None:
    assert (save_filter(), save_filter("conll")) == ("JSON Lines (*.jsonl);;CoNLL (*.conll)",
                                                     "CoNLL (*.conll);;JSON Lines (*.jsonl)")


def test_save_filter_of_an_unknown_writer_is_refused() -> None:
    with pytest.raises(AnnotatorError, match="unknown export format 'docx'"):
        save_filter("docx")


def test_chosen_save_filter_entry_gives_its_writer(jsonl_and_conll_only) -> None:
    entries = save_filter().split(";;")
    assert [writer_for_filter(entry, "out.jsonl").name for entry in entries] == ["jsonl", "conll"]


def test_save_filter_entry_that_is_not_ours_falls_back_to_the_suffix(with_conll_writer) -> None:
    assert (writer_for_filter("", "train.conll").name, writer_for_filter("", "out.txt").name) == ("conll", "jsonl")
