"""WCAG contrast arithmetic and the span fill that keeps text readable (pure, no Qt)."""

from __future__ import annotations

import pytest

from annotator import colors
from annotator.colors import contrast_ratio, is_dark, mix, readable_fill, relative_luminance


def test_black_on_white_is_21_to_1():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)


def test_contrast_is_symmetric_and_one_for_equal_colours():
    assert contrast_ratio("#3B82D6", "#ffffff") == pytest.approx(contrast_ratio("#ffffff", "#3B82D6"))
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)


def test_known_wcag_figure_for_grey_777_on_white():
    # #777777 on white is the classic "just fails AA" grey: 4.48:1.
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_luminance_runs_from_black_to_white():
    assert relative_luminance("#000000") == 0
    assert relative_luminance("#ffffff") == pytest.approx(1.0)


def test_mix_ends_at_the_colour_and_the_page():
    assert mix("#E0902F", "#ffffff", 0) == "#e0902f"
    assert mix("#E0902F", "#ffffff", 1) == "#ffffff"


def test_dark_and_light_pages_are_told_apart():
    assert is_dark("#1e1f22") and not is_dark("#ffffff")


def test_a_fill_too_strong_for_the_text_is_mixed_further_towards_the_page():
    fill = readable_fill("#C2185B", "#ffffff", "#1f2328", amount=0.0)
    assert contrast_ratio("#1f2328", fill) >= 4.5
    assert fill != "#c2185b"


def test_a_readable_fill_is_left_as_asked():
    assert readable_fill("#3B82D6", "#ffffff", "#1f2328", amount=0.78) == mix("#3B82D6", "#ffffff", 0.78)


def test_text_unreadable_on_the_page_itself_is_refused():
    with pytest.raises(ValueError, match="contrast"):
        readable_fill("#3B82D6", "#ffffff", "#eeeeee", amount=0.78)


def test_the_colour_module_does_not_import_qt():
    from tests.test_applog import qt_imports

    assert not qt_imports(colors)
