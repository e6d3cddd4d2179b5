"""The `annotator` command, run as an analyst runs it: a real process on real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.formats import WRITERS, readable_suffixes, writer_names
from annotator.formats.plaintext import read_text_file
from tests.e2e.conftest import Run
from tests.files import sha256_of

@pytest.fixture
def two_annotators_jsonl(tmp_path: Path, interview_path: Path) -> Path:
    """Spans by ana and bo on the sample interview, as another copy of Annotator would export them."""
    text = read_text_file(interview_path).document.text

    def span(quote: str, label: str, annotator: str) -> dict:
        start = text.index(quote)
        return {"start": start, "end": start + len(quote), "label": label, "text": quote,
                "annotator": annotator}

    record = {"id": "interview_peace_or_pause", "text": text, "spans": [
        span("Engin Ozer", "Actor", "ana"),
        span("Turkish political scientist and analyst Engin Ozer", "Actor", "bo"),
        span("short-term ceasefire agreement", "Issue", "ana"),
        span("the short-term ceasefire will begin on April 20", "Claim", "bo"),
    ]}
    other = {"id": "note-1", "text": "Moscow said talks would go on.\r\nKyiv 🇺🇦 disagreed.",
             "meta": {"title": "Note", "date": "2025-04-18", "source": "wire"},
             "spans": [{"start": 32, "end": 36, "label": "Actor", "text": "Kyiv", "annotator": "bo"}]}
    path = tmp_path / "layers.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n" + json.dumps(other, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return path


def exported(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def assert_refused(result: subprocess.CompletedProcess, where: str) -> None:
    """Exit status 2 and one line on stderr that names the file (and line) to fix."""
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"annotator: error: {where}: ")


# -- importing and exporting ---------------------------------------------------------------------

def test_importing_the_sample_interview_reports_one_document_added(run: Run, interview_path: Path) -> None:
    result = run("import", "project.db", interview_path, "--annotator", "ana")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "project.db: 1 document added, 0 already present; 0 spans added, 0 already present\n"


def test_exported_interview_carries_its_header_as_date_and_title(run: Run, tmp_path: Path,
                                                                 interview_path: Path) -> None:
    run("import", "project.db", interview_path, "--annotator", "ana")
    result = run("export", "project.db", "-o", "out.jsonl")
    assert result.stdout == "out.jsonl: 1 document written\n"
    (record,) = exported(tmp_path / "out.jsonl")
    assert (record["id"], record["meta"]["date"], record["meta"]["title"], record["text"][:7]) == (
        "interview_peace_or_pause", "2025-04-17", "Peace or pause? What the U.S. and Russia agreed on", "News.Az")


def test_layers_of_two_annotators_land_on_the_imported_interview(run: Run, tmp_path: Path, interview_path: Path,
                                                                 two_annotators_jsonl: Path) -> None:
    run("import", "project.db", interview_path, "--annotator", "ana")
    result = run("import", "project.db", two_annotators_jsonl)
    assert result.returncode == 0, result.stderr
    assert "1 document added, 1 already present; 5 spans added" in result.stdout


def test_exported_spans_quote_the_text_they_cover(run: Run, tmp_path: Path, interview_path: Path,
                                                  two_annotators_jsonl: Path) -> None:
    run("import", "project.db", interview_path, two_annotators_jsonl, "--annotator", "ana")
    run("export", "project.db", "-o", "out.jsonl")
    records = exported(tmp_path / "out.jsonl")
    spans = [(s["annotator"], s["label"], s["text"]) for r in records for s in r["spans"]]
    assert sorted(spans) == sorted([
        ("ana", "Actor", "Engin Ozer"), ("bo", "Actor", "Turkish political scientist and analyst Engin Ozer"),
        ("ana", "Issue", "short-term ceasefire agreement"),
        ("bo", "Claim", "the short-term ceasefire will begin on April 20"), ("bo", "Actor", "Kyiv")])


def test_export_reimported_into_a_new_project_exports_identical_bytes(run: Run, tmp_path: Path,
                                                                      interview_path: Path,
                                                                      two_annotators_jsonl: Path) -> None:
    assert run("import", "first.db", interview_path, two_annotators_jsonl, "--annotator", "ana").returncode == 0
    assert run("export", "first.db", "-o", "first.jsonl").returncode == 0
    assert run("import", "second.db", "first.jsonl", "--annotator", "someone-else").returncode == 0
    assert run("export", "second.db", "-o", "second.jsonl").returncode == 0
    assert (tmp_path / "second.jsonl").read_bytes() == (tmp_path / "first.jsonl").read_bytes()


def test_export_of_one_annotator_holds_only_their_spans(run: Run, tmp_path: Path, interview_path: Path,
                                                        two_annotators_jsonl: Path) -> None:
    run("import", "project.db", interview_path, two_annotators_jsonl, "--annotator", "ana")
    assert run("export", "project.db", "-o", "bo.jsonl", "--annotator", "bo").returncode == 0
    assert {s["annotator"] for r in exported(tmp_path / "bo.jsonl") for s in r["spans"]} == {"bo"}


def test_importing_the_same_files_again_changes_nothing(run: Run, tmp_path: Path, interview_path: Path,
                                                        two_annotators_jsonl: Path) -> None:
    run("import", "project.db", interview_path, two_annotators_jsonl, "--annotator", "ana")
    before = sha256_of(tmp_path / "project.db")
    result = run("import", "project.db", interview_path, two_annotators_jsonl, "--annotator", "ana")
    assert result.stdout.endswith("0 documents added, 3 already present; 0 spans added, 5 already present\n")
    assert sha256_of(tmp_path / "project.db") == before


def test_a_reposted_text_keeps_both_names_and_the_report_says_so(run: Run, tmp_path: Path) -> None:
    release = "Kyiv 🇺🇦 and Moscow met.\r\nTalks go on.\n"
    for name in ("release.txt", "release-repost.txt", "empty-call.txt", "empty-call-2.txt"):
        text = "[no transcript]\n" if name.startswith("empty") else release
        (tmp_path / name).write_text(text, encoding="utf-8", newline="")
    result = run("import", "project.db", "release.txt", "release-repost.txt", "empty-call.txt",
                 "empty-call-2.txt", "--annotator", "ana")
    assert result.returncode == 0, result.stderr
    assert "(2 with the same text as another)" in result.stdout
    assert run("export", "project.db", "-o", "out.jsonl").returncode == 0
    assert [r["id"] for r in exported(tmp_path / "out.jsonl")] == [
        "release", "release-repost", "empty-call", "empty-call-2"]
    merged = run("merge", "team.db", "project.db")
    assert "(2 with the same text as another)" in merged.stdout, merged.stderr
    assert run("export", "team.db", "-o", "team.jsonl").returncode == 0
    assert exported(tmp_path / "team.jsonl") == exported(tmp_path / "out.jsonl")


# -- formats: what import reads and export writes comes from the registries -------------------------

def words_of(text: str) -> str:
    """Help text as one line: argparse wraps it at the terminal's width."""
    return " ".join(text.split())


