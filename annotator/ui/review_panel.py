"""Review mode: compare annotators on a document and adjudicate into the gold layer.

The analyst picks two or more annotators; their spans are aligned into findings,
each marked agreed, label differs, boundary differs or one annotator only; Claim spans that
agree as spans but whose frames do not are marked speaker, issue, stance or category
differs, and accepting a claim takes its frame into gold with it. N and P
step through the disagreements; V picks the next annotator's version; A accepts the
picked version into gold, R rejects the finding, E starts an edit (adjust the
selection, then press a label key), C comments on the picked version. Shift+A accepts
every agreed finding at once. Each decision is committed when it is made and can be
undone like any other action.

Review goes through the project, not one document: when the open document has nothing
left to decide in the direction asked, N and P open the next (or previous) document
that has (`document_wanted`), and the panel shows how far the project is
(`ReviewProgress`, counted in the background and kept current per document).

A decision changes the table in place: the session announces it (`decision_changed`,
and the gold span through `span_added`/`span_removed`), and only the Gold cell of its
finding and the counts change; the document is aligned again only when a compared
analyst's spans change.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.model import GOLD_ANNOTATOR_ID, ClaimFrame, Decision, Document, Span
from annotator.review.align import AGREED, AlignedItem, align
from annotator.review.claim_review import frame_keys, frame_text, gold_references
from annotator.review.progress import DocumentReview
from annotator.ui.actions import LendableCollection
from annotator.ui.commands import CommentCommand, DecideCommand
from annotator.ui.plain import plain_label
from annotator.ui.review_model import ReviewModel, item_region
from annotator.ui.review_progress import ReviewProgress
from annotator.wording import plural

if TYPE_CHECKING:
    from annotator.ui.history import History
    from annotator.ui.session import ProjectSession

HELP = ("<b>N</b>/<b>P</b> next/previous disagreement · <b>V</b> next version · "
        "<b>A</b> accept version · <b>R</b> reject · <b>E</b> edit, then a label key · "
        "<b>C</b> comment · <b>Shift+A</b> accept all agreed")


class ReviewPanel(QDockWidget):
    """The review dock. It reads the project through the session, pushes decisions onto the
    history, and asks the window for everything else with signals."""

    span_focus_requested = Signal(object, bool)  # span id (None: no span), scroll it into view
    position_requested = Signal(int)           # bring this code point into view (a version that marks nothing)
    edit_requested = Signal(int, int)          # select code points [start, end) for a gold edit
    layers_wanted = Signal(object)             # list of annotator ids to show, or None for all
    document_wanted = Signal(int)              # open this document (review goes on there)
    message = Signal(str)

    def __init__(self, session: ProjectSession, history: History, parent: QWidget | None = None) -> None:
        super().__init__("Review", parent)
        self.setObjectName("reviewPanel")
        self.session = session
        self.history = history
        self.document: Document | None = None
        self.pending_edit: AlignedItem | None = None
        self.current_item: int | None = None
        self._arrival: tuple[bool, bool] | None = None   # (forward, undecided only) after document_wanted
        self._layers_shown: list[str] | None = None
        self.progress = ReviewProgress(session.project, self)
        # The open document's spans of some layers as the window already holds them, or None
        # (then they are read from the project): set by the window, saves a read of 20,000 spans.
        self.shown_spans: Callable[[list[str]], list[Span] | None] = lambda _ids: None
        self._realign = QTimer(self)            # compared spans changed: align again, once
        self._realign.setSingleShot(True)
        self._realign.setInterval(0)
        self._realign.timeout.connect(self.refresh)

        self.annotator_model = QStandardItemModel(self)
        self.annotator_list = QListView(self)
        self.annotator_list.setObjectName("reviewAnnotators")
        self.annotator_list.setModel(self.annotator_model)
        self.annotator_list.setMaximumHeight(72)
        self._filling = False
        self.annotator_model.itemChanged.connect(self._annotator_toggled)

        self.model = ReviewModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("reviewTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(4, QHeaderView.Stretch)
        for column, width in ((0, 34), (1, 160), (2, 90), (3, 64), (5, 200), (6, 300)):
            header.resizeSection(column, width)
        self.table.clicked.connect(self._row_clicked)

        self.summary = plain_label(self)
        self.summary.setObjectName("reviewSummary")
        self.project_progress = plain_label(self)
        self.project_progress.setObjectName("reviewProgress")
        keys = QLabel(HELP, self)
        keys.setObjectName("reviewKeys")
        keys.setWordWrap(True)
        keys.setTextFormat(Qt.RichText)  # our own fixed text; document text never goes here
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(QLabel("Compare annotators:", self))
        layout.addWidget(self.annotator_list)
        layout.addWidget(self.project_progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(keys)
        self.setWidget(body)

        self.actions = LendableCollection("review", "Review", self, scope="review")
        for name, text, key, slot in (
                ("next", "Next disagreement", "N", lambda: self.step(True)),
                ("previous", "Previous disagreement", "P", lambda: self.step(False)),
                ("version", "Next version", "V", self.next_version),
                ("accept", "Accept version into gold", "A", self.accept),
                ("reject", "Reject finding", "R", self.reject),
                ("edit", "Edit into gold…", "E", self.begin_edit),
                ("comment", "Comment on version…", "C", self.comment),
                ("accept_agreed", "Accept all agreed", "Shift+A", self.accept_all_agreed)):
            self.actions.add(name, text, [key], slot)
        self.session.review_changed.connect(self._review_changed)
        self.session.decision_changed.connect(self._decision_changed)
        self.session.span_added.connect(self._span_changed)
        self.session.span_removed.connect(self._span_changed)
        self.session.span_updated.connect(lambda old, new: (self._span_changed(old), self._span_changed(new)))
        self.session.spans_reset.connect(self._recount)
        self.session.claims_changed.connect(self._claims_changed)
        self.session.documents_changed.connect(self._recount)
        self.progress.changed.connect(self._show_progress)
        self.set_active(False)

    # -- mode ----------------------------------------------------------------------------

    def set_active(self, active: bool) -> None:
        self.actions.set_owner_active(active)
        self.setVisible(active)
        self.pending_edit = None
        self._layers_shown = None
        if active:
            self._fill_annotators()
            self._recount()
        else:
            self.progress.stop()

    @property
    def active(self) -> bool:
        return self.actions.owner_active

    def set_document(self, document: Document | None) -> None:
        """The document the window shows now; review starts at its beginning."""
        self.document = document
        self.current_item = None
        self.pending_edit = None
        self.refresh()
        arrival, self._arrival = self._arrival, None
        if arrival is not None and self.active and document is not None:
            self._arrive(*arrival)

    def _annotator_toggled(self, _item: QStandardItem) -> None:
        if not self._filling:
            self._recount()

    def _fill_annotators(self) -> None:
        self._filling = True
        self.annotator_model.clear()
        for annotator in self.session.project.annotators():
            if annotator.id == GOLD_ANNOTATOR_ID:
                continue
            item = QStandardItem(annotator.name)
            item.setData(annotator.id, Qt.UserRole)
            item.setCheckable(True)
            item.setCheckState(Qt.Checked)
            item.setEditable(False)
            self.annotator_model.appendRow(item)
        self._filling = False

    def chosen(self) -> list[str]:
        return [self.annotator_model.item(row).data(Qt.UserRole)
                for row in range(self.annotator_model.rowCount())
                if self.annotator_model.item(row).checkState() == Qt.Checked]

    def choose(self, annotator_ids: list[str]) -> None:
        """Compares exactly these annotators."""
        self._filling = True
        for row in range(self.annotator_model.rowCount()):
            item = self.annotator_model.item(row)
            item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in annotator_ids else Qt.Unchecked)
        self._filling = False
        self._recount()

    # -- content -------------------------------------------------------------------------

    def _recount(self) -> None:
        """The chosen analysts (or the project's spans or documents) changed: align the open
        document again and count the project anew."""
        if not self.active:
            return
        self.refresh()
        self.progress.start(self.chosen())
        if self.document is not None:
            self.progress.set_state(self.document.id, self.document_state())

    def refresh(self) -> None:
        """Aligns the chosen layers of the current document anew, keeping the place."""
        self._realign.stop()
        if not self.active or self.document is None:
            return
        chosen = self.chosen()
        project = self.session.project
        self.session.ensure_gold_layer()
        wanted = chosen + [GOLD_ANNOTATOR_ID]
        if wanted != self._layers_shown:
            self._layers_shown = wanted
            self.layers_wanted.emit(wanted)
        document = self.document
        spans = self.shown_spans(chosen)
        spans = spans if spans is not None else project.spans(document.id, chosen)
        frames = project.claims(document.id, chosen)
        keys, texts = {}, {}
        if frames:
            links = project.links(document.id)
            keys = frame_keys(document.text, spans, frames, links)
            texts = self._frame_texts(document.text, spans, frames)
        items = align(spans, chosen, keys)
        names = {a.id: a.name for a in project.annotators()}
        self.model.reset(document.text, items, chosen, names, project.decisions(document.id),
                         project.comment_counts(document.id), texts)
        self._show_summary()
        self.progress.set_state(document.id, self.document_state())
        if self.current_item is not None and self.current_item < len(items):
            self._select_row(self.model.marked_row_of(self.current_item), scroll=False)
        else:
            self.current_item = None

    def _frame_texts(self, text: str, spans: list[Span], frames: list[ClaimFrame]) -> dict[int, str]:
        entities = {e.id: e.name for e in self.session.project.entities(include_retired=True)}
        by_id = {span.id: span for span in spans}
        return {frame.span_id: frame_text(frame, text, by_id, entities) for frame in frames}

    def document_state(self) -> DocumentReview:
        """The open document's review state, from the table's own alignment."""
        model = self.model
        return DocumentReview(len(model.items), len(model.items) - model.agreed, model.undecided)

    def _show_summary(self) -> None:
        items, agreed, open_items = len(self.model.items), self.model.agreed, self.model.undecided
        self.summary.setText(f"{plural(items, 'finding')} · {agreed:,} agreed · "
                             f"{plural(open_items, 'disagreement')} still to decide")

    def _show_progress(self) -> None:
        progress, counter = self.progress.progress, self.progress
        if not counter.active:
            self.project_progress.setText("")
            return
        done = (f"{progress.adjudicated:,} of {plural(progress.documents, 'document')} adjudicated · "
                f"{plural(progress.undecided, 'disagreement')} to decide")
        if not counter.complete:
            self.project_progress.setText(f"Project: {done} so far (counted {counter.counted:,} of "
                                          f"{plural(len(counter.order), 'document')})")
        elif progress.documents == 0:
            self.project_progress.setText("Project: the chosen analysts disagree nowhere.")
        else:
            self.project_progress.setText(f"Project: {done}")

    def _decision_changed(self, document_id: int, region: tuple[int, int], decision: Decision | None) -> None:
        if not self.active:
            return
        if self.document is None or document_id != self.document.id:
            self.progress.invalidate(document_id)   # an undo reached back to another document
            return
        self.model.set_decision(region, decision)
        self._show_summary()
        self.progress.set_state(document_id, self.document_state())

    def _review_changed(self, document_id: int) -> None:
        if self.active and self.document is not None and document_id == self.document.id:
            self.model.set_comment_counts(self.session.project.comment_counts(document_id))

    def _claims_changed(self, document_id: int) -> None:
        """A frame changed (an analyst's, or gold's through a decision): align this document again."""
        if self.active and self.document is not None and document_id == self.document.id:
            self._realign.start()

    def _span_changed(self, span: Span) -> None:
        """A compared analyst's span changed: align that document again (this one once the
        current event is done, so a burst of changes aligns once; another in the background)."""
        if not self.active or span.annotator_id not in self.progress.chosen:
            return
        if self.document is not None and span.document_id == self.document.id:
            self._realign.start()
        else:
            self.progress.invalidate(span.document_id)

    # -- navigation ----------------------------------------------------------------------

    def step(self, forward: bool) -> None:
        """Moves to the next (or previous) disagreement: the nearest undecided one in this
        document, else in the nearest document that has one, else the nearest decided one
        here, else in the nearest document with disagreements."""
        if self.document is None:
            return
        for undecided in (True, False):
            target = self._next_item(forward, undecided)
            if target is not None:
                self._select_row(self.model.marked_row_of(target))
                return
            other = self.progress.next_to_decide(self.document.id, forward, disagreements_only=not undecided)
            if other is not None:
                self._arrival = (forward, undecided)
                self.document_wanted.emit(other)
                return
        self.message.emit("No more disagreements in this direction.")

    def _next_item(self, forward: bool, undecided: bool) -> int | None:
        items = self.model.items
        start = self.current_item if self.current_item is not None else (-1 if forward else len(items))
        order = range(start + 1, len(items)) if forward else range(start - 1, -1, -1)
        for number in order:
            item = items[number]
            if item.kind != AGREED and not (undecided and self.model.decision_for(item) is not None):
                return number
        return None

    def _arrive(self, forward: bool, undecided: bool) -> None:
        """Just opened by N or P: on to the first (or last) disagreement here."""
        self.current_item = None
        target = self._next_item(forward, undecided)
        if target is not None:
            self._select_row(self.model.marked_row_of(target))
        title = self.document.title or self.document.external_id
        self.message.emit(f"{title}: {plural(self.model.undecided, 'disagreement')} to decide.")

    def next_version(self) -> None:
        row = self._current_row()
        if row is None:
            return
        item_number = self.model.entry(row).item_number
        following = row + 1
        if following >= self.model.rowCount() or self.model.entry(following).item_number != item_number:
            following = self.model.first_row_of(item_number)
        self._select_row(following)

    def _select_row(self, row: int | None, scroll: bool = True) -> None:
        if row is None:
            return
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0), QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
        self.table.scrollTo(self.model.index(row, 0))
        entry = self.model.entry(row)
        self.current_item = entry.item_number
        # The text shows the version the table does: this annotator's span, or none at all.
        self.span_focus_requested.emit(entry.span.id if entry.span is not None else None, scroll)
        if entry.span is None and scroll:
            self.position_requested.emit(entry.item.start)

    def _row_clicked(self, index: QModelIndex) -> None:
        self._select_row(index.row())

    def _current_row(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        return index.row() if index.isValid() else None

    def current_version(self) -> tuple[AlignedItem, Span | None] | None:
        row = self._current_row()
        if row is None:
            return None
        entry = self.model.entry(row)
        return entry.item, entry.span

    # -- decisions -----------------------------------------------------------------------

    def _decide(self, item: AlignedItem, decision: str, gold: tuple[int, int, str] | None,
                gold_frame: ClaimFrame | None = None) -> None:
        command = DecideCommand(self.session, self.document.id, item_region(item), decision, gold,
                                self.model.decision_for(item), gold_frame)
        self.history.push(command)

    def _gold_frame(self, span: Span) -> ClaimFrame | None:
        """The frame `span` (a version being accepted) takes into gold, its speakers and issues
        mapped to gold spans or registry entries (`claim_review.gold_references`); says what
        could not be carried over."""
        project = self.session.project
        frame = project.claim_for_span(span.id)
        if frame is None:
            return None
        document_id = span.document_id
        refs = [ref.span_id for ref in (*frame.speakers, *frame.issues) if ref.span_id is not None]
        spans = {ref_id: project.span(ref_id) for ref_id in refs}
        gold = {s.key: s.id for s in project.spans(document_id, [GOLD_ANNOTATOR_ID])}
        links = project.links(document_id)
        speakers, lost_speakers = gold_references(frame.speakers, spans, gold, links)
        issues, lost_issues = gold_references(frame.issues, spans, gold, links)
        if lost_speakers or lost_issues:
            self.message.emit(f"Gold claim without {plural(len(lost_speakers) + len(lost_issues), 'reference')}: "
                              "a speaker or issue span that is neither in gold yet nor linked to the registry.")
        return ClaimFrame(str(uuid.uuid4()), -1, GOLD_ANNOTATOR_ID, speakers, issues, frame.stance,
                          frame.category, frame.note)

    def accept(self) -> None:
        current = self.current_version()
        if current is None:
            self.message.emit("Pick a version (N, then V) to accept.")
            return
        if current[1] is None:
            self.message.emit("This version marks nothing: press R to reject the finding, or V for another.")
            return
        item, span = current
        self._decide(item, "accept", (span.start, span.end, span.label), self._gold_frame(span))
        self.step(True)

    def reject(self) -> None:
        current = self.current_version()
        if current is not None:
            self._decide(current[0], "reject", None)
            self.step(True)

    def begin_edit(self) -> None:
        """Selects the picked version's text; the analyst adjusts it and presses a label key."""
        current = self.current_version()
        if current is None:
            return
        item, span = current
        span = span or next(iter(item.spans.values()))
        self.pending_edit = item
        self.edit_requested.emit(span.start, span.end)
        self.message.emit("Edit: adjust the selection (Shift+arrows), then press the label key for gold.")

    def finish_edit(self, start: int, end: int, label: str) -> None:
        """The analyst pressed a label key on the adjusted selection: that goes into gold."""
        item, self.pending_edit = self.pending_edit, None
        if item is None:
            return
        self._decide(item, "edit", (start, end, label))
        self.step(True)

    def accept_all_agreed(self) -> None:
        agreed = [i for i in self.model.items if i.kind == AGREED and self.model.decision_for(i) is None]
        if not agreed:
            return
        with self.history.macro(f"Accept {plural(len(agreed), 'agreed finding')}"):
            for item in agreed:
                span = next(iter(item.spans.values()))
                self._decide(item, "accept", (span.start, span.end, span.label), self._gold_frame(span))

    def comment(self) -> None:
        """Asks for a comment on the picked version without blocking the window."""
        current = self.current_version()
        if current is None or current[1] is None:
            return
        span = current[1]
        dialog = QInputDialog(self)
        dialog.setObjectName("commentDialog")
        dialog.setWindowTitle("Comment on span")
        dialog.setLabelText(f"Comment on {span.annotator}'s {span.label}:")
        for label in dialog.findChildren(QLabel):
            label.setTextFormat(Qt.PlainText)
        dialog.textValueSelected.connect(lambda text: self.add_comment(span, text))
        dialog.open()

    def add_comment(self, span: Span, text: str) -> None:
        """Comments on a span, as one undoable step."""
        if text.strip():
            self.history.push(CommentCommand(self.session, span, text.strip()))
