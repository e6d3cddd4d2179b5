"""The open document on screen: the text view, the span list beside it and the document list's
counts, kept in step with the project.

The presenter opens a document, shows the spans of the layers the analyst chose, and
follows the session's span signals, so a change made anywhere (a key, an undo, a review
decision, later a background job) is shown the same way: at once in the text, one event
loop turn later in the list (see `SpanPanel`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from annotator.model import Document, Span

if TYPE_CHECKING:
    from annotator.ui.document_list import DocumentListModel
    from annotator.ui.document_view import DocumentView
    from annotator.ui.layers import LayerChooser
    from annotator.ui.session import ProjectSession
    from annotator.ui.span_panel import SpanPanel


class DocumentPresenter(QObject):
    document_opened = Signal(object)   # Document

    def __init__(self, session: ProjectSession, view: DocumentView, span_panel: SpanPanel,
                 documents: DocumentListModel, layers: LayerChooser, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.project = session.project
        self.view = view
        self.span_panel = span_panel
        self.documents = documents
        self.layers = layers
        self.document: Document | None = None
        self._layers_here: set[str] = set()     # the document's layers that have spans, when opened
        self._hidden_here: set[str] = set()     # which of them were hidden when last read
        session.span_added.connect(self._span_added)
        session.span_removed.connect(self._span_removed)
        session.span_updated.connect(self._span_updated)
        session.spans_reset.connect(self.reload_spans)
        layers.changed.connect(self._layers_changed)
        span_panel.span_activated.connect(lambda span_id: self.select_span(span_id, scroll=True))

    def open(self, document_id: int) -> None:
        """Shows a document with its spans."""
        self.document = self.project.document(document_id)
        self._layers_here = self.project.layers_in(document_id)
        spans = self.visible_spans()
        self.view.show_document(self.document.text, spans)
        self.span_panel.reset(self.document.text, spans)
        self.document_opened.emit(self.document)

    def visible_spans(self) -> list[Span]:
        """The current document's spans in the layers the analyst chose to see."""
        if self.document is None:
            return []
        hidden = self.layers.hidden
        self._hidden_here = hidden & self._layers_here
        shown = [a.id for a in self.project.annotators() if a.id not in hidden] if hidden else None
        return self.project.spans(self.document.id, shown)

    def shown_spans(self, annotator_ids: list[str]) -> list[Span] | None:
        """The open document's spans of these layers as the window shows them (no query), or
        None if one of the layers is hidden (then only the project has them all)."""
        if self.document is None or self.layers.hidden & set(annotator_ids):
            return None
        wanted = set(annotator_ids)
        return [span for span in self.span_panel.spans() if span.annotator_id in wanted]

    def reload_spans(self) -> None:
        """Reads the current document's spans anew, keeping the text and the scroll position."""
        if self.document is None:
            return
        self._layers_here = self.project.layers_in(self.document.id)
        spans = self.visible_spans()
        self.view.set_spans(spans)
        self.span_panel.reset(self.document.text, spans)
        self.documents.set_span_count(self.document.id, self.project.span_count(self.document.id))

    def _layers_changed(self) -> None:
        """Reads the spans again only if a layer with spans here was shown or hidden: review
        mode hides the analysts it does not compare, who often have nothing on the document."""
        if self.document is not None and self.layers.hidden & self._layers_here != self._hidden_here:
            self.reload_spans()

    def select_span(self, span_id: int | None, scroll: bool = False) -> None:
        self.view.select_span(span_id, scroll=scroll)
        self.span_panel.select(span_id)

    def show_layer(self, annotator_id: str) -> None:
        """Makes sure a layer is shown (a tag in a hidden layer would vanish as it is made)."""
        if annotator_id in self.layers.hidden:
            self.layers.show_only([a.id for a in self.layers.annotators
                                   if a.id not in self.layers.hidden or a.id == annotator_id])

    # -- following the session -----------------------------------------------------------

    def _is_shown(self, span: Span) -> bool:
        return (self.document is not None and span.document_id == self.document.id
                and span.annotator_id not in self.layers.hidden)

    def _span_added(self, span: Span) -> None:
        self.documents.adjust_span_count(span.document_id, +1)
        if self.document is not None and span.document_id == self.document.id:
            self._layers_here.add(span.annotator_id)
        if self._is_shown(span):
            self.view.add_span(span)
            self.span_panel.add(span)

    def _span_removed(self, span: Span) -> None:
        self.documents.adjust_span_count(span.document_id, -1)
        if self._is_shown(span):
            self.view.remove_span(span.id)
            self.span_panel.remove(span.id)

    def _span_updated(self, _old: Span, new: Span) -> None:
        if self._is_shown(new):
            self.view.add_span(new)
            self.span_panel.replace(new)
