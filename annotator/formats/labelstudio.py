"""Label Studio tasks (one JSON array, as Label Studio's JSON export and import take it):

    [{"id": 1, "data": {"text": "…", "id": "talk-1", "meta": {…}},
      "annotations": [{"annotator": "ana", "annotator_id": "…", "result": [
          {"id": "s1", "from_name": "label", "to_name": "text", "type": "labels",
           "value": {"start": 1, "end": 5, "text": "Ozer", "labels": ["Actor"]}},
          {"type": "relation", "from_id": "s2", "to_id": "s1", "direction": "right", "labels": ["Speaker"]}]}]}]

One annotation per analyst, with their name and id beside Label Studio's own fields (Label
Studio keeps its own `completed_by` user instead). `start`/`end` count code points: Label
Studio stores code points since its fix of text offsets with emoji (label-studio PR 1559 /
label-studio-frontend PR 308). The labelling config these tasks fit is `label_config(labels)`
(`Labels` named "label" on a `Text` named "text", and `Relations`).

A task's top-level `id` is its number in the file, 1 up, as in Label Studio's own JSON export;
Label Studio gives imported tasks ids of its own, and its SDK's converter (which reads an
export file offline, to JSON_MIN, CSV or CoNLL) needs one. The document's id is `data.id`.
`tests/formats/test_labelstudio_sdk.py` has label-studio-sdk read these files.

Claims are relation results from the Claim span to each speaker span ("Speaker") and each
issue span ("Issue"). Lost: stance, category, note, registry links, and speakers or issues
that are registry entries.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Iterator
from xml.sax.saxutils import quoteattr

from annotator.errors import BadInput
from annotator.formats.atomic import atomic_text_output
from annotator.formats.base import Reader, Writer
from annotator.formats.exchange import checked_spans, claim_from_parts, document_meta, document_of, json_file, layers
from annotator.model import Record

SPEAKER, ISSUE = "Speaker", "Issue"
FROM_NAME, TO_NAME = "label", "text"


def label_config(labels: Iterable[str]) -> str:
    """A Label Studio labelling config that these tasks fit, for the given span labels (any
    characters: each is an XML attribute, quoted and escaped)."""
    inner = "".join(f'<Label value={quoteattr(label)}/>' for label in labels)
    return (f'<View><Relations><Relation value="{SPEAKER}"/><Relation value="{ISSUE}"/></Relations>'
            f'<Labels name="{FROM_NAME}" toName="{TO_NAME}">{inner}</Labels>'
            f'<Text name="{TO_NAME}" value="$text"/></View>')


def write_labelstudio(path: Path, records: Iterable[Record]) -> int:
    """A JSON array, one task a line, so a diff of two exports reads by document."""
    documents = 0
    with atomic_text_output(path) as handle:
        handle.write("[")
        for documents, record in enumerate(records, start=1):
            handle.write(",\n" if documents > 1 else "\n")
            handle.write(json.dumps(task_json(record, documents), ensure_ascii=False, separators=(",", ":")))
        handle.write("\n]\n")
    return documents


def task_json(record: Record, number: int) -> dict[str, Any]:
    document = record.document
    text = document.text
    annotations = []
    for name, analyst_id, indices in layers(record):
        if not indices:
            continue
        region = {index: f"s{n}" for n, index in enumerate(indices, start=1)}
        result: list[dict[str, Any]] = [
            {"id": region[index], "from_name": FROM_NAME, "to_name": TO_NAME, "type": "labels",
             "value": {"start": span.start, "end": span.end, "text": text[span.start:span.end], "labels": [span.label]}}
            for index in indices for span in (record.spans[index],)]
        for claim in record.claims:
            if claim.span not in region:
                continue
            for kind, refs in ((SPEAKER, claim.speakers), (ISSUE, claim.issues)):
                result.extend({"type": "relation", "from_id": region[claim.span], "to_id": region[ref.span],
                               "direction": "right", "labels": [kind]}
                              for ref in refs if ref.span in region)
        annotations.append({"annotator": name, "annotator_id": analyst_id, "result": result})
    return {"id": number, "data": {"text": text, "id": document.external_id, "meta": document_meta(document)},
            "annotations": annotations}


def read_labelstudio(path: str | Path) -> Iterator[Record]:
    path = Path(path)
    tasks = json_file(path)
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list):
        raise BadInput(str(path), None, "a Label Studio export is a JSON array of tasks")
    seen: set[str] = set()
    for number, task in enumerate(tasks, start=1):
        def bad(reason: str, number: int = number) -> BadInput:
            return BadInput(str(path), None, f"task {number}: {reason}")

        data = task.get("data") if isinstance(task, dict) else None
        if not isinstance(data, dict):
            raise bad('a task needs "data" with "text"')
        document = document_of(data.get("id"), data.get("text"), data.get("meta"), f"{path.stem}-{number}", bad)
        if document.external_id in seen:
            raise bad(f"duplicate id {document.external_id!r}")
        seen.add(document.external_id)
        spans, claims = [], []
        for annotation in task.get("annotations") or []:
            if not isinstance(annotation, dict) or annotation.get("was_cancelled"):
                continue
            name, analyst_id = annotation.get("annotator", ""), annotation.get("annotator_id", "")
            regions, heads = {}, {}
            result = annotation.get("result") or []
            items = []
            for item in result:
                if isinstance(item, dict) and item.get("type") == "labels" and isinstance(item.get("value"), dict):
                    value = item["value"]
                    labels = value.get("labels") or [None]
                    for label in labels:
                        regions.setdefault(item.get("id"), []).append(len(spans) + len(items))
                        items.append({"start": value.get("start"), "end": value.get("end"), "label": label,
                                      "text": value.get("text"), "annotator": name, "annotator_id": analyst_id})
            spans.extend(checked_spans(items, document.text, bad))
            for item in result:
                if not (isinstance(item, dict) and item.get("type") == "relation"):
                    continue
                kinds = [kind for kind in item.get("labels") or [] if kind in (SPEAKER, ISSUE)]
                if not kinds:
                    continue
                if item.get("from_id") not in regions or item.get("to_id") not in regions:
                    raise bad("a relation's from_id and to_id must be ids of its annotation's regions")
                head = regions[item["from_id"]][0]
                parts = heads.setdefault(head, {"speakers": [], "issues": []})
                for kind in kinds:
                    parts["speakers" if kind == SPEAKER else "issues"].append(regions[item["to_id"]][0])
            claims.extend(claim_from_parts(head, name, **parts) for head, parts in heads.items())
        yield Record(document, spans, str(path), number, claims=claims)


READERS = (Reader("labelstudio", "Label Studio JSON", (".labelstudio.json",), read_labelstudio),)
WRITERS = (Writer("labelstudio", "Label Studio JSON", (".labelstudio.json",), write_labelstudio,
                  takes_records=True),)
