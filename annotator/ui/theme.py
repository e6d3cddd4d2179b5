"""Light and dark: the application palette and the style sheet that goes with it.

`apply_theme(app, mode)` sets the Fusion style (it draws from the palette alone, so both themes
look the same on every platform), a palette built from LIGHT or DARK, and `resources/style.qss`
with its `$name` colours filled in from the same table. In "system" mode the theme follows the
platform's colour scheme, now and when it changes. Widgets that paint themselves (the document
view) read the palette, so they follow too.
"""

from __future__ import annotations

from string import Template

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from annotator.resources import resources_dir

THEMES = ("system", "light", "dark")
_MODE_PROPERTY = "annotatorTheme"
_FOLLOWING_PROPERTY = "annotatorFollowsColorScheme"

# Every pair of text and background used together keeps a WCAG contrast of 4.5:1 or more
# (tests/ui/test_theme.py checks it).
LIGHT = {
    "window": "#f4f5f7", "base": "#ffffff", "panel": "#fbfbfc", "alternate": "#f7f8fa",
    "text": "#1f2328", "muted": "#57606a", "disabled": "#8c959f",
    "border": "#dcdfe4", "border_strong": "#b9c0ca", "button": "#fafbfc", "hover": "#eef1f5",
    "header": "#f0f2f5", "accent": "#e3ecfa", "accent_border": "#8fb0e6", "accent_text": "#1d4f9c",
    "selection": "#b6d4fe", "row_selection": "#dbe7fb", "link": "#1d4f9c",
    "light": "#ffffff", "dark": "#9aa3ad", "shadow": "#6e7781",
}
DARK = {
    "window": "#1a1c20", "base": "#222529", "panel": "#1f2226", "alternate": "#272a2f",
    "text": "#e3e5e8", "muted": "#a5adb6", "disabled": "#6b737d",
    "border": "#363a41", "border_strong": "#555b64", "button": "#2a2d33", "hover": "#32363d",
    "header": "#282b31", "accent": "#243a5a", "accent_border": "#4f7cc0", "accent_text": "#d4e3fb",
    "selection": "#2f5285", "row_selection": "#2b4264", "link": "#8ab4f8",
    "light": "#3a3f47", "dark": "#111316", "shadow": "#000000",
}


def colors_for(dark: bool) -> dict[str, str]:
    return DARK if dark else LIGHT


def system_is_dark() -> bool:
    """The platform's colour scheme (Qt ≥ 6.5); unknown counts as light."""
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def theme_mode(app: QApplication) -> str:
    """The mode last given to `apply_theme` ("system" before any)."""
    return app.property(_MODE_PROPERTY) or "system"


def apply_theme(app: QApplication, mode: str) -> bool:
    """Sets the palette and style sheet for "system", "light" or "dark" (anything else counts as
    "system", so a damaged setting cannot break the window). Returns whether the result is dark."""
    mode = mode if mode in THEMES else "system"
    app.setProperty(_MODE_PROPERTY, mode)
    _request_scheme(mode)
    _follow_system_changes(app)
    dark = system_is_dark() if mode == "system" else mode == "dark"
    colors = colors_for(dark)
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(palette(colors))
    app.setStyleSheet(style_sheet(colors))
    return dark


def palette(colors: dict[str, str]) -> QPalette:
    p = QPalette()
    roles = {
        QPalette.Window: "window", QPalette.WindowText: "text", QPalette.Base: "base",
        QPalette.AlternateBase: "alternate", QPalette.Text: "text", QPalette.Button: "button",
        QPalette.ButtonText: "text", QPalette.ToolTipBase: "base", QPalette.ToolTipText: "text",
        QPalette.PlaceholderText: "muted", QPalette.Highlight: "row_selection",
        QPalette.HighlightedText: "text", QPalette.Link: "link", QPalette.LinkVisited: "link",
        QPalette.Light: "light", QPalette.Midlight: "hover", QPalette.Mid: "border_strong",
        QPalette.Dark: "dark", QPalette.Shadow: "shadow", QPalette.BrightText: "base",
        QPalette.Accent: "accent_border",
    }
    for role, name in roles.items():
        p.setColor(role, QColor(colors[name]))
    for role in (QPalette.WindowText, QPalette.Text, QPalette.ButtonText):
        p.setColor(QPalette.Disabled, role, QColor(colors["disabled"]))
    return p


def style_sheet(colors: dict[str, str]) -> str:
    """`resources/style.qss` with its `$name` colours filled in (a missing name raises KeyError)."""
    template = (resources_dir() / "style.qss").read_text(encoding="utf-8")
    return Template(template).substitute(colors)


def _request_scheme(mode: str) -> None:
    """Tells the platform which scheme we show (Qt ≥ 6.8), so title bars and native dialogs match."""
    hints = QGuiApplication.styleHints()
    if not hasattr(hints, "setColorScheme"):
        return
    if mode == "system":
        hints.unsetColorScheme()
    else:
        hints.setColorScheme(Qt.ColorScheme.Dark if mode == "dark" else Qt.ColorScheme.Light)


def _follow_system_changes(app: QApplication) -> None:
    if app.property(_FOLLOWING_PROPERTY):
        return
    app.setProperty(_FOLLOWING_PROPERTY, True)
    QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: _on_scheme_changed(app))


def _on_scheme_changed(app: QApplication) -> None:
    if theme_mode(app) == "system":
        apply_theme(app, "system")
