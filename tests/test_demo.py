"""The demo project: the sample interview with two example analysts' layers that disagree
in the ways review mode shows (a label, a boundary, a span only one has)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from annotator import transfer
from annotator.formats.plaintext import read_text_file
from annotator.resources import EXAMPLE_ANALYSTS, seed_layers, seed_texts
from annotator.review.align import align
from annotator.store import Project

A, B = (analyst.id for analyst in EXAMPLE_ANALYSTS)


def test_the_sample_texts_are_the_text_files_and_the_interview_comes_first() -> None:
    assert [p.suffix for p in seed_texts()] == [".txt"]
    assert seed_texts()[0].name == "interview_peace_or_pause.txt"


def test_the_example_layers_are_on_exactly_the_sample_interviews_text() -> None:
    interview = read_text_file(seed_texts()[0]).document
    (layers,) = seed_layers()
    record = json.loads(layers.read_text(encoding="utf-8"))
    assert (record["id"], record["text"]) == (interview.external_id, interview.text)
    assert (record["meta"]["title"], record["meta"]["date"]) == (interview.title, interview.date)
    assert all(record["text"][s["start"]:s["end"]] == s["text"] for s in record["spans"])


def test_the_demo_holds_two_example_analysts_under_fixed_ids_and_one_document(tmp_path: Path) -> None:
    with Project(transfer.build_demo_project(tmp_path / "demo.db")) as project:
        assert [(a.id, a.name) for a in project.annotators()] == [
            ("example-analyst-a", "Example A"), ("example-analyst-b", "Example B")]
        (document,) = project.documents()
        spans = project.spans(document.id)
    assert Counter(s.annotator_id for s in spans) == {A: 13, B: 14}


def test_the_example_analysts_disagree_in_every_way_review_shows(tmp_path: Path) -> None:
    with Project(transfer.build_demo_project(tmp_path / "demo.db")) as project:
        document = project.document(project.documents()[0].id)
        items = align(project.spans(document.id, [A, B]), [A, B])
    text = document.text
    kinds = Counter(item.kind for item in items)
    assert kinds == {"agreed": 9, "label": 1, "boundary": 2, "single": 3}
    label = next(item for item in items if item.kind == "label")
    assert {(s.label, text[s.start:s.end]) for s in label.spans.values()} == {
        ("Claim", "De-escalation is already underway"), ("Issue", "De-escalation is already underway")}
    singles = {(s.annotator_id, text[s.start:s.end]) for item in items if item.kind == "single"
               for s in item.spans.values()}
    assert singles == {(A, "the status of Russian and American properties"), (B, "the security of the border"),
                       (B, "Russia has no intention of handing them over to Ukrainian control")}


def test_two_demo_projects_merge_without_doubling_anything(tmp_path: Path) -> None:
    first = transfer.build_demo_project(tmp_path / "one" / "demo.db")
    second = transfer.build_demo_project(tmp_path / "two" / "demo.db")
    with Project(first) as project:
        report = project.merge_project(second)
        assert [a.id for a in project.annotators()] == [A, B]
    assert (report.documents_added, report.spans_added) == (0, 0)
