"""Light and dark themes: the palette, the style sheet, and span fills that keep text readable."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication

from annotator.colors import contrast_ratio, is_dark
from annotator.model import Span
from annotator.resources import resources_dir
from annotator.ui import theme
from annotator.ui.app import application
from annotator.ui.document_view import DocumentView
from annotator.ui.theme import DARK, LIGHT, apply_theme, style_sheet

CODEBOOK = json.loads((resources_dir() / "codebook.json").read_text(encoding="utf-8"))
CODEBOOK_COLORS = [label["color"] for label in CODEBOOK["labels"]] + CODEBOOK["palette"]
TEXT = "Engin Ozer said that a ceasefire could be declared even today, in Istanbul."


@pytest.fixture
def app():
    app = application()
    yield app
    apply_theme(app, "system")


@pytest.fixture
def view(qtbot, app):
    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(600, 300)
    view.set_colors({f"L{i}": color for i, color in enumerate(CODEBOOK_COLORS)})
    view.show_document(TEXT, [Span(id=1, document_id="d", label="L1", start=0, end=10, annotator_id="a")])
    view.show()
    qtbot.waitExposed(view)
    return view


def span_rect(view: DocumentView, start: int, end: int) -> QRect:
    """Where the view paints the (one-line) span [start, end), inside its line's box."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(start)
    first = view.cursorRect(cursor)
    cursor.setPosition(end)
    last = view.cursorRect(cursor)
    return QRect(first.left() + 1, first.top() + 1, last.left() - first.left() - 2, first.height() - 2)


def colors_in(view: DocumentView, rect: QRect) -> Counter:
    image = view.viewport().grab().toImage()
    return Counter(image.pixelColor(x, y).name() for x in range(rect.left(), rect.right())
                   for y in range(rect.top(), rect.bottom()))


@pytest.mark.parametrize("colors", [LIGHT, DARK], ids=["light", "dark"])
def test_every_text_and_background_pair_of_a_theme_is_readable(colors):
    pairs = [("text", "base"), ("text", "window"), ("text", "panel"), ("text", "alternate"),
             ("text", "button"), ("text", "hover"), ("text", "selection"), ("text", "row_selection"),
             ("text", "accent"), ("accent_text", "accent"), ("muted", "header"), ("muted", "base"),
             ("link", "base")]
    for fg, bg in pairs:
        assert contrast_ratio(colors[fg], colors[bg]) >= 4.5, (fg, bg)


@pytest.mark.parametrize("colors", [LIGHT, DARK], ids=["light", "dark"])
def test_the_style_sheet_fills_in_every_colour(colors):
    sheet = style_sheet(colors)
    assert "$" not in sheet.split("*/", 1)[1]
    assert colors["border"] in sheet


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("selected", [False, True], ids=["normal", "selected"])
@pytest.mark.parametrize("color", CODEBOOK_COLORS)
def test_text_over_every_codebook_fill_is_readable(app, view, mode, selected, color):
    apply_theme(app, mode)
    label = f"L{CODEBOOK_COLORS.index(color)}"
    text = view.palette().text().color().name()
    assert contrast_ratio(text, view.span_fill(label, selected).name()) >= 4.5


def test_dark_theme_gives_a_dark_palette_and_says_so(app):
    assert apply_theme(app, "dark") is True
    assert is_dark(app.palette().color(QPalette.Base).name())
    assert app.palette().color(QPalette.Text).name() == DARK["text"]
    assert apply_theme(app, "light") is False
    assert app.palette().color(QPalette.Base).name() == LIGHT["base"]


def test_an_unknown_theme_counts_as_system(app):
    assert apply_theme(app, "purple") is theme.system_is_dark()
    assert theme.theme_mode(app) == "system"


def test_system_theme_follows_the_platform_going_dark(app, monkeypatch):
    apply_theme(app, "system")
    monkeypatch.setattr(theme, "system_is_dark", lambda: True)
    QGuiApplication.styleHints().colorSchemeChanged.emit(QGuiApplication.styleHints().colorScheme())
    assert app.palette().color(QPalette.Base).name() == DARK["base"]


def test_a_chosen_theme_ignores_the_platform(app, monkeypatch):
    apply_theme(app, "light")
    monkeypatch.setattr(theme, "system_is_dark", lambda: True)
    QGuiApplication.styleHints().colorSchemeChanged.emit(QGuiApplication.styleHints().colorScheme())
    assert app.palette().color(QPalette.Base).name() == LIGHT["base"]


def test_the_dark_view_paints_a_dark_fill_under_light_text(qtbot, app, view):
    apply_theme(app, "dark")
    qtbot.waitUntil(lambda: view.palette().base().color().name() == DARK["base"])
    fill = view.span_fill("L1").name()
    pixels = colors_in(view, span_rect(view, 0, 10))
    assert pixels.most_common(1)[0][0] == fill
    assert is_dark(fill)
    text = view.palette().text().color().name()
    glyphs = [c for c in pixels if contrast_ratio(c, fill) >= 4.5]
    assert glyphs and all(contrast_ratio(c, text) < contrast_ratio(c, fill) for c in glyphs)


def test_switching_theme_repaints_the_fills(qtbot, app, view):
    apply_theme(app, "light")
    light_fill = view.span_fill("L1").name()
    assert colors_in(view, span_rect(view, 0, 10)).most_common(1)[0][0] == light_fill
    apply_theme(app, "dark")
    dark_fill = view.span_fill("L1").name()
    assert dark_fill != light_fill
    qtbot.waitUntil(lambda: colors_in(view, span_rect(view, 0, 10)).most_common(1)[0][0] == dark_fill)


def test_the_application_uses_the_theme_in_its_settings(tmp_path):
    from PySide6.QtCore import QSettings

    config = QSettings(str(tmp_path / "annotator.ini"), QSettings.IniFormat)
    config.setValue("view/theme", "dark")
    app = application(config=config)
    try:
        assert app.palette().color(QPalette.Window).name() == DARK["window"]
        assert QApplication.instance().styleSheet() == style_sheet(DARK)
    finally:
        apply_theme(app, "system")


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("color", ["#ffff00", "#00ffff", "#0000ff", "#000000", "#ffffff"])
def test_a_label_recoloured_to_an_extreme_still_leaves_its_text_readable(app, view, mode, color):
    apply_theme(app, mode)
    view.set_colors({"Loud": color})
    text = view.palette().text().color().name()
    for selected in (False, True):
        assert contrast_ratio(text, view.span_fill("Loud", selected).name()) >= 4.5


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_review_table_colours_its_findings_readably_on_either_page(app, mode):
    from annotator.ui.review_model import kind_colors

    apply_theme(app, mode)
    page = (DARK if mode == "dark" else LIGHT)["base"]
    for kind, color in kind_colors().items():
        assert contrast_ratio(color, page) >= 4.5, kind
    apply_theme(app, "light")
