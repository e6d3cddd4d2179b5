"""The agreement dialog's figures: two places, and a figure that rounds to zero reads 0.00."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.model import Span
from annotator.review.agreement import agreement_report
from annotator.review.report import ProjectAgreement
from annotator.review.text_report import figure
from annotator.ui.agreement_dialog import AgreementDialog


def span(annotator_id: str, start: int, end: int, label: str) -> Span:
    return Span(start, end, label, annotator=annotator_id.upper(), annotator_id=annotator_id)


def test_a_figure_that_rounds_to_zero_has_no_minus_sign():
    assert (figure(-0.0004, 2), figure(-0.0004), figure(-0.004, 2), figure(0.0, 2)) == ("0.00", "0.000", "0.00", "0.00")
    assert figure(-0.006, 2) == "-0.01"
    assert figure(None) == "n/a"


def test_dialog_shows_a_slightly_negative_kappa_as_zero(qtbot):
    # 2,000 tokens; a and b each mark a different single word X: p_o = 1998/2000,
    # p_e = (1999*1999 + 1*1) / 2000^2 -> kappa = -0.0005, which rounds to zero.
    text = " ".join(["w"] * 2000)
    report = agreement_report([("d", text, [span("a", 0, 1, "X"), span("b", 2, 3, "X")])], ["a", "b"], {})
    assert -0.005 < report.corpus.pair("a", "b").kappa.overall < 0
    dialog = AgreementDialog(ProjectAgreement(report, ()))
    qtbot.addWidget(dialog)
    cell = dialog.matrix_model.index(0, 1).data()
    assert "κ 0.00" in cell and "-0.00" not in cell


def test_dialog_shows_claims_and_lists_every_unmatched_claim(qtbot):
    from annotator.review.claim_agreement import ClaimUnit

    text = "Moscow refused. Kyiv agreed. Ankara waited."
    claims = [ClaimUnit("a", 0, 15, "oppose", ("entity:ru",), ("entity:war",), text="Moscow refused."),
              ClaimUnit("b", 0, 15, "oppose", ("entity:ru",), ("entity:war",), text="Moscow refused."),
              ClaimUnit("a", 16, 28, "support", ("entity:ua",), ("entity:war",), text="Kyiv agreed."),
              ClaimUnit("b", 29, 43, "", text="Ankara waited.")]
    spans = [span(c.annotator_id, c.start, c.end, "Claim") for c in claims]
    from annotator.review.counting import Document
    report = agreement_report([Document("d", "Talks", text, spans, claims)], ["a", "b"], {"a": "Ana", "b": "Bo"})
    dialog = AgreementDialog(ProjectAgreement(report, ()))
    qtbot.addWidget(dialog)
    model = dialog.claims_model
    assert model.headerData(0, Qt.Vertical) == "Ana vs Bo"
    assert model.index(0, 0).data() == "0.50 (1)"          # 1 of 2 and 2 claims at the same offsets
    assert model.index(0, 2).data() == "0.67 (1 of 2 · 1)"  # Bo's unknown-stance claim has no speaker: no statement
    assert [dialog.unmatched_model.index(r, 3).data() for r in range(dialog.unmatched_model.rowCount())] == [
        "Kyiv agreed.", "Ankara waited."]
    assert dialog.claims_alpha.text() == ("Krippendorff's α on matched claims: stance n/a (1 claim) · "
                                          "speaker n/a (1 claim) · issue n/a (1 claim) · category n/a (0 claims)")
