"""Tools › Suggest…: which sources to suggest from (the registry's names and aliases, the
codebook's patterns, an installed spaCy pipeline by name or folder) and over what (this
document or the whole corpus). The dialog only asks; `SuggestionFeature.run` runs it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from annotator.ui.plain import plain_label
from annotator.wording import plural

if TYPE_CHECKING:
    from annotator.store import Project

MODEL_KEY = "suggestions/model"


class SuggestDialog(QDialog):
    """Emits `run_requested(SuggestOptions)` when the analyst presses Suggest."""

    run_requested = Signal(object)

    def __init__(self, project: Project, document_id: int | None, settings: QSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestDialog")
        self.setWindowTitle("Suggest")
        self.settings = settings
        self.document_id = document_id
        entries = len(project.entities())
        patterns = len(project.suggest_patterns())
        self.registry = QCheckBox(f"Registry names and aliases ({plural(entries, 'entry', 'entries')})", self)
        self.registry.setChecked(entries > 0)
        self.patterns = QCheckBox(f"Patterns of the codebook ({plural(patterns, 'pattern')})", self)
        self.patterns.setChecked(patterns > 0)
        self.use_model = QCheckBox("A spaCy pipeline:", self)
        self.model = QLineEdit(str(settings.value(MODEL_KEY, "") or ""), self)
        self.model.setObjectName("suggestModel")
        self.model.setPlaceholderText("en_core_web_sm, or its folder")
        self.use_model.setChecked(bool(self.model.text()))
        self.model.textEdited.connect(lambda text: self.use_model.setChecked(bool(text.strip())))
        folder = QPushButton("Folder…", self)
        folder.clicked.connect(self._choose_folder)
        model_row = QHBoxLayout()
        model_row.addWidget(self.use_model)
        model_row.addWidget(self.model, 1)
        model_row.addWidget(folder)
        sources = QGroupBox("Suggest from", self)
        source_layout = QVBoxLayout(sources)
        source_layout.addWidget(self.registry)
        source_layout.addWidget(self.patterns)
        source_layout.addLayout(model_row)
        source_layout.addWidget(plain_label(self, "A pipeline's labels become ours through the model label "
                                                  "mapping (Tools › Suggestion patterns…)."))

        documents = len(project.document_ids())
        self.this_document = QRadioButton("This document", self)
        self.corpus = QRadioButton(f"Every document ({plural(documents, 'document')})", self)
        (self.this_document if document_id is not None else self.corpus).setChecked(True)
        self.this_document.setEnabled(document_id is not None)
        scope = QGroupBox("Where", self)
        scope_layout = QVBoxLayout(scope)
        scope_layout.addWidget(self.this_document)
        scope_layout.addWidget(self.corpus)

        self.clear = QCheckBox("First forget the suggestions of these sources here that nobody "
                               "has decided (accepted and rejected ones are kept)", self)
        self.clear.setObjectName("suggestClear")
        scope_layout.addWidget(self.clear)

        note = plain_label(self, "Suggestions are a layer of their own until you accept them. A place you "
                                 "rejected is never suggested to you again (each analyst decides for themselves); "
                                 "running again adds only new places.")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.button(QDialogButtonBox.Ok).setText("Suggest")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(sources)
        layout.addWidget(scope)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "A spaCy pipeline's folder")
        if folder:
            self.model.setText(folder)
            self.use_model.setChecked(True)

    def options(self):
        """The choices as the engine takes them (`annotator.suggest.SuggestOptions`)."""
        from annotator.suggest import SuggestOptions

        model = self.model.text().strip() if self.use_model.isChecked() else ""
        return SuggestOptions(registry=self.registry.isChecked(), patterns=self.patterns.isChecked(),
                              model=model or None,
                              document_ids=[self.document_id] if self.this_document.isChecked() else None,
                              clear=self.clear.isChecked())

    def accept(self) -> None:
        if not (self.registry.isChecked() or self.patterns.isChecked() or self.model.text().strip()
                and self.use_model.isChecked()):
            return   # nothing to suggest from: the dialog stays
        if self.use_model.isChecked():
            self.settings.setValue(MODEL_KEY, self.model.text().strip())
        super().accept()
        self.run_requested.emit(self.options())
