"""The codebook file carries what suggestions are made of: analysts' patterns, a pipeline's labels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.model import ACTOR, SuggestPattern
from annotator.store import Project
from tests.e2e.conftest import Run
from tests.files import snapshot

PATTERNS = [SuggestPattern("Issue", "phrase", "перемир'я 🕊️"),
            SuggestPattern("Actor", "regex", r"(?-i)\bKremlin\b", "russia-id"),
            SuggestPattern("Issue", "tokens", '[{"LOWER": "climate"}, {"LOWER": "change"}]')]


@pytest.fixture
def team(tmp_path: Path) -> Path:
    path = tmp_path / "team.db"
    with Project(path) as project:
        project.add_entity(ACTOR, "Russia", entity_id="russia-id")
        project.set_suggest_patterns(PATTERNS)
        project.set_model_labels({"PERSON": "Actor", "GPE": "Actor"})
    return path


def test_patterns_and_pipeline_labels_travel_with_the_codebook(run: Run, team: Path, tmp_path: Path) -> None:
    assert run("codebook", "export", team, "-o", "a.json").returncode == 0
    result = run("codebook", "import", "fresh.db", "a.json")
    assert result.stdout == ("a.json: 0 labels, 0 claim categories and 1 registry entries added; "
                             "3 suggestion patterns and 2 pipeline labels added\n"), result.stderr
    with Project(tmp_path / "fresh.db") as fresh:
        assert (fresh.suggest_patterns(), fresh.model_labels()) == (PATTERNS, {"GPE": "Actor", "PERSON": "Actor"})
    before = snapshot(tmp_path / "fresh.db")
    assert run("codebook", "import", "fresh.db", "a.json").stdout == (
        "a.json: 0 labels, 0 claim categories and 0 registry entries added\n")
    assert snapshot(tmp_path / "fresh.db") == before


def test_a_pipeline_label_mapped_otherwise_here_is_kept_and_reported(run: Run, team: Path, tmp_path: Path) -> None:
    run("codebook", "export", team, "-o", "a.json")
    with Project(tmp_path / "other.db") as other:
        other.set_model_labels({"PERSON": "Claim"})
    result = run("codebook", "import", "other.db", "a.json")
    assert result.returncode == 0, result.stderr
    assert "1 pipeline labels added; 1 disagreements" in result.stdout
    with Project(tmp_path / "other.db") as other:
        assert other.model_labels() == {"GPE": "Actor", "PERSON": "Claim"}


def test_a_codebook_without_suggestions_reads_as_having_none(run: Run, team: Path, tmp_path: Path) -> None:
    run("codebook", "export", team, "-o", "a.json")
    codebook = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    del codebook["suggest_patterns"], codebook["model_labels"]
    (tmp_path / "a.json").write_text(json.dumps(codebook), encoding="utf-8")
    assert run("codebook", "import", "fresh.db", "a.json").returncode == 0
    with Project(tmp_path / "fresh.db") as fresh:
        assert (fresh.suggest_patterns(), fresh.model_labels()) == ([], {})


@pytest.mark.parametrize("edit, where", [
    (lambda c: c["suggest_patterns"][1].update(pattern="(Kremlin"),
     "a.json: suggest_patterns[1]: regex pattern '(Kremlin': missing ), unterminated subpattern"),
    (lambda c: c["suggest_patterns"][2].update(pattern='{"LOWER": "x"}'), "a.json: suggest_patterns[2]: tokens"),
    (lambda c: c["suggest_patterns"][0].update(label="Place"), "a.json: phrase pattern \"перемир'я 🕊️\": its label"),
    (lambda c: c["suggest_patterns"][1].update(entity_id="nobody"), "a.json: regex pattern"),
    (lambda c: c.update(model_labels={"PERSON": ""}), "a.json: model_labels: must map"),
])
def test_a_bad_pattern_or_mapping_is_refused_in_one_line(run: Run, team: Path, tmp_path: Path, edit, where) -> None:
    run("codebook", "export", team, "-o", "a.json")
    codebook = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    edit(codebook)
    (tmp_path / "a.json").write_text(json.dumps(codebook, ensure_ascii=False), encoding="utf-8")
    Project(tmp_path / "other.db").close()
    before = snapshot(tmp_path / "other.db")
    result = run("codebook", "import", "other.db", "a.json")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith(f"annotator: error: {where}"), result.stderr
    assert snapshot(tmp_path / "other.db") == before
