"""Progress up the ladder, the pace of the 12-week outcome and the compounding curve.

docs/product.md rules 1, 4, 7 and 11: after each win the bot shows what it adds up to at every level
("3/5 days this week · 1,450/13,300 words this month · 11% of the 12-week outcome") and whether
the outcome is on track. ``today`` is always a parameter; this module never reads the clock.

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
* **Amounts.** A day's amount is its logged quantity, in the unit of that day's target. A DONE
  without a quantity means the day's target was met, so it adds that target (one-tap logging
  still moves the ladder). An MVA without a quantity adds nothing: its size is not in the log
  (services should store the MVA's quantity on the entry). Skipped, paused and missed days add
  nothing. Amounts are added to a level when the units match: the same unit, or both
  durations (converted with :func:`~bot.coach.quantities.to_minutes`).
* **A level shows quantity progress** only when it has a measure and the goal's daily measure
  matches its unit; otherwise only the day counts are shown.
* **The week's and the month's targets** add up the levels in force on their days
  (:func:`bot.coach.levels.period_target`): on a comeback step the week asks for seven days
  of the step, next week's accepted goal counts from next week, and the plan's first, short
  week asks for its days only.
* **The hit rate** is kept days over elapsed days, with paused days left out of both (a holiday
  neither helps nor hurts) and allowed skips counted as kept (planned rest).
* **The pace** (:func:`on_track`) is the total so far over the active (not paused) days
  elapsed, and the projected finish is when that pace reaches the outcome. It is judged from
  :data:`MIN_DAYS_FOR_PACE` days on (one day is noise), and a projected finish within
  :data:`ON_TRACK_MARGIN_DAYS` days of the due date either way is on track.
* **Checkpoints.** The since-start figures (the tally and the outcome's amount) go on from a
  :class:`~bot.coach.streaks.StreakState` kept by :func:`advance_goal`, so that with one the
  functions here read only the recent log (:func:`records_needed_from`) and give exactly what
  the whole log gives. The plan week and month are judged afresh from the log, from the ISO
  Monday before the plan month when the checkpoint falls inside it: the skip allowance of a
  plan month's first days depends on the skips of their ISO week.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.coach.breakdown import WEEKS_PER_MONTH, round_nice_down
from bot.coach.levels import Source, in_force, period_target
from bot.coach.models import EntryStatus, Goal, Measure, StreakState, TargetLevel
from bot.coach.quantities import is_countable, normalise_unit, to_minutes
from bot.coach.streaks import (
    DEFAULT_SKIPS_PER_WEEK,
    DayRecord,
    DayState,
    advance,
    day_states,
    day_states_from,
    first_unjudged,
)

WEEK_DAYS = 7
MONTH_DAYS = WEEKS_PER_MONTH * WEEK_DAYS
"""A plan month: four plan weeks (28 days)."""

MIN_WEEK_DAYS = 4
"""A week with fewer days in the plan than this (a plan's first days) is no week to judge."""

MIN_DAYS_FOR_PACE = 7
"""Active days needed before the pace is judged: the first week is too noisy to project."""

ON_TRACK_MARGIN_DAYS = 7
"""A projected finish within this many days of the due date, either way, is on track."""

DAILY_GAIN = 0.01
"""Rule 7: 1% better (or worse) each day."""

YEAR_DAYS = 365


class Pace(StrEnum):
    """Whether a measurable outcome will be reached by its due date at the current pace."""

    AHEAD = "ahead"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    REACHED = "reached"  # the outcome's quantity is already reached
    TOO_EARLY = "too_early"  # fewer than MIN_DAYS_FOR_PACE active days to judge from
    UNMEASURED = "unmeasured"  # no numeric outcome matching the daily unit, or no due date


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
            below :data:`MIN_WEEK_DAYS` the week is too short to judge or celebrate.
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


@dataclass(frozen=True, slots=True)
class OnTrack:
    """Whether the 12-week outcome will be reached in time, at the current pace.

    Attributes:
        pace: The verdict.
        hit_rate: Kept over elapsed days (see :class:`DayTally`), for any goal.
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


@dataclass(frozen=True, slots=True)
class CurvePosition:
    """Where a user is on the 1%-a-day curve (rule 7); numbers only, texts are the views'.

    Attributes:
        days: Days counted (usually the identity votes).
        growth: ``1.01 ** days``.
        decay: ``0.99 ** days``.
        year_growth: ``1.01 ** 365`` (≈37.8), the end of the first year.
        share_of_year: ``days / 365``.
        share_of_gain: How much of the first year's gain is already there,
            ``(growth − 1) / (year_growth − 1)``: about 1% after a month, which is why the first
            weeks feel slow.
        next_doubling_day: The day count at which ``growth`` next reaches a power of two
            (70 for 2×, 140 for 4×, …).
    """

    days: int
    growth: float
    decay: float
    year_growth: float
    share_of_year: float
    share_of_gain: float
    next_doubling_day: int


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
        days: Its folded log (:func:`~bot.coach.streaks.fold_days`): the whole log, or with a
            ``checkpoint`` at least the records from :func:`records_needed_from` on.
        today: The user's local date.
        skips_per_week: Skips per ISO week that count as planned rest days.
        checkpoint: The goal's checkpoint from :func:`advance_goal` (same ``skips_per_week``),
            judged through a day before ``today``; ``None`` to fold the whole log.
        levels: The goal's target levels (its history of sizes); none: the plan throughout.
        review_weekday: The user's review day (``date.weekday()``): "this week" is then the
            week that ends on it (:func:`review_week`); ``None``: the plan week.
        judged: With a ``checkpoint``, the states of the days after it as
            :func:`~bot.coach.streaks.day_states_from` gives them for the same arguments, when
            the caller has judged them already (a win's reply has): they are not judged again.

    Returns:
        The progress; see :class:`LadderProgress`. The same with or without a checkpoint.

    Raises:
        ValueError: If the goal has no start date, ``skips_per_week`` is negative, or the
            checkpoint is not before ``today`` or lacks the outcome's amount.
    """
    start = _start_of(goal)
    week_number, week_start, week_end = plan_period(start, today, WEEK_DAYS)
    if review_weekday is not None:
        week_start, week_end = review_week(today, review_weekday)
    month_number, month_start, month_end = plan_period(start, today, MONTH_DAYS)
    first_needed = min(week_start, month_start)
    daily = goal.daily_measure
    if checkpoint is None:
        states = _counted(
            day_states(days, start, today, skips_per_week=skips_per_week, minimum=goal.mva_measure),
            today,
        )
        all_days = _tally(states, start)
        outcome = _level(goal.outcome_measure, daily, days, states, start)
    else:
        states, all_days, outcome = _since_checkpoint(
            goal, days, today, skips_per_week=skips_per_week, checkpoint=checkpoint, judged=judged
        )
        if first_unjudged(checkpoint, start) > first_needed:
            # The checkpoint is inside the plan month (or the week): judge them afresh, from
            # the ISO Monday before so that their first days see their week's earlier skips.
            states = _counted(
                day_states(
                    days,
                    _month_judged_from(start, first_needed),
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
        week_days=_tally(states, week_start),
        month_days=_tally(states, month_start),
        all_days=all_days,
        week=_level(
            _target(goal, levels, days, (week_start, week_end), today=today, source=Source.WEEKLY),
            daily,
            days,
            states,
            week_start,
        ),
        month=_level(
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
    start = _start_of(goal)
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
        days: Its folded log (:func:`~bot.coach.streaks.fold_days`): the whole log, or with a
            ``checkpoint`` at least the records after it
            (:func:`~bot.coach.streaks.first_unjudged`).
        today: The user's local date.
        skips_per_week: Skips per ISO week that count as planned rest days.
        checkpoint: The goal's checkpoint from :func:`advance_goal` (same ``skips_per_week``),
            judged through a day before ``today``; ``None`` to fold the whole log.

    Returns:
        The verdict and the numbers behind it; for a goal without a numeric outcome, only the
        hit rate (pace UNMEASURED). The same with or without a checkpoint.

    Raises:
        ValueError: If the goal has no start date, ``skips_per_week`` is negative, or the
            checkpoint is not before ``today`` or lacks the outcome's amount.
    """
    start = _start_of(goal)
    if checkpoint is None:
        states = _counted(
            day_states(days, start, today, skips_per_week=skips_per_week, minimum=goal.mva_measure),
            today,
        )
        tally = _tally(states, start)
        progress = _level(goal.outcome_measure, goal.daily_measure, days, states, start)
    else:
        states, tally, progress = _since_checkpoint(
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


def advance_goal(
    goal: Goal,
    state: StreakState,
    days: Mapping[date, DayRecord],
    through: date,
    *,
    skips_per_week: int = DEFAULT_SKIPS_PER_WEEK,
) -> StreakState:
    """Fold a goal's final days into its checkpoint, the outcome's amount included.

    :func:`~bot.coach.streaks.advance` with the goal's start, minimum and outcome unit: the
    checkpoint that :func:`ladder_progress`, :func:`on_track` and
    :func:`~bot.coach.streaks.summarize_from` go on from.

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
        _start_of(goal),
        through,
        skips_per_week=skips_per_week,
        minimum=goal.mva_measure,
        amount_of=_outcome_amount(goal),
    )


def records_needed_from(goal: Goal, checkpoint: StreakState, today: date) -> date:
    """The first date whose records :func:`ladder_progress` needs with this checkpoint.

    The day after the checkpoint, or the plan month's start when that is earlier, or the ISO
    Monday before the plan month's start (never before the goal's start) when the checkpoint
    is inside the plan month. :func:`on_track` needs only the records after the checkpoint.

    Args:
        goal: The goal, with its start date.
        checkpoint: Its checkpoint, judged through a day before ``today``.
        today: The user's local date.

    Returns:
        The date; records before it may be left out of ``days``.

    Raises:
        ValueError: If the goal has no start date.
    """
    start = _start_of(goal)
    _, month_start, _ = plan_period(start, today, MONTH_DAYS)
    # Any review week holding today starts within the last six days.
    first_needed = min(month_start, today - timedelta(days=WEEK_DAYS - 1))
    first = first_unjudged(checkpoint, start)
    return first if first <= first_needed else _month_judged_from(start, first_needed)


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


def compounding(days_kept: int) -> tuple[float, float]:
    """1% better and 1% worse a day, compounded (rule 7).

    Args:
        days_kept: Days counted.

    Returns:
        ``(1.01 ** days_kept, 0.99 ** days_kept)``; for 365 days ≈ (37.8, 0.03).

    Raises:
        ValueError: If ``days_kept`` is negative.
    """
    if days_kept < 0:
        raise ValueError(f"days_kept must not be negative, got {days_kept}")
    return (1 + DAILY_GAIN) ** days_kept, (1 - DAILY_GAIN) ** days_kept


def curve_position(days_kept: int) -> CurvePosition:
    """Where ``days_kept`` sits on the compounding curve, for an honest word on slow starts.

    Args:
        days_kept: Days counted (usually :attr:`~bot.coach.streaks.StreakSummary.votes`).

    Returns:
        The numbers; see :class:`CurvePosition`.

    Raises:
        ValueError: If ``days_kept`` is negative.
    """
    growth, decay = compounding(days_kept)
    year_growth, _ = compounding(YEAR_DAYS)
    doublings = math.floor(math.log2(growth) + 1e-12) + 1
    next_doubling = math.ceil(doublings * math.log(2) / math.log1p(DAILY_GAIN))
    return CurvePosition(
        days=days_kept,
        growth=growth,
        decay=decay,
        year_growth=year_growth,
        share_of_year=days_kept / YEAR_DAYS,
        share_of_gain=(growth - 1) / (year_growth - 1),
        next_doubling_day=next_doubling,
    )


# --- Helpers ---------------------------------------------------------------------------------


def _start_of(goal: Goal) -> date:
    if goal.start_date is None:
        raise ValueError(f"goal {goal.goal_id} has no start date")
    return goal.start_date


def _counted(states: dict[date, DayState], today: date) -> dict[date, DayState]:
    """Drop a pending today: today counts only once logged."""
    if states.get(today) is DayState.PENDING:
        del states[today]
    return states


def _tally(states: Mapping[date, DayState], first: date) -> DayTally:
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
            wins += 1  # DONE, PARTIAL, MVA (PENDING was dropped by _counted)
    return DayTally(wins=wins, skips=skips, paused=paused, missed=missed)


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


def _level(
    level: Measure | None,
    daily: Measure | None,
    days: Mapping[date, DayRecord],
    states: Mapping[date, DayState],
    first: date,
    *,
    total: float = 0.0,
) -> LevelProgress | None:
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


def _outcome_amount(goal: Goal) -> Callable[[DayRecord], float | None] | None:
    """What a win day adds to the outcome, as :func:`_level` adds it; ``None`` if unmeasurable."""
    outcome = goal.outcome_measure
    if outcome is None or not _measurable(outcome, goal.daily_measure):
        return None
    unit = outcome.unit

    def amount_of(record: DayRecord) -> float | None:
        amount = day_amount(record)
        return None if amount is None else _convert(amount, unit)

    return amount_of


def _month_judged_from(start: date, month_start: date) -> date:
    """The ISO Monday on or before ``month_start``, never before the goal's start."""
    return max(start, month_start - timedelta(days=month_start.weekday()))


def _since_checkpoint(
    goal: Goal,
    days: Mapping[date, DayRecord],
    today: date,
    *,
    skips_per_week: int,
    checkpoint: StreakState,
    judged: Mapping[date, DayState] | None = None,
) -> tuple[dict[date, DayState], DayTally, LevelProgress | None]:
    """The counted states after the checkpoint, and the since-start tally and outcome."""
    start = _start_of(goal)
    states = _counted(
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
    after = _tally(states, start)
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
    return states, tally, _level(outcome, goal.daily_measure, days, states, start, total=base)


# --- Day by day (the pace chart) -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DailyTotals:
    """The since-start figures at the end of each day, for the pace chart.

    Attributes:
        start: The goal's start date: the first values are that day's.
        amounts: The amount toward the 12-week outcome at the end of each day, in the outcome's
            unit; ``None`` when the outcome is not measurable in the daily unit.
        kept: Days kept (:attr:`DayTally.kept`) at the end of each day.
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

    The same arithmetic as :func:`ladder_progress`: the last amount equals its ``outcome``
    total and the last kept count its ``all_days.kept``; today counts once logged.

    Args:
        goal: The goal, with its start date.
        days: Its whole folded log (:func:`~bot.coach.streaks.fold_days`).
        today: The user's local date.
        skips_per_week: Skips per ISO week that count as planned rest days.

    Returns:
        The figures from the start to the last counted day; empty before the start.

    Raises:
        ValueError: If the goal has no start date or ``skips_per_week`` is negative.
    """
    start = _start_of(goal)
    states = _counted(
        day_states(days, start, today, skips_per_week=skips_per_week, minimum=goal.mva_measure),
        today,
    )
    amount_of = _outcome_amount(goal)
    total, kept = 0.0, 0
    amounts: list[float] = []
    kept_days: list[int] = []
    for day, state in states.items():  # in date order, as _level adds them
        if state is not DayState.MISSED:
            kept += 1  # a win, an allowed skip or a paused day, as DayTally.kept counts
        if amount_of is not None and state not in {DayState.MISSED, DayState.SKIP, DayState.PAUSED}:
            amount = amount_of(days[day])
            if amount is not None:
                total += amount
        amounts.append(total)
        kept_days.append(kept)
    return DailyTotals(start, None if amount_of is None else tuple(amounts), tuple(kept_days))
