"""Counting a corpus for agreement: per document, the tables every figure is derived from.

A `Tally` holds, for the chosen annotators, counts only: tokens, tokens nobody coded, one
confusion table of token labels per annotator pair, one 2x2 table per pair and label (label
versus not-label), and the span counts of each pair and label. Tallies of documents add up
to the tally of the corpus, so the corpus is never held token by token: documents are read
as a stream, tokenized and counted in batches of about `BATCH_CHARS` code points with numpy,
and only the counts stay.

Label codes: 0 is uncoded (`tokens.OUTSIDE`), label i of `Labels.names` is code i + 1, in
order of first appearance (labels are discovered as the stream goes; tables grow).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from annotator.model import Span
from annotator.review.claim_agreement import ClaimUnit
from annotator.review.matching import Offsets, exact_matches, overlap_matches
from annotator.review.tokens import label_masks, token_bounds, token_labels, token_ranges

BATCH_CHARS = 500_000


@dataclass(frozen=True)
class Document:
    """One document as agreement reads it: id, title, text and the spans of all annotators, and
    its claims (`claim_agreement.claim_units`), or None when the project has none to compare."""

    external_id: str
    title: str
    text: str
    spans: list[Span]
    claims: list[ClaimUnit] | None = None


class Labels:
    """Label names and their codes, growing as documents bring new ones."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.code_of: dict[str, int] = {}

    def add(self, name: str) -> int:
        code = self.code_of.get(name)
        if code is None:
            self.names.append(name)
            code = self.code_of[name] = len(self.names)
        return code

    def ranks(self) -> np.ndarray:
        """ranks[code]: the position of the label in sorted order (code 0 first)."""
        ranks = np.zeros(len(self.names) + 1, dtype=np.int64)
        for rank, name in enumerate(sorted(self.names), start=1):
            ranks[self.code_of[name]] = rank
        return ranks


@dataclass
class Tally:
    """Counts of one scope (a document, or the corpus pooled). Arrays are indexed by pair
    (in `combinations(chosen, 2)` order) and label code; see the module docstring."""

    documents: int
    tokens: int
    uncoded: int                  # tokens no chosen annotator coded
    confusion: np.ndarray         # [pair, code a, code b]
    by_label: np.ndarray          # [pair, code - 1, in a's label?, in b's label?]
    spans: np.ndarray             # [pair, code - 1, exact|overlap, spans a|spans b|matches]
    used: np.ndarray              # [code - 1]: does any chosen annotator's span carry the label?

    @classmethod
    def empty(cls, pairs: int, labels: int) -> Tally:
        return cls(0, 0, 0, np.zeros((pairs, labels + 1, labels + 1), dtype=np.int64),
                   np.zeros((pairs, labels, 2, 2), dtype=np.int64),
                   np.zeros((pairs, labels, 2, 3), dtype=np.int64), np.zeros(labels, dtype=bool))

    @property
    def label_count(self) -> int:
        return len(self.used)

    def grown(self, labels: int) -> Tally:
        """The same counts with room for `labels` labels, which no token or span here carried."""
        extra = labels - self.label_count
        if extra <= 0:
            return self
        by_label = np.pad(self.by_label, ((0, 0), (0, extra), (0, 0), (0, 0)))
        by_label[:, self.label_count:, 0, 0] = self.tokens     # no token carried a label not yet seen
        return Tally(self.documents, self.tokens, self.uncoded,
                     np.pad(self.confusion, ((0, 0), (0, extra), (0, extra))), by_label,
                     np.pad(self.spans, ((0, 0), (0, extra), (0, 0), (0, 0))),
                     np.pad(self.used, (0, extra)))

    def __add__(self, other: Tally) -> Tally:
        labels = max(self.label_count, other.label_count)
        first, second = self.grown(labels), other.grown(labels)
        return Tally(first.documents + second.documents, first.tokens + second.tokens,
                     first.uncoded + second.uncoded, first.confusion + second.confusion,
                     first.by_label + second.by_label, first.spans + second.spans, first.used | second.used)


def batches(documents: Iterable[Document], size: int | None = None) -> Iterator[list[Document]]:
    """Consecutive documents, about `size` (default `BATCH_CHARS`) code points of text at a time."""
    size = size or BATCH_CHARS
    batch: list[Document] = []
    length = 0
    for document in documents:
        batch.append(document)
        length += len(document.text) + 1
        if length >= size:
            yield batch
            batch, length = [], 0
    if batch:
        yield batch


