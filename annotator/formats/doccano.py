"""doccano's JSONL for sequence labelling (and relation extraction), one document a line:

    {"id": "talk-1", "text": "…", "meta": {…}, "label": [[1, 5, "Actor"], [11, 17, "Claim"]],
     "entities": [{"id": 1, "label": "Actor", "start_offset": 1, "end_offset": 5}, …],
     "relations": [{"id": 1, "from_id": 2, "to_id": 1, "type": "Speaker"}]}

**Offsets count UTF-16 code units**, as doccano does: its annotation view (the v-annotator
component) takes offsets from the browser's selection, which counts JavaScript string
positions, and its server stores them as given (doccano issue 2290: 👍🏽 counts 4). A project
made with doccano's "count grapheme clusters as one character" option counts clusters
instead; convert it before importing. Conversion to and from code points is
`annotator.offsets.OffsetMap`'s.

`label` is written always; `entities` and `relations` (doccano's relation projects) only for a
document with claims: each claim is a relation from its Claim span to each speaker span
("Speaker") and each issue span ("Issue"). doccano has no analyst per span, so every layer's
spans go into one list (the same span of two analysts once), and an import makes them the
importer's (`--annotator`). Also lost: stance, category, note, registry links, and speakers
or issues that are registry entries.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Iterator

from annotator.errors import BadInput
from annotator.formats.base import Reader, Writer
from annotator.formats.exchange import (checked_spans, claim_from_parts, document_meta, document_of, json_lines,
                                        span_order)
from annotator.formats.jsonl import write_json_lines
from annotator.model import Record
from annotator.offsets import OffsetMap

SPEAKER, ISSUE = "Speaker", "Issue"


def write_doccano(path: Path, records: Iterable[Record]) -> int:
    return write_json_lines(path, records, line_json)


def line_json(record: Record) -> dict[str, Any]:
    document = record.document
    units = OffsetMap(document.text)
    number: dict[tuple[int, int, str], int] = {}
    for span in sorted(record.spans, key=span_order):
        number.setdefault((span.start, span.end, span.label), len(number) + 1)
    obj: dict[str, Any] = {"id": document.external_id, "text": document.text, "meta": document_meta(document),
                           "label": [[units.to_utf16(s), units.to_utf16(e), label] for s, e, label in number]}
    if record.claims:
        def entity(index: int) -> int:
            span = record.spans[index]
            return number[(span.start, span.end, span.label)]

        relations = sorted({(entity(claim.span), entity(ref.span), kind)
                            for claim in record.claims
                            for kind, refs in ((SPEAKER, claim.speakers), (ISSUE, claim.issues))
                            for ref in refs if ref.span is not None})
        obj["entities"] = [{"id": n, "label": label, "start_offset": units.to_utf16(s),
                            "end_offset": units.to_utf16(e)} for (s, e, label), n in number.items()]
        obj["relations"] = [{"id": n, "from_id": head, "to_id": child, "type": kind}
                            for n, (head, child, kind) in enumerate(relations, start=1)]
    return obj


def read_doccano(path: str | Path) -> Iterator[Record]:
    path = Path(path)
    seen: set[str] = set()
    for number, obj in json_lines(path):
        def bad(reason: str, number: int = number) -> BadInput:
            return BadInput(str(path), number, reason)

        if not isinstance(obj, dict):
            raise bad("each line must be a JSON object")
        document = document_of(obj.get("id"), obj.get("text"), obj.get("meta"), f"{path.stem}-{number}", bad)
        if document.external_id in seen:
            raise bad(f"duplicate id {document.external_id!r}")
        seen.add(document.external_id)
        units = OffsetMap(document.text)

        def code_point(utf16: Any, what: str) -> Any:
            if type(utf16) is not int or not 0 <= utf16 <= units.utf16_length:
                return utf16   # left for the span check to name
            at = units.to_codepoint(utf16)
            if units.to_utf16(at) != utf16:
                raise bad(f"{what}: offset {utf16} falls inside a character (doccano offsets count UTF-16 units)")
            return at

        entities = obj.get("entities")
        if isinstance(entities, list) and entities:
            raw = [(item.get("id"), item.get("start_offset"), item.get("end_offset"), item.get("label"))
                   if isinstance(item, dict) else (None, None, None, None) for item in entities]
        else:
            labels = obj.get("label") or obj.get("labels") or []
            if not isinstance(labels, list):
                raise bad('"label" must be a list of [start, end, label]')
            raw = [(None, *item) if isinstance(item, list) and len(item) == 3 else (None, None, None, None)
                   for item in labels]
        spans = checked_spans([{"start": code_point(s, f"span {n}"), "end": code_point(e, f"span {n}"), "label": label}
                               for n, (_, s, e, label) in enumerate(raw, start=1)], document.text, bad)
        ids = {entity_id: n for n, (entity_id, *_) in enumerate(raw) if entity_id is not None}
        claims: dict[int, dict[str, list[int]]] = {}
        for n, relation in enumerate(obj.get("relations") or [], start=1):
            if not isinstance(relation, dict) or relation.get("type") not in (SPEAKER, ISSUE):
                continue   # a relation of another scheme: no claim
            if relation.get("from_id") not in ids or relation.get("to_id") not in ids:
                raise bad(f"relation {n}: from_id and to_id must be ids of this line's entities")
            parts = claims.setdefault(ids[relation["from_id"]], {"speakers": [], "issues": []})
            parts["speakers" if relation["type"] == SPEAKER else "issues"].append(ids[relation["to_id"]])
        yield Record(document, spans, str(path), number,
                     claims=[claim_from_parts(head, "", **parts) for head, parts in claims.items()])


READERS = (Reader("doccano", "doccano JSONL", (".doccano.jsonl",), read_doccano),)
WRITERS = (Writer("doccano", "doccano JSONL", (".doccano.jsonl",), write_doccano, takes_records=True),)
