"""The main window: documents on the left, the text in the middle, its spans on the right.

The window presents the project and turns the analyst's actions into undoable
commands; it changes nothing itself. Every command is committed to the project
file by the store before the screen shows it.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QInputDialog, QMainWindow, QSplitter

from annotator.errors import AnnotatorError
from annotator.model import Document, Span
from annotator.snapping import snap_to_words, trim_whitespace
from annotator.store import Project
from annotator.ui.agreement_dialog import AgreementDialog
from annotator.ui.commands import AddSpanCommand, DeleteSpanCommand, RelabelSpanCommand
from annotator.ui.dialogs import show_error
from annotator.ui.document_list import DocumentListModel, DocumentListView
from annotator.ui.document_view import DocumentView
from annotator.ui.file_actions import FileActions
from annotator.ui.label_bar import LabelBar, label_action_text, swatch
from annotator.ui.label_editing import LabelEditor
from annotator.ui.layers import LayerChooser
from annotator.ui.plain import plain_label, plain_tooltip
from annotator.ui.review_panel import ReviewPanel
from annotator.ui.session import ProjectSession
from annotator.ui.span_list import preview
from annotator.ui.span_panel import SpanPanel


class MainWindow(QMainWindow):
    def __init__(self, session: ProjectSession, settings: QSettings | None = None) -> None:
        super().__init__()
        self.session = session
        self.project: Project = session.project
        self.settings = settings or QSettings()
        self.document: Document | None = None
        self.successor: MainWindow | None = None  # the window File › Open replaced this one with
        self.undo_stack = QUndoStack(self)
        self.setWindowTitle(f"{self.project.path.name} — Annotator")
        self.resize(1400, 860)

        self.document_model = DocumentListModel(self)
        self.document_list = DocumentListView(self.document_model, self)
        self.document_view = DocumentView(self)
        self.span_panel = SpanPanel(self)
        self.span_model = self.span_panel.model
        self.span_list = self.span_panel.view
        self.label_bar = LabelBar(self)
        self.addToolBar(self.label_bar)

        splitter = QSplitter(Qt.Horizontal, self)
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(self.document_list)
        splitter.addWidget(self.document_view)
        splitter.addWidget(self.span_list)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 740, 380])
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)

        self._counts = plain_label(self)
        self._counts.setObjectName("spanCounts")
        self._analyst_label = plain_label(self)
        self.statusBar().addWidget(self._counts, 1)
        self.statusBar().addPermanentWidget(self._analyst_label)

        self.layers = LayerChooser(self)
        self._create_actions()
        self._create_menus()
        self._load_labels()
        self._connect()
        self._show_analyst()
        self.project_changed()

    # -- set-up --------------------------------------------------------------------------

    def _create_actions(self) -> None:
        self.undo_action = QAction("&Undo", self)
        self.undo_action.setShortcut(QKeySequence.Undo)
        self.undo_action.triggered.connect(self.undo)
        self.undo_stack.canUndoChanged.connect(self.undo_action.setEnabled)
        self.undo_stack.undoTextChanged.connect(lambda text: self.undo_action.setText(f"&Undo {text}"))
        self.redo_action = QAction("&Redo", self)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence.Redo])
        self.redo_action.triggered.connect(self.redo)
        self.undo_stack.canRedoChanged.connect(self.redo_action.setEnabled)
        self.undo_stack.redoTextChanged.connect(lambda text: self.redo_action.setText(f"&Redo {text}"))
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        self._refused_step: str | None = None
        self.delete_action = QAction("&Delete span", self)
        self.delete_action.setShortcuts([QKeySequence.Delete, QKeySequence(Qt.Key_Backspace)])
        self.delete_action.triggered.connect(self.delete_selected_span)
        self.snap_action = QAction("Snap to &words", self)
        self.snap_action.setCheckable(True)
        self.snap_action.setChecked(self.settings.value("snap_to_words", True, type=bool))
        self.snap_action.setToolTip("Widen selections to whole words before tagging")
        self.snap_action.toggled.connect(lambda on: self.settings.setValue("snap_to_words", on))
        self.files = FileActions(self)
        self.label_editor = LabelEditor(self)
        self.review = ReviewPanel(self)
        self.addDockWidget(Qt.BottomDockWidgetArea, self.review)
        self.review_action = QAction("&Review mode", self)
        self.review_action.setCheckable(True)
        self.review_action.setShortcut(QKeySequence("Ctrl+R"))
        self.review_action.toggled.connect(self.set_review_mode)
        self.review.visibilityChanged.connect(
            lambda shown: self.review_action.setChecked(shown) if not shown else None)
        self.agreement_action = QAction("&Agreement…", self)
        self.agreement_action.setShortcut(QKeySequence("Ctrl+Shift+G"))
        self.agreement_action.triggered.connect(self.show_agreement)
        for action in (self.review_action, self.agreement_action):
            self.addAction(action)
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence.Quit)
        self.quit_action.triggered.connect(self.close)
        for action in (self.undo_action, self.redo_action, self.delete_action, self.quit_action):
            self.addAction(action)
        self.label_actions: list[QAction] = []

    def _create_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addActions(self.files.actions)
        file_menu.addSeparator()
        file_menu.addAction("Analyst &name…", self.ask_analyst_name)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = self.menuBar().addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.delete_action)
        self.label_menu = self.menuBar().addMenu("&Labels")
        view_menu = self.menuBar().addMenu("&View")
        view_menu.addAction(self.snap_action)
        view_menu.addMenu(self.layers.menu)
        review_menu = self.menuBar().addMenu("&Review")
        review_menu.addActions([self.review_action, self.agreement_action])
        review_menu.addSeparator()
        review_menu.addActions(self.review.actions_)

    def _load_labels(self) -> None:
        """Builds one action per label of the project's codebook, with its hotkey."""
        for action in self.label_actions:
            self.removeAction(action)
        self.labels = self.project.labels()
        self.label_actions = []
        self.label_menu.clear()
        for label in self.labels:
            action = QAction(swatch(label.color), label_action_text(label), self)
            action.setData(label.name)
            action.setToolTip(plain_tooltip(f"{label.name}: {label.description}" if label.description
                                            else label.name))
            if label.hotkey:
                action.setShortcut(QKeySequence(label.hotkey))
            action.triggered.connect(lambda _=False, name=label.name: self.apply_label(name))
            self.addAction(action)
            self.label_menu.addAction(action)
            self.label_actions.append(action)
        self.label_editor.fill_menu(self.label_menu)
        self.label_bar.set_label_actions(self.label_actions, [self.snap_action])
        colors = {label.name: label.color for label in self.labels}
        self.document_view.set_colors(colors)
        self.span_model.set_colors(colors)

    def _connect(self) -> None:
        self.document_list.selectionModel().currentChanged.connect(self._document_chosen)
        self.span_panel.span_activated.connect(lambda span_id: self._select_span(span_id, scroll=True))
        self.span_panel.changed.connect(self._update_counts)
        self.document_view.span_clicked.connect(self._select_span)
        self.session.span_added.connect(self._on_span_added)
        self.session.span_removed.connect(self._on_span_removed)
        self.session.span_updated.connect(self._on_span_updated)
        self.layers.changed.connect(self._layers_changed)
        self.session.labels_changed.connect(self._labels_changed)
        self.session.error.connect(lambda message: show_error(self, "Not saved", message))
        self.session.step_refused.connect(self._step_refused)

    def _show_analyst(self) -> None:
        self._analyst_label.setText(f"Analyst: {self.session.analyst.name}")

    def set_analyst_name(self, name: str) -> None:
        """Renames the analyst here and in the project; their spans stay theirs (same id)."""
        name = name.strip()
        if not name or name == self.session.analyst.name:
            return
        try:
            self.session.analyst = self.project.rename_annotator(self.session.analyst.id, name)
        except (AnnotatorError, ValueError) as exc:
            show_error(self, "Name not changed", str(exc))
            return
        self.settings.setValue("analyst/name", name)
        self._show_analyst()
        self.layers.set_annotators(self.project.annotators())
        self.reload_spans()

    def ask_analyst_name(self) -> QInputDialog:
        dialog = QInputDialog(self)
        dialog.setObjectName("analystNameDialog")
        dialog.setWindowTitle("Analyst name")
        dialog.setLabelText("Your name, recorded on every span you make:")
        dialog.setTextValue(self.session.analyst.name)
        dialog.textValueSelected.connect(self.set_analyst_name)
        dialog.open()
        return dialog

    # -- documents -----------------------------------------------------------------------

    def project_changed(self) -> None:
        """After an import or merge: documents, annotators and the open document anew."""
        self.document_model.reset(self.project.documents())
        self.layers.set_annotators(self.project.annotators())
        self.document_view.set_annotator_styles(self.layers.style_order())
        if self.document is not None:
            self.open_document(self.document.id)
        else:
            self._open_first_document()

    def undo(self) -> None:
        """Ctrl+Z. If the store refuses (busy, read-only), the history steps back to where it
        was (the command skips that call), so the same Ctrl+Z can be retried."""
        self._refused_step = None
        self.undo_stack.undo()
        if self._refused_step == "undo":
            self.undo_stack.redo()

    def redo(self) -> None:
        self._refused_step = None
        self.undo_stack.redo()
        if self._refused_step == "redo":
            self.undo_stack.undo()

    def _step_refused(self, direction: str) -> None:
        self._refused_step = direction

    def _labels_changed(self) -> None:
        self._load_labels()
        self.reload_spans()

    def _layers_changed(self) -> None:
        self.reload_spans()

    def reload_spans(self) -> None:
        """Reads the current document's spans anew, keeping the text and the scroll position."""
        if self.document is None:
            return
        spans = self.visible_spans()
        self.document_view.set_spans(spans)
        self.span_panel.reset(self.document.text, spans)
        self.document_model.set_span_count(self.document.id, self.project.span_count(self.document.id))

    # -- review --------------------------------------------------------------------------

    def set_review_mode(self, on: bool) -> None:
        self.review.set_active(on)
        if not on:
            self.layers.show_only(None)

    def show_agreement(self) -> AgreementDialog | None:
        from annotator.review.report import project_agreement

        try:
            agreement = project_agreement(self.project, self.review.chosen() if self.review.active else None)
        except AnnotatorError as exc:
            show_error(self, "No agreement to show", str(exc))
            return None
        dialog = AgreementDialog(agreement, self)
        dialog.open()
        return dialog

    def _open_first_document(self) -> None:
        if self.document_model.rowCount():
            self.document_list.setCurrentIndex(self.document_model.index(0))

    def _document_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and (self.document is None or current.data(Qt.UserRole) != self.document.id):
            self.open_document(current.data(Qt.UserRole))

    def open_document(self, document_id: int) -> None:
        """Shows a document with its spans; the list selection follows."""
        self.document = self.project.document(document_id)
        spans = self.visible_spans()
        self.document_view.show_document(self.document.text, spans)
        self.span_panel.reset(self.document.text, spans)
        self.review.current_item = None
        self.review.refresh()
        row = self.document_model.row_of(document_id)
        if row is not None and self.document_list.currentIndex().row() != row:
            self.document_list.setCurrentIndex(self.document_model.index(row))

    def visible_spans(self) -> list[Span]:
        """The current document's spans in the layers the analyst chose to see."""
        if self.document is None:
            return []
        hidden = self.layers.hidden
        shown = [a.id for a in self.project.annotators() if a.id not in hidden] if hidden else None
        return self.project.spans(self.document.id, shown)

    def _is_shown(self, span: Span) -> bool:
        return (self.document is not None and span.document_id == self.document.id
                and span.annotator_id not in self.layers.hidden)

    def spans(self) -> list[Span]:
        """The spans the window shows for the current document, in text order."""
        return self.span_panel.spans()

    # -- annotating ----------------------------------------------------------------------

    def apply_label(self, label: str) -> None:
        """The label hotkey or button: tags the selected text, or relabels the selected span."""
        if self.document is None:
            return
        selection = self.document_view.selection_range()
        if selection is not None and self.review.pending_edit is not None:
            start, end = self._snap(*selection)
            if start < end:
                self.review.finish_edit(label, start, end)
        elif selection is not None:
            self.tag_selection(label, *selection)
        elif self.document_view.selected_span_id is not None:
            self.relabel_span(self.document_view.selected_span_id, label)
        else:
            self.statusBar().showMessage("Select some text (or click a span) first, then press a label key.", 4000)

    def tag_selection(self, label: str, start: int, end: int) -> Span | None:
        text = self.document.text
        start, end = self._snap(start, end)
        if start >= end:
            self.statusBar().showMessage("The selection holds only spaces; nothing was tagged.", 4000)
            return None
        existing = self.span_panel.find(start, end, label, self.session.analyst.id)
        if existing is not None:
            self._select_span(existing.id)
            return existing
        if self.session.analyst.id in self.layers.hidden:
            self.layers.hidden.discard(self.session.analyst.id)
            self.layers.show_only([a.id for a in self.layers.annotators if a.id not in self.layers.hidden])
        command = AddSpanCommand(self.session, self.document.id, start, end, label,
                                 preview(text[start:end], 40))
        self.undo_stack.push(command)
        if command.error is not None:
            return None
        self.document_view.clear_selection()
        self._select_span(command.span.id)
        return command.span

    def _snap(self, start: int, end: int) -> tuple[int, int]:
        snap = snap_to_words if self.snap_action.isChecked() else trim_whitespace
        return snap(self.document.text, start, end)

    def relabel_span(self, span_id: int, label: str) -> None:
        span = self.project.span(span_id)
        if span.label == label:
            return
        if self.span_panel.find(span.start, span.end, label, span.annotator_id) is not None:
            self.statusBar().showMessage(f"This text is already tagged {label} by {span.annotator}.", 4000)
            return
        self.undo_stack.push(RelabelSpanCommand(self.session, span, label,
                                                preview(self.document.text[span.start:span.end], 40)))

    def delete_selected_span(self) -> None:
        span_id = self.document_view.selected_span_id
        if span_id is None:
            self.statusBar().showMessage("Click a span (or press Tab to reach one) to delete it.", 4000)
            return
        span = self.project.span(span_id)
        self.undo_stack.push(DeleteSpanCommand(self.session, span,
                                               preview(self.document.text[span.start:span.end], 40)))

    # -- reacting to changes ---------------------------------------------------------------

    def _on_span_added(self, span: Span) -> None:
        self.document_model.adjust_span_count(span.document_id, +1)
        if self._is_shown(span):
            self.document_view.add_span(span)
            self.span_panel.add(span)

    def _on_span_removed(self, span: Span) -> None:
        self.document_model.adjust_span_count(span.document_id, -1)
        if self._is_shown(span):
            self.document_view.remove_span(span.id)
            self.span_panel.remove(span.id)

    def _on_span_updated(self, _old: Span, new: Span) -> None:
        if self._is_shown(new):
            self.document_view.add_span(new)
            self.span_panel.replace(new)

    def _update_counts(self) -> None:
        by_label = self.span_model.label_counts
        parts = [_plural(len(self.span_model.spans), "span")] + [
            f"{label.name} {by_label.get(label.name, 0)}" for label in self.labels]
        documents = self.document_model.rowCount()
        self._counts.setText(f"{_plural(documents, 'document')}  ·  " + "  ·  ".join(parts))

    # -- span selection ------------------------------------------------------------------

    def _select_span(self, span_id: int | None, scroll: bool = False) -> None:
        self.document_view.select_span(span_id, scroll=scroll)
        self.span_panel.select(span_id)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Every action is already committed; closing only brings the list up to date (so
        # nothing is left to do once the project is closed) and lets the window go.
        self.span_panel.flush()
        event.accept()



def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"

