"""Agreement in the window: the pairwise annotator matrix and per-label figures, for the
corpus or one document, each figure with the count of items it rests on; and, when the
compared layers hold claims, a Claims section for the corpus (claim-span and statement F1
per pair, alpha on the frames of matched claims, every unmatched claim listed)."""

from __future__ import annotations

from typing import Any, Sequence

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.errors import AnnotatorError, Cancelled
from annotator.review.report import ProjectAgreement, project_agreement
from annotator.review.text_report import figure
from annotator.store import Project
from annotator.ui.dialogs import show_error
from annotator.ui.jobs import run_in_background
from annotator.ui.plain import plain_tooltip
from annotator.ui.table_model import ListTableModel
from annotator.wording import plural


class RowsModel(ListTableModel):
    """A read-only table over rows computed from one report."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns: list[str] = []
        self.row_names: list[str] = []

    def reset(self, columns: Sequence[str], row_names: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        self.beginResetModel()
        self.columns, self.row_names, self.rows = list(columns), list(row_names), [list(r) for r in rows]
        self.endResetModel()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole) -> Any:
        if role != Qt.DisplayRole:
            return None
        return self.columns[section] if orientation == Qt.Horizontal else self.row_names[section]

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole) -> Any:
        if index.isValid() and role == Qt.DisplayRole:
            return self.rows[index.row()][index.column()]
        if index.isValid() and role == Qt.ToolTipRole:
            return plain_tooltip(self.rows[index.row()][index.column()])
        if index.isValid() and role == Qt.TextAlignmentRole:
            return int(Qt.AlignCenter)
        return None


def _fmt(value: float | None) -> str:
    """Two places; a figure that rounds to zero reads "0.00", never "-0.00"."""
    return figure(value, 2)


def _pair_cell(pair: dict, names: dict[str, str]) -> str:
    exact, overlap, kappa = pair["exact"], pair["overlap"], pair["kappa"]
    return (f"F1 exact {_fmt(exact['f1'])} · overlap {_fmt(overlap['f1'])}\n"
            f"κ {_fmt(kappa['overall'])} (coded {_fmt(kappa['coded'])})\n"
            f"{names[pair['a']]} {exact['spans_a']} · {names[pair['b']]} {exact['spans_b']} spans · "
            f"{plural(kappa['tokens'], 'token')}")


class AgreementDialog(QDialog):
    def __init__(self, agreement: ProjectAgreement, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agreementDialog")
        self.setWindowTitle("Inter-annotator agreement")
        self.resize(900, 620)
        self.data = agreement.to_json()
        self.names = {a["id"]: a["name"] for a in self.data["annotators"]}
        self.order = [a["id"] for a in self.data["annotators"]]

        self.scope = QComboBox(self)
        self.scope.addItem("Whole corpus", None)
        for index, document in enumerate(self.data["documents"]):
            title = f"{document['title']} ({document['scope']})" if document["title"] else document["scope"]
            self.scope.addItem(f"Document: {title}", index)
        self.scope.currentIndexChanged.connect(self._show_scope)
        self.summary = QLabel(self)
        self.summary.setObjectName("agreementSummary")
        self.summary.setTextFormat(Qt.PlainText)
        self.summary.setWordWrap(True)
        self.matrix_model = RowsModel(self)
        self.matrix = self._table(self.matrix_model, "agreementTable", row_height=62)
        self.label_model = RowsModel(self)
        self.by_label = self._table(self.label_model, "agreementByLabel", row_height=26)
        note = QLabel("F1: spans matched with the same offsets (exact) or overlapping (overlap) and the same "
                      "label. κ: Cohen's kappa on word tokens, over all tokens and over tokens at least one "
                      "annotator coded. α: Krippendorff's alpha (nominal) across all compared annotators.",
                      self)
        note.setWordWrap(True)
        note.setTextFormat(Qt.PlainText)
        if agreement.left_out:
            note.setText(note.text() + f"\n{plural(len(agreement.left_out), 'document')} left out: not every "
                                       "compared annotator has spans there.")
        buttons = QDialogButtonBox(QDialogButtonBox.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scope)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel("Pairwise (row annotator is the reference):", self))
        layout.addWidget(self.matrix, 3)
        layout.addWidget(QLabel("By label:", self))
        layout.addWidget(self.by_label, 2)
        self.claims_model = RowsModel(self)
        self.unmatched_model = RowsModel(self)
        self.claims_alpha = QLabel(self)
        self.claims_alpha.setObjectName("agreementClaimsAlpha")
        self.claims_alpha.setTextFormat(Qt.PlainText)
        claims = self.data.get("claims")
        if claims is not None:
            self.claims_table = self._table(self.claims_model, "agreementClaims", row_height=26)
            self.unmatched_table = self._table(self.unmatched_model, "agreementUnmatchedClaims", row_height=24)
            self.unmatched_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
            self.unmatched_table.horizontalHeader().setStretchLastSection(True)
            self._fill_claims(claims)
            layout.addWidget(QLabel(f"Claims (whole corpus; {plural(claims['matched'], 'matched claim')}; "
                                    "α: unknown stance or an empty field counts as missing):", self))
            layout.addWidget(self.claims_table, 1)
            layout.addWidget(self.claims_alpha)
            unmatched = ", ".join(f"{self.names[a]} {n:,}" for a, n in claims["unmatched_count"].items())
            layout.addWidget(QLabel(f"Unmatched claims (no other analyst marked them): {unmatched}", self))
            layout.addWidget(self.unmatched_table, 2)
            self.resize(900, 820)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self._show_scope()

    def _fill_claims(self, claims: dict) -> None:
        rows, row_names = [], []
        for pair in claims["pairs"]:
            exact, overlap, said = pair["exact"], pair["overlap"], pair["statements"]
            row_names.append(f"{self.names[pair['a']]} vs {self.names[pair['b']]}")
            rows.append([f"{_fmt(exact['f1'])} ({exact['matches']:,})", f"{_fmt(overlap['f1'])} ({overlap['matches']:,})",
                         f"{_fmt(said['f1'])} ({said['matches']:,} of {said['spans_a']:,} · {said['spans_b']:,})",
                         f"{exact['spans_a']:,} · {exact['spans_b']:,}"])
        self.claims_alpha.setText("Krippendorff's α on matched claims: " + " · ".join(
            f"{name} {_fmt(alpha['alpha'])} ({plural(alpha['units'], 'claim')})"
            for name, alpha in claims["alpha"].items()))
        self.claims_model.reset(["claim F1 exact", "claim F1 overlap", "statement F1", "claims"], row_names, rows)
        self.unmatched_model.reset(
            ["document", "analyst", "from–to", "text"], [str(n + 1) for n in range(len(claims["unmatched"]))],
            [[c["title"] or c["document"], self.names.get(c["annotator"], c["annotator"]),
              f"{c['start']}–{c['end']}", c["text"]] for c in claims["unmatched"]])

    def _table(self, model: RowsModel, name: str, row_height: int) -> QTableView:
        table = QTableView(self)
        table.setObjectName(name)
        table.setModel(model)
        table.setWordWrap(True)
        table.verticalHeader().setDefaultSectionSize(row_height)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        return table

    def current_scope(self) -> dict:
        index = self.scope.currentData()
        return self.data["corpus"] if index is None else self.data["documents"][index]

    def _show_scope(self) -> None:
        scope = self.current_scope()
        alpha = scope["alpha"]
        self.summary.setText(
            f"{plural(scope['documents'], 'document')} · {plural(scope['tokens'], 'token')}, "
            f"{scope['coded_tokens']:,} coded · "
            f"Krippendorff's α {_fmt(alpha['overall'])} (coded tokens only: {_fmt(alpha['coded'])})")
        pairs = {(p["a"], p["b"]): p for p in scope["pairs"]}
        names = [self.names[a] for a in self.order]
        rows = []
        for a in self.order:
            row = []
            for b in self.order:
                pair = pairs.get((a, b)) or pairs.get((b, a))
                row.append("—" if a == b or pair is None else _pair_cell(pair, self.names))
            rows.append(row)
        self.matrix_model.reset(names, names, rows)
        label_rows, label_names = [], []
        for label in self.data["labels"]:
            exact = [p["by_label"][label]["exact"]["f1"] for p in scope["pairs"] if label in p["by_label"]]
            kappas = [p["by_label"][label]["kappa"]["overall"] for p in scope["pairs"] if label in p["by_label"]]
            alpha = scope["alpha_by_label"].get(label, {}).get("overall")
            label_names.append(label)
            label_rows.append([", ".join(_fmt(v) for v in exact) or "n/a",
                               ", ".join(_fmt(v) for v in kappas) or "n/a", _fmt(alpha)])
        self.label_model.reset(["exact F1 (per pair)", "κ (per pair)", "α"], label_names, label_rows)


def show_agreement(parent: QWidget, project: Project, annotators: list[str] | None) -> AgreementDialog | None:
    """Computes agreement among `annotators` (None: every analyst) and opens the dialog, or
    says in an error box why there is nothing to show. A long count runs in the background
    behind a progress dialog; cancelled, it shows nothing (and returns None)."""
    try:
        agreement = run_in_background(parent, "Counting agreement", project.path,
                                      lambda other, progress: project_agreement(other, annotators,
                                                                                progress=progress))
    except Cancelled:
        return None
    except AnnotatorError as exc:
        show_error(parent, "No agreement to show", str(exc))
        return None
    dialog = AgreementDialog(agreement, parent)
    dialog.open()
    return dialog
