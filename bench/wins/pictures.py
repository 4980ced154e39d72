"""The ``wins`` pictures: the calendar and the other charts, read from the main database, timed."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from bench.bots import pinned_clock
from bench.timing import Summary, time_each
from bench.wins.databases import open_repository
from bot.charts.calendar import CalendarCaption, render_month, render_year
from bot.charts.curve import render_curve
from bot.charts.pace import render_pace
from bot.charts.strength import render_strength
from bot.charts.week import render_week
from bot.coach.figures import curve_figure, pace_figure, strength_figure
from bot.coach.models import Goal, User
from bot.services.container import Services
from bot.services.weekly_review import WeeklyReview
from bot.views import streak as streak_views
from bot.views import week_card
from bot.views.i18n import ENGLISH_TRANSLATOR

Render = Callable[[], bytes]
"""One renderer called on one user's inputs, read beforehand (so only the drawing is timed)."""


@dataclass(frozen=True)
class Picture:
    """What ``/streak`` would draw for one user (day states, today and the caption), and the
    other pictures of that user, ready to draw."""

    states: dict[str, str]  # ISO date -> state, as the handler passes them (JSON-friendly)
    today: str
    title: str
    subtitle: str
    charts: tuple[tuple[str, Render], ...] = field(default=(), compare=False)
    """(renderer name, the call) of the pictures other than the calendar's."""

    def calendar_inputs(self) -> dict[str, object]:
        """The calendar's inputs as JSON, for ``bench.scenarios.render_cold``."""
        return {k: v for k, v in asdict(self).items() if k != "charts"}


async def read_pictures(database_url: str, user_ids: Sequence[int]) -> list[Picture]:
    """Inputs read the way the handlers read them (``/streak``: ``HabitService.goal_day``;
    ``/progress``: ``progress`` and ``daily_totals``; ``/week``: ``review_now``)."""
    repository = await open_repository(database_url)
    try:
        services = Services.build(repository, pinned_clock())
        habits = services.habits
        pictures = []
        for user_id in user_ids:
            user = await repository.get_user(user_id)
            assert user is not None
            goal = (await habits.active_goals(user))[0]
            view = await habits.goal_day(user, goal)
            pictures.append(
                Picture(
                    states={day.isoformat(): state.value for day, state in view.states.items()},
                    today=view.day.isoformat(),
                    title=streak_views.caption_title(goal),
                    subtitle=streak_views.caption_subtitle(ENGLISH_TRANSLATOR, view),
                    charts=await _other_charts(services, user, goal),
                )
            )
        return pictures
    finally:
        await repository.close()


async def _other_charts(
    services: Services, user: User, goal: Goal
) -> tuple[tuple[str, Render], ...]:
    """The pictures besides the calendar, with their inputs read as the handlers read them."""
    habits = services.habits
    charts: list[tuple[str, Render]] = []
    view, ladder, pace = await habits.progress(user, goal)
    totals = await habits.daily_totals(user, view.goal)
    if ladder is not None and pace is not None and totals is not None:
        figure = pace_figure(view.goal, ladder, pace, totals)
        words = streak_views.pace_words(ENGLISH_TRANSLATOR, view, ladder, pace, figure)
        charts.append(("render_pace", functools.partial(render_pace, figure, words)))
    curve = curve_figure(view.summary.votes)
    curve_words = streak_views.curve_words(ENGLISH_TRANSLATOR, view, curve)
    charts.append(("render_curve", functools.partial(render_curve, curve, curve_words)))
    strength = strength_figure(await habits.strength_series(user, view.goal))
    if strength is not None:
        strength_words = streak_views.strength_words(ENGLISH_TRANSLATOR, view, strength)
        charts.append(
            ("render_strength", functools.partial(render_strength, strength, strength_words))
        )
    review = await services.deliveries.review_now(user)
    if isinstance(review, WeeklyReview):
        card, card_words = week_card.card(ENGLISH_TRANSLATOR, review)
        charts.append(("render_week", functools.partial(render_week, card, card_words)))
    return tuple(charts)


@dataclass(frozen=True)
class Rendered:
    """Warm timings and PNG sizes of one renderer."""

    timing: Summary
    sizes: list[int]


def time_warm_renders(pictures: list[Picture]) -> dict[str, Rendered]:
    """Each renderer on every user's inputs, timed warm; calendar first, in table order."""
    inputs = [
        (
            {date.fromisoformat(day): state for day, state in picture.states.items()},
            date.fromisoformat(picture.today),
            CalendarCaption(picture.title, picture.subtitle),
        )
        for picture in pictures
    ]
    calls: dict[str, list[Render]] = {"render_month": [], "render_year": []}
    for (states, today, caption), picture in zip(inputs, pictures, strict=True):
        calls["render_month"].append(
            functools.partial(render_month, states, today.replace(day=1), today, caption)
        )
        calls["render_year"].append(functools.partial(render_year, states, today, caption))
        for name, render in picture.charts:
            calls.setdefault(name, []).append(render)
    rendered = {}
    for name, renders in calls.items():
        sizes: list[int] = []

        def draw(render: Render, sizes: list[int] = sizes) -> None:
            sizes.append(len(render()))

        # One call first, untimed: fonts load on first use (the cold figures cover that).
        renders[0]()
        rendered[name] = Rendered(time_each(draw, renders), sizes)
    return rendered


def time_cold_renders(picture: Picture, folder: Path, runs: int) -> dict[str, list[float]]:
    """First calls in fresh interpreters (``bench.scenarios.render_cold``), ``runs`` times."""
    source = folder / "picture.json"
    source.write_text(json.dumps(picture.calendar_inputs()), encoding="utf-8")
    results: dict[str, list[float]] = {}
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-m", "bench.scenarios.render_cold", str(source)],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        measured = json.loads(done.stdout)
        if not isinstance(measured, dict):
            raise TypeError(f"unexpected output from render_cold: {done.stdout!r}")
        for step, seconds in measured.items():
            results.setdefault(str(step), []).append(float(seconds))
    return results


COLD_STEPS = (
    ("import", "import bot.charts.calendar (with Pillow)"),
    ("month_first", "first render_month: loads its fonts"),
    ("month_second", "second render_month"),
    ("year_first", "first render_year (after a month): its own font sizes"),
    ("year_second", "second render_year"),
)
