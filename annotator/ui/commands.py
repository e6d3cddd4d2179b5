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
from annotator.model import Comment, Decision, Span

if TYPE_CHECKING:
    from annotator.ui.session import ProjectSession


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


class AddSpanCommand(StoreCommand):
    def __init__(self, session: ProjectSession, document_id: int, start: int, end: int,
                 label: str, preview: str) -> None:
        super().__init__(session, f"Tag “{preview}” as {label}")
        self._args = (document_id, start, end, label)
        self.span: Span | None = None

    def apply(self) -> None:
        if self.span is None:
            self.span = self._session.add_span(*self._args)
        else:
            self.span = self._session.restore_span(self.span)

    def revert(self) -> None:
        self._session.delete_span(self.span.id)


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
                 decision: str, gold: tuple[int, int, str] | None, previous: Decision | None) -> None:
        super().__init__(session, f"Review: {decision}")
        self._document_id = document_id
        self._region = region
        self._decision = decision
        self._gold = gold
        self._previous = previous

    def apply(self) -> None:
        self._session.decide(self._document_id, self._region, self._decision, self._gold)

    def revert(self) -> None:
        previous = self._previous
        if previous is None:
            self._session.undo_decision(self._document_id, self._region)
            return
        gold = previous.gold_span
        self._session.decide(self._document_id, self._region, previous.decision,
                             (gold.start, gold.end, gold.label) if gold else None)


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
