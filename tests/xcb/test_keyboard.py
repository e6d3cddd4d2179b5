"""What the analyst's keys do in a real X11 window (Qt's xcb platform on Xvfb).

Each key is a real X key event (xdotool, XTEST) to the window process; the test then asks the
window for its state until the expected one shows or a deadline passes, and checks the
project file with a connection of its own. Offscreen Qt maps some standard keys (Redo)
differently from X11, so these are the tests that see what an analyst on Linux sees.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator import transfer
from annotator.model import GOLD_ANNOTATOR_ID
from annotator.resources import seed_texts
from annotator.store import Project
from tests.xcb.conftest import ANALYST_ID, XWindow, labelled, stored

ENGIN = "Engin Ozer"
NUCLEAR = "nuclear power infrastructure"
LABELS = {"1": "Claim", "2": "Actor", "3": "Issue"}


def tag(window: XWindow, phrase: str, key: str) -> dict:
    """Selects the phrase, presses the label key, waits until the span is in the window."""
    window.do({"do": "select", "phrase": phrase})
    window.press(key)
    return window.wait_for(lambda s: (LABELS[key], phrase) in labelled(s),
                           f"{phrase!r} tagged {LABELS[key]}")


def no_spans(state: dict) -> bool:
    return state["spans"] == []


def test_select_a_phrase_and_press_1_tags_it_as_claim(x_window):
    tag(x_window, ENGIN, "1")
    assert stored(x_window.project) == [("Claim", ENGIN, ANALYST_ID)]


def test_select_a_phrase_and_press_2_tags_it_as_actor(x_window):
    tag(x_window, ENGIN, "2")
    assert stored(x_window.project) == [("Actor", ENGIN, ANALYST_ID)]


def test_ctrl_z_takes_a_tag_off_the_file(x_window):
    tag(x_window, ENGIN, "2")
    x_window.press("ctrl+z")
    x_window.wait_for(no_spans, "undone")
    assert stored(x_window.project) == []


def test_ctrl_shift_z_puts_an_undone_tag_back(x_window):
    tag(x_window, ENGIN, "2")
    x_window.press("ctrl+z")
    x_window.wait_for(no_spans, "undone")
    x_window.press("ctrl+shift+z")
    x_window.wait_for(lambda s: labelled(s) == [("Actor", ENGIN)], "redone by Ctrl+Shift+Z")
    assert stored(x_window.project) == [("Actor", ENGIN, ANALYST_ID)]


def test_ctrl_y_puts_an_undone_tag_back(x_window):
    tag(x_window, ENGIN, "2")
    x_window.press("ctrl+z")
    x_window.wait_for(no_spans, "undone")
    x_window.press("ctrl+y")
    x_window.wait_for(lambda s: labelled(s) == [("Actor", ENGIN)], "redone by Ctrl+Y")
    assert stored(x_window.project) == [("Actor", ENGIN, ANALYST_ID)]


def two_spans(window: XWindow) -> tuple[int, int]:
    """Engin Ozer (Actor) and the nuclear infrastructure (Issue); the later one is selected."""
    tag(window, ENGIN, "2")
    state = tag(window, NUCLEAR, "3")
    ids = {s["text"]: s["id"] for s in state["spans"]}
    assert state["selected_span"] == ids[NUCLEAR]
    return ids[ENGIN], ids[NUCLEAR]


def test_tab_steps_to_the_next_span(x_window):
    engin, _ = two_spans(x_window)
    x_window.press("Tab")
    x_window.wait_for(lambda s: s["selected_span"] == engin, "on Engin Ozer after Tab (it wraps)")


def test_delete_removes_the_span_tab_reached(x_window):
    engin, _ = two_spans(x_window)
    x_window.press("Tab")
    x_window.wait_for(lambda s: s["selected_span"] == engin, "on Engin Ozer after Tab")
    x_window.press("Delete")
    x_window.wait_for(lambda s: labelled(s) == [("Issue", NUCLEAR)], "without Engin Ozer")
    assert stored(x_window.project) == [("Issue", NUCLEAR, ANALYST_ID)]


def test_a_label_key_relabels_the_clicked_span(x_window):
    engin, _ = two_spans(x_window)
    state = x_window.do({"do": "click span", "phrase": ENGIN})
    assert state["selected_span"] == engin
    x_window.press("1")
    x_window.wait_for(lambda s: sorted(labelled(s)) == [("Claim", ENGIN), ("Issue", NUCLEAR)],
                      "Engin Ozer relabelled Claim")
    assert sorted(stored(x_window.project)) == [("Claim", ENGIN, ANALYST_ID),
                                                ("Issue", NUCLEAR, ANALYST_ID)]


# -- review -------------------------------------------------------------------------------

BEN_ID = "analyst-ben"
DEESCALATION = "De-escalation is already underway"
LAYERS = {  # Ana and Ben agree on the actor and differ on the label of the de-escalation
    ANALYST_ID: [(ENGIN, "Actor"), (DEESCALATION, "Claim")],
    BEN_ID: [(ENGIN, "Actor"), (DEESCALATION, "Issue")],
}


@pytest.fixture
def two_analysts_project(tmp_path: Path) -> Path:
    path = tmp_path / "team.db"
    transfer.import_files(path, [seed_texts()[0]], "Ana")
    with Project(path) as project:
        (document,) = project.documents()
        text = project.document(document.id).text
        for analyst_id, name in ((ANALYST_ID, "Ana"), (BEN_ID, "Ben")):
            project.ensure_annotator(name, analyst_id)
            for phrase, label in LAYERS[analyst_id]:
                start = text.index(phrase)
                project.add_span(document.id, start, start + len(phrase), label, analyst_id)
    return path


@pytest.fixture
def reviewer(open_x_window, two_analysts_project: Path) -> XWindow:
    """Ana's window on the team project, in review mode (Ctrl+R), comparing Ana and Ben."""
    window = open_x_window(two_analysts_project)
    window.press("ctrl+r")
    window.wait_for(lambda s: s["review"]["active"], "in review mode after Ctrl+R")
    return window


