"""Undoable user actions. Each command's redo()/undo() go through the session to the
store, so every step, forward or back, is committed the moment it happens.

If the store refuses a step (the project is busy in another process, the file became
read-only, the disk is full), nothing was written: the command reports the reason
through `session.error` and marks itself obsolete, so the undo history never claims
something the project file does not hold.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtGui import QUndoCommand

from annotator.errors import AnnotatorError
from annotator.model import ClaimFrame, Comment, Decision, Entity, Ref, Span

if TYPE_CHECKING:
    from annotator.ui.session import ProjectSession, Runner


class StoreCommand(QUndoCommand):
    def __init__(self, session: ProjectSession, text: str) -> None:
        super().__init__(text)
        self._session = session
        self.error: str | None = None
        self._applied_once = False
        self._skip_next = False

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        if self._skip_next:           # the stack stepping back over a refused undo
            self._skip_next = False
            return
        self._guarded(self.apply, "redo")

    def undo(self) -> None:
        if self._skip_next:           # the stack stepping back over a refused redo
            self._skip_next = False
            return
        self._guarded(self.revert, "undo")

    def _guarded(self, step: Callable[[], None], direction: str) -> None:
        try:
            step()
            self.error = None
            self._applied_once = True
        except (AnnotatorError, ValueError, KeyError) as exc:
            self.error = str(exc)
            if not self._applied_once:
                # A new action the store refused: it never happened, so it leaves no history.
                self.setObsolete(True)
            else:
                # A refused undo or redo: the stack has already moved; step it back (without
                # touching the store) so that the same Ctrl+Z or Ctrl+Shift+Z can be retried.
                self._skip_next = True
                self._session.step_refused.emit(direction)
            self._session.error.emit(self.error)


FRAMES_NEW_SPAN = 1   # QUndoCommand.id() of a tag and of the frame that its Claim span gets at once


class AddSpanCommand(StoreCommand):
    """Tags a stretch of text. A `CreateClaimCommand` for the new span pushed right after it
    merges into it (`mergeWith`): pressing the Claim key makes span and frame, and one Ctrl+Z
    takes both back (the frame first, then the span), one redo brings both."""

    def __init__(self, session: ProjectSession, document_id: int, start: int, end: int,
                 label: str, preview: str) -> None:
        super().__init__(session, f"Tag “{preview}” as {label}")
        self._args = (document_id, start, end, label)
        self.span: Span | None = None
        self._frame: ClaimFrame | None = None   # the frame merged into this step, if any

    def id(self) -> int:
        return FRAMES_NEW_SPAN

    def mergeWith(self, other: QUndoCommand) -> bool:
        # Qt deletes `other` once merged: keep its frame, not the command.
        if (self._frame is None and isinstance(other, CreateClaimCommand) and other.joins_tag
                and self.span is not None and other.span_id == self.span.id and other.frame is not None):
            self._frame = other.frame
            return True
        return False

    def apply(self) -> None:
        if self.span is None:
            self.span = self._session.add_span(*self._args)
        else:
            self.span = self._session.restore_span(self.span)
            if self._frame is not None:
                self._frame = self._session.restore_claim(self._frame)

    def revert(self) -> None:
        if self._frame is not None:
            self._frame = self._session.delete_claim(self._frame.id)
        self._session.delete_span(self.span.id)


class TagAllCommand(StoreCommand):
    """Tags many places at once (tag everywhere), each linked to `entity_id` if given: one
    step, whose undo removes exactly the spans it added and whose redo puts them back under
    the same ids."""

    def __init__(self, session: ProjectSession, label: str, places: list[tuple[int, int, int]],
                 entity_id: str | None, text: str, run: Runner | None = None) -> None:
        super().__init__(session, text)
        self._label, self._places, self._entity_id = label, places, entity_id
        self._run = run   # each step's writing runs through it (in the background), if given
        self.spans: list[Span] | None = None

    def apply(self) -> None:
        if self.spans is None:
            self.spans = self._session.add_spans(self._label, self._places, self._entity_id, run=self._run)
        else:
            self.spans = self._session.add_spans(
                self._label, [(s.document_id, s.start, s.end) for s in self.spans], self._entity_id,
                span_ids=[s.id for s in self.spans], run=self._run)

    def revert(self) -> None:
        self._session.remove_spans(self.spans, run=self._run)


class DeleteSpanCommand(StoreCommand):
    def __init__(self, session: ProjectSession, span: Span, preview: str) -> None:
        super().__init__(session, f"Delete {span.label} “{preview}”")
        self.span = span

    def apply(self) -> None:
        self.span = self._session.delete_span(self.span.id)

    def revert(self) -> None:
        self.span = self._session.restore_span(self.span)


class RelabelSpanCommand(StoreCommand):
    def __init__(self, session: ProjectSession, span: Span, label: str, preview: str) -> None:
        super().__init__(session, f"Relabel “{preview}” {span.label} → {label}")
        self._span_id = span.id
        self._old, self._new = span.label, label

    def apply(self) -> None:
        self._session.relabel_span(self._span_id, self._new)

    def revert(self) -> None:
        self._session.relabel_span(self._span_id, self._old)


class FunctionCommand(StoreCommand):
    """A change given as a pair of functions: do it, and take it back (codebook edits)."""

    def __init__(self, session: ProjectSession, text: str, do: Callable[[], object],
                 undo: Callable[[], object]) -> None:
        super().__init__(session, text)
        self._do, self._undo = do, undo

    def apply(self) -> None:
        self._do()

    def revert(self) -> None:
        self._undo()


class DecideCommand(StoreCommand):
    """A review decision on one region; undo puts back whatever decision was there before."""

    def __init__(self, session: ProjectSession, document_id: int, region: tuple[int, int],
                 decision: str, gold: tuple[int, int, str] | None, previous: Decision | None,
                 gold_frame: ClaimFrame | None = None) -> None:
        super().__init__(session, f"Review: {decision}")
        self._document_id = document_id
        self._region = region
        self._decision = decision
        self._gold = gold
        self._gold_frame = gold_frame
        self._previous = previous
        # The frame on the previous decision's gold span: undo puts it back (same id) on the
        # gold span made again (whose id is new).
        gold_span = previous.gold_span if previous is not None else None
        self._previous_frame = None if gold_span is None else session.project.claim_for_span(gold_span.id)

    def apply(self) -> None:
        self._session.decide(self._document_id, self._region, self._decision, self._gold, self._gold_frame)

    def revert(self) -> None:
        previous = self._previous
        if previous is None:
            self._session.undo_decision(self._document_id, self._region)
            return
        gold = previous.gold_span
        self._session.decide(self._document_id, self._region, previous.decision,
                             (gold.start, gold.end, gold.label) if gold else None, self._previous_frame)


class CommentCommand(StoreCommand):
    """A reviewer's comment on a span; undo takes it back, redo puts the same comment back."""

    def __init__(self, session: ProjectSession, span: Span, text: str) -> None:
        super().__init__(session, f"Comment on {span.label}")
        self._span = span
        self._text = text
        self.comment: Comment | None = None

    def apply(self) -> None:
        if self.comment is None:
            self.comment = self._session.add_comment(self._span, self._text)
        else:
            self.comment = self._session.restore_comment(self.comment, self._span.document_id)

    def revert(self) -> None:
        self._session.delete_comment(self.comment, self._span.document_id)