def test_import_help_names_every_readable_suffix(run: Run) -> None:
    result = run("import", "--help")
    assert result.returncode == 0, result.stderr
    assert f"Annotator reads {', '.join(readable_suffixes())}." in words_of(result.stdout)


def test_export_help_names_every_format(run: Run) -> None:
    result = run("export", "--help")
    assert result.returncode == 0, result.stderr
    formats = ", ".join(f"{writer.name} ({writer.description})" for writer in WRITERS)
    assert f"Formats: {formats}." in words_of(result.stdout)


def test_export_as_jsonl_by_name_writes_jsonl_whatever_the_output_is_called(run: Run, tmp_path: Path,
                                                                            interview_path: Path) -> None:
    run("import", "project.db", interview_path, "--annotator", "ana")
    assert run("export", "project.db", "-o", "out.jsonl").returncode == 0
    result = run("export", "project.db", "-o", "out.data", "--format", "jsonl")
    assert result.stdout == "out.data: 1 document written\n"
    assert (tmp_path / "out.data").read_bytes() == (tmp_path / "out.jsonl").read_bytes()


def test_export_to_a_suffix_no_format_claims_writes_jsonl(run: Run, tmp_path: Path, interview_path: Path) -> None:
    run("import", "project.db", interview_path, "--annotator", "ana")
    assert run("export", "project.db", "-o", "out.txt").returncode == 0
    (record,) = exported(tmp_path / "out.txt")
    assert record["id"] == "interview_peace_or_pause"


