"""JSONL, one document a line: the training-data export and its import.

    {"id": ..., "text": ..., "meta": {"title", "date", "source", ...},
     "spans": [{"id": "s1", "start", "end", "label", "text", "annotator", "annotator_id",
                "entity"?}, ...],
     "claims": [{"id": "c1", "claim_id", "annotator", "span": "s7", "speakers": [{"span": "s2"}, {"entity": NAME}],
                 "issues": [{"span": "s9"}], "stance", "category", "note"}, ...]}

`annotator` is the analyst's name and `annotator_id` their stable id (a uuid; "gold" for
the reviewed layer): an import keeps the id, so exporting, importing elsewhere and merging
back never makes one analyst two. Both are optional on import: a span with a name alone
joins the analyst of that name, and one with neither is the importer's (`--annotator`).
`start`/`end` count Unicode code points into `text`, end exclusive, so
`text[start:end] == span["text"]` (spaCy's and Prodigy's convention). Lines are
split on LF only, never on U+2028 or a lone CR, which may sit inside a text.
Export then import then export gives the same bytes.

Claims: a span's `"id"` is unique within its line (s1, s2 … in the order written); a
linked span carries its registry entry's canonical name as `"entity"`. A claim's `"span"`
is its Claim span; speakers and issues are spans of the same line or registry entries by
canonical name (or alias, on import); `"stance"` is support, oppose, neutral or "" for
unknown. A claim's `"claim_id"` is its frame's stable id (a uuid, kept on import), so a
claim that goes out and comes back, or into a colleague's project and back, stays one
claim. Lines without span ids or claim ids (files of older versions) still import.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from annotator.errors import BadInput
from annotator.formats.atomic import atomic_output
from annotator.formats.base import Reader, Writer
from annotator.model import STANCES, ClaimData, Document, Record, RefData, Span, SpanData

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

def _span_order(span: Span | SpanData) -> tuple:
    return (span.start, span.end, span.label, span.annotator)


def record_to_json(document: Document, spans: Iterable[Span]) -> dict[str, Any]:
    text = document.text
    meta = {"title": document.title, "date": document.date, "source": document.source}
    meta.update((k, v) for k, v in document.meta.items() if k not in meta)
    ordered = sorted(spans, key=_span_order)
    return {
        "id": document.external_id,
        "text": text,
        "meta": meta,
        "spans": [{"id": f"s{n}", "start": s.start, "end": s.end, "label": s.label,
                   "text": text[s.start:s.end], "annotator": s.annotator, "annotator_id": s.annotator_id}
                  for n, s in enumerate(ordered, 1)],
    }


def write_jsonl(path: str | Path, records: Iterable[Record | tuple[Document, list[SpanData]]]) -> int:
    """Writes all records to `path` atomically (see `formats.atomic`): a failure never leaves
    a half-written file that looks whole. Returns the number of lines written. `Record`s
    bring their claims and links; (document, spans) pairs have none."""
    return write_json_lines(path, records, _line_json)


def write_json_lines(path: str | Path, items: Iterable[Any], to_json: Callable[[Any], Any]) -> int:
    """Each item as one line of JSON (`to_json(item)`), written atomically; returns how many
    lines. The JSON Lines formats of other tools (doccano …) write through it too."""
    count = 0
    with atomic_output(path) as handle:
        for item in items:
            handle.write(_dumps(to_json(item)))
            handle.write(b"\n")
            count += 1
    return count


# -- claims and links, written ---------------------------------------------------------------

def _line_json(item: Record | tuple[Document, list[SpanData]]) -> dict[str, Any]:
    """One line: the document and its spans, and for a `Record` the links of its spans and
    its claims, which name spans by the ids this line gives them."""
    if not isinstance(item, Record):
        obj = record_to_json(*item)
        obj["claims"] = []
        return obj
    spans = item.spans
    order = sorted(range(len(spans)), key=lambda i: _span_order(spans[i]))
    obj = record_to_json(item.document, [spans[i] for i in order])  # a stable sort: the same order
    position = {index: at for at, index in enumerate(order)}
    for index, name in item.links.items():
        obj["spans"][position[index]]["entity"] = name
    obj["claims"] = _claims_json(item.claims, position)
    return obj


def _claims_json(claims: list[ClaimData], position: dict[int, int]) -> list[dict[str, Any]]:
    def ref(r: RefData) -> dict[str, str]:
        return {"span": f"s{position[r.span] + 1}"} if r.span is not None else {"entity": r.entity}

    ordered = sorted(claims, key=lambda c: (position[c.span], c.annotator))
    return [{"id": f"c{n}", **({"claim_id": c.claim_id} if c.claim_id else {}), "annotator": c.annotator,
             "span": f"s{position[c.span] + 1}",
             "speakers": [ref(r) for r in c.speakers], "issues": [ref(r) for r in c.issues],
             "stance": c.stance, "category": c.category, "note": c.note}
            for n, c in enumerate(ordered, 1)]


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
    record = Record(document, _parse_spans(raw_spans, text, bad), path, line)
    raw_claims = obj.get("claims") or []
    if raw_claims or any("entity" in item for item in raw_spans):
        return _with_claims(record, raw_spans, raw_claims, bad)
    return record


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


# -- claims and links, read -----------------------------------------------------------------

def _with_claims(record: Record, raw_spans: list, raw_claims: Any, bad: Any) -> Record:
    """The record with its spans' links and its claims, checked: every span a claim names
    is on this line, every reference is a span or an entry, every stance is on the scale."""
    ids: dict[str, int] = {}
    links: dict[int, str] = {}
    for index, item in enumerate(raw_spans):
        span_id, entity = item.get("id"), item.get("entity")
        if span_id is not None:
            if type(span_id) is not str or not span_id:
                raise bad(f'span {index + 1}: "id" must be a non-empty string')
            if span_id in ids:
                raise bad(f"span id {span_id!r} is used twice on this line")
            ids[span_id] = index
        if entity is not None:
            if type(entity) is not str or not entity.strip():
                raise bad(f'span {index + 1}: "entity" must be a registry entry\'s name')
            links[index] = entity
    if not isinstance(raw_claims, list):
        raise bad('"claims" must be a list')
    claims = [_parse_claim(item, n, ids, bad) for n, item in enumerate(raw_claims, start=1)]
    return Record(record.document, record.spans, record.path, record.line, claims=claims, links=links)


def _parse_claim(item: Any, n: int, ids: dict[str, int], bad: Any) -> ClaimData:
    if type(item) is not dict:
        raise bad(f"claim {n} must be an object")
    name = f"claim {item.get('id', n)!r}" if isinstance(item.get("id"), str) else f"claim {n}"

    def span_index(value: Any, what: str) -> int:
        if type(value) is not str or value not in ids:
            raise bad(f"{name}: {what} {value!r} is not the id of a span on this line")
        return ids[value]

    def refs(key: str) -> tuple[RefData, ...]:
        raw = item.get(key, [])
        if not isinstance(raw, list):
            raise bad(f'{name}: "{key}" must be a list')
        found = []
        for ref in raw:
            if type(ref) is not dict or len(ref.keys() & {"span", "entity"}) != 1:
                raise bad(f'{name}: each of "{key}" is {{"span": ID}} or {{"entity": NAME}}')
            if "span" in ref:
                found.append(RefData(span=span_index(ref["span"], f"{key[:-1]} span")))
            elif type(ref["entity"]) is not str or not ref["entity"].strip():
                raise bad(f'{name}: an "entity" of "{key}" must be a registry entry\'s name')
            else:
                found.append(RefData(entity=ref["entity"]))
        return tuple(found)

    fields = {}
    for key in ("annotator", "stance", "category", "note", "claim_id"):
        value = item.get(key, "")
        if type(value) is not str:
            raise bad(f'{name}: "{key}" must be a string')
        fields[key] = value
    if fields["stance"] not in STANCES:
        raise bad(f'{name}: "stance" is support, oppose, neutral or "" (unknown), not {fields["stance"]!r}')
    return ClaimData(span=span_index(item.get("span"), "its span"), speakers=refs("speakers"),
                     issues=refs("issues"), **fields)


READERS = (Reader("jsonl", "JSON Lines", (".jsonl",), read_jsonl),)
WRITERS = (Writer("jsonl", "JSON Lines", (".jsonl",), write_jsonl, takes_records=True),)
