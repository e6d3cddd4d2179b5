"""Suggestions in the window, driven by keys: made from the registry (spaCy's blank pipeline
with an EntityRuler, the engine's real path), painted dashed, reviewed with review's keys
(A accept, R reject, N/P next/previous across documents, Shift+A all in the document), undone."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from annotator import transfer
from annotator.model import ACTOR, SuggestPattern
from annotator.store import Project
from annotator.ui.document_list import DETAILS_ROLE
from annotator.ui.suggest_patterns import SuggestPatternsDialog
from tests.ui.conftest import make_window

# What offsets trip over: a ZWJ family (one grapheme, 5 code points, 8 UTF-16 units), a combining
# accent, CRLF, right-to-left script, U+2028, a leading U+FEFF.
TALKS = ("\ufeff👩‍👩‍👧 Moscow said the ceasefire holds. Russia firmly opposes any deployment.\r\n"
         "שלום: Ukraine rejects the idea.")
REPLY = "Jose\u0301 Marti\u0301n answered from Moscow: sanctions remain.\u2028Peace is possible. Ukraine waits."
QUIET = "Nothing here names anyone."
RECORDS = [{"id": "talks", "text": TALKS, "meta": {"title": "Talks"}},
           {"id": "quiet", "text": QUIET, "meta": {"title": "Quiet"}},
           {"id": "reply", "text": REPLY, "meta": {"title": "Reply"}}]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Three documents (one naming nobody) and a registry: Russia (alias Moscow), Ukraine."""
    source = tmp_path / "corpus.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    path = tmp_path / "corpus.db"
    transfer.import_files(path, [source], "Ana")
    with Project(path) as project:
        project.add_entity(ACTOR, "Russia", aliases=["Moscow"])
        project.add_entity(ACTOR, "Ukraine")
    return path


@pytest.fixture
def interview_project(corpus: Path) -> Path:
    """The corpus is the project conftest's `window` opens."""
    return corpus


def suggest(qtbot, window, corpus_wide: bool = False) -> None:
    """Tools › Suggest…, registry only, this document or every one."""
    dialog = window.suggestions.ask_run()
    dialog.registry.setChecked(True)
    dialog.patterns.setChecked(False)
    dialog.use_model.setChecked(False)
    (dialog.corpus if corpus_wide else dialog.this_document).setChecked(True)
    dialog.accept()
    window.activateWindow()        # offscreen Qt activates no window when the dialogs are gone
    qtbot.waitUntil(window.isActiveWindow)
    window.document_view.setFocus()


def painted(window) -> list[tuple[str, str, str | None]]:
    """(text, label, entity name) of each suggestion the text view paints, in text order."""
    view, panel = window.document_view, window.suggestions.panel
    marks = view.suggestion_marks
    if not marks.shown:
        return []
    text = window.document.text
    return [(text[s.start:s.end], s.label, panel.names.get(s.entity_id or "")) for s in
            marks.visible(0, len(view.toPlainText()) + 1, view.index)]


def press(qtbot, window, *keys) -> None:
    for key in keys:
        modifiers = Qt.NoModifier
        if isinstance(key, tuple):
            key, modifiers = key
        qtbot.keyClick(window.document_view, key, modifiers)


REVIEW_SUGGESTIONS = (Qt.Key_S, Qt.ControlModifier | Qt.ShiftModifier)
UNDO, REDO = (Qt.Key_Z, Qt.ControlModifier), (Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)


def my_spans(window) -> list[tuple[str, str]]:
    text = window.document.text
    return [(s.label, text[s.start:s.end]) for s in window.project.spans(window.document.id, ["analyst-ana"])]


def selected(window) -> str:
    start, end = window.document_view.selection_range()
    return window.document.text[start:end]


