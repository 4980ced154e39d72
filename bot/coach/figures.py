"""The numbers the pictures draw, taken from the figures the coach already computes.

Pictures (``bot.charts``) only draw; what they show is decided here, from
:mod:`bot.coach.progress` (the ladder, the pace, the day-by-day totals) and nothing else, so a
picture can never disagree with the text beside it.

Decisions:

* **The pace chart's plan line** runs straight from nothing on the start date to the whole
  outcome at the end of its due date, the same span :func:`~bot.coach.progress.pace.on_track`
  judges the pace against. A goal without a numeric outcome (a yes/no habit, or an outcome in
  another unit than the daily action) is drawn as kept days against one a day, over the 12
  plan weeks (84 days) or to the day before its own due date.
* **Bars** are the ladder's levels as the services return them: this week (the user's week),
  this plan month and the 12 weeks, each an amount against its target when the level is
  measurable, else kept days against the period's days in the plan (for the 12 weeks, the
  days kept within them, so a goal in its 20th week reads "83 / 84 days", not "140 / 84").
* **The projected finish** is :attr:`~bot.coach.progress.pace.OnTrack.projected_finish`, shown only
  for the verdicts that have one (ahead, on track, behind), as the text does.
* **The 1% curve** (docs/product.md rule 7) is :func:`~bot.coach.progress.curve.compounding` day by
  day over the first year (or to the user's win count, if further), with the user's place on
  it from :func:`~bot.coach.progress.curve.curve_position`: the flat start is drawn as it is, which
  is the honest picture of why early weeks feel slow. It is shown at these streak milestones
  (:data:`CURVE_MILESTONES`): the first week, a month, the 66 days of a habit, and 100.
* **The weekly card** shows each goal's seven days of the user's week (the calendar's day
  states; days not yet come are blank, days before the plan faint), the week's amount against
  its target (else kept days against the week's days in the plan), the strength score now and
  its change since the week began, and the streak.
* **The strength line** is :func:`~bot.coach.streaks.summary.strength_series` from the start to
  today: the score at the end of each day (today's equals yesterday's until it is logged), so its
  last point is the score the text gives.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from bot.coach.models import Goal
from bot.coach.progress.amounts import LevelProgress
from bot.coach.progress.curve import YEAR_DAYS, CurvePosition, compounding, curve_position
from bot.coach.progress.ladder import LadderProgress
from bot.coach.progress.pace import DailyTotals, OnTrack, Pace
from bot.coach.progress.periods import MONTH_DAYS, WEEK_DAYS, plan_period
from bot.coach.streaks.days import DayState

PLAN_WEEKS = 12
PLAN_DAYS = PLAN_WEEKS * WEEK_DAYS
"""The 12-week cycle in days, for a goal whose outcome has no number."""

_PROJECTED = frozenset({Pace.AHEAD, Pace.ON_TRACK, Pace.BEHIND})

CURVE_MILESTONES = (7, 30, 66, 100)
"""Streak milestones that show the 1% curve with the celebration."""


@dataclass(frozen=True, slots=True)
class Bar:
    """One level's progress: ``done`` against ``target``, both in the same unit.

    Attributes:
        done: What the days add up to.
        target: The level's target (more than 0).
        unit: The amount's unit; ``None`` when the bar counts days.
    """

    done: float
    target: float
    unit: str | None

    @property
    def share(self) -> float:
        """``done / target`` between 0 and 1 (a beaten target fills the bar)."""
        return min(1.0, max(0.0, self.done / self.target)) if self.target > 0 else 0.0


@dataclass(frozen=True, slots=True)
class PaceFigure:
    """What the pace chart of ``/progress`` draws.

    Attributes:
        start: The goal's start date (the chart's left edge).
        end: The plan's last day: the plan line reaches ``target`` at the end of it.
        today: The user's local date (the "today" marker).
        target: The 12-week outcome's amount, or the days in the plan.
        unit: The outcome's unit; ``None`` when the chart counts kept days.
        totals: The running total at the end of each day from ``start`` to the last counted
            day (today once logged, else yesterday).
        projected_finish: When the outcome is reached at this pace, if there is a pace.
        week: This plan week.
        month: This plan month.
        cycle: The 12 weeks.
        week_number: The plan week (1 to 12, later ones after the cycle).
        month_number: The plan month.
    """

    start: date
    end: date
    today: date
    target: float
    unit: str | None
    totals: tuple[float, ...]
    projected_finish: date | None
    week: Bar
    month: Bar
    cycle: Bar
    week_number: int
    month_number: int

    @property
    def plan_days(self) -> int:
        """Days from the start to the end of the plan, both included."""
        return (self.end - self.start).days + 1

    @property
    def current(self) -> float:
        """The running total so far."""
        return self.totals[-1] if self.totals else 0.0

    def planned(self, day: date) -> float:
        """Where the plan line is at the end of ``day``."""
        elapsed = (day - self.start).days + 1
        return self.target * min(1.0, max(0.0, elapsed / self.plan_days))


def pace_figure(
    goal: Goal, ladder: LadderProgress, pace: OnTrack, totals: DailyTotals
) -> PaceFigure:
    """The pace chart of one started goal.

    Args:
        goal: The goal (for its start and due date).
        ladder: Its ladder on the user's local date, as the services return it.
        pace: Its pace on that date, as the services return it.
        totals: Its day-by-day totals on that date (:func:`~bot.coach.progress.pace.daily_totals`).

    Returns:
        The figure; an amount chart when the outcome is measurable, else kept days.
    """
    today = ladder.day
    outcome = ladder.outcome
    week = _bar(ladder.week, ladder.week_days.kept, ladder.week_plan_days)
    month = _bar(ladder.month, ladder.month_days.kept, MONTH_DAYS)
    if outcome is not None and totals.amounts is not None and pace.due is not None:
        return PaceFigure(
            start=totals.start,
            end=max(pace.due, totals.start),
            today=today,
            target=outcome.target.quantity,
            unit=outcome.target.unit,
            totals=totals.amounts,
            projected_finish=pace.projected_finish if pace.pace in _PROJECTED else None,
            week=week,
            month=month,
            cycle=_bar(outcome, ladder.all_days.kept, PLAN_DAYS),
            week_number=ladder.week_number,
            month_number=ladder.month_number,
        )
    end = _days_plan_end(goal, totals.start)
    days = (end - totals.start).days + 1
    # The 12-week bar counts the days kept within the plan's days: past its end, "84 / 84
    # days" at most, never "159 / 84" (the line above the bars goes on counting).
    in_plan = totals.kept[: min(days, len(totals.kept))]
    return PaceFigure(
        start=totals.start,
        end=end,
        today=today,
        target=float(days),
        unit=None,
        totals=tuple(float(kept) for kept in totals.kept),
        projected_finish=None,
        week=week,
        month=month,
        cycle=Bar(float(in_plan[-1] if in_plan else 0), float(days), None),
        week_number=ladder.week_number,
        month_number=ladder.month_number,
    )


@dataclass(frozen=True, slots=True)
class CurveFigure:
    """What the 1%-a-day curve draws.

    Attributes:
        position: Where the user is on it (their win count, the growth so far).
        growth: ``1.01 ** n`` for each day ``n`` from 0 to the end of the curve.
        first_doubling: The day the curve first reaches 2× (70).
    """

    position: CurvePosition
    growth: tuple[float, ...]
    first_doubling: int

    @property
    def horizon(self) -> int:
        """The last day drawn: a year, or the user's win count if that is further."""
        return len(self.growth) - 1


