"""A claim that goes out as JSONL and comes back stays one claim: its frame keeps its id."""

from __future__ import annotations

import json
from pathlib import Path

from annotator import transfer
from annotator.model import Ref
from annotator.store import Project
from tests.store.claims_fixtures import interview


def test_a_frame_keeps_its_id_through_jsonl_and_merging_back_adds_nothing(project: Project,
                                                                          tmp_path: Path) -> None:
    talk = interview(project)
    frame = project.create_claim(talk.span("Зеленський said 👩\u200d👩\u200d👧 the ceasefire must hold.",
                                           "Claim").id,
                                 speakers=[Ref.span(talk.span("Зеленський", "Actor").id)],
                                 issues=[Ref.span(talk.span("ceasefire", "Issue").id)], stance="support")
    out = tmp_path / "mine.jsonl"
    transfer.export_project(project, out)
    (claim,) = json.loads(out.read_text(encoding="utf-8"))["claims"]
    assert claim["claim_id"] == frame.id

    elsewhere = tmp_path / "elsewhere.db"
    transfer.import_files(elsewhere, [out], "Ana")
    with Project(elsewhere) as copy:
        (copied,) = copy.claims(copy.documents()[0].id)
        assert (copied.id, copied.stance) == (frame.id, "support")
    project.checkpoint()
    report = project.merge_project(elsewhere)
    assert (report.claims_added, report.registry_conflicts) == (0, [])
    assert [f.id for f in project.claims(talk.document_id)] == [frame.id]


def test_importing_the_same_claims_twice_adds_them_once(project: Project, tmp_path: Path) -> None:
    talk = interview(project)
    project.create_claim(talk.span("Moscow 🇷🇺 refused.", "Claim", "Bo").id,
                         speakers=[Ref.span(talk.span("Moscow", "Actor", "Bo").id)], stance="oppose")
    out = tmp_path / "bo.jsonl"
    transfer.export_project(project, out)
    target = tmp_path / "target.db"
    transfer.import_files(target, [out], "Ana")
    again = transfer.import_files(target, [out], "Ana")
    assert (again.claims_added, again.claims_present) == (0, 1)
