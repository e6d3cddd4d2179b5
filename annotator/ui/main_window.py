"""The main window: documents on the left, the text in the middle, its spans on the right.

The window builds the widgets and their collaborators and wires them in one place
(`_wire`). It changes nothing itself: what keys and clicks mean is the controller's
(`controller.py`), every write goes through the session (`session.py`) as an undoable
command on the history (`history.py`), and the session's signals tell the widgets what
changed. Panels never see this class; they announce what they need with signals.
Every action and its keys come from the action registry (`actions.py`).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QInputDialog, QMainWindow, QSplitter, QVBoxLayout, QWidget

from annotator.applog import log_path
from annotator.errors import AnnotatorError
from annotator.model import Document, Span
from annotator.ui.actions import ActionCollection, ActionRegistry
from annotator.ui.agreement_dialog import AgreementDialog, show_agreement
from annotator.ui.auto_link import AutoLinker
from annotator.ui.claims_actions import ClaimsActions
from annotator.ui.claims_presenter import ClaimsPresenter
from annotator.ui.controller import AnnotationController, InputMode
from annotator.ui.dialogs import show_error
from annotator.ui.document_list import DocumentListModel, DocumentListView
from annotator.ui.document_presenter import DocumentPresenter
from annotator.ui.document_view import DocumentView
from annotator.ui.file_actions import FileActions
from annotator.ui.find_bar import FindBar
from annotator.ui.help_dialogs import ShortcutsDialog, about_box
from annotator.ui.history import History
from annotator.ui.label_bar import LabelBar, label_action_text, swatch
from annotator.ui.label_editing import LabelEditor
from annotator.ui.layers import LayerChooser
from annotator.ui.plain import plain_tooltip
from annotator.ui.registry_panel import RegistryPanel
from annotator.ui.review_panel import ReviewPanel
from annotator.ui.search_panel import SearchPanel
from annotator.ui.session import ProjectSession
from annotator.ui.span_panel import SpanPanel
from annotator.ui.settings import settings as default_settings
from annotator.ui.status import StatusLine
from annotator.ui.suggestions import SuggestionFeature
from annotator.ui.tag_all import TagEverywhere
from annotator.ui.view_actions import ViewActions


class MainWindow(QMainWindow):
    open_requested = Signal(str)   # File › Open or New: a project to show in place of this one

    def __init__(self, session: ProjectSession, settings: QSettings | None = None) -> None:
        super().__init__()
        self.session = session
        self.project = session.project
        self.settings = settings if settings is not None else default_settings()
        self.successor: MainWindow | None = None  # the window File › Open replaced this one with
        self._shown_once = False
        self.setWindowTitle(f"{self.project.path.name} — Annotator")
        self.resize(1400, 860)

        self.history = History(session, self)
        self.document_model = DocumentListModel(self)
        self.document_list = DocumentListView(self.document_model, self)
        self.document_view = DocumentView(self)
        self.span_panel = SpanPanel(self)
        self.span_model = self.span_panel.model
        self.span_list = self.span_panel.view
        self.label_bar = LabelBar(self)
        self.addToolBar(self.label_bar)
        self.splitter = QSplitter(Qt.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.find_bar = FindBar(self.document_view, self)
        text_column = QWidget(self)        # the text, and under it the find bar when open
        column_layout = QVBoxLayout(text_column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.setSpacing(0)
        column_layout.addWidget(self.document_view, 1)
        column_layout.addWidget(self.find_bar)
        for widget in (self.document_list, text_column, self.span_panel.widget):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([260, 760, 420])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.status = StatusLine(self.statusBar())

        self.controller = AnnotationController(session, self.history, self.document_view, self)
        self.layers = LayerChooser(self)
        self.presenter = DocumentPresenter(session, self.document_view, self.span_panel, self.document_model,
                                           self.layers, self)
        self.files = FileActions(session, self)
        self.label_editor = LabelEditor(session, self.history, self)
        self.review = ReviewPanel(session, self.history, self)
        self.addDockWidget(Qt.BottomDockWidgetArea, self.review)
        self.search_panel = SearchPanel(session, self)
        self.addDockWidget(Qt.BottomDockWidgetArea, self.search_panel)
        self.search_panel.hide()
        self.claims = ClaimsPresenter(session, self.history, self.document_view, self.controller, self)
        self.frame_editor, self.claims_dock = self.claims.editor, self.claims.dock
        self.addDockWidget(Qt.RightDockWidgetArea, self.frame_editor)
        self.addDockWidget(Qt.RightDockWidgetArea, self.claims_dock)
        self.auto_linker = AutoLinker(session, self.history, self)
        self.tag_everywhere = TagEverywhere(session, self.history, self.controller, self.document_view,
                                            self.settings, lambda: self.review.active, self)
        self.registry_panel = RegistryPanel(session, self.history, self)
        self.tabifyDockWidget(self.claims_dock, self.registry_panel)
        self.claims_dock.raise_()
        self.resizeDocks([self.frame_editor, self.claims_dock], [250, 560], Qt.Vertical)
        self.resizeDocks([self.frame_editor], [380], Qt.Horizontal)

        self.registry = ActionRegistry(self.settings, self)
        self._declare_actions()
        self._create_menus()
        self._load_labels()
        self._wire()
        self._restore_layout()
        self.status.show_analyst(session.analyst.name)
        self._documents_changed()

    # -- actions and menus ---------------------------------------------------------------

    def _declare_actions(self) -> None:
        files = self.files.actions
        files.add("analyst", "Analyst &name…", [], self.ask_analyst_name)
        files.add("quit", "&Quit", ["Ctrl+Q"], self.close)
        self.registry.register(files)

        edit = self.registry.register(ActionCollection("edit", "Edit", self))
        self.undo_action = edit.add("undo", "&Undo", ["Ctrl+Z"], self.history.undo)
        self.redo_action = edit.add("redo", "&Redo", ["Ctrl+Shift+Z", "Ctrl+Y"], self.history.redo)
        self.delete_action = edit.add("delete", "&Delete span", ["Delete", "Backspace"],
                                      self.controller.delete_selected_span)
        self.copy_span_action = edit.add("copy_to_mine", "&Copy span to my layer", ["Ctrl+Shift+C"],
                                         self.controller.copy_selected_span,
                                         tip="A colleague's span (or gold's) becomes yours to change")
        self.registry.register(self.tag_everywhere.actions)
        stack = self.history.stack
        for action, can, text_changed, title in (
                (self.undo_action, stack.canUndoChanged, stack.undoTextChanged, "&Undo"),
                (self.redo_action, stack.canRedoChanged, stack.redoTextChanged, "&Redo")):
            action.setEnabled(False)
            can.connect(action.setEnabled)
            text_changed.connect(lambda text, a=action, t=title: a.setText(f"{t} {text}".rstrip()))

        self.view_actions = ViewActions(self.document_view, self.controller, self.settings, self)
        self.registry.register(self.view_actions.actions)
        self.snap_action = self.view_actions.snap_action

        find = self.registry.register(ActionCollection("find", "Find", self))
        find.add("in_document", "&Find in document…", ["Ctrl+F"], self.find_bar.open_bar)
        find.add("next", "Find &next", ["F3"], lambda: self.find_bar.step(True))
        find.add("previous", "Find &previous", ["Shift+F3"], lambda: self.find_bar.step(False))
        find.add("in_corpus", "&Search the corpus…", ["Ctrl+Shift+F"], self.search_panel.start)

        reviewing = self.registry.register(ActionCollection("reviewing", "Review", self))
        self.review_action = reviewing.add("mode", "&Review mode", ["Ctrl+R"], self.set_review_mode,
                                           checkable=True)
        reviewing.add("agreement", "&Agreement…", ["Ctrl+Shift+G"], self.show_agreement)
        self.registry.register(self.review.actions)
        self.suggestions = SuggestionFeature(self.session, self.history, self.document_view, self.document_model,
                                             self.review.actions, self.review_action, self.settings, self)
        self.registry.register(self.suggestions.actions)
        self.addDockWidget(Qt.BottomDockWidgetArea, self.suggestions.panel)

        self.claims_actions = ClaimsActions(self.session, self.history, self.claims, self.document_view,
                                            self.registry_panel, lambda: self.document, self)
        self.registry.register(self.claims_actions.actions)

        help_ = self.registry.register(ActionCollection("help", "Help", self))
        help_.add("shortcuts", "&Keyboard shortcuts", ["F1"], self.show_shortcuts)
        help_.add("about", "&About Annotator", [], self.show_about)
        for collection in self.registry.collections():
            self.addActions(collection.actions())

    def _create_menus(self) -> None:
        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu("&File")
        files = self.files.actions
        file_menu.addActions([files[n] for n in ("open", "new", "import", "export", "export_texts", "merge")])
        file_menu.addSeparator()
        file_menu.addAction(files["analyst"])
        file_menu.addSeparator()
        file_menu.addAction(files["quit"])
        edit_menu = menu_bar.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.delete_action, self.copy_span_action])
        edit_menu.addSeparator()
        edit_menu.addActions(self.tag_everywhere.actions.actions())
        edit_menu.addSeparator()
        edit_menu.addActions(self.registry.collection("find").actions())
        self.label_menu = menu_bar.addMenu("&Labels")
        view_menu = menu_bar.addMenu("&View")
        view_menu.addAction(self.snap_action)
        view_menu.addMenu(self.layers.menu)
        view_menu.addAction(self.suggestions.show_action)
        view_menu.addSeparator()
        view_menu.addActions(self.view_actions.zoom)
        theme_menu = view_menu.addMenu("&Theme")
        theme_menu.addActions(self.view_actions.theme_group.actions())
        review_menu = menu_bar.addMenu("&Review")
        review_menu.addActions([self.registry.action(i) for i in ("reviewing.mode", "reviewing.agreement")])
        review_menu.addSeparator()
        review_menu.addActions(self.review.actions.actions())
        claims_menu = menu_bar.addMenu("&Claims")
        claims_menu.addActions(self.registry.collection("claims").actions())
        claims_menu.addSeparator()
        claims_menu.addActions([self.frame_editor.toggleViewAction(), self.claims_dock.toggleViewAction(),
                                self.registry_panel.toggleViewAction()])
        menu_bar.addMenu("&Tools").addActions(self.suggestions.tools_actions())
        help_menu = menu_bar.addMenu("&Help")
        help_menu.addActions([self.registry.action(i) for i in ("help.shortcuts", "help.about")])

    def _load_labels(self) -> None:
        """One action per label of the project's codebook, with its hotkey (registered last, so
        a label key never shadows a built-in one)."""
        old = self.registry.collection("labels")
        if old is not None:
            for action in old.actions():
                self.removeAction(action)
        self.labels = self.project.labels()
        collection = ActionCollection("labels", "Labels", self)
        for label in self.labels:
            action = collection.add(label.name, label_action_text(label), [label.hotkey] if label.hotkey else [],
                                    lambda _=False, name=label.name: self.controller.apply_label(name))
            action.setIcon(swatch(label.color))
            action.setData(label.name)
            action.setToolTip(plain_tooltip(f"{label.name}: {label.description}" if label.description
                                            else label.name))
        self.registry.register(collection)
        self.label_actions = collection.actions()
        self.addActions(self.label_actions)
        self.label_menu.clear()
        self.label_menu.addActions(self.label_actions)
        self.label_editor.fill_menu(self.label_menu)
        self.label_bar.set_label_actions(self.label_actions, [self.snap_action])
        colors = {label.name: label.color for label in self.labels}
        self.document_view.set_colors(colors)
        self.span_model.set_colors(colors)
        for clash in self.registry.apply_keys():
            self.status.say(f"Key clash: {clash}.")
        claims = self.registry.collection("claims")
        self.frame_editor.set_stance_actions({"" if n == "unknown" else n: claims[n]
                                              for n in ("support", "oppose", "neutral", "unknown")})
        self.auto_linker.undo_keys = ", ".join(
            key.toString(QKeySequence.NativeText) for key in self.undo_action.shortcuts()) or "Undo"
        self.controller.copy_keys = ", ".join(
            key.toString(QKeySequence.NativeText) for key in self.copy_span_action.shortcuts())

    # -- wiring: every connection between the parts, in one place ------------------------

    def _wire(self) -> None:
        session, controller, review = self.session, self.controller, self.review
        presenter = self.presenter
        session.documents_changed.connect(self._documents_changed)
        session.annotators_changed.connect(self._annotators_changed)
        session.analyst_changed.connect(self._analyst_changed)
        session.labels_changed.connect(self._labels_changed)
        session.error.connect(lambda message: show_error(self, "Not saved", message))
        session.span_counts_changed.connect(self.document_model.adjust_span_counts)

        self.document_list.selectionModel().currentChanged.connect(self._document_chosen)
        self.document_view.span_clicked.connect(presenter.select_span)
        self.document_view.span_clicked.connect(controller.span_chosen)
        self.span_panel.changed.connect(self._update_counts)
        presenter.document_opened.connect(controller.set_document)
        presenter.document_opened.connect(review.set_document)
        presenter.document_opened.connect(lambda document: self._select_document_row(document.id))

        controller.message.connect(self.status.say)
        controller.span_selected.connect(presenter.select_span)
        controller.selection_cleared.connect(self.document_view.clear_selection)
        controller.own_layer_needed.connect(presenter.show_layer)
        controller.gold_edit_finished.connect(lambda *_: self.document_view.clear_selection())
        controller.gold_edit_finished.connect(review.finish_edit)

        review.shown_spans = presenter.shown_spans
        review.message.connect(self.status.say)
        review.span_focus_requested.connect(self.document_view.select_span)
        review.position_requested.connect(self.document_view.show_position)
        review.document_wanted.connect(self.open_document)
        review.progress.state_changed.connect(self.document_model.review_state_changed)
        review.layers_wanted.connect(self.layers.show_only)
        review.edit_requested.connect(self._begin_gold_edit)
        review.visibilityChanged.connect(lambda shown: None if shown else self.review_action.setChecked(False))
        self.files.message.connect(self.status.say)
        self.files.open_requested.connect(self.open_requested)
        self.label_editor.message.connect(self.status.say)
        presenter.document_opened.connect(lambda _document: self.find_bar.refresh())
        self.search_panel.hit_chosen.connect(self.show_hit)
        self.span_panel.entry_names = self._entry_names

        claims = self.claims
        presenter.document_opened.connect(claims.set_document)
        self.document_view.span_clicked.connect(claims.span_selected)
        controller.span_selected.connect(claims.span_selected)
        controller.span_tagged.connect(claims.frame_new_claim)
        controller.span_tagged.connect(lambda span: self.auto_linker.span_tagged(span, self.document.text))
        self.auto_linker.message.connect(self.status.say)
        self.tag_everywhere.message.connect(self.status.say)
        self.claims_actions.message.connect(self.status.say)
        controller.link_finished.connect(claims.link_finished)
        claims.message.connect(self.status.say)
        self.registry_panel.message.connect(self.status.say)
        self.claims_dock.claim_activated.connect(lambda span_id: presenter.select_span(span_id, scroll=True))
        self.layers.changed.connect(claims.refresh)

        presenter.document_opened.connect(self.suggestions.set_document)
        self.suggestions.panel.document_wanted.connect(self.open_document)
        self.suggestions.panel.suggestion_shown.connect(self.show_hit)
        self.suggestions.message.connect(self.status.say)

    # -- the analyst ---------------------------------------------------------------------

    def set_analyst_name(self, name: str) -> None:
        """Renames the analyst here and in the project; their spans stay theirs (same id)."""
        name = name.strip()
        if not name or name == self.session.analyst.name:
            return
        try:
            self.session.rename_analyst(name)
        except (AnnotatorError, ValueError) as exc:
            show_error(self, "Name not changed", str(exc))

    def ask_analyst_name(self) -> QInputDialog:
        dialog = QInputDialog(self)
        dialog.setObjectName("analystNameDialog")
        dialog.setWindowTitle("Analyst name")
        dialog.setLabelText("Your name, recorded on every span you make:")
        dialog.setTextValue(self.session.analyst.name)
        dialog.textValueSelected.connect(self.set_analyst_name)
        dialog.open()
        return dialog

    def _analyst_changed(self, analyst) -> None:
        self.settings.setValue("analyst/name", analyst.name)
        self.status.show_analyst(analyst.name)
        self.presenter.reload_spans()   # spans carry their analyst's name

    # -- documents -----------------------------------------------------------------------

    def _documents_changed(self) -> None:
        """The project's documents anew (after an import or merge), keeping the open one."""
        self.document_model.reset(self.project.documents())
        self._annotators_changed()
        if self.document is None:
            if self.document_model.rowCount():
                self.document_list.setCurrentIndex(self.document_model.index(0))
        else:
            self._select_document_row(self.document.id)
        self._update_counts()

    def _annotators_changed(self) -> None:
        self.layers.set_annotators(self.project.annotators())
        self.document_view.set_annotator_styles(self.layers.style_order())

    def _document_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and (self.document is None or current.data(Qt.UserRole) != self.document.id):
            self.open_document(current.data(Qt.UserRole))

    def _select_document_row(self, document_id: int) -> None:
        row = self.document_model.row_of(document_id)
        if row is not None and self.document_list.currentIndex().row() != row:
            self.document_list.setCurrentIndex(self.document_model.index(row))

    @property
    def document(self) -> Document | None:
        return self.presenter.document

    def open_document(self, document_id: int) -> None:
        """Shows a document with its spans; the list selection follows."""
        self.presenter.open(document_id)

    def _entry_names(self) -> dict[int, str]:
        """Span id → linked registry entry's name, in the open document (for the span filter)."""
        if self.document is None:
            return {}
        links = self.project.links(self.document.id)
        names = {entity.id: entity.name for entity in self.project.entities(include_retired=True)} if links else {}
        return {span_id: names.get(entity_id, "") for span_id, entity_id in links.items()}

    def show_hit(self, document_id: int, start: int, end: int) -> None:
        """Opens a document with [start, end) selected (a search hit), the text focused: a
        label key tags it. start == end opens the document only."""
        if self.document is None or self.document.id != document_id:
            self.open_document(document_id)
        if end > start:
            self.document_view.select_range(start, end)
            self.document_view.centerCursor()
        self.document_view.setFocus()

    def reload_spans(self) -> None:
        self.presenter.reload_spans()

    def spans(self) -> list[Span]:
        """The spans the window shows for the current document, in text order."""
        return self.span_panel.spans()

    def _labels_changed(self) -> None:
        self._load_labels()
        self.presenter.reload_spans()

    # -- annotating (the controller decides; these are for scripts and tests) -------------

    def tag_selection(self, label: str, start: int, end: int) -> Span | None:
        return self.controller.tag_selection(label, start, end)

    @property
    def undo_stack(self):
        return self.history.stack

    # -- reacting to changes -------------------------------------------------------------

    def _update_counts(self) -> None:
        model = self.span_model
        self.status.show_counts(self.document_model.rowCount(), model.label_counts, model.gold_count, self.labels)

    # -- review --------------------------------------------------------------------------

    def set_review_mode(self, on: bool) -> None:
        self.review.set_active(on)
        self.document_model.show_review(self.review.progress.state if on else None)
        if not on:
            self.controller.cancel()
            self.layers.show_only(None)

    def _begin_gold_edit(self, start: int, end: int) -> None:
        self.document_view.select_range(start, end)
        self.document_view.setFocus()
        self.controller.set_mode(InputMode.GOLD_EDIT)

    def show_agreement(self) -> AgreementDialog | None:
        return show_agreement(self, self.project, self.review.chosen() if self.review.active else None)

    # -- help ----------------------------------------------------------------------------

    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = ShortcutsDialog(self.registry.rows(), self.settings.fileName(), self)
        dialog.open()
        return dialog

    def show_about(self):
        log = log_path()
        return about_box(self, [("Project", str(self.project.path)), ("Settings", self.settings.fileName()),
                                ("Log", str(log) if log else "not written (no log was set up)")])

    # -- layout and closing --------------------------------------------------------------

    def _restore_layout(self) -> None:
        """The window's size and place, its splitter and its docks, as they were left."""
        if self.settings.value("window/state") is None:
            # A first start opens on the text and its spans; the claim editor comes up when a
            # claim is tagged or chosen, the lists from the Claims menu.
            for dock in (self.frame_editor, self.claims_dock, self.registry_panel):
                dock.hide()
        for key, restore in (("window/geometry", self.restoreGeometry), ("window/state", self.restoreState)):
            self._restore(key, restore)
        self.review.set_active(False)   # the dock's place comes back; review mode starts off
        self.suggestions.set_mode(False)

    def _restore(self, key: str, restore) -> None:
        value = self.settings.value(key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            restore(value)

    def showEvent(self, event: QShowEvent) -> None:
        # The splitter's sizes are kept for its final width, which it has only once shown.
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self._restore("window/splitter", self.splitter.restoreState)

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/splitter", self.splitter.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:
        # Every action is already committed; closing keeps the layout, brings the list up to
        # date (so nothing is left to do once the project is closed) and lets the window go.
        self.save_layout()
        self.span_panel.flush()
        self.claims.stop()
        self.registry_panel.stop()
        event.accept()
