"""Text in a picture: one clean line, measured, fitted with "…" or wrapped between words.

**Text is drawn glyph by glyph in a chain of fonts** (:mod:`bot.charts.fonts`): Pillow's
built-in font for ASCII, then the system's DejaVu and Noto fonts for every other script, and
Noto Color Emoji for emoji. A character no installed font has is never a box: an accented letter
loses its accent (é → e), anything else becomes a "·". Text never raises.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable, Mapping

from PIL import ImageFont

from bot.charts import fonts
from bot.charts.style import SCALE

MAX_TEXT_CHARS = 200
"""Text is cut to this many characters before measuring, so a huge title stays cheap."""

_JOINERS = frozenset("\u200c\u200d")


def clean_text(text: str) -> str:
    """One line of text: control characters become spaces, runs of space collapse.

    Pillow would draw a newline as a second line and a tab as a box; a caption is one line.
    """
    text = text[:MAX_TEXT_CHARS]
    # Joiners stay: "🏃‍♀️" and many scripts' letters are built with them.
    chars = (
        " " if unicodedata.category(c).startswith("C") and c not in _JOINERS else c for c in text
    )
    return " ".join("".join(chars).split())


def layout(text: str, size: int, face: int | None = None) -> list[fonts.Run]:
    """``text`` (cleaned) as runs of characters, each in the font of the chain that has them
    (``face``, the picture's font, first when it has the whole line).

    See :mod:`bot.charts.fonts`: characters no installed font has become a placeholder.
    """
    return fonts.runs(clean_text(text), face)


def missing_glyphs(text: str, size: int = fonts.PROBE_SIZE) -> int:
    """How many characters of ``text`` no installed font has (drawn as the placeholder).

    Never drawn as boxes; for tests and checks. ``size`` is kept for callers that pass it.
    """
    del size
    return fonts.unsupported(clean_text(text))


def measurer(size: int, face: int | None = None) -> Callable[[str], float]:
    """A function measuring a line at ``size`` (supersampled pixels) in the picture's font."""
    return lambda line: sum(fonts.width(run, size) for run in fonts.runs(line, face))


def fit_text(
    text: str, font: ImageFont.FreeTypeFont | Callable[[str], float], max_width: float
) -> str:
    """``text`` shortened with "…" so it is at most ``max_width`` pixels wide.

    ``font`` is one font, or a function measuring a line (several fonts, :func:`layout`).
    """
    measure = font.getlength if isinstance(font, ImageFont.FreeTypeFont) else font
    if measure(text) <= max_width:
        return text
    ellipsis = "…"
    low, high = 0, len(text)
    # Binary search for the longest prefix that fits with the ellipsis after it.
    while low < high:
        middle = (low + high + 1) // 2
        if measure(text[:middle].rstrip() + ellipsis) <= max_width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ellipsis


def wrap_text(
    text: str, size: int, max_width: float, max_lines: int = 3, face: int | None = None
) -> list[str]:
    """``text`` broken between words into lines at most ``max_width`` final pixels wide.

    A note that fits one line in English may need two in Russian or Portuguese: it wraps
    instead of being cut. The last of ``max_lines`` lines is shortened with "…" if need be.
    ``face`` is the picture's font (:func:`bot.charts.fonts.picture_face`).
    """
    measure = measurer(size * SCALE, face)
    limit = max_width * SCALE
    lines: list[str] = []
    current = ""
    for word in clean_text(text).split(" "):
        candidate = f"{current} {word}" if current else word
        if current and measure(candidate) > limit:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    return lines


def strings_of(words: object) -> list[str]:
    """Every text in ``words``: a string, or dataclasses, tuples, lists and mappings of them."""
    if isinstance(words, str):
        return [words]
    if dataclasses.is_dataclass(words) and not isinstance(words, type):
        return [
            t for item in dataclasses.fields(words) for t in strings_of(getattr(words, item.name))
        ]
    if isinstance(words, Mapping):
        return [t for value in words.values() for t in strings_of(value)]
    if isinstance(words, (tuple, list)):
        return [t for item in words for t in strings_of(item)]
    return []


def text_width(text: str, size: int, face: int | None = None) -> float:
    """Width of ``text`` in final pixels at ``size`` (no canvas needed) in the picture's font
    ``face`` (:func:`bot.charts.fonts.picture_face`)."""
    return measurer(size * SCALE, face)(clean_text(text)) / SCALE
