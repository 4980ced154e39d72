"""The weekly card: the user's week at a glance, as a PNG made to be shared.

One picture: a title and the week's dates; then, for each goal, its name and the week's amount
against its target, a strip of the week's seven days (the calendar's day squares, with their
numbers, under one line of weekday initials), a bar filled in proportion to the amount, and a
line with the streak and the strength score with its change since the week began; a legend of
the day squares at the bottom. No buttons and nothing private beyond the goal names, so it can
be forwarded as it is.

It draws a :class:`WeekCardFigure` (the numbers, from :mod:`bot.coach.figures`) with a
:class:`WeekCardWords` (the words, from the views). :func:`week_layout` is pure and returns
each day square's box and each bar's track, so tests can sample the pixels. The look is the
other pictures': the same palette and day squares (:mod:`bot.charts.style`,
:mod:`bot.charts.squares`), 720 px wide.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.charts import fonts
from bot.charts.drawing import Canvas
from bot.charts.legend import draw_legend, legend_height, legend_rows, legend_states
from bot.charts.pace import BAR_HEIGHT, MARGIN, SMALL, TEXT, TITLE_TOP, TRACK, WIDTH
from bot.charts.squares import draw_day
from bot.charts.style import DONE, ENGLISH_LABELS, INK, MUTED, Box, ChartLabels
from bot.charts.typesetting import strings_of
from bot.coach.figures import WeekGoalFigure

CELL = 80
GAP = (WIDTH - 2 * MARGIN - 7 * CELL) // 6
WEEKDAYS_BASELINE = 138
FIRST_BLOCK = 150
BLOCK = 236
"""The height of one goal's block: name line, day strip, bar and numbers."""
NAME_BASELINE = 30
STRIP_TOP = 44
BAR_TOP = STRIP_TOP + CELL + 18
STATS_BASELINE = BAR_TOP + BAR_HEIGHT + 36
LEGEND_ROOM = 90
LEGEND_SWATCH = 24


@dataclass(frozen=True, slots=True)
class WeekCardFigure:
    """What the weekly card draws.

    Attributes:
        week_start: The first day of the user's week.
        today: The user's local date (its square gets a ring).
        goals: One row per goal, in priority order.
    """

    week_start: date
    today: date
    goals: tuple[WeekGoalFigure, ...]


@dataclass(frozen=True, slots=True)
class WeekGoalWords:
    """One goal's words on the card.

    Attributes:
        name: The goal's name.
        amount: The week's amount against its target, e.g. ``"2,880 / 3,300 words"``.
        numbers: The streak and the strength, e.g. ``"Streak 12 · strength 64%"``.
        change: The strength's change this week, e.g. ``"+5 this week"``; empty for none.
    """

    name: str
    amount: str
    numbers: str
    change: str


@dataclass(frozen=True, slots=True)
class WeekCardWords:
    """The words on the weekly card, written by the views.

    Attributes:
        title: The heading, e.g. ``"Your week"``.
        subtitle: The week's dates.
        goals: One per goal, in the figure's order.
        labels: The weekday initials and the legend, in the user's language.
    """

    title: str
    subtitle: str
    goals: tuple[WeekGoalWords, ...]
    labels: ChartLabels = ENGLISH_LABELS


@dataclass(frozen=True, slots=True)
class WeekLayout:
    """Where things go on the card, in final pixels.

    Attributes:
        days: Each goal's seven day squares, from the week's first day.
        bars: Each goal's bar track.
        size: The picture's (width, height).
    """

    days: tuple[tuple[Box, ...], ...]
    bars: tuple[Box, ...]
    size: tuple[int, int]


def week_legend(
    figure: WeekCardFigure, labels: ChartLabels = ENGLISH_LABELS, *, face: int | None = None
) -> list[list[str]]:
    """The rows of the card's legend (one, or two when long), measured in the picture's font
    ``face``."""
    shown = legend_states(state for goal in figure.goals for state in goal.days)
    return legend_rows(WIDTH, shown, LEGEND_SWATCH, SMALL, labels=labels.legend, face=face)


