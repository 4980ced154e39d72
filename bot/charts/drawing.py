"""What every picture shares: the palette, the fonts and text, a supersampled canvas, day squares.

The calendar (:mod:`bot.charts.calendar`), the pace chart, the 1% curve, the weekly card and the
strength line all draw with these, so a done day, a legend word or a title looks the same in
each picture and in the text chain's squares (``CHAIN_SYMBOLS``).

Design decisions:

* **One palette with the text chain** (🟩 done, 🟧 partly, 🟨 minimum, 🟦 rest, ⏸️ paused,
  ⬜ missed): green, orange, yellow, blue, grey and white. The colours are also told apart by
  lightness and shape, not only by hue, so the words carry the meaning without colour vision:
  done is the darkest fill with a white tick, partly a half fill, minimum a light fill with a
  dark tick, rest a hatched square, paused grey with pause bars, missed an empty white square
  with a neutral border (no alarm red: a miss is not a failure). Pending (today, not yet
  logged) is a white square with a small open square inside, like ▫️.
* **Shapes are drawn at twice the size and scaled down**, because Pillow draws rounded
  rectangles and thick lines without anti-aliasing; the result is then reduced to a palette,
  which keeps a picture well under 60 KB.
* **Text is drawn glyph by glyph in a chain of fonts** (:mod:`bot.charts.fonts`): Pillow's
  built-in font for ASCII, then the system's DejaVu and Noto fonts for every other script,
  and Noto Color Emoji for emoji. A character no installed font has is never a box: an
  accented letter loses its accent (é → e), anything else becomes a "·". Text never raises.
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import math
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from PIL import Image, ImageDraw, ImageFont

from bot.charts import fonts

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

KEPT_STATES = frozenset({"done", "partial", "mva", "skip", "paused"})
"""Days that count as kept, as the coach counts them (``bot.coach.streaks.KEPT``): a win of
any size, a planned rest day, a pause. The year view's "12 kept" counts these, as the text's
"5/7 days" does."""

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


@dataclass(frozen=True, slots=True)
class ChartLabels:
    """The words a calendar picture prints besides the user's own, in the user's language.

    The views write them (``bot/views/streak.py: chart_labels``); English by default.

    Attributes:
        month_names: January to December.
        short_month_names: The same, short ("Jan").
        weekday_initials: Monday to Sunday, one or two letters.
        legend: Each state's word in the legend (``LEGEND_LABELS``' keys).
        kept: How many days of a month were kept, with ``{n}`` for the number.
    """

    month_names: tuple[str, ...] = MONTH_NAMES
    short_month_names: tuple[str, ...] = tuple(name[:3] for name in MONTH_NAMES)
    weekday_initials: tuple[str, ...] = WEEKDAY_INITIALS
    legend: Mapping[str, str] = field(default_factory=lambda: MappingProxyType(LEGEND_LABELS))
    kept: str = "{n} kept"


ENGLISH_LABELS = ChartLabels()

PHONE_WIDTH = 360
"""How wide a phone shows a picture, in points: Telegram fits a photo to the screen's width."""
SMALLEST_ON_A_PHONE = 11
"""No word is drawn smaller than this many pixels once the picture is shrunk to PHONE_WIDTH:
a 720 px picture needs 22 px text, a 900 px one 28 px (``tests/charts/test_phone.py``)."""
DAY_NUMBER_SIZE = 26
"""A day square's number: 11 px on a phone in the 840 px month, 13 px on the weekly card."""

MAX_TEXT_CHARS = 200
"""Text is cut to this many characters before measuring, so a huge title stays cheap."""


# --- Text ------------------------------------------------------------------------------------


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


def _measure(size: int, face: int | None = None) -> Callable[[str], float]:
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
    measure = _measure(size * SCALE, face)
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


# --- Drawing ---------------------------------------------------------------------------------


