"""The status bar's standing content: the span counts of the open document, and who is annotating."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtWidgets import QStatusBar

from annotator.model import Label
from annotator.ui.plain import plain_label

MESSAGE_MS = 5000   # how long a passing message stays


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


class StatusLine:
    def __init__(self, bar: QStatusBar) -> None:
        self.bar = bar
        self.counts = plain_label(bar)
        self.counts.setObjectName("spanCounts")
        self.analyst = plain_label(bar)
        self.analyst.setObjectName("analystName")
        bar.addWidget(self.counts, 1)
        bar.addPermanentWidget(self.analyst)

    def show_counts(self, documents: int, spans: int, by_label: Mapping[str, int],
                    labels: Sequence[Label]) -> None:
        parts = [plural(spans, "span")] + [f"{label.name} {by_label.get(label.name, 0)}" for label in labels]
        self.counts.setText(f"{plural(documents, 'document')}  ·  " + "  ·  ".join(parts))

    def show_analyst(self, name: str) -> None:
        self.analyst.setText(f"Analyst: {name}")

    def say(self, message: str) -> None:
        self.bar.showMessage(message, MESSAGE_MS)
