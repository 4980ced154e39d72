"""The chain as a picture: a wall calendar of kept days, rendered to PNG (docs/product.md rule 5).

Two views, both plain functions from day states to PNG bytes:

* :func:`render_month` — one month, like a page of a paper wall calendar: the goal's name, a
  line of numbers (streak, best, strength), the month and year, weekday initials from Monday,
  and one rounded square per day with its number and a mark for what happened.
* :func:`render_year` — the last 12 months ending with today's month, as 12 small month
  calendars in a 3 × 4 grid. A portrait grid of small months reads better on a phone than a
  GitHub-style strip of 53 weeks, which Telegram would shrink to specks.

Day states are plain strings (``"done"``, ``"partial"``, ``"mva"`` (the minimum), ``"skip"``,
``"paused"``, ``"missed"``, ``"pending"``, ``"future"``, ``"before_start"``), so this module
does not depend on the streak rules that compute them. A date missing from the mapping, or an
unknown state, is drawn faint, like a day that does not count.

Design decisions:

* **One palette with the text chain** (``CHAIN_SYMBOLS``: 🟩 done, 🟧 partly, 🟨 minimum,
  🟦 rest, ⏸️ paused, ⬜ missed): green, orange, yellow, blue, grey and white, so the picture
  and the squares in the caption read the same. The colours are also told apart by lightness
  and shape, not only by hue, so the legend's words carry the meaning without colour vision:
  done is the darkest fill with a white tick, partly a half fill, minimum a light fill with a
  dark tick, rest a hatched square, paused grey with pause bars, missed an empty white square
  with a neutral border (no alarm red: a miss is not a failure). Pending (today, not yet
  logged) is a white square with a small open square inside, like ▫️; today also gets a dark
  ring, like a circle drawn with a pen.
* **Shapes are drawn at twice the size and scaled down**, because Pillow draws rounded
  rectangles and thick lines without anti-aliasing; the result is then reduced to a palette,
  which keeps a month well under 60 KB.
* **Text uses Pillow's built-in FreeType font** (``ImageFont.load_default``), so there is no
  font file to ship. It covers ASCII only, so a line it cannot draw (a Cyrillic title) is drawn
  in DejaVu Sans when the system has it (:data:`FALLBACK_FONT`); without it, accented letters
  lose their accent (é → e) and other missing glyphs are boxes. Text never raises.
* :func:`month_layout` and :func:`year_layout` are pure and return each day's box in the final
  picture's pixels, so tests can sample colours without comparing images.
"""

from __future__ import annotations

import calendar
import io
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from PIL import Image, ImageDraw, ImageFont

Box = tuple[int, int, int, int]
"""A rectangle as (left, top, right, bottom) in pixels, right and bottom exclusive."""
Colour = tuple[int, int, int]

SCALE = 2
"""Shapes are drawn at this multiple of the final size, then scaled down (anti-aliasing)."""

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
"""English month names, not ``calendar.month_name``, which follows the process locale."""
WEEKDAY_INITIALS = ("M", "T", "W", "T", "F", "S", "S")

KNOWN_STATES = frozenset(
    {"done", "partial", "mva", "skip", "paused", "missed", "pending", "future", "before_start"}
)

# The palette: the colours of the text chain's squares. Lightness (L*) is given so the order
# stays readable without colour vision: done is the darkest mark, partly sits in the middle,
# minimum is light, the rest are near the paper and carry a shape.
PAPER: Colour = (247, 244, 238)  # warm off-white, like calendar paper
CARD: Colour = (255, 255, 255)  # the face of a day square
INK: Colour = (38, 42, 50)
MUTED: Colour = (108, 112, 120)
RULE: Colour = (226, 221, 212)
DONE: Colour = (30, 122, 70)  # 🟩 green, L* ≈ 45
DONE_MARK: Colour = (255, 255, 255)
PARTIAL: Colour = (232, 125, 30)  # 🟧 orange, L* ≈ 63
MINIMUM: Colour = (247, 208, 70)  # 🟨 yellow, L* ≈ 85
MINIMUM_MARK: Colour = (110, 80, 0)  # a dark amber tick on the yellow
REST: Colour = (214, 230, 246)  # 🟦 a light blue face …
REST_LINE: Colour = (60, 130, 200)  # … hatched in blue, L* ≈ 53
PAUSED: Colour = (216, 214, 210)  # ⏸️ grey
PAUSED_MARK: Colour = (120, 118, 114)
MISSED_LINE: Colour = (190, 186, 178)  # ⬜ white with a neutral border: noticed, not alarming
PENDING_LINE: Colour = (150, 146, 140)  # ▫️ today, still open
FAINT_LINE: Colour = (234, 229, 221)
FAINT_TEXT: Colour = (188, 182, 172)
TODAY_RING: Colour = INK

