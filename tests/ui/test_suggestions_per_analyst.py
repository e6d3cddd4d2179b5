"""Suggestions in a project analysts share: each decides for themselves. Ana reviews with R and
A and closes the window; the same project opened as Ben shows him every suggestion, his A goes
into his own layer, and the document list counts each one's own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt

from annotator.store import Project
from annotator.ui.document_list import DETAILS_ROLE
from tests.ui.conftest import make_window
from tests.ui.test_suggestions import REVIEW_SUGGESTIONS, corpus, interview_project, painted, press, selected, suggest  # noqa: F401 (fixtures)

ANA, BEN = "analyst-ana", "analyst-ben"


def settings_of(tmp_path: Path, name: str, analyst_id: str) -> QSettings:
    """Another analyst's own settings: the project opened on their machine."""
    settings = QSettings(str(tmp_path / f"{name}.ini"), QSettings.IniFormat)
    settings.setValue("analyst/name", name)
    settings.setValue("analyst/id", analyst_id)
    return settings


def layer(window, analyst_id: str) -> list[tuple[str, str]]:
    text = window.document.text
    return [(s.label, text[s.start:s.end]) for s in window.project.spans(window.document.id, [analyst_id])]


def suggested_counts(window) -> dict[str, str]:
    """The document list's "N suggested" (or ""), per document id."""
    model = window.document_model
    details = {model.documents[row].external_id: model.index(row).data(DETAILS_ROLE)
               for row in range(model.rowCount())}
    return {external_id: text.rpartition(" · ")[2] if text.endswith(" suggested") else ""
            for external_id, text in details.items()}


def close(window) -> None:
    window.close()
    window.project.close()


def test_ana_and_ben_each_decide_the_same_suggestions(qtbot, window, corpus, tmp_path):  # noqa: F811
    suggest(qtbot, window, corpus_wide=True)
    press(qtbot, window, REVIEW_SUGGESTIONS, Qt.Key_N, Qt.Key_R, Qt.Key_A)   # Moscow rejected, Russia accepted
    assert layer(window, ANA) == [("Actor", "Russia")]
    assert painted(window) == [("Ukraine", "Actor", "Ukraine")]
    assert suggested_counts(window) == {"talks": "1 suggested", "quiet": "", "reply": "2 suggested"}
    close(window)

    ben = make_window(qtbot, corpus, settings_of(tmp_path, "Ben", BEN))
    assert (ben.session.analyst.name, ben.document.external_id) == ("Ben", "talks")
    assert [(p[0], p[1]) for p in painted(ben)] == [("Moscow", "Actor"), ("Russia", "Actor"), ("Ukraine", "Actor")]
    assert suggested_counts(ben) == {"talks": "3 suggested", "quiet": "", "reply": "2 suggested"}
    press(qtbot, ben, REVIEW_SUGGESTIONS, Qt.Key_N)
    assert selected(ben) == "Moscow"                      # Ana's rejection is hers
    press(qtbot, ben, Qt.Key_N, Qt.Key_A)
    assert layer(ben, BEN) == [("Actor", "Russia")]       # into his layer, beside Ana's
    assert layer(ben, ANA) == [("Actor", "Russia")]
    assert suggested_counts(ben) == {"talks": "2 suggested", "quiet": "", "reply": "2 suggested"}
    assert ben.suggestions.panel.summary.text().startswith("2 suggestions to decide in this document · 4 in 2")
    close(ben)

    with Project(corpus) as project:
        talks = project.document_id_of("talks")
        assert [(s.label, s.status) for s in project.suggestions(talks, ANA, None)] == [
            ("Actor", "rejected"), ("Actor", "accepted"), ("Actor", "pending")]
        assert [(s.label, s.status) for s in project.suggestions(talks, BEN, None)] == [
            ("Actor", "pending"), ("Actor", "accepted"), ("Actor", "pending")]
    again = make_window(qtbot, corpus, settings_of(tmp_path, "Ana", ANA))
    assert [p[0] for p in painted(again)] == ["Ukraine"]   # Ana's own list, as she left it
    assert suggested_counts(again) == {"talks": "1 suggested", "quiet": "", "reply": "2 suggested"}
    close(again)


def test_a_renamed_analyst_keeps_their_decisions(qtbot, window):
    suggest(qtbot, window)
    press(qtbot, window, REVIEW_SUGGESTIONS, Qt.Key_N, Qt.Key_R)          # Moscow rejected
    window.set_analyst_name("Ana María")
    assert window.session.analyst.id == ANA
    assert [p[0] for p in painted(window)] == ["Russia", "Ukraine"]
    assert window.suggestions.panel.counts == {window.document.id: 2}
    assert window.project.suggestion_summary()["registry"]["analysts"] == {
        "Ana María": {"accepted": 0, "rejected": 1}}
