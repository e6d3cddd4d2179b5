"""spaCy's training data: a `DocBin` (`.spacy`), what `spacy train` and `DocBin().from_disk` read.

Each document is a `Doc` whose tokens are Annotator's words (`formats.tokenized`), with the
whitespace between them as spaCy keeps it (a following single space is the token's
`whitespace_`; any other whitespace is a token of its own), so `doc.text` is the document's
text exactly and `doc.char_span(start, end)` finds every span written. The one layer's
spans are all in `doc.spans["sc"]` (spancat's default key; overlapping and nested spans
allowed); `doc.ents` holds those that overlap no longer one (`formats.tokenized`'s rule).
The document's id, title, date, source and meta are in `doc.user_data`.

The DocBin is built in memory and written at the end (spaCy has no streaming writer), and
spaCy walks every token in Python to collect its strings: see the README for the figures.
Lost: which analyst drew the spans (one layer is written), and spans that do not align
(see `--align`).
"""

from __future__ import annotations

from pathlib import Path

from annotator.formats.atomic import atomic_output
from annotator.formats.base import DocumentsWithSpans, ExportOptions, ExportReport, Writer
from annotator.formats.optional_import import import_extra
from annotator.formats.tokenized import TokenCounts, TokenizedDocument, tokenized

SPANS_KEY = "sc"


def write_spacy(path: Path, records: DocumentsWithSpans, options: ExportOptions) -> ExportReport:
    import_extra("spacy", "nlp", path, "write spaCy DocBin files")
    from spacy.tokens import Doc, DocBin, Span
    from spacy.vocab import Vocab

    vocab = Vocab()
    docs = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], store_user_data=True)
    counts = TokenCounts()
    documents = 0
    for tokenized_doc in tokenized(records, options, counts, "spacy"):
        words, spaces, index = _words_and_spaces(tokenized_doc)
        doc = Doc(vocab, words=words, spaces=spaces)
        doc.spans[SPANS_KEY] = [Span(doc, index[s.first], index[s.stop - 1] + 1, label=s.label)
                                for s in tokenized_doc.spans]
        doc.ents = [Span(doc, index[s.first], index[s.stop - 1] + 1, label=s.label) for s in tokenized_doc.tagged]
        document = tokenized_doc.document
        doc.user_data.update({"id": document.external_id, "title": document.title, "date": document.date,
                              "source": document.source, "meta": document.meta})
        docs.add(doc)
        documents += 1
    with atomic_output(path) as handle:
        handle.write(docs.to_bytes())
    return counts.report(documents, options, f'in doc.spans["{SPANS_KEY}"] only (doc.ents keeps the longest)')


def _words_and_spaces(doc: TokenizedDocument) -> tuple[list[str], list[bool], list[int]]:
    """spaCy's `Doc(words, spaces)` for the text: our tokens, and whitespace tokens for any gap
    that is not one plain space after a token. `index[i]` is our token i's place among them."""
    text = doc.document.text
    words: list[str] = []
    spaces: list[bool] = []
    index: list[int] = []
    done = 0
    for start, end in doc.tokens:
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
