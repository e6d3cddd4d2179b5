"""A thin Qt adapter over the store: the window's only way to change the project.

It calls `Project` and then emits what changed (ids and spans, never widgets), so
the text view, the span list and the status bar refresh themselves.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from annotator.model import Annotator, Comment, Decision, Label, Span
from annotator.store import Project


class ProjectSession(QObject):
    """The open project, the analyst working on it, and change notifications."""

    span_added = Signal(object)             # Span
    span_removed = Signal(object)           # Span
    span_updated = Signal(object, object)   # old Span, new Span
    spans_reset = Signal()                  # many spans changed (import, merge)
    documents_changed = Signal()
    review_changed = Signal(int)            # document id: gold layer, decisions or comments changed
    error = Signal(str)                     # a change the store refused; nothing was written
    step_refused = Signal(str)              # "undo" or "redo" the store refused; history must step back
    labels_changed = Signal()               # the codebook changed (spans may have been hidden or shown)

    def __init__(self, project: Project, analyst: Annotator, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.analyst = analyst

    def add_span(self, document_id: int, start: int, end: int, label: str,
                 annotator_id: str | None = None) -> Span:
        span = self.project.add_span(document_id, start, end, label, annotator_id or self.analyst.id)
        self.span_added.emit(span)
        return span

    def restore_span(self, span: Span) -> Span:
        restored = self.project.restore_span(span)
        self.span_added.emit(restored)
        return restored

    def delete_span(self, span_id: int) -> Span:
        span = self.project.delete_span(span_id)
        self.span_removed.emit(span)
        return span

    def relabel_span(self, span_id: int, label: str) -> Span:
        old = self.project.span(span_id)
        new = self.project.relabel_span(span_id, label)
        self.span_updated.emit(old, new)
        return new

    # -- review --------------------------------------------------------------------------

    def decide(self, document_id: int, region: tuple[int, int], decision: str,
               gold: tuple[int, int, str] | None = None) -> Decision:
        result = self.project.decide(document_id, region, decision, self.analyst.id, gold)
        self.review_changed.emit(document_id)
        return result

    def undo_decision(self, document_id: int, region: tuple[int, int]) -> None:
        self.project.undo_decision(document_id, region)
        self.review_changed.emit(document_id)

    def add_comment(self, span: Span, text: str) -> Comment:
        comment = self.project.add_comment(span.id, self.analyst.id, text)
        self.review_changed.emit(span.document_id)
        return comment

    # -- codebook ------------------------------------------------------------------------

    def add_label(self, label: Label) -> Label:
        added = self.project.add_label(label)
        self.labels_changed.emit()
        return added

    def update_label(self, name: str, **changes: str) -> Label:
        updated = self.project.update_label(name, **changes)
        self.labels_changed.emit()
        return updated

    def delete_label(self, name: str) -> Label:
        deleted = self.project.delete_label(name)
        self.labels_changed.emit()
        return deleted

    def restore_label(self, name: str) -> Label:
        restored = self.project.restore_label(name)
        self.labels_changed.emit()
        return restored
