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
Rows whose every cell is empty are skipped; a file
with no other rows is refused. CSV is read as UTF-8 (a BOM is dropped; UTF-16
with a BOM is taken too) unless the caller names another `encoding`; a .csv whose header is
split by semicolons, tabs or bars rather than commas (Excel in many European locales) is read
with that delimiter, and an Excel `sep=;` first line is honoured.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Sequence

from annotator.errors import BadInput
from annotator.formats.base import Reader
from annotator.model import Document, Record

TEXT_NAMES = ("text", "body", "content", "article", "full_text")
ID_NAMES = ("id", "doc_id", "document_id", "article_id", "url")
DOCUMENT_FIELDS = ("title", "date", "source")  # columns that fill the Document, not its meta
CSV_SUFFIXES = (".csv",)
TSV_SUFFIXES = (".tsv",)
XLSX_SUFFIXES = (".xlsx",)
_DELIMITERS = (",", ";", "\t", "|")
_SAVE_AS_UTF8 = "save it as CSV UTF-8 and import it again"
_SEP_HINT = re.compile(r"sep=.", re.IGNORECASE)
_FIELD_LIMIT = 2**31 - 1  # csv's default (128 KiB a field) is shorter than a long article


@dataclass(frozen=True)
class Row:
    """One row of cells as the file holds them; `number` counts spreadsheet rows (the header is
    1), `line` is where the row starts in a text file (None in a workbook)."""

    number: int
    line: int | None
    cells: Sequence[Any]


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


def is_table(path: str | Path) -> bool:
    name = Path(path).name.lower()
    return any(len(name) > len(s) and name.endswith(s) for s in (*CSV_SUFFIXES, *TSV_SUFFIXES, *XLSX_SUFFIXES))


# -- reading ------------------------------------------------------------------------------------

def read_table(path: str | Path, text_column: str | None = None, id_column: str | None = None,
               encoding: str | None = None) -> Iterator[Record]:
    """Records from a spreadsheet, one per row; the header is read (and the columns checked)
    at once, so a wrong column name is refused before anything is imported."""
    path = Path(path)
    header, rows = _open_rows(path, encoding)
    columns = choose_columns(header, text_column, id_column, path)
    return _records(path, columns, rows)


def preview(path: str | Path, count: int = 5, encoding: str | None = None) -> Preview:
    """The header and up to `count` rows of the file, each cell as display text."""
    path = Path(path)
    header, rows = _open_rows(path, encoding)
    try:
        filled = (row for row in rows if not all(_is_empty(cell) for cell in row.cells))
        shown = tuple(tuple(_display(cell) for cell in row.cells) for row in itertools.islice(filled, count))
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
    title, date, source = (columns.field(field) for field in DOCUMENT_FIELDS)
    meta_columns = [i for i in range(len(columns.names)) if i not in (columns.text, columns.id, title, date, source)]
    width = len(columns.names)
    first_row_of: dict[str, int] = {}
    for row in rows:
        cells = row.cells
        if all(_is_empty(cell) for cell in cells):
            continue

        def bad(reason: str) -> BadInput:
            return BadInput(name, row.line, f"row {row.number}: {reason}")

        if row.line is not None and len(cells) != width:  # a workbook's rows are always as wide
            raise bad(f"{len(cells)} fields where the header has {width} (a stray delimiter, or a "
                      f"quote that is not closed?)")
        text = cells[columns.text]
        text = text if isinstance(text, str) else _display(text)
        if not text.strip():
            raise bad(f"the text (column {columns.names[columns.text]!r}) is empty")
        if columns.id is None:
            doc_id = f"{path.stem}-{row.number}"
        else:
            doc_id = _display(cells[columns.id]).strip()
            if not doc_id:
                raise bad(f"the id (column {columns.names[columns.id]!r}) is empty")
        if doc_id in first_row_of:
            raise bad(f"duplicate id {doc_id!r} (first in row {first_row_of[doc_id]})")
        first_row_of[doc_id] = row.number
        meta = {columns.names[i]: _json_value(cells[i]) for i in meta_columns}
        iso_date, as_written = _iso_date(cells[date]) if date is not None else ("", None)
        if as_written is not None:
            meta["date_as_written"] = as_written
        document = Document(external_id=doc_id, text=text,
                            title=_display(cells[title]).strip() if title is not None else "",
                            date=iso_date,
                            source=_display(cells[source]).strip() if source is not None else path.name,
                            meta=meta)
        yield Record(document, [], name, row.line if row.line is not None else row.number)
    if not first_row_of:
        raise BadInput(name, None, "the file has no rows under its header")


# -- cells ---------------------------------------------------------------------------------------

def _is_empty(cell: Any) -> bool:
    return cell is None or cell == ""


def _display(cell: Any) -> str:
    """A cell as an analyst reads it: 17 not 17.0, dates in ISO form."""
    value = _json_value(cell)
    return value if isinstance(value, str) else "" if value is None else str(value)


