"""The token formats written as lines of text (hf, iob): documents to bytes, batch by batch,
in worker processes for a large export.

Putting spans on tokens is most of such an export's time (finding the words of 100,000
documents alone takes seconds), and each document's lines depend on that document alone.
So the records are read here, cut into batches of `BATCH` documents, and each batch is
turned into the bytes of its documents' lines, with what placing their spans counted, by
`formats.batches`: here for a small export, in spawned workers from `POOL_FROM` batches on.
The bytes are written in document order through `atomic_output`, so the file is the same,
byte for byte, whoever built it, and a cancel or an error leaves no file.

A worker is sent each document's id and text and its spans as plain (start, end, label)
tuples: they pickle in a fraction of the time `Document`s and `SpanData`s take, which is
all a line format needs.
"""

from __future__ import annotations

from contextlib import closing
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Iterator

from annotator.formats.atomic import atomic_output
from annotator.formats.base import DocumentsWithSpans, ExportOptions, ExportReport
from annotator.formats.batches import batches, default_workers, in_order
from annotator.formats.tokenized import TokenCounts, TokenizedDocument, on_tokens, one_layer
from annotator.model import Document, SpanData

BATCH = 1_000
"""Documents in one batch: a tenth of a second's work, so the workers stay busy to the end
and the bytes held back for order stay a few megabytes."""
POOL_FROM = 8
"""Batches an export needs before workers are spawned. A worker starts in about a fifth of a
second (it imports Annotator's formats, not spaCy); on two cores two workers break even with
one process at about 4 batches of ordinary documents and win a quarter from 8 on."""
MAX_WORKERS = 4
"""Past a few workers, reading the project here bounds the gain."""

Lines = Callable[[Iterable[TokenizedDocument]], bytes]
"""A format's lines for some tokenized documents, in their order, as the file's bytes.
A document carries its id and text only."""
Packed = list[tuple[str, str, list[tuple[int, int, str]]]]


def write_token_lines(path: Path, records: DocumentsWithSpans, options: ExportOptions, writer: str, lines: Lines,
                      untagged_where: str, batch: int = BATCH, workers: int | None = None) -> ExportReport:
    """Writes the `lines` of each document of `records` (one layer, else refused naming
    `writer`) to `path`. `workers`: processes that build the lines (default: one a core, at
    most `MAX_WORKERS`); 1 builds them here. `lines` is a module-level function: it may be
    sent to a worker."""
    counts = TokenCounts()
    documents = 0
    packed = map(_packed, batches(one_layer(records, writer), batch))
    parts = in_order(packed, partial(_lines_of, options=options, lines=lines),
                     workers or default_workers(MAX_WORKERS), POOL_FROM)
    with atomic_output(path) as handle, closing(parts):
        for data, part_counts, part_documents in parts:
            handle.write(data)
            counts.add(part_counts)
            documents += part_documents
    return counts.report(documents, options, untagged_where)


def _packed(batch: list[tuple[Document, list[SpanData]]]) -> Packed:
    return [(document.external_id, document.text, [span[:3] for span in spans]) for document, spans in batch]


def _lines_of(batch: Packed, options: ExportOptions, lines: Lines) -> tuple[bytes, TokenCounts, int]:
    """A batch's bytes, what placing its spans counted, and its number of documents."""
    counts = TokenCounts()
    documents: Iterator[TokenizedDocument] = (on_tokens(Document(external_id, text), spans, options, counts)
                                              for external_id, text, spans in batch)
    return lines(documents), counts, len(batch)