def test_export_in_an_unknown_format_is_refused_in_one_line_naming_the_formats_and_writes_nothing(
        run: Run, tmp_path: Path, interview_path: Path) -> None:
    run("import", "project.db", interview_path, "--annotator", "ana")
    before = sha256_of(tmp_path / "project.db")
    result = run("export", "project.db", "-o", "out.docx", "--format", "docx")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (f"annotator: error: unknown export format 'docx' "
                             f"(Annotator writes {', '.join(writer_names())})\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project.db"]
    assert sha256_of(tmp_path / "project.db") == before


# -- bad input: exit 2, one line naming file:line, project untouched ---------------------------

def test_bad_line_in_a_jsonl_import_is_named_and_leaves_the_project_unchanged(
        run: Run, tmp_path: Path, interview_path: Path, write_file) -> None:
    run("import", "project.db", interview_path, "--annotator", "ana")
    before = sha256_of(tmp_path / "project.db")
    write_file("bad.jsonl", '{"id": "a", "text": "Fine."}\n'
                            '{"id": "b", "text": "Also fine.", "spans": [{"start": 0, "end": 4, '
                            '"label": "Claim"}]}\n'
                            '{"id": "c", "text": "Broken", "spans": [{"start": 2, "end": 99, '
                            '"label": "Claim"}]}\n')
    result = run("import", "project.db", "bad.jsonl", "--annotator", "ana")
    assert_refused(result, "bad.jsonl:3")
    assert sha256_of(tmp_path / "project.db") == before


def test_bad_text_file_after_a_good_one_is_named_and_leaves_the_project_unchanged(
        run: Run, tmp_path: Path, interview_path: Path, write_file) -> None:
    run("import", "project.db", interview_path, "--annotator", "ana")
    before = sha256_of(tmp_path / "project.db")
    write_file("good.txt", "A new, good text.\n")
    write_file("latin1.txt", "First line.\r\nSecond: caf".encode() + b"\xe9.\r\n")
    result = run("import", "project.db", "good.txt", "latin1.txt")
    assert_refused(result, "latin1.txt:2")
    assert sha256_of(tmp_path / "project.db") == before


def test_bad_input_into_a_new_project_does_not_create_it(run: Run, tmp_path: Path, write_file) -> None:
    write_file("bad.jsonl", '{"id": "a", "text": "Fine."}\n{"id": "b", "text": }\n')
    result = run("import", "new.db", "bad.jsonl", "--annotator", "ana")
    assert_refused(result, "bad.jsonl:2")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl"]


def test_unknown_label_is_named_with_its_line(run: Run, tmp_path: Path, write_file) -> None:
    write_file("labels.jsonl", '{"id": "a", "text": "Fine."}\n'
                               '{"id": "b", "text": "Ozer said.", "spans": [{"start": 0, "end": 4, '
                               '"label": "Speaker", "annotator": "ana"}]}\n')
    result = run("import", "project.db", "labels.jsonl")
    assert_refused(result, "labels.jsonl:2")
    assert not (tmp_path / "project.db").exists()


def test_conflicting_text_under_a_known_id_is_refused_and_leaves_the_project_unchanged(
        run: Run, tmp_path: Path, write_file) -> None:
    write_file("talk.txt", "The first version.\n")
    run("import", "project.db", "talk.txt", "--annotator", "ana")
    before = sha256_of(tmp_path / "project.db")
    write_file("again/talk.txt", "An edited version.\n")
    result = run("import", "project.db", Path("again", "talk.txt"), "--annotator", "ana")
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and "'talk' is already in project.db" in result.stderr
    assert sha256_of(tmp_path / "project.db") == before


def test_exporting_a_project_that_does_not_exist_is_refused_without_creating_it(run: Run, tmp_path: Path) -> None:
    result = run("export", "missing.db", "-o", "out.jsonl")
    assert_refused(result, "missing.db")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_exporting_into_a_missing_folder_is_refused_in_one_line(run: Run, tmp_path: Path,
                                                                interview_path: Path) -> None:
    run("import", "project.db", interview_path, "--annotator", "ana")
    result = run("export", "project.db", "-o", Path("no-such-folder", "out.jsonl"))
    assert_refused(result, str(Path("no-such-folder", "out.jsonl")))