def test_suggestions_from_the_registry_are_painted_with_their_entity(qtbot, window, tmp_path):
    suggest(qtbot, window)
    assert painted(window) == [("Moscow", "Actor", "Russia"), ("Russia", "Actor", "Russia"),
                               ("Ukraine", "Actor", "Ukraine")]
    assert "1 new suggestion" not in window.statusBar().currentMessage()
    assert window.statusBar().currentMessage().startswith("3 new suggestions in 1 document")
    assert my_spans(window) == []            # a layer of their own: nobody's work yet
    window.grab().save(str(tmp_path / "suggestions.png"))


def test_the_tooltip_says_label_entity_and_source(qtbot, window):
    suggest(qtbot, window)
    view = window.document_view
    moscow = view.offsets.to_utf16(TALKS.index("Moscow") + 2)
    assert window.suggestions.tooltip_at(moscow) == "Actor → Russia · registry"
    assert window.suggestions.tooltip_at(view.offsets.to_utf16(TALKS.index("ceasefire"))) == ""


def test_show_suggestions_hides_them_and_is_remembered(qtbot, window, corpus, settings):
    suggest(qtbot, window)
    window.suggestions.show_action.trigger()
    assert painted(window) == []
    assert settings.value("suggestions/shown", type=bool) is False
    window.close()
    window.project.close()
    again = make_window(qtbot, corpus, settings)
    assert not again.suggestions.show_action.isChecked() and painted(again) == []
    again.close()
    again.project.close()


def test_a_place_my_layer_already_has_is_neither_painted_nor_stepped_to(qtbot, window):
    start = TALKS.index("Russia")
    window.tag_selection("Actor", start, start + len("Russia"))
    suggest(qtbot, window)
    assert [p[0] for p in painted(window)] == ["Moscow", "Ukraine"]
    press(qtbot, window, REVIEW_SUGGESTIONS, Qt.Key_N, Qt.Key_N)
    assert selected(window) == "Ukraine"
    press(qtbot, window, Qt.Key_P)
    assert selected(window) == "Moscow"


def test_a_accepts_into_my_layer_linked_and_moves_on(qtbot, window):
    suggest(qtbot, window)
    press(qtbot, window, REVIEW_SUGGESTIONS, Qt.Key_N)
    assert selected(window) == "Moscow"
    press(qtbot, window, Qt.Key_A)
    assert my_spans(window) == [("Actor", "Moscow")]
    span = window.project.spans(window.document.id, ["analyst-ana"])[0]
    russia = next(e for e in window.project.entities() if e.name == "Russia")
    assert window.project.span_entity(span.id) == russia.id
    assert selected(window) == "Russia"       # the next suggestion is the current one
    assert [p[0] for p in painted(window)] == ["Russia", "Ukraine"]


def test_undo_and_redo_an_accept(qtbot, window):
    suggest(qtbot, window)
    press(qtbot, window, REVIEW_SUGGESTIONS, Qt.Key_N, Qt.Key_A)
    press(qtbot, window, UNDO)
    assert my_spans(window) == []
    assert [p[0] for p in painted(window)] == ["Moscow", "Russia", "Ukraine"]
    press(qtbot, window, REDO)
    assert my_spans(window) == [("Actor", "Moscow")]
    assert [p[0] for p in painted(window)] == ["Russia", "Ukraine"]


def test_r_rejects_and_a_rejected_place_is_not_suggested_again(qtbot, window):
    suggest(qtbot, window)
    press(qtbot, window, REVIEW_SUGGESTIONS, Qt.Key_N, Qt.Key_R)
    assert selected(window) == "Russia"
    assert [p[0] for p in painted(window)] == ["Russia", "Ukraine"]
    assert my_spans(window) == []
    suggest(qtbot, window)
    assert [p[0] for p in painted(window)] == ["Russia", "Ukraine"]
    press(qtbot, window, UNDO)    # the run is no step of the history: the undo takes the rejection back
    assert [p[0] for p in painted(window)] == ["Moscow", "Russia", "Ukraine"]


