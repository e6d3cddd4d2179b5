"""The window's one way to change the project: a thin Qt adapter over the store.

Every write the window makes (tagging, review decisions, comments, the codebook,
renaming the analyst, imports and merges) calls `Project` here and then emits what
changed: ids and model objects, never widgets. The text view, the span list, the
document list and the status bar refresh themselves from these signals, so work
done by anything else that writes through a session (a background job, later) shows
up the same way. The store commits before a method returns; a signal only ever
reports what is already on disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Mapping

from PySide6.QtCore import QObject, Signal

from annotator import transfer
from annotator.model import Annotator, Comment, Decision, Label, Span
from annotator.store import ImportReport, Project


class ProjectSession(QObject):
    """The open project, the analyst working on it, and change notifications."""

    span_added = Signal(object)             # Span
    span_removed = Signal(object)           # Span
    span_updated = Signal(object, object)   # old Span, new Span
    spans_reset = Signal()                  # many spans changed at once (import, merge)
    documents_changed = Signal()            # documents were added (import, merge)
    annotators_changed = Signal()           # an analyst was added or renamed
    analyst_changed = Signal(object)        # Annotator: the analyst working here was renamed
    review_changed = Signal(int)            # document id: gold layer, decisions or comments changed
    decision_changed = Signal(int, object, object)  # document id, region (start, end), Decision | None
    labels_changed = Signal()               # the codebook changed (spans may have been hidden or shown)
    error = Signal(str)                     # a change the store refused; nothing was written
    step_refused = Signal(str)              # "undo" or "redo" the store refused; history must step back

    def __init__(self, project: Project, analyst: Annotator, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.analyst = analyst

    # -- spans ---------------------------------------------------------------------------

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

    # -- bringing work in ----------------------------------------------------------------

    def import_files(self, paths: Iterable[str | Path], options: Mapping[str, Any] | None = None) -> ImportReport:
        """Imports files in one transaction (all or nothing); spans without an analyst
        become this analyst's. `options` go to the readers (see `transfer.import_into`)."""
        report = transfer.import_into(self.project, paths, self.analyst.name, options)
        self._many_changed()
        return report

    def merge_project(self, path: str | Path) -> ImportReport:
        report = self.project.merge_project(path)
        self._many_changed()
        return report

    def _many_changed(self) -> None:
        self.documents_changed.emit()
        self.annotators_changed.emit()
        self.spans_reset.emit()

    # -- the analyst ---------------------------------------------------------------------

    def rename_analyst(self, name: str) -> Annotator:
        """A new name for the analyst working here; their id, and so their spans, stay."""
        self.analyst = self.project.rename_annotator(self.analyst.id, name)
        self.analyst_changed.emit(self.analyst)
        self.annotators_changed.emit()
        return self.analyst

    def ensure_gold_layer(self) -> Annotator:
        """The gold layer's annotator, created (and announced) the first time review needs it."""
        known = {a.id for a in self.project.annotators()}
        gold = self.project.gold_annotator()
        if gold.id not in known:
            self.annotators_changed.emit()
        return gold

    # -- review --------------------------------------------------------------------------

    def decide(self, document_id: int, region: tuple[int, int], decision: str,
               gold: tuple[int, int, str] | None = None) -> Decision:
        """Records a decision; the gold span it replaces and the one it makes are announced like
        any span (`span_removed`, `span_added`), so the text shows them without a reload."""
        before = self.project.decision_at(document_id, region)
        result = self.project.decide(document_id, region, decision, self.analyst.id, gold)
        self._gold_replaced(before, result)
        self.decision_changed.emit(document_id, region, result)
        self.review_changed.emit(document_id)
        return result

    def undo_decision(self, document_id: int, region: tuple[int, int]) -> None:
        before = self.project.decision_at(document_id, region)
        self.project.undo_decision(document_id, region)
        self._gold_replaced(before, None)
        self.decision_changed.emit(document_id, region, None)
        self.review_changed.emit(document_id)

    def _gold_replaced(self, before: Decision | None, after: Decision | None) -> None:
        old = before.gold_span if before is not None else None
        new = after.gold_span if after is not None else None
        if old is not None and (new is None or new.id != old.id):
            self.span_removed.emit(old)
        if new is not None and (old is None or new.id != old.id):
            self.span_added.emit(new)

    def add_comment(self, span: Span, text: str) -> Comment:
        comment = self.project.add_comment(span.id, self.analyst.id, text)
        self.review_changed.emit(span.document_id)
        return comment

    def delete_comment(self, comment: Comment, document_id: int) -> Comment:
        deleted = self.project.delete_comment(comment.id)
        self.review_changed.emit(document_id)
        return deleted

    def restore_comment(self, comment: Comment, document_id: int) -> Comment:
        restored = self.project.restore_comment(comment)
        self.review_changed.emit(document_id)
        return restored

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