# Month view geometry, in final pixels.
MONTH_WIDTH = 840
MONTH_CELL = 98
MONTH_GAP = 12
MONTH_MARGIN = (MONTH_WIDTH - 7 * MONTH_CELL - 6 * MONTH_GAP) // 2
TITLE_TOP = 30
MONTH_NAME_BASELINE = 150
MONTH_GRID_TOP = 222
"""Top of the first row of day squares; the header (title, subtitle, month, weekdays) sits above."""

# Year view geometry, in final pixels.
YEAR_WIDTH = 900
YEAR_MARGIN = 40
YEAR_COLUMNS = 3
YEAR_CELL = 30
YEAR_GAP = 5
YEAR_BLOCK_GAP_X = (
    YEAR_WIDTH - 2 * YEAR_MARGIN - YEAR_COLUMNS * (7 * YEAR_CELL + 6 * YEAR_GAP)
) // 2
YEAR_BLOCK_GAP_Y = 26
YEAR_BLOCK_LABEL = 50
"""Height above a small month's squares for its name and weekday initials."""
YEAR_GRID_TOP = 136

LEGEND_ORDER = ("done", "partial", "mva", "skip", "paused", "missed", "pending")
"""The order of the text chain's legend."""
LEGEND_LABELS = {
    "done": "Done",
    "partial": "Partly",
    "mva": "Minimum",
    "skip": "Rest",
    "paused": "Paused",
    "missed": "Missed",
    "pending": "Today",
}
"""Plain words, the same as the text legend's: the labels carry the meaning, not the colour."""
MAX_TEXT_CHARS = 200
"""Text is cut to this many characters before measuring, so a huge title stays cheap."""


@dataclass(frozen=True, slots=True)
class CalendarCaption:
    """The words printed on the picture.

    Attributes:
        title: The goal's name, e.g. ``"write a novel"``; shortened with "…" to fit.
        subtitle: One line of numbers, e.g. ``"Streak 12 · best 21 · strength 64%"``.
    """

    title: str
    subtitle: str


# --- Layout (pure) ---------------------------------------------------------------------------


def month_weeks(month: date) -> int:
    """How many calendar rows (Monday to Sunday) the month of ``month`` needs: 4, 5 or 6."""
    first = month.replace(day=1)
    days = calendar.monthrange(first.year, first.month)[1]
    return (first.weekday() + days + 6) // 7


def _month_boxes(month: date, left: int, top: int, cell: int, gap: int) -> dict[date, Box]:
    """Boxes of every day of ``month`` in a Monday-first grid whose top-left corner is given."""
    first = month.replace(day=1)
    days = calendar.monthrange(first.year, first.month)[1]
    boxes: dict[date, Box] = {}
    for offset in range(days):
        slot = first.weekday() + offset
        row, column = divmod(slot, 7)
        x = left + column * (cell + gap)
        y = top + row * (cell + gap)
        boxes[first + timedelta(days=offset)] = (x, y, x + cell, y + cell)
    return boxes


def month_layout(month: date) -> dict[date, Box]:
    """Each day's square in the picture :func:`render_month` draws for the month of ``month``.

    Any day of the month may be passed; boxes are in final pixels (left, top, right, bottom).
    """
    return _month_boxes(month, MONTH_MARGIN, MONTH_GRID_TOP, MONTH_CELL, MONTH_GAP)


