"""Tag everywhere: the current span's words (or the selection's, with the label last chosen)
tagged wherever they stand again, in this document or the whole corpus, in the analyst's own
layer, as one undoable step.

Which stretches match and which are skipped is `annotator.tag_everywhere`'s rule (whole
words; case ignored unless Edit › Tag everywhere: match case is on; a place the layer already
has a span of that label at or over is left alone). A span linked to a registry entry passes
its link on to the new spans. A new Claim span gets no frame and opens no editor: the claims
list flags it as a claim without one, as any other.

Across the corpus the reading runs on a connection of its own behind the progress dialog
(`ui/jobs.py`: shown only past half a second, with Cancel), and so does the writing of each
step (do, undo, redo) from `BACKGROUND_FROM` new spans on; below that a step is written at
once (10,000 spans: about 0.15 s).

Refused, with a word in the status bar: in review mode and during a gold edit (the gold layer
is review's), and on a colleague's or gold's span (the controller's rule: copy it into your
layer first).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject, QSettings, Signal

from annotator.errors import AnnotatorError, Cancelled
from annotator.model import Span
from annotator.tag_everywhere import TagAllPlan, occurrences, summary
from annotator.ui.actions import ActionCollection
from annotator.ui.commands import TagAllCommand
from annotator.ui.controller import PREVIEW_CHARS, InputMode
from annotator.ui.jobs import run_in_background
from annotator.ui.span_list import preview
from annotator.wording import plural

if TYPE_CHECKING:
    from annotator.ui.controller import AnnotationController, TextSelection
    from annotator.ui.history import History
    from annotator.ui.session import ProjectSession, Runner

MATCH_CASE_KEY = "tag_all/match_case"
BACKGROUND_FROM = 20_000


class TagEverywhere(QObject):
    """Edit › Tag all occurrences in this document / in the whole corpus."""

    message = Signal(str)   # for the status bar

    def __init__(self, session: ProjectSession, history: History, controller: AnnotationController,
                 text: TextSelection, settings: QSettings, review_active: Callable[[], bool],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session, self.history, self.controller, self.text = session, history, controller, text
        self.settings = settings
        self.review_active = review_active
        self.last_label: str | None = None   # the label the analyst last tagged with
        # From this many new spans on, each step's writing runs in the background: 20,000
        # spans take about 0.25 s to write (bench/run.py --only tag-everywhere).
        self.background_from = BACKGROUND_FROM
        self.actions = ActionCollection("tag_all", "Tag everywhere", self)
        self.actions.add("in_document", "&Tag all occurrences in this document", ["Ctrl+T"],
                         lambda: self.tag_all(corpus=False),
                         tip="The current span's words (or the selection, with the label last used), "
                             "wherever they stand again in this document")
        self.actions.add("in_corpus", "Tag all occurrences in the &whole corpus", ["Ctrl+Shift+T"],
                         lambda: self.tag_all(corpus=True),
                         tip="The current span's words (or the selection, with the label last used), "
                             "wherever they stand in any document")
        self.match_case_action = self.actions.add(
            "match_case", "Tag everywhere: match &case", [], self._match_case_toggled, checkable=True)
        self.match_case_action.setChecked(self.settings.value(MATCH_CASE_KEY, False, bool))
        controller.span_tagged.connect(lambda span: setattr(self, "last_label", span.label))

    def _match_case_toggled(self, on: bool) -> None:
        self.settings.setValue(MATCH_CASE_KEY, on)

    def tag_all(self, corpus: bool) -> TagAllCommand | None:
        """Tags every other occurrence of the current span's (or selection's) words; says how
        many it added, and where, in the status bar."""
        source = self._source()
        if source is None:
            return None
        words, label, span = source
        document = self.controller.document
        match_case = self.match_case_action.isChecked()
        analyst = self.session.analyst.id
        entity_id = self.session.project.span_entity(span.id) if span is not None else None
        try:
            plan = self._plan(words, label, analyst, match_case, None if corpus else document.id)
        except Cancelled:
            self.message.emit("Cancelled: nothing was tagged.")
            return None
        except (AnnotatorError, ValueError) as exc:
            self.message.emit(f"Nothing tagged: {exc}")
            return None
        if span is not None and (span.start, span.end) in occurrences(document.text, words, match_case=match_case):
            plan.already -= 1   # the span itself is not "another occurrence already tagged"
        shown = preview(words, PREVIEW_CHARS)
        where = None if corpus else "in this document"
        if not plan.new:
            self.message.emit(summary(plan, 0, shown, where))
            return None
        self.controller.own_layer_needed.emit(analyst)
        run = self._in_background(f"Tagging “{shown}”") if len(plan.new) >= self.background_from else None
        command = TagAllCommand(self.session, label, plan.new, entity_id,
                                f"Tag “{shown}” everywhere as {label} ({plural(len(plan.new), 'span')})", run)
        self.history.push(command)
        if command.error is not None:
            return None
        self.message.emit(summary(plan, len(command.spans), shown, where))
        if span is None:
            self.controller.selection_cleared.emit()
        return command

    def _plan(self, words: str, label: str, analyst: str, match_case: bool, document_id: int | None) -> TagAllPlan:
        """Finds the places: in one document at once; across the corpus on a connection of its
        own behind the progress dialog (shown only past half a second, with Cancel), as the
        reading can take long in a big corpus. The writing is the command's, here."""
        if document_id is not None:
            return self.session.project.plan_tag_all(words, label, analyst, match_case=match_case,
                                                     document_id=document_id)
        return self._in_background(f"Finding “{preview(words, PREVIEW_CHARS)}” in the corpus")(
            lambda project, progress: project.plan_tag_all(words, label, analyst, match_case=match_case,
                                                           progress=progress))

    def _in_background(self, title: str) -> Runner:
        return lambda work: run_in_background(self.parent(), title, self.session.project.path, work)

    def _source(self) -> tuple[str, str, Span | None] | None:
        """(words, label, the span they come from or None for a selection), or None after
        saying why there is nothing to tag."""
        controller = self.controller
        document = controller.document
        if document is None:
            return None
        if self.review_active() or controller.mode == InputMode.GOLD_EDIT:
            self.message.emit("Tag everywhere writes your own layer; leave review mode (Review › Review mode) "
                              "to use it.")
            return None
        selection = self.text.selection_range()
        if selection is not None:
            start, end = controller.snapped(*selection)
            if start >= end:
                self.message.emit("The selection holds only spaces; nothing was tagged.")
                return None
            if self.last_label is None:
                self.message.emit("Press a label key to tag the selection; then this tags its words everywhere.")
                return None
            return document.text[start:end], self.last_label, None
        span_id = self.text.selected_span_id
        if span_id is None:
            self.message.emit("Click a span (or select words) to tag the same words everywhere.")
            return None
        span = self.session.project.span(span_id)
        if not controller.owns(span, "tag it everywhere"):
            return None
        return document.text[span.start:span.end], span.label, span