def curve_figure(days_kept: int) -> CurveFigure:
    """The 1% curve with the user on it.

    Args:
        days_kept: The user's win count (the identity votes).

    Returns:
        The figure, up to a year or to ``days_kept``, whichever is further.

    Raises:
        ValueError: If ``days_kept`` is negative.
    """
    position = curve_position(days_kept)
    horizon = max(YEAR_DAYS, days_kept)
    growth = tuple(compounding(day)[0] for day in range(horizon + 1))
    return CurveFigure(position, growth, curve_position(0).next_doubling_day)


def plan_month_starts(start: date, end: date) -> list[date]:
    """The first day of each plan month from ``start`` up to ``end`` (for the chart's axis)."""
    firsts = []
    day = start
    while day <= end:
        firsts.append(day)
        _, _, last = plan_period(start, day, MONTH_DAYS)
        day = last + timedelta(days=1)
    return firsts


def _bar(level: LevelProgress | None, kept: int, period_days: int) -> Bar:
    """A level's amount against its target, or kept days against the period's days."""
    if level is not None and level.target.quantity > 0:
        return Bar(level.done.quantity, level.target.quantity, level.target.unit)
    return Bar(float(kept), float(period_days), None)


def _days_plan_end(goal: Goal, start: date) -> date:
    """The last day of a yes/no goal's plan: the day before its due date, else 12 weeks."""
    due = goal.outcome_due
    if due is not None and due > start:
        return due - timedelta(days=1)
    return start + timedelta(days=PLAN_DAYS - 1)


