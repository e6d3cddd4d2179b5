"""Hugging Face token classification: JSON Lines of tokens and IOB2 tag names, one document a line.

    {"id": "talk-1", "tokens": ["Ozer", "said", "👍🏽", ...], "ner_tags": ["B-Actor", "B-Claim", "I-Claim", ...]}

`datasets.load_dataset("json", data_files=PATH)` reads it as it is. The tags are the names
themselves, not class numbers, so the one file carries them; transformers' run_ner.py takes
string tags as they are, and `cast_column("ner_tags", Sequence(ClassLabel(names=...)))` turns
them into numbers. Tokens, the one layer, alignment and nesting: see `formats.tokenized`; a
large export is built in worker processes, batch by batch, the same bytes as one process
writes (`formats.token_lines`).
Lost: whitespace and offsets (tokens only), spans that overlap a longer one, meta.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import orjson

from annotator.formats.base import DocumentsWithSpans, ExportOptions, ExportReport, Writer
from annotator.formats.token_lines import BATCH, write_token_lines
from annotator.formats.tokenized import TokenizedDocument


def write_hf(path: Path, records: DocumentsWithSpans, options: ExportOptions,
             batch: int = BATCH, workers: int | None = None) -> ExportReport:
    """`batch` and `workers`: see `formats.token_lines`."""
    return write_token_lines(path, records, options, "hf", hf_lines,
                             "left out of ner_tags (the longest is kept)", batch, workers)


def hf_lines(docs: Iterable[TokenizedDocument]) -> bytes:
    """One JSON object a document, each ending its line."""
    return b"".join([orjson.dumps({"id": doc.document.external_id, "tokens": doc.words, "ner_tags": doc.iob_tags()},
                                  option=orjson.OPT_APPEND_NEWLINE) for doc in docs])


WRITERS = (Writer("hf", "Hugging Face token classification (JSON Lines)", (".hf.jsonl",), write_hf,
                  takes_options=True, one_layer=True),)
