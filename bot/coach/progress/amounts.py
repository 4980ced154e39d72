"""What logged days add up to at a level of the ladder, and the checkpoint that keeps it.

Decisions (all deliberate, all tested):

* **Amounts.** A day's amount is its logged quantity, in the unit of that day's target. A DONE
  without a quantity means the day's target was met, so it adds that target (one-tap logging
  still moves the ladder). An MVA without a quantity adds nothing: its size is not in the log
  (services should store the MVA's quantity on the entry). Skipped, paused and missed days add
  nothing. Amounts are added to a level when the units match: the same unit, or both
  durations (converted with :func:`~bot.coach.quantities.units.to_minutes`).
* **A level shows quantity progress** only when it has a measure and the goal's daily measure
  matches its unit; otherwise only the day counts are shown.
* **Checkpoints.** The since-start figures (the tally and the outcome's amount) go on from a
  :class:`~bot.coach.models.StreakState` kept by :func:`advance_goal`, so that with one the
  progress reads only the recent log and gives exactly what the whole log gives.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from bot.coach.models import EntryStatus, Goal, Measure, StreakState
from bot.coach.progress.periods import DayTally, counted, start_of, tally_from
from bot.coach.quantities.units import normalise_unit, to_minutes
from bot.coach.streaks.days import (
    DEFAULT_SKIPS_PER_WEEK,
    DayState,
    day_states_from,
    first_unjudged,
)
from bot.coach.streaks.log import DayRecord
from bot.coach.streaks.summary import advance


@dataclass(frozen=True, slots=True)
class LevelProgress:
    """An amount done against a level's target, both in the level's unit.

    Attributes:
        done: What the logged days add up to.
        target: The level's target.
    """

    done: Measure
    target: Measure

    @property
    def fraction(self) -> float:
        """``done / target``, not capped: above 1 when the target is beaten."""
        return self.done.quantity / self.target.quantity if self.target.quantity > 0 else 0.0

    @property
    def percent(self) -> int:
        """Whole percent, rounded down so that 100% means the target is really met."""
        # The epsilon keeps 0.29 * 100 = 28.999… from showing as 28%.
        return max(0, math.floor(self.fraction * 100 + 1e-9))


def _convert(measure: Measure, unit: str) -> float | None:
    """``measure`` in ``unit``, or ``None`` when the units do not match."""
    if normalise_unit(measure.unit) == normalise_unit(unit):
        return measure.quantity
    minutes, per_unit = to_minutes(measure), to_minutes(Measure(1.0, unit))
    if minutes is None or per_unit is None:
        return None
    return minutes / per_unit


def day_amount(record: DayRecord) -> Measure | None:
    """What one day adds to the ladder, in the unit of that day's target.

    Args:
        record: A day's record.

    Returns:
        The logged quantity of a done, partial or MVA day; the day's target for a DONE without
        a quantity; ``None`` for other days or when there is no unit to read it in.
    """
    target = record.target
    if target is None or record.status not in {EntryStatus.DONE, EntryStatus.MVA}:
        return None
    if record.quantity is not None:
        return Measure(record.quantity, target.unit)
    return target if record.status is EntryStatus.DONE else None


def _measurable(level: Measure | None, daily: Measure | None) -> bool:
    return level is not None and daily is not None and _convert(daily, level.unit) is not None


def level_progress(
    level: Measure | None,
    daily: Measure | None,
    days: Mapping[date, DayRecord],
    states: Mapping[date, DayState],
    first: date,
    *,
    total: float = 0.0,
) -> LevelProgress | None:
    """The amount the win days from ``first`` on add up to against ``level``.

    Args:
        level: The level's target; ``None``: not measurable.
        daily: The goal's daily measure, whose unit the days are logged in.
        days: The folded log, holding every day of ``states``.
        states: The counted states (:func:`~bot.coach.progress.periods.counted`), in date order.
        first: The first day to add up.
        total: What the days before ``states`` add up to (a checkpoint's amount).

    Returns:
        The progress, or ``None`` when the level is not measurable in the daily unit.
    """
    if level is None or not _measurable(level, daily):
        return None
    for day, state in states.items():
        # Over-allowance skips are MISSED but hold no amount anyway; wins are what count.
        if day < first or state in {DayState.MISSED, DayState.SKIP, DayState.PAUSED}:
            continue
        amount = day_amount(days[day])
        converted = None if amount is None else _convert(amount, level.unit)
        if converted is not None:
            total += converted
    return LevelProgress(done=Measure(total, level.unit), target=level)


def outcome_amount(goal: Goal) -> Callable[[DayRecord], float | None] | None:
    """What a win day adds to the outcome, as :func:`level_progress` adds it.

    Returns:
        The amount of a day, or ``None`` when the outcome is not measurable.
    """
    outcome = goal.outcome_measure
    if outcome is None or not _measurable(outcome, goal.daily_measure):
        return None
    unit = outcome.unit

    def amount_of(record: DayRecord) -> float | None:
        amount = day_amount(record)
        return None if amount is None else _convert(amount, unit)

    return amount_of


def since_checkpoint(
    goal: Goal,
    days: Mapping[date, DayRecord],
    today: date,
    *,
    skips_per_week: int,
    checkpoint: StreakState,
    judged: Mapping[date, DayState] | None = None,
) -> tuple[dict[date, DayState], DayTally, LevelProgress | None]:
    """The counted states after the checkpoint, and the since-start tally and outcome.

    Raises:
        ValueError: If the checkpoint lacks the outcome's amount.
    """
    start = start_of(goal)
    states = counted(
        dict(judged)
        if judged is not None
        else day_states_from(
            checkpoint,
            days,
            start,
            today,
            skips_per_week=skips_per_week,
            minimum=goal.mva_measure,
        ),
        today,
    )
    after = tally_from(states, start)
    tally = DayTally(
        wins=checkpoint.votes + after.wins,
        skips=checkpoint.rest_days + after.skips,
        paused=checkpoint.paused_days + after.paused,
        missed=checkpoint.missed_days + after.missed,
    )
    outcome = goal.outcome_measure
    if outcome is None or not _measurable(outcome, goal.daily_measure):
        return states, tally, None
    base = checkpoint.amount
    if base is None:
        if first_unjudged(checkpoint, start) > start:
            raise ValueError("the checkpoint has no outcome amount: fold it with advance_goal")
        base = 0.0
    # Going on from the checkpoint's sum adds the same amounts in the same order as the
    # whole-history sum, so the totals are equal to the last bit.
    return (
        states,
        tally,
        level_progress(outcome, goal.daily_measure, days, states, start, total=base),
    )


def advance_goal(
    goal: Goal,
    state: StreakState,
    days: Mapping[date, DayRecord],
    through: date,
    *,
    skips_per_week: int = DEFAULT_SKIPS_PER_WEEK,
) -> StreakState:
    """Fold a goal's final days into its checkpoint, the outcome's amount included.

    :func:`~bot.coach.streaks.summary.advance` with the goal's start, minimum and outcome unit: the
    checkpoint that :func:`~bot.coach.progress.ladder.ladder_progress`,
    :func:`~bot.coach.progress.pace.on_track` and
    :func:`~bot.coach.streaks.summary.summarize_from` go on from.

    Args:
        goal: The goal, with its start date.
        state: Its checkpoint so far (:meth:`StreakState.initial` for a new one).
        days: Its folded log, holding at least the records after ``state`` up to ``through``.
        through: The last day to fold: a past day (usually yesterday).
        skips_per_week: Skips per ISO week that count as planned rest days.

    Returns:
        The checkpoint judged through ``through``; its amount is ``None`` when the outcome is
        not measurable in the daily unit.

    Raises:
        ValueError: If the goal has no start date, ``through`` is before the checkpoint,
            ``skips_per_week`` is negative, or the checkpoint lacks the outcome's amount.
    """
    return advance(
        state,
        days,
        start_of(goal),
        through,
        skips_per_week=skips_per_week,
        minimum=goal.mva_measure,
        amount_of=outcome_amount(goal),
    )
