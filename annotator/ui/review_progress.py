"""Each document's review state, kept for the whole project while review mode is on.

A project may hold 20,000 documents and 370,000 spans, so states are counted in the
background, a few hundred documents per turn of the event loop (one ordered range scan
of the chosen layers and one of the decisions per batch: `Project.review_keys`,
`Project.decided_regions`), and kept per document. Afterwards only what changes is
counted again: the review panel hands in the open document's state after every
decision (it has the alignment already), and a span changed in a chosen layer of
another document sends that document back to be counted (see `invalidate`).

Everything runs on the GUI thread with the window's own connection, so a count always
sees every decision already made; no batch takes more than about `SLICE_S` seconds.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from annotator.review.progress import NOTHING_TO_REVIEW, DocumentReview, ProjectProgress, document_review

if TYPE_CHECKING:
    from annotator.store import Project

BATCH_DOCUMENTS = 100     # documents per range scan (a slice of the event loop counts one or more)
SLICE_S = 0.02            # background counting yields to the event loop after this long


class ReviewProgress(QObject):
    state_changed = Signal(int)    # document id: its state is new, or gone until counted again
    changed = Signal()             # the project's progress (or how much is counted) changed

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.chosen: tuple[str, ...] = ()
        self.order: list[int] = []                 # document ids, as the document list shows them
        self._position: dict[int, int] = {}
        self.states: dict[int, DocumentReview] = {}
        self.progress = ProjectProgress()
        self._cursor = 0                           # the background count has reached order[_cursor]
        self._stale: set[int] = set()              # counted once, to be counted again
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._count_some)

    # -- what is counted -------------------------------------------------------------------

    def start(self, chosen: Sequence[str]) -> None:
        """Counts every document anew for these analysts (in the background)."""
        self.chosen = tuple(dict.fromkeys(chosen))
        self.order = self.project.document_ids()
        self._position = {document_id: n for n, document_id in enumerate(self.order)}
        self.states = {}
        self.progress = ProjectProgress()
        self._cursor = 0
        self._stale = set()
        self._timer.start()
        self.changed.emit()

    def stop(self) -> None:
        self._timer.stop()
        self.chosen = ()
        self.order, self._position, self.states = [], {}, {}
        self.progress = ProjectProgress()
        self.changed.emit()

    @property
    def active(self) -> bool:
        return bool(self.order)

    @property
    def counted(self) -> int:
        return len(self.states)

    @property
    def complete(self) -> bool:
        return len(self.states) == len(self.order)

    def state(self, document_id: int) -> DocumentReview | None:
        """The document's state, or None while it is still to be counted."""
        return self.states.get(document_id)

    def set_state(self, document_id: int, state: DocumentReview) -> None:
        """The state of a document counted elsewhere (the open one, by the review panel)."""
        if document_id not in self._position:
            return
        self._stale.discard(document_id)
        if self.states.get(document_id) != state:
            self._put(document_id, state)
            self.changed.emit()

    def invalidate(self, document_id: int) -> None:
        """The document's spans changed: it is counted again soon."""
        if document_id in self._position and document_id in self.states:
            self._stale.add(document_id)
            self._timer.start()

    # -- finding work ----------------------------------------------------------------------

    def next_to_decide(self, document_id: int, forward: bool, disagreements_only: bool = False) -> int | None:
        """The nearest document after (or before) this one with a disagreement still to decide
        (with `disagreements_only`: with any disagreement), counting on the way what is not
        counted yet."""
        if document_id not in self._position:
            return None
        step = 1 if forward else -1
        n = self._position[document_id] + step
        while 0 <= n < len(self.order):
            candidate = self.order[n]
            state = self.states.get(candidate)
            if state is None or candidate in self._stale:
                batch = self.order[n:n + BATCH_DOCUMENTS] if forward else self.order[max(0, n - BATCH_DOCUMENTS + 1):n + 1]
                self._count(batch)
                state = self.states[candidate]
            if state.undecided if not disagreements_only else state.disagreements:
                return candidate
            n += step
        return None

    # -- counting --------------------------------------------------------------------------

    def _count_some(self) -> None:
        deadline = time.perf_counter() + SLICE_S
        while time.perf_counter() < deadline:
            if self._stale:
                self._count([min(self._stale)])   # one by one: stale documents lie far apart
                continue
            while self._cursor < len(self.order) and self.order[self._cursor] in self.states:
                self._cursor += 1
            if self._cursor >= len(self.order):
                break
            batch = [d for d in self.order[self._cursor:self._cursor + BATCH_DOCUMENTS] if d not in self.states]
            self._count(batch)
        self.changed.emit()
        if self._stale or not self.complete:
            self._timer.start()

    def _count(self, document_ids: list[int]) -> None:
        """Counts these documents (ids ascending) in one range scan each of spans and decisions."""
        if not document_ids:
            return
        wanted = set(document_ids)
        first, last = document_ids[0], document_ids[-1]
        decided = self.project.decided_regions(first, last)
        found = {}
        for document_id, keys in self.project.review_keys(self.chosen, first, last):
            if document_id in wanted:
                found[document_id] = document_review(keys, len(self.chosen), decided.get(document_id, set()))
        for document_id in document_ids:
            self._stale.discard(document_id)
            state = found.get(document_id, NOTHING_TO_REVIEW)
            if self.states.get(document_id) != state:
                self._put(document_id, state)

    def _put(self, document_id: int, state: DocumentReview) -> None:
        old = self.states.get(document_id)
        if old is not None:
            self.progress = self.progress.plus(old, -1)
        self.states[document_id] = state
        self.progress = self.progress.plus(state)
        self.state_changed.emit(document_id)
