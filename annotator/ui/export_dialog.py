"""File › Export…: what goes into the file, chosen as on the command line, and said in a sentence.

Every layer, chosen layers (analysts and the gold layer), or the texts alone; and the format,
from the writer registry (`annotator.formats`). The dialog only chooses: when the analyst
presses Export… it announces the choice (`export_chosen`), and the File menu's owner asks for
the file and runs the same use case as `annotator export` (`transfer.export_project`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QListView,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from annotator import formats
from annotator.model import GOLD_ANNOTATOR_ID, Annotator
from annotator.ui.plain import plain_label
from annotator.wording import plural

EVERY_LAYER, CHOSEN_LAYERS, TEXTS_ONLY = "every", "chosen", "texts"


@dataclass(frozen=True)
class ExportChoice:
    """What to export: `layers` are annotator ids (None: every layer; empty with `texts_only`)."""

    layers: tuple[str, ...] | None
    texts_only: bool
    format: str      # a writer's name


def _and(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def layer_names(annotators: Sequence[Annotator]) -> list[str]:
    """How a sentence names layers: "Ana's", "Ben's", "gold" (the reviewed layer)."""
    return ["gold" if a.id == GOLD_ANNOTATOR_ID else f"{a.name}'s" for a in annotators]


def export_summary(documents: int, layers: Sequence[Annotator], spans: int, format_description: str,
                   texts_only: bool = False) -> str:
    """One sentence saying what an export writes: "3 documents with Ana's and Ben's spans,
    214 spans, JSON Lines". Every document is written, with or without spans."""
    if texts_only:
        return f"{plural(documents, 'document')}, texts only (no spans), {format_description}"
    if not layers or not spans:
        return f"{plural(documents, 'document')}, no spans, {format_description}"
    return (f"{plural(documents, 'document')} with {_and(layer_names(layers))} spans, "
            f"{plural(spans, 'span')}, {format_description}")