def month_size(month: date) -> tuple[int, int]:
    """The (width, height) in pixels of the picture :func:`render_month` draws."""
    grid_bottom = MONTH_GRID_TOP + month_weeks(month) * (MONTH_CELL + MONTH_GAP) - MONTH_GAP
    return MONTH_WIDTH, grid_bottom + 100


def last_twelve_months(today: date) -> list[date]:
    """The first days of the 12 months ending with today's month, oldest first."""
    index = today.year * 12 + today.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - 11, index + 1)]


def _year_block_size() -> tuple[int, int]:
    """(width, height) of one small month, always with room for six rows so the grid aligns."""
    side = 7 * YEAR_CELL + 6 * YEAR_GAP
    return side, YEAR_BLOCK_LABEL + 6 * YEAR_CELL + 5 * YEAR_GAP


def _year_block_origins(today: date) -> list[tuple[date, int, int]]:
    """(first day, left, top) of each small month's block, in reading order."""
    width, height = _year_block_size()
    origins = []
    for index, first in enumerate(last_twelve_months(today)):
        row, column = divmod(index, YEAR_COLUMNS)
        left = YEAR_MARGIN + column * (width + YEAR_BLOCK_GAP_X)
        top = YEAR_GRID_TOP + row * (height + YEAR_BLOCK_GAP_Y)
        origins.append((first, left, top))
    return origins


def year_layout(today: date) -> dict[date, Box]:
    """Each day's square in the picture :func:`render_year` draws (12 months to today's)."""
    boxes: dict[date, Box] = {}
    for first, left, top in _year_block_origins(today):
        boxes.update(_month_boxes(first, left, top + YEAR_BLOCK_LABEL, YEAR_CELL, YEAR_GAP))
    return boxes


def year_size() -> tuple[int, int]:
    """The (width, height) in pixels of the picture :func:`render_year` draws."""
    rows = 12 // YEAR_COLUMNS
    _, block_height = _year_block_size()
    grid_bottom = YEAR_GRID_TOP + rows * block_height + (rows - 1) * YEAR_BLOCK_GAP_Y
    return YEAR_WIDTH, grid_bottom + 84


# --- Text ------------------------------------------------------------------------------------


FALLBACK_FONT = "DejaVuSans.ttf"
"""A system font used for a line the built-in font lacks glyphs for, when it is installed.

Pillow finds it in the usual font folders (Debian's ``fonts-dejavu-core``). It is optional: the
built-in font covers ASCII only, and DejaVu adds Cyrillic, Greek, accents and more.
"""
GLYPH_PROBE_SIZE = 40
NOT_A_CHARACTER = "\uffff"
"""Never has a glyph, so the font draws its "missing glyph" box for it."""


@cache
def _builtin_font(size: int) -> ImageFont.FreeTypeFont:
    """Pillow's built-in font at ``size`` pixels (already multiplied by :data:`SCALE`)."""
    font = ImageFont.load_default(size=size)
    # Without FreeType, Pillow falls back to a fixed bitmap font; the layout assumes FreeType.
    assert isinstance(font, ImageFont.FreeTypeFont)
    return font


@cache
def _fallback_font(size: int) -> ImageFont.FreeTypeFont | None:
    """:data:`FALLBACK_FONT` at ``size`` pixels, or ``None`` when it is not installed."""
    try:
        return ImageFont.truetype(FALLBACK_FONT, size)
    except OSError:
        return None


def _font(size: int, fallback: bool) -> ImageFont.FreeTypeFont:
    """The fallback font if asked for and installed, else the built-in one."""
    font = _fallback_font(size) if fallback else None
    return font if font is not None else _builtin_font(size)


@cache
def _lacks_glyph(fallback: bool, char: str) -> bool:
    """True if the font draws its "missing glyph" box for ``char``."""
    if char.isascii() and char.isprintable():
        return False  # both fonts cover ASCII; the common case needs no probe
    font = _font(GLYPH_PROBE_SIZE, fallback)
    mask, missing = font.getmask(char), font.getmask(NOT_A_CHARACTER)
    return mask.size == missing.size and bytes(mask) == bytes(missing)


