"""Spreadsheets of articles (.csv, .tsv, .xlsx): one document per row.

The first row names the columns. One column holds the text (`text_column`), one may hold the
id (`id_column`); each is given by its header, or by its number counted from 1 when no header
is called that. Without them, a column called text, body, content, article or full_text
(in that order, any case) is the text and one called id, doc_id, document_id, article_id or
url the id; without an id column (or with `id_column=""`), ids are `<file stem>-<row>`.
Columns called title, date and source fill the document's title, date and source (the file's
name by default); every other column goes into `meta` under its header.

A text is stored exactly as the cell holds it (a CRLF inside a quoted CSV field stays CRLF;
Excel's `_x000D_` escapes are decoded by python-calamine), so offsets count the code points
of the cell. Dates become ISO dates (YYYY-MM-DD): a date cell, or a text in ISO 8601 form; a
date with a time, or of any other shape ("05/04/2025" could be either month first), leaves
the date as given in `meta["date_as_written"]` and, when it has no ISO date, `date` empty.

Errors name the file, the row as a spreadsheet numbers it (the header is row 1) and, for CSV,
the line where that row starts: `articles.csv:12: row 11: the text (column 'body') is empty`.
Rows whose every cell is empty are skipped; a file with no other rows is refused. How the
files are read (encodings, delimiters, which sheet) is `formats.table_rows`'s business.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Sequence

from annotator.errors import BadInput
from annotator.formats.base import Reader
from annotator.formats.table_rows import (
    CSV_SUFFIXES,
    TSV_SUFFIXES,
    XLSX_SUFFIXES,
    Row,
    display,
    is_empty,
    is_table,
    json_value,
    open_rows,
)
from annotator.model import Document, Record

__all__ = ["Columns", "Preview", "choose_columns", "is_table", "preview", "read_table"]

TEXT_NAMES = ("text", "body", "content", "article", "full_text")
ID_NAMES = ("id", "doc_id", "document_id", "article_id", "url")
DOCUMENT_FIELDS = ("title", "date", "source")  # columns that fill the Document, not its meta


@dataclass(frozen=True)
class Columns:
    """Which column is which, by index into `names`."""

    names: tuple[str, ...]
    text: int
    id: int | None

    def field(self, name: str) -> int | None:
        """The column that fills the document's `name` (title, date, source), if any."""
        lowered = [n.lower() for n in self.names]
        index = lowered.index(name) if name in lowered else None
        return None if index in (self.text, self.id) else index


