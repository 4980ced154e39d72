"""Tests for the pace chart of /progress: what matters, sampled from the pixels."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date, timedelta

import pytest

from bot.charts import fonts, style, typesetting
from bot.charts.drawing import Canvas
from bot.charts.pace import AXIS_LABEL_GAP, PaceWords, axis_labels, pace_layout, render_pace
from bot.coach.figures import Bar, PaceFigure, pace_figure
from bot.coach.models import Goal
from bot.coach.progress.ladder import ladder_progress
from bot.coach.progress.pace import daily_totals, on_track
from bot.coach.streaks.days import DayState
from bot.coach.streaks.summary import summarize
from bot.services.goal_day import GoalDay, target_on
from bot.views.i18n import ENGLISH_TRANSLATOR
from bot.views.streak import pace_words
from tests.charts.test_calendar import close, lightness, open_png
from tests.coach.test_progress import START, log, novel

TODAY = START + timedelta(days=20)


def figure_and_words(
    goal: Goal, amounts: tuple[float | str | None, ...], today: date = TODAY
) -> tuple[PaceFigure, PaceWords]:
    """The chart's inputs the way /progress builds them (coach figures, the views' words)."""
    days = log(*amounts)
    ladder = ladder_progress(goal, days, today)
    pace = on_track(goal, days, today)
    figure = pace_figure(goal, ladder, pace, daily_totals(goal, days, today))
    view = GoalDay(
        goal,
        today,
        target_on(goal, (), today),
        days.get(today),
        DayState.PENDING,
        {},
        summarize(days, START, today),
    )
    return figure, pace_words(ENGLISH_TRANSLATOR, view, ladder, pace, figure)


def pixel(image: object, x: float, y: float) -> tuple[int, int, int]:
    value = image.getpixel((round(x), round(y)))  # type: ignore[attr-defined]
    return (int(value[0]), int(value[1]), int(value[2]))


def runs(flags: list[bool]) -> list[float]:
    """Centres of the runs of True in ``flags``."""
    centres, begin = [], None
    for x, flag in enumerate([*flags, False]):
        if flag and begin is None:
            begin = x
        elif not flag and begin is not None:
            centres.append((begin + x - 1) / 2)
            begin = None
    return centres


def test_the_today_marker_sits_at_todays_x() -> None:
    figure, words = figure_and_words(novel(), (480,) * 20)
    image = open_png(render_pace(figure, words))
    layout = pace_layout(figure)
    assert image.size == layout.size
    left, _, right, bottom = layout.plot
    # The axis ticks mark the plan months (day 0, 28, 56, ...), just under the axis line.
    ticks = runs([lightness(pixel(image, x, bottom + 5)) < 160 for x in range(image.size[0])])
    assert len(ticks) >= 3
    day_width = (ticks[1] - ticks[0]) / 28
    # Low in the plot, under the running total, only the marker is dark: in the middle of
    # today, the 21st day (20.5 days after the start of the first).
    marks = runs([lightness(pixel(image, x, bottom - 6)) < 90 for x in range(left, right)])
    assert len(marks) == 1
    assert left + marks[0] == pytest.approx(ticks[0] + 20.5 * day_width, abs=2)


def test_the_running_total_ends_at_the_last_counted_day_with_a_dot() -> None:
    figure, words = figure_and_words(novel(), (480,) * 20)
    image = open_png(render_pace(figure, words))
    layout = pace_layout(figure)
    through = TODAY - timedelta(days=1)  # today is not logged yet
    here = (layout.end_of(through), layout.y(20 * 480))
    assert close(pixel(image, *here), style.DONE, tolerance=12)
    # Far above the line, the plot is bare paper.
    assert close(pixel(image, here[0] - 40, layout.y(38_000) + 30), style.PAPER)


@pytest.mark.parametrize("amounts", [(480,) * 20, (200,) * 20, (900,) * 20, ("done",) * 3])
def test_bars_are_filled_in_proportion_to_the_amounts(amounts: tuple[float | str, ...]) -> None:
    figure, words = figure_and_words(novel(), amounts)
    image = open_png(render_pace(figure, words))
    layout = pace_layout(figure)
    for bar, track in zip((figure.week, figure.month, figure.cycle), layout.bars, strict=True):
        left, top, right, bottom = track
        row = (top + bottom) / 2
        filled = [x for x in range(left, right) if close(pixel(image, x, row), style.DONE, 20)]
        expected = (right - left) * bar.share
        if expected < 1:
            assert not filled
            continue
        # A tiny share still shows as a round dot, the bar's height wide.
        assert max(filled) - left + 1 == pytest.approx(max(expected, bottom - top), abs=3)


def test_a_yes_no_goal_is_drawn_as_kept_days() -> None:
    goal = novel(outcome_measure=None, weekly_measure=None, monthly_measure=None)
    figure, words = figure_and_words(goal, ("done", "done", None, "done"))
    assert figure.unit is None
    assert words.target == "84 days"
    assert words.bars[2] == ("12 weeks", "3 / 84 days")
    assert words.legend[:2] == ("Days kept", "One a day")
    open_png(render_pace(figure, words))


def test_a_late_finish_is_pointed_at_from_the_right_edge() -> None:
    figure, words = figure_and_words(novel(), (100,) * 20)
    assert figure.projected_finish is not None
    assert words.finish is not None
    assert words.finish.startswith("At this pace: ")
    layout = pace_layout(figure)
    # The axis stretches for half the plan at most, not to a finish a year away.
    assert layout.span_days <= figure.plan_days * 1.5 + 1
    assert layout.end_of(figure.projected_finish) > layout.plot[2]
    open_png(render_pace(figure, words))


def _projection_end(figure: PaceFigure) -> tuple[float, float, bool]:
    """Where the dotted line ends (x, y) and whether the finish lies beyond the axis."""
    layout = pace_layout(figure)
    assert figure.projected_finish is not None
    through = figure.start + timedelta(days=len(figure.totals) - 1)
    here = (layout.end_of(through), layout.y(figure.current))
    end = (layout.end_of(figure.projected_finish), layout.y(figure.target))
    right = layout.plot[2]
    if end[0] <= right:
        return end[0], end[1], False
    share = (right - here[0]) / (end[0] - here[0])
    return right, here[1] + (end[1] - here[1]) * share, True


def test_a_finish_on_the_axis_is_a_whole_ring_on_the_goal_line() -> None:
    # 440 words a day: a little behind, the finish a few days after the plan's end.
    figure, words = figure_and_words(novel(), (440,) * 40, today=START + timedelta(days=40))
    x, y, beyond = _projection_end(figure)
    assert not beyond
    image = open_png(render_pace(figure, words))
    # The ring is green all round (its label's halo once hid its top half) and paper inside.
    for dx, dy in ((0, -4.5), (0, 4.5), (-4.5, 0), (4.5, 0)):
        assert close(pixel(image, x + dx, y + dy), style.DONE, 40), (dx, dy)
    assert close(pixel(image, x, y), style.PAPER, 20)


def test_a_finish_beyond_the_axis_is_an_arrow_at_the_edge_not_a_ring() -> None:
    # A good start, then nothing for two weeks: at this pace, months after the plan.
    amounts = (480,) * 17 + (None,) * 13
    figure, words = figure_and_words(novel(), amounts, today=START + timedelta(days=30))
    x, y, beyond = _projection_end(figure)
    assert beyond
    image = open_png(render_pace(figure, words))
    # A solid arrowhead pointing on past the edge (not a ring, which reads as the finish):
    # green 10 px back from its tip and 4 px to the side, clear of the dotted line.
    layout = pace_layout(figure)
    through = figure.start + timedelta(days=len(figure.totals) - 1)
    hx, hy = layout.end_of(through), layout.y(figure.current)
    length = ((x - hx) ** 2 + (y - hy) ** 2) ** 0.5
    ux, uy = (x - hx) / length, (y - hy) / length
    for side in (-4, 4):
        point = (x - ux * 10 - uy * side, y - uy * 10 + ux * side)
        assert close(pixel(image, *point), style.DONE, 40), side
    assert close(pixel(image, x + 10, y), style.PAPER, 20)  # nothing past the plot


def test_dates_along_the_axis_never_crowd_and_go_on_past_the_plan() -> None:
    goal = novel(outcome_measure=None, weekly_measure=None, monthly_measure=None)
    today = START + timedelta(days=160)
    figure, words = figure_and_words(goal, ("done",) * 160, today=today)
    layout = pace_layout(figure)
    canvas = Canvas(*layout.size)

    placed = axis_labels(canvas, figure, words, layout)

    spans = []
    for x, label, anchor in placed:
        width = canvas.text_width(label, 22)
        left = x - {"l": 0.0, "m": 0.5, "r": 1.0}[anchor[0]] * width
        spans.append((left, left + width))
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert start - end >= AXIS_LABEL_GAP
    assert len(placed) >= 5  # the plan's months and the months since, in week 23
    assert placed[-1][0] > layout.end_of(figure.end)  # a date past the plan's end
    assert any(x == layout.x((figure.end - figure.start).days) for x, _, _ in placed)


def test_every_word_on_the_chart_has_its_glyphs() -> None:
    for goal, amounts in (
        (novel(), (480,) * 20),
        (novel(vision="Написать роман · café"), (480,) * 20),
        (novel(outcome_measure=None), ("done",) * 5),
    ):
        _, words = figure_and_words(goal, amounts)
        texts = [words.subtitle, words.target, words.today, *words.legend]
        texts += [words.finish or ""] + [label for _, label in words.axis]
        texts += [part for bar in words.bars for part in bar]
        for text in texts:
            assert typesetting.missing_glyphs(text) == 0, text
        if len(fonts.faces()) > 1:  # a system font for the Cyrillic title
            assert typesetting.missing_glyphs(words.title) == 0


def test_any_figure_renders() -> None:
    figure, words = figure_and_words(novel(), (480,) * 20)
    empty = dataclasses.replace(figure, totals=(), projected_finish=None, target=0)
    open_png(render_pace(empty, words))
    beyond = dataclasses.replace(figure, today=figure.end + timedelta(days=40))
    open_png(render_pace(beyond, words))
    huge = dataclasses.replace(figure, totals=tuple(float(i) for i in range(2000)))
    open_png(render_pace(huge, words))
    zero = dataclasses.replace(figure, week=Bar(0, 0, None))
    open_png(render_pace(zero, words))


def test_rendering_is_deterministic() -> None:
    # How fast: `make bench` (the wins scenario times render_pace with the calendars).
    figure, words = figure_and_words(novel(), (480,) * 20)
    first = render_pace(figure, words)
    assert render_pace(figure, words) == first
