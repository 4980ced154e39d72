"""The chain as a picture: a wall calendar of kept days, rendered to PNG (docs/product.md rule 5).

Two views, both plain functions from day states to PNG bytes:

* :func:`render_month` — one month, like a page of a paper wall calendar: the goal's name, a
  line of numbers (streak, best, strength), the month and year, weekday initials from Monday,
  and one rounded square per day with its number and a mark for what happened.
* :func:`render_year` — the months up to today's, as small month calendars in a grid of three
  columns: the last 12, or fewer when the goal began less than a year ago (from its first
  month, rather than a page of empty grids). A portrait grid of small months reads better on a
  phone than a GitHub-style strip of 53 weeks, which Telegram would shrink to specks.

Day states are plain strings (``"done"``, ``"partial"``, ``"mva"`` (the minimum), ``"skip"``,
``"paused"``, ``"missed"``, ``"pending"``, ``"future"``, ``"before_start"``), so this module
does not depend on the streak rules that compute them. A date missing from the mapping, or an
unknown state, is drawn faint, like a day that does not count.

The palette (:mod:`bot.charts.style`), fonts and day squares (:mod:`bot.charts.squares`) are
shared with the other pictures; today also gets a dark ring here, like a circle drawn with a
pen. :func:`month_layout` and :func:`year_layout` are pure and return each day's box in the
final picture's pixels, so tests can sample colours without comparing images.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from bot.charts import fonts
from bot.charts.drawing import Canvas
from bot.charts.legend import draw_legend, legend_height, legend_rows, legend_states
from bot.charts.squares import draw_day
from bot.charts.style import (
    CARD,
    DONE,
    ENGLISH_LABELS,
    FAINT_TEXT,
    INK,
    KEPT_STATES,
    LEGEND_LABELS,
    LEGEND_ORDER,
    MINIMUM,
    MUTED,
    PAPER,
    PARTIAL,
    PAUSED,
    REST_LINE,
    RULE,
    Box,
    ChartLabels,
)
from bot.charts.typesetting import strings_of

__all__ = [
    "CARD",
    "DONE",
    "LEGEND_LABELS",
    "LEGEND_ORDER",
    "MINIMUM",
    "PAPER",
    "PARTIAL",
    "PAUSED",
    "REST_LINE",
    "CalendarCaption",
    "last_twelve_months",
    "month_layout",
    "month_size",
    "month_weeks",
    "render_month",
    "render_year",
    "year_layout",
    "year_size",
]

# Month view geometry, in final pixels.
MONTH_WIDTH = 840
MONTH_CELL = 98
MONTH_GAP = 12
MONTH_MARGIN = (MONTH_WIDTH - 7 * MONTH_CELL - 6 * MONTH_GAP) // 2
TITLE_TOP = 30
MONTH_NAME_BASELINE = 166
MONTH_GRID_TOP = 246
"""Top of the first row of day squares; the header (title, subtitle, month, weekdays) sits above."""

# Year view geometry, in final pixels.
YEAR_WIDTH = 900
# A phone shows the picture about 360 points wide, 2.5 times smaller than drawn: squares, month
# names and counts are sized to stay readable there (12 pt and more), with little margin.
YEAR_MARGIN = 24
YEAR_COLUMNS = 3
YEAR_CELL = 34
YEAR_GAP = 4
YEAR_BLOCK_GAP_X = (
    YEAR_WIDTH - 2 * YEAR_MARGIN - YEAR_COLUMNS * (7 * YEAR_CELL + 6 * YEAR_GAP)
) // 2
YEAR_BLOCK_GAP_Y = 30
YEAR_BLOCK_LABEL = 46
"""Height above a small month's squares for its name and its count of kept days."""
YEAR_GRID_TOP = 140
YEAR_LABEL = 28
LEGEND_SWATCH = 32
MONTH_LEGEND = 26
"""The year view's smallest words (month names, counts, legend): 11 px on a 360 px phone."""


@dataclass(frozen=True, slots=True)
class CalendarCaption:
    """The words printed on the picture.

    Attributes:
        title: The goal's name, e.g. ``"write a novel"``; shortened with "…" to fit.
        subtitle: One line of numbers, e.g. ``"Streak 12 · best 21 · strength 64%"``.
        labels: Month and weekday names, the legend, in the user's language.
    """

    title: str
    subtitle: str
    labels: ChartLabels = ENGLISH_LABELS


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