def _json_value(cell: Any) -> Any:
    """A cell as a JSON value for `meta`: strings, numbers and booleans kept (a whole number as
    an integer: a workbook stores 17 as 17.0), dates and times in ISO form, empty cells as ""."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    if isinstance(cell, (datetime.date, datetime.time)):
        return cell.isoformat()
    if isinstance(cell, datetime.timedelta):
        return str(cell)
    return cell


def _iso_date(cell: Any) -> tuple[str, str | None]:
    """(the ISO date, the value as written when the date alone does not hold all of it)."""
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat(), (None if cell.time() == datetime.time() else cell.isoformat())
    if isinstance(cell, datetime.date):
        return cell.isoformat(), None
    written = _display(cell).strip()
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


def _header(cells: Sequence[Any], number: int, line: int | None) -> Row:
    """Header names, stripped; an empty one becomes `column N`, a repeated one `NAME (column N)`,
    so that every column has a name of its own (pandas writes an empty header over its index)."""
    names: list[str] = []
    for index, cell in enumerate(cells, start=1):
        name = _display(cell).strip().lstrip("\ufeff")
        if not name:
            name = f"column {index}"
        if name in names:
            name = f"{name} (column {index})"
        names.append(name)
    return Row(number, line, tuple(names))


def _open_rows(path: Path, encoding: str | None) -> tuple[Row, Iterator[Row]]:
    """The header row and an iterator over the rows under it; refuses a file without them."""
    name = path.name.lower()
    if name.endswith(XLSX_SUFFIXES):
        rows = _workbook_rows(path)
    else:
        rows = _csv_rows(path, "\t" if name.endswith(TSV_SUFFIXES) else None, encoding)
    for first in rows:
        if not all(_is_empty(cell) for cell in first.cells):
            header = _header(first.cells, first.number, first.line)
            break
    else:
        raise BadInput(str(path), None, "the file is empty")
    return header, rows


# -- CSV and TSV -----------------------------------------------------------------------------------

def _csv_rows(path: Path, delimiter: str | None, encoding: str | None) -> Iterator[Row]:
    """Rows of a delimited text file, read as a stream; decoding and quoting errors name the line."""
    name = str(path)
    try:
        handle = open(path, "rb")
    except OSError as exc:
        raise BadInput(name, None, f"cannot read: {exc.strerror}") from None
    try:
        codec = _codec(handle.read(8), encoding, name)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    return _csv_stream(path, handle, codec, delimiter, encoding)


def _csv_stream(path: Path, handle: io.BufferedReader, codec: str, delimiter: str | None,
                encoding: str | None) -> Iterator[Row]:
    csv.field_size_limit(max(csv.field_size_limit(), _FIELD_LIMIT))
    number, start = 0, 1
    with handle, io.TextIOWrapper(handle, encoding=codec, errors="strict", newline="") as text:
        try:
            first = text.readline()
            if delimiter is None and _SEP_HINT.fullmatch(first.rstrip("\r\n")):
                delimiter, first, start = first[4], "", 2   # Excel's hint line: "sep=;"
            if delimiter is None:  # the one that splits the header into the most columns
                delimiter = max(_DELIMITERS, key=lambda d: len(next(csv.reader([first], delimiter=d), [])))
            skipped = start - 1
            reader = csv.reader(itertools.chain([first] if first else [], text), delimiter=delimiter, strict=True)
            for number, cells in enumerate(reader, start=1):
                yield Row(number, start, cells)
                start = reader.line_num + 1 + skipped
        except UnicodeDecodeError:
            raise _bad_encoding(path, encoding) from None
        except csv.Error as exc:
            reason = ("a quoted field is never closed" if "end of data" in str(exc)
                      else f"a quote in the middle of a field ({exc})")
            raise BadInput(str(path), start, f"row {number + 1}: {reason}") from None


def _codec(head: bytes, encoding: str | None, path: str) -> str:
    """The codec for a text file from its first bytes; refuses a workbook under a CSV name."""
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise BadInput(path, None, "this is a workbook (or another binary file), not CSV text: "
                                   "save it as .xlsx, or as CSV UTF-8 from the spreadsheet program")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if encoding is None:
        return "utf-8-sig"
    try:
        return "utf-8-sig" if codecs.lookup(encoding).name == "utf-8" else encoding
    except LookupError:
        raise BadInput(path, None, f"unknown encoding {encoding!r}") from None


def _bad_encoding(path: Path, encoding: str | None) -> BadInput:
    """The line of the first byte the codec refuses, found by decoding line by line."""
    codec = encoding or "utf-8"
    with open(path, "rb") as handle:
        decoder = codecs.getincrementaldecoder(codec)()
        for number, raw in enumerate(handle, start=1):
            try:
                decoder.decode(raw)
            except UnicodeDecodeError as exc:
                return BadInput(str(path), number, f"not valid {codec.upper()} (byte 0x{raw[exc.start]:02x}); "
                                                   f"{_SAVE_AS_UTF8}")
    return BadInput(str(path), None, f"not valid {codec.upper()}; {_SAVE_AS_UTF8}")


# -- Excel workbooks --------------------------------------------------------------------------------

def _workbook_rows(path: Path) -> Iterator[Row]:
    """Rows of the workbook's first sheet, numbered as Excel numbers them."""
    name = str(path)
    try:
        import python_calamine
    except ImportError:
        raise BadInput(name, None, "pip install python-calamine to read .xlsx") from None
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise BadInput(name, None, f"cannot read: {exc.strerror}") from None
    if not head:
        raise BadInput(name, None, "the file is empty")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise BadInput(name, None, "the workbook is password-protected (or an Excel 97-2003 .xls file): "
                                   "save it as .xlsx without a password")
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(name)
        sheet = workbook.get_sheet_by_index(0)
        cells = sheet.iter_rows()
    except python_calamine.PasswordError:
        raise BadInput(name, None, "the workbook is password-protected: save it without a password") from None
    except (python_calamine.CalamineError, OSError, ValueError) as exc:
        raise BadInput(name, None, f"not a readable .xlsx workbook (damaged, or another kind of file): "
                                   f"{exc}") from None
    return (Row(number, None, row) for number, row in enumerate(cells, start=1))


READERS = (Reader("csv", "Comma-separated values", CSV_SUFFIXES, read_table,
                  ("text_column", "id_column", "encoding")),
           Reader("tsv", "Tab-separated values", TSV_SUFFIXES, read_table,
                  ("text_column", "id_column", "encoding")),
           Reader("xlsx", "Excel workbook", XLSX_SUFFIXES, read_table, ("text_column", "id_column")))
