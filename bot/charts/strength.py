"""The strength score since the start as a small line chart (PNG), behind "what is strength".

A short picture: the goal's name and a line of words; the score from 0 to 100% day by day (a
green line over a pale area) between faint guides at 50% and 100%; a dot and the value today;
the first day and today under the axis. It shows what the words explain: the score climbs
slowly, one miss barely dents it, and it never drops to zero overnight.

It draws a :class:`~bot.coach.figures.StrengthFigure` with a :class:`StrengthWords` (from the
views); :func:`strength_layout` is pure, so tests can find a day's point without comparing
images. The look is the other pictures' (palette, sizes, 720 px wide).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.charts.drawing import Canvas
from bot.charts.pace import DONE_AREA, MARGIN, SMALL, TEXT, TITLE_TOP, WIDTH
from bot.charts.style import DONE, INK, MUTED, PAPER, RULE, Box
from bot.coach.figures import StrengthFigure

PLOT_TOP = 130
PLOT_BOTTOM = 330
AXIS_LABELS = PLOT_BOTTOM + 32
HEIGHT = AXIS_LABELS + 26
VALUE_ROOM = 86
"""Room at the right of the plot for today's value."""


@dataclass(frozen=True, slots=True)
class StrengthWords:
    """The words on the strength line, written by the views.

    Attributes:
        title: The heading, e.g. the goal's name.
        subtitle: One line, e.g. ``"Strength since Mon 2 Nov"``.
        value: Today's score, e.g. ``"64%"``.
        guides: Labels of the 50% and 100% guides.
        first: The first day's label.
        last: Today's label.
    """

    title: str
    subtitle: str
    value: str
    guides: tuple[str, str]
    first: str
    last: str


@dataclass(frozen=True, slots=True)
class StrengthLayout:
    """Where things go, in final pixels.

    Attributes:
        plot: The plot area (left, top, right, bottom).
        days: Days along the x axis (at least one).
        size: The picture's (width, height).
    """

    plot: Box
    days: int
    size: tuple[int, int]

    def x(self, index: int) -> float:
        """The x of the ``index``-th day's score (0: the first day, at the left edge)."""
        left, _, right, _ = self.plot
        return left + (right - left) * index / max(1, self.days - 1)

    def y(self, score: float) -> float:
        """The y of a score between 0 and 1."""
        _, top, _, bottom = self.plot
        return bottom - (bottom - top) * min(1.0, max(0.0, score))


def strength_layout(figure: StrengthFigure) -> StrengthLayout:
    """The geometry of the picture :func:`render_strength` draws."""
    return StrengthLayout(
        plot=(MARGIN, PLOT_TOP, WIDTH - MARGIN - VALUE_ROOM, PLOT_BOTTOM),
        days=max(1, len(figure.scores)),
        size=(WIDTH, HEIGHT),
    )


def render_strength(figure: StrengthFigure, words: StrengthWords) -> bytes:
    """The strength line as PNG bytes (720 px wide).

    Args:
        figure: The scores (:func:`bot.coach.figures.strength_figure`).
        words: The words (from the views).
    """
    layout = strength_layout(figure)
    canvas = Canvas(*layout.size, words)
    inner = WIDTH - 2 * MARGIN
    canvas.text((MARGIN, TITLE_TOP), words.title, 30, INK, bold=True, max_width=inner)
    canvas.text((MARGIN, TITLE_TOP + 44), words.subtitle, SMALL, MUTED, max_width=inner)

    left, _, right, bottom = layout.plot
    for score, label in zip((0.5, 1.0), words.guides, strict=True):
        y = layout.y(score)
        canvas.dashed((left, y), (right, y), RULE, 2, dash=8, gap=8)
        canvas.text((left + 4, y - 8), label, SMALL, MUTED, anchor="ls")
    canvas.line([(left, bottom), (right, bottom)], MUTED, 2, round_ends=False)
    canvas.text((left, AXIS_LABELS), words.first, SMALL, MUTED, anchor="ls")
    canvas.text((right, AXIS_LABELS), words.last, SMALL, MUTED, anchor="rs")

    points = [(layout.x(i), layout.y(score)) for i, score in enumerate(figure.scores)]
    if len(points) > 1:
        canvas.polygon([*points, (points[-1][0], bottom), (points[0][0], bottom)], DONE_AREA)
        canvas.line(points, DONE, 4)
    here = points[-1] if points else (left, bottom)
    canvas.dot(here, 8, DONE, outline=PAPER, width=3)
    canvas.text((here[0] + 16, here[1]), words.value, TEXT, DONE, anchor="lm", bold=True)
    return canvas.png()
