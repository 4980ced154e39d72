"""Whether the 12-week outcome is on track, the re-plan offer, and the pace chart's totals.

docs/product.md rules 11 and 14.

Decisions (all deliberate, all tested):

* **The pace** (:func:`on_track`) is the total so far over the active (not paused) days
  elapsed, and the projected finish is when that pace reaches the outcome. It is judged from
  :data:`MIN_DAYS_FOR_PACE` days on (one day is noise), and a projected finish within
  :data:`ON_TRACK_MARGIN_DAYS` days of the due date either way is on track.
* **The re-plan** (:func:`replan_options`) is offered only when the pace is behind while the
  due date is ahead: move the date, or aim for what this pace reaches.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.coach.breakdown import round_nice_down
from bot.coach.models import Goal, Measure, StreakState
from bot.coach.progress.amounts import level_progress, outcome_amount, since_checkpoint
from bot.coach.progress.periods import counted, start_of, tally_from
from bot.coach.quantities.units import is_countable
from bot.coach.streaks.days import DEFAULT_SKIPS_PER_WEEK, DayState, day_states
from bot.coach.streaks.log import DayRecord

MIN_DAYS_FOR_PACE = 7
"""Active days needed before the pace is judged: the first week is too noisy to project."""

ON_TRACK_MARGIN_DAYS = 7
"""A projected finish within this many days of the due date, either way, is on track."""


class Pace(StrEnum):
    """Whether a measurable outcome will be reached by its due date at the current pace."""

    AHEAD = "ahead"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    REACHED = "reached"  # the outcome's quantity is already reached
    TOO_EARLY = "too_early"  # fewer than MIN_DAYS_FOR_PACE active days to judge from
    UNMEASURED = "unmeasured"  # no numeric outcome matching the daily unit, or no due date


@dataclass(frozen=True, slots=True)
class OnTrack:
    """Whether the 12-week outcome will be reached in time, at the current pace.

    Attributes:
        pace: The verdict.
        hit_rate: Kept over elapsed days (see :class:`~bot.coach.progress.periods.DayTally`),
            for any goal.
        total: The amount so far, in the outcome's unit, when measurable.
        outcome: The outcome's measure, when measurable.
        due: The outcome's due date.
        per_day: The current pace: amount per active day so far, in the outcome's unit.
        needed_per_day: The amount per day needed from the next unlogged day to the due date
            inclusive; ``None`` when reached or past due.
        projected_finish: The date the outcome is reached at the current pace; ``None`` when
            there is no pace yet.
        days_early: Days between the projected finish and the due date (negative: late).
    """

    pace: Pace
    hit_rate: float | None
    total: Measure | None = None
    outcome: Measure | None = None
    due: date | None = None
    per_day: float | None = None
    needed_per_day: float | None = None
    projected_finish: date | None = None
    days_early: int | None = None


def on_track(
    goal: Goal,
    days: Mapping[date, DayRecord],
    today: date,
    *,
    skips_per_week: int = DEFAULT_SKIPS_PER_WEEK,
    checkpoint: StreakState | None = None,
) -> OnTrack:
    """Whether the goal's outcome will be reached by its due date at the current pace.

    Args:
        goal: The goal, with its start date, outcome measure and due date.
        days: Its folded log (:func:`~bot.coach.streaks.log.fold_days`): the whole log, or with a
            ``checkpoint`` at least the records after it
            (:func:`~bot.coach.streaks.days.first_unjudged`).
        today: The user's local date.
        skips_per_week: Skips per ISO week that count as planned rest days.
        checkpoint: The goal's checkpoint from
            :func:`~bot.coach.progress.amounts.advance_goal` (same ``skips_per_week``),
            judged through a day before ``today``; ``None`` to fold the whole log.

    Returns:
        The verdict and the numbers behind it; for a goal without a numeric outcome, only the
        hit rate (pace UNMEASURED). The same with or without a checkpoint.

    Raises:
        ValueError: If the goal has no start date, ``skips_per_week`` is negative, or the
            checkpoint is not before ``today`` or lacks the outcome's amount.
    """
    start = start_of(goal)
    if checkpoint is None:
        states = counted(
            day_states(days, start, today, skips_per_week=skips_per_week, minimum=goal.mva_measure),
            today,
        )
        tally = tally_from(states, start)
        progress = level_progress(goal.outcome_measure, goal.daily_measure, days, states, start)
    else:
        states, tally, progress = since_checkpoint(
            goal, days, today, skips_per_week=skips_per_week, checkpoint=checkpoint
        )
    outcome = goal.outcome_measure
    if outcome is None or progress is None:
        return OnTrack(Pace.UNMEASURED, tally.hit_rate)
    total = progress.done
    due = goal.outcome_due
    remaining = outcome.quantity - total.quantity
    # The last day that counts: today once logged, else yesterday (never before the start).
    as_of = today if today in states else max(today, start) - timedelta(days=1)
    active = tally.elapsed - tally.paused
    per_day = total.quantity / active if active > 0 else None
    projected = None
    if remaining <= 0:
        projected = max(start, as_of)
    elif per_day is not None and per_day > 0:
        # The epsilon keeps 3.0000000001 days of float noise from becoming 4.
        projected = as_of + timedelta(days=math.ceil(remaining / per_day - 1e-9))
    days_left = None if due is None else (due - as_of).days
    needed = remaining / days_left if remaining > 0 and days_left and days_left > 0 else None
    early = None if due is None or projected is None else (due - projected).days
    return OnTrack(
        pace=_pace(remaining=remaining, due=due, as_of=as_of, active=active, early=early),
        hit_rate=tally.hit_rate,
        total=total,
        outcome=outcome,
        due=due,
        per_day=per_day,
        needed_per_day=needed,
        projected_finish=projected,
        days_early=early,
    )


def _pace(
    *, remaining: float, due: date | None, as_of: date, active: int, early: int | None
) -> Pace:
    """The verdict, from the numbers of :func:`on_track`."""
    if remaining <= 0:
        return Pace.REACHED
    if due is None:
        return Pace.UNMEASURED
    if as_of >= due:
        return Pace.BEHIND  # the due date has come and the outcome is not reached
    if active < MIN_DAYS_FOR_PACE:
        return Pace.TOO_EARLY
    if early is None or early < -ON_TRACK_MARGIN_DAYS:
        return Pace.BEHIND  # no pace at all, or finishing more than the margin late
    if early > ON_TRACK_MARGIN_DAYS:
        return Pace.AHEAD
    return Pace.ON_TRACK


REPLAN_MAX_DAYS = 2 * 365
"""A moved date further out than this is no plan: only a smaller outcome is offered then."""


@dataclass(frozen=True, slots=True)
class Replan:
    """The 12-week outcome will be missed at this pace: two kind ways to re-plan (rule 14).

    Attributes:
        outcome: The outcome as planned.
        due: Its date.
        total: What is done so far.
        per_day: The pace so far, an amount per active day.
        finish: When the outcome is reached at this pace (move the date there), if ever.
        reachable: What this pace reaches by the due date (aim for that), when it is more
            than what is done and less than the outcome.
        needed_per_day: What keeping the plan asks a day from here.
    """

    outcome: Measure
    due: date
    total: Measure
    per_day: float
    finish: date | None
    reachable: Measure | None
    needed_per_day: float | None


def replan_options(pace: OnTrack, today: date) -> Replan | None:
    """The re-plan to offer when the pace says the outcome will be missed, else ``None``.

    Offered only while the due date is ahead and the pace is BEHIND (judged from
    :data:`MIN_DAYS_FOR_PACE` active days on); the caller offers it once.

    Args:
        pace: The verdict of :func:`on_track`.
        today: The user's local date.

    Returns:
        The numbers for the offer, or ``None`` when there is nothing to re-plan.
    """
    total, outcome, due, per_day = pace.total, pace.outcome, pace.due, pace.per_day
    if pace.pace is not Pace.BEHIND or total is None or outcome is None or due is None:
        return None
    if due <= today or per_day is None:
        return None
    finish = pace.projected_finish
    if finish is not None and (finish <= due or (finish - today).days > REPLAN_MAX_DAYS):
        finish = None
    reachable = None
    days_left = (due - today).days + 1
    if per_day > 0:
        reached = total.quantity + per_day * days_left
        nice = round_nice_down(reached, countable=is_countable(outcome.unit))
        if total.quantity < nice < outcome.quantity:
            reachable = Measure(nice, outcome.unit)
    if finish is None and reachable is None:
        return None
    return Replan(outcome, due, total, per_day, finish, reachable, pace.needed_per_day)


@dataclass(frozen=True, slots=True)
class DailyTotals:
    """The since-start figures at the end of each day, for the pace chart.

    Attributes:
        start: The goal's start date: the first values are that day's.
        amounts: The amount toward the 12-week outcome at the end of each day, in the outcome's
            unit; ``None`` when the outcome is not measurable in the daily unit.
        kept: Days kept (:attr:`~bot.coach.progress.periods.DayTally.kept`) at the end of each day.
    """

    start: date
    amounts: tuple[float, ...] | None
    kept: tuple[int, ...]

    @property
    def through(self) -> date | None:
        """The last day counted (today once logged, else yesterday); ``None`` before any."""
        if not self.kept:
            return None
        return self.start + timedelta(days=len(self.kept) - 1)


def daily_totals(
    goal: Goal,
    days: Mapping[date, DayRecord],
    today: date,
    *,
    skips_per_week: int = DEFAULT_SKIPS_PER_WEEK,
) -> DailyTotals:
    """The outcome's amount and the kept days at the end of each day since the start.

    The same arithmetic as :func:`~bot.coach.progress.ladder.ladder_progress`: the last amount
    equals its ``outcome`` total and the last kept count its ``all_days.kept``; today counts
    once logged.

    Args:
        goal: The goal, with its start date.
        days: Its whole folded log (:func:`~bot.coach.streaks.log.fold_days`).
        today: The user's local date.
        skips_per_week: Skips per ISO week that count as planned rest days.

    Returns:
        The figures from the start to the last counted day; empty before the start.

    Raises:
        ValueError: If the goal has no start date or ``skips_per_week`` is negative.
    """
    start = start_of(goal)
    states = counted(
        day_states(days, start, today, skips_per_week=skips_per_week, minimum=goal.mva_measure),
        today,
    )
    amount_of = outcome_amount(goal)
    total, kept = 0.0, 0
    amounts: list[float] = []
    kept_days: list[int] = []
    for day, state in states.items():  # in date order, as level_progress adds them
        if state is not DayState.MISSED:
            kept += 1  # a win, an allowed skip or a paused day, as DayTally.kept counts
        if amount_of is not None and state not in {DayState.MISSED, DayState.SKIP, DayState.PAUSED}:
            amount = amount_of(days[day])
            if amount is not None:
                total += amount
        amounts.append(total)
        kept_days.append(kept)
    return DailyTotals(start, None if amount_of is None else tuple(amounts), tuple(kept_days))
