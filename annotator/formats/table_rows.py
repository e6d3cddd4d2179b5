"""Rows of cells from spreadsheet files (.csv, .tsv, .xlsx), as the files hold them.

`open_rows` gives the header (every column named: an empty header becomes `column N`, a
repeated one `NAME (column N)`) and a stream of the rows under it, each numbered as a
spreadsheet numbers it (the header is row 1) and, in a text file, with the line it starts on.
`formats.tables` makes documents of them.

CSV is read as UTF-8 (a BOM is dropped; UTF-16 with a BOM is taken too) unless the caller
names another `encoding`; a .csv whose header is split by semicolons, tabs or bars rather
than commas (Excel in many European locales) is read with that delimiter, and an Excel
`sep=;` first line is honoured. Workbooks are read by python-calamine (the first sheet), which
decodes Excel's `_x000D_` escapes, so a cell's text arrives as the analyst typed it.
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



def is_table(path: str | Path) -> bool:
    name = Path(path).name.lower()
    return any(len(name) > len(s) and name.endswith(s) for s in (*CSV_SUFFIXES, *TSV_SUFFIXES, *XLSX_SUFFIXES))



# -- cells ---------------------------------------------------------------------------------------

def is_empty(cell: Any) -> bool:
    return cell is None or cell == ""


def display(cell: Any) -> str:
    """A cell as an analyst reads it: 17 not 17.0, dates in ISO form."""
    value = json_value(cell)
    return value if isinstance(value, str) else "" if value is None else str(value)


def json_value(cell: Any) -> Any:
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


def _named_header(cells: Sequence[Any], number: int, line: int | None) -> Row:
    """Header names, stripped; an empty one becomes `column N`, a repeated one `NAME (column N)`,
    so that every column has a name of its own (pandas writes an empty header over its index)."""
    names: list[str] = []
    for index, cell in enumerate(cells, start=1):
        name = display(cell).strip().lstrip("\ufeff")
        if not name:
            name = f"column {index}"
        if name in names:
            name = f"{name} (column {index})"
        names.append(name)
    return Row(number, line, tuple(names))


def open_rows(path: Path, encoding: str | None) -> tuple[Row, Iterator[Row]]:
    """The header row and an iterator over the rows under it; refuses a file without them."""
    name = path.name.lower()
    if name.endswith(XLSX_SUFFIXES):
        rows = _workbook_rows(path)
    else:
        rows = _csv_rows(path, "\t" if name.endswith(TSV_SUFFIXES) else None, encoding)
    for first in rows:
        if not all(is_empty(cell) for cell in first.cells):
            header = _named_header(first.cells, first.number, first.line)
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
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
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