def test_importing_into_a_file_that_is_not_a_project_is_refused_and_leaves_it_alone(
        run: Run, tmp_path: Path, interview_path: Path, write_file) -> None:
    notes = write_file("notes.txt", "my notes\n")
    result = run("import", "notes.txt", interview_path)
    assert_refused(result, "notes.txt")
    assert notes.read_bytes() == b"my notes\n"


@pytest.mark.parametrize("args", [("merge", "project.db", "notes.txt"), ("export", "notes.txt", "-o", "x.jsonl"),
                                  ("agree", "notes.txt"), ("merge", "project.db", "talks.jsonl"),
                                  ("merge", "new-notes.md", "project.db")],
                         ids=["merge-a-txt", "export-a-txt", "agree-on-a-txt", "merge-a-jsonl", "merge-into-a-md"])
def test_a_document_given_where_a_project_belongs_points_to_import(run: Run, tmp_path: Path, write_file,
                                                                  args: tuple[str, ...]) -> None:
    write_file("notes.txt", "my notes\n")
    write_file("talks.jsonl", '{"id": "t", "text": "Talks."}\n')
    document = next(a for a in args if a.endswith((".txt", ".md", ".jsonl")))
    result = run(*args)
    assert_refused(result, document)
    assert f"not an Annotator project; add it to a project with `annotator import PROJECT {document}`" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "talks.jsonl"]  # nothing created


