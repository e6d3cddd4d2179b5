"""`annotator suggest`, run as an analyst runs it: a real process, a real project, a real spaCy
pipeline saved to a directory (no download)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest

from annotator.model import ACTOR, ISSUE, Document, Record, SuggestPattern
from annotator.store import Project
from tests.e2e.conftest import Run
from tests.files import snapshot

pytestmark = pytest.mark.skipif(importlib.util.find_spec("spacy") is None, reason="needs annotator[nlp]")

ANA, BEN = "analyst-ana", "analyst-ben"
TALK = "\ufeffМосква said:\u2028the ceasefire holds.\r\nأردوغان 👩\u200d👩\u200d👧 met Moscow's envoy."
NOTE = "A note on the Kremlin and sanctions."


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    with Project(path) as project:
        project.import_records([Record(Document("talk.txt", TALK), []), Record(Document("note.txt", NOTE), [])])
        project.add_entity(ACTOR, "Russia", aliases=["Moscow", "Москва", "Kremlin"])
        project.add_entity(ISSUE, "Ceasefire")
        project.set_suggest_patterns([SuggestPattern("Issue", "regex", r"sanction\w*")])
        project.ensure_annotator("Ana", ANA)
        project.ensure_annotator("Ben", BEN)
    return path


def suggested(path: Path, status: str = "pending", analyst: str = ANA) -> list[tuple[str, str, str]]:
    """(text, label, source) of the suggestions as `analyst` has decided them (pending: not yet)."""
    with Project(path) as project:
        texts = {d.id: project.document(d.id).text for d in project.documents()}
        return [(texts[s.document_id][s.start:s.end], s.label, s.source)
                for d in sorted(texts) for s in project.suggestions(d, analyst, status)]


def assert_refused(result: subprocess.CompletedProcess, message: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [f"annotator: error: {message}"]


def test_suggest_prints_what_each_source_added_and_the_totals(run: Run, project: Path) -> None:
    result = run("suggest", project)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{project}: 5 suggestions added over 2 documents (4 from registry, 1 from pattern)"
    assert lines[1:] == ["pattern: 1 place", "registry: 4 places", "total: 5 places"]
    assert result.stderr == ""   # no progress bar when stderr is not a terminal
    assert suggested(project) == [("Москва", "Actor", "registry"), ("ceasefire", "Issue", "registry"),
                                  ("Moscow", "Actor", "registry"), ("Kremlin", "Actor", "registry"),
                                  ("sanctions", "Issue", "pattern")]


def test_suggesting_again_adds_nothing_and_changes_nothing(run: Run, project: Path) -> None:
    run("suggest", project)
    before = snapshot(project)
    result = run("suggest", project, "--json")
    figures = json.loads(result.stdout)
    assert (figures["added"], figures["added_by_source"], figures["total"]) == (
        0, {}, {"places": 5, "analysts": {}})
    assert snapshot(project) == before


def test_clear_forgets_undecided_suggestions_but_remembers_rejections(run: Run, project: Path) -> None:
    run("suggest", project, "--no-patterns")
    with Project(project) as opened:
        opened.reject_suggestions([opened.suggestions(1, ANA)[0].id], ANA)
    result = run("suggest", project, "--clear", "--no-patterns", "--json")
    figures = json.loads(result.stdout)
    assert (figures["cleared"], figures["added"]) == (3, 3)
    assert figures["total"] == {"places": 4, "analysts": {"Ana": {"accepted": 0, "rejected": 1}}}
    assert suggested(project, "rejected") == [("Москва", "Actor", "registry")]
    assert len(suggested(project, analyst=BEN)) == 4                       # Ana's rejection is hers


def test_two_analysts_deciding_in_one_project_are_reported_each(run: Run, project: Path) -> None:
    """Ana rejects Москва and accepts the Kremlin; Ben, in the same file, accepts Москва and
    the pattern's "sanctions": `annotator suggest` reports each one's decisions."""
    run("suggest", project)
    with Project(project) as opened:
        moscow, _ceasefire, _moscow_latin = opened.suggestions(1, ANA)
        kremlin, sanctions = opened.suggestions(2, ANA)
        opened.reject_suggestions([moscow.id], ANA)
        opened.accept_suggestions([kremlin.id], ANA)
        assert [s.id for s in opened.suggestions(1, BEN) + opened.suggestions(2, BEN)] == [
            s.id for s in opened.suggestions(1, ANA, None) + opened.suggestions(2, ANA, None)]
        opened.accept_suggestions([moscow.id, sanctions.id], BEN)
    result = run("suggest", project, "--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["by_source"] == {
        "pattern": {"places": 1, "analysts": {"Ben": {"accepted": 1, "rejected": 0}}},
        "registry": {"places": 4, "analysts": {"Ana": {"accepted": 1, "rejected": 1},
                                               "Ben": {"accepted": 1, "rejected": 0}}}}
    assert figures["total"] == {"places": 5, "analysts": {"Ana": {"accepted": 1, "rejected": 1},
                                                          "Ben": {"accepted": 2, "rejected": 0}}}
    assert run("suggest", project).stdout.splitlines()[1:] == [
        "pattern: 1 place; Ben: 1 accepted, 0 rejected",
        "registry: 4 places; Ana: 1 accepted, 1 rejected; Ben: 1 accepted, 0 rejected",
        "total: 5 places; Ana: 1 accepted, 1 rejected; Ben: 2 accepted, 0 rejected"]
    assert suggested(project, analyst=ANA) == [("ceasefire", "Issue", "registry"), ("Moscow", "Actor", "registry"),
                                               ("sanctions", "Issue", "pattern")]
    assert suggested(project, analyst=BEN) == [("ceasefire", "Issue", "registry"), ("Moscow", "Actor", "registry"),
                                               ("Kremlin", "Actor", "registry")]


def test_only_the_documents_named_are_looked_at(run: Run, project: Path) -> None:
    result = run("suggest", project, "--document", "note.txt", "--json")
    assert json.loads(result.stdout)["documents"] == 1
    assert suggested(project) == [("Kremlin", "Actor", "registry"), ("sanctions", "Issue", "pattern")]


@pytest.fixture
def pipeline(tmp_path: Path) -> Path:
    """spacy.blank + an EntityRuler saved to disk: `spacy.load` reads it as an installed pipeline."""
    import spacy

    nlp = spacy.blank("xx")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "GPE", "pattern": "Москва"},
                                               {"label": "PERSON", "pattern": "أردوغان"},
                                               {"label": "ORG", "pattern": "envoy"}])
    nlp.to_disk(tmp_path / "pipeline")
    return tmp_path / "pipeline"


def test_a_pipelines_labels_are_mapped_as_the_codebook_says(run: Run, project: Path, pipeline: Path) -> None:
    with Project(project) as opened:
        opened.set_model_labels({"GPE": "Actor", "PERSON": "Actor"})
    result = run("suggest", project, "--model", pipeline, "--no-registry", "--no-patterns")
    assert result.returncode == 0, result.stderr
    source = f"model:{pipeline}"
    assert suggested(project) == [("Москва", "Actor", source), ("أردوغان", "Actor", source)]
    with Project(project) as opened:
        (moscow, _erdogan) = opened.suggestions(1, ANA)
        assert opened.entity(moscow.entity_id).name == "Russia"   # the pipeline's Москва is the registry's


def test_a_pipeline_that_is_not_installed_is_one_line_naming_the_install_step(run: Run, project: Path) -> None:
    before = snapshot(project)
    assert_refused(run("suggest", "p.db", "--model", "en_core_web_zz"),
                   "p.db: spaCy pipeline 'en_core_web_zz' is not installed: python -m spacy download en_core_web_zz")
    assert snapshot(project) == before


@pytest.mark.parametrize("args, message", [
    (("--document", "missing.txt"), "p.db: no document 'missing.txt'"),
    (("--no-registry", "--no-patterns"), ("nothing to suggest from: drop --no-registry or --no-patterns, "
                                          "or give --model NAME")),
])
def test_bad_input_is_one_line_and_exit_2(run: Run, project: Path, args: tuple, message: str) -> None:
    assert_refused(run("suggest", "p.db", *args), message)


def test_a_missing_project_is_not_created(run: Run, tmp_path: Path) -> None:
    result = run("suggest", "nowhere.db")
    assert result.returncode == 2
    assert not (tmp_path / "nowhere.db").exists()
