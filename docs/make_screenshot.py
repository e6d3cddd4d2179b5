"""Grabs the window offscreen on the demo project, as `annotator` first opens it: the sample
interview with the two example analysts' layers (docs/screenshot.png), review mode
comparing them with one version accepted into gold (docs/review.png), and the claims of one
analyst with the frame editor and the claims list (docs/claims.png), and suggestion review
(docs/suggestions.png).

    QT_QPA_PLATFORM=offscreen python docs/make_screenshot.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator import transfer  # noqa: E402
from annotator.resources import EXAMPLE_ANALYSTS  # noqa: E402
from annotator.ui.app import application, open_window  # noqa: E402
from annotator.ui.theme import apply_theme  # noqa: E402


def demo_window(tmp: Path, analyst: str, size: tuple[int, int]):
    """The demo project, opened by `analyst` in a window of `size`."""
    project = transfer.build_demo_project(tmp / "demo.annotator.db")
    settings = QSettings(str(tmp / f"{analyst}.ini"), QSettings.IniFormat)
    settings.setValue("analyst/name", analyst)
    window = open_window(project, settings, ask=False)
    window.resize(*size)
    window.show()
    return window


def review_shot(out: Path, tmp: Path) -> None:
    """Review mode on the two example layers: the first disagreement's first version accepted."""
    window = demo_window(tmp, "Rita", (1440, 900))
    window.review_action.setChecked(True)
    window.review.choose([analyst.id for analyst in EXAMPLE_ANALYSTS])
    window.review.step(True)
    window.review.accept()
    QApplication.processEvents()
    window.grab().save(str(out))
    window.project.close()


def frame_example_claims(project_path: Path) -> None:
    """Example A's claims in the demo interview framed as an analyst would: a registry, the
    interviewee as the document's default speaker, speakers and issues from spans and entries,
    and one claim left incomplete."""
    from annotator.model import ACTOR, ISSUE, Ref
    from annotator.store import Project

    analyst = EXAMPLE_ANALYSTS[0].id
    with Project(project_path) as project:
        document = next(d for d in project.documents() if d.external_id == "interview_peace_or_pause")
        text = project.document(document.id).text
        spans = {(s.label, text[s.start:s.end]): s for s in project.spans(document.id, [analyst])}
        ozer = project.add_entity(ACTOR, "Engin Ozer", aliases=["Ozer"])
        russia = project.add_entity(ACTOR, "Russia", aliases=["Moscow", "the Kremlin"], external_id="Q159")
        project.add_entity(ACTOR, "Ukraine", external_id="Q212")
        troops = project.add_entity(ISSUE, "Foreign troops in Ukraine")
        project.add_entity(ISSUE, "Ceasefire")
        project.add_claim_category("101", "Security")
        project.add_claim_category("102", "Diplomacy")
        project.set_default_speaker(document.id, ozer.id)
        project.link_span(spans["Actor", "Russia"].id, russia.id)

        def frame(claim: str, **fields) -> None:
            project.create_claim(spans["Claim", claim].id, **fields)

        talks = spans["Issue", "Russian-American talks in Istanbul"]
        frame("the Turkish side did not participate in the negotiations",
              speakers=(Ref.entity(ozer.id),), issues=(Ref.span(talks.id),), stance="neutral", category="102")
        frame("De-escalation is already underway", speakers=(Ref.entity(ozer.id),),
              issues=(Ref.span(spans["Issue", "ceasefire agreement"].id),), stance="support", category="101")
        frame("Russia firmly opposes any deployment of NATO or European troops",
              speakers=(Ref.span(spans["Actor", "Russia"].id),), issues=(Ref.entity(troops.id),), stance="oppose",
              category="101")
        frame("Ukraine rejects the idea of UN forces", speakers=(Ref.span(spans["Actor", "Ukraine"].id),),
              issues=(Ref.span(spans["Issue", "UN forces"].id),), stance="oppose", category="101")
        start = text.index("These are technical discussions")
        left = project.add_span(document.id, start, text.index(".", start), "Claim", analyst)
        project.create_claim(left.id, speakers=(Ref.entity(ozer.id),))


