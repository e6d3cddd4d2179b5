"""Hostile and broken input given to the `annotator` command, run as an analyst runs it.

Whatever comes in, the command prints one line naming the file (and line), exits with
status 2 and leaves the project file byte for byte as it was, with nothing new committed
to its write-ahead log. Big inputs go through with bounded memory.
"""

from __future__ import annotations

import codecs
import ctypes
import hashlib
import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from annotator.store import Project
from tests.files import sha256_of, snapshot

Run = Callable[..., subprocess.CompletedProcess]

TALK = "Ozer said a ceasefire is near. Kyiv 🇺🇦 disagreed."
EMPTY_META = {"title": "", "date": "", "source": ""}


def command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "annotator", *map(str, args)]


@pytest.fixture
def run(tmp_path: Path) -> Run:
    """`run("import", "p.db", "a.txt")` runs `python -m annotator ...` in tmp_path;
    `preexec` runs in the child before the interpreter starts (limits, capabilities)."""
    def run_cli(*args: str | Path, preexec: Callable[[], None] | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(command(*args), cwd=tmp_path, capture_output=True, text=True, timeout=120,
                              preexec_fn=preexec)

    return run_cli


# Starts the command from a fresh small interpreter and writes the command's peak memory
# (ru_maxrss) to the file named first. On Linux a child's ru_maxrss starts at its parent's
# resident size when it is forked (it is kept across exec), so measured straight from pytest
# (hundreds of MB with spaCy and datasets loaded) it would count pytest too.
_MEASURE = ("import os, subprocess, sys; p = subprocess.Popen(sys.argv[2:]); _, s, u = os.wait4(p.pid, 0); "
            "open(sys.argv[1], 'w').write(str(u.ru_maxrss)); sys.exit(os.waitstatus_to_exitcode(s))")


def run_measuring_memory(cwd: Path, *args: str | Path) -> tuple[subprocess.CompletedProcess, int]:
    """Runs the command and returns its result and its own peak resident memory in bytes."""
    peak_file = cwd / "peak.txt"
    result = subprocess.run([sys.executable, "-c", _MEASURE, str(peak_file), *command(*args)], cwd=cwd,
                            capture_output=True, text=True, timeout=300)
    peak = int(peak_file.read_text()) * (1 if sys.platform == "darwin" else 1024)
    return result, peak


def jsonl(*objects: object) -> str:
    return "".join(json.dumps(obj, ensure_ascii=False) + "\n" for obj in objects)


def canonical(obj: dict) -> bytes:
    """One line exactly as `annotator export` writes it."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def assert_refused(result: subprocess.CompletedProcess, where: str, *phrases: str) -> str:
    """Exit status 2 and one line on stderr that names the file (and line) to fix; no traceback."""
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"annotator: error: {where}: "), lines[0]
    for phrase in phrases:
        assert phrase in lines[0]
    return lines[0]


def nothing_committed_beside(project: Path) -> bool:
    wal = Path(f"{project}-wal")
    return not wal.exists() or wal.stat().st_size == 0


@pytest.fixture
def project(run: Run, tmp_path: Path) -> Path:
    """project.db in tmp_path, closed, holding a document with a span: something to lose."""
    (tmp_path / "earlier.jsonl").write_text(jsonl({"id": "talk", "text": TALK, "spans": [
        {"start": 0, "end": 4, "label": "Actor", "annotator": "ana"}]}), encoding="utf-8")
    assert run("import", "project.db", "earlier.jsonl").returncode == 0
    return tmp_path / "project.db"


@pytest.fixture
def many_documents(tmp_path: Path) -> Path:
    """300 documents of about 550 bytes, d000 … d299."""
    path = tmp_path / "many.jsonl"
    path.write_text(jsonl(*({"id": f"d{n:03}", "text": f"Document {n:03}: {TALK * 10}", "spans": [
        {"start": 0, "end": 8, "label": "Issue", "annotator": "bo"}]} for n in range(300))), encoding="utf-8")
    return path


# -- encodings ---------------------------------------------------------------------------------

def test_cp1252_text_is_refused_naming_file_and_line_and_asking_for_utf8(run: Run, tmp_path: Path,
                                                                          project: Path) -> None:
    before = snapshot(project)
    (tmp_path / "memo.txt").write_bytes("Memo\r\nPeace talks\r\n".encode() + "“Pause” — €5".encode("cp1252"))
    result = run("import", "project.db", "memo.txt")
    assert_refused(result, "memo.txt:3", "not valid UTF-8", "save the file as UTF-8")
    assert snapshot(project) == before


def test_utf16_text_saved_by_notepad_is_imported_and_exported_as_utf8(run: Run, tmp_path: Path) -> None:
    text = "Kyiv 🇺🇦 said e\u0301 no.\r\nשלום עולם\r\n"
    (tmp_path / "notepad.txt").write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert run("import", "project.db", "notepad.txt").returncode == 0
    assert run("export", "project.db", "-o", "out.jsonl").returncode == 0
    (record,) = [json.loads(line) for line in (tmp_path / "out.jsonl").read_bytes().splitlines()]
    assert record["text"] == text


def test_utf16_jsonl_is_refused_in_one_line_and_no_project_is_made(run: Run, tmp_path: Path) -> None:
    (tmp_path / "batch.jsonl").write_bytes(jsonl({"id": "a", "text": TALK}).encode("utf-16"))
    result = run("import", "new.db", "batch.jsonl")
    assert_refused(result, "batch.jsonl:1", "UTF-16", "save the file as UTF-8")
    assert not (tmp_path / "new.db").exists()


# -- binary files --------------------------------------------------------------------------------

def png_bytes() -> bytes:
    return (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"
            + random.Random(11).randbytes(64 * 1024))


def test_image_renamed_to_txt_is_refused_as_binary_and_the_project_unchanged(run: Run, tmp_path: Path,
                                                                              project: Path) -> None:
    before = snapshot(project)
    (tmp_path / "good.txt").write_text("A new, good text.\n", encoding="utf-8")
    (tmp_path / "photo.txt").write_bytes(png_bytes())
    result = run("import", "project.db", "good.txt", "photo.txt")
    assert_refused(result, "photo.txt:3", "binary file, not text")
    assert snapshot(project) == before


def test_image_renamed_to_jsonl_is_refused_on_line_1(run: Run, tmp_path: Path, project: Path) -> None:
    before = snapshot(project)
    (tmp_path / "photo.jsonl").write_bytes(png_bytes())
    assert_refused(run("import", "project.db", "photo.jsonl"), "photo.jsonl:1", "not valid UTF-8")
    assert snapshot(project) == before


# -- very large inputs -------------------------------------------------------------------------

def test_50_mb_single_line_text_imports_exports_and_round_trips(run: Run, tmp_path: Path) -> None:
    unit = "Ozer said a ceasefire is near, café, Kyiv 🇺🇦 disagreed. "
    repeats = 50 * 2**20 // len(unit.encode())
    data = unit.encode() * repeats
    (tmp_path / "long.txt").write_bytes(data)
    result = run("import", "first.db", "long.txt", "--annotator", "ana")
    assert result.returncode == 0, result.stderr
    with Project(tmp_path / "first.db", create=False) as project:
        assert [d.length for d in project.documents()] == [len(unit) * repeats]
    assert run("export", "first.db", "-o", "first.jsonl").returncode == 0
    expected = (b'{"id":"long","text":"' + data + b'","meta":{"title":"long","date":"","source":"long.txt"},'
                b'"spans":[],"claims":[]}\n')
    assert sha256_of(tmp_path / "first.jsonl") == hashlib.sha256(expected).hexdigest()
    assert run("import", "second.db", "first.jsonl").returncode == 0
    assert run("export", "second.db", "-o", "second.jsonl").returncode == 0
    assert sha256_of(tmp_path / "second.jsonl") == sha256_of(tmp_path / "first.jsonl")


def test_100_mb_jsonl_line_is_imported_whole_with_bounded_memory(tmp_path: Path) -> None:
    """A 100 MB document (an emoji in it makes Python hold it at four bytes a character) among
    other lines of 20 MB: all of it arrives, exactly, and the import's peak memory stays within
    ten times the longest line: lines are read one at a time, each held in few copies."""
    unit = "Ozer said a ceasefire is near; Kyiv 🇺🇦 disagreed. "
    repeats = 100 * 2**20 // len(unit.encode())
    length = len(unit) * repeats
    end_span = {"id": "s2", "start": length - 10, "end": length - 1, "label": "Claim", "text": unit[-10:-1],
                "annotator": "ana", "annotator_id": "id-ana"}
    big = (b'{"id":"big","text":"' + unit.encode() * repeats + b'","meta":{"title":"","date":"","source":""},'
           b'"spans":[' + canonical({"id": "s1", "start": 0, "end": 4, "label": "Actor", "text": "Ozer",
                                      "annotator": "ana", "annotator_id": "id-ana"})[:-1]
           + b"," + canonical(end_span)[:-1] + b'],"claims":[]}\n')
    middle = [canonical({"id": f"mid-{n}", "text": f"{n}: " + "Moscow replied. " * (20 * 2**20 // 16),
                         "meta": EMPTY_META, "spans": [], "claims": []}) for n in range(3)]
    small = [canonical({"id": f"small-{n}", "text": f"{TALK} ({n})", "meta": EMPTY_META, "spans": [
        {"id": "s1", "start": 0, "end": 4, "label": "Actor", "text": "Ozer", "annotator": "bo",
         "annotator_id": "id-bo"}], "claims": []})
        for n in range(2)]
    (tmp_path / "huge.jsonl").write_bytes(small[0] + big + b"".join(middle) + small[1])

    result, peak = run_measuring_memory(tmp_path, "import", "project.db", "huge.jsonl")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "project.db: 6 documents added, 0 already present; 4 spans added, 0 already present\n"
    assert peak < 10 * len(big), f"peak {peak / 2**20:.0f} MB for a {len(big) / 2**20:.0f} MB line"
    result = subprocess.run(command("export", "project.db", "-o", "out.jsonl"), cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert sha256_of(tmp_path / "out.jsonl") == sha256_of(tmp_path / "huge.jsonl")


# -- malformed JSONL ---------------------------------------------------------------------------

def good(n: int) -> dict:
    return {"id": f"good-{n}", "text": f"{TALK} ({n})", "spans": [
        {"start": 0, "end": 4, "label": "Actor", "annotator": "bo"}]}


def test_first_of_several_bad_lines_is_named_and_the_project_unchanged(run: Run, tmp_path: Path,
                                                                       project: Path) -> None:
    before = snapshot(project)
    (tmp_path / "first.jsonl").write_text(jsonl(good(1), good(2)), encoding="utf-8")
    (tmp_path / "mixed.jsonl").write_text(
        jsonl(good(3)) + "\n" + jsonl(good(4)) + '{"id": "x", "text": "ab", "spans": [{"start": 0, "end": 1.5, '
        '"label": "Claim"}]}\n' + "{broken\n" + jsonl(good(5)), encoding="utf-8")
    result = run("import", "project.db", "first.jsonl", "mixed.jsonl")
    assert_refused(result, "mixed.jsonl:4", '"end" must be an integer')
    assert snapshot(project) == before


@pytest.mark.parametrize("span, complaint", [
    ({"start": 0, "end": 999, "label": "Claim"}, "outside the text"),
    ({"start": -1, "end": 3, "label": "Claim"}, "outside the text"),
    ({"start": 4, "end": 4, "label": "Claim"}, "or empty"),
    ({"start": 2.0, "end": 4, "label": "Claim"}, '"start" must be an integer'),
    ({"start": "2", "end": 4, "label": "Claim"}, '"start" must be an integer'),
    ({"start": True, "end": 4, "label": "Claim"}, '"start" must be an integer'),
    ({"start": 0, "end": 4, "label": 2}, '"label" must be a non-empty string'),
], ids=["past-the-end", "negative", "empty", "float", "string", "bool", "int-label"])
def test_bad_span_is_refused_naming_file_and_line(run: Run, tmp_path: Path, project: Path, span: dict,
                                                  complaint: str) -> None:
    before = snapshot(project)
    (tmp_path / "spans.jsonl").write_text(jsonl(good(1), {"id": "b", "text": TALK, "spans": [span]}),
                                          encoding="utf-8")
    assert_refused(run("import", "project.db", "spans.jsonl"), "spans.jsonl:2", complaint)
    assert snapshot(project) == before


# -- ids ---------------------------------------------------------------------------------------

def test_id_repeated_within_a_file_is_refused_naming_the_second_line(run: Run, tmp_path: Path,
                                                                     project: Path) -> None:
    before = snapshot(project)
    (tmp_path / "twice.jsonl").write_text(jsonl(good(1), good(2), {**good(1), "text": "Another text."}),
                                          encoding="utf-8")
    assert_refused(run("import", "project.db", "twice.jsonl"), "twice.jsonl:3", "duplicate id 'good-1'")
    assert snapshot(project) == before


def test_id_with_different_texts_in_two_files_is_refused_naming_the_second(run: Run, tmp_path: Path,
                                                                           project: Path) -> None:
    before = snapshot(project)
    (tmp_path / "ana.jsonl").write_text(jsonl({"id": "shared", "text": "The first version."}), encoding="utf-8")
    (tmp_path / "bo.jsonl").write_text(jsonl(good(1), {"id": "shared", "text": "An edited version."}),
                                       encoding="utf-8")
    assert_refused(run("import", "project.db", "ana.jsonl", "bo.jsonl"), "bo.jsonl:2",
                   "'shared'", "different text")
    assert snapshot(project) == before


def test_id_with_the_same_text_in_two_files_is_merged_into_one_document(run: Run, tmp_path: Path,
                                                                        project: Path) -> None:
    note = {"id": "note", "text": "Moscow said talks would go on.\r\nKyiv 🇺🇦 disagreed."}
    moscow = {"start": 0, "end": 6, "label": "Actor", "annotator": "ana"}
    (tmp_path / "ana.jsonl").write_text(jsonl({**note, "spans": [moscow]}), encoding="utf-8")
    (tmp_path / "bo.jsonl").write_text(jsonl({**note, "spans": [
        moscow, {"start": 32, "end": 36, "label": "Actor", "annotator": "bo"}]}), encoding="utf-8")
    result = run("import", "project.db", "ana.jsonl", "bo.jsonl")
    assert result.stdout == ("project.db: 1 document added, 1 already present; "
                             "2 spans added, 1 already present\n"), result.stderr
    assert run("export", "project.db", "-o", "out.jsonl").returncode == 0
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["talk", "note"]
    assert [(s["annotator"], s["text"]) for s in records[1]["spans"]] == [("ana", "Moscow"), ("bo", "Kyiv")]


# -- a damaged project file ----------------------------------------------------------------------

def test_exporting_a_file_that_is_not_a_project_is_refused_and_leaves_it_alone(run: Run, tmp_path: Path) -> None:
    (tmp_path / "notes.db").write_bytes(png_bytes())
    before = sha256_of(tmp_path / "notes.db")
    assert_refused(run("export", "notes.db", "-o", "out.jsonl"), "notes.db", "not an Annotator project")
    assert sha256_of(tmp_path / "notes.db") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


@pytest.fixture
def cut_in_half(run: Run, project: Path, many_documents: Path) -> Path:
    assert run("import", "project.db", many_documents).returncode == 0
    with Project(project, create=False) as opened:
        opened.checkpoint()
    os.truncate(project, project.stat().st_size // 2)
    return project


@pytest.mark.parametrize("args", [("import", "project.db", "new.txt"), ("export", "project.db", "-o", "out.jsonl"),
                                  ("agree", "project.db")], ids=["import", "export", "agree"])
def test_project_cut_in_half_is_called_damaged_and_left_alone(run: Run, tmp_path: Path, cut_in_half: Path,
                                                              args: tuple[str, ...]) -> None:
    (tmp_path / "new.txt").write_text("A new text.\n", encoding="utf-8")
    before = sha256_of(cut_in_half)
    assert_refused(run(*args), "project.db", "damaged")
    assert sha256_of(cut_in_half) == before
    assert nothing_committed_beside(cut_in_half)
    assert not (tmp_path / "out.jsonl").exists()


@pytest.fixture
def damaged_inside(run: Run, project: Path, many_documents: Path) -> Path:
    """Header and schema intact, one page of documents overwritten: opens, fails when read."""
    assert run("import", "project.db", many_documents).returncode == 0
    with Project(project, create=False) as opened:
        opened.checkpoint()
    data = bytearray(project.read_bytes())
    page = data.index(b"Document 150:") // 4096 * 4096
    data[page:page + 4096] = b"\xff" * 4096
    project.write_bytes(bytes(data))
    return project


@pytest.mark.parametrize("args", [("import", "project.db", "again.jsonl"),
                                  ("export", "project.db", "-o", "out.jsonl"), ("agree", "project.db")],
                         ids=["import", "export", "agree"])
def test_project_damaged_inside_is_called_damaged_in_one_line(run: Run, tmp_path: Path, damaged_inside: Path,
                                                              args: tuple[str, ...]) -> None:
    (tmp_path / "again.jsonl").write_text(jsonl({"id": "d150", "text": "A text under a damaged id."}),
                                          encoding="utf-8")
    before = sha256_of(damaged_inside)
    assert_refused(run(*args), "project.db", "damaged", "nothing was changed")
    assert sha256_of(damaged_inside) == before
    assert nothing_committed_beside(damaged_inside)
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith((".out", "out"))]


def test_merging_a_damaged_colleague_file_changes_neither_file(run: Run, tmp_path: Path,
                                                               damaged_inside: Path) -> None:
    (tmp_path / "mine.txt").write_text("My own text.\n", encoding="utf-8")
    assert run("import", "mine.db", "mine.txt").returncode == 0
    before, theirs = snapshot(tmp_path / "mine.db"), sha256_of(damaged_inside)
    result = run("merge", "mine.db", "project.db")
    assert (result.returncode, len(result.stderr.splitlines())) == (2, 1), result.stderr
    assert snapshot(tmp_path / "mine.db") == before
    assert sha256_of(damaged_inside) == theirs


def test_merging_a_damaged_colleague_file_names_that_file(run: Run, tmp_path: Path, damaged_inside: Path) -> None:
    (tmp_path / "mine.txt").write_text("My own text.\n", encoding="utf-8")
    assert run("import", "mine.db", "mine.txt").returncode == 0
    assert_refused(run("merge", "mine.db", "project.db"), "project.db", "damaged")


@pytest.fixture
def damaged_annotators(run: Run, project: Path, many_documents: Path) -> Path:
    """The page of the annotators table overwritten; documents and spans are intact."""
    assert run("import", "project.db", many_documents).returncode == 0
    with Project(project, create=False) as opened:
        opened.checkpoint()
    conn = sqlite3.connect(project)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'annotators'").fetchone()
    conn.close()
    data = bytearray(project.read_bytes())
    data[(root - 1) * 4096:root * 4096] = b"\xff" * 4096
    project.write_bytes(bytes(data))
    return project


def test_exporting_one_layer_when_the_annotators_are_damaged_is_refused_in_one_line(
        run: Run, tmp_path: Path, damaged_annotators: Path) -> None:
    before = sha256_of(damaged_annotators)
    result = run("export", "project.db", "-o", "out.jsonl", "--annotator", "ana")
    assert_refused(result, "project.db", "damaged", "nothing was changed")
    assert sha256_of(damaged_annotators) == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith((".out", "out"))]


# -- a project this user may not write ---------------------------------------------------------

_libc = ctypes.CDLL(None, use_errno=True)


def as_an_ordinary_user() -> None:
    """preexec: root ignores permission bits (as in CI); dropping CAP_DAC_OVERRIDE and
    CAP_DAC_READ_SEARCH from the bounding set makes the command, still root, unable to write a
    file or folder without write permission, as any analyst is. For other users, nothing to do."""
    if os.geteuid() != 0:
        return
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if _libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.fixture
def run_as_analyst(run: Run, tmp_path: Path) -> Run:
    probe = tmp_path / "probe"
    probe.write_text("")
    probe.chmod(0o444)
    try:
        check = subprocess.run([sys.executable, "-c", f"open({str(probe)!r}, 'a')"], capture_output=True,
                               preexec_fn=as_an_ordinary_user)
    except subprocess.SubprocessError:
        pytest.skip("running as root and cannot drop CAP_DAC_OVERRIDE for the command (no CAP_SETPCAP)")
    probe.unlink()
    assert check.returncode != 0, "the command could still write a read-only file"
    return lambda *args: run(*args, preexec=as_an_ordinary_user)


def test_read_only_project_exports(run_as_analyst: Run, tmp_path: Path, project: Path) -> None:
    project.chmod(0o444)
    result = run_as_analyst("export", "project.db", "-o", "out.jsonl")
    assert result.returncode == 0, result.stderr
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["talk"]


def test_import_into_a_read_only_project_is_refused_in_one_line(run_as_analyst: Run, tmp_path: Path,
                                                                project: Path) -> None:
    before = snapshot(project)
    project.chmod(0o444)
    (tmp_path / "new.txt").write_text("A new text.\n", encoding="utf-8")
    assert_refused(run_as_analyst("import", "project.db", "new.txt"), "project.db", "read-only")
    assert snapshot(project) == before


def test_import_into_a_project_in_a_read_only_folder_is_refused_in_one_line(run: Run, run_as_analyst: Run,
                                                                            tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    (tmp_path / "new.txt").write_text("A new text.\n", encoding="utf-8")
    (tmp_path / "old.txt").write_text("An old text.\n", encoding="utf-8")
    assert run("import", Path("shared", "project.db"), "old.txt").returncode == 0
    before = snapshot(tmp_path / "shared" / "project.db")
    (tmp_path / "shared").chmod(0o555)
    try:
        result = run_as_analyst("import", Path("shared", "project.db"), "new.txt")
    finally:
        (tmp_path / "shared").chmod(0o755)
    assert_refused(result, str(Path("shared", "project.db")), "read-only")
    assert snapshot(tmp_path / "shared" / "project.db") == before


# -- a disk that fills up ----------------------------------------------------------------------

def files_may_not_grow_past(limit: int) -> Callable[[], None]:
    """preexec: the kernel refuses (EFBIG) any write past `limit` bytes, as a full disk would."""
    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limit_file_size


@pytest.fixture
def project_of_400_kb(run: Run, project: Path, many_documents: Path) -> Path:
    assert run("import", "project.db", many_documents).returncode == 0
    return project


def test_full_disk_during_export_leaves_no_output_file(run: Run, tmp_path: Path, project_of_400_kb: Path) -> None:
    result = run("export", "project.db", "-o", "out.jsonl", preexec=files_may_not_grow_past(100_000))
    assert_refused(result, "out.jsonl", "cannot write")
    assert sorted(p.name for p in tmp_path.iterdir() if "out" in p.name) == []


def test_full_disk_during_export_leaves_the_older_export_whole(run: Run, tmp_path: Path,
                                                               project_of_400_kb: Path) -> None:
    assert run("export", "project.db", "-o", "out.jsonl", "--annotator", "ana").returncode == 0
    older = (tmp_path / "out.jsonl").read_bytes()
    result = run("export", "project.db", "-o", "out.jsonl", preexec=files_may_not_grow_past(100_000))
    assert_refused(result, "out.jsonl", "cannot write")
    assert (tmp_path / "out.jsonl").read_bytes() == older
    assert sorted(p.name for p in tmp_path.iterdir() if "out" in p.name) == ["out.jsonl"]


def test_full_disk_during_import_is_refused_in_one_line_and_changes_nothing(run: Run, tmp_path: Path,
                                                                            project: Path) -> None:
    before = snapshot(project)
    (tmp_path / "large.txt").write_text("Ozer said a ceasefire is near. " * 20_000, encoding="utf-8")
    result = run("import", "project.db", "large.txt", preexec=files_may_not_grow_past(64 * 1024))
    assert_refused(result, "project.db", "nothing was changed")
    assert snapshot(project) == before


# -- documents: every bad file of a batch, a folder, an encoding ----------------------------------

def test_import_names_every_bad_file_exits_2_and_leaves_the_project_as_it_was(run, tmp_path: Path) -> None:
    from tests.documents import make_docx, make_encrypted_docx, make_scanned_pdf

    project = tmp_path / "p.db"
    assert run("import", project, make_docx(tmp_path / "first.docx")).returncode == 0
    before = snapshot(project)
    bad = [make_encrypted_docx(tmp_path / "secret.docx"), make_scanned_pdf(tmp_path / "scan.pdf"),
           tmp_path / "empty.rtf"]
    bad[2].write_bytes(b"")
    good = make_docx(tmp_path / "good.docx", paragraphs=("Another text.",))
    result = run("import", project, good, *bad)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == "annotator: error: 3 of 4 files could not be imported, so none was (the project is unchanged):"
    assert [line.split(": ", 1)[0].strip() for line in lines[1:]] == [str(path) for path in bad]
    assert "password-protected" in lines[1] and "no text layer: run OCR first" in lines[2] and "empty" in lines[3]
    assert "Traceback" not in result.stderr
    assert snapshot(project) == before


def test_import_of_a_folder_reports_what_it_skipped(run, tmp_path: Path) -> None:
    from tests.documents import ARTICLE_PAGE, make_docx

    folder = tmp_path / "corpus"
    (folder / "web").mkdir(parents=True)
    make_docx(folder / "talks.docx")
    (folder / "web" / "article.html").write_text(ARTICLE_PAGE, encoding="utf-8")
    (folder / "budget.numbers").write_bytes(b"PK")
    result = run("import", tmp_path / "p.db", folder)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(
        "2 documents added, 0 already present; 0 spans added, 0 already present; "
        "1 file skipped (.numbers: not a format Annotator reads)")


def test_import_with_encoding_auto_reads_a_legacy_text(run, tmp_path: Path) -> None:
    memo = ("Die Verhandlungen über den Waffenstillstand wurden am Donnerstag in Genf fortgesetzt, "
            "während die Delegationen über die Grenzübergänge stritten.\r\n") * 4
    (tmp_path / "memo.txt").write_bytes(memo.encode("cp1252"))
    refused = run("import", tmp_path / "p.db", "memo.txt")
    assert_refused(refused, "memo.txt:1", "not valid UTF-8", "--encoding")
    assert run("import", tmp_path / "p.db", "memo.txt", "--encoding", "auto").returncode == 0
    assert run("export", tmp_path / "p.db", "-o", tmp_path / "out.jsonl").returncode == 0
    (line,) = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["text"] == memo
