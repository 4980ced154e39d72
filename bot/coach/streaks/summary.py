"""The streak, the best run, the identity votes and the strength score of a goal.

Decisions (all deliberate, all tested):

* **The streak** counts the days of the current unbroken run that were done, partial, MVA or an
  allowed skip (a planned rest day is part of the plan). PAUSED days (holiday mode) bridge the
  run without adding to it: a fortnight away neither breaks the chain nor earns a 14-day
  milestone. Only a MISSED day breaks it, and a PENDING today never does, so a streak stays
  alive through the whole of the day after the last kept day.
* **The strength score** is Loop Habit Tracker's: ``S = S_prev·m + v·(1 − m)`` each day with a
  13-day half-life (:data:`MULTIPLIER`), starting from 0 before the start date. ``v`` is 1 for
  a done or MVA day, 0 for a missed one and the share of the day's target for a partial one;
  skips, pauses and a pending today leave ``S`` unchanged.
* **Checkpoints** (:class:`~bot.coach.models.StreakState`). Judging a day needs only the skips
  already used in its ISO week, and every figure above is a left fold over the days, so the fold
  can stop after any past day and go on later: :func:`advance` folds final days into a checkpoint
  (kept in a database row), :func:`summarize_from` and
  :func:`~bot.coach.streaks.days.day_states_from` finish from one and give exactly what the whole
  history gives (same float operations in the same order). A checkpoint holds only for the
  ``start``, ``skips_per_week`` and ``minimum`` it was folded with and only while the log of the
  days it covers does not change: after a goal edit, or a day logged or undone on or before its
  ``judged_through``, fold again from an earlier checkpoint or from :meth:`StreakState.initial`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from bot.coach.models import Measure, StreakState
from bot.coach.streaks.days import (
    DEFAULT_SKIPS_PER_WEEK,
    DayState,
    Judged,
    first_unjudged,
    has_folded,
    judge,
    judge_after,
    judge_span,
)
from bot.coach.streaks.log import DayRecord

HALF_LIFE_DAYS = 13
"""Days after which a day's weight in the strength score has halved (Loop Habit Tracker's)."""

MULTIPLIER = 0.5 ** (1 / HALF_LIFE_DAYS)
"""How much of yesterday's strength carries over to today (≈0.948)."""

STREAK_MILESTONES = (7, 14, 21, 30, 66, 100, 365)
"""Streak lengths worth a celebration (docs/product.md rule 5); 66 is "part of who you are"."""


@dataclass(frozen=True, slots=True)
class StreakSummary:
    """Streak numbers for one goal on one local date.

    Attributes:
        current: The current streak (0 only after a full missed day, or an explicit miss today).
        best: The longest streak ever, the current one included.
        kept_today: True when today is done, partial, MVA, an allowed skip or paused.
        last_kept: The latest kept day (any of the above), or ``None``.
        missed_in_a_row: Consecutive missed days ending yesterday: 1 is an accident, 2 is the
            moment to offer the comeback (docs/product.md rule 9).
        strength: Loop Habit Tracker's smoothed score, 0..1.
        votes: Done, partial and MVA days: the identity votes (docs/product.md rule 6).
        kept_days: Days kept (votes, allowed skips and paused days).
        missed_days: Days missed.
    """

    current: int
    best: int
    kept_today: bool
    last_kept: date | None
    missed_in_a_row: int
    strength: float
    votes: int
    kept_days: int
    missed_days: int

    @property
    def at_risk(self) -> bool:
        """True when there is a streak to protect and today is not logged yet."""
        return self.current > 0 and not self.kept_today


_INITIAL = StreakState()