def week_layout(goals: int, legend_lines: int = 1) -> WeekLayout:
    """The geometry of the card :func:`render_week` draws for ``goals`` goals.

    ``legend_lines`` is 2 when the legend is too long for one row (:func:`week_legend`).
    """
    days, bars = [], []
    for index in range(goals):
        top = FIRST_BLOCK + index * BLOCK
        strip = top + STRIP_TOP
        days.append(
            tuple(
                (
                    MARGIN + column * (CELL + GAP),
                    strip,
                    MARGIN + column * (CELL + GAP) + CELL,
                    strip + CELL,
                )
                for column in range(7)
            )
        )
        bars.append((MARGIN, top + BAR_TOP, WIDTH - MARGIN, top + BAR_TOP + BAR_HEIGHT))
    height = FIRST_BLOCK + max(1, goals) * BLOCK + LEGEND_ROOM
    height += legend_height(legend_lines, LEGEND_SWATCH)
    return WeekLayout(tuple(days), tuple(bars), (WIDTH, height))


def render_week(figure: WeekCardFigure, words: WeekCardWords) -> bytes:
    """The weekly card as PNG bytes (720 px wide).

    Args:
        figure: The numbers (:func:`bot.coach.figures.week_goal_figure` for each goal).
        words: The words (from the views), one per goal in the same order.
    """
    legend = week_legend(figure, words.labels, face=fonts.picture_face(strings_of(words)))
    layout = week_layout(len(figure.goals), len(legend))
    width, height = layout.size
    canvas = Canvas(width, height, words)
    inner = width - 2 * MARGIN
    canvas.text((MARGIN, TITLE_TOP), words.title, 30, INK, bold=True, max_width=inner)
    canvas.text((MARGIN, TITLE_TOP + 44), words.subtitle, SMALL, MUTED, max_width=inner)
    for column, initial in enumerate(words.labels.weekday_initials):
        centre = MARGIN + column * (CELL + GAP) + CELL / 2
        canvas.text((centre, WEEKDAYS_BASELINE), initial, SMALL, MUTED, anchor="ms", bold=True)

    rows = zip(figure.goals, words.goals, layout.days, layout.bars, strict=True)
    for index, (goal, said, boxes, track) in enumerate(rows):
        top = FIRST_BLOCK + index * BLOCK
        amount_width = min(canvas.text_width(said.amount, TEXT), inner * 0.55)
        canvas.text(
            (MARGIN, top + NAME_BASELINE),
            said.name,
            TEXT,
            INK,
            anchor="ls",
            bold=True,
            max_width=inner - amount_width - 20,
        )
        canvas.text(
            (width - MARGIN, top + NAME_BASELINE),
            said.amount,
            TEXT,
            MUTED,
            anchor="rs",
            max_width=inner * 0.55,
        )
        for offset, (state, box) in enumerate(zip(goal.days, boxes, strict=True)):
            day = date.fromordinal(figure.week_start.toordinal() + offset)
            draw_day(canvas, box, state, number=day.day, is_today=day == figure.today)
        left, bar_top, right, bar_bottom = track
        canvas.rounded(track, BAR_HEIGHT / 2, fill=TRACK)
        filled = round((right - left) * goal.bar.share)
        if filled > 0:
            canvas.rounded(
                (left, bar_top, left + max(filled, BAR_HEIGHT), bar_bottom),
                BAR_HEIGHT / 2,
                fill=DONE,
            )
        stats_y = top + STATS_BASELINE
        canvas.text((MARGIN, stats_y), said.numbers, SMALL, INK, anchor="ls")
        if said.change:
            x = MARGIN + canvas.text_width(said.numbers, SMALL) + 12
            rising = (goal.strength_change or 0) > 0
            colour = DONE if rising else MUTED
            canvas.text((x, stats_y), said.change, SMALL, colour, anchor="ls", bold=rising)

    draw_legend(
        canvas,
        [state for row in legend for state in row],
        height - 56 - legend_height(len(legend), LEGEND_SWATCH),
        swatch=LEGEND_SWATCH,
        size=SMALL,
        labels=words.labels.legend,
    )
    return canvas.png()