# -- claims --------------------------------------------------------------------------------

class CreateClaimCommand(StoreCommand):
    """A Claim span's frame; undo removes it, redo puts the same frame (same id) back."""

    def __init__(self, session: ProjectSession, span: Span, *, speakers: tuple[Ref, ...] = (),
                 issues: tuple[Ref, ...] = (), stance: str = "", category: str = "", note: str = "") -> None:
        super().__init__(session, "Frame claim")
        self.span_id = span.id
        self._fields = {"speakers": speakers, "issues": issues, "stance": stance, "category": category,
                        "note": note}
        self.frame: ClaimFrame | None = None
        self.joins_tag = False   # True: made with its Claim span by the tag key, undone with it

    def apply(self) -> None:
        if self.frame is None:
            self.frame = self._session.create_claim(self.span_id, **self._fields)
        else:
            self.frame = self._session.restore_claim(self.frame)

    def revert(self) -> None:
        self._session.delete_claim(self.frame.id)

    def id(self) -> int:
        return FRAMES_NEW_SPAN

    def mergeWith(self, other: QUndoCommand) -> bool:
        return False


CLAIM_FIELDS = ("speakers", "issues", "stance", "category", "note")


class UpdateClaimCommand(StoreCommand):
    """Changes some fields of a frame; undo sets those fields back, and only those (a reference
    to a span deleted meanwhile is left alone unless the references were what changed)."""

    def __init__(self, session: ProjectSession, frame: ClaimFrame, **changes: object) -> None:
        unknown = set(changes) - set(CLAIM_FIELDS)
        if unknown:
            raise TypeError(f"a frame has no field {sorted(unknown)[0]!r}")
        super().__init__(session, f"Change claim {', '.join(changes)}")
        self._id = frame.id
        self._new = changes
        self._old = {key: getattr(frame, key) for key in changes}

    def apply(self) -> None:
        self._session.update_claim(self._id, **self._new)

    def revert(self) -> None:
        self._session.update_claim(self._id, **self._old)