def gold(state: dict) -> list[tuple[str, str]]:
    return [(s["label"], s["text"]) for s in state["spans"] if s["annotator_id"] == GOLD_ANNOTATOR_ID]


def test_ctrl_r_enters_review_mode(reviewer):
    assert reviewer.state()["review"]["item"] is None


def test_n_moves_to_the_disagreement(reviewer):
    reviewer.press("n")
    reviewer.wait_for(lambda s: s["review"]["kind"] == "label", "on the label disagreement after N")


def test_a_accepts_the_version_into_gold(reviewer):
    reviewer.press("n")
    reviewer.wait_for(lambda s: s["review"]["kind"] == "label", "on the label disagreement")
    reviewer.press("a")
    reviewer.wait_for(lambda s: gold(s) == [("Claim", DEESCALATION)], "with Ana's claim in gold")
    assert ("Claim", DEESCALATION, GOLD_ANNOTATOR_ID) in stored(reviewer.project)


def test_ctrl_z_takes_an_accepted_version_out_of_gold(reviewer):
    reviewer.press("n")
    reviewer.wait_for(lambda s: s["review"]["kind"] == "label", "on the label disagreement")
    reviewer.press("a")
    reviewer.wait_for(lambda s: gold(s) != [], "with a gold span")
    reviewer.press("ctrl+z")
    reviewer.wait_for(lambda s: gold(s) == [], "without a gold span after Ctrl+Z")
    assert [span for span in stored(reviewer.project) if span[2] == GOLD_ANNOTATOR_ID] == []


SECOND = "Jose\u0301 said 👩‍👩‍👧 talks resume.\r\nשלום now."


@pytest.fixture
def two_documents_project(two_analysts_project: Path) -> Path:
    """The team project with a second document on which Ana and Ben disagree about an issue."""
    source = two_analysts_project.with_name("second.txt")
    source.write_text(SECOND, encoding="utf-8", newline="")
    transfer.import_files(two_analysts_project, [source], "Ana")
    with Project(two_analysts_project) as project:
        second = next(d.id for d in project.documents() if d.external_id != "interview_peace_or_pause")
        start = SECOND.index("talks")
        project.add_span(second, start, start + len("talks resume"), "Issue", ANALYST_ID)
        project.add_span(second, start, start + len("talks"), "Issue", BEN_ID)
    return two_analysts_project


def test_n_goes_on_to_the_next_document_and_p_comes_back(open_x_window, two_documents_project):
    window = open_x_window(two_documents_project)
    window.press("ctrl+r")
    first = window.wait_for(lambda s: s["review"]["active"], "in review mode after Ctrl+R")["document"]
    window.press("n")
    window.wait_for(lambda s: s["review"]["kind"] == "label" and s["document"] == first, "on the label disagreement")
    window.press("n")
    window.wait_for(lambda s: s["document"] == "second" and s["review"]["kind"] == "boundary",
                    "on the second document's boundary disagreement after N")
    window.press("p")
    window.wait_for(lambda s: s["document"] == first and s["review"]["kind"] == "label",
                    "back on the first document's label disagreement after P")
