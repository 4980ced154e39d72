"""The levels in force on a day, and how a change to one level carries to the others.

docs/product.md rules 1 and 14: the monthly milestone, the weekly micro-goal and the daily action
always add up. Whatever changes one of them (the weekly review's proposal, a comeback step, the
week-4 scale-up, an edit through /plan), that level is the *source* and the others follow with
the arithmetic of planning (:mod:`bot.coach.breakdown`). ``today`` is always a parameter.

Decisions (all deliberate, all tested):

* **The arithmetic.** A week is seven planned days and a (plan) month four weeks, as in
  :func:`bot.coach.breakdown.break_down`, and every level that follows is rounded to a nice
  number on its own (:func:`bot.coach.breakdown.round_level`). From a week: the day is the week
  over seven (``break_down(week, weeks=1).daily``) and the month four weeks. From a day: the
  week is seven days and the month four such weeks. From a month: the week is a quarter of it
  and the day the week over seven.
* **Only what measures the same thing follows.** A level follows when its old measure converts
  to the source's unit (words and words, minutes and hours). "3 runs a week" does not follow
  "run 5 km", and a level without a number stays as it is. A level that follows keeps its own
  unit ("4 hours" a week stays in hours) and its wording ("write 480 words" → "write 510
  words").
* **The levels in force on a day** are those of the latest target level on or before it (the
  append-only history in ``target_levels``); before the first one, the plan's own. A comeback
  step stored before the levels were kept with it (no week, no month) has them worked out from
  its daily size.
* **A period's target** (a week, a plan month) is the sum of its days' shares: a seventh of the
  week in force that day, a 28th of the month. Days before the plan's start and paused days
  have no share, so the first, short week of a plan asks for a short week's amount, and a step
  of the comeback ramp shrinks the week and the month with it. A period with one level
  throughout and no day left out has exactly that level as its target; otherwise the sum is
  rounded to a nice number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from bot.coach.breakdown import WEEKS_PER_MONTH, break_down, round_level
from bot.coach.lexicon import Languages
from bot.coach.models import Goal, LevelKind, Measure, TargetLevel
from bot.coach.quantities.conversion import convert
from bot.coach.quantities.reading import MeasureProblem, check_quantity, find_measure
from bot.coach.quantities.writing import format_measure, replace_measure

WEEK_DAYS = 7
MONTH_DAYS = WEEKS_PER_MONTH * WEEK_DAYS


class Source(StrEnum):
    """The level a change starts from; the others follow it."""

    MONTHLY = "monthly"
    WEEKLY = "weekly"
    DAILY = "daily"


@dataclass(frozen=True, slots=True)
class Sizes:
    """The amounts of the three levels below the 12-week outcome.

    Attributes:
        monthly: The (plan) month's milestone, when it has a number.
        weekly: The week's micro-goal, when it has a number.
        daily: The daily action, when it has a number.
    """

    monthly: Measure | None = None
    weekly: Measure | None = None
    daily: Measure | None = None

    @classmethod
    def of_plan(cls, goal: Goal) -> Sizes:
        """The sizes the goal's plan holds now."""
        return cls(goal.monthly_measure, goal.weekly_measure, goal.daily_measure)


@dataclass(frozen=True, slots=True)
class InForce:
    """The levels in force on one day.

    Attributes:
        text: The daily action's wording that day.
        sizes: The month, week and day in force.
        level: The target level they come from; ``None`` while the plan's own apply.
    """

    text: str
    sizes: Sizes
    level: TargetLevel | None = None


def weekly_from_monthly(monthly: Measure) -> Measure:
    """A quarter of a four-week month, rounded as planning rounds it (13,300 → 3,300)."""
    return break_down(monthly, weeks=WEEKS_PER_MONTH).weekly


def daily_from_weekly(weekly: Measure) -> Measure | None:
    """A seventh of a week (3,600 → 510); ``None`` below one countable item a day."""
    return break_down(weekly, weeks=1).daily


def weekly_from_daily(daily: Measure, unit: str | None = None) -> Measure:
    """Seven days of a daily action (50 → 350), in ``unit`` when given and convertible."""
    return _times(daily, WEEK_DAYS, unit)


def monthly_from_weekly(weekly: Measure, unit: str | None = None) -> Measure:
    """Four weeks (3,600 → 14,400), in ``unit`` when given and convertible."""
    return _times(weekly, WEEKS_PER_MONTH, unit)


def follow(sizes: Sizes, source: Source, measure: Measure) -> Sizes:
    """The sizes after one level changed: that level is ``measure``, the others follow it.

    Args:
        sizes: The sizes before the change.
        source: The level that changed.
        measure: Its new amount.

    Returns:
        The new sizes; a level that measures something else (or nothing) is kept as it was.

    Raises:
        ValueError: If ``measure``'s quantity is unusable.
    """
    problem = check_quantity(measure.quantity)
    if problem is not None:
        raise ValueError(f"unusable quantity {measure.quantity!r}: {problem}")
    if source is Source.DAILY:
        weekly = sizes.weekly
        if weekly is not None and _converts(measure, weekly.unit):
            weekly = weekly_from_daily(measure, weekly.unit)
        monthly = _month_after(sizes.monthly, weekly, changed=weekly != sizes.weekly)
        return Sizes(monthly, weekly, measure)
    if source is Source.WEEKLY:
        daily = sizes.daily
        if daily is not None and _converts(measure, daily.unit):
            daily = _in_unit(daily_from_weekly(measure), daily.unit) or daily
        return Sizes(_month_after(sizes.monthly, measure, changed=True), measure, daily)
    weekly = sizes.weekly
    if weekly is not None and _converts(measure, weekly.unit):
        weekly = _in_unit(weekly_from_monthly(measure), weekly.unit) or weekly
    daily = sizes.daily
    moved = weekly is not None and weekly != sizes.weekly
    if moved and weekly is not None and daily is not None and _converts(weekly, daily.unit):
        daily = _in_unit(daily_from_weekly(weekly), daily.unit) or daily
    return Sizes(measure, weekly, daily)


