"""brat standoff: a folder of `NAME.txt` (the text, exactly) and `NAME.ann` (its annotations).

    T1	Actor 1 5	Ozer
    T2	Claim 6 15	said 👍🏽
    E1	Claim:T2 Speaker:T1 Issue:T3
    A1	Stance E1 oppose
    A2	Category E1 101
    #1	AnnotatorNotes E1	a note
    N1	Reference T1 Annotator:Engin_Ozer	Engin Ozer

Offsets count code points (brat's server is Python and slices `str`), end exclusive; the text
field of a T line has its line breaks (CR, LF, U+2028 …) as spaces, since a line of the .ann
cannot hold one; the offsets still cover them. brat has no analyst per annotation, so each
layer is a folder of its own, `OUT/ANALYST/`, the way a brat collection is one analyst's; an
import makes a folder's spans the importer's (`--annotator ANALYST`).

Claims are events triggered by the Claim span, with Speaker (Speaker2 …) and Issue (Issue2 …)
roles on speaker and issue spans; stance and category are attributes of the event, a note is
its AnnotatorNotes, and registry links are N lines whose text is the entry's canonical name.
Lost: speakers and issues that are registry entries, title, date, source and meta; a
document's id becomes its file name (a "/" in it as "_").
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Iterator

from annotator.errors import BadInput
from annotator.formats.atomic import atomic_folder
from annotator.formats.base import Reader, Writer
from annotator.formats.exchange import checked_spans, claim_from_parts, layers
from annotator.formats.plaintext import decode_utf8, read_bytes
from annotator.model import Document, Record

_LINE_BREAKS = re.compile("[\r\n\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e]")
_UNSAFE = re.compile(r'[/\\:*?"<>|\x00-\x1f]')


def write_brat(path: Path, records: Iterable[Record]) -> int:
    documents = 0
    with atomic_folder(path) as folder:
        for record in records:
            name = file_name(record.document.external_id)
            for analyst, _, indices in layers(record):
                layer = folder / (file_name(analyst) if analyst else "_")
                layer.mkdir(exist_ok=True)
                (layer / f"{name}.txt").write_bytes(record.document.text.encode("utf-8"))
                (layer / f"{name}.ann").write_bytes(ann_text(record, indices).encode("utf-8"))
            documents += 1
    return documents


def file_name(text: str) -> str:
    name = _UNSAFE.sub("_", text)
    return "_" + name if name.startswith(".") or not name else name


def ann_text(record: Record, indices: list[int]) -> str:
    text = record.document.text
    lines = []
    entity = {}
    for n, index in enumerate(indices, start=1):
        span = record.spans[index]
        entity[index] = f"T{n}"
        lines.append(f"T{n}\t{span.label} {span.start} {span.end}\t{_LINE_BREAKS.sub(' ', text[span.start:span.end])}")
    attributes = notes = 0
    for n, claim in enumerate(sorted((c for c in record.claims if c.span in entity),
                                     key=lambda c: indices.index(c.span)), start=1):
        arguments = [f"{record.spans[claim.span].label}:{entity[claim.span]}"]
        for role, refs in (("Speaker", claim.speakers), ("Issue", claim.issues)):
            spans = [ref.span for ref in refs if ref.span in entity]
            arguments += [f"{role}{k if k > 1 else ''}:{entity[s]}" for k, s in enumerate(spans, start=1)]
        lines.append(f"E{n}\t{' '.join(arguments)}")
        for key, value in (("Stance", claim.stance), ("Category", claim.category)):
            if value:
                attributes += 1
                lines.append(f"A{attributes}\t{key} E{n} {value}")
        if claim.note:
            notes += 1
            lines.append(f"#{notes}\tAnnotatorNotes E{n}\t{_LINE_BREAKS.sub(' ', claim.note)}")
    for n, (index, name) in enumerate(sorted((i, nm) for i, nm in record.links.items() if i in entity), start=1):
        lines.append(f"N{n}\tReference {entity[index]} Annotator:{'_'.join(name.split())}\t{name}")
    return "".join(line + "\n" for line in lines)


# -- reading ------------------------------------------------------------------------------------

def read_brat(path: str | Path) -> Iterator[Record]:
    """The document of `NAME.ann` is `NAME.txt` beside it, read exactly (UTF-8)."""
    path = Path(path)
    text_path = path.with_suffix(".txt")
    if not text_path.is_file():
        raise BadInput(str(path), None, f"no {text_path.name} beside it (brat keeps the text there)")
    text = _exact_utf8(text_path)
    lines = _exact_utf8(path).split("\n")
    document = Document(external_id=path.stem, text=text, source=text_path.name)
    raw, ids, events, attributes, notes, links = [], {}, {}, {}, {}, {}
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue

        def bad(reason: str, number: int = number) -> BadInput:
            return BadInput(str(path), number, reason)

        fields = line.split("\t")
        key, _, rest = fields[0], None, fields[1] if len(fields) > 1 else ""
        kind = key[:1]
        if kind == "T":
            label, _, offsets = rest.partition(" ")
            for fragment in offsets.split(";"):
                start, _, end = fragment.partition(" ")
                if not (start.isdigit() and end.isdigit()):
                    raise bad(f"{key}: offsets must be 'START END', not {fragment!r}")
                ids.setdefault(key, len(raw))
                raw.append({"start": int(start), "end": int(end), "label": label})
        elif kind == "E":
            arguments = [argument.partition(":") for argument in rest.split()]
            events[key] = (number, [(role, target) for role, _, target in arguments])
        elif kind == "A":
            parts = rest.split()
            if len(parts) == 3:
                attributes.setdefault(parts[1], {})[parts[0].lower()] = parts[2]
        elif kind == "#" and rest.startswith("AnnotatorNotes ") and len(fields) > 2:
            notes[rest.split()[1]] = fields[2]
        elif kind == "N" and len(fields) > 2:
            parts = rest.split()
            if len(parts) >= 2:
                links[parts[1]] = fields[2]
        elif kind not in "RM*":
            raise bad(f"not a brat annotation line: {line[:40]!r}")
    spans = checked_spans(raw, text, lambda reason: BadInput(str(path), None, reason))
    claims = []
    for key, (number, arguments) in events.items():
        def span_of(target: str, number: int = number) -> int:
            if target not in ids:
                raise BadInput(str(path), number, f"{key}: {target} is not a T line of this file")
            return ids[target]

        speakers = [span_of(t) for role, t in arguments[1:] if role.rstrip("0123456789") == "Speaker"]
        issues = [span_of(t) for role, t in arguments[1:] if role.rstrip("0123456789") == "Issue"]
        extra = attributes.get(key, {})
        claims.append(claim_from_parts(span_of(arguments[0][1]), "", speakers, issues, extra.get("stance", ""),
                                       extra.get("category", ""), notes.get(key, "")))
    yield Record(document, spans, str(path), 1, claims=claims,
                 links={ids[target]: name for target, name in links.items() if target in ids})


def _exact_utf8(path: Path) -> str:
    """The file's text as brat reads it: UTF-8, a leading U+FEFF kept as a character (offsets count it)."""
    data = read_bytes(path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return decode_utf8(data, str(path))   # names the bad byte


READERS = (Reader("brat", "brat standoff", (".ann",), read_brat),)
WRITERS = (Writer("brat", "brat standoff (a folder)", (".brat",), write_brat, takes_records=True),)
