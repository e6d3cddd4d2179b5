"""Find in the open document (Ctrl+F): a bar under the text, not a dialog, so the analyst
can keep reading, tagging and stepping through hits.

Every hit is highlighted (`FindHighlights`, painted for the visible lines only); Enter or F3
goes to the next, Shift+Enter or Shift+F3 to the previous, each selected in the text as if
dragged over, so a label key tags it at once. Esc closes the bar and gives the text the
keyboard. Matching is `annotator.text_find` (code points; case and whole words optional)."""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from annotator.text_find import find_all
from annotator.ui.document_view import DocumentView


class _FindField(QLineEdit):
    stepped = Signal(bool)      # forward?
    closed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key_Return, Qt.Key_Enter):
            self.stepped.emit(not event.modifiers() & Qt.ShiftModifier)
        elif event.key() == Qt.Key_Escape:
            self.closed.emit()
        else:
            super().keyPressEvent(event)


class FindBar(QWidget):
    """The bar; `view` is the document view it searches and marks."""

    def __init__(self, view: DocumentView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.view = view
        self.hits: list[tuple[int, int]] = []   # code points
        self.current = -1
        self.field = _FindField(self)
        self.field.setPlaceholderText("Find in this document")
        self.field.setClearButtonEnabled(True)
        self.previous_button = QToolButton(self, text="↑", toolTip="Previous hit (Shift+Enter, Shift+F3)")
        self.next_button = QToolButton(self, text="↓", toolTip="Next hit (Enter, F3)")
        self.case_box = QCheckBox("Match case", self)
        self.words_box = QCheckBox("Whole words", self)
        self.count_label = QLabel(self)
        self.count_label.setMinimumWidth(90)
        close = QToolButton(self, text="✕", toolTip="Close (Esc)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        for widget in (self.field, self.previous_button, self.next_button, self.case_box, self.words_box,
                       self.count_label):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(close)
        self.field.textChanged.connect(self.refresh)
        self.case_box.toggled.connect(self.refresh)
        self.words_box.toggled.connect(self.refresh)
        self.field.stepped.connect(self.step)
        self.field.closed.connect(self.close_bar)
        self.previous_button.clicked.connect(lambda: self.step(False))
        self.next_button.clicked.connect(lambda: self.step(True))
        close.clicked.connect(self.close_bar)
        self.hide()

    def open_bar(self) -> None:
        """Shows the bar with the field focused; a short one-line selection becomes the needle."""
        selected = self.view.selection_range()
        if selected is not None:
            piece = self.view.text[selected[0]:selected[1]]
            if 0 < len(piece) <= 200 and "\n" not in piece:
                self.field.setText(piece)
        self.show()
        self.field.setFocus()
        self.field.selectAll()
        self.refresh()

    def close_bar(self) -> None:
        self.hide()
        self.view.find_highlights.clear()
        self.view.viewport().update()
        self.view.setFocus()

    def refresh(self) -> None:
        """Finds again (another needle, option or document); the current hit is the first at or
        after the cursor."""
        if self.isHidden():
            return
        self.hits = find_all(self.view.text, self.field.text(), match_case=self.case_box.isChecked(),
                             whole_words=self.words_box.isChecked())
        cursor = self.view.offsets.to_codepoint(self.view.textCursor().selectionStart())
        self.current = min(bisect_left(self.hits, (cursor, 0)), len(self.hits) - 1)
        self._show(select=bool(self.hits))

    def step(self, forward: bool = True) -> None:
        if self.isHidden():
            self.open_bar()
            return
        if not self.hits:
            return
        self.current = (self.current + (1 if forward else -1)) % len(self.hits)
        self._show(select=True)

    def _show(self, select: bool) -> None:
        to_utf16 = self.view.offsets.to_utf16
        self.view.find_highlights.set_hits([(to_utf16(s), to_utf16(e)) for s, e in self.hits], self.current)
        if select and self.current >= 0:
            start, end = self.hits[self.current]
            self.view.select_range(start, end)
            self.view.centerCursor()
        self.view.viewport().update()
        needle = self.field.text()
        self.count_label.setText("" if not needle else "no hits" if not self.hits
                                 else f"{self.current + 1} of {len(self.hits):,}")