def in_force(goal: Goal, levels: Sequence[TargetLevel], day: date) -> InForce:
    """The levels in force on a day: the latest target level on or before it, else the plan.

    Args:
        goal: The goal, its plan as it stands.
        levels: Its target levels, by ``effective_from`` and then in the order added.
        day: The local date.

    Returns:
        The daily wording and the three sizes in force that day.
    """
    current = None
    for level in levels:
        if level.effective_from <= day:
            current = level
    if current is None:
        return InForce(goal.daily or "", Sizes.of_plan(goal))
    return InForce(current.text, sizes_of(goal, current), current)


def sizes_of(goal: Goal, level: TargetLevel) -> Sizes:
    """The sizes a target level puts in force.

    A comeback step stored without its week and month (before they were kept) has them
    worked out from its daily size and the plan.
    """
    legacy = level.weekly is None and level.monthly is None
    if legacy and level.kind in (LevelKind.MVA, LevelKind.RAMP):
        plan = Sizes.of_plan(goal)
        if level.target is None:
            return Sizes(None, None, None)
        return follow(plan, Source.DAILY, level.target)
    return Sizes(level.monthly, level.weekly, level.target)


def period_target(
    days: Iterable[date],
    sizes_on: Callable[[date], Sizes],
    source: Source,
    unit: str,
    *,
    full_length: int,
) -> Measure | None:
    """A week's or a month's target: the sum of its days' shares of the level in force.

    Args:
        days: The period's days that have a share (within the plan, not paused).
        sizes_on: The sizes in force on a day.
        source: WEEKLY (a share is a seventh of the week) or MONTHLY (a 28th of the month).
        unit: The unit to add up in (the level in force today).
        full_length: The period's length in days (7 or 28).

    Returns:
        The target; ``None`` when a day's level has no number in a unit that adds up, or no
        day has a share.

    Raises:
        ValueError: If ``source`` is DAILY.
    """
    if source is Source.DAILY:
        raise ValueError("a period's target adds up weekly or monthly levels")
    per = WEEK_DAYS if source is Source.WEEKLY else MONTH_DAYS
    measures = []
    for day in days:
        sizes = sizes_on(day)
        measures.append(sizes.weekly if source is Source.WEEKLY else sizes.monthly)
    if not measures:
        return None
    shares = []
    for measure in measures:
        amount = None if measure is None else convert(measure, unit)
        if amount is None:
            return None
        shares.append(amount / per)
    first = measures[0]
    if len(measures) == full_length and all(m == first for m in measures) and first is not None:
        return first
    total = sum(shares)
    return round_level(total, unit) if total > 0 else None


def reworded(text: str | None, measure: Measure, language: Languages = None) -> str:
    """A level's wording with a new amount ("write 480 words" → "write 510 words").

    Args:
        text: The old wording, if any.
        measure: The new amount.
        language: The user's language: the amount is written as the old one was ("написать
            480 слов" → "написать 510 слов"), and in this language when there was none.

    Returns:
        The old wording with the amount replaced, or the amount alone when the wording has
        none.
    """
    found = find_measure(text or "")
    if text is None or isinstance(found, MeasureProblem):
        return format_measure(measure, language=language)
    return replace_measure(text, found, measure, language)


def with_sizes(goal: Goal, sizes: Sizes, language: Languages = None) -> Goal:
    """The goal with its plan's month, week and day set to ``sizes`` (and reworded, see
    :func:`reworded`)."""
    changed = goal
    if sizes.monthly != goal.monthly_measure and sizes.monthly is not None:
        changed = replace(
            changed,
            monthly=reworded(goal.monthly, sizes.monthly, language),
            monthly_measure=sizes.monthly,
        )
    if sizes.weekly != goal.weekly_measure and sizes.weekly is not None:
        changed = replace(
            changed,
            weekly=reworded(goal.weekly, sizes.weekly, language),
            weekly_measure=sizes.weekly,
        )
    if sizes.daily != goal.daily_measure and sizes.daily is not None:
        changed = replace(
            changed, daily=reworded(goal.daily, sizes.daily, language), daily_measure=sizes.daily
        )
    return changed


# --- Helpers -------------------------------------------------------------------------------------


def _converts(measure: Measure, unit: str) -> bool:
    return convert(measure, unit) is not None


def _in_unit(measure: Measure | None, unit: str) -> Measure | None:
    """``measure`` in ``unit`` (rounded as a level), or ``None`` when it has none."""
    if measure is None:
        return None
    amount = convert(measure, unit)
    if amount is None or amount <= 0:
        return None
    return round_level(amount, unit)


def _times(measure: Measure, factor: int, unit: str | None) -> Measure:
    into = unit if unit is not None and _converts(measure, unit) else measure.unit
    amount = convert(measure, into)
    assert amount is not None  # into is measure's own unit or one it converts to
    return round_level(amount * factor, into)


def _month_after(
    monthly: Measure | None, weekly: Measure | None, *, changed: bool
) -> Measure | None:
    """The month once the week changed: four such weeks, when it measures the same thing."""
    if not changed or monthly is None or weekly is None or not _converts(weekly, monthly.unit):
        return monthly
    return monthly_from_weekly(weekly, monthly.unit)
