"""The pace chart of ``/progress``: the 12-week outcome so far against the plan, as a PNG.

One picture, top to bottom: the goal's name and a line of words; the running total since the
start (a green line over a pale green area) against the plan (a grey dashed line from nothing
to the whole outcome on the due date), a dark "today" marker, and, when there is a pace, a
dotted green line from today's total to the projected finish; a legend; then three bars (this
week, this plan month, the 12 weeks), each filled in proportion to what is done.

It draws a :class:`~bot.coach.figures.PaceFigure` (the numbers, from the coach) with a
:class:`PaceWords` (the words, from the views); it computes nothing of its own.

Design decisions:

* **Told apart without colour**: the total is a solid dark line, the plan a dashed grey one,
  the projection dotted, and the legend names each by its line; bars are dark on light.
* **720 px wide** with text of at least 22 px, so that on a phone (the picture shown about
  360 px wide) the smallest words are still 11 px.
* **The x axis** runs from the start to the end of the plan, or further when today or a
  projected finish (up to half the plan again) lies beyond it; a finish further out is
  pointed at from the right edge. Day ``d``'s total sits at the end of ``d``; the today
  marker in the middle of today.
* :func:`pace_layout` is pure and returns the plot's geometry, so tests can sample pixels at
  the today marker or along a bar without comparing images.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.charts.drawing import Canvas
from bot.charts.style import DONE, INK, MUTED, PAPER, RULE, Box
from bot.coach.figures import PaceFigure

WIDTH = 720
MARGIN = 40
TITLE_TOP = 26
PLOT_TOP = 168
PLOT_BOTTOM = 500
AXIS_LABELS = PLOT_BOTTOM + 34
LEGEND_TOP = PLOT_BOTTOM + 64
BARS_TOP = LEGEND_TOP + 70
BAR_PITCH = 82
BAR_HEIGHT = 24
BAR_LABEL_GAP = 34
"""From a bar's label baseline down to the top of its track."""
HEADROOM = 1.12
"""The y axis goes this much above the highest value, so the top label has room."""
LATE_FINISH_SHARE = 0.5
"""A projected finish up to this share of the plan after its end stretches the x axis."""
TEXT = 24
SMALL = 22
ARROW = 16
"""Length of the arrowhead that points at a projected finish beyond the right edge."""
AXIS_LABEL_GAP = 12
"""Least room between two dates along the bottom; a date that would crowd one is left out."""

DONE_AREA = (205, 229, 212)
"""The pale green under the running total."""
PLAN_LINE = (150, 146, 140)
TRACK = RULE


@dataclass(frozen=True, slots=True)
class PaceWords:
    """The words on the pace chart, written by the views.

    Attributes:
        title: The goal's name.
        subtitle: One line, e.g. ``"Week 3 of 12 · on track"``.
        target: The goal line's label, e.g. ``"40,000 words"``.
        today: The marker's label.
        finish: The projected finish, e.g. ``"At this pace: Fri 29 Jan"``; ``None`` for none.
        legend: Labels of the total, the plan and the projection lines.
        axis: Dates to mark along the bottom with their labels.
        bars: (label, value) of this week, this month and the 12 weeks.
    """

    title: str
    subtitle: str
    target: str
    today: str
    finish: str | None
    legend: tuple[str, str, str]
    axis: tuple[tuple[date, str], ...]
    bars: tuple[tuple[str, str], tuple[str, str], tuple[str, str]]


@dataclass(frozen=True, slots=True)
class PaceLayout:
    """Where things go on the pace chart, in final pixels.

    Attributes:
        plot: The plot area (left, top, right, bottom).
        first: The date at the left edge (the start of its day).
        span_days: Days along the x axis.
        y_max: The value at the top of the plot.
        bars: Each bar's track: this week, this month, the 12 weeks.
        size: The picture's (width, height).
    """

    plot: Box
    first: date
    span_days: int
    y_max: float
    bars: tuple[Box, Box, Box]
    size: tuple[int, int]

    def x(self, days: float) -> float:
        """The x of a moment ``days`` days after the start of the first day."""
        left, _, right, _ = self.plot
        return left + (right - left) * days / self.span_days

    def end_of(self, day: date) -> float:
        """The x of the end of ``day`` (where its running total is drawn)."""
        return self.x((day - self.first).days + 1)

    def middle_of(self, day: date) -> float:
        """The x of the middle of ``day`` (where the today marker is drawn)."""
        return self.x((day - self.first).days + 0.5)

    def y(self, value: float) -> float:
        """The y of ``value``."""
        _, top, _, bottom = self.plot
        return bottom - (bottom - top) * value / self.y_max