def count_batch(batch: Sequence[Document], chosen: Sequence[str], labels: Labels) -> Batch:
    """The tallies of the documents of `batch`, counted together, and their total."""
    own = {annotator_id: index for index, annotator_id in enumerate(chosen)}
    layers: list[list[Span]] = [[] for _ in chosen]         # spans of each annotator, whole batch
    layer_docs: list[list[int]] = [[] for _ in chosen]
    groups: list[dict[tuple[int, int], list[Offsets]]] = []  # per document: (annotator, code) -> offsets
    offsets = []
    position = 0
    for doc, document in enumerate(batch):
        offsets.append(position)
        position += len(document.text) + 1
        grouped: dict[tuple[int, int], list[Offsets]] = {}
        groups.append(grouped)
        for span in document.spans:
            index = own.get(span.annotator_id)
            if index is not None:
                layers[index].append(span)
                layer_docs[index].append(doc)
                grouped.setdefault((index, labels.add(span.label)), []).append((span.start, span.end))
    label_count, docs, pair_list = len(labels.names), len(batch), list(combinations(range(len(chosen)), 2))
    starts, ends = token_bounds("\n".join(document.text for document in batch))
    token_doc = np.searchsorted(np.array(offsets, dtype=np.int64), starts, side="right") - 1
    ranks = labels.ranks()

    token_codes, masks = [], []
    for spans, docs_of in zip(layers, layer_docs):
        base = np.array([offsets[doc] for doc in docs_of], dtype=np.int64)
        span_starts = base + np.array([span.start for span in spans], dtype=np.int64)
        span_ends = base + np.array([span.end for span in spans], dtype=np.int64)
        codes = np.array([labels.code_of[span.label] for span in spans], dtype=np.int64)
        first, stop = token_ranges(starts, ends, span_starts, span_ends)
        token_codes.append(token_labels(len(starts), first, stop, codes, ranks[codes],
                                        span_ends - span_starts, span_starts))
        masks.append(label_masks(len(starts), label_count, first, stop, codes))

    side = label_count + 1
    tokens = np.bincount(token_doc, minlength=docs)
    uncoded = np.bincount(token_doc, weights=(~np.any(token_codes, axis=0)).astype(np.float64),
                          minlength=docs).astype(np.int64)
    confusion = np.zeros((docs, len(pair_list), side, side), dtype=np.int64)
    by_label = np.zeros((docs, len(pair_list), label_count, 2, 2), dtype=np.int64)
    label_axis = np.arange(label_count)[:, None] * 4
    for p, (i, j) in enumerate(pair_list):
        cells = token_doc * side * side + token_codes[i] * side + token_codes[j]
        confusion[:, p] = np.bincount(cells, minlength=docs * side * side).reshape(docs, side, side)
        cells = token_doc[None, :] * label_count * 4 + label_axis + masks[i] * 2 + masks[j]
        by_label[:, p] = np.bincount(cells.ravel(), minlength=docs * label_count * 4).reshape(
            docs, label_count, 2, 2)

    spans = np.zeros((docs, len(pair_list), label_count, 2, 3), dtype=np.int64)
    used = np.zeros((docs, label_count), dtype=bool)
    for doc, grouped in enumerate(groups):
        _count_spans(grouped, pair_list, spans[doc], used[doc])
    return Batch(Tally(docs, int(tokens.sum()), int(uncoded.sum()), confusion.sum(axis=0), by_label.sum(axis=0),
                       spans.sum(axis=0), used.any(axis=0)),
                 tokens, uncoded, confusion, by_label, spans, used)


@dataclass(frozen=True)
class Batch:
    """The counts of a batch: its total, and each document's (arrays with a leading document axis)."""

    total: Tally
    tokens: np.ndarray
    uncoded: np.ndarray
    confusion: np.ndarray
    by_label: np.ndarray
    spans: np.ndarray
    used: np.ndarray

    def document(self, doc: int) -> Tally:
        return Tally(1, int(self.tokens[doc]), int(self.uncoded[doc]), self.confusion[doc], self.by_label[doc],
                     self.spans[doc], self.used[doc])


def _count_spans(grouped: dict[tuple[int, int], list[Offsets]], pair_list: Sequence[tuple[int, int]],
                 counts: np.ndarray, used: np.ndarray) -> None:
    """Fills in one document's exact and overlap span counts of each pair and label, and the labels used."""
    for code in {code for _, code in grouped}:
        used[code - 1] = True
        for p, (i, j) in enumerate(pair_list):
            first, second = grouped.get((i, code), []), grouped.get((j, code), [])
            counts[p, code - 1] = ((len(first), len(second), exact_matches(first, second)),
                                   (len(first), len(second), overlap_matches(first, second)))
