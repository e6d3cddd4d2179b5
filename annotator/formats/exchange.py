"""What the annotation-tool formats (prodigy, doccano, labelstudio, brat) share: reading their
JSON files line by line with errors that name file and line, turning a tool's spans into a
checked `Record`, and grouping a record's spans and claims by analyst.

Offsets in a `Record` are code points into the text, end exclusive; each format module
converts from and to the unit its tool counts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterator

from annotator.errors import BadInput
from annotator.formats.jsonl import _parse_line, _parse_spans, _short
from annotator.model import ClaimData, Document, Record, RefData, SpanData

META_FIELDS = ("title", "date", "source")


def json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, parsed value) for each non-blank line of a JSON Lines file."""
    try:
        handle = open(path, "rb")
    except OSError as exc:
        raise BadInput(str(path), None, f"cannot read: {exc.strerror}") from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            if raw.strip():
                yield number, _parse_line(raw, str(path), number)


def json_file(path: Path) -> Any:
    """A whole JSON file's value (a Label Studio export is one JSON array)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise BadInput(str(path), None, f"cannot read: {exc.strerror}") from None
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise BadInput(str(path), None, f"not valid UTF-8 (byte 0x{data[exc.start]:02x})") from None
    except json.JSONDecodeError as exc:
        raise BadInput(str(path), exc.lineno, f"not valid JSON ({_short(exc)})") from None


def document_of(doc_id: Any, text: Any, meta: Any, fallback_id: str, bad: Callable[[str], BadInput]) -> Document:
    """The document a tool's task describes; its `meta` object may hold our title, date and source."""
    if not isinstance(text, str):
        raise bad('missing "text" (a string)')
    if doc_id is None:
        doc_id = fallback_id
    if isinstance(doc_id, bool) or not isinstance(doc_id, (str, int)):
        raise bad('the document id must be a string or an integer')
    meta = dict(meta) if isinstance(meta, dict) else {}
    fields = {key: str(meta.pop(key) or "") for key in META_FIELDS if key in meta}
    return Document(external_id=str(doc_id), text=text, meta=meta, **fields)


def checked_spans(items: list[dict[str, Any]], text: str, bad: Callable[[str], BadInput]) -> list[SpanData]:
    """Spans as dicts of start, end (code points), label, and optionally text, annotator,
    annotator_id, checked as a JSONL import checks them."""
    return _parse_spans(items, text, bad)


def claim_from_parts(claim: int, annotator: str, speakers: list[int], issues: list[int], stance: str = "",
                     category: str = "", note: str = "", speaker_entities: tuple[str, ...] = (),
                     issue_entities: tuple[str, ...] = ()) -> ClaimData:
    return ClaimData(span=claim, annotator=annotator,
                     speakers=(*(RefData(span=s) for s in speakers), *(RefData(entity=e) for e in speaker_entities)),
                     issues=(*(RefData(span=i) for i in issues), *(RefData(entity=e) for e in issue_entities)),
                     stance=stance, category=category, note=note)


def layers(record: Record) -> list[tuple[str, str, list[int]]]:
    """(analyst name, analyst id, indices of their spans in text order) for each analyst with
    spans in the record, by name; a record without spans gives one empty, nameless layer."""
    by_name: dict[str, tuple[str, list[int]]] = {}
    order = sorted(range(len(record.spans)), key=lambda i: span_order(record.spans[i]))
    for index in order:
        span = record.spans[index]
        by_name.setdefault(span.annotator, (span.annotator_id, []))[1].append(index)
    if not by_name:
        return [("", "", [])]
    return [(name, analyst_id, indices) for name, (analyst_id, indices) in sorted(by_name.items())]


def span_order(span: SpanData) -> tuple:
    return (span.start, span.end, span.label, span.annotator)


def document_meta(document: Document) -> dict[str, Any]:
    meta = {"title": document.title, "date": document.date, "source": document.source}
    meta.update((k, v) for k, v in document.meta.items() if k not in meta)
    return meta
