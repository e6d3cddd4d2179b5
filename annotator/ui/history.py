"""The undo history of one window: every undoable change is pushed here as a command.

A command's redo() and undo() write through the session, so each step, forward or back,
is on disk before the screen shows it. If the store refuses an undo or a redo (the
project is busy in another process, the file became read-only), the stack steps back
to where it was, so the same Ctrl+Z can be tried again.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack

if TYPE_CHECKING:
    from annotator.ui.session import ProjectSession


class History(QObject):
    def __init__(self, session: ProjectSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stack = QUndoStack(self)
        self._refused: str | None = None
        session.step_refused.connect(self._step_refused)

    def push(self, command: QUndoCommand) -> None:
        self.stack.push(command)

    @contextmanager
    def macro(self, text: str) -> Iterator[None]:
        """Groups the commands pushed inside into one undoable step."""
        self.stack.beginMacro(text)
        try:
            yield
        finally:
            self.stack.endMacro()

    def undo(self) -> None:
        self._refused = None
        self.stack.undo()
        if self._refused == "undo":
            self.stack.redo()

    def redo(self) -> None:
        self._refused = None
        self.stack.redo()
        if self._refused == "redo":
            self.stack.undo()

    def _step_refused(self, direction: str) -> None:
        self._refused = direction
