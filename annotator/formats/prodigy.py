"""Prodigy tasks (JSON Lines), as `ner_manual` and `rel.manual` write and read them:

    {"text": "…", "meta": {"id": "talk-1", "title": "…"},
     "tokens": [{"text": "Ozer", "start": 1, "end": 5, "id": 0, "ws": true}, …],
     "spans": [{"start": 1, "end": 5, "text": "Ozer", "label": "Actor", "token_start": 0, "token_end": 0}],
     "relations": [{"head": 2, "child": 0, "label": "Speaker", "head_span": {…}, "child_span": {…}}],
     "answer": "accept", "_annotator_id": "ana", "_session_id": "ana"}

One task per document and analyst (Prodigy's multi-annotator sessions), the analyst's name
in `_annotator_id` (their stable id in `_annotator_uuid`). `start`/`end` count code points,
as Prodigy does (Python strings); `token_start`/`token_end` are inclusive token indices, on
Annotator's word tokens (`snapping.word_tokens`); a span that does not sit on token edges
gets the tokens it touches, and its exact characters stay in `start`/`end`.

Claims are relations from the Claim span (head) to each speaker span ("Speaker") and each
issue span ("Issue"), each carrying the claim's stance, category and note. Lost: speakers
and issues that are registry entries, claims with no speaker or issue span, links to the
registry. On import, tasks answered "reject" or "ignore" bring their text but no spans.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Iterator

from annotator.errors import BadInput
from annotator.formats.atomic import atomic_output
from annotator.formats.base import Reader, Writer
from annotator.formats.exchange import (checked_spans, claim_from_parts, document_meta, document_of, json_lines,
                                        layers)
from annotator.formats.jsonl import _dumps
from annotator.formats.tokenized import align
from annotator.model import ClaimData, Record
from annotator.snapping import word_tokens

SPEAKER, ISSUE = "Speaker", "Issue"


# -- writing ------------------------------------------------------------------------------------

def write_prodigy(path: Path, records: Iterable[Record]) -> int:
    documents = 0
    with atomic_output(path) as handle:
        for record in records:
            for task in tasks(record):
                handle.write(_dumps(task))
                handle.write(b"\n")
            documents += 1
    return documents


def tasks(record: Record) -> Iterator[dict[str, Any]]:
    """The record's tasks, one per analyst (one with no spans for a record without any)."""
    document = record.document
    text = document.text
    tokens = word_tokens(text)
    starts, ends = [s for s, _ in tokens], [e for _, e in tokens]
    token_list = [{"text": text[s:e], "start": s, "end": e, "id": n, "ws": e < len(text) and text[e].isspace()}
                  for n, (s, e) in enumerate(tokens)]
    meta = {"id": document.external_id, **document_meta(document)}
    for name, analyst_id, indices in layers(record):
        spans = {}
        for index in indices:
            span = record.spans[index]
            item = {"start": span.start, "end": span.end, "text": text[span.start:span.end], "label": span.label}
            on_tokens = align(starts, ends, span.start, span.end, "expand")
            if on_tokens is not None:
                item["token_start"], item["token_end"] = on_tokens[0], on_tokens[1] - 1
            spans[index] = item
        mine = [claim for claim in record.claims if claim.span in spans]
        task = {"text": text, "meta": meta, "tokens": token_list, "spans": list(spans.values()),
                "relations": [relation for claim in mine for relation in _relations(claim, spans)],
                "answer": "accept"}
        if name or analyst_id:
            task.update({"_annotator_id": name, "_session_id": name, "_annotator_uuid": analyst_id})
        yield task


def _relations(claim: ClaimData, spans: dict[int, dict[str, Any]]) -> Iterator[dict[str, Any]]:
    head = spans[claim.span]
    for label, refs in ((SPEAKER, claim.speakers), (ISSUE, claim.issues)):
        for ref in refs:
            if ref.span is None or ref.span not in spans:
                continue
            child = spans[ref.span]
            yield {"head": head.get("token_end"), "child": child.get("token_end"), "label": label,
                   "head_span": _span_ref(head), "child_span": _span_ref(child),
                   "stance": claim.stance, "category": claim.category, "note": claim.note}


