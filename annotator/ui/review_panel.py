"""Review mode: compare annotators on a document and adjudicate into the gold layer.

The analyst picks two or more annotators; their spans are aligned into findings,
each marked agreed, label differs, boundary differs or one annotator only. N and P
step through the disagreements; V picks the next annotator's version; A accepts the
picked version into gold, R rejects the finding, E starts an edit (adjust the
selection, then press a label key), C comments on the picked version. Shift+A accepts
every agreed finding at once. Each decision is committed when it is made and can be
undone like any other action.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
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

from annotator.model import GOLD_ANNOTATOR_ID, Document, Span
from annotator.review.align import AGREED, AlignedItem, align
from annotator.ui.actions import ActionCollection
from annotator.ui.commands import CommentCommand, DecideCommand
from annotator.ui.plain import plain_label
from annotator.ui.review_model import ReviewModel, item_region
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

    span_focus_requested = Signal(int, bool)   # span id, scroll it into view
    edit_requested = Signal(int, int)          # select code points [start, end) for a gold edit
    layers_wanted = Signal(object)             # list of annotator ids to show, or None for all
    message = Signal(str)

    def __init__(self, session: ProjectSession, history: History, parent: QWidget | None = None) -> None:
        super().__init__("Review", parent)
        self.setObjectName("reviewPanel")
        self.session = session
        self.history = history
        self.document: Document | None = None
        self.pending_edit: AlignedItem | None = None
        self.current_item: int | None = None

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
        for column, width in ((0, 34), (1, 160), (2, 90), (3, 64), (5, 120)):
            header.resizeSection(column, width)
        self.table.clicked.connect(self._row_clicked)

        self.summary = plain_label(self)
        self.summary.setObjectName("reviewSummary")
        keys = QLabel(HELP, self)
        keys.setObjectName("reviewKeys")
        keys.setWordWrap(True)
        keys.setTextFormat(Qt.RichText)  # our own fixed text; document text never goes here
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(QLabel("Compare annotators:", self))
        layout.addWidget(self.annotator_list)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(keys)
        self.setWidget(body)

        self.actions = ActionCollection("review", "Review", self, scope="review")
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
        self.session.spans_reset.connect(self.refresh)
        self.set_active(False)

    # -- mode ----------------------------------------------------------------------------

    def set_active(self, active: bool) -> None:
        for action in self.actions.actions():
            action.setEnabled(active)
        self.setVisible(active)
        self.pending_edit = None
        if active:
            self._fill_annotators()
            self.refresh()

    @property
    def active(self) -> bool:
        return self.actions["next"].isEnabled()

    def set_document(self, document: Document | None) -> None:
        """The document the window shows now; review starts at its beginning."""
        self.document = document
        self.current_item = None
        self.pending_edit = None
        self.refresh()

    def _annotator_toggled(self, _item: QStandardItem) -> None:
        if not self._filling:
            self.refresh()

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
        self.refresh()

    # -- content -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Aligns the chosen layers of the current document anew, keeping the place."""
        if not self.active or self.document is None:
            return
        chosen = self.chosen()
        project = self.session.project
        self.session.ensure_gold_layer()
        annotators = project.annotators()
        self.layers_wanted.emit(chosen + [GOLD_ANNOTATOR_ID])
        document = self.document
        items = align(project.spans(document.id, chosen), chosen)
        names = {a.id: a.name for a in annotators}
        self.model.reset(document.text, items, chosen, names, project.decisions(document.id),
                         project.comment_counts(document.id))
        open_items = [i for i in items if i.kind != AGREED and self.model.decision_for(i) is None]
        self.summary.setText(f"{plural(len(items), 'finding')} · {sum(i.kind == AGREED for i in items)} agreed · "
                             f"{plural(len(open_items), 'disagreement')} still to decide")
        if self.current_item is not None and self.current_item < len(items):
            self._select_row(self.model.first_row_of(self.current_item), scroll=False)

    def _review_changed(self, document_id: int) -> None:
        if self.active and self.document is not None and document_id == self.document.id:
            self.refresh()  # (which shows the chosen layers and gold anew, so the text reloads too)

    # -- navigation ----------------------------------------------------------------------

    def step(self, forward: bool) -> None:
        """Moves to the next (or previous) disagreement, undecided ones first."""
        items = self.model.items
        if not items:
            return
        start = self.current_item if self.current_item is not None else (-1 if forward else len(items))
        order = range(start + 1, len(items)) if forward else range(start - 1, -1, -1)
        candidates = [n for n in order if items[n].kind != AGREED]
        undecided = [n for n in candidates if self.model.decision_for(items[n]) is None]
        target = (undecided or candidates or [None])[0]
        if target is None:
            self.message.emit("No more disagreements in this direction.")
            return
        self._select_row(self.model.first_row_of(target))

    def next_version(self) -> None:
        row = self._current_row()
        if row is None:
            return
        item_number = self.model.rows[row].item_number
        following = row + 1
        if following >= len(self.model.rows) or self.model.rows[following].item_number != item_number:
            following = self.model.first_row_of(item_number)
        self._select_row(following)

    def _select_row(self, row: int | None, scroll: bool = True) -> None:
        if row is None:
            return
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0), QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
        self.table.scrollTo(self.model.index(row, 0))
        entry = self.model.rows[row]
        self.current_item = entry.item_number
        span = entry.span or next(iter(entry.item.spans.values()))
        self.span_focus_requested.emit(span.id, scroll)

    def _row_clicked(self, index: QModelIndex) -> None:
        self._select_row(index.row())

    def _current_row(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        return index.row() if index.isValid() else None

    def current_version(self) -> tuple[AlignedItem, Span | None] | None:
        row = self._current_row()
        if row is None:
            return None
        entry = self.model.rows[row]
        return entry.item, entry.span

    # -- decisions -----------------------------------------------------------------------

    def _decide(self, item: AlignedItem, decision: str, gold: tuple[int, int, str] | None) -> None:
        command = DecideCommand(self.session, self.document.id, item_region(item), decision, gold,
                                self.model.decision_for(item))
        self.history.push(command)

    def accept(self) -> None:
        current = self.current_version()
        if current is None or current[1] is None:
            self.message.emit("Pick a version (N, then V) to accept.")
            return
        item, span = current
        self._decide(item, "accept", (span.start, span.end, span.label))
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
                self._decide(item, "accept", (span.start, span.end, span.label))

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
