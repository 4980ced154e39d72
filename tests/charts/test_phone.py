"""Every picture read on a phone: shown 360 px wide, no word is smaller than 11 px.

Telegram shows a photo about as wide as the phone's screen, 360 points on most phones, so a
picture drawn 720 to 900 px wide is shrunk 2 to 2.5 times. Each renderer draws English words
through :meth:`Canvas.text`; the sizes it asks for, scaled to 360 px, are what a person reads.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from bot.charts import drawing
from bot.charts.calendar import CalendarCaption, render_month, render_year
from bot.charts.curve import render_curve
from bot.charts.pace import render_pace
from bot.charts.strength import render_strength
from bot.charts.week import WeekCardFigure, render_week
from bot.coach.figures import curve_figure, strength_figure
from tests.charts.test_calendar import a_realistic_year
from tests.charts.test_curve import words_for as curve_words_for
from tests.charts.test_pace import figure_and_words
from tests.charts.test_strength import WORDS as STRENGTH_WORDS
from tests.charts.test_strength import kept
from tests.charts.test_week import MONDAY, goal
from tests.charts.test_week import words_for as week_words_for
from tests.coach.test_progress import START, novel

PHONE_WIDTH = 360
SMALLEST_ON_A_PHONE = 11.0
"""The smallest text, in pixels at 360 px wide, that stays readable at arm's length."""

TODAY = date(2027, 3, 17)
CAPTION = CalendarCaption("Write a novel", "Streak 12 · best 21 · strength 64%")


def _month() -> bytes:
    return render_month(a_realistic_year(TODAY), TODAY, TODAY, CAPTION)


def _year() -> bytes:
    return render_year(a_realistic_year(TODAY), TODAY, CAPTION)


def _pace() -> bytes:
    # A lapse: the projected finish lies past the axis, every part of the chart is drawn.
    amounts = (480,) * 17 + (None,) * 13
    return render_pace(*figure_and_words(novel(), amounts, today=START + timedelta(days=30)))


def _curve() -> bytes:
    return render_curve(curve_figure(120), curve_words_for(120))


def _strength() -> bytes:
    figure = strength_figure(kept("ddddd.dddd..ddddddd"))
    assert figure is not None
    return render_strength(figure, STRENGTH_WORDS)


def _week() -> bytes:
    days = ("done", "mva", "skip", "missed", "pending", "future", "future")
    figure = WeekCardFigure(MONDAY, MONDAY + timedelta(days=4), (goal(days), goal(days)))
    return render_week(figure, week_words_for(2))


PICTURES: dict[str, Callable[[], bytes]] = {
    "month": _month,
    "year": _year,
    "pace": _pace,
    "curve": _curve,
    "strength": _strength,
    "week": _week,
}


@pytest.fixture
def text_sizes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, float]]:
    """Each (text, size at 360 px wide) the pictures draw while the fixture is in use."""
    drawn: list[tuple[str, float]] = []
    original = drawing.Canvas.text

    def recording(
        self: drawing.Canvas,
        xy: tuple[float, float],
        text: str,
        size: int,
        *args: object,
        **kwargs: object,
    ) -> None:
        drawn.append((text, size * PHONE_WIDTH / self.width))
        original(self, xy, text, size, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(drawing.Canvas, "text", recording)
    return drawn


@pytest.mark.parametrize("picture", list(PICTURES))
def test_no_word_is_smaller_than_11_px_on_a_phone(
    picture: str, text_sizes: list[tuple[str, float]]
) -> None:
    PICTURES[picture]()

    assert text_sizes, "the picture drew no words"
    small = [(text, round(size, 1)) for text, size in text_sizes if size < SMALLEST_ON_A_PHONE]
    assert small == []