@dataclass(frozen=True, slots=True)
class WeekGoalFigure:
    """One goal on the weekly card.

    Attributes:
        days: The state of each of the week's seven days, from its first (the calendar's state
            names: ``"done"``, ``"mva"``, ``"missed"``, ``"pending"``, ``"future"``, ...).
        bar: The week's amount against its target, or kept days against the week's plan days.
        strength: The strength score now, 0..1.
        strength_before: The score when the week began (at the end of the day before it);
            ``None`` when unknown.
        streak: The current streak.
    """

    days: tuple[str, ...]
    bar: Bar
    strength: float
    strength_before: float | None
    streak: int

    @property
    def strength_change(self) -> int | None:
        """The change in whole percentage points, as the two scores are shown."""
        if self.strength_before is None:
            return None
        return round(self.strength * 100) - round(self.strength_before * 100)


def week_goal_figure(
    states: Mapping[date, DayState],
    week_start: date,
    today: date,
    *,
    start: date | None,
    week: LevelProgress | None,
    kept: int,
    strength: float,
    strength_before: float | None,
    streak: int,
) -> WeekGoalFigure:
    """One goal's row of the weekly card.

    Args:
        states: The goal's judged days (at least this week's, up to today).
        week_start: The first day of the user's week.
        today: The user's local date.
        start: The goal's start date.
        week: The week's amount against its target, as the services return it.
        kept: Days kept this week.
        strength: The strength score now.
        strength_before: The score at the end of the day before the week.
        streak: The current streak.

    Returns:
        The figure.
    """
    first = week_start if start is None else max(week_start, start)
    plan_days = max(1, WEEK_DAYS - (first - week_start).days)  # fewer in the plan's first week
    days = []
    for offset in range(WEEK_DAYS):
        day = week_start + timedelta(days=offset)
        if day > today:
            days.append("future")
        elif start is not None and day < start:
            days.append("before_start")
        else:
            state = states.get(day)
            days.append(state.value if state is not None else "future")
    return WeekGoalFigure(
        days=tuple(days),
        bar=_bar(week, kept, plan_days),
        strength=strength,
        strength_before=strength_before,
        streak=streak,
    )


@dataclass(frozen=True, slots=True)
class StrengthFigure:
    """The strength score over time, for the small line behind "what is strength".

    Attributes:
        start: The first day drawn (the goal's start).
        scores: The score (0..1) at the end of each day from ``start`` to today.
    """

    start: date
    scores: tuple[float, ...]

    @property
    def today(self) -> date:
        """The last day drawn."""
        return self.start + timedelta(days=max(0, len(self.scores) - 1))

    @property
    def current(self) -> float:
        """The score now (the last one), 0 before any."""
        return self.scores[-1] if self.scores else 0.0


def strength_figure(series: Mapping[date, float]) -> StrengthFigure | None:
    """The line of :func:`~bot.coach.streaks.summary.strength_series` (one score per day, in order).

    Returns:
        The figure; ``None`` for an empty series (the plan has not started).
    """
    if not series:
        return None
    days = sorted(series)
    return StrengthFigure(days[0], tuple(series[day] for day in days))