def _missing_glyphs(text: str, fallback: bool) -> int:
    """How many characters of ``text`` the font cannot draw."""
    return sum(_lacks_glyph(fallback, char) for char in set(text))


@cache
def _unaccented(char: str) -> str:
    """``char`` without its accents (é → e) when the built-in font lacks it, else itself."""
    if not _lacks_glyph(False, char):
        return char
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if base and not any(_lacks_glyph(False, c) for c in base):
        return base
    return char


def clean_text(text: str) -> str:
    """One line of text: control characters become spaces, runs of space collapse.

    Pillow would draw a newline as a second line and a tab as a box; a caption is one line.
    """
    text = text[:MAX_TEXT_CHARS]
    chars = (" " if unicodedata.category(c).startswith("C") else c for c in text)
    return " ".join("".join(chars).split())


def drawable(text: str, size: int) -> tuple[str, ImageFont.FreeTypeFont]:
    """``text`` (cleaned) and the font to draw it in at ``size`` pixels.

    The built-in font unless the fallback font is installed and can draw more of the text;
    with the built-in font, accented letters it lacks lose their accents.
    """
    text = clean_text(text)
    missing = _missing_glyphs(text, fallback=False)
    fallback = missing > 0 and _fallback_font(size) is not None
    if fallback and _missing_glyphs(text, fallback=True) < missing:
        return text, _font(size, fallback=True)
    if missing:
        text = "".join(_unaccented(char) for char in text)
    return text, _builtin_font(size)


def fit_text(text: str, font: ImageFont.FreeTypeFont, max_width: float) -> str:
    """``text`` shortened with "…" so it is at most ``max_width`` pixels wide in ``font``."""
    if font.getlength(text) <= max_width:
        return text
    ellipsis = "…"
    low, high = 0, len(text)
    # Binary search for the longest prefix that fits with the ellipsis after it.
    while low < high:
        middle = (low + high + 1) // 2
        if font.getlength(text[:middle].rstrip() + ellipsis) <= max_width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ellipsis


# --- Drawing ---------------------------------------------------------------------------------


class _Canvas:
    """A supersampled drawing surface that takes coordinates in final pixels."""

    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.height = height
        self.image = Image.new("RGB", (width * SCALE, height * SCALE), PAPER)
        self.draw = ImageDraw.Draw(self.image)

    @staticmethod
    def scaled(box: Box | tuple[float, float, float, float]) -> tuple[int, int, int, int]:
        """``box`` in supersampled pixels."""
        return (
            round(box[0] * SCALE),
            round(box[1] * SCALE),
            round(box[2] * SCALE) - 1,
            round(box[3] * SCALE) - 1,
        )

    def rounded(
        self,
        box: Box | tuple[float, float, float, float],
        radius: float,
        *,
        fill: Colour | None = None,
        outline: Colour | None = None,
        width: float = 0,
        corners: tuple[bool, bool, bool, bool] | None = None,
    ) -> None:
        """A rounded rectangle; the outline is drawn inside the box.

        ``corners`` picks which corners are rounded (top left, top right, bottom right, bottom
        left); all of them by default.
        """
        self.draw.rounded_rectangle(
            self.scaled(box),
            radius=round(radius * SCALE),
            fill=fill,
            outline=outline,
            width=round(width * SCALE),
            corners=corners,
        )

    def text(
        self,
        xy: tuple[float, float],
        text: str,
        size: int,
        fill: Colour,
        anchor: str = "la",
        *,
        bold: bool = False,
        max_width: float | None = None,
    ) -> None:
        """``text`` at ``xy`` in a ``size`` px font, shortened with "…" to ``max_width``.

        Coordinates and sizes are in final pixels. The fonts have no bold face loaded; ``bold``
        thickens the letters with a thin stroke instead.
        """
        line, font = drawable(text, size * SCALE)
        if max_width is not None:
            line = fit_text(line, font, max_width * SCALE)
        self.draw.text(
            (xy[0] * SCALE, xy[1] * SCALE),
            line,
            font=font,
            fill=fill,
            anchor=anchor,
            stroke_width=SCALE // 2 if bold else 0,
            stroke_fill=fill,
        )

    def text_width(self, text: str, size: int) -> float:
        """Width of ``text`` in final pixels."""
        line, font = drawable(text, size * SCALE)
        return font.getlength(line) / SCALE

    def line(
        self,
        points: list[tuple[float, float]],
        fill: Colour,
        width: float,
        *,
        round_ends: bool = True,
    ) -> None:
        """A polyline through ``points`` (final pixels) with round joints."""
        scaled = [(x * SCALE, y * SCALE) for x, y in points]
        self.draw.line(scaled, fill=fill, width=max(1, round(width * SCALE)), joint="curve")
        if not round_ends:
            return
        # Round the line's ends too, as a pen would: Pillow only rounds the joints.
        radius = width * SCALE / 2
        for x, y in (scaled[0], scaled[-1]):
            self.draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=fill)

    def png(self) -> bytes:
        """The picture at its final size, reduced to a palette and encoded as PNG."""
        image = self.image.reduce(SCALE)
        # A 256-colour palette loses nothing visible here (flat colours and their edges) and
        # makes the file several times smaller than RGB. The fast octree method takes ~5 ms where
        # median cut takes ~40 ms, and its files are smaller here. zlib's default level 6 is
        # kept: level 9 or ``optimize`` save ~10 % of the bytes for 5-10 times the time.
        palette = image.quantize(
            colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
        )
        buffer = io.BytesIO()
        palette.save(buffer, format="PNG", compress_level=6)
        return buffer.getvalue()


