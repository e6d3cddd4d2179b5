"""The frame editor's keys in a real X11 window: the stance keys are typed characters on a real
keyboard layout ("+" is Shift+= on a US layout, "?" Shift+/), which offscreen Qt never sees."""

from __future__ import annotations

from pathlib import Path

from annotator.model import ACTOR, ISSUE, Ref
from annotator.store import Project
from tests.xcb.conftest import XWindow

CLAIM_TEXT = "much of the ceasefire agreement has been prepared"


def claims(project_path: Path):
    with Project(project_path, create=False) as project:
        (document,) = project.documents()
        return project.claims(document.id)


def test_a_claim_in_four_keys_with_the_default_speaker(open_x_window, interview_project: Path):
    """Selection, then `1`, `c` (completes "Ceasefire"), `+`, Enter."""
    with Project(interview_project) as project:
        (document,) = project.documents()
        ozer = project.add_entity(ACTOR, "Engin Ozer")
        ceasefire = project.add_entity(ISSUE, "Ceasefire")
        project.set_default_speaker(document.id, ozer.id)
    window: XWindow = open_x_window(interview_project)
    window.do({"do": "select", "phrase": CLAIM_TEXT})
    window.press("1", "c", "plus", "Return")
    window.wait_for(lambda s: s["focus"] == "documentView" and s["undo"]["count"] == 3,
                    "the claim framed and the keyboard back in the text")
    [frame] = claims(interview_project)
    assert (frame.speakers, frame.issues, frame.stance) == (
        (Ref.entity(ozer.id),), (Ref.entity(ceasefire.id),), "support")


def test_question_mark_and_minus_set_the_stance_from_the_text(open_x_window, interview_project: Path):
    window: XWindow = open_x_window(interview_project)
    window.do({"do": "select", "phrase": CLAIM_TEXT})
    window.press("1", "Escape")
    window.wait_for(lambda s: s["focus"] == "documentView", "the keyboard back in the text")
    window.press("minus")
    window.wait_for(lambda s: s["undo"]["count"] == 2, "the stance set")
    window.press("question")
    window.wait_for(lambda s: s["undo"]["count"] == 3, "the stance set again")
    assert [f.stance for f in claims(interview_project)] == [""]
    window.press("ctrl+z")
    window.wait_for(lambda s: s["undo"]["index"] == 2, "undone")
    assert [f.stance for f in claims(interview_project)] == ["oppose"]
