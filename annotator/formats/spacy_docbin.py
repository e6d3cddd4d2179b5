"""spaCy's training data: a `DocBin` (`.spacy`), what `spacy train` and `DocBin().from_disk` read.

Each document is a `Doc` whose tokens are Annotator's words (`formats.tokenized`), with the
whitespace between them as spaCy keeps it (a following single space is the token's
`whitespace_`; any other whitespace is a token of its own), so `doc.text` is the document's
text exactly and `doc.char_span(start, end)` finds every span written. The one layer's
spans are all in `doc.spans["sc"]` (spancat's default key; overlapping and nested spans
allowed); `doc.ents` holds those that overlap no longer one (`formats.tokenized`'s rule).
The document's id, title, date, source and meta are in `doc.user_data`, the one way back
from a training example to the document it came from (its msgpack call, below, is about a
sixth of the export's time; `spacy train` ignores it).

Speed. spaCy's `DocBin.add` costs about a millisecond a document whatever we do: it walks
every token in Python to collect its strings, and each of its msgpack calls (one for the
span groups, one inside them, one for the user data) makes srsly look its encoders up in
catalogue, which scans the installed packages' entry points every time. So a large export
is built in batches of `BATCH` documents by worker processes, one `DocBin` a batch, merged
in document order (`DocBin.merge`) and written at the end: the file is the same, byte for
byte, as one process would write (the strings are sorted, hashes do not depend on the
vocab). Workers are spawned, never forked (the window exports from a thread), and only
for an export of `POOL_FROM` batches or more. spaCy has no streaming writer, so the whole DocBin is
in memory before it is written: see the README for the figures. The batches and the pool:
`formats.batches`.

Lost: which analyst drew the spans (one layer is written), and spans that do not align
(see `--align`).
"""

from __future__ import annotations

from contextlib import closing
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.formats.atomic import atomic_output
from annotator.formats.base import DocumentsWithSpans, ExportOptions, ExportReport, Writer
from annotator.formats.batches import batches, default_workers, in_order
from annotator.formats.optional_import import import_extra
from annotator.formats.tokenized import TokenCounts, TokenizedDocument, one_layer, tokenized
from annotator.model import Document, SpanData

if TYPE_CHECKING:
    from spacy.tokens import Doc, DocBin
    from spacy.vocab import Vocab

SPANS_KEY = "sc"
ATTRS = ("ORTH", "ENT_IOB", "ENT_TYPE")
BATCH = 1_000
"""Documents in one worker's DocBin: large enough that merging costs little, small enough
that every worker is busy to the end."""
POOL_FROM = 4
"""Batches an export needs before workers are spawned: each spends a second or two importing
spaCy, which a smaller export would not win back."""
MAX_WORKERS = 4
"""Past a few workers the parent's serial share (reading the project, merging, compressing
the file) bounds the gain, and each worker holds a spaCy of its own."""

Batch = list[tuple[Document, list[SpanData]]]


def write_spacy(path: Path, records: DocumentsWithSpans, options: ExportOptions,
                batch: int = BATCH, workers: int | None = None) -> ExportReport:
    """`workers`: processes that build DocBins (default: one a core, at most `MAX_WORKERS`);
    1 builds them here."""
    import_extra("spacy", "nlp", path, "write spaCy DocBin files")
    counts = TokenCounts()
    docs: DocBin | None = None
    parts = in_order(batches(one_layer(records, "spacy"), batch), partial(_build_bytes, options=options),
                     workers or default_workers(MAX_WORKERS), POOL_FROM)
    with closing(parts):
        for data, part_counts in parts:
            counts.add(part_counts)
            part = _new_docbin().from_bytes(data)
            if docs is None:
                docs = part
            else:
                docs.merge(part)
    if docs is None:
        docs = _new_docbin()
    with atomic_output(path) as handle:
        handle.write(docs.to_bytes())
    return counts.report(len(docs), options, f'in doc.spans["{SPANS_KEY}"] only (doc.ents keeps the longest)')


def build_docbin(batch: Batch, options: ExportOptions) -> tuple[DocBin, TokenCounts]:
    """One DocBin of a batch's documents, and what putting their spans on tokens counted."""
    counts = TokenCounts()
    docs = _new_docbin()
    vocab = _vocab()
    for tokenized_doc in tokenized(batch, options, counts, "spacy"):
        docs.add(_doc(vocab, tokenized_doc))
    return docs, counts


def _build_bytes(batch: Batch, options: ExportOptions) -> tuple[bytes, TokenCounts]:
    """`build_docbin` as bytes: a DocBin crosses processes as its bytes (pickling one would
    lose `store_user_data`); a batch built here takes the same way, so the file is the same
    whichever process built it."""
    docs, counts = build_docbin(batch, options)
    return docs.to_bytes(), counts


def _new_docbin() -> DocBin:
    from spacy.tokens import DocBin

    return DocBin(attrs=list(ATTRS), store_user_data=True)


_VOCAB: list[Vocab] = []


def _vocab() -> Vocab:
    """One Vocab per process: its string store fills once with the corpus's words, not per batch."""
    if not _VOCAB:
        from spacy.vocab import Vocab

        _VOCAB.append(Vocab())
    return _VOCAB[0]


def _doc(vocab: Vocab, tokenized_doc: TokenizedDocument) -> Doc:
    from spacy.tokens import Doc, Span

    words, spaces, index = _words_and_spaces(tokenized_doc)
    doc = Doc(vocab, words=words, spaces=spaces)
    doc.spans[SPANS_KEY] = [Span(doc, index[s.first], index[s.stop - 1] + 1, label=s.label)
                            for s in tokenized_doc.spans]
    doc.ents = [Span(doc, index[s.first], index[s.stop - 1] + 1, label=s.label) for s in tokenized_doc.tagged]
    document = tokenized_doc.document
    doc.user_data.update({"id": document.external_id, "title": document.title, "date": document.date,
                          "source": document.source, "meta": document.meta})
    return doc


def _words_and_spaces(doc: TokenizedDocument) -> tuple[list[str], list[bool], list[int]]:
    """spaCy's `Doc(words, spaces)` for the text: our tokens, and whitespace tokens for any gap
    that is not one plain space after a token. `index[i]` is our token i's place among them."""
    text = doc.document.text
    words: list[str] = []
    spaces: list[bool] = []
    index: list[int] = []
    done = 0
    for start, end in zip(doc.starts, doc.ends):
        _gap(text[done:start], words, spaces)
        index.append(len(words))
        words.append(text[start:end])
        spaces.append(False)
        done = end
    _gap(text[done:], words, spaces)
    return words, spaces, index


def _gap(gap: str, words: list[str], spaces: list[bool]) -> None:
    if not gap:
        return
    if gap[0] == " " and words and not spaces[-1]:
        spaces[-1] = True
        gap = gap[1:]
    if gap:
        words.append(gap)
        spaces.append(False)


WRITERS = (Writer("spacy", "spaCy DocBin", (".spacy",), write_spacy, takes_options=True, one_layer=True),)
