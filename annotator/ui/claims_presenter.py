"""The open document's claims on screen: the claims list, the frame editor, and the marks in
the text (incomplete claims; the selected claim's speaker and issue spans outlined).

Claims are read after the document's first paint (a zero-timer), so opening a document
with thousands of claims shows its text as fast as without them; every later change the
session announces (`claims_changed`, `links_changed`, `registry_changed` …) reads the
document's claims again, coalesced into one read per turn of the event loop.

Every change the analyst makes here is an undoable command on the window's history:
tagging a Claim (its key) makes the span and, in the same undo step, its frame with the
default speaker of the passage or document; the editor's fields, the stance keys and a
span picked in the text (the controller's LINK mode) each push an `UpdateClaimCommand`.
A name that is in neither the text nor the registry becomes a new registry entry, in the
same undo step as the change that uses it.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QInputDialog, QWidget

from annotator.model import ACTOR, ISSUE, ClaimFrame, Document, Ref, Span, fold_name
from annotator.ui.claims_list import ClaimRow, ClaimsDock, ClaimTableModel
from annotator.ui.commands import AddEntityCommand, CreateClaimCommand, DefaultSpeakerCommand, UpdateClaimCommand
from annotator.ui.frame_editor import CATEGORY, ISSUES, NOTE, SPEAKERS, FrameEditor, FrameView
from annotator.ui.span_list import preview

if TYPE_CHECKING:
    from annotator.ui.controller import AnnotationController
    from annotator.ui.document_view import DocumentView
    from annotator.ui.history import History
    from annotator.ui.session import ProjectSession

CLAIM, ACTOR_LABEL, ISSUE_LABEL = "Claim", "Actor", "Issue"   # the labels claims are made of
NEAR_SPANS = 8           # Actor (Issue) spans offered first: inside the claim, then the nearest
NEAR_WINDOW = 3000       # code points either side of the claim searched for them
NAME_CHARS = 60
UNFRAMED = "new:"        # the id prefix of a Claim span's frame not made yet


def unframed(span: Span) -> ClaimFrame:
    """What a Claim span without a frame shows: an empty, incomplete frame that is stored on
    its first change (an empty frame stored at once would be a frame nobody decided on)."""
    return ClaimFrame(f"{UNFRAMED}{span.id}", span.id, span.annotator_id, document_id=span.document_id)


class Frames(dict):
    """Claim span id → frame, keeping the set of incomplete ones as frames come and go: the
    text marks them, and that is asked on every keystroke that shows a claim."""

    def __init__(self, frames: dict[int, ClaimFrame] | None = None) -> None:
        super().__init__()
        self.incomplete: set[int] = set()
        for span_id, frame in (frames or {}).items():
            self[span_id] = frame

    def __setitem__(self, span_id: int, frame: ClaimFrame) -> None:
        super().__setitem__(span_id, frame)
        (self.incomplete.discard if frame.complete else self.incomplete.add)(span_id)

    def pop(self, span_id: int, *default):
        self.incomplete.discard(span_id)
        return super().pop(span_id, *default)


class ClaimsPresenter(QObject):
    message = Signal(str)
    claim_shown = Signal(object)   # int | None: the Claim span whose frame is selected

    def __init__(self, session: ProjectSession, history: History, view: DocumentView,
                 controller: AnnotationController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.project = session.project
        self.history = history
        self.view = view
        self.controller = controller
        self.document: Document | None = None
        self.frames = Frames()                      # Claim span id → its frame (shown layers)
        self.names: dict[str, str] = {}             # entry id → canonical name
        self.current: int | None = None             # the selected claim's span id
        self.loaded_for: int | None = None          # the document whose claims are read
        self.model = ClaimTableModel(self.describe, self)
        self.dock = ClaimsDock(self.model)
        self.editor = FrameEditor()
        self._choices: dict[str, dict[str, object]] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.read)
        self._updating: str | None = None         # the frame id this presenter is changing now
        for signal in (session.claims_changed, session.links_changed):
            signal.connect(self._document_changed)
        session.span_added.connect(self._span_added)
        session.span_removed.connect(self._span_removed)
        for signal in (session.claims_reset, session.registry_changed, session.claim_categories_changed,
                       session.spans_reset, session.labels_changed):
            signal.connect(self.refresh)
        self.editor.field_edited.connect(self._field_edited)
        self.editor.stance_chosen.connect(self._stance_chosen)
        self.editor.link_requested.connect(self.pick_in_text)
        self.editor.finished.connect(self._back_to_text)
        self.editor.cancelled.connect(self._back_to_text)
        self.dock.claim_activated.connect(self.span_selected)

    # -- reading -------------------------------------------------------------------------

    def set_document(self, document: Document | None) -> None:
        self.document = document
        self.frames, self.current, self.loaded_for = Frames(), None, None
        self.model.reset([])
        self.view.set_claim_marks(set(), set())
        self.editor.show_frame(None)
        self.refresh()

    def refresh(self) -> None:
        """Reads the document's claims on the next turn of the event loop (once, however often
        this is called before then)."""
        if self.document is not None:
            self._timer.start()

    def stop(self) -> None:
        """No read left pending (the window is closing; its project will be closed)."""
        self._timer.stop()
        self.document = None

    def _document_changed(self, document_id: int) -> None:
        if self.document is not None and document_id == self.document.id and self._updating is None:
            self.refresh()

    def _span_added(self, span: Span) -> None:
        """A Claim span made (or brought back) joins the list at once, without reading the
        document's claims again: tagging is per keystroke."""
        if not self._follows(span):
            return
        frame = self.project.claim_for_span(span.id) or unframed(span)
        self.frames[span.id] = frame
        self.model.insert(ClaimRow(frame, span.start, span.end))
        self._show_current()

    def _span_removed(self, span: Span) -> None:
        if not self._follows(span):
            return
        self.frames.pop(span.id, None)
        self.model.remove(span.id)
        if self.current == span.id:
            self.current = None
        self._show_current()

    def _follows(self, span: Span) -> bool:
        """Whether a change to this span is one to keep the claims shown in step with: a Claim
        span of the document whose claims are read (before they are, the read will see it)."""
        if span.label != CLAIM or self.document is None or span.document_id != self.document.id:
            return False
        if self.loaded_for != self.document.id or self._timer.isActive():
            self.refresh()
            return False
        return span.id in self.view.index or span.id in self.frames

    def read(self) -> None:
        """The document's frames, for the claims whose Claim span the text shows."""
        self._timer.stop()
        if self.document is None or self.project.closed:
            return
        # Thousands of rows and placeholders, none in a cycle: the cyclic collector running over
        # the window's heap meanwhile would cost more than building them (as in store.claims).
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._read()
        finally:
            if collecting:
                gc.enable()

    def _read(self) -> None:
        index = self.view.index
        self.names = {e.id: e.name for e in self.project.entities(include_retired=True)}
        frames = {}
        for frame in self.project.claims(self.document.id):
            if frame.span_id in index:
                frames[frame.span_id] = frame
        rows = []
        for placed in index.unordered():
            span = placed.span
            if span.label == CLAIM:
                frame = frames.get(span.id)
                if frame is None:
                    frame = frames[span.id] = unframed(span)
                rows.append(ClaimRow(frame, span.start, span.end))
        self.frames = Frames(frames)
        self.loaded_for = self.document.id
        self.model.reset(rows)
        if self.current not in frames:
            self.current = None
        self._show_current()

    # -- naming --------------------------------------------------------------------------

    def _span(self, span_id: int) -> Span | None:
        placed = self.view.index.get(span_id)
        return placed.span if placed is not None else None

    def ref_name(self, ref: Ref) -> str:
        if ref.entity_id is not None:
            return self.names.get(ref.entity_id, "?")
        span = self._span(ref.span_id)
        return preview(self.view.text[span.start:span.end], NAME_CHARS) if span is not None else "?"

    def describe(self, frame: ClaimFrame) -> tuple[str, str, str, str]:
        span = self._span(frame.span_id)
        text = preview(self.view.text[span.start:span.end]) if span is not None else ""
        return ("; ".join(map(self.ref_name, frame.speakers)), "; ".join(map(self.ref_name, frame.issues)),
                frame.category, text)

    # -- selecting -----------------------------------------------------------------------

    def span_selected(self, span_id: int | None) -> None:
        """A span was clicked, stepped to or chosen in a list: a claim's frame is shown, its
        speaker and issue spans outlined."""
        if span_id is not None and span_id in self.frames:
            self.current = span_id
        elif span_id is None or not self._is_part_of_current(span_id):
            self.current = None
        self._show_current()

    def _is_part_of_current(self, span_id: int) -> bool:
        frame = self.frames.get(self.current) if self.current is not None else None
        return frame is not None and Ref.span(span_id) in (*frame.speakers, *frame.issues)

    def _show_current(self) -> None:
        frame = self.frames.get(self.current) if self.current is not None else None
        outlined = set() if frame is None else {r.span_id for r in (*frame.speakers, *frame.issues)
                                                if r.span_id is not None}
        incomplete = set(self.frames.incomplete)
        self.view.set_claim_marks(incomplete, outlined)
        self.editor.show_frame(self._frame_view(frame) if frame is not None else None)
        self.dock.select_span(self.current)
        self.claim_shown.emit(self.current)

    def _frame_view(self, frame: ClaimFrame) -> FrameView:
        span = self._span(frame.span_id)
        speakers = self._ref_choices(frame, ACTOR_LABEL, ACTOR, frame.speakers)
        issues = self._ref_choices(frame, ISSUE_LABEL, ISSUE, frame.issues)
        categories = {}
        for category in self.project.claim_categories():
            categories[f"{category.code} · {category.name}" if category.name else category.code] = category.code
        self._choices = {SPEAKERS: speakers, ISSUES: issues, CATEGORY: categories}
        category = next((shown for shown, code in categories.items() if code == frame.category), frame.category)
        return FrameView(
            claim_id=frame.id,
            excerpt=preview(self.view.text[span.start:span.end], 240) if span is not None else "",
            speakers="; ".join(map(self.ref_name, frame.speakers)),
            issues="; ".join(map(self.ref_name, frame.issues)),
            stance=frame.stance, category=category, note=frame.note, complete=frame.complete,
            editable=frame.annotator_id == self.session.analyst.id,
            speaker_choices=tuple(speakers), issue_choices=tuple(issues), category_choices=tuple(categories))

    def _ref_choices(self, frame: ClaimFrame, label: str, kind: str, current: tuple[Ref, ...]) -> dict[str, Ref]:
        """Shown text → reference: the frame's own, then the label's spans of the claim's layer
        inside the claim and nearest to it, then the registry's names and aliases."""
        choices: dict[str, Ref] = {}
        folded: set[str] = set()

        def offer(shown: str, ref: Ref) -> None:
            key = fold_name(shown)
            if key and key not in folded:
                folded.add(key)
                choices[shown] = ref

        for ref in current:
            offer(self.ref_name(ref), ref)
        claim = self._span(frame.span_id)
        if claim is not None:
            offsets = self.view.offsets
            low = offsets.to_utf16(max(0, claim.start - NEAR_WINDOW))
            high = offsets.to_utf16(min(len(self.view.text), claim.end + NEAR_WINDOW))
            near = [p.span for p in self.view.index.overlapping(low, high)
                    if p.span.label == label and p.span.annotator_id == frame.annotator_id]
            near.sort(key=lambda s: (0 if claim.start <= s.start and s.end <= claim.end else 1,
                                     max(claim.start - s.end, s.start - claim.end, 0), s.start))
            for span in near[:NEAR_SPANS]:
                offer(preview(self.view.text[span.start:span.end], NAME_CHARS), Ref.span(span.id))
        entities = [e for e in self.project.entities(kind)]
        for entity in entities:
            offer(entity.name, Ref.entity(entity.id))
        for entity in entities:
            for alias in entity.aliases + entity.merged_names:
                offer(f"{alias} ({entity.name})", Ref.entity(entity.id))
        return choices

    # -- changing ------------------------------------------------------------------------

    def frame_new_claim(self, span: Span) -> None:
        """A Claim span just tagged by its key: its frame, with the default speaker, joins the
        tag's undo step, and the editor takes the keyboard."""
        if span.label != CLAIM or span.annotator_id != self.session.analyst.id \
                or self.project.claim_for_span(span.id) is not None:
            return
        default = self.project.default_speaker_at(span.document_id, span.start)
        if default is None:
            self.frames[span.id] = unframed(span)
        else:
            command = CreateClaimCommand(self.session, span, speakers=(Ref.entity(default),))
            command.joins_tag = True
            self.history.push(command)
            if self.project.claim_for_span(span.id) is None:   # the store refused; it said why
                return
        self.edit(span.id)

    def edit(self, span_id: int | None = None) -> None:
        """Opens the editor on a claim (the selected span, if none is given) with the keyboard
        in its first empty field; a Claim span of one's own without a frame gets one first."""
        span_id = span_id if span_id is not None else self.view.selected_span_id
        if span_id is None:
            self.message.emit("Select a claim (click it, or Tab to it) to edit its frame.")
            return
        frame = self.project.claim_for_span(span_id)
        if frame is None:
            span = self.project.span(span_id)
            if span.label != CLAIM:
                self.message.emit(f"This is an {span.label} span; a frame belongs to a {CLAIM} span.")
                return
            frame = unframed(span)
        self.frames[span_id] = frame
        self.current = span_id
        self._show_current()
        self.editor.show()
        self.editor.focus_first_empty()

    def set_stance(self, stance: str) -> None:
        """A stance key outside the editor's fields: the selected claim's stance."""
        if self.current is None:
            self.message.emit("Select a claim first, then press a stance key.")
            return
        self.editor.choose_stance(stance)

    def _field_edited(self, claim_id: str, field: str, text: str) -> None:
        frame = self._frame(claim_id)
        if frame is None:
            return
        if field == NOTE:
            self._update(frame, note=text)
        elif field == CATEGORY:
            code = self._category_code(text)
            if code is None:
                self.message.emit(f"No category “{text}” in the codebook; it was left as it was.")
                self._show_current()
                return
            self._update(frame, category=code)
        else:
            self._set_refs(frame, field, text)

    def _category_code(self, text: str) -> str | None:
        if not text:
            return ""
        choices = self._choices.get(CATEGORY, {})
        wanted = fold_name(text)
        for shown, code in choices.items():
            if fold_name(shown) == wanted or fold_name(str(code)) == wanted.split(" ")[0]:
                return str(code)
        return None

    def _set_refs(self, frame: ClaimFrame, field: str, text: str) -> None:
        kind = ACTOR if field == SPEAKERS else ISSUE
        choices = {fold_name(shown): ref for shown, ref in self._choices.get(field, {}).items()}
        refs: list[Ref | str] = []
        for part in (p.strip() for p in text.split(";")):
            if not part:
                continue
            ref = choices.get(fold_name(part))
            if ref is None:
                found = self.project.lookup_entities(part, kind)
                ref = Ref.entity(found[0].id) if found else None
            refs.append(ref if ref is not None else part)
        new = [name for name in refs if isinstance(name, str)]
        if not new:
            self._update(frame, **{field: tuple(refs)})
            return
        with self.history.macro(f"Add {kind} {', '.join(f'“{n}”' for n in new)} to the claim"):
            made = {}
            for name in new:
                command = AddEntityCommand(self.session, kind, name)
                self.history.push(command)
                if command.entity is None:
                    return
                made[name] = Ref.entity(command.entity.id)
            self._update(frame, **{field: tuple(made.get(r, r) if isinstance(r, str) else r for r in refs)})
        self.message.emit(f"Added to the registry: {', '.join(new)} ({kind}).")

    def _stance_chosen(self, claim_id: str, stance: str) -> None:
        frame = self._frame(claim_id)
        if frame is not None:
            self._update(frame, stance=stance)

    def _frame(self, claim_id: str) -> ClaimFrame | None:
        """The stored frame of this id, or the unframed Claim span's placeholder."""
        if claim_id.startswith(UNFRAMED):
            span_id = int(claim_id[len(UNFRAMED):])
            return self.project.claim_for_span(span_id) or self.frames.get(span_id)
        return self.project.claim(claim_id)

    def _update(self, frame: ClaimFrame, **changes: object) -> None:
        """Pushes the change, unless it changes nothing (the editor then shows the frame anew)."""
        if frame.id.startswith(UNFRAMED):
            if any(changes.values()):
                self.history.push(CreateClaimCommand(self.session, self.project.span(frame.span_id), **changes))
        elif any(getattr(frame, key) != value for key, value in changes.items()):
            # One frame changed, by this presenter: its row is replaced (`_reshow`), and the
            # document's claims are not read again (thousands of them, for one field).
            self._updating = frame.id
            try:
                self.history.push(UpdateClaimCommand(self.session, frame, **changes))
            finally:
                self._updating = None
        self._reshow(frame.span_id)

    def _reshow(self, span_id: int) -> None:
        """The stored frame in the editor at once (the list and the marks follow on the read)."""
        frame = self.project.claim_for_span(span_id) or self.frames.get(span_id)
        if frame is not None and self._span(span_id) is not None:
            self.frames[span_id] = frame
            self.model.replace(frame)
            self.current = span_id
            self._show_current()

    def _back_to_text(self) -> None:
        if self.current is not None:
            self.view.select_span(self.current, scroll=False)
        self.view.setFocus()

    # -- picking a span in the text ------------------------------------------------------

    # -- default speakers ----------------------------------------------------------------

    NO_SPEAKER = "(no default speaker)"

    def ask_default_speaker(self, parent: QWidget, passage: tuple[int, int] | None = None) -> QInputDialog | None:
        """Asks which registry actor is the default speaker of the document (or, given a
        passage in code points, of that passage: an interview's turn), without blocking the
        window; the choice is one undoable step. Returns the dialog (None without a document)."""
        if self.document is None:
            return None
        actors = sorted(self.project.entities(ACTOR), key=lambda e: fold_name(e.name))
        current = (self.project.default_speaker_at(self.document.id, passage[0]) if passage
                   else next((d.entity_id for d in self.project.default_speakers(self.document.id)
                              if d.passage is None), None))
        names = [self.NO_SPEAKER] + [actor.name for actor in actors]
        dialog = QInputDialog(parent)
        dialog.setObjectName("defaultSpeakerDialog")
        dialog.setWindowTitle("Default speaker")
        where = "this passage" if passage else "this document"
        dialog.setLabelText(f"Who speaks in {where} unless a claim says otherwise?")
        dialog.setComboBoxItems(names)
        dialog.setComboBoxEditable(False)
        chosen = next((actor.name for actor in actors if actor.id == current), self.NO_SPEAKER)
        dialog.setTextValue(chosen)
        by_name = {actor.name: actor.id for actor in actors}
        document_id = self.document.id
        dialog.textValueSelected.connect(lambda name: self.history.push(DefaultSpeakerCommand(
            self.session, document_id, by_name.get(name), passage)))
        dialog.open()
        return dialog

    def pick_in_text(self) -> None:
        """Starts the controller's LINK mode from the selected claim: the next Actor span
        clicked (or Tabbed to) becomes its speaker, an Issue span its issue."""
        if self.current is None:
            self.message.emit("Select a claim first, then pick its speaker or issue in the text.")
            return
        self.view.select_span(self.current, scroll=False)
        self.view.setFocus()
        if self.controller.begin_link():
            self.message.emit("Click (or Tab to) an Actor span for the speaker, an Issue span for the issue; "
                              "Esc cancels.")

    def link_finished(self, source: int, target: int) -> None:
        frame = self.project.claim_for_span(source) or self.frames.get(source)
        if frame is None:
            return
        span = self._span(target) or self.project.span(target)
        if span.label == ACTOR_LABEL:
            default = self.project.default_speaker_at(span.document_id, self._span(source).start) \
                if self._span(source) is not None else None
            keep = tuple(r for r in frame.speakers if r != Ref.entity(default) and r != Ref.span(target))
            self._update(frame, speakers=(*keep, Ref.span(target)))
        elif span.label == ISSUE_LABEL:
            self._update(frame, issues=(*(r for r in frame.issues if r != Ref.span(target)), Ref.span(target)))
        else:
            self.message.emit(f"A {span.label} span is neither a speaker (Actor) nor an issue (Issue).")
        self.view.select_span(source, scroll=False)