def test_shift_a_accepts_every_suggestion_here_and_one_undo_takes_them_back(qtbot, window):
    suggest(qtbot, window)
    press(qtbot, window, REVIEW_SUGGESTIONS, (Qt.Key_A, Qt.ShiftModifier))
    assert my_spans(window) == [("Actor", "Moscow"), ("Actor", "Russia"), ("Actor", "Ukraine")]
    assert painted(window) == []
    press(qtbot, window, UNDO)
    assert my_spans(window) == []
    assert len(painted(window)) == 3


def test_n_and_p_cross_into_the_documents_that_have_suggestions(qtbot, window):
    suggest(qtbot, window, corpus_wide=True)
    press(qtbot, window, REVIEW_SUGGESTIONS)
    seen = []
    for _ in range(5):
        press(qtbot, window, Qt.Key_N)
        seen.append((window.document.external_id, selected(window)))
    assert seen == [("talks", "Moscow"), ("talks", "Russia"), ("talks", "Ukraine"),
                    ("reply", "Moscow"), ("reply", "Ukraine")]      # "quiet" has none: passed over
    press(qtbot, window, Qt.Key_N)
    assert "No more suggestions" in window.statusBar().currentMessage()
    press(qtbot, window, Qt.Key_P, Qt.Key_P)
    assert (window.document.external_id, selected(window)) == ("talks", "Ukraine")


def test_the_document_list_counts_pending_suggestions(qtbot, window):
    suggest(qtbot, window, corpus_wide=True)
    model = window.document_model
    details = {model.documents[row].external_id: model.index(row).data(DETAILS_ROLE) for row in range(3)}
    assert details["talks"].endswith("3 suggested") and details["reply"].endswith("2 suggested")
    assert "suggested" not in details["quiet"]
    press(qtbot, window, REVIEW_SUGGESTIONS, Qt.Key_N, Qt.Key_R)
    assert model.index(model.row_of(window.document.id)).data(DETAILS_ROLE).endswith("2 suggested")


def test_a_suggestion_tagged_by_hand_leaves_the_counts_and_undo_brings_it_back(qtbot, window):
    suggest(qtbot, window, corpus_wide=True)
    model, panel = window.document_model, window.suggestions.panel
    row = model.row_of(window.document.id)
    start = TALKS.index("Russia")
    window.tag_selection("Actor", start, start + len("Russia"))      # the analyst's own way
    assert model.index(row).data(DETAILS_ROLE).endswith("2 suggested")
    assert panel.summary.text().startswith("2 suggestions to decide in this document · 4 in 2 documents")
    press(qtbot, window, UNDO, UNDO)      # the link to Russia the tag made, then the tag
    assert my_spans(window) == []
    assert model.index(row).data(DETAILS_ROLE).endswith("3 suggested")
    assert window.project.suggestion_counts("analyst-ana") == {1: 3, 3: 2}


def test_a_run_can_first_forget_the_pending_ones_and_keeps_decisions(qtbot, window):
    suggest(qtbot, window)
    press(qtbot, window, REVIEW_SUGGESTIONS, Qt.Key_N, Qt.Key_R)          # Moscow: rejected
    with Project(window.project.path) as other:                            # a stale suggestion
        other.add_suggestions([(window.document.id, 0, 3, "Issue", None, "registry")])
    window.session.suggestions_changed.emit(window.document.id)
    assert len(window.suggestions.panel.items) == 3
    dialog = window.suggestions.ask_run()
    dialog.patterns.setChecked(False)
    dialog.clear.setChecked(True)
    dialog.accept()
    assert [p[0] for p in painted(window)] == ["Russia", "Ukraine"]        # the stale one forgotten
    statuses = {s.status for s in window.project.suggestions(window.document.id, "analyst-ana", status=None)}
    assert statuses == {"pending", "rejected"}


def test_review_mode_and_suggestion_review_take_turns_with_the_same_keys(qtbot, window):
    press(qtbot, window, REVIEW_SUGGESTIONS)
    review = window.registry.collection("review")
    assert review["next"].text() == "Next suggestion" and review["next"].isEnabled()
    assert not review["version"].isEnabled()
    press(qtbot, window, (Qt.Key_R, Qt.ControlModifier))
    assert window.review.active and not window.suggestions.mode_action.isChecked()
    assert review["next"].text() == "Next disagreement" and review["version"].isEnabled()
    assert window.registry.clashes_in_defaults() == []


