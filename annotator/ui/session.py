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
from typing import Any, Callable, Iterable, Mapping, Sequence, TypeVar

from PySide6.QtCore import QObject, Signal

from annotator import transfer
from annotator.model import (
    Annotator,
    ClaimCategory,
    ClaimFrame,
    Comment,
    Decision,
    DefaultSpeaker,
    Entity,
    Label,
    Ref,
    Span,
    SuggestPattern,
)
from annotator.progress import Progress
from annotator.store import CodebookReport, ImportReport, Project

T = TypeVar("T")
# Runs `work(project, progress)` on a connection of its own to the same file (a background
# job, `ui/jobs.py`) and returns its result; see `ProjectSession.import_files`.
Runner = Callable[[Callable[[Project, Progress], T]], T]


class ProjectSession(QObject):
    """The open project, the analyst working on it, and change notifications."""

    span_added = Signal(object)             # Span
    span_removed = Signal(object)           # Span
    span_updated = Signal(object, object)   # old Span, new Span
    spans_reset = Signal()                  # many spans changed at once (import, merge)
    span_counts_changed = Signal(object)    # {document id: spans added (or removed, < 0)}, before spans_reset
    documents_changed = Signal()            # documents were added (import, merge)
    annotators_changed = Signal()           # an analyst was added or renamed
    analyst_changed = Signal(object)        # Annotator: the analyst working here was renamed
    review_changed = Signal(int)            # document id: gold layer, decisions or comments changed
    decision_changed = Signal(int, object, object)  # document id, region (start, end), Decision | None
    labels_changed = Signal()               # the codebook changed (spans may have been hidden or shown)
    claims_changed = Signal(int)            # document id: claim frames changed (or a span they hang on)
    links_changed = Signal(int)             # document id: links of its spans to the registry changed
    default_speakers_changed = Signal(int)  # document id: its (or a passage's) default speaker changed
    registry_changed = Signal()             # entries added, renamed, merged, retired: names may read anew
    claim_categories_changed = Signal()     # the codebook's claim categories changed
    claims_reset = Signal()                 # frames and links of many documents changed (import, merge)
    suggestions_changed = Signal(object)    # document id whose suggestions changed, or None: many (a run)
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
        self._claims_follow_span(restored)
        return restored

    def delete_span(self, span_id: int) -> Span:
        span = self.project.delete_span(span_id)
        self.span_removed.emit(span)
        self._claims_follow_span(span)
        return span

    def _claims_follow_span(self, span: Span) -> None:
        """A span's frames and link leave with it and come back with it (same id): say so."""
        if self.project.span_is_in_claims(span.id):
            self.claims_changed.emit(span.document_id)
        if self.project.span_entity(span.id) is not None:
            self.links_changed.emit(span.document_id)

    def add_spans(self, label: str, places: Sequence[tuple[int, int, int]], entity_id: str | None = None,
                  span_ids: Sequence[int] | None = None, run: Runner | None = None) -> list[Span]:
        """Tags many places ((document id, start, end)) in the analyst's layer at once, each
        linked to `entity_id` if given, in one transaction (see `Project.add_spans`); through
        `run` (in the background) if given, as `import_files`."""
        analyst = self.analyst.id
        spans = self._bring_in(lambda project, progress: project.add_spans(
            label, analyst, places, entity_id=entity_id, span_ids=span_ids, progress=progress), run)
        self._many_spans_changed(spans, 1, entity_id is not None)
        return spans

    def remove_spans(self, spans: Sequence[Span], run: Runner | None = None) -> int:
        """Takes back what `add_spans` added (and their links), in one transaction."""
        ids = [span.id for span in spans]
        removed = self._bring_in(lambda project, progress: project.remove_spans(ids, progress), run)
        self._many_spans_changed(spans, -1, True)
        return removed

    def _many_spans_changed(self, spans: Sequence[Span], sign: int, links_too: bool) -> None:
        counts: dict[int, int] = {}
        for span in spans:
            counts[span.document_id] = counts.get(span.document_id, 0) + sign
        self.span_counts_changed.emit(counts)
        self.spans_reset.emit()
        if links_too:
            self.claims_reset.emit()

    def relabel_span(self, span_id: int, label: str) -> Span:
        old = self.project.span(span_id)
        new = self.project.relabel_span(span_id, label)
        self.span_updated.emit(old, new)
        return new

    # -- bringing work in ----------------------------------------------------------------

    def import_files(self, paths: Iterable[str | Path], options: Mapping[str, Any] | None = None,
                     run: Runner | None = None) -> ImportReport:
        """Imports files in one transaction (all or nothing); spans without an analyst
        become this analyst's. `options` go to the readers (see `transfer.import_into`).
        With `run`, the import runs through it (in the background, cancellable) on another
        connection; the signals follow its commit all the same."""
        paths = list(paths)
        report = self._bring_in(lambda project, progress: transfer.import_into(
            project, paths, self.analyst.name, options, progress), run)
        self._many_changed()
        return report

    def merge_project(self, path: str | Path, run: Runner | None = None) -> ImportReport:
        report = self._bring_in(lambda project, progress: project.merge_project(path, progress), run)
        self._many_changed()
        return report

    def _bring_in(self, work: Callable[[Project, Progress | None], T], run: Runner | None) -> T:
        if run is None:
            return work(self.project, None)
        result = run(work)
        self.project.forget_derived()  # another connection wrote
        return result

    def _many_changed(self) -> None:
        self.documents_changed.emit()
        self.annotators_changed.emit()
        self.spans_reset.emit()
        self.registry_changed.emit()
        self.claim_categories_changed.emit()
        self.claims_reset.emit()

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
               gold: tuple[int, int, str] | None = None, gold_frame: ClaimFrame | None = None) -> Decision:
        """Records a decision (with the frame an accepted claim takes into gold); the gold span it
        replaces and the one it makes are announced like any span (`span_removed`,
        `span_added`), so the text shows them without a reload."""
        before = self.project.decision_at(document_id, region)
        framed_before = before is not None and before.gold_span is not None and \
            self.project.claim_for_span(before.gold_span.id) is not None
        result = self.project.decide(document_id, region, decision, self.analyst.id, gold, gold_frame)
        self._gold_replaced(before, result)
        if gold_frame is not None or framed_before:
            self.claims_changed.emit(document_id)
        self.decision_changed.emit(document_id, region, result)
        self.review_changed.emit(document_id)
        return result

    def undo_decision(self, document_id: int, region: tuple[int, int]) -> None:
        before = self.project.decision_at(document_id, region)
        framed_before = before is not None and before.gold_span is not None and \
            self.project.claim_for_span(before.gold_span.id) is not None
        self.project.undo_decision(document_id, region)
        self._gold_replaced(before, None)
        if framed_before:
            self.claims_changed.emit(document_id)
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

    def import_codebook(self, path: str | Path) -> CodebookReport:
        """Merges a team's codebook file in (labels, claim categories, registry), all or nothing."""
        report = transfer.import_codebook_into(self.project, path)
        self.labels_changed.emit()
        self.claim_categories_changed.emit()
        self.registry_changed.emit()
        return report

    # -- claims --------------------------------------------------------------------------

    def create_claim(self, span_id: int, *, speakers: Sequence[Ref] = (), issues: Sequence[Ref] = (),
                     stance: str = "", category: str = "", note: str = "") -> ClaimFrame:
        """Gives a Claim span its frame, in the span's layer (see `Project.create_claim`)."""
        frame = self.project.create_claim(span_id, speakers=speakers, issues=issues, stance=stance,
                                          category=category, note=note)
        self.claims_changed.emit(frame.document_id)
        return frame

    def update_claim(self, claim_id: str, **changes: object) -> ClaimFrame:
        """Changes some of a frame's fields: speakers, issues, stance, category, note."""
        frame = self.project.update_claim(claim_id, **changes)
        self.claims_changed.emit(frame.document_id)
        return frame

    def delete_claim(self, claim_id: str) -> ClaimFrame:
        frame = self.project.delete_claim(claim_id)
        self.claims_changed.emit(frame.document_id)
        return frame

    def restore_claim(self, frame: ClaimFrame) -> ClaimFrame:
        restored = self.project.restore_claim(frame)
        self.claims_changed.emit(restored.document_id)
        return restored

    def set_default_speaker(self, document_id: int, entity_id: str,
                            passage: tuple[int, int] | None = None) -> DefaultSpeaker | None:
        previous = self.project.set_default_speaker(document_id, entity_id, passage)
        self.default_speakers_changed.emit(document_id)
        return previous

    def clear_default_speaker(self, document_id: int,
                              passage: tuple[int, int] | None = None) -> DefaultSpeaker | None:
        previous = self.project.clear_default_speaker(document_id, passage)
        self.default_speakers_changed.emit(document_id)
        return previous

    def add_claim_category(self, code: str, name: str = "", parent_code: str = "") -> ClaimCategory:
        category = self.project.add_claim_category(code, name, parent_code)
        self.claim_categories_changed.emit()
        return category

    def update_claim_category(self, code: str, **changes: str) -> ClaimCategory:
        category = self.project.update_claim_category(code, **changes)
        self.claim_categories_changed.emit()
        return category

    # -- the registry and links to it ----------------------------------------------------

    def add_entity(self, kind: str, name: str, **fields: object) -> Entity:
        """A new registry entry (aliases, external_id, parent_id as `Project.add_entity` takes)."""
        entity = self.project.add_entity(kind, name, **fields)
        self.registry_changed.emit()
        return entity

    def update_entity(self, entity_id: str, **changes: object) -> Entity:
        """Renames an entry or sets its kind, aliases, external id or parent (see
        `Project.update_entity`); everything that uses it follows, as it refers by id."""
        entity = self.project.update_entity(entity_id, **changes)
        self.registry_changed.emit()
        return entity

    def merge_entities(self, source_id: str, target_id: str) -> Entity:
        entity = self.project.merge_entities(source_id, target_id)
        self.registry_changed.emit()
        return entity

    def unmerge_entity(self, source_id: str) -> Entity:
        entity = self.project.unmerge_entity(source_id)
        self.registry_changed.emit()
        return entity

    def retire_entity(self, entity_id: str) -> Entity:
        entity = self.project.retire_entity(entity_id)
        self.registry_changed.emit()
        return entity

    def restore_entity(self, entity_id: str) -> Entity:
        entity = self.project.restore_entity(entity_id)
        self.registry_changed.emit()
        return entity

    def link_span(self, span: Span, entity_id: str) -> str | None:
        """Links a span to an entry; returns the entry it was linked to before (None)."""
        previous = self.project.link_span(span.id, entity_id)
        self.links_changed.emit(span.document_id)
        return previous

    def unlink_span(self, span: Span) -> str | None:
        previous = self.project.unlink_span(span.id)
        self.links_changed.emit(span.document_id)
        return previous

    # -- suggestions (a layer of their own until accepted) -------------------------------

    def accept_suggestions(self, document_id: int, ids: Sequence[int]) -> list[int]:
        """Copies suggestions into the analyst's layer (linked when they name an entry); returns
        the new spans' ids, which `unaccept_suggestions` takes to undo it."""
        span_ids = self.project.accept_suggestions(ids, self.analyst.id)
        self._suggested_spans_changed(document_id, [self.project.span(span_id) for span_id in span_ids], 1)
        return span_ids

    def unaccept_suggestions(self, document_id: int, ids: Sequence[int], span_ids: Sequence[int]) -> None:
        spans = [self.project.span(span_id) for span_id in span_ids]
        self.project.unaccept_suggestions(ids, span_ids, self.analyst.id)
        self._suggested_spans_changed(document_id, spans, -1)

    def _suggested_spans_changed(self, document_id: int, spans: Sequence[Span], sign: int) -> None:
        """One span (A) is announced as a keystroke's is; many (Shift+A) at once, as tag
        everywhere's are, rather than one repaint of the text and the span list each."""
        if len(spans) == 1:
            (self.span_added if sign > 0 else self.span_removed).emit(spans[0])
        elif spans:
            self._many_spans_changed(spans, sign, links_too=False)
        if spans:
            self.links_changed.emit(document_id)
        self.suggestions_changed.emit(document_id)

    def reject_suggestions(self, document_id: int, ids: Sequence[int]) -> None:
        self.project.reject_suggestions(ids, self.analyst.id)
        self.suggestions_changed.emit(document_id)

    def unreject_suggestions(self, document_id: int, ids: Sequence[int]) -> None:
        self.project.unreject_suggestions(ids, self.analyst.id)
        self.suggestions_changed.emit(document_id)

    def set_suggest_codebook(self, patterns: Sequence[SuggestPattern], model_labels: Mapping[str, str]) -> None:
        """The codebook's suggestion patterns and a pipeline's label mapping, both at once."""
        self.project.set_suggest_patterns(patterns)
        self.project.set_model_labels(dict(model_labels))

    def suggest(self, work: Callable[[Project, Progress | None], T], run: Runner | None = None) -> T:
        """Runs a suggester (`annotator.suggest.suggest` over `work`), through `run` in the
        background if given; its suggestions are committed batch by batch on its connection."""
        try:
            return self._bring_in(work, run)
        finally:
            self.suggestions_changed.emit(None)
