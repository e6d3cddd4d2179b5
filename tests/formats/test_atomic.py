"""The atomic output every writer uses: the whole file or the old one, never half of the new one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annotator.errors import AnnotatorError
from annotator.formats.atomic import atomic_output, atomic_text_output


def test_written_bytes_replace_the_older_file(tmp_path: Path) -> None:
    out = tmp_path / "out.bin"
    out.write_bytes(b"old")
    with atomic_output(out) as handle:
        handle.write(b"new")
    assert out.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_output_is_not_in_place_until_the_block_ends(tmp_path: Path) -> None:
    out = tmp_path / "out.bin"
    out.write_bytes(b"old")
    with atomic_output(out) as handle:
        handle.write(b"new")
        handle.flush()
        assert out.read_bytes() == b"old"


def test_error_while_writing_leaves_the_older_file_and_no_temporary(tmp_path: Path) -> None:
    out = tmp_path / "out.bin"
    out.write_bytes(b"old")
    with pytest.raises(RuntimeError, match="the project went away"):
        with atomic_output(out) as handle:
            handle.write(b"half of the new")
            raise RuntimeError("the project went away")
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_error_while_writing_a_new_file_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError):
        with atomic_output(tmp_path / "out.bin") as handle:
            handle.write(b"half")
            raise RuntimeError("stopped")
    assert list(tmp_path.iterdir()) == []


def test_system_error_while_writing_names_the_file_asked_for(tmp_path: Path) -> None:
    out = tmp_path / "out.bin"
    with pytest.raises(AnnotatorError, match=rf"^{re.escape(str(out))}: cannot write: No space left"):
        with atomic_output(out):
            raise OSError(28, "No space left on device")
    assert list(tmp_path.iterdir()) == []


def test_output_over_a_folder_is_refused_naming_it_and_leaves_no_temporary(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    with pytest.raises(AnnotatorError, match=rf"^{re.escape(str(tmp_path / 'out'))}: cannot write"):
        with atomic_output(tmp_path / "out") as handle:
            handle.write(b"data")
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_text_output_writes_line_ends_as_given_on_every_platform(tmp_path: Path) -> None:
    out = tmp_path / "out.conll"
    with atomic_text_output(out) as handle:
        handle.write("Kyiv\tB-Actor\r\n\u2028👩‍👩‍👧\n")
    assert out.read_bytes() == "Kyiv\tB-Actor\r\n\u2028👩‍👩‍👧\n".encode("utf-8")


def test_text_output_that_fails_leaves_the_older_file(tmp_path: Path) -> None:
    out = tmp_path / "out.conll"
    out.write_bytes(b"old")
    with pytest.raises(UnicodeEncodeError):
        with atomic_text_output(out) as handle:
            handle.write("fine, then a lone surrogate: \ud800")
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.conll"]
