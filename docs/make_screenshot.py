"""Grabs the window offscreen on the demo project, as `annotator` first opens it: the sample
interview with the two example analysts' layers (docs/screenshot.png), and review mode
comparing them with one version accepted into gold (docs/review.png).

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
from annotator.resources import EXAMPLE_ANALYSTS  # noqa: E402
from annotator.ui.app import application, open_window  # noqa: E402


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


def main(out: Path) -> None:
    app = application()
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
        window.project.close()
    print(out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("screenshot.png"))
