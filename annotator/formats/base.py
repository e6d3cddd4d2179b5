"""What a format module offers the registry: `Reader`s (file → records) and `Writer`s (records → file).

A format module declares them at its end, `READERS = (Reader(...),)` and/or `WRITERS =
(Writer(...),)`, and is named once in `annotator.formats._FORMAT_MODULES`; `read_any`, the
CLI and the window's file dialogs follow from there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from annotator.model import Document, Record, SpanData
from annotator.wording import plural

DocumentsWithSpans = Iterable[tuple[Document, list[SpanData]]]
"""What a writer takes: `Project.iter_documents_with_spans(wanted, as_data=True)`'s stream, or,
for a writer that `takes_records`, `Project.iter_records(wanted)`'s (claims and links too)."""


@dataclass(frozen=True)
class Reader:
    """Reads one file into records. `read(path, **options)` raises `BadInput` naming the file
    and line; offsets in the records count code points. `suffixes` are lower case with their dot.

    `options` names the keyword arguments `read` accepts beyond the path (`text_column`,
    `encoding` …). The caller hands one mapping for a whole batch of files and `read_any` passes
    each reader the options it names and no others, so a batch may mix formats."""

    name: str
    description: str  # what an analyst calls the files, "Plain text": shown in the open dialog
    suffixes: tuple[str, ...]
    read: Callable[..., Iterator[Record]]
    options: tuple[str, ...] = ()

    @property
    def filter(self) -> str:
        """This reader's entry in a Qt file-dialog filter: `"Plain text (*.txt)"`."""
        return dialog_filter(self.description, self.suffixes)


ALIGN_MODES = ("strict", "expand", "contract")
"""What a token-based writer does with a span whose edges are not token edges: leave it out
(strict), widen it to the tokens it touches (expand), or narrow it to the tokens inside it
(contract); spaCy's `Doc.char_span` names the same three."""


@dataclass(frozen=True)
class ExportOptions:
    """Choices a writer may read besides the records (`annotator export --align …`)."""

    align: str = "strict"

    def __post_init__(self) -> None:
        if self.align not in ALIGN_MODES:
            raise ValueError(f"align must be one of {', '.join(ALIGN_MODES)}, not {self.align!r}")


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote, and what it could not write as it was: `notes` are lines for a
    person ("3 of 18 spans do not align to tokens: left out (--align strict)"), `counts` the
    same as numbers by name (`"misaligned"`, `"left_out"` …) for whoever needs them."""

    documents: int
    notes: tuple[str, ...] = ()
    counts: Mapping[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        return "; ".join([f"{plural(self.documents, 'document')} written", *self.notes])


@dataclass(frozen=True)
class Writer:
    """Writes documents with their spans to one output path, atomically (`formats.atomic`).
    Output must depend on the records alone (no timestamps, no paths): the golden files in
    tests/golden/ hold it byte for byte, or, for a binary format the library does not write
    byte-stable, a canonical dump of what the library reads back.

    A plain writer is `write(path, records) -> int` (documents written). A writer with
    `takes_options` is `write(path, records, options: ExportOptions) -> ExportReport`, so it
    can say what it moved or left out. Callers use `export()`, which takes both kinds."""

    name: str  # what `annotator export --format NAME` takes
    description: str
    suffixes: tuple[str, ...]  # the first is the default for a new file
    write: Callable[..., Any]
    takes_options: bool = False
    takes_records: bool = False  # is given `Record`s, with each document's claims and links
    one_layer: bool = False      # takes one analyst's layer or gold's, never several (tags)

    def export(self, path: Path, records: DocumentsWithSpans,
               options: ExportOptions | None = None) -> ExportReport:
        if self.takes_options:
            return self.write(path, records, options or ExportOptions())
        return ExportReport(self.write(path, records))

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