@dataclass(frozen=True)
class Preview:
    """What the window shows before an import: the columns, the first rows as text, and the
    columns the defaults would choose (None where no column matches)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    text_column: int | None
    id_column: int | None



# -- reading ------------------------------------------------------------------------------------

def read_table(path: str | Path, text_column: str | None = None, id_column: str | None = None,
               encoding: str | None = None) -> Iterator[Record]:
    """Records from a spreadsheet, one per row; the header is read (and the columns checked)
    at once, so a wrong column name is refused before anything is imported."""
    path = Path(path)
    header, rows = open_rows(path, encoding)
    columns = choose_columns(header, text_column, id_column, path)
    return _records(path, columns, rows)


def preview(path: str | Path, count: int = 5, encoding: str | None = None) -> Preview:
    """The header and up to `count` rows of the file, each cell as display text."""
    path = Path(path)
    header, rows = open_rows(path, encoding)
    try:
        filled = (row for row in rows if not all(is_empty(cell) for cell in row.cells))
        shown = tuple(tuple(display(cell) for cell in row.cells) for row in itertools.islice(filled, count))
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()  # the CSV stream holds its file open until closed
    text = _default(header.cells, TEXT_NAMES)
    id_ = _default(header.cells, ID_NAMES)
    return Preview(tuple(header.cells), shown, text, None if id_ == text else id_)


def choose_columns(header: Row, text_column: str | None, id_column: str | None, path: Path) -> Columns:
    names = tuple(header.cells)
    if text_column is not None:
        text = _find(names, text_column, "text", path)
    else:
        found = _default(names, TEXT_NAMES)
        if found is None:
            raise BadInput(str(path), header.line, f"which column holds the text? None is called "
                                                   f"{', '.join(TEXT_NAMES)}; name one (--text-column on the "
                                                   f"command line). The columns are {_listing(names)}")
        text = found
    if id_column is None:
        id_ = _default(names, ID_NAMES)
    else:
        id_ = _find(names, id_column, "id", path) if str(id_column).strip() else None
    if id_ == text:
        if id_column is not None:
            raise BadInput(str(path), header.line, f"the text and the id cannot be the same column ({names[text]!r})")
        id_ = None
    return Columns(names, text, id_)


def _find(names: Sequence[str], wanted: str, role: str, path: Path) -> int:
    """A column by its header (exactly, then in any case), else by its number from 1."""
    wanted = str(wanted).strip()
    for matches in (lambda n: n == wanted, lambda n: n.casefold() == wanted.casefold()):
        for index, name in enumerate(names):
            if matches(name):
                return index
    if wanted.isdigit() and 1 <= int(wanted) <= len(names):
        return int(wanted) - 1
    raise BadInput(str(path), None, f"no column {wanted!r} for the {role}; the columns are {_listing(names)}")


def _default(names: Sequence[str], candidates: Sequence[str]) -> int | None:
    lowered = [name.casefold() for name in names]
    for candidate in candidates:
        if candidate in lowered:
            return lowered.index(candidate)
    return None


def _listing(names: Sequence[str]) -> str:
    return ", ".join(f"{number} {name!r}" for number, name in enumerate(names, start=1))


def _records(path: Path, columns: Columns, rows: Iterator[Row]) -> Iterator[Record]:
    name = str(path)
    fields = tuple(columns.field(field) for field in DOCUMENT_FIELDS)
    first_row_of: dict[str, int] = {}
    for row in rows:
        if all(is_empty(cell) for cell in row.cells):
            continue
        try:
            document = _document(path, columns, fields, row.cells, row.number)
            if document.external_id in first_row_of:
                raise ValueError(f"duplicate id {document.external_id!r} "
                                 f"(first in row {first_row_of[document.external_id]})")
        except ValueError as exc:
            raise BadInput(name, row.line, f"row {row.number}: {exc}") from None
        first_row_of[document.external_id] = row.number
        yield Record(document, [], name, row.line if row.line is not None else row.number)
    if not first_row_of:
        raise BadInput(name, None, "the file has no rows under its header")


def _document(path: Path, columns: Columns, fields: tuple[int | None, ...], cells: Sequence[Any],
              number: int) -> Document:
    """One row's document (`fields`: the title, date and source columns); raises ValueError
    saying what is wrong with the row."""
    names, width = columns.names, len(columns.names)
    if len(cells) != width:  # only a text file's rows can differ: a workbook's are as wide as its sheet
        raise ValueError(f"{len(cells)} fields where the header has {width} (a stray delimiter, or a "
                         f"quote that is not closed?)")
    text = cells[columns.text]
    text = text if isinstance(text, str) else display(text)
    if not text.strip():
        raise ValueError(f"the text (column {names[columns.text]!r}) is empty")
    if columns.id is None:
        doc_id = f"{path.stem}-{number}"
    else:
        doc_id = display(cells[columns.id]).strip()
        if not doc_id:
            raise ValueError(f"the id (column {names[columns.id]!r}) is empty")
    title, date, source = fields
    taken = (columns.text, columns.id, *fields)
    meta = {names[i]: json_value(cell) for i, cell in enumerate(cells) if i not in taken}
    iso_date, as_written = _iso_date(cells[date]) if date is not None else ("", None)
    if as_written is not None:
        meta["date_as_written"] = as_written
    return Document(external_id=doc_id, text=text, date=iso_date, meta=meta,
                    title=display(cells[title]).strip() if title is not None else "",
                    source=display(cells[source]).strip() if source is not None else path.name)


def _iso_date(cell: Any) -> tuple[str, str | None]:
    """(the ISO date, the value as written when the date alone does not hold all of it)."""
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat(), (None if cell.time() == datetime.time() else cell.isoformat())
    if isinstance(cell, datetime.date):
        return cell.isoformat(), None
    written = display(cell).strip()
    if not written:
        return "", None
    try:
        return datetime.date.fromisoformat(written).isoformat(), None
    except ValueError:
        pass
    try:
        return datetime.datetime.fromisoformat(written).date().isoformat(), written
    except ValueError:
        return "", written



READERS = (Reader("csv", "Comma-separated values", CSV_SUFFIXES, read_table,
                  ("text_column", "id_column", "encoding")),
           Reader("tsv", "Tab-separated values", TSV_SUFFIXES, read_table,
                  ("text_column", "id_column", "encoding")),
           Reader("xlsx", "Excel workbook", XLSX_SUFFIXES, read_table, ("text_column", "id_column")))
