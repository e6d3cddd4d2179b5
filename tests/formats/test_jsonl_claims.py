"""Claims in JSONL: spans get line ids, linked spans their entry's name, each line its claims."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.errors import BadInput
from annotator.formats.jsonl import read_jsonl
from annotator.model import ACTOR, ISSUE, STANCES, ClaimData, Document, Record, Ref, RefData, SpanData
from annotator.store import Project
from annotator.transfer import export_project, import_into

TEXT = "\ufeffأردوغان said 👩\u200d👩\u200d👧 sanctions\r\nmust end.\u2028Зеленський: no."


def quote(text: str) -> dict:
    start = TEXT.index(text)
    return {"start": start, "end": start + len(text), "text": text}


def line(spans: list[dict], claims: list[dict]) -> dict:
    return {"id": "t1", "text": TEXT, "spans": spans, "claims": claims}


SPANS = [{"id": "s1", **quote("أردوغان"), "label": "Actor", "annotator": "Ana", "entity": "Erdoğan"},
         {"id": "s2", **quote("أردوغان said 👩\u200d👩\u200d👧 sanctions\r\nmust end."), "label": "Claim",
          "annotator": "Ana"},
         {"id": "s3", **quote("sanctions"), "label": "Issue", "annotator": "Ana"}]
CLAIM = {"id": "c1", "annotator": "Ana", "span": "s2", "speakers": [{"span": "s1"}, {"entity": "Зеленський"}],
         "issues": [{"span": "s3"}], "stance": "oppose", "category": "", "note": "🙂"}


def write(tmp_path: Path, *objects: dict) -> Path:
    path = tmp_path / "claims.jsonl"
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects), encoding="utf-8")
    return path


def registry(project: Project) -> None:
    project.add_entity(ACTOR, "Erdoğan", aliases=["أردوغان"])
    project.add_entity(ACTOR, "Зеленський")


def test_claims_are_read_with_spans_by_index_and_entries_by_name(tmp_path: Path) -> None:
    (record,) = read_jsonl(write(tmp_path, line(SPANS, [CLAIM])))
    assert record.claims == [ClaimData(span=1, annotator="Ana", speakers=(RefData(span=0), RefData(entity="Зеленський")),
                                       issues=(RefData(span=2),), stance="oppose", note="🙂")]
    assert record.links == {0: "Erdoğan"}


@pytest.mark.parametrize("claim, reason", [
    ({**CLAIM, "span": "s9"}, "'s9' is not the id of a span"),
    ({**CLAIM, "speakers": [{"span": "s8"}]}, "'s8' is not the id of a span"),
    ({**CLAIM, "stance": "disagree"}, '"stance" is support, oppose'),
    ({**CLAIM, "issues": [{"span": "s3", "entity": "x"}]}, 'each of "issues"'),
    ({**CLAIM, "note": None}, '"note" must be a string'),
])
def test_a_bad_claim_is_an_error_naming_file_and_line(tmp_path: Path, claim: dict, reason: str) -> None:
    path = write(tmp_path, {"id": "t0", "text": "ok"}, line(SPANS, [claim]))
    with pytest.raises(BadInput, match=reason) as raised:
        list(read_jsonl(path))
    assert (raised.value.path, raised.value.line) == (str(path), 2)


def test_a_span_id_used_twice_on_a_line_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="'s1' is used twice"):
        list(read_jsonl(write(tmp_path, line([SPANS[0], {**SPANS[1], "id": "s1"}], [CLAIM]))))


def test_jsonl_without_span_ids_or_claims_still_imports(tmp_path: Path, project: Project) -> None:
    old = {"id": "t1", "text": TEXT, "spans": [{k: v for k, v in span.items() if k not in ("id", "entity")}
                                               for span in SPANS]}
    report = import_into(project, [write(tmp_path, old)], "Ana")
    assert (report.spans_added, report.claims_added) == (3, 0)


def test_an_unknown_entity_is_an_error_naming_file_and_line_and_nothing_is_imported(
        tmp_path: Path, project: Project) -> None:
    project.add_entity(ACTOR, "Erdoğan")
    path = write(tmp_path, line(SPANS, [CLAIM]))
    with pytest.raises(BadInput, match="unknown registry entry 'Зеленський'") as raised:
        import_into(project, [path], "Ana")
    assert raised.value.line == 1
    assert project.documents() == []


def test_an_entity_is_found_by_alias_on_import(tmp_path: Path, project: Project) -> None:
    registry(project)
    import_into(project, [write(tmp_path, line([{**SPANS[0], "entity": "أردوغان"}], []))], "Ana")
    ((span_id, entity_id),) = project.links(project.documents()[0].id).items()
    assert project.entity(entity_id).name == "Erdoğan"


def test_imported_claims_export_as_they_came(tmp_path: Path, project: Project) -> None:
    registry(project)
    import_into(project, [write(tmp_path, line(SPANS, [CLAIM]))], "Ana")
    out = tmp_path / "out.jsonl"
    export_project(project, out)
    (written,) = [json.loads(text) for text in out.read_text(encoding="utf-8").split("\n") if text]
    (claim,) = written["claims"]
    assert {key: value for key, value in claim.items() if key != "claim_id"} == CLAIM
    assert len(claim["claim_id"]) == 36   # a frame made on import gets its stable id then
    assert [span["id"] for span in written["spans"]] == ["s1", "s2", "s3"]
    assert written["spans"][0]["entity"] == "Erdoğan"


def test_importing_the_same_claims_twice_adds_nothing(tmp_path: Path, project: Project) -> None:
    registry(project)
    path = write(tmp_path, line(SPANS, [CLAIM]))
    import_into(project, [path], "Ana")
    report = import_into(project, [path], "Ana")
    assert (report.claims_added, report.claims_present) == (0, 1)


def test_a_claim_may_not_name_another_layers_span(tmp_path: Path, project: Project) -> None:
    registry(project)
    spans = [{**SPANS[0], "annotator": "Bo"}, *SPANS[1:]]
    with pytest.raises(BadInput, match="layer"):
        import_into(project, [write(tmp_path, line(spans, [CLAIM]))], "Ana")


# -- export → import (with the codebook) → export gives the same bytes ---------------------------

WORDS = ["Ozer", "said", "👍🏽", "ceasefire", "e\u0301", "\r\n", "שלום", "\u2028", "Kyiv", "🇺🇦", "سَلام"]
ENTRIES = ["Engin Ozer", "Зеленський", "أردوغان", "Türkiye 🇹🇷"]
ISSUES = ["ceasefire", "санкції"]


@st.composite
def corpora(draw: st.DrawFn) -> list[Record]:
    records = []
    for n in range(draw(st.integers(1, 3))):
        text = "\ufeff" + " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=12)))
        bounds = st.tuples(st.integers(0, len(text) - 1), st.integers(1, len(text))).filter(lambda b: b[0] < b[1])
        spans = list(dict.fromkeys(SpanData(start, end, label, who) for (start, end), label, who in draw(
            st.lists(st.tuples(bounds, st.sampled_from(["Claim", "Actor", "Issue"]), st.sampled_from(["Ana", "Bo"])),
                     max_size=8))))
        links = {i: draw(st.sampled_from(ENTRIES if s.label != "Issue" else ISSUES)) for i, s in enumerate(spans)
                 if s.label != "Claim" and draw(st.booleans())}
        claims = []
        for i, span in enumerate(spans):
            if span.label != "Claim" or not draw(st.booleans()):
                continue
            own = [j for j, other in enumerate(spans) if other.annotator == span.annotator and j != i]
            refs = st.one_of(st.sampled_from(own).map(lambda j: RefData(span=j)) if own else st.nothing(),
                             st.sampled_from(ENTRIES).map(lambda name: RefData(entity=name)))
            issue_refs = st.one_of(st.sampled_from(own).map(lambda j: RefData(span=j)) if own else st.nothing(),
                                   st.sampled_from(ISSUES).map(lambda name: RefData(entity=name)))
            claims.append(ClaimData(span=i, annotator=span.annotator,
                                    speakers=tuple(dict.fromkeys(draw(st.lists(refs, max_size=2)))),
                                    issues=tuple(dict.fromkeys(draw(st.lists(issue_refs, max_size=2)))),
                                    stance=draw(st.sampled_from(STANCES)),
                                    category=draw(st.sampled_from(["", "101", "1011"])),
                                    note=draw(st.sampled_from(["", "🙂 e\u0301", "line\u2028two"]))))
        records.append(Record(Document(f"d{n}", text), spans, claims=claims, links=links))
    return records


def seeded(path: Path) -> Project:
    project = Project(path)
    for name in ENTRIES:
        project.add_entity(ACTOR, name)
    for name in ISSUES:
        project.add_entity(ISSUE, name)
    project.add_claim_category("101", "Security")
    project.add_claim_category("1011", "Ceasefire", parent_code="101")
    return project


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=corpora())
def test_export_import_export_gives_the_same_bytes(tmp_path_factory: pytest.TempPathFactory,
                                                   records: list[Record]) -> None:
    folder = tmp_path_factory.mktemp("roundtrip")
    with seeded(folder / "a.db") as first:
        first.import_records(records)
        export_project(first, folder / "a.jsonl")
        codebook = first.codebook()
    with Project(folder / "b.db") as second:
        second.import_codebook(codebook)
        import_into(second, [folder / "a.jsonl"], "nobody")
        export_project(second, folder / "b.jsonl")
    assert (folder / "b.jsonl").read_bytes() == (folder / "a.jsonl").read_bytes()
    assert sum(len(r.claims) for r in records) == sum(
        len(json.loads(text)["claims"]) for text in (folder / "a.jsonl").read_text(encoding="utf-8").split("\n") if text)


def test_a_span_that_a_claim_names_keeps_its_reference_through_a_store(tmp_path: Path) -> None:
    with seeded(tmp_path / "p.db") as project:
        spans = [SpanData(1, 5, "Claim", "Ana"), SpanData(1, 3, "Actor", "Ana")]
        project.import_records([Record(Document("d", "\ufeffabcdef"), spans,
                                       claims=[ClaimData(0, "Ana", speakers=(RefData(span=1),))])])
        (frame,) = project.claims(project.documents()[0].id)
        assert frame.speakers == (Ref.span(project.find_span(1, 1, 3, "Actor", frame.annotator_id).id),)


def test_exporting_one_layer_leaves_the_other_layers_claims_out(tmp_path: Path, project: Project) -> None:
    registry(project)
    bos = [{**span, "id": f"b{n}", "annotator": "Bo"} for n, span in enumerate(SPANS)]
    bos_claim = {**CLAIM, "id": "c2", "annotator": "Bo", "span": "b1", "speakers": [{"span": "b0"}],
                 "issues": [{"span": "b2"}]}
    import_into(project, [write(tmp_path, line(SPANS + bos, [CLAIM, bos_claim]))], "Ana")
    out = tmp_path / "bo.jsonl"
    export_project(project, out, annotators=["Bo"])
    (written,) = [json.loads(text) for text in out.read_text(encoding="utf-8").split("\n") if text]
    assert [(c["annotator"], c["span"], c["speakers"]) for c in written["claims"]] == [("Bo", "s2", [{"span": "s1"}])]
    assert {span["annotator"] for span in written["spans"]} == {"Bo"}
