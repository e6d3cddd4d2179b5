"""Analysts in the project file: stable ids, display names, and the layers a person chooses."""

from __future__ import annotations

import sqlite3

import pytest

from annotator.errors import AnnotatorError
from annotator.model import GOLD_ANNOTATOR_ID, Annotator
from annotator.store import Project


@pytest.fixture
def ana_and_ben(project: Project) -> tuple[str, str]:
    """Two analysts and the gold layer, as a reviewed project has them."""
    ana, ben = project.ensure_annotator("Ana").id, project.ensure_annotator("Ben").id
    project.gold_annotator()
    return ana, ben


def test_choosing_no_layer_means_every_layer_unfiltered(project: Project, ana_and_ben) -> None:
    assert project.layer_ids([]) is None


def test_choosing_no_layer_but_everyone_but_gold_lists_the_analysts(project: Project, ana_and_ben) -> None:
    assert project.layer_ids([], all_but_gold=True) == list(ana_and_ben)


def test_layers_are_chosen_by_name_or_by_id(project: Project, ana_and_ben) -> None:
    ana, ben = ana_and_ben
    assert project.layer_ids(["Ben", ana]) == [ben, ana]


def test_choosing_gold_adds_its_layer_first(project: Project, ana_and_ben) -> None:
    assert project.layer_ids(["Ana"], gold=True) == [GOLD_ANNOTATOR_ID, ana_and_ben[0]]


def test_choosing_only_gold_is_the_gold_layer_alone(project: Project, ana_and_ben) -> None:
    assert project.layer_ids([], gold=True, all_but_gold=True) == [GOLD_ANNOTATOR_ID]


def test_a_second_person_of_a_taken_name_is_told_apart(project: Project) -> None:
    first = project.ensure_annotator("Sam", "sam-1")
    second = project.ensure_annotator("Sam", "sam-2")
    assert (first.name, second.name) == ("Sam", "Sam (2)")
    assert project.layer_ids(["Sam"]) == ["sam-1"]
    assert project.layer_ids(["Sam (2)"]) == ["sam-2"]


def test_a_rename_to_another_analysts_name_is_refused(project: Project, ana_and_ben) -> None:
    ana, _ = ana_and_ben
    with pytest.raises(AnnotatorError, match=r"“Ben” is already another analyst's name in project.db"):
        project.rename_annotator(ana, "Ben")
    assert sorted(a.name for a in project.annotators()) == ["Ana", "Ben", "gold"]


def test_gold_is_no_analysts_name(project: Project, ana_and_ben) -> None:
    with pytest.raises(AnnotatorError, match="“gold” is already another analyst's name"):
        project.rename_annotator(ana_and_ben[0], "gold")


def test_a_rename_to_ones_own_name_with_spaces_is_fine(project: Project, ana_and_ben) -> None:
    assert project.rename_annotator(ana_and_ben[0], "  Ana ").name == "Ana"


def test_names_are_unique_in_the_file_itself(project: Project, ana_and_ben) -> None:
    project.close()
    conn = sqlite3.connect(project.path)
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE constraint failed: annotators.name"):
        conn.execute("UPDATE annotators SET name = 'Ben' WHERE name = 'Ana'")
    conn.close()


def test_opening_under_a_new_name_follows_the_rename(project: Project) -> None:
    project.ensure_annotator("Ana", "id-ana")
    assert project.ensure_annotator("Ana K.", "id-ana") == Annotator("id-ana", "Ana K.")
    assert [a.name for a in project.annotators()] == ["Ana K."]


def test_opening_under_a_name_another_analyst_has_keeps_the_old_one(project: Project) -> None:
    project.ensure_annotator("Ana", "id-ana")
    project.ensure_annotator("Ben", "id-ben")
    assert project.ensure_annotator("Ben", "id-ana") == Annotator("id-ana", "Ana")


def test_an_unknown_analyst_is_refused_naming_the_known_ones(project: Project, ana_and_ben) -> None:
    with pytest.raises(AnnotatorError, match=r"no annotator 'Cem' \(the project has Ana, Ben, gold\)"):
        project.layer_ids(["Cem"])
