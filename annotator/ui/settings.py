"""Where the window keeps its settings, and the keys it keeps there.

An analyst who points Annotator at another data folder (`ANNOTATOR_DATA_DIR`: a USB stick, a
test run, a second identity) expects nothing to be written elsewhere, so the settings follow the
data folder as an INI file. `ANNOTATOR_SETTINGS_DIR` overrides that; without either, the
platform's usual place (`~/.config/Annotator/Annotator.conf`, the registry, a plist).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

ORGANIZATION = "Annotator"
APPLICATION = "Annotator"
SETTINGS_FILE = "annotator.ini"

THEME_KEY = "view/theme"     # "system", "light" or "dark" (annotator.ui.theme.THEMES)
ZOOM_KEY = "view/zoom"       # DocumentView zoom steps, an int; 0 is the default size


def settings_folder() -> Path | None:
    """$ANNOTATOR_SETTINGS_DIR, else $ANNOTATOR_DATA_DIR, else None (the platform's place)."""
    for variable in ("ANNOTATOR_SETTINGS_DIR", "ANNOTATOR_DATA_DIR"):
        value = os.environ.get(variable)
        if value:
            return Path(value)
    return None


def settings() -> QSettings:
    """The window's settings: an INI file in the overridden folder, else the platform default."""
    folder = settings_folder()
    if folder is not None:
        return QSettings(str(folder / SETTINGS_FILE), QSettings.IniFormat)
    return QSettings(QSettings.NativeFormat, QSettings.UserScope, ORGANIZATION, APPLICATION)
