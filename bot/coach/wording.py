"""Variety in the messages the bot sends by itself (docs/product.md rule 15).

A scheduled message speaks to this person (their streak, their best run, the days kept this
week, their wins) and never repeats a sentence within a week. The variant of each line is a
pure function of (user, date): a restart or a second delivery attempt says the same thing,
consecutive days take consecutive templates, so with at least :data:`VARIANTS` templates per
line no template comes back within seven days. The texts themselves live in the views.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.coach.streaks.days import DayState

VARIANTS = 8
"""Templates per rotating line: more than seven, so a week never shows one twice."""

_USER_SPREAD = 5
"""Shifts each user's rotation, so that two users rarely read the same line on the same day."""


def variant(user_id: int, day: date, count: int = VARIANTS, *, salt: int = 0) -> int:
    """Which of ``count`` templates a daily line uses for this user on this day.

    Args:
        user_id: The user (their rotation starts at their own place).
        day: The user's local date.
        count: How many templates the line has.
        salt: Tells one line's rotation from another's in the same message.

    Returns:
        An index in ``range(count)``; the next day gets the next index (modulo ``count``).

    Raises:
        ValueError: If ``count`` is not positive.
    """
    if count < 1:
        raise ValueError(f"count must be positive, got {count}")
    return (day.toordinal() + user_id * _USER_SPREAD + salt) % count


def weekly_variant(user_id: int, day: date, count: int = VARIANTS, *, salt: int = 0) -> int:
    """Like :func:`variant` for a weekly message: consecutive weeks take consecutive templates."""
    if count < 1:
        raise ValueError(f"count must be positive, got {count}")
    return (day.toordinal() // 7 + user_id * _USER_SPREAD + salt) % count


class MomentumKind(StrEnum):
    """Which family of momentum lines fits the user's situation this morning."""

    STREAK = "streak"  # a run of two days or more is going
    NEW_RUN = "new_run"  # a run of one day is going: nothing was missed since it
    RESTART = "restart"  # wins before, but no run right now (a miss, or a fresh restart)
    FIRST = "first"  # nothing kept yet


STREAK_FROM = 2
"""A run this long gets the streak family of momentum lines."""


@dataclass(frozen=True, slots=True)
class Figures:
    """What the user actually did, for lines that speak to them.

    Attributes:
        streak: The current run of kept days.
        best: The longest run ever.
        votes: Days the action was done, in any size.
        kept_week: Days kept among the last seven before today (since the start).
        days_week: Days of the plan among those seven.
        strength: The smoothed habit strength, in percent.
        plan_week: The week of the plan, 1-based.
        weekday: The weekday (0 is Monday) kept most often in the days known; ``None`` when
            none was ever missed (no weekday stands out) or none was kept.
        weekday_kept: How many of those weekdays were kept.
        weekday_days: How many of those weekdays there were.
    """

    streak: int
    best: int
    votes: int
    kept_week: int
    days_week: int
    strength: int
    plan_week: int
    weekday: int | None = None
    weekday_kept: int = 0
    weekday_days: int = 0


_KEPT = frozenset({DayState.DONE, DayState.PARTIAL, DayState.MVA, DayState.SKIP})
_COUNTED = _KEPT | {DayState.MISSED}


def figures(
    states: Mapping[date, DayState],
    today: date,
    *,
    streak: int,
    best: int,
    votes: int,
    strength: float,
    plan_week: int,
) -> Figures:
    """The user's figures for one goal on one day, from its judged days.

    Args:
        states: The goal's judged days (today's included or not: only earlier days count).
        today: The user's local date.
        streak: The current streak.
        best: The best streak.
        votes: The identity votes (days done in any size).
        strength: The habit strength, 0..1.
        plan_week: The week of the plan, 1-based.

    Returns:
        The figures.
    """
    week = [today - timedelta(days=n) for n in range(1, 8)]
    planned = [day for day in week if states.get(day) in _COUNTED]
    kept = [day for day in planned if states.get(day) in _KEPT]
    by_weekday: dict[int, list[int]] = {}
    for day, state in states.items():
        if day < today and state in _COUNTED:
            tally = by_weekday.setdefault(day.weekday(), [0, 0])
            tally[0] += state in _KEPT
            tally[1] += 1
    weekday, weekday_kept, weekday_days = None, 0, 0

    def standing(wd: int) -> tuple[float, int]:
        kept_on, days_on = by_weekday[wd]
        return kept_on / days_on, kept_on

    # A strongest weekday only means something when some weekday had a miss, and when no
    # other weekday did as well ("Mondays are your strongest" beside five other perfect days).
    if any(kept < days for kept, days in by_weekday.values()):
        top = max(by_weekday, key=lambda wd: (standing(wd), -wd))
        if sum(standing(wd) == standing(top) for wd in by_weekday) == 1:
            weekday = top
            weekday_kept, weekday_days = by_weekday[top]
    return Figures(
        streak=streak,
        best=best,
        votes=votes,
        kept_week=len(kept),
        days_week=len(planned),
        strength=round(strength * 100),
        plan_week=plan_week,
        weekday=weekday if weekday_kept else None,
        weekday_kept=weekday_kept,
        weekday_days=weekday_days,
    )


@dataclass(frozen=True, slots=True)
class Momentum:
    """The morning's momentum line: which family, which template, and the figures to fill in."""

    kind: MomentumKind
    index: int
    figures: Figures


def momentum(user_id: int, today: date, found: Figures, count: int = VARIANTS) -> Momentum:
    """The momentum line that fits this user this morning (rule 11's weeks, rule 15's variety).

    The family follows the situation (a run going, a restart, nothing kept yet); within a
    family the template rotates by day, so a week never shows one twice.

    Args:
        user_id: The user.
        today: The user's local date.
        found: The user's figures (:func:`figures`).
        count: Templates per family.

    Returns:
        The choice.
    """
    if found.streak >= STREAK_FROM:
        kind = MomentumKind.STREAK
    elif found.streak > 0:
        kind = MomentumKind.NEW_RUN  # a restart's lines would speak of a miss
    elif found.votes > 0:
        kind = MomentumKind.RESTART
    else:
        kind = MomentumKind.FIRST
    return Momentum(kind, variant(user_id, today, count, salt=3), found)
