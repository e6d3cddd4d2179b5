"""Where the window's settings live: beside the data when the data folder is overridden."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from annotator.ui.settings import settings


def test_settings_follow_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("ANNOTATOR_SETTINGS_DIR", raising=False)
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(tmp_path))
    config = settings()
    config.setValue("view/theme", "dark")
    config.sync()
    assert config.format() == QSettings.IniFormat
    assert Path(config.fileName()) == tmp_path / "annotator.ini"
    assert "theme=dark" in (tmp_path / "annotator.ini").read_text(encoding="utf-8")


def test_a_settings_folder_of_its_own_wins_over_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ANNOTATOR_SETTINGS_DIR", str(tmp_path / "settings"))
    assert Path(settings().fileName()) == tmp_path / "settings" / "annotator.ini"


def test_without_overrides_the_platform_place_is_used(monkeypatch):
    monkeypatch.delenv("ANNOTATOR_DATA_DIR", raising=False)
    monkeypatch.delenv("ANNOTATOR_SETTINGS_DIR", raising=False)
    config = settings()
    assert config.format() == QSettings.NativeFormat
    assert (config.organizationName(), config.applicationName()) == ("Annotator", "Annotator")
