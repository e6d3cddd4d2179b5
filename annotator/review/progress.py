"""How far review has come: per document, and over the project.

A document's review state is counted from the same alignment the review table shows
(`align.open_regions` groups spans by the rules of `align.align`): its findings, its
disagreements (every finding that is not agreed) and how many of those have no decision
yet. A decision is recorded for a finding's region (start, end), so a disagreement is
decided when its region has one.

A document is adjudicated when its chosen analysts disagree somewhere and every such
disagreement has a decision. Project progress counts documents with disagreements only:
a document where everyone agreed (or nobody coded anything) needs no reviewer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotator.review.align import Key, open_regions


@dataclass(frozen=True)
class DocumentReview:
    """One document's review state for the chosen analysts."""

    findings: int
    disagreements: int
    undecided: int

    @property
    def adjudicated(self) -> bool:
        return self.disagreements > 0 and self.undecided == 0


NOTHING_TO_REVIEW = DocumentReview(0, 0, 0)


def document_review(keys: Sequence[Key], annotators: int, decided: set[tuple[int, int]]) -> DocumentReview:
    """The state of one document from its chosen spans (sorted (start, end, label, annotator)
    keys), the number of chosen analysts, and the regions that have a decision."""
    findings, regions = open_regions(keys, annotators)
    return DocumentReview(findings, len(regions), sum(region not in decided for region in regions))


@dataclass(frozen=True)
class ProjectProgress:
    """Review over the whole project: documents with disagreements, how many of them are
    adjudicated, and the disagreements still to decide in all of them."""

    documents: int = 0
    adjudicated: int = 0
    undecided: int = 0

    def plus(self, state: DocumentReview, sign: int = 1) -> ProjectProgress:
        """This progress with one document's state added (sign 1) or taken away (sign -1)."""
        return ProjectProgress(self.documents + sign * (state.disagreements > 0),
                               self.adjudicated + sign * state.adjudicated,
                               self.undecided + sign * state.undecided)


def project_progress(states: Iterable[DocumentReview]) -> ProjectProgress:
    progress = ProjectProgress()
    for state in states:
        progress = progress.plus(state)
    return progress
