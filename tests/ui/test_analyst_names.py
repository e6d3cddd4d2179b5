"""An analyst's name is unique in a project and follows their stable id from project to project:
File › Analyst name… refuses a colleague's name, and a project opened after a rename shows the
new name, unless someone else there has it (then the status bar says so)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from annotator import transfer
from annotator.resources import seed_texts
from annotator.store import Project
from tests.ui.conftest import make_window

ANA_ID = "analyst-ana"   # the `settings` fixture's analyst


def project_with(tmp_path: Path, name: str, *analysts: tuple[str, str]) -> Path:
    path = tmp_path / name
    transfer.import_files(path, [seed_texts()[0]], "Ana")
    with Project(path) as project:
        for analyst_name, analyst_id in analysts:
            project.ensure_annotator(analyst_name, analyst_id)
    return path


def rename_in(window, name: str) -> None:
    dialog = window.ask_analyst_name()
    dialog.setTextValue(name)
    dialog.accept()


def names(path: Path) -> dict[str, str]:
    with Project(path) as project:
        return {a.id: a.name for a in project.annotators()}


def test_a_colleagues_name_is_refused_with_a_reason(qtbot, tmp_path, settings):
    path = project_with(tmp_path, "team.db", ("Ana", ANA_ID), ("Ben", "id-ben"))
    window = make_window(qtbot, path, settings)
    rename_in(window, "Ben")
    box = window.findChild(QMessageBox, "errorDialog")
    qtbot.waitUntil(box.isVisible)
    assert box.windowTitle() == "Name not changed"
    assert box.text() == "“Ben” is already another analyst's name in team.db; choose another name"
    assert window.session.analyst.name == "Ana" and settings.value("analyst/name") == "Ana"
    window.close()
    window.project.close()
    assert names(path) == {ANA_ID: "Ana", "id-ben": "Ben"}


def test_a_rename_follows_the_analyst_into_their_other_projects(qtbot, tmp_path, settings):
    first = project_with(tmp_path, "first.db", ("Ana", ANA_ID))
    second = project_with(tmp_path, "second.db", ("Ana", ANA_ID), ("Ben", "id-ben"))
    window = make_window(qtbot, first, settings)
    rename_in(window, "Ana K.")
    window.close()
    window.project.close()
    window = make_window(qtbot, second, settings)
    assert window.session.analyst.name == "Ana K."
    assert window.status.analyst.text() == "Analyst: Ana K."
    window.close()
    window.project.close()
    assert names(second) == {ANA_ID: "Ana K.", "id-ben": "Ben"}


def test_a_name_taken_in_the_other_project_keeps_the_old_one_and_says_so(qtbot, tmp_path, settings):
    path = project_with(tmp_path, "team.db", ("Ana", ANA_ID), ("Ana K.", "id-other"))
    settings.setValue("analyst/name", "Ana K.")
    window = make_window(qtbot, path, settings)
    assert window.session.analyst.name == "Ana"
    assert window.statusBar().currentMessage() == (
        "In team.db you are still “Ana”: “Ana K.” is another analyst's name here "
        "(File › Analyst name… chooses another).")
    window.close()
    window.project.close()
    assert names(path) == {ANA_ID: "Ana", "id-other": "Ana K."}


def test_merging_another_person_of_ones_name_is_reported(qtbot, tmp_path, settings):
    ours = project_with(tmp_path, "ours.db", ("Ana", ANA_ID))
    theirs = project_with(tmp_path, "theirs.db", ("Ana", "id-other-ana"))
    window = make_window(qtbot, ours, settings)
    window.files.merge_file(theirs)
    box = window.findChild(QMessageBox, "errorDialog")
    qtbot.waitUntil(box.isVisible)
    assert box.windowTitle() == "Analysts of the same name told apart"
    assert box.text() == (f"{theirs}: analyst “Ana” (id id-other-ana) is not this project's “Ana” "
                          "(another id); their spans are kept as “Ana (2)”")
    assert [a.name for a in window.layers.annotators] == ["Ana", "Ana (2)"]   # View › Layers
    window.close()
    window.project.close()
    assert names(ours) == {ANA_ID: "Ana", "id-other-ana": "Ana (2)"}