class Canvas:
    """A supersampled drawing surface that takes coordinates in final pixels."""

    def __init__(self, width: int, height: int, words: object = None) -> None:
        """A blank picture; ``words`` (the picture's texts, any nesting of dataclasses and
        tuples) choose one font for all its lines (:func:`bot.charts.fonts.picture_face`)."""
        self.width = width
        self.height = height
        self.face = fonts.picture_face(strings_of(words)) if words is not None else None
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
        halo: Colour | None = None,
    ) -> None:
        """``text`` at ``xy`` in a ``size`` px font, shortened with "…" to ``max_width``.

        Coordinates and sizes are in final pixels. The fonts have no bold face loaded; ``bold``
        thickens the letters with a thin stroke instead. ``halo`` paints a rounded patch of
        that colour behind the text first, so lines it crosses do not run through the letters.
        """
        px = size * SCALE
        line = clean_text(text)
        if max_width is not None:
            line = fit_text(line, _measure(px, self.face), max_width * SCALE)
        pieces = fonts.runs(line, self.face)
        x, y = xy[0] * SCALE, xy[1] * SCALE
        if halo is not None and line:
            total = _measure(px, self.face)(line)
            left = x - total * {"l": 0.0, "m": 0.5, "r": 1.0}[anchor[0]]
            _, top, _, bottom = self.draw.textbbox(
                (x, y), "Ag", font=fonts.font(fonts.BUILTIN, px), anchor=anchor
            )
            pad = 5 * SCALE
            self.draw.rounded_rectangle(
                (left - pad, top - pad, left + total + pad, bottom + pad), radius=pad, fill=halo
            )
        stroke = SCALE // 2 if bold else 0
        fonts.draw_runs(self.image, (x, y), pieces, px, fill=fill, anchor=anchor, stroke=stroke)

    def text_width(self, text: str, size: int) -> float:
        """Width of ``text`` in final pixels."""
        return text_width(text, size, self.face)

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

    def dashed(
        self,
        start: tuple[float, float],
        end: tuple[float, float],
        fill: Colour,
        width: float,
        *,
        dash: float,
        gap: float,
    ) -> None:
        """A dashed straight line; ``dash`` 0 draws round dots ``gap`` apart."""
        (x0, y0), (x1, y1) = start, end
        length = math.hypot(x1 - x0, y1 - y0)
        if length == 0:
            return
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        step = dash + gap
        at = 0.0
        while at <= length:
            if dash == 0:
                self.dot((x0 + ux * at, y0 + uy * at), width / 2, fill)
            else:
                until = min(length, at + dash)
                self.line(
                    [(x0 + ux * at, y0 + uy * at), (x0 + ux * until, y0 + uy * until)],
                    fill,
                    width,
                    round_ends=False,
                )
            at += step

    def dashed_path(
        self,
        points: list[tuple[float, float]],
        fill: Colour,
        width: float,
        *,
        dash: float,
        gap: float,
    ) -> None:
        """A dashed line along the polyline ``points``: dashes ``dash`` long, ``gap`` apart,
        measured along the path, so a curve is dashed as evenly as a straight line."""
        at = 0.0  # where along the current dash-and-gap period the path is
        run: list[tuple[float, float]] = []
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            length = math.hypot(x1 - x0, y1 - y0)
            done = 0.0
            while done < length:
                in_dash = at < dash
                step = min(length - done, (dash - at) if in_dash else (dash + gap - at))
                step = max(step, 1e-6)  # rounding must never stall the walk
                share_from, share_to = done / length, (done + step) / length
                start = (x0 + (x1 - x0) * share_from, y0 + (y1 - y0) * share_from)
                end = (x0 + (x1 - x0) * share_to, y0 + (y1 - y0) * share_to)
                if in_dash:
                    if not run:
                        run.append(start)
                    run.append(end)
                done += step
                at += step
                if in_dash and at >= dash and run:
                    self.line(run, fill, width, round_ends=False)
                    run = []
                if at >= dash + gap:
                    at = 0.0
        if len(run) > 1:
            self.line(run, fill, width, round_ends=False)

    def dot(
        self,
        centre: tuple[float, float],
        radius: float,
        fill: Colour | None,
        *,
        outline: Colour | None = None,
        width: float = 0,
    ) -> None:
        """A circle around ``centre`` (final pixels)."""
        x, y = centre
        self.draw.ellipse(
            self.scaled((x - radius, y - radius, x + radius, y + radius)),
            fill=fill,
            outline=outline,
            width=round(width * SCALE),
        )

    def polygon(self, points: list[tuple[float, float]], fill: Colour) -> None:
        """A filled polygon through ``points`` (final pixels)."""
        self.draw.polygon([(x * SCALE, y * SCALE) for x, y in points], fill=fill)

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


def _tick(canvas: Canvas, box: Box, colour: Colour, weight: float, lower: bool) -> None:
    """A hand-drawn-looking tick inside ``box``; ``lower`` leaves the top for the day number."""
    left, top, right, bottom = box
    w, h = right - left, bottom - top
    if lower:
        points = [(0.30, 0.62), (0.46, 0.77), (0.74, 0.44)]
    else:
        points = [(0.25, 0.53), (0.43, 0.71), (0.76, 0.34)]
    canvas.line([(left + x * w, top + y * h) for x, y in points], colour, weight)


def _hatch(canvas: Canvas, area: Box, colour: Colour, spacing: float, weight: float) -> None:
    """Diagonal hatching (lines rising to the right) filling the rectangle ``area``."""
    x0, y0, x1, y1 = area
    # Each line is x + y = c; clip it to the rectangle by solving for its two ends.
    c = x0 + y0 + spacing / 2
    while c < x1 + y1:
        start = (max(x0, c - y1), min(y1, c - x0))
        end = (min(x1, c - y0), max(y0, c - x1))
        canvas.line([start, end], colour, weight, round_ends=False)
        c += spacing


def _pause_bars(canvas: Canvas, box: Box, colour: Colour, lower: bool) -> None:
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


