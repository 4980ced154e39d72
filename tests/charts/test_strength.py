"""Tests for the strength line: each day's score where it belongs, today's value by its dot."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.charts import style, typesetting
from bot.charts.strength import StrengthWords, render_strength, strength_layout
from bot.coach.figures import StrengthFigure, strength_figure
from bot.coach.models import EntryStatus
from bot.coach.streaks.log import DayRecord
from bot.coach.streaks.summary import strength_series
from tests.charts.test_calendar import close, lightness, open_png
from tests.charts.test_pace import pixel

START = date(2027, 1, 4)
WORDS = StrengthWords(
    "Write a novel", "Strength since Mon 4 Jan", "64%", ("50%", "100%"), "4 Jan", "Today"
)


def kept(pattern: str) -> dict[date, float]:
    """The strength series of a log: "d" done, "." nothing, one per day from START."""
    days = {
        START + timedelta(days=i): DayRecord(START + timedelta(days=i), EntryStatus.DONE)
        for i, code in enumerate(pattern)
        if code == "d"
    }
    return strength_series(days, START, START + timedelta(days=len(pattern) - 1))


def test_the_figure_is_the_coachs_series_in_date_order() -> None:
    series = kept("dddd.ddd")
    figure = strength_figure(dict(reversed(list(series.items()))))
    assert figure is not None
    assert figure.start == START
    assert figure.scores == tuple(series.values())
    assert figure.today == START + timedelta(days=7)
    assert figure.current == series[figure.today]
    assert strength_figure({}) is None


@pytest.mark.parametrize("pattern", ["d" * 30, "d" * 20 + "..." + "d" * 10, "dd", "d"])
def test_each_days_score_is_drawn_at_its_height(pattern: str) -> None:
    figure = strength_figure(kept(pattern))
    assert figure is not None
    image = open_png(render_strength(figure, WORDS))
    layout = strength_layout(figure)
    assert image.size == layout.size
    _, top, _, bottom = layout.plot
    for index in {0, len(figure.scores) // 2, len(figure.scores) - 1}:
        x = round(layout.x(index))
        # The line's top edge in this column, scanning down from the plot's top.
        line = next(
            y for y in range(top - 12, bottom + 1) if close(pixel(image, x, y), style.DONE, 40)
        )
        expected = layout.y(figure.scores[index])
        assert line == pytest.approx(expected, abs=9)  # the line's and the dot's half width


def test_a_dip_after_misses_shows_in_the_line() -> None:
    figure = strength_figure(kept("d" * 20 + "...." + "d" * 3))
    assert figure is not None
    image = open_png(render_strength(figure, WORDS))
    layout = strength_layout(figure)
    peak, dip = layout.y(figure.scores[19]), layout.y(figure.scores[23])
    assert dip > peak + 10  # lower on the picture
    assert lightness(pixel(image, layout.x(23), dip + 30)) > 180  # under the line: pale area


def test_every_word_has_its_glyphs() -> None:
    for text in (WORDS.title, WORDS.subtitle, WORDS.value, *WORDS.guides, WORDS.first, WORDS.last):
        assert typesetting.missing_glyphs(text) == 0, text


def test_an_empty_figure_still_renders() -> None:
    open_png(render_strength(StrengthFigure(START, ()), WORDS))
