"""How the window's parts work together: the controller's modes, the session's signals, the
layout kept between runs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt

from annotator.resources import seed_texts
from annotator.ui.controller import InputMode
from tests.ui.conftest import click_at_char, make_window, select_words


def test_linking_a_claim_to_its_speaker_takes_two_clicks(qtbot, window):
    view, text = window.document_view, window.document.text
    for phrase, key in (("Engin Ozer", Qt.Key_2), ("De-escalation is already underway", Qt.Key_1)):
        select_words(qtbot, view, phrase)
        qtbot.keyClick(view, key)
    actor, claim = sorted(window.spans(), key=lambda s: s.label)
    click_at_char(qtbot, view, text.index("De-escalation"))
    assert window.controller.begin_link()
    assert window.controller.mode == InputMode.LINK
    with qtbot.waitSignal(window.controller.link_finished) as linked:
        click_at_char(qtbot, view, text.index("Engin Ozer") + 2)
    assert linked.args == [claim.id, actor.id]
    assert window.controller.mode == InputMode.TAG


def test_escape_leaves_link_mode(qtbot, window):
    view = window.document_view
    select_words(qtbot, view, "Engin Ozer")
    qtbot.keyClick(view, Qt.Key_2)
    assert window.controller.begin_link()
    window.set_review_mode(False)   # leaving a mode goes through controller.cancel
    assert window.controller.mode == InputMode.TAG


def test_an_import_from_the_window_is_announced_and_shown(qtbot, window, tmp_path: Path):
    extra = tmp_path / "note.txt"
    extra.write_text("A second text about the Black Sea.", encoding="utf-8")
    with qtbot.waitSignal(window.session.documents_changed), qtbot.waitSignal(window.session.spans_reset):
        window.files.import_files([str(extra)])
    assert window.document_model.rowCount() == 2
    assert "1 document added" in window.statusBar().currentMessage()
    assert window.status.project_counts.text() == "Project: 2 documents"


def test_a_comment_can_be_undone_and_redone(qtbot, window):
    view = window.document_view
    select_words(qtbot, view, "Engin Ozer")
    qtbot.keyClick(view, Qt.Key_2)
    span = window.spans()[0]
    window.review.add_comment(span, "Is he the speaker here?")
    assert [c.text for c in window.project.comments(span.id)] == ["Is he the speaker here?"]
    first = window.project.comments(span.id)[0]
    qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier)
    assert window.project.comments(span.id) == []
    qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert window.project.comments(span.id) == [first]


def test_window_size_and_splitter_come_back_as_they_were_left(qtbot, interview_project: Path,
                                                               settings: QSettings):
    window = make_window(qtbot, interview_project, settings)
    window.resize(780, 560)   # within the offscreen screen (800 × 600): Qt fits restored windows to it
    window.splitter.setSizes([150, 400, 200])
    sizes = window.splitter.sizes()
    window.close()
    window.project.close()
    again = make_window(qtbot, interview_project, settings)
    assert again.splitter.sizes() == sizes
    assert (again.width(), again.height()) == (780, 560)
    assert not again.review.isVisible()
    again.close()
    again.project.close()


def test_the_demo_text_opens_first(window):
    assert window.document.title in seed_texts()[0].read_text(encoding="utf-8")
