"""The 1%-a-day curve as a PNG: flat at first, steep later, and where the user is on it.

One picture, top to bottom: a title and a line of words; the curve ``1.01 ** n`` over the first
year on a plain (not logarithmic) scale, so its flat start shows as it is; the part already
walked drawn solid green over a pale area, the road ahead dashed grey; a "you are here" dot at
the user's win count; the first doubling and the end of the year marked on the curve; and two
lines of honest words underneath.

It draws a :class:`~bot.coach.figures.CurveFigure` (numbers from the coach) with a
:class:`CurveWords` (words from the views). :func:`curve_layout` is pure, so tests can find the
dot without comparing images. The look (palette, sizes, 720 px wide) is the pace chart's.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.charts import fonts
from bot.charts.drawing import Canvas
from bot.charts.pace import DONE_AREA, MARGIN, PLAN_LINE, SMALL, TEXT, TITLE_TOP, WIDTH
from bot.charts.style import DONE, INK, MUTED, PAPER, Box
from bot.charts.typesetting import strings_of, wrap_text
from bot.coach.figures import CurveFigure

PLOT_TOP = 150
PLOT_BOTTOM = 520
AXIS_LABELS = PLOT_BOTTOM + 34
NOTE_TOP = PLOT_BOTTOM + 84
NOTE_PITCH = 34
HEADROOM = 1.08
HERE_LABEL_WIDTH = 260
"""Room the "you are here" words need beside the dot."""


@dataclass(frozen=True, slots=True)
class CurveWords:
    """The words on the curve, written by the views.

    Attributes:
        title: The heading, e.g. ``"1% better a day"``.
        subtitle: One line, e.g. the goal's name.
        here: The dot's label, e.g. ``"You are here"``.
        here_detail: The line under it, e.g. ``"17 wins · 1.18×"``.
        marks: (day, label) of points to mark on the curve.
        axis: (day, label) along the bottom.
        note: Lines of words under the picture.
    """

    title: str
    subtitle: str
    here: str
    here_detail: str
    marks: tuple[tuple[int, str], ...]
    axis: tuple[tuple[int, str], ...]
    note: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CurveLayout:
    """Where things go on the curve, in final pixels.

    Attributes:
        plot: The plot area (left, top, right, bottom).
        horizon: The last day at the right edge.
        y_max: The value at the top of the plot.
        size: The picture's (width, height).
    """

    plot: Box
    horizon: int
    y_max: float
    size: tuple[int, int]

    def x(self, day: float) -> float:
        """The x of day ``day`` (0 at the left edge)."""
        left, _, right, _ = self.plot
        return left + (right - left) * day / self.horizon

    def y(self, value: float) -> float:
        """The y of ``value`` (0 at the bottom)."""
        _, top, _, bottom = self.plot
        return bottom - (bottom - top) * value / self.y_max


def curve_layout(figure: CurveFigure, lines: int = 2) -> CurveLayout:
    """The geometry of the picture :func:`render_curve` draws (``lines`` of notes under it)."""
    return CurveLayout(
        plot=(MARGIN, PLOT_TOP, WIDTH - MARGIN, PLOT_BOTTOM),
        horizon=max(1, figure.horizon),
        y_max=max(figure.growth) * HEADROOM,
        size=(WIDTH, NOTE_TOP + max(0, lines) * NOTE_PITCH + 16),
    )


def render_curve(figure: CurveFigure, words: CurveWords) -> bytes:
    """The 1% curve as PNG bytes (720 px wide).

    Args:
        figure: The numbers (:func:`bot.coach.figures.curve_figure`).
        words: The words (from the views).
    """
    inner = WIDTH - 2 * MARGIN
    # Each note wraps rather than being cut: the same note is longer in other languages.
    face = fonts.picture_face(strings_of(words))
    note = [line for text in words.note for line in wrap_text(text, SMALL, inner, face=face)]
    layout = curve_layout(figure, len(note))
    canvas = Canvas(*layout.size, words)
    canvas.text((MARGIN, TITLE_TOP), words.title, 30, INK, bold=True, max_width=inner)
    canvas.text((MARGIN, TITLE_TOP + 44), words.subtitle, SMALL, MUTED, max_width=inner)

    left, _, right, bottom = layout.plot
    canvas.line([(left, bottom), (right, bottom)], MUTED, 2, round_ends=False)
    for day, label in words.axis:
        if not 0 <= day <= layout.horizon:
            continue
        x = layout.x(day)
        canvas.line([(x, bottom), (x, bottom + 8)], MUTED, 2, round_ends=False)
        anchor = "ls" if x - left < 40 else "rs" if right - x < 40 else "ms"
        canvas.text((x, AXIS_LABELS), label, SMALL, MUTED, anchor=anchor)

    here_day = min(figure.position.days, layout.horizon)
    points = [(layout.x(day), layout.y(value)) for day, value in enumerate(figure.growth)]
    walked, ahead = points[: here_day + 1], points[here_day:]
    canvas.polygon([*walked, (walked[-1][0], bottom), (walked[0][0], bottom)], DONE_AREA)
    if len(ahead) > 1:
        # Dashed, as the pace chart's plan: the grey dashes are the days not walked yet.
        canvas.dashed_path(ahead, PLAN_LINE, 3, dash=14, gap=10)
    if len(walked) > 1:
        canvas.line(walked, DONE, 5)

    here = points[here_day]
    here_right = here[0] > left + HERE_LABEL_WIDTH
    for day, label in words.marks:
        # A mark close to the dot would crowd its label: the dot's own words say enough.
        if not 0 <= day <= layout.horizon or abs(day - here_day) < layout.horizon * 0.12:
            continue
        mark = points[day]
        canvas.dot(mark, 6, PAPER, outline=MUTED, width=3)
        if mark[0] > left + (right - left) / 2:
            # Left of a point on the rising curve, at its height, is always above the curve.
            canvas.text((mark[0] - 14, mark[1]), label, SMALL, MUTED, anchor="rm", halo=PAPER)
        else:
            canvas.text((mark[0] + 4, mark[1] - 14), label, SMALL, MUTED, anchor="lb", halo=PAPER)

    canvas.dot(here, 10, DONE, outline=PAPER, width=3)
    if here_right:
        # Room on the left: the words sit left of the dot, at its height (above the curve).
        # Both lines end at the dot's height or above, so neither can touch the curve.
        x, y = here[0] - 20, here[1] + 6
        canvas.text((x, y - 30), words.here, TEXT, DONE, anchor="rs", bold=True, halo=PAPER)
        canvas.text((x, y), words.here_detail, SMALL, INK, anchor="rs", halo=PAPER)
    else:
        # Near the start the curve is flat: the words go above the dot.
        x, y = max(left, here[0] - 10), here[1] - 70
        canvas.text((x, y), words.here, TEXT, DONE, anchor="ls", bold=True, halo=PAPER)
        canvas.text((x, y + 30), words.here_detail, SMALL, INK, anchor="ls", halo=PAPER)

    for index, line in enumerate(note):
        y = NOTE_TOP + index * NOTE_PITCH
        canvas.text((MARGIN, y), line, SMALL, MUTED, anchor="ls", max_width=inner)
    return canvas.png()