class ExportDialog(QDialog):
    export_chosen = Signal(object)   # ExportChoice

    def __init__(self, documents: int, annotators: Sequence[Annotator], span_counts: Mapping[str, int],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export")
        self.documents = documents
        self.annotators = list(annotators)
        self.span_counts = dict(span_counts)

        self.every = QRadioButton("&Every layer", self)
        self.every.setObjectName("exportEvery")
        self.chosen = QRadioButton("&Chosen layers:", self)
        self.chosen.setObjectName("exportChosen")
        self.texts = QRadioButton("&Texts only, without spans (for a colleague to code afresh)", self)
        self.texts.setObjectName("exportTexts")
        self.scope = QButtonGroup(self)
        for button in (self.every, self.chosen, self.texts):
            self.scope.addButton(button)
        self.every.setChecked(True)

        self.layer_model = QStandardItemModel(self)
        for annotator in self.annotators:
            count = self.span_counts.get(annotator.id, 0)
            name = "gold (reviewed layer)" if annotator.id == GOLD_ANNOTATOR_ID else annotator.name
            item = QStandardItem(f"{name} — {plural(count, 'span')}")
            item.setData(annotator.id, Qt.UserRole)
            item.setCheckable(True)
            item.setCheckState(Qt.Unchecked)
            item.setEditable(False)
            self.layer_model.appendRow(item)
        self.layer_list = QListView(self)
        self.layer_list.setObjectName("exportLayers")
        self.layer_list.setModel(self.layer_model)
        self.layer_list.setMaximumHeight(110)

        self.format = QComboBox(self)
        self.format.setObjectName("exportFormat")
        for writer in formats.WRITERS:
            self.format.addItem(writer.description, writer.name)
        self.format.setCurrentIndex(self.format.findData(formats.DEFAULT_WRITER))

        self.summary = plain_label(self)
        self.summary.setObjectName("exportSummary")
        self.summary.setWordWrap(True)
        self.note = plain_label(self)
        self.note.setObjectName("exportNote")
        self.note.setWordWrap(True)

        self.buttons = QDialogButtonBox(QDialogButtonBox.Cancel, self)
        self.export_button = self.buttons.addButton("E&xport…", QDialogButtonBox.AcceptRole)
        self.export_button.setObjectName("exportButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(self, "What goes into the file:"))
        layout.addWidget(self.every)
        layout.addWidget(self.chosen)
        layout.addWidget(self.layer_list)
        layout.addWidget(self.texts)
        form = QFormLayout()
        form.addRow("&Format:", self.format)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)

        self.scope.buttonToggled.connect(lambda *_: self._update())
        self.layer_model.itemChanged.connect(self._one_layer_only)
        self.layer_model.itemChanged.connect(lambda *_: self._update())
        self.format.currentIndexChanged.connect(lambda *_: self._update())
        self._update()

    # -- the choice ----------------------------------------------------------------------

    def choose_layers(self, annotator_ids: Sequence[str]) -> None:
        """Chosen layers, these ones (as ticking them would)."""
        self.chosen.setChecked(True)
        for row in range(self.layer_model.rowCount()):
            item = self.layer_model.item(row)
            item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in annotator_ids else Qt.Unchecked)

    def choice(self) -> ExportChoice:
        name = self.format.currentData()
        if self.texts.isChecked():
            return ExportChoice((), True, name)
        if self.every.isChecked():
            return ExportChoice(None, False, name)
        ticked = tuple(self.layer_model.item(row).data(Qt.UserRole) for row in range(self.layer_model.rowCount())
                       if self.layer_model.item(row).checkState() == Qt.Checked)
        return ExportChoice(ticked, False, name)

    def _layers_of(self, choice: ExportChoice) -> list[Annotator]:
        if choice.texts_only:
            return []
        wanted = choice.layers
        return [a for a in self.annotators if (wanted is None and self.span_counts.get(a.id))
                or (wanted is not None and a.id in wanted)]

    def _writes_one_layer(self) -> bool:
        return formats.writer_for(self.format.currentData()).one_layer

    def _one_layer_only(self, ticked: QStandardItem) -> None:
        """For a format of one layer (spaCy, IOB, Hugging Face), ticking a layer unticks the others."""
        if not self._writes_one_layer() or ticked.checkState() != Qt.Checked:
            return
        for row in range(self.layer_model.rowCount()):
            item = self.layer_model.item(row)
            if item is not ticked and item.checkState() == Qt.Checked:
                item.setCheckState(Qt.Unchecked)

    def _update(self) -> None:
        one_layer = self._writes_one_layer()
        self.every.setEnabled(not one_layer)
        if one_layer and self.every.isChecked():
            self.chosen.setChecked(True)  # calls _update again
            return
        if one_layer:
            ticked = [row for row in range(self.layer_model.rowCount())
                      if self.layer_model.item(row).checkState() == Qt.Checked]
            for row in ticked[1:]:
                self.layer_model.item(row).setCheckState(Qt.Unchecked)
        choice = self.choice()
        layers = self._layers_of(choice)
        spans = sum(self.span_counts.get(a.id, 0) for a in layers)
        self.layer_list.setEnabled(self.chosen.isChecked())
        self.summary.setText(export_summary(self.documents, layers, spans, self.format.currentText(),
                                            choice.texts_only))
        if one_layer and not choice.texts_only and not choice.layers:
            self.note.setText(f"{self.format.currentText()} holds one layer: tick one analyst, or gold.")
        elif choice.layers is not None and not choice.layers and not choice.texts_only:
            self.note.setText("Tick at least one layer, or choose Texts only.")
        elif len([a for a in layers if self.span_counts.get(a.id)]) > 1:
            self.note.setText("The layers overlap: each span names its analyst, so the file keeps "
                              "them apart.")
        else:
            self.note.setText("")
        self.export_button.setEnabled(choice.texts_only or choice.layers is None or bool(choice.layers))

    def accept(self) -> None:
        choice = self.choice()
        super().accept()
        self.export_chosen.emit(choice)