def pace_layout(figure: PaceFigure) -> PaceLayout:
    """The geometry of the picture :func:`render_pace` draws for ``figure``."""
    start = figure.start
    last = max(figure.end, figure.today)
    finish = figure.projected_finish
    if finish is not None:
        latest = figure.end + timedelta(days=round(figure.plan_days * LATE_FINISH_SHARE))
        last = max(last, min(finish, latest))
    span = (last - start).days + 1
    y_max = max(figure.target, figure.current, 1.0) * HEADROOM
    tracks = []
    for index in range(3):
        top = BARS_TOP + index * BAR_PITCH + BAR_LABEL_GAP
        tracks.append((MARGIN, top, WIDTH - MARGIN, top + BAR_HEIGHT))
    height = BARS_TOP + 3 * BAR_PITCH + 10
    return PaceLayout(
        plot=(MARGIN, PLOT_TOP, WIDTH - MARGIN, PLOT_BOTTOM),
        first=start,
        span_days=max(1, span),
        y_max=y_max,
        bars=(tracks[0], tracks[1], tracks[2]),
        size=(WIDTH, height),
    )


def render_pace(figure: PaceFigure, words: PaceWords) -> bytes:
    """The pace chart as PNG bytes (720 px wide).

    Args:
        figure: The numbers (:func:`bot.coach.figures.pace_figure`).
        words: The words (from the views).
    """
    layout = pace_layout(figure)
    width, height = layout.size
    canvas = Canvas(width, height, words)
    inner = width - 2 * MARGIN
    canvas.text((MARGIN, TITLE_TOP), words.title, 30, INK, bold=True, max_width=inner)
    canvas.text((MARGIN, TITLE_TOP + 44), words.subtitle, SMALL, MUTED, max_width=inner)
    _draw_plot(canvas, figure, words, layout)
    _draw_legend(canvas, words, with_pace=figure.projected_finish is not None)
    bars = (figure.week, figure.month, figure.cycle)
    for bar, track, (label, value) in zip(bars, layout.bars, words.bars, strict=True):
        left, top, right, bottom = track
        canvas.text((left, top - 12), label, TEXT, INK, anchor="ls", bold=True)
        label_room = canvas.text_width(label, TEXT) + 16
        canvas.text(
            (right, top - 12), value, TEXT, MUTED, anchor="rs", max_width=right - left - label_room
        )
        canvas.rounded(track, BAR_HEIGHT / 2, fill=TRACK)
        filled = round((right - left) * bar.share)
        if filled > 0:
            canvas.rounded((left, top, left + max(filled, BAR_HEIGHT), bottom), 12, fill=DONE)
    return canvas.png()


def axis_labels(
    canvas: Canvas, figure: PaceFigure, words: PaceWords, layout: PaceLayout
) -> list[tuple[float, str, str]]:
    """The dates drawn along the bottom as (x, label, anchor), left to right.

    Only dates on the axis, and none that would crowd another: the first date and the plan's
    end come first, then the others in order, each kept when it leaves
    :data:`AXIS_LABEL_GAP` to every date kept before it. So an axis stretched past the plan
    (a late finish, a goal in its 20th week) stays readable whatever dates the words give.
    """
    left, _, right, _ = layout.plot
    candidates = []
    for day, label in words.axis:
        if not 0 <= (day - layout.first).days < layout.span_days:
            continue
        x = layout.x((day - layout.first).days)
        anchor = "ls" if x - left < 40 else "rs" if right - x < 40 else "ms"
        width = canvas.text_width(label, SMALL)
        offset = {"l": 0.0, "m": 0.5, "r": 1.0}[anchor[0]] * width
        candidates.append((day, x, label, anchor, (x - offset, x - offset + width)))
    first = candidates[0][0] if candidates else None
    order = sorted(candidates, key=lambda c: (c[0] not in (first, figure.end), c[0]))
    kept: list[tuple[date, float, str, str, tuple[float, float]]] = []
    for candidate in order:
        x0, x1 = candidate[4]
        if all(x1 + AXIS_LABEL_GAP <= k[4][0] or k[4][1] + AXIS_LABEL_GAP <= x0 for k in kept):
            kept.append(candidate)
    return [(x, label, anchor) for _, x, label, anchor, _ in sorted(kept, key=lambda c: c[1])]


