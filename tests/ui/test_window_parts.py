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


def test_zoom_keys_change_the_text_size_and_it_is_remembered(qtbot, interview_project: Path,
                                                              settings: QSettings):
    window = make_window(qtbot, interview_project, settings)
    view = window.document_view
    size = view.font().pointSizeF()
    qtbot.keyClick(view, Qt.Key_Equal, Qt.ControlModifier)
    qtbot.keyClick(view, Qt.Key_Equal, Qt.ControlModifier)
    qtbot.keyClick(view, Qt.Key_Minus, Qt.ControlModifier)
    assert view.zoom_level() == 1 and view.font().pointSizeF() > size
    window.close()
    window.project.close()
    again = make_window(qtbot, interview_project, settings)
    assert again.document_view.zoom_level() == 1
    qtbot.keyClick(again.document_view, Qt.Key_0, Qt.ControlModifier)
    assert again.document_view.zoom_level() == 0
    assert settings.value("view/zoom", type=int) == 0
    again.close()
    again.project.close()


def test_view_menu_switches_to_the_dark_theme_and_remembers_it(qtbot, window):
    from PySide6.QtWidgets import QApplication

    from annotator.colors import is_dark

    try:
        window.registry.action("view.theme_dark").trigger()
        assert is_dark(QApplication.palette().base().color().name())
        assert window.settings.value("view/theme") == "dark"
        assert window.registry.action("view.theme_dark").isChecked()
    finally:
        window.registry.action("view.theme_light").trigger()
    assert not is_dark(QApplication.palette().base().color().name())


def test_about_names_the_project_settings_and_log(qtbot, window, tmp_path: Path):
    from annotator.applog import setup_logging

    log = setup_logging(tmp_path / "data")
    box = window.show_about()
    qtbot.waitUntil(box.isVisible)
    assert str(window.project.path) in box.text()
    assert window.settings.fileName() in box.text()
    assert str(log) in box.text()
    box.close()


def test_a_first_start_opens_on_the_text_and_the_claim_editor_comes_with_a_claim(qtbot, window):
    assert not window.frame_editor.isVisible() and not window.claims_dock.isVisible()
    select_words(qtbot, window.document_view, "De-escalation is already underway")
    qtbot.keyClick(window.document_view, Qt.Key_1)
    qtbot.waitUntil(window.frame_editor.isVisible)
