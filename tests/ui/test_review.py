"""Two analysts code the interview in their own projects (the real CLI and the real window),
the projects are merged, and a reviewer adjudicates by keyboard into the gold layer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QInputDialog

from annotator.resources import seed_texts
from tests.ui.conftest import make_window, select_words


def cli(*args: object, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "annotator", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def analyst_settings(tmp_path: Path, name: str) -> QSettings:
    settings = QSettings(str(tmp_path / f"{name}.ini"), QSettings.IniFormat)
    settings.setValue("analyst/name", name)
    settings.setValue("analyst/id", f"id-{name.lower()}")
    return settings


def code_in_window(qtbot, project: Path, settings: QSettings, tags: list[tuple[str, object]]) -> None:
    window = make_window(qtbot, project, settings)
    for phrase, key in tags:
        select_words(qtbot, window.document_view, phrase)
        qtbot.keyClick(window.document_view, key)
    window.close()
    window.project.close()


ANA_TAGS = [("Engin Ozer", Qt.Key_2), ("De-escalation is already underway", Qt.Key_1),
            ("ceasefire agreement", Qt.Key_3),
            ("Russia firmly opposes any deployment of NATO or European troops", Qt.Key_1)]
BEN_TAGS = [("Engin Ozer", Qt.Key_2), ("De-escalation is already underway", Qt.Key_3),
            ("ceasefire agreement", Qt.Key_3), ("Russia firmly opposes any deployment of NATO", Qt.Key_1),
            ("Ukraine rejects the idea of UN forces", Qt.Key_1)]


@pytest.fixture
def team_project(qtbot, tmp_path: Path) -> Path:
    """Ana and Ben each import the interview with the CLI and code it in their own window;
    their files are merged into the team project with the CLI."""
    for name, tags in (("Ana", ANA_TAGS), ("Ben", BEN_TAGS)):
        result = cli("import", f"{name}.db", seed_texts()[0], "--annotator", name, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        code_in_window(qtbot, tmp_path / f"{name}.db", analyst_settings(tmp_path, name), tags)
    result = cli("merge", "team.db", "Ana.db", "Ben.db", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path / "team.db"


def test_merging_twice_adds_nothing(team_project: Path):
    result = cli("merge", "team.db", "Ana.db", "Ben.db", cwd=team_project.parent)
    assert result.returncode == 0
    assert result.stdout.count("0 spans added") == 2


def test_agreement_from_the_cli(team_project: Path):
    result = cli("agree", "team.db", "--annotators", "Ana", "Ben", "--json", cwd=team_project.parent)
    assert result.returncode == 0, result.stderr
    pair = json.loads(result.stdout)["corpus"]["pairs"][0]
    # Ana 4 spans, Ben 5; exact matches: Engin Ozer (Actor), ceasefire agreement (Issue).
    assert (pair["exact"]["spans_a"], pair["exact"]["spans_b"], pair["exact"]["matches"]) == (4, 5, 2)
    assert pair["exact"]["f1"] == pytest.approx(2 * 2 / 9)
    # Overlap adds the two Russia claims (same label, different ends).
    assert pair["overlap"]["matches"] == 3


@pytest.fixture
def reviewer(qtbot, team_project: Path):
    window = make_window(qtbot, team_project, analyst_settings(team_project.parent, "Rita"))
    qtbot.keyClick(window.document_view, Qt.Key_R, Qt.ControlModifier)
    assert window.review.active
    names = {a.name: a.id for a in window.project.annotators()}
    window.review.choose([names["Ana"], names["Ben"]])
    yield window
    window.close()
    window.project.close()


def kinds(window) -> list[str]:
    return [item.kind for item in window.review.model.items]


def test_review_aligns_the_two_layers(reviewer):
    assert kinds(reviewer) == ["agreed", "label", "agreed", "boundary", "single"]


def test_keyboard_review_into_gold_and_export(qtbot, reviewer, tmp_path):
    view = reviewer.document_view
    qtbot.keyClick(view, Qt.Key_N)                       # label differs: De-escalation…
    qtbot.keyClick(view, Qt.Key_V)                       # Ben's version: Issue
    qtbot.keyClick(view, Qt.Key_A)                       # accept → moves on to the boundary item
    qtbot.keyClick(view, Qt.Key_A)                       # accept Ana's longer Russia claim
    qtbot.keyClick(view, Qt.Key_R)                       # reject Ben's lone Ukraine claim
    qtbot.keyClick(view, Qt.Key_A, Qt.ShiftModifier)     # accept both agreed findings
    decisions = {(d.decision, d.gold_span.label if d.gold_span else None)
                 for d in reviewer.project.decisions(reviewer.document.id)}
    assert decisions == {("accept", "Issue"), ("accept", "Claim"), ("reject", None), ("accept", "Actor")}
    out = tmp_path / "gold.jsonl"
    result = cli("export", reviewer.project.path, "-o", out, "--gold", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    spans = json.loads(out.read_text(encoding="utf-8"))["spans"]
    assert [(s["label"], s["text"]) for s in spans] == [
        ("Actor", "Engin Ozer"), ("Issue", "De-escalation is already underway"),
        ("Issue", "ceasefire agreement"),
        ("Claim", "Russia firmly opposes any deployment of NATO or European troops")]
    assert {s["annotator"] for s in spans} == {"gold"}


def test_summary_and_status_bar_count_in_words_with_gold_apart(qtbot, reviewer):
    view = reviewer.document_view
    assert reviewer.review.summary.text() == "5 findings · 2 agreed · 3 disagreements still to decide"
    for key in (Qt.Key_N, Qt.Key_A, Qt.Key_A):             # accept the label and boundary findings
        qtbot.keyClick(view, key)
    assert reviewer.review.summary.text() == "5 findings · 2 agreed · 1 disagreement still to decide"
    # Ana's 4 and Ben's 5 spans by label; the two accepted versions are gold, counted apart.
    # (the span list, and the counts with it, follow one event-loop turn after the text)
    qtbot.waitUntil(lambda: reviewer.status.counts.text()
                    == "This document: 9 spans (Claim 4 · Actor 2 · Issue 3) · gold 2")
    assert reviewer.status.project_counts.text() == "Project: 1 document"


def test_edit_puts_an_adjusted_span_into_gold(qtbot, reviewer):
    view = reviewer.document_view
    qtbot.keyClick(view, Qt.Key_N)
    qtbot.keyClick(view, Qt.Key_N)                       # the boundary disagreement
    qtbot.keyClick(view, Qt.Key_E)                       # selects Ana's version
    for _ in range(len(" or European troops")):
        qtbot.keyClick(view, Qt.Key_Left, Qt.ShiftModifier)
    qtbot.keyClick(view, Qt.Key_1)
    gold = [s for s in reviewer.project.spans(reviewer.document.id) if s.annotator == "gold"]
    assert [(s.label, reviewer.document.text[s.start:s.end]) for s in gold] == [
        ("Claim", "Russia firmly opposes any deployment of NATO")]
    assert [d.decision for d in reviewer.project.decisions(reviewer.document.id)] == ["edit"]


def test_undo_takes_a_decision_back(qtbot, reviewer):
    view = reviewer.document_view
    qtbot.keyClick(view, Qt.Key_N)
    qtbot.keyClick(view, Qt.Key_A)
    assert len(reviewer.project.decisions(reviewer.document.id)) == 1
    qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier)
    assert reviewer.project.decisions(reviewer.document.id) == []
    assert [s for s in reviewer.project.spans(reviewer.document.id) if s.annotator == "gold"] == []


def test_reviewer_comments_on_a_span(qtbot, reviewer):
    view = reviewer.document_view
    qtbot.keyClick(view, Qt.Key_N)
    qtbot.keyClick(view, Qt.Key_C)
    dialog = reviewer.review.findChild(QInputDialog, "commentDialog")
    qtbot.waitUntil(dialog.isVisible)
    dialog.setTextValue("Reads as a claim about <b>process</b>, not an issue.")
    dialog.accept()
    span = reviewer.review.current_version()[1]
    comments = reviewer.project.comments(span.id)
    assert [(c.author, c.text) for c in comments] == [
        ("Rita", "Reads as a claim about <b>process</b>, not an issue.")]


def test_layers_menu_hides_a_colleague(qtbot, team_project, tmp_path):
    window = make_window(qtbot, team_project, analyst_settings(tmp_path, "Rita"))
    ben = next(a for a in window.project.annotators() if a.name == "Ben")
    window.layers.show_only([a.id for a in window.project.annotators() if a.id != ben.id])
    assert {s.annotator for s in window.spans()} == {"Ana"}
    assert len(window.document_view.index) == len(ANA_TAGS)
    window.project.close()


def test_agreement_table_in_the_window(qtbot, reviewer):
    qtbot.keyClick(reviewer.document_view, Qt.Key_G, Qt.ControlModifier | Qt.ShiftModifier)
    dialog = reviewer.findChild(type(reviewer.show_agreement()), "agreementDialog")
    assert dialog is not None
    cell = dialog.matrix_model.index(0, 1).data()
    assert "F1 exact 0.44" in cell and "Ana 4 · Ben 5 spans" in cell
