"""IOB2 in CoNLL-2003's columns: a token and its tag on each line, one document a block.

    -DOCSTART- -X- O O

    Ozer B-Actor
    said B-Claim
    👍🏽 I-Claim

Each document opens with CoNLL-2003's delimiter line and a blank line, and ends with a blank
line; its tokens form one sequence (no sentence splitting). Columns are separated by one
space: a token never holds whitespace. Files are UTF-8 with LF line ends. spaCy's
`spacy convert --converter ner`, flair's ColumnCorpus and seqeval read it. Tokens, the one
layer, alignment and nesting: see `formats.tokenized`.
Lost: document ids (documents keep the project's order), meta, whitespace and offsets, and
spans that overlap a longer one (IOB cannot nest).
"""

from __future__ import annotations

from pathlib import Path

from annotator.formats.atomic import atomic_text_output
from annotator.formats.base import DocumentsWithSpans, ExportOptions, ExportReport, Writer
from annotator.formats.tokenized import TokenCounts, tokenized

DOCUMENT_START = "-DOCSTART- -X- O O"
_ROW = "{} {}\n"


def write_iob(path: Path, records: DocumentsWithSpans, options: ExportOptions) -> ExportReport:
    counts = TokenCounts()
    documents = 0
    with atomic_text_output(path) as handle:
        for doc in tokenized(records, options, counts, "iob"):
            rows = "".join(map(_ROW.format, doc.words, doc.iob_tags()))
            handle.write(f"{DOCUMENT_START}\n\n{rows}\n")
            documents += 1
    return counts.report(documents, options, "left out of the tags (the longest is kept)")


WRITERS = (Writer("iob", "IOB2 tags, CoNLL columns", (".iob",), write_iob, takes_options=True, one_layer=True),)
