"""JSONL, one document a line: the training-data export and its import.

    {"id": ..., "text": ..., "meta": {"title", "date", "source", ...},
     "spans": [{"start", "end", "label", "text", "annotator", "annotator_id"}, ...]}

`annotator` is the analyst's name and `annotator_id` their stable id (a uuid; "gold" for
the reviewed layer): an import keeps the id, so exporting, importing elsewhere and merging
back never makes one analyst two. Both are optional on import: a span with a name alone
joins the analyst of that name, and one with neither is the importer's (`--annotator`).
`start`/`end` count Unicode code points into `text`, end exclusive, so
`text[start:end] == span["text"]` (spaCy's and Prodigy's convention). Lines are
split on LF only, never on U+2028 or a lone CR, which may sit inside a text.
Export then import then export gives the same bytes.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Any, Iterable, Iterator

from annotator.errors import BadInput
from annotator.formats.atomic import atomic_output
from annotator.formats.base import Reader, Writer
from annotator.model import Document, Record, Span, SpanData

try:  # orjson is several times faster; the output is byte-identical to the fallback.
    import orjson

    def _dumps(obj: Any) -> bytes:
        return orjson.dumps(obj)

    _loads = orjson.loads  # parses the line's bytes as they are (strict UTF-8): no copy as str
    _JSONError: tuple[type[Exception], ...] = (orjson.JSONDecodeError,)
except ImportError:  # pragma: no cover - exercised where orjson is absent
    def _dumps(obj: Any) -> bytes:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def _loads(raw: bytes) -> Any:
        return json.loads(raw.decode("utf-8"))

    _JSONError = (json.JSONDecodeError, UnicodeDecodeError)

_META_FIELDS = ("title", "date", "source")
_MISSING = object()
_SAVE_AS_UTF8 = "save the file as UTF-8 and import it again"


# -- writing ---------------------------------------------------------------------------------

def record_to_json(document: Document, spans: Iterable[Span]) -> dict[str, Any]:
    text = document.text
    meta = {"title": document.title, "date": document.date, "source": document.source}
    meta.update((k, v) for k, v in document.meta.items() if k not in meta)
    ordered = sorted(spans, key=lambda s: (s.start, s.end, s.label, s.annotator))
    return {
        "id": document.external_id,
        "text": text,
        "meta": meta,
        "spans": [{"start": s.start, "end": s.end, "label": s.label, "text": text[s.start:s.end],
                   "annotator": s.annotator, "annotator_id": s.annotator_id} for s in ordered],
    }


def write_jsonl(path: str | Path, records: Iterable[tuple[Document, list[SpanData]]]) -> int:
    """Writes all records to `path` atomically (see `formats.atomic`): a failure never leaves
    a half-written file that looks whole. Returns the number of lines written."""
    count = 0
    with atomic_output(path) as handle:
        for document, spans in records:
            handle.write(_dumps(record_to_json(document, spans)))
            handle.write(b"\n")
            count += 1
    return count


# -- reading ---------------------------------------------------------------------------------

def read_jsonl(path: str | Path) -> Iterator[Record]:
    """Streams records from a JSONL file; raises `BadInput` at the first bad line."""
    path = Path(path)
    name = str(path)
    seen_ids: set[str] = set()
    try:
        handle = open(path, "rb")
    except OSError as exc:
        raise BadInput(name, None, f"cannot read: {exc.strerror}") from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            obj = _parse_line(raw, name, number)
            del raw  # a line may be hundreds of megabytes: keep only what was parsed from it
            record = parse_record(obj, name, number)
            del obj
            if record.document.external_id in seen_ids:
                raise BadInput(name, number, f"duplicate id {record.document.external_id!r}")
            seen_ids.add(record.document.external_id)
            yield record


def _parse_line(raw: bytes, path: str, number: int) -> Any:
    """One line's JSON value, parsed from its bytes; a line that is not UTF-8 is named as such."""
    if number == 1:
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise BadInput(path, number, "the file is UTF-16 (it starts with a UTF-16 byte-order "
                                         f"mark), not UTF-8; {_SAVE_AS_UTF8}")
        if raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
    try:
        return _loads(raw)
    except _JSONError as exc:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as bad:
            raise BadInput(path, number, f"not valid UTF-8 (byte 0x{raw[bad.start]:02x}); "
                                         f"{_SAVE_AS_UTF8}") from None
        if "surrogate" in str(exc):
            raise BadInput(path, number, _lone_surrogate(raw, exc)) from None
        raise BadInput(path, number, f"not valid JSON ({_short(exc)})") from None


