"""File formats: one module per format, pure functions from files to `Record`s and back.

Adding a format is one module plus one line: the module ends with `READERS = (Reader(...),)`
and/or `WRITERS = (Writer(...),)` (see `formats.base`) and is named in `_FORMAT_MODULES` below.
`read_any`, `annotator import`, `annotator export --format` and the window's file dialogs
follow from the registry. A format that needs a heavy or optional library imports it inside
its functions, so this package stays quick to import and a missing extra fails only when its
format is used. Formats stay pure: no Qt, no SQL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from annotator.errors import AnnotatorError, BadInput
from annotator.formats import dna_events, hf, iob, jsonl, opendocument, parquet, pdf, plaintext, rtf, spacy_docbin
from annotator.formats import brat, doccano, labelstudio, prodigy, tables, webpage, word
from annotator.formats.base import (ALIGN_MODES, ExportOptions, ExportReport, Reader, Writer, dialog_filter,
                                    name_has_suffix)
from annotator.model import Record

_FORMAT_MODULES = (plaintext, jsonl, word, opendocument, rtf, pdf, webpage, tables, spacy_docbin, iob, hf, parquet,
                   dna_events, prodigy, doccano, labelstudio, brat)

READERS: tuple[Reader, ...] = tuple(r for module in _FORMAT_MODULES for r in getattr(module, "READERS", ()))
WRITERS: tuple[Writer, ...] = tuple(w for module in _FORMAT_MODULES for w in getattr(module, "WRITERS", ()))
DEFAULT_WRITER = "jsonl"

__all__ = ["ALIGN_MODES", "DEFAULT_WRITER", "READERS", "WRITERS", "ExportOptions", "ExportReport", "Reader", "Writer",
           "check_options", "open_filter", "read_any",
           "readable_suffixes", "reader_for", "save_filter", "writer_for", "writer_for_filter", "writer_names"]


# -- reading -----------------------------------------------------------------------------------

def readable_suffixes() -> tuple[str, ...]:
    """Every suffix a reader takes, in registry order: `(".txt", ".md", ".jsonl")`."""
    return tuple(suffix for reader in READERS for suffix in reader.suffixes)


def reader_for(path: str | Path) -> Reader:
    """The reader whose suffix ends the file's name (the longest such, case-insensitively);
    raises `BadInput` naming the file and every suffix Annotator reads."""
    path = Path(path)
    claims = [(len(suffix), reader) for reader in READERS for suffix in reader.suffixes
              if name_has_suffix(path, suffix)]
    if not claims:
        suffix = path.suffix.lower()
        raise BadInput(str(path), None, f"cannot import {suffix or 'files without an extension'} "
                                        f"(Annotator reads {', '.join(readable_suffixes())})")
    return max(claims, key=lambda claim: claim[0])[1]


def read_any(path: str | Path, options: Mapping[str, Any] | None = None) -> Iterator[Record]:
    """Records from one file, chosen by extension; raises `BadInput` naming the file and line.
    The reader gets those of `options` it declares (`Reader.options`) and no others."""
    path = Path(path)
    reader = reader_for(path)
    return reader.read(path, **{key: value for key, value in (options or {}).items() if key in reader.options})


def check_options(paths: Iterable[str | Path], options: Mapping[str, Any]) -> None:
    """Refuses an option that no reader of these files takes (a `text_column` for a batch of
    .txt files) with an `AnnotatorError` saying which files it is for. Files no reader takes
    are left for `read_any` to refuse by name."""
    taken: set[str] = set()
    for path in paths:
        try:
            taken.update(reader_for(path).options)
        except BadInput:
            continue
    for key in options:
        if key not in taken:
            suffixes = [s for reader in READERS if key in reader.options for s in reader.suffixes]
            what = f"{', '.join(suffixes)} files" if suffixes else "no file Annotator reads"
            raise AnnotatorError(f"{key.replace('_', ' ')} is an option for {what}, and none of the "
                                 f"files given is one")


# -- writing -----------------------------------------------------------------------------------

def writer_names() -> tuple[str, ...]:
    return tuple(writer.name for writer in WRITERS)


def writer_for(name: str | None = None, path: str | Path | None = None) -> Writer:
    """The writer called `name` (an unknown name is an `AnnotatorError` listing the known ones).
    Without a name, the writer whose suffix ends `path`'s name when exactly one does (the
    longest suffix decides); otherwise, including a suffix no writer claims, JSON Lines."""
    if name is not None:
        for writer in WRITERS:
            if writer.name == name.lower():
                return writer
        raise AnnotatorError(f"unknown export format {name!r} (Annotator writes {', '.join(writer_names())})")
    if path is not None:
        path = Path(path)
        claims = [(len(suffix), writer) for writer in WRITERS for suffix in writer.suffixes
                  if name_has_suffix(path, suffix)]
        longest = max((length for length, _ in claims), default=0)
        candidates = {writer.name: writer for length, writer in claims if length == longest}
        if len(candidates) == 1:
            return next(iter(candidates.values()))
    return writer_for(DEFAULT_WRITER)


# -- the window's file dialogs (Qt's filter syntax; plain strings, so no Qt here) -------------------

def open_filter() -> str:
    """The import dialog's filter: every readable suffix, then each reader, then all files:
    `"Readable files (*.jsonl *.md *.txt);;JSON Lines (*.jsonl);;…;;All files (*)"`."""
    readers = sorted(READERS, key=lambda reader: reader.description.lower())
    every = dialog_filter("Readable files", sorted(set(readable_suffixes())))
    return ";;".join([every, *(reader.filter for reader in readers), "All files (*)"])


def save_filter(name: str | None = None) -> str:
    """The export dialog's filter: one entry per writer, the one called `name` (by default
    JSON Lines) first, so the dialog opens on it. `writer_for_filter` maps the entry back."""
    first = writer_for(name or DEFAULT_WRITER)
    others = sorted((w for w in WRITERS if w is not first), key=lambda writer: writer.description.lower())
    return ";;".join([first.filter, *(writer.filter for writer in others)])


def writer_for_filter(selected: str, path: str | Path | None = None) -> Writer:
    """The writer of the filter entry the export dialog reports as chosen; for an entry that
    is none of ours (some platforms report an empty one), `writer_for(path=path)`."""
    for writer in WRITERS:
        if writer.filter == selected:
            return writer
    return writer_for(path=path)
