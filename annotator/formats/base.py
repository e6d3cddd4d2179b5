"""What a format module offers the registry: `Reader`s (file → records) and `Writer`s (records → file).

A format module declares them at its end, `READERS = (Reader(...),)` and/or `WRITERS =
(Writer(...),)`, and is named once in `annotator.formats._FORMAT_MODULES`; `read_any`, the
CLI and the window's file dialogs follow from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from annotator.model import Document, Record, SpanData

DocumentsWithSpans = Iterable[tuple[Document, list[SpanData]]]
"""What a writer takes: `Project.iter_documents_with_spans(wanted, as_data=True)`'s stream, or,
for a writer that `takes_records`, `Project.iter_records(wanted)`'s (claims and links too)."""


@dataclass(frozen=True)
class Reader:
    """Reads one file into records. `read(path)` raises `BadInput` naming the file and line;
    offsets in the records count code points. `suffixes` are lower case with their dot."""

    name: str
    description: str  # what an analyst calls the files, "Plain text": shown in the open dialog
    suffixes: tuple[str, ...]
    read: Callable[[Path], Iterator[Record]]

    @property
    def filter(self) -> str:
        """This reader's entry in a Qt file-dialog filter: `"Plain text (*.txt)"`."""
        return dialog_filter(self.description, self.suffixes)


@dataclass(frozen=True)
class Writer:
    """Writes documents with their spans to one output path, atomically (`formats.atomic`),
    and returns the number of documents written. Output must depend on the records alone
    (no timestamps, no paths): the golden files in tests/golden/ hold it byte for byte."""

    name: str  # what `annotator export --format NAME` takes
    description: str
    suffixes: tuple[str, ...]  # the first is the default for a new file
    write: Callable[[Path, DocumentsWithSpans], int]
    takes_records: bool = False  # is given `Record`s, with each document's claims and links

    @property
    def default_suffix(self) -> str:
        return self.suffixes[0]

    @property
    def filter(self) -> str:
        """This writer's entry in a Qt file-dialog filter: `"JSON Lines (*.jsonl)"`."""
        return dialog_filter(self.description, self.suffixes)


def dialog_filter(description: str, suffixes: Iterable[str]) -> str:
    return f"{description} ({' '.join('*' + suffix for suffix in suffixes)})"


def name_has_suffix(path: Path, suffix: str) -> bool:
    """`suffix` ends the file's name, and is more than all of it (`.jsonl` is a hidden file,
    not a JSONL one); compared in lower case, so a suffix may have two dots (`.jsonl.gz`)."""
    name = path.name.lower()
    return len(name) > len(suffix) and name.endswith(suffix)