def _lone_surrogate(raw: bytes, exc: Exception) -> str:
    """Names an escape such as \\ud800 without its other half: valid JSON syntax, but no
    character (Python would keep it as a lone surrogate that no UTF-8 file can hold)."""
    pos = getattr(exc, "pos", None)  # orjson: the code point index of the escape in the line
    line = raw.decode("utf-8")
    escape = line[pos:pos + 6] if isinstance(pos, int) and line[pos:pos + 2] == "\\u" else ""
    where = f" {escape} at column {pos + 1}" if escape else ""
    return (f"a lone UTF-16 surrogate{where}, which is not a Unicode character: an escaped "
            f"character beyond U+FFFF needs both halves of its pair (😀 is \\ud83d\\ude00)")


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0][:120]


def parse_record(obj: Any, path: str, line: int) -> Record:
    """One JSON object → a Record, checking every field an analyst could get wrong."""
    def bad(reason: str) -> BadInput:
        return BadInput(path, line, reason)

    if not isinstance(obj, dict):
        raise bad("each line must be a JSON object")
    text = obj.get("text")
    if not isinstance(text, str):
        raise bad('missing "text" (a string)')
    doc_id = obj.get("id", _MISSING)
    if doc_id is _MISSING:
        doc_id = f"{Path(path).stem}-{line}"
    if isinstance(doc_id, bool) or not isinstance(doc_id, (str, int)):
        raise bad('"id" must be a string or an integer')
    meta = obj.get("meta", {})
    if not isinstance(meta, dict):
        raise bad('"meta" must be an object')
    fields = {}
    for key in _META_FIELDS:
        value = meta.get(key, "")
        fields[key] = value if isinstance(value, str) else "" if value is None else str(value)
    extra = {k: v for k, v in meta.items() if k not in _META_FIELDS}
    document = Document(external_id=str(doc_id), text=text, meta=extra, **fields)
    raw_spans = obj.get("spans", [])
    if not isinstance(raw_spans, list):
        raise bad('"spans" must be a list')
    return Record(document, _parse_spans(raw_spans, text, bad), path, line)


def _parse_spans(raw_spans: list, text: str, bad: Any) -> list[SpanData]:
    """Valid spans take the short road (an import checks a million of them); anything
    unusual goes through `_parse_span`, which names what is wrong."""
    spans: list[SpanData] = []
    append = spans.append
    length = len(text)
    for item in raw_spans:
        if type(item) is dict:
            get = item.get
            start, end, label = get("start"), get("end"), get("label")
            if (type(start) is int and type(end) is int and type(label) is str and label
                    and 0 <= start < end <= length):
                quoted = get("text")
                annotator, annotator_id = get("annotator", ""), get("annotator_id", "")
                if ((quoted is None or quoted == text[start:end]) and type(annotator) is str
                        and type(annotator_id) is str):
                    append(SpanData(start, end, label, annotator, annotator_id))
                    continue
        append(_parse_span(item, text, len(spans) + 1, bad))
    return spans


def _parse_span(item: Any, text: str, n: int, bad: Any) -> SpanData:
    # The common case in as few steps as possible: this runs once per span of an import.
    if type(item) is not dict:
        raise bad(f"span {n} must be an object")
    start, end, label = item.get("start"), item.get("end"), item.get("label")
    if type(start) is not int or type(end) is not int:
        key, value = ("start", start) if type(start) is not int else ("end", end)
        raise bad(f'span {n}: "{key}" must be an integer')
    if type(label) is not str or not label:
        raise bad(f'span {n}: "label" must be a non-empty string')
    if not 0 <= start < end <= len(text):
        raise bad(f"span {n}: {start}..{end} is outside the text (0..{len(text)}) or empty")
    quoted = item.get("text")
    if quoted is not None and quoted != text[start:end]:
        raise bad(f"span {n}: its text {quoted!r} is not text[{start}:{end}] "
                  f"{text[start:end]!r} (offsets count code points)")
    annotator, annotator_id = item.get("annotator", ""), item.get("annotator_id", "")
    if type(annotator) is not str:
        raise bad(f'span {n}: "annotator" must be a string')
    if type(annotator_id) is not str:
        raise bad(f'span {n}: "annotator_id" must be a string')
    return SpanData(start, end, label, annotator, annotator_id)


READERS = (Reader("jsonl", "JSON Lines", (".jsonl",), read_jsonl),)
WRITERS = (Writer("jsonl", "JSON Lines", (".jsonl",), write_jsonl),)
