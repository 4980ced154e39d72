"""From a 12-week outcome with a number to monthly, weekly and daily targets, by arithmetic.

docs/product.md rule 1: "40,000 words in 12 weeks" becomes ≈13,300 a month, ≈3,300 a week and ≈480
a day, which the user then accepts or edits.

Decisions:

* **A month is four weeks.** The monthly milestone is ``weekly × 4`` (``total / 3`` for a
  12-week outcome), not ``weekly × 4.33``: the 12-week cycle is planned as three four-week
  blocks (the 30-day system of rule 11), and it gives the 13,300 of docs/product.md rule 1. For an
  outcome shorter than four weeks the monthly milestone is the whole outcome.
* **Every level is rounded on its own** from the exact value to a "nice" number for its
  magnitude (:func:`round_nice`), so that each proposal reads well. Nearest rounding is
  monotonic, so monthly ≥ weekly ≥ daily still holds afterwards. No level is rounded above
  the outcome itself (24 minutes in one week stays 24, not 25).
* **Countable units are whole and never 0.** Monthly and weekly targets are at least 1. When
  fewer than one item a day is needed (12 books in 12 weeks), there is no daily quantity:
  ``daily`` is ``None`` and ``daily_is_fractional`` tells the bot to propose a process action
  instead (a daily reading time or a number of pages).
* **Short durations read better in minutes.** A target in hours below two hours is given in
  minutes ("70 minutes", not "1.2 hours"); minutes from 10 to 100 go in fives.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from bot.coach.models import Measure
from bot.coach.quantities.reading import check_quantity
from bot.coach.quantities.units import is_countable, normalise_unit

WEEKS_PER_MONTH = 4
"""A coaching month: three of them make the 12-week cycle."""

DEFAULT_WEEKS = 12
MAX_WEEKS = 104
"""Longest outcome horizon accepted (two years); the product plans in 12-week cycles."""


@dataclass(frozen=True, slots=True)
class Breakdown:
    """Proposed targets for the levels below a measurable outcome.

    Attributes:
        outcome: The outcome the targets add up to, with its unit normalised.
        weeks: The outcome's horizon in weeks.
        days_per_week: On how many days a week the daily action is planned.
        monthly: Target for a (four-week) month.
        weekly: Target for a week.
        daily: Target for one day, or ``None`` when a countable unit needs less than one a day.
        daily_is_fractional: True when fewer than one countable item a day is needed: propose a
            process action (time or pages a day) instead of a daily count.
        weekly_is_fractional: True when fewer than one countable item a week is needed; the
            weekly target was raised to 1.
        exact_daily: The unrounded amount per planned day, in the outcome's unit.
    """

    outcome: Measure
    weeks: int
    days_per_week: int
    monthly: Measure
    weekly: Measure
    daily: Measure | None
    daily_is_fractional: bool
    weekly_is_fractional: bool
    exact_daily: float


def round_nice(value: float, *, countable: bool = False) -> float:
    """Round to a number that reads well for its magnitude, to the nearest step.

    Steps: 100 from 1,000 (three significant figures from 100,000), 10 from 100, 1 from 10,
    0.1 from 1 (1 for countable units), and one significant figure below 1. Countable units
    are whole numbers and at least 1. Examples: 13,333 → 13,300; 3,333 → 3,300; 476 → 480;
    0.42 → 0.4.

    Args:
        value: A positive, finite number.
        countable: Whether the unit counts whole items.

    Returns:
        The rounded value, never 0 for a positive input.

    Raises:
        ValueError: If ``value`` is not positive and finite.
    """
    return _nice(value, countable, ROUND_HALF_UP)


def round_nice_down(value: float, *, countable: bool = False) -> float:
    """Like :func:`round_nice` but never above ``value`` (except the minimum of 1 item).

    Used where a proposal must not grow, such as a smaller version of an action. It takes the
    same arguments as :func:`round_nice`, returns its kind of number and refuses what it does.
    """
    return _nice(value, countable, ROUND_FLOOR)


def break_down(
    outcome: Measure, *, weeks: int = DEFAULT_WEEKS, days_per_week: int = 7
) -> Breakdown:
    """Propose monthly, weekly and daily targets for a measurable outcome.

    Args:
        outcome: What the user wants to reach in ``weeks`` weeks, e.g. 40,000 words.
        weeks: The outcome's horizon (12 for the standard cycle).
        days_per_week: Planned active days per week (7 for a daily habit, 5 for weekdays).

    Returns:
        The proposed targets; see :class:`Breakdown`.

    Raises:
        ValueError: If the quantity is not a sensible positive number, ``weeks`` is not within
            1..MAX_WEEKS or ``days_per_week`` is not within 1..7.
    """
    problem = check_quantity(outcome.quantity)
    if problem is not None:
        raise ValueError(f"outcome quantity is unusable: {problem}")
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValueError(f"weeks must be within 1..{MAX_WEEKS}, got {weeks}")
    if not 1 <= days_per_week <= 7:
        raise ValueError(f"days_per_week must be within 1..7, got {days_per_week}")

    unit = normalise_unit(outcome.unit)
    countable = is_countable(unit)
    total = outcome.quantity
    exact_weekly = total / weeks
    exact_monthly = min(total, exact_weekly * WEEKS_PER_MONTH)
    exact_daily = exact_weekly / days_per_week

    # Rounding up must not make a level bigger than the outcome itself (24 minutes in a week).
    cap = max(1.0, math.floor(total)) if countable else total
    daily_is_fractional = countable and exact_daily < 1
    daily = None if daily_is_fractional else _level(exact_daily, unit, countable, cap)
    return Breakdown(
        outcome=Measure(float(total), unit),
        weeks=weeks,
        days_per_week=days_per_week,
        monthly=_level(exact_monthly, unit, countable, cap),
        weekly=_level(exact_weekly, unit, countable, cap),
        daily=daily,
        daily_is_fractional=daily_is_fractional,
        weekly_is_fractional=countable and exact_weekly < 1,
        exact_daily=exact_daily,
    )


def round_level(exact: float, unit: str) -> Measure:
    """A level's amount rounded the way :func:`break_down` rounds each level.

    Used when a level follows another one (a week from a day, a month from a week): the
    same nice numbers as planning, with short durations in minutes.

    Args:
        exact: The unrounded amount, positive and finite.
        unit: Its unit.

    Returns:
        The rounded level (in minutes for less than two hours).

    Raises:
        ValueError: If ``exact`` is not positive and finite.
    """
    unit = normalise_unit(unit)
    return _level(exact, unit, is_countable(unit), math.inf)


def _level(exact: float, unit: str, countable: bool, cap: float) -> Measure:
    if unit == "hours" and exact < 2:
        return Measure(min(_round_minutes(exact * 60), cap * 60), "minutes")
    if unit == "minutes":
        return Measure(min(_round_minutes(exact), cap), unit)
    return Measure(min(round_nice(exact, countable=countable), cap), unit)


def _round_minutes(minutes: float) -> float:
    """Whole minutes below 10, fives from 10 to 100 (24 → 25, 71 → 70), then as usual."""
    if 10 <= minutes < 100:
        return float(Decimal(repr(minutes / 5)).quantize(Decimal(1), ROUND_HALF_UP) * 5)
    return round_nice(minutes, countable=minutes < 10)


def _step_exponent(value: float, *, countable: bool) -> int:
    """The power of ten of the rounding step for ``value``."""
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"expected a positive finite number, got {value!r}")
    magnitude = math.floor(math.log10(value))
    if value >= 1000:
        return max(2, magnitude - 2)
    if value >= 100:
        return 1
    if value >= 10:
        return 0
    if value >= 1 or countable:
        return 0 if countable else -1
    return magnitude  # one significant figure below 1


def _nice(value: float, countable: bool, rounding: str) -> float:
    """``value`` to the step of its magnitude, with ``rounding``; a countable one at least 1."""
    rounded = _quantize(value, _step_exponent(value, countable=countable), rounding)
    return max(rounded, 1.0) if countable else rounded


def _quantize(value: float, exponent: int, rounding: str) -> float:
    # Decimal from repr() avoids binary artefacts such as 0.35 rounding down to 0.3.
    scaled = Decimal(repr(value)).scaleb(-exponent).quantize(Decimal(1), rounding=rounding)
    return float(scaled.scaleb(exponent))