class DeleteClaimCommand(StoreCommand):
    """Removes a frame (its Claim span stays); undo restores it exactly."""

    def __init__(self, session: ProjectSession, frame: ClaimFrame) -> None:
        super().__init__(session, "Delete claim frame")
        self.frame = frame

    def apply(self) -> None:
        self.frame = self._session.delete_claim(self.frame.id)

    def revert(self) -> None:
        self.frame = self._session.restore_claim(self.frame)


class DefaultSpeakerCommand(StoreCommand):
    """Sets (or with `entity_id` None clears) the default speaker of a document or a passage;
    undo puts back the one there was."""

    def __init__(self, session: ProjectSession, document_id: int, entity_id: str | None,
                 passage: tuple[int, int] | None = None) -> None:
        super().__init__(session, "Clear default speaker" if entity_id is None else "Set default speaker")
        self._document_id, self._entity_id, self._passage = document_id, entity_id, passage
        self._previous: str | None = None

    def apply(self) -> None:
        self._previous = self._set(self._entity_id)

    def revert(self) -> None:
        self._set(self._previous)

    def _set(self, entity_id: str | None) -> str | None:
        if entity_id is None:
            previous = self._session.clear_default_speaker(self._document_id, self._passage)
        else:
            previous = self._session.set_default_speaker(self._document_id, entity_id, self._passage)
        return None if previous is None else previous.entity_id


# -- the registry --------------------------------------------------------------------------

class AddEntityCommand(StoreCommand):
    """A new registry entry; undo retires it (nothing is destroyed), redo brings it back."""

    def __init__(self, session: ProjectSession, kind: str, name: str, **fields: object) -> None:
        super().__init__(session, f"Add {kind} “{name}”")
        self._args = (kind, name)
        self._fields = fields
        self.entity: Entity | None = None

    def apply(self) -> None:
        if self.entity is None:
            self.entity = self._session.add_entity(*self._args, **self._fields)
        else:
            self.entity = self._session.restore_entity(self.entity.id)

    def revert(self) -> None:
        self._session.retire_entity(self.entity.id)


ENTITY_FIELDS = ("name", "kind", "aliases", "external_id", "parent_id")


class UpdateEntityCommand(StoreCommand):
    """Renames an entry or sets its kind, aliases, external id or parent; undo sets back what
    was changed."""

    def __init__(self, session: ProjectSession, entity: Entity, **changes: object) -> None:
        unknown = set(changes) - set(ENTITY_FIELDS)
        if unknown:
            raise TypeError(f"a registry entry has no field {sorted(unknown)[0]!r}")
        what = f"Rename “{entity.name}” → “{changes['name']}”" if set(changes) == {"name"} \
            else f"Change {', '.join(changes)} of “{entity.name}”"
        super().__init__(session, what)
        self._id = entity.id
        self._new = changes
        self._old = {key: getattr(entity, key) for key in changes}

    def apply(self) -> None:
        self._session.update_entity(self._id, **self._new)

    def revert(self) -> None:
        self._session.update_entity(self._id, **self._old)


class MergeEntitiesCommand(StoreCommand):
    """Merges one entry into another ("Moscow" into "Russia"); undo unmerges, exactly."""

    def __init__(self, session: ProjectSession, source: Entity, target: Entity) -> None:
        super().__init__(session, f"Merge “{source.name}” into “{target.name}”")
        self._source, self._target = source.id, target.id

    def apply(self) -> None:
        self._session.merge_entities(self._source, self._target)

    def revert(self) -> None:
        self._session.unmerge_entity(self._source)


class RetireEntityCommand(StoreCommand):
    def __init__(self, session: ProjectSession, entity: Entity) -> None:
        super().__init__(session, f"Retire “{entity.name}”")
        self._id = entity.id

    def apply(self) -> None:
        self._session.retire_entity(self._id)

    def revert(self) -> None:
        self._session.restore_entity(self._id)


class LinkSpanCommand(StoreCommand):
    """Links a span to a registry entry, or with `entity_id` None unlinks it; undo puts back
    the link it had (or none)."""

    def __init__(self, session: ProjectSession, span: Span, entity_id: str | None, preview: str = "") -> None:
        super().__init__(session, f"Unlink “{preview}”" if entity_id is None else f"Link “{preview}”")
        self._span, self._entity_id = span, entity_id
        self._previous: str | None = None

    def apply(self) -> None:
        self._previous = self._link(self._entity_id)

    def revert(self) -> None:
        self._link(self._previous)

    def _link(self, entity_id: str | None) -> str | None:
        if entity_id is None:
            return self._session.unlink_span(self._span)
        return self._session.link_span(self._span, entity_id)
