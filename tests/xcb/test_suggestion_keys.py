"""Suggestion review with real keys in a real X11 window: Ctrl+Shift+S turns it on, then
review's own N, A and R decide suggestions, and Ctrl+Z takes a decision back."""

from __future__ import annotations

from pathlib import Path

from annotator.model import ACTOR
from annotator.store import Project
from annotator.suggest import SuggestOptions, suggest
from tests.xcb.conftest import ANALYST_ID, XWindow, labelled


def test_n_a_r_and_undo_in_suggestion_review(open_x_window, interview_project: Path):
    with Project(interview_project) as project:
        project.add_entity(ACTOR, "Russia")
        project.add_entity(ACTOR, "Ukraine")
        suggest(project, SuggestOptions())
        (document,) = project.documents()
        text = project.document(document.id).text
        first, second, third, *_ = pending = project.suggestions(document.id, ANALYST_ID)
    window: XWindow = open_x_window(interview_project)
    window.press("ctrl+shift+s", "n")
    window.wait_for(lambda s: s["suggestions"]["current"] == [first.start, first.end],
                    "suggestion review on the first suggestion")
    window.press("a")
    state = window.wait_for(lambda s: s["suggestions"]["current"] == [second.start, second.end],
                            "the first accepted and the second current")
    assert labelled(state) == [("Actor", text[first.start:first.end])]
    window.press("r")
    window.wait_for(lambda s: s["suggestions"]["current"] == [third.start, third.end]
                    and s["suggestions"]["pending"] == len(pending) - 2, "the second rejected")
    with Project(interview_project, create=False) as project:
        assert [s.id for s in project.suggestions(document.id, ANALYST_ID, "rejected")] == [second.id]
    window.press("ctrl+z")
    window.wait_for(lambda s: s["suggestions"]["pending"] == len(pending) - 1, "the rejection undone")
    window.press("ctrl+z")
    state = window.wait_for(lambda s: s["suggestions"]["pending"] == len(pending), "the accept undone")
    assert labelled(state) == []