def claims_shot(out: Path, tmp: Path) -> None:
    """Example A's layer with its framed claims; the Ukraine claim selected (its speaker and
    issue spans outlined, its frame in the editor)."""
    project = transfer.build_demo_project(tmp / "demo.annotator.db")
    frame_example_claims(project)
    settings = QSettings(str(tmp / "a.ini"), QSettings.IniFormat)
    settings.setValue("analyst/name", EXAMPLE_ANALYSTS[0].name)
    settings.setValue("analyst/id", EXAMPLE_ANALYSTS[0].id)
    window = open_window(project, settings, ask=False)
    window.resize(1440, 900)
    window.show()
    window.layers.show_only([EXAMPLE_ANALYSTS[0].id])
    QApplication.processEvents()
    window.claims.read()
    window.claims_dock.show()
    text = window.document.text
    claim = next(s for s in window.spans() if s.label == "Claim" and s.start == text.index("Ukraine rejects"))
    window.claims_dock.claim_activated.emit(claim.id)
    window.document_view.verticalScrollBar().setValue(window.document_view.verticalScrollBar().maximum() // 3)
    QApplication.processEvents()
    window.grab().save(str(out))
    window.close()
    window.project.close()


def suggestions_shot(out: Path, tmp: Path) -> None:
    """Suggestion review on the sample interview: the registry's names and a codebook pattern
    suggested, Ana's own layer (empty at first) the only one shown, one suggestion accepted
    and the next one current."""
    from annotator.model import ACTOR, ISSUE, SuggestPattern
    from annotator.store import Project
    from annotator.suggest import SuggestOptions, suggest

    project_path = transfer.build_demo_project(tmp / "demo.annotator.db")
    with Project(project_path) as project:
        project.add_entity(ACTOR, "Engin Ozer", aliases=["Ozer"])
        project.add_entity(ACTOR, "Russia", aliases=["Moscow", "the Kremlin"])
        project.add_entity(ACTOR, "Ukraine")
        project.add_entity(ACTOR, "NATO")
        project.add_entity(ACTOR, "Turkey", aliases=["Ankara"])
        project.add_entity(ISSUE, "Ceasefire", aliases=["ceasefire agreement", "ceasefire"])
        project.set_suggest_patterns([SuggestPattern("Issue", "phrase", "UN forces")])
        suggest(project, SuggestOptions())
    window = demo_window(tmp, "Ana", (1440, 900))
    window.layers.show_only([window.session.analyst.id])
    window.suggestions.mode_action.trigger()
    window.resizeDocks([window.suggestions.panel], [250], Qt.Vertical)
    for _ in range(2):
        window.registry.action("review.next").trigger()
    window.registry.action("review.accept").trigger()
    window.document_view.verticalScrollBar().setValue(0)
    QApplication.processEvents()
    window.grab().save(str(out))
    window.project.close()


def main(out: Path) -> None:
    app = application()
    if os.environ.get("ANNOTATOR_SHOTS") == "claims":
        with tempfile.TemporaryDirectory() as tmp:
            claims_shot(out.with_name("claims.png"), Path(tmp))
        return
    if os.environ.get("ANNOTATOR_SHOTS") == "suggestions":
        with tempfile.TemporaryDirectory() as tmp:
            suggestions_shot(out.with_name("suggestions.png"), Path(tmp))
        return
    with tempfile.TemporaryDirectory() as tmp:
        suggestions_shot(out.with_name("suggestions.png"), Path(tmp))
    with tempfile.TemporaryDirectory() as tmp:
        claims_shot(out.with_name("claims.png"), Path(tmp))
    with tempfile.TemporaryDirectory() as tmp:
        review_shot(out.with_name("review.png"), Path(tmp))
    with tempfile.TemporaryDirectory() as tmp:
        window = demo_window(Path(tmp), "Ana", (1440, 880))
        text = window.document.text
        claim = text.index("De-escalation is already underway")
        window.document_view.select_span(next(s.id for s in window.spans() if s.start == claim), scroll=False)
        window.document_view.verticalScrollBar().setValue(0)
        app.processEvents()
        window.grab().save(str(out))
        apply_theme(app, "dark")            # the same window in the dark theme
        app.processEvents()
        window.grab().save(str(out.with_name("screenshot-dark.png")))
        apply_theme(app, "light")
        window.project.close()
    print(out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("screenshot.png"))
