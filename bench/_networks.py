"""The network benchmark's project: 100,000 short news documents with 200,000 claims.

A registry of 300 actors and 60 issues (a third of the actors under a parent), three claim
categories; each document (dated over two years) has two Claim spans by one analyst, each
with a speaker and an issue: an Actor or Issue span (two thirds linked to its entry, the rest
left as text) or a registry entry, stances and categories in turn. Built through
`Project.import_records` (claims travel in `Record`s), deterministically.
"""

from __future__ import annotations

import datetime
import random
from pathlib import Path

DOCUMENTS = 100_000
CLAIMS_PER_DOCUMENT = 2
STANCES = ("support", "oppose", "neutral", "")


def network_project(directory: Path, documents: int = DOCUMENTS) -> tuple[Path, int]:
    """The project (reused if present) and its number of claims."""
    from annotator.model import ACTOR, ISSUE, ClaimData, Document, Record, RefData, SpanData
    from annotator.store import Project

    path = directory / f"network-{documents}.annotator.db"
    claims_total = documents * CLAIMS_PER_DOCUMENT
    if path.exists():
        return path, claims_total
    partial = path.with_suffix(".partial")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    rng = random.Random(7)
    with Project(partial) as project:
        actors = [project.add_entity(ACTOR, f"Actor {n} 🎙").name for n in range(300)]
        issues = [project.add_entity(ISSUE, f"Issue {n}").name for n in range(60)]
        parents = [project.add_entity(ACTOR, f"Party {n}").id for n in range(10)]
        for n, entity in enumerate(project.entities(ACTOR)[:100]):
            if entity.id not in parents:
                project.update_entity(entity.id, parent_id=parents[n % len(parents)])
        for code in ("101", "102", "201"):
            project.add_claim_category(code, f"Category {code}")
        first_day = datetime.date(2024, 1, 1)

        def records():
            n = 0
            for number in range(documents):
                parts, spans, claims, links = [], [], [], {}
                length = 0
                for _ in range(CLAIMS_PER_DOCUMENT):
                    actor, issue = rng.choice(actors), rng.choice(issues)
                    sentence = f"{actor} spoke about {issue} at length. "
                    actor_at = length + sentence.index(actor)
                    issue_at = length + sentence.index(issue)
                    claim_index = len(spans)
                    spans.append(SpanData(length, length + len(sentence) - 1, "Claim", "Ben"))
                    speakers, topics = (), ()
                    if n % 3:
                        spans.append(SpanData(actor_at, actor_at + len(actor), "Actor", "Ben"))
                        speakers = (RefData(span=len(spans) - 1),)
                        if n % 3 == 1:
                            links[len(spans) - 1] = actor
                    else:
                        speakers = (RefData(entity=actor),)
                    if n % 2:
                        spans.append(SpanData(issue_at, issue_at + len(issue), "Issue", "Ben"))
                        topics = (RefData(span=len(spans) - 1),)
                        links[len(spans) - 1] = issue
                    else:
                        topics = (RefData(entity=issue),)
                    claims.append(ClaimData(span=claim_index, annotator="Ben", speakers=speakers, issues=topics,
                                            stance=STANCES[n % 4], category=("101", "102", "201", "")[n % 4]))
                    parts.append(sentence)
                    length += len(sentence)
                    n += 1
                date = (first_day + datetime.timedelta(days=number % 730)).isoformat()
                yield Record(Document(f"news-{number}", "".join(parts), title=f"News {number}", date=date),
                             spans, claims=claims, links=links)

        report = project.import_records(records())
        assert report.claims_added == claims_total, report
        project.checkpoint()
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    partial.rename(path)
    return path, claims_total
