"""`annotator export --format spacy|iob|hf|parquet`, run as an analyst runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

TEXT = "Moscow said talks would go on.\r\nKyiv 🇺🇦 disagreed."


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "annotator", *args], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def project(tmp_path: Path) -> str:
    spans = [{"start": 0, "end": 6, "label": "Actor", "annotator": "ana"},
             {"start": 0, "end": 9, "label": "Claim", "annotator": "ana"},      # "Moscow sa": inside a word
             {"start": 32, "end": 36, "label": "Actor", "annotator": "bo"}]
    (tmp_path / "in.jsonl").write_text(json.dumps({"id": "n1", "text": TEXT, "spans": spans}) + "\n", encoding="utf-8")
    assert run(tmp_path, "import", "p.db", "in.jsonl").returncode == 0
    return "p.db"


def test_export_reports_the_span_that_does_not_align(tmp_path: Path, project: str) -> None:
    result = run(tmp_path, "export", project, "-o", "train.iob", "--annotator", "ana")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == ("train.iob: 1 document written; 1 of 2 spans do not align to word tokens: left out "
                             "(--align strict; expand or contract moves them onto tokens)\n")
    assert "Moscow B-Actor\nsaid O\n" in (tmp_path / "train.iob").read_text(encoding="utf-8")


def test_export_with_align_expand_widens_it(tmp_path: Path, project: str) -> None:
    result = run(tmp_path, "export", project, "-o", "train.iob", "--annotator", "ana", "--align", "expand")
    assert "moved onto tokens (expand)" in result.stdout
    assert "Moscow B-Claim\nsaid I-Claim\ntalks O\n" in (tmp_path / "train.iob").read_text(encoding="utf-8")


def test_token_format_of_two_layers_is_refused_in_one_line(tmp_path: Path, project: str) -> None:
    result = run(tmp_path, "export", project, "-o", "train.hf.jsonl")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == ("annotator: error: hf writes one layer, and this export holds spans of 'ana' and "
                             "'bo': choose one with --annotator NAME, or --gold\n")
    assert not (tmp_path / "train.hf.jsonl").exists()


def test_export_help_lists_the_training_formats_and_align(tmp_path: Path) -> None:
    help_text = run(tmp_path, "export", "--help").stdout
    assert all(name in help_text for name in ("spacy", "iob", "hf", "parquet", "--align"))
