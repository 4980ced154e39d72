"""The periods progress is counted in, and the days judged in them.

Decisions (all deliberate, all tested):

* **"This week" is the user's week, months are plan months.** The services pass the user's
  review day, and "this week" is the seven days ending on it (:func:`review_week`: Monday to
  Sunday with the default Sunday review), as a person means it and as the weekly review
  counts it. Months are *plan months*, four weeks counted from the goal's start date, and are
  called so wherever they are shown ("plan month 2"): the monthly milestone is a third of the
  12-week outcome (:mod:`bot.coach.breakdown`), which three calendar months of 28 to 31 days
  would not add up to. The week number ("week 3 of 12") counts plan weeks from the start.
  Without a review day (pure tests), this week is the plan week. Only the skip allowance uses
  ISO weeks (:mod:`bot.coach.streaks`).
* **Today counts once logged**: "days elapsed" runs to yesterday, plus today when it has an
  entry, so the morning's /progress is not a day short.
* **The hit rate** is kept days over elapsed days, with paused days left out of both (a holiday
  neither helps nor hurts) and allowed skips counted as kept (planned rest).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from bot.coach.breakdown import WEEKS_PER_MONTH
from bot.coach.models import Goal
from bot.coach.streaks.days import DayState

WEEK_DAYS = 7
MONTH_DAYS = WEEKS_PER_MONTH * WEEK_DAYS
"""A plan month: four plan weeks (28 days)."""

MIN_WEEK_DAYS = 4
"""A week with fewer days in the plan than this (a plan's first days) is no week to judge."""


@dataclass(frozen=True, slots=True)
class DayTally:
    """Judged days in a period, up to today (today only once logged).

    Attributes:
        wins: Done, partial and MVA days.
        skips: Allowed skips (planned rest days).
        paused: Paused days (holiday mode).
        missed: Missed days (including skips over the allowance).
    """

    wins: int = 0
    skips: int = 0
    paused: int = 0
    missed: int = 0

    @property
    def kept(self) -> int:
        """Days kept: wins, allowed skips and paused days."""
        return self.wins + self.skips + self.paused

    @property
    def elapsed(self) -> int:
        """Days judged so far in the period."""
        return self.wins + self.skips + self.paused + self.missed

    @property
    def hit_rate(self) -> float | None:
        """Kept over elapsed days, paused days left out of both; ``None`` before any day."""
        planned = self.wins + self.skips + self.missed
        return None if planned == 0 else (self.wins + self.skips) / planned

    @classmethod
    def count(cls, states: Mapping[date, DayState], first: date, last: date) -> DayTally:
        """The judged days from ``first`` to ``last`` (a pending or future day counts for none).

        Args:
            states: Judged days.
            first: The period's first day.
            last: Its last day (today, for a period under way).
        """
        wins = skips = paused = missed = 0
        for day, state in states.items():
            if not first <= day <= last:
                continue
            if state in (DayState.DONE, DayState.PARTIAL, DayState.MVA):
                wins += 1
            elif state is DayState.SKIP:
                skips += 1
            elif state is DayState.PAUSED:
                paused += 1
            elif state is DayState.MISSED:
                missed += 1
        return cls(wins=wins, skips=skips, paused=paused, missed=missed)


def plan_period(start: date, day: date, length_days: int) -> tuple[int, date, date]:
    """The plan period (week or month) that contains ``day``, counted from ``start``.

    Args:
        start: The goal's start date (first day of period 1).
        day: Any date; dates before ``start`` fall in period 1.
        length_days: The period's length (:data:`WEEK_DAYS` or :data:`MONTH_DAYS`).

    Returns:
        The 1-based period number and its first and last day.
    """
    index = max(0, (day - start).days) // length_days
    first = start + timedelta(days=index * length_days)
    return index + 1, first, first + timedelta(days=length_days - 1)


def review_week(day: date, review_weekday: int) -> tuple[date, date]:
    """The user's week holding ``day``: the seven days that end on their review day.

    "This week" means what the person means: with the review on Sundays, Monday to Sunday.

    Args:
        day: Any date.
        review_weekday: The review day, as ``date.weekday()`` (0 is Monday).

    Returns:
        The week's first and last day.

    Raises:
        ValueError: If ``review_weekday`` is not 0..6.
    """
    if not 0 <= review_weekday <= 6:
        raise ValueError(f"review_weekday must be 0..6, got {review_weekday}")
    last = day + timedelta(days=(review_weekday - day.weekday()) % WEEK_DAYS)
    return last - timedelta(days=WEEK_DAYS - 1), last


def start_of(goal: Goal) -> date:
    """The goal's start date.

    Raises:
        ValueError: If the goal has no start date.
    """
    if goal.start_date is None:
        raise ValueError(f"goal {goal.goal_id} has no start date")
    return goal.start_date


def counted(states: dict[date, DayState], today: date) -> dict[date, DayState]:
    """Drop a pending today: today counts only once logged."""
    if states.get(today) is DayState.PENDING:
        del states[today]
    return states


def tally_from(states: Mapping[date, DayState], first: date) -> DayTally:
    """The counted days from ``first`` on (:func:`counted` has dropped a pending today)."""
    wins = skips = paused = missed = 0
    for day, state in states.items():
        if day < first:
            continue
        if state is DayState.SKIP:
            skips += 1
        elif state is DayState.PAUSED:
            paused += 1
        elif state is DayState.MISSED:
            missed += 1
        else:
            wins += 1  # DONE, PARTIAL, MVA (PENDING was dropped by counted)
    return DayTally(wins=wins, skips=skips, paused=paused, missed=missed)


def month_judged_from(start: date, month_start: date) -> date:
    """The ISO Monday on or before ``month_start``, never before the goal's start."""
    return max(start, month_start - timedelta(days=month_start.weekday()))
