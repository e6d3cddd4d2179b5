"""`annotator search`, run as an analyst runs it: exact code-point hits, JSON lines, one line for a bad query."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

TEXT = "\ufeffJose\u0301 said 👩‍👩‍👧 Russia\r\nwould talk; روسيا RUSSIA\u2028again."


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "annotator", *args], cwd=tmp_path, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def project(tmp_path: Path) -> Path:
    line = json.dumps({"id": "note", "text": TEXT, "spans": []}, ensure_ascii=False)
    (tmp_path / "in.jsonl").write_text(line + "\n", encoding="utf-8")
    assert run(tmp_path, "import", "p.db", "in.jsonl").returncode == 0
    return tmp_path / "p.db"


def test_search_prints_document_start_end_and_snippet(tmp_path: Path):
    project(tmp_path)
    result = run(tmp_path, "search", "p.db", "russia")
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [(doc, TEXT[int(start):int(end)]) for doc, start, end, _ in rows] == [("note", "Russia"),
                                                                                ("note", "RUSSIA")]
    assert "would talk" in rows[0][3]


def test_search_as_json_lines_with_a_limit(tmp_path: Path):
    project(tmp_path)
    result = run(tmp_path, "search", "p.db", "josé OR russia", "--json", "--limit", "2")
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert [TEXT[hit["start"]:hit["end"]] for hit in hits] == ["Jose\u0301", "Russia"]


def test_a_bad_query_is_one_line_and_exit_2(tmp_path: Path):
    project(tmp_path)
    result = run(tmp_path, "search", "p.db", '"russia AND')
    assert result.returncode == 2
    assert result.stdout == "" and len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("annotator: error: not a search query FTS5 understands")
