"""Importing documents from the window: Ctrl+I, a Word file in, every bad file of a batch in one dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.documents import HARD, make_docx, make_encrypted_pdf
from tests.files import snapshot


def test_ctrl_i_imports_a_word_document_and_shows_it(qtbot, window, tmp_path, monkeypatch):
    talks = make_docx(tmp_path / "talks.docx")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(talks)], ""))
    with qtbot.waitSignal(window.session.documents_changed):
        qtbot.keyClick(window.document_view, Qt.Key_I, Qt.ControlModifier)
    texts = [window.project.document(info.id).text for info in window.project.documents()]
    assert "\n\n".join(HARD) in texts


def test_every_bad_file_of_an_import_is_listed_in_one_dialog(qtbot, window, tmp_path, monkeypatch):
    good = make_docx(tmp_path / "good.docx")
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    secret = make_encrypted_pdf(tmp_path / "secret.pdf")
    broken = tmp_path / "broken.html"
    broken.write_bytes("caf\xe9".encode("cp1252"))
    before = snapshot(window.project.path)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *a, **k: ([str(p) for p in (good, empty, secret, broken)], ""))
    qtbot.keyClick(window.document_view, Qt.Key_I, Qt.ControlModifier)
    box = window.findChild(QMessageBox, "errorDialog")
    qtbot.waitUntil(box.isVisible)
    assert box.text().splitlines()[0] == "3 of 4 files could not be imported, so none was (the project is unchanged):"
    for path, reason in ((empty, "the file is empty"), (secret, "password-protected"), (broken, "not valid UTF-8")):
        assert any(line.startswith(f"• {path.name}") and reason in line for line in box.text().splitlines())
        assert any(line.startswith(f"{path}") and reason in line for line in box.detailedText().splitlines())
    assert good.name not in box.text()
    assert snapshot(window.project.path)[1] == before[1]
    assert len(window.project.documents()) == 1
