"""Hugging Face token classification: JSON Lines of tokens and IOB2 tag names, one document a line.

    {"id": "talk-1", "tokens": ["Ozer", "said", "👍🏽", ...], "ner_tags": ["B-Actor", "B-Claim", "I-Claim", ...]}

`datasets.load_dataset("json", data_files=PATH)` reads it as it is. The tags are the names
themselves, not class numbers, so the one file carries them; transformers' run_ner.py takes
string tags as they are, and `cast_column("ner_tags", Sequence(ClassLabel(names=...)))` turns
them into numbers. Tokens, the one layer, alignment and nesting: see `formats.tokenized`.
Lost: whitespace and offsets (tokens only), spans that overlap a longer one, meta.
"""

from __future__ import annotations

from pathlib import Path

import orjson

from annotator.formats.atomic import atomic_output
from annotator.formats.base import DocumentsWithSpans, ExportOptions, ExportReport, Writer
from annotator.formats.tokenized import TokenCounts, tokenized


def write_hf(path: Path, records: DocumentsWithSpans, options: ExportOptions) -> ExportReport:
    counts = TokenCounts()
    documents = 0
    with atomic_output(path) as handle:
        for doc in tokenized(records, options, counts, "hf"):
            handle.write(orjson.dumps({"id": doc.document.external_id, "tokens": doc.words,
                                       "ner_tags": doc.iob_tags()}))
            handle.write(b"\n")
            documents += 1
    return counts.report(documents, options, "left out of ner_tags (the longest is kept)")


WRITERS = (Writer("hf", "Hugging Face token classification (JSON Lines)", (".hf.jsonl",), write_hf,
                  takes_options=True, one_layer=True),)
