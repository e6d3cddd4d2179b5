"""One analyst stays one analyst through export, import and merge: JSONL carries the stable id
beside the name, imports and merges match analysts by id, and a name is never shared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.formats import read_any
from annotator.model import Document, Record, SpanData
from annotator.store import Project
from annotator.transfer import export_project, import_files

TEXT = "Ozer said 👩‍👩‍👧 ceasefire\r\nKyiv waited."


def a_project(path: Path, *layers: tuple[str, str, str]) -> Project:
    """A project holding TEXT with one Actor span ("Ozer", "Kyiv" …) per (name, id, quote)."""
    project = Project(path)
    spans = [SpanData(TEXT.index(quote), TEXT.index(quote) + len(quote), "Actor", name, analyst_id)
             for name, analyst_id, quote in layers]
    project.import_records([Record(Document("talk", TEXT), spans)])
    return project


def owners(project: Project) -> dict[str, str]:
    return {a.id: a.name for a in project.annotators()}


def span_owners(project: Project) -> list[tuple[str, str, str]]:
    (document,) = project.documents()
    return [(TEXT[s.start:s.end], s.annotator, s.annotator_id) for s in project.spans(document.id)]


def test_export_writes_the_analysts_id_beside_the_name(tmp_path: Path) -> None:
    with a_project(tmp_path / "ana.db", ("Ana", "id-ana", "Ozer")) as project:
        export_project(project, tmp_path / "ana.jsonl")
    (span,) = json.loads((tmp_path / "ana.jsonl").read_text(encoding="utf-8"))["spans"]
    assert (span["annotator"], span["annotator_id"]) == ("Ana", "id-ana")


def test_export_import_and_merge_back_leaves_one_analyst(tmp_path: Path) -> None:
    with a_project(tmp_path / "ana.db", ("Ana", "id-ana", "Ozer"), ("Ben", "id-ben", "Kyiv")) as project:
        export_project(project, tmp_path / "ana.jsonl")
    import_files(tmp_path / "copy.db", [tmp_path / "ana.jsonl"], "someone")
    with Project(tmp_path / "ana.db") as project:
        report = project.merge_project(tmp_path / "copy.db")
        assert (report.spans_added, report.renamed) == (0, [])
        assert owners(project) == {"id-ana": "Ana", "id-ben": "Ben"}
        assert span_owners(project) == [("Ozer", "Ana", "id-ana"), ("Kyiv", "Ben", "id-ben")]


def test_a_name_only_span_joins_the_analyst_of_that_name(tmp_path: Path, write_file) -> None:
    older = write_file("older.jsonl", json.dumps({"id": "talk", "text": TEXT, "spans": [
        {"start": 0, "end": 4, "label": "Claim", "annotator": "Ana"}]}) + "\n")
    with a_project(tmp_path / "ana.db", ("Ana", "id-ana", "Ozer")) as project:
        project.import_records(read_any(older))
        assert owners(project) == {"id-ana": "Ana"}
        assert {(s.label, s.annotator_id) for s in project.spans(1)} == {("Actor", "id-ana"), ("Claim", "id-ana")}


def test_spans_with_no_analyst_are_the_importers(tmp_path: Path, write_file) -> None:
    bare = write_file("bare.jsonl", json.dumps({"id": "talk", "text": TEXT, "spans": [
        {"start": 0, "end": 4, "label": "Claim"}]}) + "\n")
    with a_project(tmp_path / "ana.db", ("Ana", "id-ana", "Ozer")) as project:
        project.import_records(read_any(bare), default_annotator="Ana")
        assert owners(project) == {"id-ana": "Ana"}


def test_an_imported_id_whose_name_is_taken_is_kept_apart_and_reported(tmp_path: Path, write_file) -> None:
    other_ana = write_file("other.jsonl", json.dumps({"id": "talk", "text": TEXT, "spans": [
        {"start": 0, "end": 4, "label": "Claim", "annotator": "Ana", "annotator_id": "id-other-ana"}]}) + "\n")
    with a_project(tmp_path / "ana.db", ("Ana", "id-ana", "Ozer")) as project:
        report = project.import_records(read_any(other_ana))
        assert owners(project) == {"id-ana": "Ana", "id-other-ana": "Ana (2)"}
    assert report.renamed == [f"{other_ana}: analyst “Ana” (id id-other-ana) is not this project's “Ana” "
                              "(another id); their spans are kept as “Ana (2)”"]
    assert "their spans are kept as “Ana (2)”" in report.summary()


def test_a_merged_analyst_whose_name_is_taken_is_kept_apart_and_reported(tmp_path: Path) -> None:
    a_project(tmp_path / "theirs.db", ("Ana", "id-other-ana", "Kyiv")).close()
    with a_project(tmp_path / "ours.db", ("Ana", "id-ana", "Ozer")) as project:
        report = project.merge_project(tmp_path / "theirs.db")
        assert span_owners(project) == [("Ozer", "Ana", "id-ana"), ("Kyiv", "Ana (2)", "id-other-ana")]
        again = project.merge_project(tmp_path / "theirs.db")
    assert len(report.renamed) == 1 and "kept as “Ana (2)”" in report.renamed[0]
    assert again.renamed == []   # the second time they are known by their id


def test_a_merge_keeps_the_name_this_project_knows_an_id_by(tmp_path: Path) -> None:
    a_project(tmp_path / "theirs.db", ("Ana K.", "id-ana", "Kyiv")).close()
    with a_project(tmp_path / "ours.db", ("Ana", "id-ana", "Ozer")) as project:
        project.merge_project(tmp_path / "theirs.db")
        assert owners(project) == {"id-ana": "Ana"}


@pytest.mark.parametrize("name", ["gold", "Ana"])
def test_the_gold_layer_keeps_its_id_through_a_round_trip(tmp_path: Path, name: str) -> None:
    with a_project(tmp_path / "ana.db", ("Ana", "id-ana", "Ozer")) as project:
        project.decide(1, (0, 4), "accept", "id-ana", gold=(0, 4, "Actor"))
        export_project(project, tmp_path / "all.jsonl")
    import_files(tmp_path / "copy.db", [tmp_path / "all.jsonl"], name)
    with Project(tmp_path / "copy.db") as copy:
        assert owners(copy) == {"id-ana": "Ana", "gold": "gold"}