def _fold(
    state: StreakState,
    judged: list[Judged],
    days: Mapping[date, DayRecord],
    *,
    amount_of: Callable[[DayRecord], float | None] | None,
    amount: float | None,
    through: date,
    week_skips: int,
) -> tuple[StreakState, int]:
    """Fold judged days into ``state``: the one implementation of the streak rules.

    ``amount`` is where the sum of ``amount_of`` starts (ignored without ``amount_of``).
    Returns the new state, judged through ``through``, and the missed run as it was before
    the last judged day (yesterday's, when the last day is today).
    """
    run, best, votes, rests, paused_days = (
        state.run,
        state.best,
        state.votes,
        state.rest_days,
        state.paused_days,
    )
    missed, missed_run, last_kept, strength = (
        state.missed_days,
        state.missed_run,
        state.last_kept,
        state.strength,
    )
    missed_before = missed_run
    total = 0.0 if amount is None else amount
    keep, carry = MULTIPLIER, 1.0 - MULTIPLIER
    missed_state, pending, paused, skip = (
        DayState.MISSED,
        DayState.PENDING,
        DayState.PAUSED,
        DayState.SKIP,
    )
    for day, day_state, value in judged:
        missed_before = missed_run
        if day_state is missed_state:
            run = 0
            missed += 1
            missed_run += 1
        elif day_state is not pending:
            last_kept = day
            missed_run = 0
            if day_state is paused:  # a pause bridges the streak without lengthening it
                paused_days += 1
            else:
                run += 1
                if run > best:  # noqa: PLR1730 (cheaper than max() in this hot loop)
                    best = run
                if day_state is skip:
                    rests += 1
                else:
                    votes += 1
                    if amount_of is not None:
                        added = amount_of(days[day])
                        if added is not None:
                            total += added
        if value is not None:
            strength = strength * keep + value * carry
    folded = StreakState(
        judged_through=through,
        run=run,
        best=best,
        votes=votes,
        rest_days=rests,
        paused_days=paused_days,
        missed_days=missed,
        missed_run=missed_run,
        last_kept=last_kept,
        strength=strength,
        week_skips=week_skips,
        amount=None if amount_of is None else total,
    )
    return folded, missed_before


def advance(
    state: StreakState,
    days: Mapping[date, DayRecord],
    start: date,
    through: date,
    *,
    skips_per_week: int = DEFAULT_SKIPS_PER_WEEK,
    minimum: Measure | None = None,
    amount_of: Callable[[DayRecord], float | None] | None = None,
) -> StreakState:
    """Fold the final days after a checkpoint, up to ``through``, into a new checkpoint.

    Args:
        state: The checkpoint to go on from (:meth:`StreakState.initial` for a new one).
        days: The folded log (:func:`~bot.coach.streaks.log.fold_days`), holding at least the
            records from :func:`~bot.coach.streaks.days.first_unjudged` to ``through``; other
            records are ignored.
        start: The goal's start date.
        through: The last day to fold: a past day, since a day without an entry is judged
            missed (usually yesterday). Days before ``start`` fold to nothing.
        skips_per_week: Skips per ISO week that count as planned rest days.
        minimum: The goal's minimum viable action (see :func:`summarize`).
        amount_of: What a win day adds to :attr:`StreakState.amount` (``None``: nothing, or
            not counted); without it the new state's amount is ``None`` once a day is folded.

    Returns:
        The checkpoint judged through ``through``.

    Raises:
        ValueError: If ``through`` is before ``state.judged_through``, ``skips_per_week`` is
            negative, or ``amount_of`` is given for a state that folded days without one.
    """
    if state.judged_through is not None and through < state.judged_through:
        raise ValueError(
            f"cannot fold back to {through}: the state is judged through {state.judged_through}"
        )
    resumed = has_folded(state, start)
    amount = state.amount
    if amount_of is not None and amount is None:
        if resumed:
            raise ValueError("the state folded days without amount_of: fold it again from scratch")
        amount = 0.0
    first = first_unjudged(state, start)
    if first > through:  # nothing to fold (yet): before the start, or already folded
        if skips_per_week < 0:
            raise ValueError(f"skips_per_week must not be negative, got {skips_per_week}")
        return replace(state, judged_through=through, amount=amount)
    judged, week_skips = judge_span(
        days,
        first,
        through,
        pending=None,
        skips_per_week=skips_per_week,
        minimum=minimum,
        skips_used=state.week_skips if resumed else 0,
    )
    return _fold(
        state,
        judged,
        days,
        amount_of=amount_of,
        amount=amount,
        through=through,
        week_skips=week_skips,
    )[0]


def summarize(
    days: Mapping[date, DayRecord],
    start: date,
    today: date,
    *,
    skips_per_week: int = DEFAULT_SKIPS_PER_WEEK,
    minimum: Measure | None = None,
) -> StreakSummary:
    """Streak, best streak, strength and counts for one goal, in one linear pass.

    Args:
        days: The folded log (:func:`~bot.coach.streaks.log.fold_days`).
        start: The goal's start date.
        today: The user's local date.
        skips_per_week: Skips per ISO week that count as planned rest days.
        minimum: The goal's minimum viable action: a day with at least that amount counts
            fully, like an MVA day, even below the day's target.

    Returns:
        The summary; all zero when the goal starts after today.

    Raises:
        ValueError: If ``skips_per_week`` is negative.
    """
    return summarize_from(
        _INITIAL, days, start, today, skips_per_week=skips_per_week, minimum=minimum
    )