def month_size(month: date, legend_lines: int = 1) -> tuple[int, int]:
    """The (width, height) in pixels of the picture :func:`render_month` draws.

    ``legend_lines`` is 2 when the legend is too long for one row (:func:`month_legend`).
    """
    grid_bottom = MONTH_GRID_TOP + month_weeks(month) * (MONTH_CELL + MONTH_GAP) - MONTH_GAP
    return MONTH_WIDTH, grid_bottom + 104 + legend_height(legend_lines, LEGEND_SWATCH)


def last_twelve_months(today: date, first: date | None = None) -> list[date]:
    """The first days of the months ending with today's month, oldest first.

    The last 12, or from the month of ``first`` (the goal's start) when that is later; always
    at least today's month.
    """
    index = today.year * 12 + today.month - 1
    oldest = index - 11
    if first is not None:
        oldest = min(index, max(oldest, first.year * 12 + first.month - 1))
    return [date(i // 12, i % 12 + 1, 1) for i in range(oldest, index + 1)]


def _year_block_size() -> tuple[int, int]:
    """(width, height) of one small month, always with room for six rows so the grid aligns."""
    side = 7 * YEAR_CELL + 6 * YEAR_GAP
    return side, YEAR_BLOCK_LABEL + 6 * YEAR_CELL + 5 * YEAR_GAP


def _year_block_origins(today: date, start: date | None) -> list[tuple[date, int, int]]:
    """(first day, left, top) of each small month's block, in reading order."""
    width, height = _year_block_size()
    origins = []
    for index, first in enumerate(last_twelve_months(today, start)):
        row, column = divmod(index, YEAR_COLUMNS)
        left = YEAR_MARGIN + column * (width + YEAR_BLOCK_GAP_X)
        top = YEAR_GRID_TOP + row * (height + YEAR_BLOCK_GAP_Y)
        origins.append((first, left, top))
    return origins


def year_layout(today: date, start: date | None = None) -> dict[date, Box]:
    """Each day's square in the picture :func:`render_year` draws (the months to today's)."""
    boxes: dict[date, Box] = {}
    for first, left, top in _year_block_origins(today, start):
        boxes.update(_month_boxes(first, left, top + YEAR_BLOCK_LABEL, YEAR_CELL, YEAR_GAP))
    return boxes


def year_size(months: int = 12, legend_lines: int = 1) -> tuple[int, int]:
    """The (width, height) in pixels of the picture :func:`render_year` draws of ``months``.

    ``legend_lines`` is 2 when the legend is too long for one row (:func:`year_legend`).
    """
    rows = -(-max(1, months) // YEAR_COLUMNS)
    _, block_height = _year_block_size()
    grid_bottom = YEAR_GRID_TOP + rows * block_height + (rows - 1) * YEAR_BLOCK_GAP_Y
    return YEAR_WIDTH, grid_bottom + 96 + legend_height(legend_lines, LEGEND_SWATCH)


def month_legend(
    states: Mapping[date, str],
    month: date,
    labels: ChartLabels = ENGLISH_LABELS,
    *,
    face: int | None = None,
) -> list[list[str]]:
    """The rows of the legend under the month of ``month`` (one, or two when long), its
    words measured in the picture's font ``face``."""
    shown = [_state_of(states, day) for day in month_layout(month)]
    return legend_rows(
        MONTH_WIDTH,
        legend_states(shown),
        LEGEND_SWATCH,
        MONTH_LEGEND,
        labels=labels.legend,
        face=face,
    )


def year_legend(
    states: Mapping[date, str],
    today: date,
    start: date | None = None,
    labels: ChartLabels = ENGLISH_LABELS,
    *,
    face: int | None = None,
) -> list[list[str]]:
    """The rows of the legend under the months to today's (one, or two when long), its words
    measured in the picture's font ``face``."""
    shown = [
        _state_of(states, day)
        for first in last_twelve_months(today, start)
        for day in _days_of(first)
    ]
    return legend_rows(
        YEAR_WIDTH,
        legend_states(shown),
        LEGEND_SWATCH,
        YEAR_LABEL,
        labels=labels.legend,
        face=face,
    )


def kept_in(states: Mapping[date, str], month: date) -> int:
    """The days of the month of ``month`` that count as kept, as the coach counts them."""
    return sum(_state_of(states, day) in KEPT_STATES for day in _days_of(month))


def _days_of(month: date) -> list[date]:
    """Every day of the month of ``month``, in order."""
    first = month.replace(day=1)
    days = calendar.monthrange(first.year, first.month)[1]
    return [first + timedelta(days=offset) for offset in range(days)]


def _state_of(states: Mapping[date, str], day: date) -> str:
    """The state to draw for ``day``: faint when unknown."""
    return states.get(day, "future")


def _draw_header(canvas: Canvas, caption: CalendarCaption, margin: int) -> None:
    """The goal's name and the line of numbers, left-aligned at the top."""
    inner = canvas.width - 2 * margin
    canvas.text((margin, TITLE_TOP), caption.title, 34, INK, bold=True, max_width=inner)
    canvas.text((margin, TITLE_TOP + 46), caption.subtitle, 28, MUTED, max_width=inner)


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
    face = fonts.picture_face(strings_of(caption))
    legend = month_legend(states, month, caption.labels, face=face)
    width, height = month_size(month, len(legend))
    canvas = Canvas(width, height, caption)
    _draw_header(canvas, caption, MONTH_MARGIN)

    first = month.replace(day=1)
    month_top = MONTH_NAME_BASELINE
    labels = caption.labels
    name = labels.month_names[first.month - 1]
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

    for column, initial in enumerate(labels.weekday_initials):
        centre = MONTH_MARGIN + column * (MONTH_CELL + MONTH_GAP) + MONTH_CELL / 2
        # Weekend initials a shade lighter, as many paper calendars set them apart.
        colour = MUTED if column < 5 else FAINT_TEXT
        canvas.text((centre, MONTH_GRID_TOP - 16), initial, 26, colour, anchor="ms", bold=True)

    boxes = month_layout(first)
    for day, box in boxes.items():
        draw_day(canvas, box, _state_of(states, day), number=day.day, is_today=day == today)

    grid_bottom = max(box[3] for box in boxes.values())
    draw_legend(
        canvas,
        [state for row in legend for state in row],
        grid_bottom + 40,
        swatch=LEGEND_SWATCH,
        size=MONTH_LEGEND,
        labels=labels.legend,
    )
    return canvas.png()


def render_year(
    states: Mapping[date, str],
    today: date,
    caption: CalendarCaption,
    start: date | None = None,
) -> bytes:
    """The months to today's as small calendars, as PNG bytes (900 px wide).

    Args:
        states: Each day's state (``"done"``, ``"mva"``, ...); days not in it are drawn faint.
        today: The user's local date; its month is the last one, and it gets a ring.
        caption: The title and subtitle printed above the months.
        start: The goal's start: the first month drawn when it is less than a year ago
            (:func:`last_twelve_months`); ``None`` for the last 12 months.
    """
    face = fonts.picture_face(strings_of(caption))
    legend = year_legend(states, today, start, caption.labels, face=face)
    width, height = year_size(len(last_twelve_months(today, start)), len(legend))
    canvas = Canvas(width, height, caption)
    _draw_header(canvas, caption, YEAR_MARGIN)
    canvas.rounded((YEAR_MARGIN, 112, width - YEAR_MARGIN, 114), 1, fill=RULE)

    block_width, _ = _year_block_size()
    for index, (first, left, top) in enumerate(_year_block_origins(today, start)):
        boxes = _month_boxes(first, left, top + YEAR_BLOCK_LABEL, YEAR_CELL, YEAR_GAP)
        for day, box in boxes.items():
            state = _state_of(states, day)
            draw_day(canvas, box, state, number=None, is_today=day == today)
        kept = kept_in(states, first)
        # The year only on the first month and on January, so the eye can find the turn.
        label = caption.labels.short_month_names[first.month - 1]
        if index == 0 or first.month == 1:
            label += f" {first.year}"
        # No weekday initials here: too small to read on a phone; the month view has them.
        canvas.text((left, top + 30), label, YEAR_LABEL, INK, anchor="ls", bold=True)
        if kept:
            kept_label = caption.labels.kept.format(n=kept)
            room = block_width - canvas.text_width(label, YEAR_LABEL) - 12
            canvas.text(
                (left + block_width, top + 30),
                kept_label,
                YEAR_LABEL,
                DONE,
                anchor="rs",
                max_width=room,
            )

    draw_legend(
        canvas,
        [state for row in legend for state in row],
        height - 62 - legend_height(len(legend), LEGEND_SWATCH),
        swatch=LEGEND_SWATCH,
        size=YEAR_LABEL,
        labels=caption.labels.legend,
    )
    return canvas.png()
