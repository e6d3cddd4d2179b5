"""The codebook file a team shares: labels, claim categories, the stance scale, the
registry (every entry with its id, retired and merged ones too), and what suggestions are
made of: analysts' patterns and a spaCy pipeline's label mapping. Pure: file ⇄ `Codebook`.

    {"format": "annotator-codebook", "version": 1,
     "labels": [{"name", "color", "hotkey", "description"}, ...],
     "claim_categories": [{"code": "1011", "name", "parent": "101"}, ...],
     "stances": [{"value": "support", "key": "+"}, ..., {"value": "", "key": "?", "name": "unknown"}],
     "registry": [{"id", "kind", "name", "aliases", "external_id", "parent", "retired",
                   "merged_into"}, ...],
     "suggest_patterns": [{"label", "kind": "regex|tokens|phrase", "pattern", "entity_id"}, ...],
     "model_labels": {"PERSON": "Actor", ...}}

The last two came later and are optional (a file without them is read as having none).

Written as indented UTF-8 (people read and diff it); the same project gives the same bytes.
A file that is not valid is refused whole, with one line naming the file and the line (bad
JSON) or the field ("registry[3].kind") that is wrong; nothing of it is applied.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from annotator.errors import BadInput
from annotator.formats.atomic import atomic_output
from annotator.model import (
    ENTITY_KINDS,
    STANCE_KEYS,
    STANCES,
    ClaimCategory,
    Codebook,
    Entity,
    Label,
    SuggestPattern,
)
from annotator.patterns import pattern_problem

FORMAT = "annotator-codebook"
VERSION = 1
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")


# -- writing ---------------------------------------------------------------------------------

def codebook_to_json(codebook: Codebook) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "labels": [{"name": label.name, "color": label.color, "hotkey": label.hotkey,
                    "description": label.description} for label in codebook.labels],
        "claim_categories": [{"code": c.code, "name": c.name, "parent": c.parent_code}
                             for c in codebook.categories],
        "stances": [{"value": value, "key": STANCE_KEYS[value], "name": value or "unknown"}
                    for value in STANCES],
        "registry": [{"id": e.id, "kind": e.kind, "name": e.name, "aliases": list(e.aliases),
                      "external_id": e.external_id, "parent": e.parent_id, "retired": e.retired,
                      "merged_into": e.merged_into}
                     for e in codebook.entities],
        "suggest_patterns": [{"label": p.label, "kind": p.kind, "pattern": p.pattern, "entity_id": p.entity_id}
                             for p in codebook.patterns],
        "model_labels": dict(sorted(codebook.model_labels.items())),
    }


def write_codebook(path: str | Path, codebook: Codebook) -> None:
    """Writes the codebook to `path` atomically (a failure leaves no half-written file)."""
    text = json.dumps(codebook_to_json(codebook), ensure_ascii=False, indent=2) + "\n"
    with atomic_output(path) as handle:
        handle.write(text.encode("utf-8"))


# -- reading ---------------------------------------------------------------------------------

def read_codebook(path: str | Path) -> Codebook:
    """The codebook in a file, checked whole; `BadInput` names the file and the line or field."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise BadInput(name, None, f"cannot read: {exc.strerror}") from None
    try:
        obj = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise BadInput(name, raw[:exc.start].count(b"\n") + 1, "not valid UTF-8; save the file as UTF-8") from None
    except json.JSONDecodeError as exc:
        raise BadInput(name, exc.lineno, f"not valid JSON ({exc.msg})") from None
    return parse_codebook(obj, name)