def _tick(canvas: _Canvas, box: Box, colour: Colour, weight: float, lower: bool) -> None:
    """A hand-drawn-looking tick inside ``box``; ``lower`` leaves the top for the day number."""
    left, top, right, bottom = box
    w, h = right - left, bottom - top
    if lower:
        points = [(0.30, 0.62), (0.46, 0.77), (0.74, 0.44)]
    else:
        points = [(0.25, 0.53), (0.43, 0.71), (0.76, 0.34)]
    canvas.line([(left + x * w, top + y * h) for x, y in points], colour, weight)


def _hatch(canvas: _Canvas, area: Box, colour: Colour, spacing: float, weight: float) -> None:
    """Diagonal hatching (lines rising to the right) filling the rectangle ``area``."""
    x0, y0, x1, y1 = area
    # Each line is x + y = c; clip it to the rectangle by solving for its two ends.
    c = x0 + y0 + spacing / 2
    while c < x1 + y1:
        start = (max(x0, c - y1), min(y1, c - x0))
        end = (min(x1, c - y0), max(y0, c - x1))
        canvas.line([start, end], colour, weight, round_ends=False)
        c += spacing


def _pause_bars(canvas: _Canvas, box: Box, colour: Colour, lower: bool) -> None:
    """Two short vertical bars, the pause sign, centred in ``box``."""
    left, top, right, bottom = box
    w, h = right - left, bottom - top
    centre_y = top + h * (0.62 if lower else 0.5)
    bar_w, bar_h = w * 0.09, h * (0.26 if lower else 0.36)
    for centre_x in (left + w * 0.42, left + w * 0.58):
        canvas.rounded(
            (
                centre_x - bar_w / 2,
                centre_y - bar_h / 2,
                centre_x + bar_w / 2,
                centre_y + bar_h / 2,
            ),
            radius=bar_w / 2,
            fill=colour,
        )