def test_opening_a_text_file_as_the_project_says_import_it_and_opens_no_window(tmp_path: Path, write_file) -> None:
    write_file("notes.txt", "my notes\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ANNOTATOR_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run([sys.executable, "-m", "annotator", "notes.txt"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60)
    assert_refused(result, "notes.txt")
    assert "`annotator import PROJECT notes.txt`" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


# -- agreement ---------------------------------------------------------------------------------

@pytest.fixture
def team_project(run: Run, tmp_path: Path) -> Path:
    """Two documents coded by ana and bo, with titles."""
    talk = "Moscow said talks would go on. Kyiv disagreed."
    note = "Ozer expects a ceasefire soon."
    records = [
        {"id": "talk-1", "text": talk, "meta": {"title": "Talks in Geneva", "date": "", "source": ""},
         "spans": [{"start": 0, "end": 6, "label": "Actor", "annotator": "ana"},
                   {"start": 0, "end": 6, "label": "Actor", "annotator": "bo"},
                   {"start": 31, "end": 35, "label": "Actor", "annotator": "bo"}]},
        {"id": "note-2", "text": note, "meta": {"title": "A short note", "date": "", "source": ""},
         "spans": [{"start": 0, "end": 29, "label": "Claim", "annotator": "ana"},
                   {"start": 5, "end": 29, "label": "Claim", "annotator": "bo"}]},
    ]
    (tmp_path / "team.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert run("import", "team.db", "team.jsonl").returncode == 0
    return tmp_path / "team.db"


def test_agreement_shows_corpus_labels_and_pairs_with_a_guide_to_reading_it(run: Run, team_project: Path) -> None:
    result = run("agree", team_project)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.strip().startswith("pair"))
    assert header.split()[-6:] == ["kappa", "kappa", "coded", "alpha", "alpha", "coded"]   # own columns
    assert any(line.strip().startswith("ana vs bo") for line in lines)
    assert any(line.strip().startswith("Actor  ana vs bo") for line in lines)
    assert "Document" not in result.stdout                                 # per document only when asked
    assert "Krippendorff (2004" in result.stdout and "alpha >= 0.800" in result.stdout
    assert "Landis & Koch (1977)" in result.stdout


def test_agreement_by_document_heads_each_document_by_title_and_id(run: Run, team_project: Path) -> None:
    result = run("agree", team_project, "--by-document")
    assert result.returncode == 0, result.stderr
    headings = [line for line in result.stdout.splitlines() if line.startswith("Document ")]
    assert [h.split(":")[0] for h in headings] == ["Document “Talks in Geneva” (talk-1)",
                                                   "Document “A short note” (note-2)"]


def test_undefined_figures_say_why(run: Run, tmp_path: Path) -> None:
    # Both mark the whole text Claim: every token Claim for both, so kappa is undefined.
    record = {"id": "d", "text": "Peace now", "spans": [
        {"start": 0, "end": 9, "label": "Claim", "annotator": "ana"},
        {"start": 0, "end": 9, "label": "Claim", "annotator": "bo"}]}
    (tmp_path / "one.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    run("import", "one.db", "one.jsonl")
    result = run("agree", "one.db")
    tables = result.stdout.split("How to read")[0]
    assert "n/a (one label only)" in tables
    assert tables.count("n/a") == tables.count("n/a (")           # every n/a gives its reason


def test_agreement_as_csv_opens_as_a_table(run: Run, team_project: Path) -> None:
    import csv
    import io

    result = run("agree", team_project, "--csv", "--by-document")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["scope", "document_id", "document_title", "label", "annotator_a", "annotator_b",
                             "spans_a", "spans_b", "exact_matches", "exact_f1", "overlap_matches", "overlap_f1",
                             "kappa", "kappa_coded", "alpha", "alpha_coded", "tokens", "kappa_coded_tokens",
                             "alpha_coded_tokens"]
    corpus = next(row for row in rows if row["scope"] == "corpus" and row["label"] == "")
    # ana 2 spans, bo 3; exact: Moscow (Actor) -> F1 = 2 * 1 / 5
    assert (corpus["annotator_a"], corpus["spans_a"], corpus["spans_b"], corpus["exact_matches"]) == (
        "ana", "2", "3", "1")
    assert float(corpus["exact_f1"]) == pytest.approx(0.4)
    assert {row["document_title"] for row in rows if row["scope"] == "document"} == {"Talks in Geneva",
                                                                                  "A short note"}


def test_agreement_into_a_closed_pipe_ends_quietly(tmp_path: Path, team_project: Path) -> None:
    # `annotator agree P | head -1` once head has gone: the read end is closed before anything is written.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run([sys.executable, "-m", "annotator", "agree", str(team_project), "--by-document"],
                                cwd=tmp_path, stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(write_end)
    assert result.stderr == ""
    assert result.returncode == 1


def test_export_texts_only_hands_over_the_documents_without_spans(run: Run, tmp_path: Path,
                                                                   two_annotators_jsonl: Path) -> None:
    assert run("import", "ana.db", two_annotators_jsonl).returncode == 0
    result = run("export", "ana.db", "--texts-only", "-o", "texts.jsonl")
    assert (result.returncode, result.stdout) == (0, "texts.jsonl: 2 documents written\n")
    records = exported(tmp_path / "texts.jsonl")
    assert [(r["id"], r["spans"]) for r in records] == [("interview_peace_or_pause", []), ("note-1", [])]
    assert records[1]["text"] == "Moscow said talks would go on.\r\nKyiv 🇺🇦 disagreed."
    assert run("import", "ben.db", "texts.jsonl", "--annotator", "Ben").returncode == 0
    assert run("export", "ben.db", "-o", "ben.jsonl").returncode == 0
    assert [r["spans"] for r in exported(tmp_path / "ben.jsonl")] == [[], []]


@pytest.mark.parametrize("layer", [["--annotator", "ana"], ["--gold"]])
def test_texts_only_with_a_layer_is_refused(run: Run, tmp_path: Path, two_annotators_jsonl: Path,
                                            layer: list[str]) -> None:
    assert run("import", "ana.db", two_annotators_jsonl).returncode == 0
    result = run("export", "ana.db", "--texts-only", *layer, "-o", "texts.jsonl")
    assert result.returncode == 2 and "--texts-only" in result.stderr
    assert not (tmp_path / "texts.jsonl").exists()


def test_import_help_says_annotator_names_only_spans_without_one(run: Run) -> None:
    help_text = " ".join(run("import", "--help").stdout.split())
    assert "the analyst of spans that name none" in help_text
    assert "spans that name their analyst stay theirs" in help_text
    assert "annotator export PROJECT --texts-only" in help_text