def test_patterns_and_model_labels_are_edited_and_a_bad_one_refused(qtbot, window):
    dialog: SuggestPatternsDialog = window.suggestions.ask_patterns()
    dialog.add_pattern()
    dialog.patterns.setData(dialog.patterns.index(0, 1), "regex")
    dialog.patterns.setData(dialog.patterns.index(0, 2), "cease(fire")
    dialog.add_mapping()
    dialog.mapping.setData(dialog.mapping.index(0, 0), "GPE")
    dialog.mapping.setData(dialog.mapping.index(0, 1), "Actor")
    dialog.accept()
    assert dialog.isVisible()
    assert "Pattern 1: regex pattern 'cease(fire'" in dialog.problems.text()
    assert window.project.suggest_patterns() == []
    dialog.patterns.setData(dialog.patterns.index(0, 2), "ceasefire")
    dialog.accept()
    assert not dialog.isVisible()
    assert window.project.suggest_patterns() == [SuggestPattern("Claim", "regex", "ceasefire")]
    assert window.project.model_labels() == {"GPE": "Actor"}
    press(qtbot, window, UNDO)
    assert window.project.suggest_patterns() == [] and window.project.model_labels() == {}


def test_a_pipeline_that_is_not_installed_is_named_in_a_dialog(qtbot, window):
    dialog = window.suggestions.ask_run()
    dialog.use_model.setChecked(True)
    dialog.model.setText("xx_not_a_pipeline")
    dialog.accept()
    box = window.findChild(QMessageBox, "errorDialog")
    assert box is not None and "xx_not_a_pipeline" in box.text() and "not installed" in box.text()


def test_without_spacy_the_dialog_names_the_install_step_and_nothing_changes(qtbot, window, monkeypatch):
    """`pip install .` alone (the README's first command) has no spaCy: Suggest… says what to install."""
    monkeypatch.setitem(sys.modules, "spacy", None)        # `import spacy` raises ImportError, as when absent
    revision = window.project.revision
    dialog = window.suggestions.ask_run()
    dialog.accept()
    box = window.findChild(QMessageBox, "errorDialog")
    assert box is not None and "pip install 'annotator[nlp]' to make suggestions" in box.text()
    assert window.project.revision == revision and window.suggestions.panel.items == []


def test_a_corpus_run_keeps_the_window_painting_and_cancel_keeps_what_was_found(qtbot, tmp_path, settings):
    """A run long enough (about 3 s here) for the progress dialog, which comes after half a second;
    its Cancel stops after the batch at hand, and what was suggested until then stays."""
    from tests.ui.test_long_work import Watcher

    source = tmp_path / "many.jsonl"
    line = "Moscow said the ceasefire holds 👩‍👩‍👧. Russia firmly opposes any deployment; Ukraine waits. " * 6
    source.write_text("".join(json.dumps({"id": f"d{n}", "text": f"{n}: {line}"}, ensure_ascii=False) + "\n"
                              for n in range(8_000)), encoding="utf-8")
    path = tmp_path / "many.db"
    transfer.import_files(path, [source], "Ana")
    with Project(path) as project:
        project.add_entity(ACTOR, "Russia", aliases=["Moscow"])
    window = make_window(qtbot, path, settings)
    watcher = Watcher(qtbot, window)
    suggest(qtbot, window, corpus_wide=True)
    watcher.timer.stop()
    assert watcher.dialog_seen is not None
    assert sorted(watcher.repaints)[len(watcher.repaints) // 2] < 0.016
    assert window.statusBar().currentMessage().startswith("Cancelled: ")
    kept = sum(window.project.suggestion_counts("analyst-ana").values())
    assert 0 < kept < 8_000 * 12
    assert window.suggestions.panel.counts == window.project.suggestion_counts("analyst-ana")
    window.close()
    window.project.close()