def _draw_day(
    canvas: _Canvas,
    box: Box,
    state: str,
    *,
    number: int | None,
    is_today: bool,
) -> None:
    """One day's square: its fill and mark for ``state``, its number, and today's ring.

    ``number`` is ``None`` in the small squares of the year view, which have no room for it.
    """
    left, top, right, bottom = box
    side = right - left
    radius = side * 0.18
    line = max(1.0, side * 0.025)  # outline weight: 2.5 px on a 100 px square
    state = state if state in KNOWN_STATES else "future"
    lower = number is not None
    text_colour = INK

    if state == "done":
        canvas.rounded(box, radius, fill=DONE)
        _tick(canvas, box, DONE_MARK, side * 0.10, lower)
        text_colour = DONE_MARK
    elif state == "mva":
        canvas.rounded(box, radius, fill=MINIMUM)
        _tick(canvas, box, MINIMUM_MARK, side * 0.065, lower)
    elif state == "partial":
        # The lower half filled, like a glass half full; the number stays in the white half.
        canvas.rounded(box, radius, fill=CARD)
        half = (left, top + side * 0.5, right, bottom)
        canvas.rounded(half, radius, fill=PARTIAL, corners=(False, False, True, True))
        canvas.rounded(box, radius, outline=PARTIAL, width=line)
    elif state == "skip":
        canvas.rounded(box, radius, fill=REST, outline=REST_LINE, width=line)
        # Inset clear of the rounded corners, and below the day number when there is one.
        inset = side * 0.16
        area_top = top + (side * 0.40 if lower else inset)
        area = (round(left + inset), round(area_top), round(right - inset), round(bottom - inset))
        _hatch(canvas, area, REST_LINE, spacing=side * 0.14, weight=max(1.0, side * 0.02))
    elif state == "paused":
        canvas.rounded(box, radius, fill=PAUSED)
        _pause_bars(canvas, box, PAUSED_MARK, lower)
    elif state == "missed":
        canvas.rounded(box, radius, fill=CARD, outline=MISSED_LINE, width=line)
    elif state == "pending":
        canvas.rounded(box, radius, fill=CARD, outline=PENDING_LINE, width=line)
        # A small open square, like the ▫️ of the text chain.
        inner = side * (0.13 if lower else 0.18)
        centre_x, centre_y = left + side * 0.5, top + side * (0.62 if lower else 0.5)
        canvas.rounded(
            (centre_x - inner, centre_y - inner, centre_x + inner, centre_y + inner),
            radius * 0.4,
            outline=PENDING_LINE,
            width=line,
        )
    else:  # future, before_start: the day exists but does not count (yet)
        canvas.rounded(box, radius, outline=FAINT_LINE, width=line)
        text_colour = FAINT_TEXT

    if number is not None:
        pad = side * 0.12
        canvas.text((left + pad, top + pad * 0.8), str(number), 19, text_colour)

    if is_today:
        gap = max(2.0, side * 0.05)
        ring = max(1.5, side * 0.03)
        canvas.rounded(
            (left - gap - ring, top - gap - ring, right + gap + ring, bottom + gap + ring),
            radius + gap + ring,
            outline=TODAY_RING,
            width=ring,
        )


def _draw_legend(
    canvas: _Canvas, states: Iterable[str], top: float, swatch: int, size: int
) -> None:
    """One centred line of small squares with labels for ``states``, in legend order."""
    wanted = set(states)
    items = [state for state in LEGEND_ORDER if state in wanted]
    spacing, label_gap = 26.0, 9.0
    widths = [swatch + label_gap + canvas.text_width(LEGEND_LABELS[s], size) for s in items]
    x = (canvas.width - sum(widths) - spacing * (len(items) - 1)) / 2
    for state, width in zip(items, widths, strict=True):
        box = (round(x), round(top), round(x) + swatch, round(top) + swatch)
        _draw_day(canvas, box, state, number=None, is_today=False)
        canvas.text(
            (x + swatch + label_gap, top + swatch / 2), LEGEND_LABELS[state], size, MUTED, "lm"
        )
        x += width + spacing


def _legend_states(shown: Iterable[str]) -> list[str]:
    """The legend's entries: done and minimum (the two ways to keep a day), plus every other
    state on the page; drawn in :data:`LEGEND_ORDER`."""
    return ["done", "mva", *(s for s in shown if s in LEGEND_LABELS)]


def _state_of(states: Mapping[date, str], day: date) -> str:
    """The state to draw for ``day``: faint when unknown."""
    return states.get(day, "future")


def _draw_header(canvas: _Canvas, caption: CalendarCaption, margin: int) -> None:
    """The goal's name and the line of numbers, left-aligned at the top."""
    inner = canvas.width - 2 * margin
    canvas.text((margin, TITLE_TOP), caption.title, 30, INK, bold=True, max_width=inner)
    canvas.text((margin, TITLE_TOP + 44), caption.subtitle, 20, MUTED, max_width=inner)


