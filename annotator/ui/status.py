"""The status bar's standing content: what the open document holds, what the project holds,
and who is annotating, each said as such so that no count passes for another."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtWidgets import QStatusBar

from annotator.model import Label
from annotator.ui.plain import plain_label
from annotator.wording import plural

MESSAGE_MS = 5000   # how long a passing message stays


def document_counts(by_label: Mapping[str, int], gold: int, labels: Sequence[Label]) -> str:
    """"This document: 14 spans (Claim 5 · Actor 6 · Issue 3) · gold 4": the shown analysts'
    spans by label in codebook order, and the gold layer's spans apart from them."""
    spans = sum(by_label.values())
    text = f"This document: {plural(spans, 'span')}"
    if spans:
        text += " (" + " · ".join(f"{label.name} {by_label.get(label.name, 0):,}" for label in labels) + ")"
    if gold:
        text += f" · gold {gold:,}"
    return text


class StatusLine:
    def __init__(self, bar: QStatusBar) -> None:
        self.bar = bar
        self.counts = plain_label(bar)
        self.counts.setObjectName("spanCounts")
        self.project_counts = plain_label(bar)
        self.project_counts.setObjectName("projectCounts")
        self.analyst = plain_label(bar)
        self.analyst.setObjectName("analystName")
        bar.addWidget(self.counts, 1)
        bar.addPermanentWidget(self.project_counts)
        bar.addPermanentWidget(self.analyst)

    def show_counts(self, documents: int, by_label: Mapping[str, int], gold: int,
                    labels: Sequence[Label]) -> None:
        self.counts.setText(document_counts(by_label, gold, labels))
        self.project_counts.setText(f"Project: {plural(documents, 'document')}")

    def show_analyst(self, name: str) -> None:
        self.analyst.setText(f"Analyst: {name}")

    def say(self, message: str) -> None:
        self.bar.showMessage(message, MESSAGE_MS)
