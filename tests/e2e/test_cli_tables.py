"""`annotator import` with spreadsheets of articles, run as a real process."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.files import sha256_of


def run(cwd: Path, *args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "annotator", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    path = tmp_path / "articles.csv"
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle).writerows([
            ["url", "title", "date", "lede", "outlet"],
            ["https://news.example/1", "Talks resume", "2025-04-17", "Kyiv 🇺🇦 said:\r\n\"no ceasefire\".", "Wire"],
            ["https://news.example/2", "שיחות", "17/04/2025", "\ufeffJose\u0301 said\u2028yes 👩‍👩‍👧.", "Daily"]])
    return path


def test_a_spreadsheet_imports_one_document_per_row_and_exports_them(tmp_path, articles):
    result = run(tmp_path, "import", "p.db", articles, "--text-column", "lede", "--id-column", "url",
                 "--annotator", "ana")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "p.db: 2 documents added, 0 already present; 0 spans added, 0 already present\n"
    run(tmp_path, "export", "p.db", "-o", "out.jsonl")
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").split("\n") if line]
    assert [(d["id"], d["text"]) for d in lines] == [
        ("https://news.example/1", "Kyiv 🇺🇦 said:\r\n\"no ceasefire\"."),
        ("https://news.example/2", "\ufeffJose\u0301 said\u2028yes 👩‍👩‍👧.")]
    assert lines[1]["meta"] == {"title": "שיחות", "date": "", "source": "articles.csv", "outlet": "Daily",
                                "date_as_written": "17/04/2025"}


def test_columns_may_be_given_by_number(tmp_path, articles):
    result = run(tmp_path, "import", "p.db", articles, "--text-column", "4", "--id-column", "1")
    assert result.returncode == 0, result.stderr


def test_without_a_text_column_the_refusal_lists_the_columns(tmp_path, articles):
    result = run(tmp_path, "import", "p.db", articles)
    assert result.returncode == 2
    assert result.stderr == (f"annotator: error: {articles}:1: which column holds the text? None is called text, "
                             f"body, content, article, full_text; name one (--text-column on the command line). "
                             f"The columns are 1 'url', 2 'title', 3 'date', 4 'lede', 5 'outlet'\n")
    assert not (tmp_path / "p.db").exists()


def test_a_bad_row_is_one_line_and_leaves_the_project_untouched(tmp_path, articles):
    assert run(tmp_path, "import", "p.db", articles, "--text-column", "lede").returncode == 0
    before = sha256_of(tmp_path / "p.db")
    bad = tmp_path / "bad.csv"
    bad.write_text("id,text\r\na,Fine.\r\na,Again.\r\n", encoding="utf-8")
    result = run(tmp_path, "import", "p.db", bad)
    assert result.returncode == 2
    assert result.stderr == f"annotator: error: {bad}:3: row 3: duplicate id 'a' (first in row 2)\n"
    assert sha256_of(tmp_path / "p.db") == before


def test_a_column_flag_for_text_files_is_refused(tmp_path):
    memo = tmp_path / "memo.txt"
    memo.write_text("A memo.", encoding="utf-8")
    result = run(tmp_path, "import", "p.db", memo, "--text-column", "body")
    assert result.returncode == 2
    assert result.stderr.startswith("annotator: error: text column is an option for .csv")


def test_import_help_names_the_column_flags(tmp_path):
    help_text = run(tmp_path, "import", "--help").stdout
    assert "--text-column" in help_text and "--id-column" in help_text and ".xlsx" in help_text
