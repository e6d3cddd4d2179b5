"""IOB2 in CoNLL-2003's columns: a token and its tag on each line, one document a block.

    -DOCSTART- -X- O O

    Ozer B-Actor
    said B-Claim
    👍🏽 I-Claim

Each document opens with CoNLL-2003's delimiter line and a blank line, and ends with a blank
line; its tokens form one sequence (no sentence splitting). Columns are separated by one
space: a token never holds whitespace. Files are UTF-8 with LF line ends. spaCy's
`spacy convert --converter ner`, flair's ColumnCorpus and seqeval read it. Tokens, the one
layer, alignment and nesting: see `formats.tokenized`; a large export is built in worker
processes, batch by batch, the same bytes as one process writes (`formats.token_lines`).
Lost: document ids (documents keep the project's order), meta, whitespace and offsets, and
spans that overlap a longer one (IOB cannot nest).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from annotator.formats.base import DocumentsWithSpans, ExportOptions, ExportReport, Writer
from annotator.formats.token_lines import BATCH, write_token_lines
from annotator.formats.tokenized import TokenizedDocument

DOCUMENT_START = "-DOCSTART- -X- O O"


def write_iob(path: Path, records: DocumentsWithSpans, options: ExportOptions,
              batch: int = BATCH, workers: int | None = None) -> ExportReport:
    """`batch` and `workers`: see `formats.token_lines`."""
    return write_token_lines(path, records, options, "iob", iob_lines,
                             "left out of the tags (the longest is kept)", batch, workers)


def iob_lines(docs: Iterable[TokenizedDocument]) -> bytes:
    """A block a document: the delimiter line, a blank line, a row a token, a blank line."""
    blocks = []
    for doc in docs:
        rows = "".join([f"{word} {tag}\n" for word, tag in zip(doc.words, doc.iob_tags())])
        blocks.append(f"{DOCUMENT_START}\n\n{rows}\n")
    return "".join(blocks).encode("utf-8")


WRITERS = (Writer("iob", "IOB2 tags, CoNLL columns", (".iob",), write_iob, takes_options=True, one_layer=True),)
