"""Agreement figures for a project: picks the documents and layers, then `agreement_report`.

A document counts only where every compared annotator has at least one span on it:
a text one of them never opened would otherwise read as "agreed there is nothing
here" and flatter every figure. The documents left out are listed in the report.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.review.agreement import agreement_report
from annotator.review.figures import AgreementReport
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
        text = self.report.to_text()
        if self.left_out:
            text += (f"\n\n{len(self.left_out)} documents left out (not every annotator has spans "
                     f"there): {', '.join(self.left_out[:20])}{' …' if len(self.left_out) > 20 else ''}")
        return text


def project_agreement(project: Project, annotators: list[str] | None = None) -> ProjectAgreement:
    """Agreement among the named annotators (names or ids as typed), by default all but gold."""
    chosen = project.layer_ids(annotators or (), all_but_gold=True)
    names = {a.id: a.name for a in project.annotators()}
    documents, left_out = [], []
    for document, spans in project.iter_documents_with_spans(chosen):
        if {s.annotator_id for s in spans} >= set(chosen):
            documents.append((document.external_id, document.text, spans))
        else:
            left_out.append(document.external_id)
    return ProjectAgreement(agreement_report(documents, chosen, names), tuple(left_out))