# --- Public API ------------------------------------------------------------------------------


def render_month(
    states: Mapping[date, str], month: date, today: date, caption: CalendarCaption
) -> bytes:
    """The month of ``month`` as a wall-calendar page, as PNG bytes (840 px wide).

    Args:
        states: Each day's state (``"done"``, ``"mva"``, ...); days not in it are drawn faint.
        month: Any day of the month to draw.
        today: The user's local date; it gets a ring when it is in this month.
        caption: The title and subtitle printed above the month.
    """
    width, height = month_size(month)
    canvas = _Canvas(width, height)
    _draw_header(canvas, caption, MONTH_MARGIN)

    first = month.replace(day=1)
    month_top = MONTH_NAME_BASELINE
    name = MONTH_NAMES[first.month - 1]
    canvas.text((MONTH_MARGIN, month_top), name, 38, INK, anchor="ls", bold=True)
    canvas.text(
        (MONTH_MARGIN + canvas.text_width(name, 38) + 14, month_top),
        str(first.year),
        38,
        MUTED,
        anchor="ls",
    )
    rule_y = month_top + 16
    canvas.rounded((MONTH_MARGIN, rule_y, width - MONTH_MARGIN, rule_y + 2), 1, fill=RULE)

    for column, initial in enumerate(WEEKDAY_INITIALS):
        centre = MONTH_MARGIN + column * (MONTH_CELL + MONTH_GAP) + MONTH_CELL / 2
        # Weekend initials a shade lighter, as many paper calendars set them apart.
        colour = MUTED if column < 5 else FAINT_TEXT
        canvas.text((centre, MONTH_GRID_TOP - 16), initial, 18, colour, anchor="ms", bold=True)

    boxes = month_layout(first)
    shown = []
    for day, box in boxes.items():
        state = _state_of(states, day)
        shown.append(state)
        _draw_day(canvas, box, state, number=day.day, is_today=day == today)

    grid_bottom = max(box[3] for box in boxes.values())
    _draw_legend(canvas, _legend_states(shown), grid_bottom + 44, swatch=24, size=17)
    return canvas.png()


def render_year(states: Mapping[date, str], today: date, caption: CalendarCaption) -> bytes:
    """The 12 months ending with today's month as small calendars, as PNG bytes (900 px wide).

    Args:
        states: Each day's state (``"done"``, ``"mva"``, ...); days not in it are drawn faint.
        today: The user's local date; its month is the last one, and it gets a ring.
        caption: The title and subtitle printed above the months.
    """
    width, height = year_size()
    canvas = _Canvas(width, height)
    _draw_header(canvas, caption, YEAR_MARGIN)
    canvas.rounded((YEAR_MARGIN, 112, width - YEAR_MARGIN, 114), 1, fill=RULE)

    block_width, _ = _year_block_size()
    shown: list[str] = []
    for index, (first, left, top) in enumerate(_year_block_origins(today)):
        boxes = _month_boxes(first, left, top + YEAR_BLOCK_LABEL, YEAR_CELL, YEAR_GAP)
        kept = 0
        for day, box in boxes.items():
            state = _state_of(states, day)
            shown.append(state)
            kept += state in ("done", "mva")
            _draw_day(canvas, box, state, number=None, is_today=day == today)
        # The year only on the first month and on January, so the eye can find the turn.
        label = MONTH_NAMES[first.month - 1][:3]
        if index == 0 or first.month == 1:
            label += f" {first.year}"
        canvas.text((left, top + 22), label, 20, INK, anchor="ls", bold=True)
        if kept:
            canvas.text((left + block_width, top + 22), f"{kept} kept", 15, DONE, anchor="rs")
        for column, initial in enumerate(WEEKDAY_INITIALS):
            centre = left + column * (YEAR_CELL + YEAR_GAP) + YEAR_CELL / 2
            canvas.text((centre, top + 43), initial, 11, FAINT_TEXT, anchor="ms")

    _draw_legend(canvas, _legend_states(shown), height - 56, swatch=24, size=17)
    return canvas.png()
