"""Agreement figures for a project: picks the documents and layers, then `agreement_report`.

A document counts only where every compared annotator has at least one span on it:
a text one of them never opened would otherwise read as "agreed there is nothing
here" and flatter every figure. The documents left out are listed in the report.
When the compared layers hold claim frames, each document's claims come along (its frames
and its spans' registry links: two reads per document) for the report's Claims section.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

from annotator.progress import Progress, report as report_progress
from annotator.review.agreement import Document, agreement_report
from annotator.review.claim_agreement import claim_units
from annotator.review.figures import AgreementReport
from annotator.review.text_report import report_text, write_csv
from annotator.store import Project


@dataclass(frozen=True)
class ProjectAgreement:
    report: AgreementReport
    left_out: tuple[str, ...]     # external ids of documents not every annotator worked on

    def to_json(self) -> dict:
        data = self.report.to_json()
        data["documents_left_out"] = list(self.left_out)
        return data

    def to_text(self) -> str:
        return report_text(self.report, self.left_out)

    def write_csv(self, out: TextIO) -> None:
        write_csv(self.report, out)


def project_agreement(project: Project, annotators: list[str] | None = None,
                      by_document: bool = True, progress: Progress | None = None) -> ProjectAgreement:
    """Agreement of the chosen annotators (names or ids as typed; default: all but gold) over
    the project, read as a stream: only counts are kept, and per-document figures only if
    `by_document`. `progress` counts documents read; a cancel raises `Cancelled`."""
    chosen = project.layer_ids(annotators or (), all_but_gold=True)
    names = {a.id: a.name for a in project.annotators()}
    left_out: list[str] = []
    with_claims = project.has_claims(chosen)
    total = project.document_count() if progress is not None else 0

    def compared() -> Iterator[Document]:
        wanted = set(chosen)
        for done, (document, spans) in enumerate(project.iter_documents_with_spans(chosen)):
            report_progress(progress, done, total)
            if {s.annotator_id for s in spans} >= wanted:
                claims = None
                if with_claims:
                    claims = claim_units(document.text, spans, project.claims(document.id, chosen),
                                         project.links(document.id))
                yield Document(document.external_id, document.title, document.text, spans, claims)
            else:
                left_out.append(document.external_id)

    report = agreement_report(compared(), chosen, names, by_document=by_document)
    return ProjectAgreement(report, tuple(left_out))