def draw_day(
    canvas: Canvas,
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
        canvas.text((left + pad, top + pad * 0.7), str(number), DAY_NUMBER_SIZE, text_colour)

    if is_today:
        gap = max(2.0, side * 0.05)
        ring = max(1.5, side * 0.03)
        canvas.rounded(
            (left - gap - ring, top - gap - ring, right + gap + ring, bottom + gap + ring),
            radius + gap + ring,
            outline=TODAY_RING,
            width=ring,
        )


LEGEND_MARGIN = 16
"""Room the legend leaves at each side of the picture."""
MIN_LEGEND_SIZE = 12
LEGEND_SPACING = 26.0
"""Room between two entries of the legend; it narrows to MIN_LEGEND_SPACING before a row breaks."""
MIN_LEGEND_SPACING = 14.0
LEGEND_LABEL_GAP = 9.0
LEGEND_ROW_GAP = 14
"""Room between the two rows of a legend too long for one."""


def text_width(text: str, size: int, face: int | None = None) -> float:
    """Width of ``text`` in final pixels at ``size`` (no canvas needed) in the picture's font
    ``face`` (:func:`bot.charts.fonts.picture_face`)."""
    return _measure(size * SCALE, face)(clean_text(text)) / SCALE


def _row_width(
    items: list[str], swatch: int, size: int, labels: Mapping[str, str], face: int | None
) -> float:
    words = sum(swatch + LEGEND_LABEL_GAP + text_width(labels[s], size, face) for s in items)
    return words + MIN_LEGEND_SPACING * (len(items) - 1)


def legend_rows(
    width: int,
    states: Iterable[str],
    swatch: int,
    size: int,
    *,
    labels: Mapping[str, str] = LEGEND_LABELS,
    face: int | None = None,
) -> list[list[str]]:
    """The legend's entries for ``states`` in legend order, in one row or, if that is wider
    than the picture, two balanced rows (the words measured in the picture's font ``face``).

    Two rows rather than smaller words: shrunk to fit seven entries, the words would be 9 px
    on a phone (:data:`SMALLEST_ON_A_PHONE`). Pictures make room for the second row.
    """
    wanted = set(states)
    items = [state for state in LEGEND_ORDER if state in wanted]
    room = width - 2 * LEGEND_MARGIN
    if len(items) < 2 or _row_width(items, swatch, size, labels, face) <= room:
        return [items]
    splits = [(items[:i], items[i:]) for i in range(1, len(items))]
    first, second = min(
        splits,
        key=lambda rows: max(_row_width(row, swatch, size, labels, face) for row in rows),
    )
    return [first, second]


def legend_height(rows: int, swatch: int) -> int:
    """The height a legend of ``rows`` rows takes beyond its first row."""
    return max(0, rows - 1) * (swatch + LEGEND_ROW_GAP)


def draw_legend(
    canvas: Canvas,
    states: Iterable[str],
    top: float,
    swatch: int,
    size: int,
    *,
    labels: Mapping[str, str] = LEGEND_LABELS,
) -> None:
    """Centred lines of small squares with labels for ``states``, in legend order.

    The rows are :func:`legend_rows`'; a second one goes :func:`legend_height` below the
    first. When a row would not fit the picture's width even so (very long words), the gaps
    narrow first, then the words get smaller, so a line never runs off the edge.
    """
    rows = legend_rows(canvas.width, states, swatch, size, labels=labels, face=canvas.face)
    for index, items in enumerate(rows):
        row_top = top + index * (swatch + LEGEND_ROW_GAP)
        _draw_legend_row(canvas, items, row_top, swatch, size, labels=labels)


def _draw_legend_row(
    canvas: Canvas,
    items: list[str],
    top: float,
    swatch: int,
    size: int,
    *,
    labels: Mapping[str, str],
) -> None:
    room = canvas.width - 2 * LEGEND_MARGIN
    spacing, label_gap = LEGEND_SPACING, LEGEND_LABEL_GAP
    while True:
        widths = [swatch + label_gap + canvas.text_width(labels[s], size) for s in items]
        if sum(widths) + spacing * (len(items) - 1) <= room or size <= MIN_LEGEND_SIZE:
            break
        if spacing > MIN_LEGEND_SPACING:
            spacing -= 4
        else:
            size -= 1
    x = (canvas.width - sum(widths) - spacing * (len(items) - 1)) / 2
    for state, width in zip(items, widths, strict=True):
        box = (round(x), round(top), round(x) + swatch, round(top) + swatch)
        draw_day(canvas, box, state, number=None, is_today=False)
        canvas.text((x + swatch + label_gap, top + swatch / 2), labels[state], size, MUTED, "lm")
        x += width + spacing


def legend_states(shown: Iterable[str]) -> list[str]:
    """The legend's entries: done and minimum (the two ways to keep a day), plus every other
    state on the page; drawn in :data:`LEGEND_ORDER`."""
    return ["done", "mva", *(s for s in shown if s in LEGEND_LABELS)]
