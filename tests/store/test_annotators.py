"""Analysts in the project file: stable ids, display names, and the layers a person chooses."""

from __future__ import annotations

import pytest

from annotator.errors import AnnotatorError
from annotator.model import GOLD_ANNOTATOR_ID
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


def test_a_name_two_analysts_share_chooses_both(project: Project) -> None:
    first = project.ensure_annotator("Sam", "sam-1")
    second = project.ensure_annotator("Sam", "sam-2")
    assert project.layer_ids(["Sam"]) == [first.id, second.id]


def test_an_unknown_analyst_is_refused_naming_the_known_ones(project: Project, ana_and_ben) -> None:
    with pytest.raises(AnnotatorError, match=r"no annotator 'Cem' \(the project has Ana, Ben, gold\)"):
        project.layer_ids(["Cem"])
