"""Tag everywhere's keys in a real X11 window: Ctrl+T tags the current span's words wherever
they stand again in the document, and Ctrl+Z / Ctrl+Shift+Z take it back and bring it again,
each as one step."""

from __future__ import annotations

from pathlib import Path

from tests.xcb.conftest import XWindow, labelled

OCCURRENCES = 5   # whole-word "Ukraine" in the sample interview


def ukraine_actors(state: dict) -> int:
    return labelled(state).count(("Actor", "Ukraine"))


def test_ctrl_t_tags_every_occurrence_and_undo_takes_them_back_at_once(open_x_window, interview_project: Path):
    window: XWindow = open_x_window(interview_project)
    window.do({"do": "select", "phrase": "Ukraine"})
    window.press("2")
    window.wait_for(lambda s: ukraine_actors(s) == 1 and s["selected_span"] is not None, "the first Ukraine tagged")
    window.press("ctrl+t")
    window.wait_for(lambda s: ukraine_actors(s) == OCCURRENCES and s["undo"]["count"] == 2,
                    "every Ukraine tagged in one step")
    window.press("ctrl+z")
    window.wait_for(lambda s: ukraine_actors(s) == 1 and s["undo"]["index"] == 1, "the step undone")
    window.press("ctrl+shift+z")
    window.wait_for(lambda s: ukraine_actors(s) == OCCURRENCES and s["undo"]["index"] == 2, "the step redone")
