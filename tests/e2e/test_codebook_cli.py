"""`annotator codebook export|import`, run as an analyst runs them: real processes, real files."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Callable

import pytest

from annotator.model import ACTOR, ISSUE
from annotator.store import Project
from tests.e2e.conftest import Run
from tests.files import snapshot

@pytest.fixture
def team(tmp_path: Path) -> Path:
    """A project with claim categories and a registry in which Moscow was merged into Russia."""
    path = tmp_path / "team.db"
    with Project(path) as project:
        project.add_claim_category("101", "Безпека")
        project.add_claim_category("1011", "Перемир'я 🕊️", parent_code="101")
        party = project.add_entity(ACTOR, "حزب العدالة والتنمية", external_id="Q31820")
        project.add_entity(ACTOR, "أردوغان", aliases=["Erdoğan", "👤 RTE"], parent_id=party.id)
        russia = project.add_entity(ACTOR, "Russia", external_id="Q159")
        moscow = project.add_entity(ACTOR, "Moscow")
        project.merge_entities(moscow.id, russia.id)
        project.add_entity(ISSUE, "санкції")
    return path


def assert_refused(result: subprocess.CompletedProcess, where: str) -> None:
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(f"annotator: error: {where}")


def test_a_codebook_exported_and_imported_elsewhere_exports_the_same(run: Run, team: Path, tmp_path: Path) -> None:
    assert run("codebook", "export", team, "-o", "a.json").returncode == 0
    result = run("codebook", "import", "fresh.db", "a.json")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "a.json: 0 labels, 2 claim categories and 5 registry entries added\n"
    run("codebook", "export", "fresh.db", "-o", "b.json")
    assert (tmp_path / "b.json").read_bytes() == (tmp_path / "a.json").read_bytes()


def test_the_codebook_holds_the_stance_scale_and_registry_ids(run: Run, team: Path, tmp_path: Path) -> None:
    run("codebook", "export", team, "-o", "a.json")
    codebook = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert [s["value"] for s in codebook["stances"]] == ["support", "oppose", "neutral", ""]
    with Project(team) as project:
        assert {e["id"] for e in codebook["registry"]} == {e.id for e in project.entities(include_retired=True)}


def test_importing_a_codebook_twice_adds_nothing(run: Run, team: Path, tmp_path: Path) -> None:
    run("codebook", "export", team, "-o", "a.json")
    before = snapshot(team)
    result = run("codebook", "import", team, "a.json")
    assert result.stdout == "a.json: 0 labels, 0 claim categories and 0 registry entries added\n"
    assert snapshot(team) == before


@pytest.mark.parametrize("edit, where", [
    (lambda c: c["registry"][0].update(kind="party"), "a.json: registry[0].kind: is actor or issue"),
    (lambda c: c["claim_categories"].append({"code": "9", "parent": "404"}), "a.json: claim category '9'"),
    (lambda c: c["registry"][1].update(parent="no-such-id"), "a.json: registry entry"),
    (lambda c: c["stances"].pop(), "a.json: stances: Annotator's scale"),
    (lambda c: c["labels"][0].update(color="orange"), "a.json: labels[0].color"),
])
def test_a_bad_codebook_is_refused_in_one_line_and_the_project_is_unchanged(
        run: Run, team: Path, tmp_path: Path, edit: Callable, where: str) -> None:
    run("codebook", "export", team, "-o", "a.json")
    codebook = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    edit(codebook)
    (tmp_path / "a.json").write_text(json.dumps(codebook, ensure_ascii=False, indent=2), encoding="utf-8")
    other = tmp_path / "other.db"
    Project(other).close()
    before = snapshot(other)
    assert_refused(run("codebook", "import", other, "a.json"), where)
    assert snapshot(other) == before


def test_broken_json_is_refused_naming_its_line(run: Run, tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('{\n  "labels": [\n    ,\n  ]\n}\n', encoding="utf-8")
    assert_refused(run("codebook", "import", "p.db", "a.json"), "a.json:3: not valid JSON")
    assert not (tmp_path / "p.db").exists()
