"""A document with an interview's spans in two layers, for the claims tests of tests/store/."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.model import Document, Record, Span, SpanData
from annotator.store import Project

# Right-to-left, Cyrillic, a ZWJ emoji, CRLF and U+2028 around the span edges.
TEXT = ("\ufeffЗеленський said 👩\u200d👩\u200d👧 the ceasefire must hold.\r\n"
        "أردوغان disagreed:\u2028sanctions first. Moscow 🇷🇺 refused.")


def at(quote: str) -> tuple[int, int]:
    assert TEXT.count(quote) == 1, quote
    start = TEXT.index(quote)
    return start, start + len(quote)


@dataclass
class Interview:
    project: Project
    document_id: int
    ana: str
    bo: str

    def span(self, quote: str, label: str, annotator: str = "Ana") -> Span:
        start, end = at(quote)
        analyst = self.ana if annotator == "Ana" else self.bo
        found = self.project.find_span(self.document_id, start, end, label, analyst)
        assert found is not None, (quote, label, annotator)
        return found


def interview(project: Project) -> Interview:
    """Ana's Claim, Actor and Issue spans, and one Claim span of Bo's, on one document."""
    spans = [SpanData(*at("Зеленський said 👩\u200d👩\u200d👧 the ceasefire must hold."), "Claim", "Ana"),
             SpanData(*at("Зеленський"), "Actor", "Ana"),
             SpanData(*at("ceasefire"), "Issue", "Ana"),
             SpanData(*at("أردوغان disagreed"), "Claim", "Ana"),
             SpanData(*at("أردوغان"), "Actor", "Ana"),
             SpanData(*at("sanctions"), "Issue", "Ana"),
             SpanData(*at("Moscow 🇷🇺 refused."), "Claim", "Bo"),
             SpanData(*at("Moscow"), "Actor", "Bo")]
    project.import_records([Record(Document("talk-1", TEXT, title="Talks"), spans)])
    (info,) = project.documents()
    ana, bo = (project.layer_ids([name])[0] for name in ("Ana", "Bo"))
    return Interview(project, info.id, ana, bo)