def parse_codebook(obj: Any, path: str) -> Codebook:
    def bad(field: str, reason: str) -> BadInput:
        return BadInput(path, None, f"{field}: {reason}")

    if not isinstance(obj, dict):
        raise BadInput(path, None, "a codebook is a JSON object")
    if obj.get("format", FORMAT) != FORMAT:
        raise bad("format", f"this is not an Annotator codebook ({obj.get('format')!r})")
    if not isinstance(obj.get("version", VERSION), int) or obj.get("version", VERSION) > VERSION:
        raise bad("version", f"made by a newer Annotator (version {obj.get('version')!r}); update Annotator")
    _check_stances(obj.get("stances"), bad)
    labels = [_label(item, f"labels[{n}]", bad) for n, item in enumerate(_list(obj, "labels", bad))]
    categories = [_category(item, f"claim_categories[{n}]", bad)
                  for n, item in enumerate(_list(obj, "claim_categories", bad))]
    entities = [_entity(item, f"registry[{n}]", bad) for n, item in enumerate(_list(obj, "registry", bad))]
    patterns = [_pattern(item, f"suggest_patterns[{n}]", bad)
                for n, item in enumerate(_list(obj, "suggest_patterns", bad))]
    model_labels = obj.get("model_labels", {})
    if not isinstance(model_labels, dict) or not all(
            isinstance(k, str) and k.strip() and isinstance(v, str) and v.strip() for k, v in model_labels.items()):
        raise bad("model_labels", 'must map a pipeline\'s labels to ours: {"PERSON": "Actor"}')
    for field, keys in (("labels", [label.name for label in labels]),
                        ("claim_categories", [c.code for c in categories]),
                        ("registry", [e.id for e in entities])):
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        if repeated:
            raise bad(field, f"{repeated[0]!r} is there twice")
    return Codebook(labels=labels, categories=categories, entities=entities, patterns=patterns,
                    model_labels=model_labels)


def _list(obj: dict, key: str, bad: Any) -> list:
    value = obj.get(key, [])
    if not isinstance(value, list):
        raise bad(key, "must be a list")
    return value


def _fields(item: Any, field: str, bad: Any, strings: tuple[str, ...], required: tuple[str, ...]) -> dict:
    if not isinstance(item, dict):
        raise bad(field, "must be an object")
    found = {}
    for key in strings:
        value = item.get(key, "")
        if not isinstance(value, str):
            raise bad(f"{field}.{key}", "must be a string")
        if key in required and not value.strip():
            raise bad(f"{field}.{key}", "must not be empty")
        found[key] = value
    return found


def _label(item: Any, field: str, bad: Any) -> Label:
    found = _fields(item, field, bad, ("name", "color", "hotkey", "description"), ("name", "color"))
    if not _COLOR.match(found["color"]):
        raise bad(f"{field}.color", f"{found['color']!r} is not a color like \"#3B82D6\"")
    return Label(**found)


def _category(item: Any, field: str, bad: Any) -> ClaimCategory:
    found = _fields(item, field, bad, ("code", "name", "parent"), ("code",))
    return ClaimCategory(found["code"].strip(), found["name"], found["parent"].strip())


def _entity(item: Any, field: str, bad: Any) -> Entity:
    found = _fields(item, field, bad, ("id", "kind", "name", "external_id"), ("id", "kind", "name"))
    if found["kind"] not in ENTITY_KINDS:
        raise bad(f"{field}.kind", f"is actor or issue, not {found['kind']!r}")
    aliases = item.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise bad(f"{field}.aliases", "must be a list of strings")
    links = {}
    for key in ("parent", "merged_into"):
        value = item.get(key)
        if value is not None and (not isinstance(value, str) or not value):
            raise bad(f"{field}.{key}", "must be an entry's id or null")
        links[key] = value
    retired = item.get("retired", False)
    if not isinstance(retired, bool):
        raise bad(f"{field}.retired", "must be true or false")
    if links["merged_into"] is not None and not retired:
        raise bad(f"{field}.merged_into", "a merged entry is retired")
    return Entity(id=found["id"], kind=found["kind"], name=" ".join(found["name"].split()),
                  aliases=tuple(aliases), external_id=found["external_id"], parent_id=links["parent"],
                  retired=retired, merged_into=links["merged_into"])


def _pattern(item: Any, field: str, bad: Any) -> SuggestPattern:
    found = _fields(item, field, bad, ("label", "kind", "pattern"), ("label", "kind", "pattern"))
    entity_id = item.get("entity_id")
    if entity_id is not None and (not isinstance(entity_id, str) or not entity_id):
        raise bad(f"{field}.entity_id", "must be an entry's id or null")
    pattern = SuggestPattern(found["label"], found["kind"], found["pattern"], entity_id)
    problem = pattern_problem(pattern)
    if problem is not None:
        raise bad(field, problem)
    return pattern


def _check_stances(stances: Any, bad: Any) -> None:
    if stances is None:
        return
    if not isinstance(stances, list) or not all(isinstance(s, dict) for s in stances):
        raise bad("stances", "must be a list of objects")
    values = [s.get("value") for s in stances]
    if sorted(values, key=str) != sorted(STANCES):
        raise bad("stances", f"Annotator's scale is support, oppose, neutral and \"\" (unknown); "
                             f"this file has {values!r}")
