"""prodigy, doccano, labelstudio and brat: each export read back gives what the format holds,
at the offsets the tool counts, on the golden project's hard-Unicode texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.formats import read_any, reader_for
from annotator.formats.brat import read_brat
from annotator.model import SpanData
from annotator.transfer import export_annotations
from tests.formats.test_golden import DOCUMENTS, THUMBS_UP, build_project, offsets


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory):
    with build_project(tmp_path_factory.mktemp("exchange") / "p.db") as project:
        yield project


def stored(project) -> dict[str, set[SpanData]]:
    return {record.document.external_id: set(record.spans) for record in project.iter_records(project.layer_ids([]))}


def claims_by_text(record):
    text = record.document.text

    def quote(index):
        span = record.spans[index]
        return text[span.start:span.end]

    return {(quote(c.span), tuple(quote(r.span) for r in c.speakers if r.span is not None),
             tuple(quote(r.span) for r in c.issues if r.span is not None)) for c in record.claims}


@pytest.mark.parametrize("name, out", [("prodigy", "x.prodigy.jsonl"), ("labelstudio", "x.labelstudio.json")])
def test_analysts_spans_and_claims_come_back_from(name: str, out: str, project, tmp_path: Path) -> None:
    export_annotations(project, tmp_path / out)
    records = {r.document.external_id: r for r in read_any(tmp_path / out)}
    assert {key: set(r.spans) for key, r in records.items()} == stored(project)
    assert [records[d.external_id].document.text for d in DOCUMENTS] == [d.text for d in DOCUMENTS]
    talk = records["talk-1"]
    assert ("said 👍🏽", ("Ozer",), ("ceasefire.\r\nThen",)) in claims_by_text(talk)


def test_prodigy_tokens_are_inclusive_and_spans_count_code_points(project, tmp_path: Path) -> None:
    import json
    export_annotations(project, tmp_path / "x.prodigy.jsonl", annotators=["ana"])
    task = json.loads((tmp_path / "x.prodigy.jsonl").read_text("utf-8").split("\n")[0])
    assert task["answer"] == "accept" and task["_annotator_id"] == "ana"
    span = next(s for s in task["spans"] if s["text"] == f"said {THUMBS_UP}")
    assert (span["start"], span["end"]) == offsets(task["text"], f"said {THUMBS_UP}")
    tokens = task["tokens"]
    assert tokens[span["token_start"]]["text"] == "said" and tokens[span["token_end"]]["text"] == THUMBS_UP
    assert {r["label"] for r in task["relations"]} == {"Speaker", "Issue"}


def test_doccano_counts_utf16_units_and_comes_back_as_code_points(project, tmp_path: Path) -> None:
    import json
    out = tmp_path / "x.doccano.jsonl"
    export_annotations(project, out, annotators=["ana"])
    line = json.loads(out.read_text("utf-8").split("\n")[1])
    text16 = line["text"].encode("utf-16-le")
    for start, end, _ in line["label"]:
        assert text16[2 * start:2 * end].decode("utf-16-le")   # whole characters in UTF-16 units
    assert [start, end] == [68, 72] and text16[2 * 68:2 * 72].decode("utf-16-le") == THUMBS_UP
    records = {r.document.external_id: r for r in read_any(out)}
    ana = {key: {(s.start, s.end, s.label) for s in spans if s.annotator == "ana"} for key, spans in stored(project).items()}
    assert {key: {(s.start, s.end, s.label) for s in r.spans} for key, r in records.items()} == ana
    assert ("said 👍🏽", ("Ozer",), ("ceasefire.\r\nThen",)) in claims_by_text(records["talk-1"])


def test_doccano_offset_inside_an_emoji_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.doccano.jsonl"
    bad.write_text('{"text": "👍🏽 yes", "label": [[1, 4, "Claim"]]}\n', "utf-8")
    with pytest.raises(Exception, match="inside a character"):
        list(read_any(bad))


def test_brat_folder_holds_each_layer_and_reads_back(project, tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    export_annotations(project, out, format="brat")
    assert sorted(p.name for p in out.iterdir()) == ["ana", "bo", "gold"]
    assert (out / "ana" / "talk-1.txt").read_bytes() == DOCUMENTS[0].text.encode("utf-8")
    (record,) = read_brat(out / "ana" / "talk-1.ann")
    assert record.document.text == DOCUMENTS[0].text
    ana = {(s.start, s.end, s.label) for s in stored(project)["talk-1"] if s.annotator == "ana"}
    assert {(s.start, s.end, s.label) for s in record.spans} == ana
    (claim,) = record.claims
    assert (claim.stance, claim.category, claim.note) == ("oppose", "101", "e\u0301   note")
    assert list(record.links.values()) == ["Engin Ozer"]
    assert reader_for(out / "ana" / "talk-1.ann").name == "brat"


def test_brat_export_replaces_an_old_folder_whole(project, tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    out.mkdir()
    (out / "stale.ann").write_text("old")
    export_annotations(project, out, format="brat", annotators=["bo"])
    assert sorted(p.name for p in out.iterdir()) == ["bo"]
    assert [p.name for p in tmp_path.iterdir()] == ["corpus"]


def test_compound_suffixes_pick_the_tool_and_leave_plain_jsonl_ours() -> None:
    assert reader_for("a.prodigy.jsonl").name == "prodigy"
    assert reader_for("a.doccano.jsonl").name == "doccano"
    assert reader_for("a.labelstudio.json").name == "labelstudio"
    assert reader_for("a.jsonl").name == "jsonl"
