"""Grabs the window offscreen with the sample interview and a dozen spans (docs/screenshot.png),
and review mode comparing two analysts on it (docs/review.png).

    QT_QPA_PLATFORM=offscreen python docs/make_screenshot.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator import transfer  # noqa: E402
from annotator.resources import seed_texts  # noqa: E402
from annotator.ui.app import application, open_window  # noqa: E402

SPANS = [
    ("Engin Ozer", "Actor"),
    ("Russian-American talks in Istanbul", "Issue"),
    ("the Turkish side did not participate in the negotiations", "Claim"),
    ("the Turkish side", "Actor"),
    ("the status of Russian and American properties", "Issue"),
    ("De-escalation is already underway", "Claim"),
    ("ceasefire agreement", "Issue"),
    ("Russia firmly opposes any deployment of NATO or European troops", "Claim"),
    ("Russia firmly", "Actor"),
    ("NATO", "Actor"),
    ("Ukraine rejects the idea of UN forces", "Claim"),
    ("Ukraine rejects", "Actor"),
    ("UN forces", "Issue"),
]


BEN = [
    ("Engin Ozer", "Actor"),
    ("Russian-American talks in Istanbul", "Issue"),
    ("the Turkish side did not participate", "Claim"),
    ("De-escalation is already underway", "Issue"),
    ("ceasefire agreement", "Issue"),
    ("Russia firmly opposes any deployment of NATO", "Claim"),
    ("NATO", "Actor"),
    ("Ukraine rejects the idea of UN forces", "Claim"),
]


def tag_all(window, spans: list[tuple[str, str]]) -> None:
    text = window.document.text
    for phrase, label in spans:
        start = text.index(phrase)
        window.tag_selection(label, start, start + len(phrase))


def review_shot(out: Path, tmp: Path) -> None:
    """Ana's spans and Ben's in one project, compared in review mode."""
    project = tmp / "team.db"
    transfer.import_files(project, [seed_texts()[0]], "Ana")
    for name, spans in (("Ana", SPANS), ("Ben", BEN)):
        settings = QSettings(str(tmp / f"{name}.ini"), QSettings.IniFormat)
        settings.setValue("analyst/name", name)
        window = open_window(project, settings, ask=False)
        tag_all(window, spans)
        window.project.close()
    settings = QSettings(str(tmp / "rita.ini"), QSettings.IniFormat)
    settings.setValue("analyst/name", "Rita")
    window = open_window(project, settings, ask=False)
    window.resize(1440, 900)
    window.show()
    window.review_action.setChecked(True)
    window.review.choose([a.id for a in window.project.annotators() if a.name in ("Ana", "Ben")])
    window.review.step(True)
    window.review.accept()
    QApplication.processEvents()
    window.grab().save(str(out))
    window.project.close()


def main(out: Path) -> None:
    app = application()
    with tempfile.TemporaryDirectory() as tmp:
        review_shot(out.with_name("review.png"), Path(tmp))
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "interview.db"
        transfer.import_files(project, [seed_texts()[0]], "Ana")
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.IniFormat)
        settings.setValue("analyst/name", "Ana")
        window = open_window(project, settings, ask=False)
        window.resize(1440, 880)
        window.show()
        tag_all(window, SPANS)
        window.document_view.select_span(window.spans()[5].id, scroll=False)
        window.document_view.verticalScrollBar().setValue(0)
        app.processEvents()
        window.grab().save(str(out))
        window.project.close()
    print(out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("screenshot.png"))
