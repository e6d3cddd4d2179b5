"""DNA's event list (the Discourse Network Analyzer's `eventlist` CSV), one row per speaker of
each claim, for relational event models and for analysts moving between the two tools.

Columns: statement ID (a running number over the file), time (the document's date, as DNA
writes it, "YYYY-MM-DD 00:00:00"; as stored if it is not such a date), person (the speaker: its
registry entry's canonical name, or the span's text with runs of white space as one space), organization (the speaker's parent in
the registry: party, government, organisation), concept (the issue), agreement (DNA's binary
qualifier: 1 support, 0 oppose, empty for neutral and unknown, which DNA cannot hold), category,
stance (support, oppose, neutral, or empty for unknown), start and stop (the Claim span, code
points), text (the Claim span's), coder, document ID, document title, and claim (the claim's id
within its document, as JSONL numbers them, so the rows of one claim can be told apart).

DNA gives each statement one value per variable, so a claim with two speakers is two rows and a
claim with two issues is two rows per speaker. A claim with no speaker or no issue is still one
row, with the missing value empty. RFC 4180: commas, CRLF, every character of a name as it is.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Iterable

from annotator.formats.atomic import atomic_output
from annotator.formats.base import Writer
from annotator.model import Record, RefData

HEADER = ("statement ID", "time", "person", "organization", "concept", "agreement", "category", "stance",
          "start", "stop", "text", "coder", "document ID", "document title", "claim")
_AGREEMENT = {"support": "1", "oppose": "0"}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def write_dna_events(path: str | Path, records: Iterable[Record]) -> int:
    """Writes the event list of every record's claims; returns the number of documents read."""
    count = 0
    statement = 0
    with atomic_output(path) as handle:
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(HEADER)
        for record in records:
            count += 1
            for row in _rows(record):
                statement += 1
                writer.writerow((statement, *row))
            handle.write(buffer.getvalue().encode("utf-8"))
            buffer.seek(0)
            buffer.truncate()
        handle.write(buffer.getvalue().encode("utf-8"))
    return count


def _rows(record: Record) -> Iterable[tuple]:
    document, spans = record.document, record.spans
    text = document.text
    time = f"{document.date} 00:00:00" if _ISO_DATE.fullmatch(document.date) else document.date

    def name(ref: RefData) -> tuple[str, bool]:
        """The name, and whether it is a registry entry's."""
        if ref.entity is not None:
            return ref.entity, True
        if ref.span in record.links:
            return record.links[ref.span], True
        span = spans[ref.span]
        return " ".join(text[span[0]:span[1]].split()), False

    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], spans[i][1], spans[i][2], spans[i][3]))
    position = {index: at for at, index in enumerate(order)}
    claims = sorted(record.claims, key=lambda c: (position[c.span], c.annotator))
    for number, claim in enumerate(claims, 1):
        start, end, _label, annotator = spans[claim.span][:4]
        speakers = [name(ref) for ref in claim.speakers] or [("", False)]
        issues = [name(ref)[0] for ref in claim.issues] or [""]
        for person, in_registry in speakers:
            for concept in issues:
                yield (time, person, record.parents.get(person, "") if in_registry else "", concept,
                       _AGREEMENT.get(claim.stance, ""), claim.category, claim.stance, start, end,
                       text[start:end], claim.annotator or annotator, document.external_id, document.title,
                       f"c{number}")


WRITERS = (Writer("dna-events", "DNA event list (CSV)", (".dna.csv",), write_dna_events, takes_records=True),)
