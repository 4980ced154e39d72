"""The look every picture shares: the palette, the day states and the legend's words, sizes.

The calendar (:mod:`bot.charts.calendar`), the pace chart, the 1% curve, the weekly card and the
strength line all draw with these, so a done day, a legend word or a title looks the same in
each picture and in the text chain's squares (``CHAIN_SYMBOLS``).

**One palette with the text chain** (🟩 done, 🟧 partly, 🟨 minimum, 🟦 rest, ⏸️ paused,
⬜ missed): green, orange, yellow, blue, grey and white. The colours are also told apart by
lightness and shape, not only by hue, so the words carry the meaning without colour vision:
done is the darkest fill with a white tick, partly a half fill, minimum a light fill with a
dark tick, rest a hatched square, paused grey with pause bars, missed an empty white square
with a neutral border (no alarm red: a miss is not a failure). Pending (today, not yet
logged) is a white square with a small open square inside, like ▫️ (:mod:`bot.charts.squares`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

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
"""Days that count as kept, as the coach counts them (``bot.coach.streaks.days.KEPT``): a win of
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