def summarize_from(
    state: StreakState,
    days: Mapping[date, DayRecord],
    start: date,
    today: date,
    *,
    skips_per_week: int = DEFAULT_SKIPS_PER_WEEK,
    minimum: Measure | None = None,
) -> StreakSummary:
    """:func:`summarize`, going on from a checkpoint instead of the start.

    Args:
        state: A checkpoint of the same log judged through a day before ``today`` (usually
            yesterday), or :meth:`StreakState.initial`.
        days: The folded log, holding at least the records from
            :func:`~bot.coach.streaks.days.first_unjudged` on.
        start: The goal's start date.
        today: The user's local date.
        skips_per_week: Skips per ISO week that count as planned rest days.
        minimum: The goal's minimum viable action (see :func:`summarize`).

    Returns:
        Exactly what :func:`summarize` gives for the whole log.

    Raises:
        ValueError: If the checkpoint is not before ``today`` or ``skips_per_week`` is negative.
    """
    judged = judge_after(state, days, start, today, skips_per_week=skips_per_week, minimum=minimum)
    return _summary(state, judged, days, today)


def judge_from(
    state: StreakState,
    days: Mapping[date, DayRecord],
    start: date,
    today: date,
    *,
    skips_per_week: int = DEFAULT_SKIPS_PER_WEEK,
    minimum: Measure | None = None,
) -> tuple[dict[date, DayState], StreakSummary]:
    """:func:`~bot.coach.streaks.days.day_states_from` and :func:`summarize_from` together.

    Each day is judged once.

    Args and Raises: as :func:`summarize_from`.

    Returns:
        The states of the days after the checkpoint, and the summary on ``today``.
    """
    judged = judge_after(state, days, start, today, skips_per_week=skips_per_week, minimum=minimum)
    return {day: judged_state for day, judged_state, _ in judged}, _summary(
        state, judged, days, today
    )


def _summary(
    state: StreakState, judged: list[Judged], days: Mapping[date, DayRecord], today: date
) -> StreakSummary:
    end, missed_before = _fold(
        state, judged, days, amount_of=None, amount=None, through=today, week_skips=0
    )
    last_kept = end.last_kept
    return StreakSummary(
        current=end.run,
        best=end.best,
        kept_today=last_kept is not None and last_kept == today,
        last_kept=last_kept,
        missed_in_a_row=missed_before,
        strength=min(1.0, max(0.0, end.strength)),  # guard against float drift past the bounds
        votes=end.votes,
        kept_days=end.kept_days,
        missed_days=end.missed_days,
    )


def strength_series(
    days: Mapping[date, DayRecord],
    start: date,
    today: date,
    *,
    skips_per_week: int = DEFAULT_SKIPS_PER_WEEK,
    minimum: Measure | None = None,
) -> dict[date, float]:
    """The strength score at the end of each day, for a chart.

    Args:
        days: The folded log (:func:`~bot.coach.streaks.log.fold_days`).
        start: The goal's start date.
        today: The user's local date.
        skips_per_week: Skips per ISO week that count as planned rest days.
        minimum: The goal's minimum viable action: a day with at least that amount counts
            fully, like an MVA day, even below the day's target.

    Returns:
        The score of every date from ``start`` to ``today``; today's equals yesterday's until
        today is logged. The last value equals :attr:`StreakSummary.strength`.

    Raises:
        ValueError: If ``skips_per_week`` is negative.
    """
    series: dict[date, float] = {}
    strength = 0.0
    for day, _, value in judge(days, start, today, skips_per_week, minimum):
        if value is not None:
            strength = strength * MULTIPLIER + value * (1.0 - MULTIPLIER)
        series[day] = min(1.0, max(0.0, strength))
    return series


def milestone_crossed(before: int, after: int) -> int | None:
    """The streak milestone reached when a streak goes from ``before`` to ``after``.

    Args:
        before: The streak before the latest log.
        after: The streak after it.

    Returns:
        The largest milestone ``m`` with ``before < m <= after`` (logging a forgotten day can
        join two runs and jump over one), or ``None``.
    """
    crossed = [m for m in STREAK_MILESTONES if before < m <= after]
    return crossed[-1] if crossed else None
