"""Reaching a level's target: the week's or the month's amount, celebrated once (rule 1, 4).

A win that makes the week's (or the month's) total reach its target is a moment worth a line of
its own. Which win it is follows from the ladder before and after it (:func:`targets_reached`);
the service remembers that the period's target was celebrated, so an undo and a second log, or
the wins after it, never repeat it. The periods are the ladder's (:class:`LadderProgress`):
whatever "this week" and "this month" mean there is what is celebrated here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.coach.progress.amounts import LevelProgress
from bot.coach.progress.ladder import LadderProgress
from bot.coach.progress.periods import MIN_WEEK_DAYS


class Period(StrEnum):
    """The level whose target was reached."""

    WEEK = "week"
    MONTH = "month"
    OUTCOME = "outcome"  # the 12-week outcome itself


@dataclass(frozen=True, slots=True)
class TargetReached:
    """One level's target reached by a win.

    Attributes:
        period: The week or the month.
        start: The period's first day (with ``period``, what is remembered).
        end: Its last day.
        progress: The amount done against the target, after the win.
        days_left: Days of the period after today (0 on its last day).
    """

    period: Period
    start: date
    end: date
    progress: LevelProgress
    days_left: int


def targets_reached(
    before: LadderProgress | None,
    after: LadderProgress,
    outcome_span: tuple[date, date] | None = None,
) -> tuple[TargetReached, ...]:
    """The levels whose target this win reached (week first, then month, then the outcome).

    Args:
        before: The ladder on the same day without the win (``None``: nothing logged before).
        after: The ladder with it.
        outcome_span: The plan's first day and the 12-week outcome's date, when it has one:
            the outcome reached is a level too.

    Returns:
        Each level at or over its target after the win that was under it before; empty when
        none (a level without a measurable target is never reached).
    """
    reached = []
    for period, now, was, start, end in (
        (
            Period.WEEK,
            after.week,
            before.week if before is not None and before.week_start == after.week_start else None,
            after.week_start,
            after.week_end,
        ),
        (
            Period.MONTH,
            after.month,
            before.month
            if before is not None and before.month_start == after.month_start
            else None,
            after.month_start,
            after.month_end,
        ),
    ):
        if now is None or now.fraction < 1 or (was is not None and was.fraction >= 1):
            continue
        if period is Period.WEEK and after.week_plan_days < MIN_WEEK_DAYS:
            continue  # a plan's first days are no week yet (one day's 480 of 470 is no feat)
        reached.append(TargetReached(period, start, end, now, (end - after.day).days))
    if outcome_span is not None:
        now, was = after.outcome, before.outcome if before is not None else None
        if now is not None and now.fraction >= 1 and (was is None or was.fraction < 1):
            first, due = outcome_span
            reached.append(
                TargetReached(Period.OUTCOME, first, due, now, max(0, (due - after.day).days))
            )
    return tuple(reached)


def any_target_met(ladder: LadderProgress) -> bool:
    """Whether the week's, the month's or the outcome's target is met (only then is a crossing
    possible)."""
    return any(
        level is not None and level.fraction >= 1
        for level in (ladder.week, ladder.month, ladder.outcome)
    )
