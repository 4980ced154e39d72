"""Progress at every level of a goal's ladder on one date (docs/product.md rules 1 and 4).

After each win the bot shows what it adds up to: "3/5 days this week · 1,450/13,300 words this
month · 11% of the 12-week outcome".

Decisions (all deliberate, all tested):

* **The week's and the month's targets** add up the levels in force on their days
  (:func:`bot.coach.levels.period_target`): on a comeback step the week asks for seven days
  of the step, next week's accepted goal counts from next week, and the plan's first, short
  week asks for its days only.
* **Checkpoints.** With a checkpoint (:func:`~bot.coach.progress.amounts.advance_goal`) only
  the recent log is read (:func:`records_needed_from`). The plan week and month are judged
  afresh from the log, from the ISO Monday before the plan month when the checkpoint falls
  inside it: the skip allowance of a plan month's first days depends on the skips of their
  ISO week.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.coach.levels import Source, in_force, period_target
from bot.coach.models import EntryStatus, Goal, Measure, StreakState, TargetLevel
from bot.coach.progress.amounts import LevelProgress, level_progress, since_checkpoint
from bot.coach.progress.periods import (
    MONTH_DAYS,
    WEEK_DAYS,
    DayTally,
    counted,
    month_judged_from,
    plan_period,
    review_week,
    start_of,
    tally_from,
)
from bot.coach.streaks.days import DEFAULT_SKIPS_PER_WEEK, DayState, day_states, first_unjudged
from bot.coach.streaks.log import DayRecord


@dataclass(frozen=True, slots=True)
class LadderProgress:
    """Progress of one goal at each level of the ladder, on one local date.

    Attributes:
        day: The local date this is for.
        week_number: The plan week (1 is the week starting on the start date).
        week_start: First day of "this week" (the user's review week, or the plan week).
        week_end: Last day of "this week".
        month_number: The plan month (four plan weeks).
        month_start: First day of the plan month.
        month_end: Last day of the plan month.
        week_days: Judged days this week ("3/5 days this week": ``kept``/``elapsed``).
        month_days: Judged days this plan month.
        all_days: Judged days since the start.
        week: Amount this week against the weekly target, when measurable.
        month: Amount this month against the monthly target, when measurable.
        outcome: Amount since the start against the 12-week outcome, when measurable.
        week_plan_days: This week's days within the plan (fewer in the plan's first week):
            below :data:`~bot.coach.progress.periods.MIN_WEEK_DAYS` the week is too short to
            judge or celebrate.
    """

    day: date
    week_number: int
    week_start: date
    week_end: date
    month_number: int
    month_start: date
    month_end: date
    week_days: DayTally
    month_days: DayTally
    all_days: DayTally
    week: LevelProgress | None
    month: LevelProgress | None
    outcome: LevelProgress | None
    week_plan_days: int = WEEK_DAYS


def ladder_progress(
    goal: Goal,
    days: Mapping[date, DayRecord],
    today: date,
    *,
    skips_per_week: int = DEFAULT_SKIPS_PER_WEEK,
    checkpoint: StreakState | None = None,
    levels: Sequence[TargetLevel] = (),
    review_weekday: int | None = None,
    judged: Mapping[date, DayState] | None = None,
) -> LadderProgress:
    """Progress at each level of one goal's ladder on one local date.

    The week's and the month's targets add up the levels in force on each of their days
    (:func:`bot.coach.levels.period_target`): a comeback step or next week's new goal moves
    them, the plan's own levels apply before any change.

    Args:
        goal: The goal, with its start date and level measures.
        days: Its folded log (:func:`~bot.coach.streaks.log.fold_days`): the whole log, or with a
            ``checkpoint`` at least the records from :func:`records_needed_from` on.
        today: The user's local date.
        skips_per_week: Skips per ISO week that count as planned rest days.
        checkpoint: The goal's checkpoint from
            :func:`~bot.coach.progress.amounts.advance_goal` (same ``skips_per_week``),
            judged through a day before ``today``; ``None`` to fold the whole log.
        levels: The goal's target levels (its history of sizes); none: the plan throughout.
        review_weekday: The user's review day (``date.weekday()``): "this week" is then the
            week that ends on it (:func:`~bot.coach.progress.periods.review_week`); ``None``:
            the plan week.
        judged: With a ``checkpoint``, the states of the days after it as
            :func:`~bot.coach.streaks.days.day_states_from` gives them for the same arguments, when
            the caller has judged them already (a win's reply has): they are not judged again.

    Returns:
        The progress; see :class:`LadderProgress`. The same with or without a checkpoint.

    Raises:
        ValueError: If the goal has no start date, ``skips_per_week`` is negative, or the
            checkpoint is not before ``today`` or lacks the outcome's amount.
    """
    start = start_of(goal)
    week_number, week_start, week_end = plan_period(start, today, WEEK_DAYS)
    if review_weekday is not None:
        week_start, week_end = review_week(today, review_weekday)
    month_number, month_start, month_end = plan_period(start, today, MONTH_DAYS)
    first_needed = min(week_start, month_start)
    daily = goal.daily_measure
    if checkpoint is None:
        states = counted(
            day_states(days, start, today, skips_per_week=skips_per_week, minimum=goal.mva_measure),
            today,
        )
        all_days = tally_from(states, start)
        outcome = level_progress(goal.outcome_measure, daily, days, states, start)
    else:
        states, all_days, outcome = since_checkpoint(
            goal, days, today, skips_per_week=skips_per_week, checkpoint=checkpoint, judged=judged
        )
        if first_unjudged(checkpoint, start) > first_needed:
            # The checkpoint is inside the plan month (or the week): judge them afresh, from
            # the ISO Monday before so that their first days see their week's earlier skips.
            states = counted(
                day_states(
                    days,
                    month_judged_from(start, first_needed),
                    today,
                    skips_per_week=skips_per_week,
                    minimum=goal.mva_measure,
                ),
                today,
            )
    return LadderProgress(
        day=today,
        week_number=week_number,
        week_start=week_start,
        week_end=week_end,
        month_number=month_number,
        month_start=month_start,
        month_end=month_end,
        week_days=tally_from(states, week_start),
        month_days=tally_from(states, month_start),
        all_days=all_days,
        week=level_progress(
            _target(goal, levels, days, (week_start, week_end), today=today, source=Source.WEEKLY),
            daily,
            days,
            states,
            week_start,
        ),
        month=level_progress(
            _target(
                goal, levels, days, (month_start, month_end), today=today, source=Source.MONTHLY
            ),
            daily,
            days,
            states,
            month_start,
        ),
        outcome=outcome,
        week_plan_days=(week_end - max(week_start, start)).days + 1,
    )


def _target(
    goal: Goal,
    levels: Sequence[TargetLevel],
    days: Mapping[date, DayRecord],
    period: tuple[date, date],
    *,
    today: date,
    source: Source,
) -> Measure | None:
    """A week's or a plan month's target from the levels in force on each of its days."""
    sizes_today = in_force(goal, levels, today).sizes
    now = sizes_today.weekly if source is Source.WEEKLY else sizes_today.monthly
    if now is None:
        return None
    first, last = period
    start = start_of(goal)
    shared = []
    day = max(first, start)
    while day <= last:
        record = days.get(day)
        if record is None or record.status is not EntryStatus.PAUSED:
            shared.append(day)
        day += timedelta(days=1)
    length = WEEK_DAYS if source is Source.WEEKLY else MONTH_DAYS
    return period_target(
        shared,
        lambda on: in_force(goal, levels, on).sizes,
        source,
        now.unit,
        full_length=length,
    )


def records_needed_from(goal: Goal, checkpoint: StreakState, today: date) -> date:
    """The first date whose records :func:`ladder_progress` needs with this checkpoint.

    The day after the checkpoint, or the plan month's start when that is earlier, or the ISO
    Monday before the plan month's start (never before the goal's start) when the checkpoint
    is inside the plan month. :func:`~bot.coach.progress.pace.on_track` needs only the records
    after the checkpoint.

    Args:
        goal: The goal, with its start date.
        checkpoint: Its checkpoint, judged through a day before ``today``.
        today: The user's local date.

    Returns:
        The date; records before it may be left out of ``days``.

    Raises:
        ValueError: If the goal has no start date.
    """
    start = start_of(goal)
    _, month_start, _ = plan_period(start, today, MONTH_DAYS)
    # Any review week holding today starts within the last six days.
    first_needed = min(month_start, today - timedelta(days=WEEK_DAYS - 1))
    first = first_unjudged(checkpoint, start)
    return first if first <= first_needed else month_judged_from(start, first_needed)
