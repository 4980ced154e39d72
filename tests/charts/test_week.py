"""Tests for the weekly card: the week's days in the calendar's colours, bars to scale."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.charts import style, typesetting
from bot.charts.week import (
    WeekCardFigure,
    WeekCardWords,
    WeekGoalWords,
    render_week,
    week_layout,
    week_legend,
)
from bot.coach.figures import Bar, WeekGoalFigure, week_goal_figure
from bot.coach.models import Measure
from bot.coach.progress.amounts import LevelProgress
from bot.coach.streaks.days import DayState
from tests.charts.test_calendar import blue, close, green, lightness, open_png, white, yellow
from tests.charts.test_pace import pixel

MONDAY = date(2027, 3, 15)
TODAY = MONDAY + timedelta(days=3)  # Thursday


THREE_OF_SEVEN = Bar(3, 7, None)


def goal(days: tuple[str, ...], bar: Bar = THREE_OF_SEVEN) -> WeekGoalFigure:
    return WeekGoalFigure(days, bar, strength=0.5, strength_before=0.4, streak=2)


def words_for(count: int) -> WeekCardWords:
    said = WeekGoalWords(
        "Write a novel", "3 / 7 days", "Streak 2 · strength 50%", "(+10 this week)"
    )
    return WeekCardWords("Your week so far", "Mon 15 Mar – Sun 21 Mar", (said,) * count)


def inside(box: tuple[int, int, int, int]) -> tuple[int, int]:
    """A point in a day square below its number."""
    left, top, right, bottom = box
    return ((left + right) // 2, (top + bottom) // 2 + 8)


def test_each_day_is_drawn_in_the_calendars_colours() -> None:
    days = ("done", "mva", "missed", "pending", "future", "future", "future")
    figure = WeekCardFigure(MONDAY, TODAY, (goal(days),))
    image = open_png(render_week(figure, words_for(1)))
    layout = week_layout(1)
    assert image.size == layout.size
    colours = [image.getpixel(inside(box)) for box in layout.days[0]]
    seen = [(int(c[0]), int(c[1]), int(c[2])) for c in colours if isinstance(c, tuple)]
    assert green(seen[0])
    assert yellow(seen[1])
    assert white(seen[2])
    assert white(seen[3])
    assert all(close(colour, style.PAPER) for colour in seen[4:])  # not yet come
    # Today's square has the dark ring, just outside it.
    left, top, right, _ = layout.days[0][3]
    ring = image.getpixel(((left + right) // 2, top - 5))
    assert isinstance(ring, tuple)
    assert lightness((int(ring[0]), int(ring[1]), int(ring[2]))) < 100


@pytest.mark.parametrize("share", [(0, 7), (1, 7), (3, 7), (7, 7), (9, 7), (2060, 3300)])
def test_the_bar_is_filled_in_proportion(share: tuple[float, float]) -> None:
    bar = Bar(share[0], share[1], None)
    figure = WeekCardFigure(MONDAY, TODAY, (goal(("done",) * 7, bar),))
    image = open_png(render_week(figure, words_for(1)))
    left, top, right, bottom = week_layout(1).bars[0]
    filled = [
        close(pixel(image, x, (top + bottom) / 2), style.DONE, 20) for x in range(left, right)
    ]
    expected = (right - left) * bar.share
    if expected == 0:
        assert not any(filled)
    else:
        assert sum(filled) == pytest.approx(max(expected, bottom - top), abs=3)


def test_five_goals_make_a_taller_card_and_every_square_is_inside() -> None:
    figures = tuple(goal(("done",) * 7) for _ in range(5))
    image = open_png(render_week(WeekCardFigure(MONDAY, TODAY, figures), words_for(5)))
    layout = week_layout(5)
    assert image.size == layout.size
    width, height = layout.size
    assert width == 720
    assert height < 20 * width  # Telegram's limit on a photo's sides
    for row in layout.days:
        for left, top, right, bottom in row:
            assert 0 <= left < right <= width
            assert 0 <= top < bottom <= height
    for index, row in enumerate(layout.days):
        colour = image.getpixel(inside(row[0]))
        assert isinstance(colour, tuple)
        assert green((int(colour[0]), int(colour[1]), int(colour[2])))
        assert row[0][1] > (layout.days[index - 1][0][1] if index else 0)


def test_the_figure_reads_the_week_from_the_goals_days() -> None:
    states = {
        MONDAY: DayState.DONE,
        MONDAY + timedelta(days=1): DayState.MISSED,
        MONDAY + timedelta(days=2): DayState.MVA,
        TODAY: DayState.PENDING,
    }
    week = LevelProgress(Measure(1000, "words"), Measure(3300, "words"))
    figure = week_goal_figure(
        states,
        MONDAY,
        TODAY,
        start=MONDAY - timedelta(days=30),
        week=week,
        kept=2,
        strength=0.456,
        strength_before=0.5,
        streak=1,
    )
    assert figure.days == ("done", "missed", "mva", "pending", "future", "future", "future")
    assert figure.bar == Bar(1000, 3300, "words")
    assert figure.strength_change == -4  # 46% now, 50% when the week began


def test_a_plan_begun_mid_week_counts_its_own_days() -> None:
    start = MONDAY + timedelta(days=2)
    states = {start: DayState.DONE, TODAY: DayState.PENDING}
    figure = week_goal_figure(
        states,
        MONDAY,
        TODAY,
        start=start,
        week=None,
        kept=1,
        strength=0.1,
        strength_before=None,
        streak=1,
    )
    assert figure.days[:4] == ("before_start", "before_start", "done", "pending")
    assert figure.bar == Bar(1, 5, None)  # Wednesday to Sunday
    assert figure.strength_change is None


def test_every_word_has_its_glyphs() -> None:
    said = words_for(1)
    texts = [said.title, said.subtitle]
    for item in said.goals:
        texts += [item.name, item.amount, item.numbers, item.change]
    for text in texts:
        assert typesetting.missing_glyphs(text) == 0, text


def test_the_legend_of_every_state_fits_the_card() -> None:
    days = ("done", "partial", "mva", "skip", "paused", "missed", "pending")
    image = open_png(render_week(WeekCardFigure(MONDAY, TODAY, (goal(days),)), words_for(1)))
    width, height = image.size
    # Seven entries in words readable on a phone take two rows, and the card grows for them.
    rows = week_legend(WeekCardFigure(MONDAY, TODAY, (goal(days),)))
    assert rows == [["done", "partial", "mva", "skip"], ["paused", "missed", "pending"]]
    assert image.size == week_layout(1, legend_lines=2).size
    legend = range(height - 100, height - 26)
    for x in (*range(8), *range(width - 8, width)):  # the edges stay bare paper
        assert all(close(pixel(image, x, y), style.PAPER) for y in legend)
    # ... and the rows have every state's swatch: the rest day's blue is in the first.
    row = [pixel(image, x, height - 94 + 12) for x in range(width)]
    assert any(blue(colour) for colour in row)