def _span_ref(span: dict[str, Any]) -> dict[str, Any]:
    return {key: span[key] for key in ("start", "end", "token_start", "token_end", "label") if key in span}


# -- reading ------------------------------------------------------------------------------------

def read_prodigy(path: str | Path) -> Iterator[Record]:
    """One record per document: the tasks of all analysts on one text (same `meta.id`, else
    the same text) are gathered, so the whole file is read before the first record."""
    path = Path(path)
    gathered: dict[str, tuple[Record, int]] = {}
    for number, task in json_lines(path):
        def bad(reason: str, number: int = number) -> BadInput:
            return BadInput(str(path), number, reason)

        record = _task_record(task, path, number, bad)
        key = record.document.external_id
        if key in gathered:
            first, first_line = gathered[key]
            if first.document.text != record.document.text:
                raise bad(f"document {key!r} has another text than on line {first_line}")
            offset = len(first.spans)
            claims = [ClaimData(c.span + offset, c.annotator, tuple(r._replace(span=r.span + offset) for r in c.speakers),
                                tuple(r._replace(span=r.span + offset) for r in c.issues), c.stance, c.category, c.note)
                      for c in record.claims]
            record = Record(first.document, first.spans + record.spans, first.path, first.line,
                            claims=first.claims + claims)
            number = first_line
        gathered[key] = (record, number)
    for record, _ in gathered.values():
        yield record


def _task_record(task: Any, path: Path, number: int, bad: Any) -> Record:
    if not isinstance(task, dict):
        raise bad("each line must be a JSON object (a Prodigy task)")
    meta = task.get("meta") if isinstance(task.get("meta"), dict) else {}
    meta = dict(meta)
    document = document_of(meta.pop("id", None), task.get("text"), meta, f"{path.stem}-{number}", bad)
    if task.get("answer", "accept") != "accept":
        return Record(document, [], str(path), number)
    name = task.get("_annotator_id", "")
    analyst_id = task.get("_annotator_uuid", "")
    if not isinstance(name, str) or not isinstance(analyst_id, str):
        raise bad('"_annotator_id" must be a string')
    raw = task.get("spans") or []
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        raise bad('"spans" must be a list of objects')
    spans = checked_spans([{"start": item.get("start"), "end": item.get("end"), "label": item.get("label"),
                            "text": item.get("text"), "annotator": name, "annotator_id": analyst_id}
                           for item in raw], document.text, bad)
    index = {(span.start, span.end, span.label): n for n, span in enumerate(spans)}
    claims: dict[int, dict[str, Any]] = {}
    relations = task.get("relations") or []
    if not isinstance(relations, list):
        raise bad('"relations" must be a list')
    for n, relation in enumerate(relations, start=1):
        if not isinstance(relation, dict) or relation.get("label") not in (SPEAKER, ISSUE):
            raise bad(f'relation {n}: its "label" must be {SPEAKER} or {ISSUE}')
        head = _span_index(relation.get("head_span"), index, f"relation {n}: head_span", bad)
        child = _span_index(relation.get("child_span"), index, f"relation {n}: child_span", bad)
        claim = claims.setdefault(head, {"speakers": [], "issues": [], "stance": "", "category": "", "note": ""})
        claim["speakers" if relation["label"] == SPEAKER else "issues"].append(child)
        for key in ("stance", "category", "note"):
            if isinstance(relation.get(key), str) and relation[key]:
                claim[key] = relation[key]
    return Record(document, spans, str(path), number,
                  claims=[claim_from_parts(head, name, **parts) for head, parts in claims.items()])


def _span_index(ref: Any, index: dict[tuple[int, int, str], int], what: str, bad: Any) -> int:
    key = (ref.get("start"), ref.get("end"), ref.get("label")) if isinstance(ref, dict) else None
    if key not in index:
        raise bad(f"{what} is not one of the task's spans")
    return index[key]


READERS = (Reader("prodigy", "Prodigy tasks", (".prodigy.jsonl",), read_prodigy),)
WRITERS = (Writer("prodigy", "Prodigy tasks", (".prodigy.jsonl",), write_prodigy, takes_records=True),)