def _draw_plot(canvas: Canvas, figure: PaceFigure, words: PaceWords, layout: PaceLayout) -> None:
    left, top, right, bottom = layout.plot
    # The goal line and its label, then the axis and its dates.
    goal_y = layout.y(figure.target)
    canvas.line([(left, goal_y), (right, goal_y)], RULE, 2, round_ends=False)
    today_x = layout.middle_of(figure.today)
    label_left: float = left
    if today_x <= left + canvas.text_width(words.target, SMALL) + 8:
        label_left = today_x + 8  # the today line would cross the label early in the plan
    canvas.text((label_left, goal_y - 10), words.target, SMALL, MUTED, anchor="ls")
    canvas.line([(left, bottom), (right, bottom)], MUTED, 2, round_ends=False)
    for x, label, anchor in axis_labels(canvas, figure, words, layout):
        canvas.line([(x, bottom), (x, bottom + 8)], MUTED, 2, round_ends=False)
        canvas.text((x, AXIS_LABELS), label, SMALL, MUTED, anchor=anchor)

    # The running total: a pale area under a solid line.
    points = [(layout.x(0), layout.y(0))]
    points += [(layout.x(i + 1), layout.y(total)) for i, total in enumerate(figure.totals)]
    canvas.polygon([*points, (points[-1][0], bottom), (points[0][0], bottom)], DONE_AREA)

    # The plan: from nothing at the start to the whole target at the end of the plan.
    plan_end = (layout.end_of(figure.end), goal_y)
    canvas.dashed((left, bottom), plan_end, PLAN_LINE, 3, dash=14, gap=10)

    canvas.line([(today_x, top - 6), (today_x, bottom)], INK, 2, round_ends=False)
    label_x = min(max(today_x, left + 40), right - 40)
    canvas.text((label_x, top - 14), words.today, SMALL, INK, anchor="ms", bold=True)

    if len(points) > 1:
        canvas.line(points, DONE, 4)
    here = points[-1]
    finish = figure.projected_finish
    if finish is not None and figure.current < figure.target:
        _draw_projection(canvas, figure, layout, here, finish=finish, label=words.finish)
    canvas.dot(here, 8, DONE, outline=PAPER, width=3)


def _draw_projection(
    canvas: Canvas,
    figure: PaceFigure,
    layout: PaceLayout,
    here: tuple[float, float],
    *,
    finish: date,
    label: str | None,
) -> None:
    """A dotted line from today's total to the projected finish, clipped at the right edge.

    A finish on the axis gets an open ring on the goal line; one beyond the axis gets an
    arrowhead at the edge instead, so the line reads as going on rather than ending there.
    The label goes on first: its halo would otherwise cover the top of the ring.
    """
    _, top, right, _ = layout.plot
    end = (layout.end_of(finish), layout.y(figure.target))
    beyond = end[0] > right
    if beyond:  # later than the axis: go as far as the edge, on the same slope
        share = (right - here[0]) / (end[0] - here[0])
        end = (right, here[1] + (end[1] - here[1]) * share)
    if label:
        x = min(max(end[0], MARGIN + 150), right)
        y = max(end[1] - 16, top + 26)
        canvas.text((x, y), label, SMALL, DONE, anchor="rs", bold=True, halo=PAPER)
    canvas.dashed(here, end, DONE, 5, dash=0, gap=11)
    if beyond:
        _arrowhead(canvas, here, end, DONE, size=ARROW)
    else:
        canvas.dot(end, 6, PAPER, outline=DONE, width=3)


def _arrowhead(
    canvas: Canvas,
    start: tuple[float, float],
    tip: tuple[float, float],
    colour: tuple[int, int, int],
    *,
    size: float,
) -> None:
    """A filled triangle at ``tip``, pointing the way from ``start`` to it."""
    dx, dy = tip[0] - start[0], tip[1] - start[1]
    length = max(1e-9, (dx * dx + dy * dy) ** 0.5)
    ux, uy = dx / length, dy / length
    base = (tip[0] - ux * size, tip[1] - uy * size)
    half = size * 0.6
    canvas.polygon(
        [
            tip,
            (base[0] - uy * half, base[1] + ux * half),
            (base[0] + uy * half, base[1] - ux * half),
        ],
        colour,
    )


def _draw_legend(canvas: Canvas, words: PaceWords, *, with_pace: bool) -> None:
    """One line naming each line by its look: solid total, dashed plan, dotted pace."""
    done, plan, pace = words.legend
    items = [("solid", done), ("dashed", plan)] + ([("dotted", pace)] if with_pace else [])
    sample, gap, spacing = 36.0, 10.0, 30.0
    widths = [sample + gap + canvas.text_width(text, SMALL) for _, text in items]
    x = (canvas.width - sum(widths) - spacing * (len(items) - 1)) / 2
    y = LEGEND_TOP + 12
    for (style, text), item_width in zip(items, widths, strict=True):
        if style == "solid":
            canvas.line([(x, y), (x + sample, y)], DONE, 4)
        elif style == "dashed":
            canvas.dashed((x, y), (x + sample, y), PLAN_LINE, 3, dash=12, gap=8)
        else:
            canvas.dashed((x + 2, y), (x + sample, y), DONE, 5, dash=0, gap=11)
        canvas.text((x + sample + gap, y), text, SMALL, MUTED, anchor="lm")
        x += item_width + spacing
