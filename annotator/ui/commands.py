"""Undoable user actions. Each command's redo()/undo() go through the session to the
store, so every step, forward or back, is committed the moment it happens."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from annotator.model import Decision, Span
from annotator.ui.session import ProjectSession


class AddSpanCommand(QUndoCommand):
    def __init__(self, session: ProjectSession, document_id: int, start: int, end: int,
                 label: str, preview: str) -> None:
        super().__init__(f"Tag “{preview}” as {label}")
        self._session = session
        self._args = (document_id, start, end, label)
        self.span: Span | None = None

    def redo(self) -> None:
        if self.span is None:
            self.span = self._session.add_span(*self._args)
        else:
            self.span = self._session.restore_span(self.span)

    def undo(self) -> None:
        assert self.span is not None
        self._session.delete_span(self.span.id)


class DeleteSpanCommand(QUndoCommand):
    def __init__(self, session: ProjectSession, span: Span, preview: str) -> None:
        super().__init__(f"Delete {span.label} “{preview}”")
        self._session = session
        self.span = span

    def redo(self) -> None:
        self.span = self._session.delete_span(self.span.id)

    def undo(self) -> None:
        self.span = self._session.restore_span(self.span)


class RelabelSpanCommand(QUndoCommand):
    def __init__(self, session: ProjectSession, span: Span, label: str, preview: str) -> None:
        super().__init__(f"Relabel “{preview}” {span.label} → {label}")
        self._session = session
        self._span_id = span.id
        self._old, self._new = span.label, label

    def redo(self) -> None:
        self._session.relabel_span(self._span_id, self._new)

    def undo(self) -> None:
        self._session.relabel_span(self._span_id, self._old)


class DecideCommand(QUndoCommand):
    """A review decision on one region; undo puts back whatever decision was there before."""

    def __init__(self, session: ProjectSession, document_id: int, region: tuple[int, int],
                 decision: str, gold: tuple[int, int, str] | None, previous: Decision | None) -> None:
        super().__init__(f"Review: {decision}")
        self._session = session
        self._document_id = document_id
        self._region = region
        self._decision = decision
        self._gold = gold
        self._previous = previous

    def redo(self) -> None:
        self._session.decide(self._document_id, self._region, self._decision, self._gold)

    def undo(self) -> None:
        previous = self._previous
        if previous is None:
            self._session.undo_decision(self._document_id, self._region)
            return
        gold = previous.gold_span
        self._session.decide(self._document_id, self._region, previous.decision,
                             (gold.start, gold.end, gold.label) if gold else None)
