"""The frame editor: a dock beside the text where a claim gets its speaker, issue, stance,
category and note, keyboard first.

It writes nothing itself. It shows a frame as the claims presenter hands it over
(`show_frame`, with the names that can complete each field) and announces what the
analyst asked for: a field's new text (`field_edited`), a stance (`stance_chosen`), done
(`finished`, Enter) or left as it is (`cancelled`, Esc). The presenter turns those into
undoable commands, and shows the stored frame again.

Keys. Speaker, issue and category are editable combo boxes: typing completes inline from
their candidates (the Actor or Issue spans inside and near the claim first, then the
registry's names and aliases), and the arrow opens the list for the mouse. Tab moves on to
the next field and saves the one left. The stance keys (`+`, `-`, `0`, `?` by default: the
window's "claims" actions) set the stance from anywhere in the editor, also while typing a
name, unless the key could continue a known name ("G2" + "0" → "G20" when there is one):
a key is a stance key in a field when the field is empty or holds a known name exactly,
and no known name begins with the text plus that key. Enter saves the field and hands the
keyboard back to the text; Esc drops the unsaved typing and hands it back too.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from annotator.model import STANCE_KEYS, fold_name

SPEAKERS, ISSUES, CATEGORY, NOTE = "speakers", "issues", "category", "note"
STANCE_NAMES = {"support": "Support", "oppose": "Oppose", "neutral": "Neutral", "": "Unknown"}


@dataclass(frozen=True)
class FrameView:
    """What the editor shows of one frame: each field as text, and the choices that complete
    the speaker, issue and category fields (best first)."""

    claim_id: str
    excerpt: str
    speakers: str
    issues: str
    stance: str
    category: str
    note: str
    complete: bool
    editable: bool
    speaker_choices: tuple[str, ...] = ()
    issue_choices: tuple[str, ...] = ()
    category_choices: tuple[str, ...] = ()


class FrameEditor(QDockWidget):
    field_edited = Signal(str, str, str)   # claim id, field (speakers, issues, category, note), its text
    stance_chosen = Signal(str, str)       # claim id, stance ("" unknown)
    link_requested = Signal()              # pick a speaker or issue span in the text
    finished = Signal()                    # Enter: the field is saved; the text takes the keyboard back
    cancelled = Signal()                   # Esc: unsaved typing dropped; the text takes the keyboard back

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Claim", parent)
        self.setObjectName("frameEditor")
        self.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetClosable)
        self.frame: FrameView | None = None
        self.stance_actions: dict[str, QAction] = {}
        body = QWidget(self)
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.excerpt = QLabel(body)
        self.excerpt.setWordWrap(True)
        self.excerpt.setObjectName("claimExcerpt")
        form.addRow(self.excerpt)
        self.fields: dict[str, QComboBox] = {}
        for name, title in ((SPEAKERS, "&Speaker"), (ISSUES, "&Issue"), (CATEGORY, "Ca&tegory")):
            box = self._choice_box(name)
            self.fields[name] = box
            form.addRow(title, box)
        stance_row = QHBoxLayout()
        self.stance_group = QButtonGroup(self)
        self.stance_group.setExclusive(True)
        self.stance_buttons: dict[str, QToolButton] = {}
        for stance, key in STANCE_KEYS.items():
            button = QToolButton(body)
            button.setCheckable(True)
            button.setText(f"{STANCE_NAMES[stance]} {key}")
            button.setObjectName(f"stance_{stance or 'unknown'}")
            button.clicked.connect(lambda _=False, s=stance: self._stance_clicked(s))
            self.stance_group.addButton(button)
            self.stance_buttons[stance] = button
            stance_row.addWidget(button)
        stance_row.addStretch(1)
        form.addRow("Stance", stance_row)
        self.note = QLineEdit(body)
        self.note.setObjectName("claimNote")
        self.note.installEventFilter(self)
        form.addRow("&Note", self.note)
        self.link_button = QPushButton("Pick a span in the text…", body)
        self.link_button.setToolTip("Then click (or Tab to) an Actor span for a speaker, an Issue span for an issue")
        self.link_button.clicked.connect(self.link_requested)
        self.state = QLabel(body)
        self.state.setObjectName("claimState")
        bottom = QHBoxLayout()
        bottom.addWidget(self.state, 1)
        bottom.addWidget(self.link_button)
        form.addRow(bottom)
        self.setWidget(body)
        body.setEnabled(False)
        self.state.setText("Select a claim, or tag one with its key.")

    def _choice_box(self, name: str) -> QComboBox:
        box = QComboBox(self)
        box.setObjectName(f"claim_{name}")
        box.setEditable(True)
        box.setInsertPolicy(QComboBox.NoInsert)
        box.setMaxVisibleItems(16)
        completer = box.completer()
        completer.setCompletionMode(QCompleter.InlineCompletion)
        completer.setCaseSensitivity(Qt.CaseInsensitive)
        completer.setModelSorting(QCompleter.UnsortedModel)   # near spans first, as given
        box.installEventFilter(self)   # keys reach the box, which hands them to its line edit
        box.lineEdit().setClearButtonEnabled(True)
        box.activated.connect(lambda _index, n=name: self._commit(n))
        return box

    # -- showing a frame -----------------------------------------------------------------

    def show_frame(self, frame: FrameView | None) -> None:
        """Shows a frame (None: no claim). A field the analyst is typing in keeps their text
        while the same frame is shown anew (after a save elsewhere in it)."""
        same = frame is not None and self.frame is not None and frame.claim_id == self.frame.claim_id
        self.frame = frame
        self.widget().setEnabled(frame is not None and frame.editable)
        if frame is None:
            self.excerpt.setText("")
            self.state.setText("Select a claim, or tag one with its key.")
            for box in self.fields.values():
                box.clear()
            self.note.clear()
            return
        self.excerpt.setText(f"“{frame.excerpt}”")
        for name, text, choices in ((SPEAKERS, frame.speakers, frame.speaker_choices),
                                    (ISSUES, frame.issues, frame.issue_choices),
                                    (CATEGORY, frame.category, frame.category_choices)):
            box = self.fields[name]
            typing = same and box.lineEdit().isModified() and box.currentText() != text
            kept = box.currentText()
            box.blockSignals(True)
            box.clear()
            box.addItems(list(choices))
            box.setCurrentIndex(-1)
            box.setEditText(kept if typing else text)
            box.blockSignals(False)
        if not (same and self.note.isModified()):
            self.note.setText(frame.note)
        self.stance_buttons[frame.stance].setChecked(True)
        missing = [what for what, text in (("speaker", frame.speakers), ("issue", frame.issues)) if not text]
        self.state.setText("Complete." if frame.complete else f"Incomplete: no {' and no '.join(missing)}.")
        if not frame.editable:
            self.state.setText("A colleague's claim: read-only.")

    def focus_first_empty(self) -> None:
        """Puts the keyboard in the first field still empty (speaker, then issue), else the issue."""
        for name in (SPEAKERS, ISSUES):
            if not self.fields[name].currentText():
                self._focus(self.fields[name])
                return
        self._focus(self.fields[ISSUES])

    def _focus(self, box: QComboBox) -> None:
        self.raise_()
        box.setFocus(Qt.OtherFocusReason)
        box.lineEdit().selectAll()

    def set_stance_actions(self, actions: dict[str, QAction]) -> None:
        """The window's stance actions: their keys are the stance keys inside the fields too."""
        self.stance_actions = actions
        for stance, action in actions.items():
            keys = ", ".join(k.toString() for k in action.shortcuts())
            self.stance_buttons[stance].setText(f"{STANCE_NAMES[stance]} {keys}".rstrip())
            self.stance_buttons[stance].setToolTip(action.text().replace("&", ""))

    # -- what the analyst does -----------------------------------------------------------

    def field_name(self, widget: QObject) -> str | None:
        if widget is self.note:
            return NOTE
        return next((name for name, box in self.fields.items() if widget is box or widget is box.lineEdit()),
                    None)

    def text_of(self, name: str) -> str:
        return self.note.text() if name == NOTE else self.fields[name].currentText()

    def _stored(self, name: str) -> str:
        frame = self.frame
        return {SPEAKERS: frame.speakers, ISSUES: frame.issues, CATEGORY: frame.category,
                NOTE: frame.note}[name] if frame is not None else ""

    def _commit(self, name: str) -> None:
        """Announces a field's text if it differs from the frame's."""
        if self.frame is None or not self.frame.editable:
            return
        text = self.text_of(name).strip()
        (self.note if name == NOTE else self.fields[name].lineEdit()).setModified(False)
        if text != self._stored(name):
            self.field_edited.emit(self.frame.claim_id, name, text)

    def commit_all(self) -> None:
        for name in (SPEAKERS, ISSUES, CATEGORY, NOTE):
            self._commit(name)

    def choose_stance(self, stance: str) -> None:
        """A stance key or button: saves what is typed, then the stance."""
        if self.frame is None or not self.frame.editable:
            return
        self.commit_all()
        if self.frame is not None and stance != self.frame.stance:
            self.stance_chosen.emit(self.frame.claim_id, stance)

    def _stance_clicked(self, stance: str) -> None:
        self.choose_stance(stance)

    def _revert(self, name: str) -> None:
        if name == NOTE:
            self.note.setText(self._stored(NOTE))
        else:
            self.fields[name].setEditText(self._stored(name))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.FocusOut:
            name = self.field_name(watched)
            if name is not None and self.isAncestorOf(watched):
                self._commit(name)
            return False
        if event.type() != QEvent.KeyPress:
            return False
        name = self.field_name(watched)
        if name is None:
            return False
        key = event.key()
        if key in (Qt.Key_Return, Qt.Key_Enter):
            self._commit(name)
            self.finished.emit()
            return True
        if key == Qt.Key_Escape:
            self._revert(name)
            self.cancelled.emit()
            return True
        stance = self._stance_for(event)
        if stance is not None and name != NOTE and self._is_stance_key(name, event.text()):
            self.choose_stance(stance)
            return True
        return False

    def _stance_for(self, event: QKeyEvent) -> str | None:
        text = event.text()
        if not text or event.modifiers() & (Qt.ControlModifier | Qt.AltModifier):
            return None
        for stance, action in self.stance_actions.items():
            if any(k.toString() == text for k in action.shortcuts()):
                return stance
        return None

    def _is_stance_key(self, name: str, char: str) -> bool:
        """See the module's docstring: a stance key unless it could continue a known name."""
        box = self.fields[name]
        text = fold_name(box.currentText())
        choices = [fold_name(box.itemText(i)) for i in range(box.count())]
        if any(choice.startswith(fold_name(box.currentText() + char)) for choice in choices):
            return False
        return not text or text in choices

