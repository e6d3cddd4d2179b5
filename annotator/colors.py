"""Colour arithmetic on "#RRGGBB" strings: mixing, WCAG 2 contrast, and the span fill that keeps text readable.

Pure (no Qt), so that the promise "text over a span fill stays readable for every codebook colour, on light and
dark pages" is checked by plain tests, and the document view paints exactly what the tests checked.
"""

from __future__ import annotations

MIN_TEXT_CONTRAST = 4.5     # WCAG 2 level AA for body text
_TINT_STEP = 0.02


def parse_hex(color: str) -> tuple[int, int, int]:
    """(r, g, b) in 0–255 from "#RRGGBB" (case-insensitive)."""
    value = color.strip().lstrip("#")
    if len(value) != 6:
        raise ValueError(f"not a #RRGGBB colour: {color!r}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def to_hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{min(255, max(0, round(c))):02x}" for c in rgb)


def mix(color: str, page: str, amount: float) -> str:
    """`color` moved `amount` (0 = itself, 1 = the page) of the way towards `page`, in sRGB."""
    return to_hex(tuple(c * (1 - amount) + p * amount for c, p in zip(parse_hex(color), parse_hex(page))))


def relative_luminance(color: str) -> float:
    """WCAG 2 relative luminance, 0 (black) to 1 (white)."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in parse_hex(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(fg: str, bg: str) -> float:
    """WCAG 2 contrast ratio, 1 (none) to 21 (black on white); symmetric in its arguments."""
    lighter, darker = sorted((relative_luminance(fg), relative_luminance(bg)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def is_dark(color: str) -> bool:
    """Whether a page colour is dark, i.e. closer in contrast to black text than to white."""
    return contrast_ratio(color, "#ffffff") > contrast_ratio(color, "#000000")


def readable_fill(color: str, page: str, text: str, amount: float,
                  minimum: float = MIN_TEXT_CONTRAST) -> str:
    """A span's fill: `color` mixed `amount` towards `page`, then further towards the page until `text`
    drawn on it has at least `minimum` contrast.

    The walk ends at the page itself, so the promise holds whenever `text` is readable on the bare page
    (a palette where it is not is refused with ValueError rather than silently painted unreadable)."""
    if contrast_ratio(text, page) < minimum:
        raise ValueError(f"text {text} on page {page} has contrast {contrast_ratio(text, page):.2f} < {minimum}")
    step = amount
    while step < 1:
        fill = mix(color, page, step)
        if contrast_ratio(text, fill) >= minimum:
            return fill
        step += _TINT_STEP
    return to_hex(parse_hex(page))
