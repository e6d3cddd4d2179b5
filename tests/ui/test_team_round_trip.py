"""The team loop end to end, as Ana and Ben run it: the real command line and real windows.

Ana hands Ben the texts (`export --texts-only`), each codes in their own window and project,
Ben's JSONL comes back into Ana's project, Ana's own project goes out as JSONL, into a new
project and is merged back. One analyst stays one analyst: ids and names hold, no span is
doubled, and agreement compares Ana with Ben, never Ana with Ana."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt

from annotator.resources import seed_texts
from annotator.store import Project
from tests.ui.conftest import click_at_char, make_window
from tests.ui.test_review import ANA_TAGS, BEN_TAGS, analyst_settings, cli, code_in_window


def run(*args: object, cwd: Path) -> str:
    result = cli(*args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return result.stdout


def layers(path: Path) -> dict[str, tuple[str, int]]:
    """Annotator id → (name, spans in their layer)."""
    with Project(path, create=False) as project:
        counts = project.span_counts_by_annotator()
        return {a.id: (a.name, counts.get(a.id, 0)) for a in project.annotators()}


def test_texts_go_out_work_comes_back_and_one_analyst_stays_one(qtbot, tmp_path: Path):
    run("import", "ana.db", seed_texts()[0], "--annotator", "Ana", cwd=tmp_path)
    code_in_window(qtbot, tmp_path / "ana.db", analyst_settings(tmp_path, "Ana"), ANA_TAGS)

    run("export", "ana.db", "--texts-only", "-o", "texts.jsonl", cwd=tmp_path)
    (record,) = [json.loads(line) for line in (tmp_path / "texts.jsonl").read_text(encoding="utf-8").splitlines()]
    assert record["spans"] == []
    run("import", "ben.db", "texts.jsonl", "--annotator", "Ben", cwd=tmp_path)
    code_in_window(qtbot, tmp_path / "ben.db", analyst_settings(tmp_path, "Ben"), BEN_TAGS)
    assert layers(tmp_path / "ben.db") == {"id-ben": ("Ben", len(BEN_TAGS))}

    run("export", "ben.db", "-o", "ben.jsonl", cwd=tmp_path)
    ben_spans = json.loads((tmp_path / "ben.jsonl").read_text(encoding="utf-8"))["spans"]
    assert {(s["annotator"], s["annotator_id"]) for s in ben_spans} == {("Ben", "id-ben")}
    run("import", "ana.db", "ben.jsonl", "--annotator", "Ana", cwd=tmp_path)
    expected = {"id-ana": ("Ana", len(ANA_TAGS)), "id-ben": ("Ben", len(BEN_TAGS))}
    assert layers(tmp_path / "ana.db") == expected

    # Ana's project out as JSONL, into a new project, and merged back; Ben's file merged too.
    run("export", "ana.db", "-o", "ana.jsonl", cwd=tmp_path)
    run("import", "copy.db", "ana.jsonl", "--annotator", "Someone", cwd=tmp_path)
    assert layers(tmp_path / "copy.db") == expected
    merged = run("merge", "ana.db", "copy.db", "ben.db", cwd=tmp_path)
    assert merged.count("0 spans added") == 2, merged
    assert layers(tmp_path / "ana.db") == expected

    report = json.loads(run("agree", "ana.db", "--json", cwd=tmp_path))
    names = {a["id"]: a["name"] for a in report["annotators"]}
    pairs = [(names[p["a"]], names[p["b"]], p["exact"]["spans_a"], p["exact"]["spans_b"], p["exact"]["matches"])
             for p in report["corpus"]["pairs"]]
    assert pairs == [("Ana", "Ben", 4, 5, 2)]


def test_another_person_of_the_same_name_is_told_apart_in_a_merge(qtbot, tmp_path: Path):
    (tmp_path / "elsewhere").mkdir()
    for project, settings in (("ana.db", analyst_settings(tmp_path, "Ana")),
                              ("other.db", analyst_settings(tmp_path / "elsewhere", "Ana"))):
        run("import", project, seed_texts()[0], cwd=tmp_path)
        settings.setValue("analyst/id", f"id-{project}")
        code_in_window(qtbot, tmp_path / project, settings, ANA_TAGS[:1])
    merged = run("merge", "ana.db", "other.db", cwd=tmp_path)
    assert "other.db: analyst “Ana” (id id-other.db) is not this project's “Ana” (another id); " \
           "their spans are kept as “Ana (2)”" in merged
    assert layers(tmp_path / "ana.db") == {"id-ana.db": ("Ana", 1), "id-other.db": ("Ana (2)", 1)}
    report = json.loads(run("agree", "ana.db", "--json", cwd=tmp_path))
    assert [a["name"] for a in report["annotators"]] == ["Ana", "Ana (2)"]


def test_in_the_merged_project_ana_cannot_change_bens_layer(qtbot, tmp_path: Path):
    for name, tags in (("Ana", ANA_TAGS), ("Ben", BEN_TAGS)):
        run("import", f"{name}.db", seed_texts()[0], cwd=tmp_path)
        code_in_window(qtbot, tmp_path / f"{name}.db", analyst_settings(tmp_path, name), tags)
    run("merge", "team.db", "Ana.db", "Ben.db", cwd=tmp_path)
    window = make_window(qtbot, tmp_path / "team.db", analyst_settings(tmp_path, "Ana"))
    view = window.document_view
    click_at_char(qtbot, view, view.text.index("Ukraine rejects") + 2)   # Ben's alone
    qtbot.keyClick(view, Qt.Key_Delete)
    qtbot.keyClick(view, Qt.Key_3)
    window.close()
    window.project.close()
    run("export", "team.db", "--annotator", "Ben", "-o", "ben.jsonl", cwd=tmp_path)
    spans = json.loads((tmp_path / "ben.jsonl").read_text(encoding="utf-8"))["spans"]
    assert ("Claim", "Ukraine rejects the idea of UN forces", "Ben") in [
        (s["label"], s["text"], s["annotator"]) for s in spans]
    assert len(spans) == len(BEN_TAGS)
