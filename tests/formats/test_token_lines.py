"""hf and iob built batch by batch in spawned worker processes: the same bytes as one
process writes, and a refusal or a cancel part-way leaves no file."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

import pytest

from annotator.errors import AnnotatorError, Cancelled
from annotator.formats import ExportOptions
from annotator.formats.hf import write_hf
from annotator.formats.iob import write_iob
from annotator.formats.token_lines import POOL_FROM
from annotator.model import Document, SpanData
from annotator.progress import counted

TEXTS = ["\ufeffKyiv 👩\u200d👩\u200d👧 said: the caf\u0301e is shut.\r\nשלום\u2028Moscow agreed 👍🏽",
         "Ozer said a short-term ceasefire agreement is not peace.",
         ""]
WRITERS = {"hf": write_hf, "iob": write_iob}


def records(documents: int, annotator: str = "ana") -> list[tuple[Document, list[SpanData]]]:
    """`documents` documents of hard text, each with spans that nest, cross and cut a word."""
    made = []
    for n in range(documents):
        text = TEXTS[n % len(TEXTS)]
        spans = [] if not text else [SpanData(0, len(text) // 2, "Claim", annotator),
                                     SpanData(1, 9, "Actor", annotator), SpanData(5, len(text), "Issue", annotator)]
        made.append((Document(f"doc-{n}", text), spans))
    return made


class StopAt:
    def __init__(self, at: int) -> None:
        self.at = at

    def __call__(self, done: int, total: int) -> bool:
        return done < self.at


@pytest.mark.parametrize("name", WRITERS)
@pytest.mark.parametrize("align", ["strict", "expand"])
def test_built_by_workers_is_the_file_one_process_writes(tmp_path: Path, name: str, align: str) -> None:
    write: Callable = WRITERS[name]
    corpus = records(POOL_FROM + 3)                    # one document a batch: enough batches for the pool
    here = write(tmp_path / "here", corpus, ExportOptions(align=align), workers=1)
    pooled = write(tmp_path / "pooled", corpus, ExportOptions(align=align), batch=1, workers=2)
    assert (tmp_path / "pooled").read_bytes() == (tmp_path / "here").read_bytes()
    assert here.documents == POOL_FROM + 3
    assert (pooled.documents, pooled.notes, pooled.counts) == (here.documents, here.notes, here.counts)


@pytest.mark.parametrize("name", WRITERS)
def test_workers_stop_at_a_second_layer_and_write_nothing(tmp_path: Path, name: str) -> None:
    corpus = records(POOL_FROM + 2) + records(1, annotator="bo")
    with pytest.raises(AnnotatorError, match=f"^{name} writes one layer, and this export holds spans of 'ana' and 'bo'"):
        WRITERS[name](tmp_path / "out", corpus, ExportOptions(), batch=1, workers=2)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", WRITERS)
def test_a_cancel_while_workers_build_leaves_no_file(tmp_path: Path, name: str) -> None:
    corpus = records(3 * POOL_FROM)
    with pytest.raises(Cancelled):
        WRITERS[name](tmp_path / "out", counted(corpus, len(corpus), StopAt(2 * POOL_FROM)), ExportOptions(),
                      batch=1, workers=2)
    assert list(tmp_path.iterdir()) == []


def test_workers_are_spawned_from_a_thread_as_the_window_exports(tmp_path: Path) -> None:
    corpus = records(POOL_FROM + 1)
    write_hf(tmp_path / "here", corpus, ExportOptions(), workers=1)
    with ThreadPoolExecutor(1) as thread:
        report = thread.submit(write_hf, tmp_path / "pooled", corpus, ExportOptions(), batch=1, workers=2).result()
    assert report.documents == POOL_FROM + 1
    assert (tmp_path / "pooled").read_bytes() == (tmp_path / "here").read_bytes()
