"""Each day of a goal judged (done, partial, MVA, skip, paused, missed, pending), and the chain.

Decisions (all deliberate, all tested):

* **Judging a day** (:func:`day_states`). A DONE whose quantity is below the target in force
  *that day* (``entry.target``, never today's) is PARTIAL. Skips beyond the weekly allowance
  (per ISO week, Monday to Sunday, counted in date order) are MISSED, so that skips cannot hide
  a lapse. A past day without an entry is MISSED; today without one is PENDING. Days before
  the goal's start do not exist for these rules.
* **The chain** (:func:`chain`) uses one emoji per day, squares for what happened: see
  :data:`CHAIN_SYMBOLS`. Missed days are a plain white square, never red: no shame.
* **From a checkpoint** (:func:`day_states_from`). Judging a day needs only the skips already
  used in its ISO week, which a :class:`~bot.coach.models.StreakState` keeps, so the days after
  one are judged exactly as the whole history judges them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType

from bot.coach.models import EntryStatus, Measure, StreakState
from bot.coach.streaks.log import DayRecord, target_share

DEFAULT_SKIPS_PER_WEEK = 1
"""Planned rest days per ISO week that keep a streak."""

DEFAULT_CHAIN_LENGTH = 14
"""Days shown in the text chain: two weeks fit on one line of a phone screen."""


class DayState(StrEnum):
    """How one local date of a goal is judged."""

    DONE = "done"
    PARTIAL = "partial"  # done, with a quantity below that day's target
    MVA = "mva"
    SKIP = "skip"  # a planned rest day within the weekly allowance
    PAUSED = "paused"  # holiday mode
    MISSED = "missed"  # a past day with nothing kept, or a skip over the allowance
    PENDING = "pending"  # today, not logged yet
    FUTURE = "future"
    BEFORE_START = "before_start"


WINS = frozenset({DayState.DONE, DayState.PARTIAL, DayState.MVA})
"""Days the action was done, in any size: each is an identity vote."""

STREAK_DAYS = WINS | {DayState.SKIP}
"""Days that lengthen a streak."""

KEPT = STREAK_DAYS | {DayState.PAUSED}
"""Days that keep a streak alive (everything but MISSED and PENDING)."""

CHAIN_SYMBOLS: Mapping[DayState, str] = MappingProxyType(
    {
        DayState.DONE: "🟩",
        DayState.PARTIAL: "🟧",
        DayState.MVA: "🟨",
        DayState.SKIP: "🟦",
        DayState.PAUSED: "⏸️",
        DayState.MISSED: "⬜",
        DayState.PENDING: "▫️",  # smaller than a square: today is still open
    }
)
"""One emoji per judged day, for :func:`chain` and for a legend written by the views."""


def _at_least(record: DayRecord, minimum: Measure | None) -> bool:
    if minimum is None or record.quantity is None or record.target is None:
        return False
    return minimum.unit == record.target.unit and record.quantity >= minimum.quantity > 0


# A judged day: its date, its state and its value for the strength score (None: unchanged).
Judged = tuple[date, DayState, float | None]


_ONE_DAY = timedelta(days=1)


def judge(
    days: Mapping[date, DayRecord],
    start: date,
    today: date,
    skips_per_week: int,
    minimum: Measure | None = None,
) -> list[Judged]:
    """Judge every day from ``start`` to ``today``, in one linear pass."""
    return judge_span(
        days,
        start,
        today,
        pending=today,
        skips_per_week=skips_per_week,
        minimum=minimum,
        skips_used=0,
    )[0]


def judge_span(
    days: Mapping[date, DayRecord],
    first: date,
    last: date,
    *,
    pending: date | None,
    skips_per_week: int,
    minimum: Measure | None,
    skips_used: int,
) -> tuple[list[Judged], int]:
    """Judge the days from ``first`` to ``last``, in one linear pass.

    ``pending`` is the day left PENDING when it has no record (today; ``None`` when every day
    is final) and ``skips_used`` the skips already used in the ISO week of ``first``, before
    it. Returns the judged days and the skips used in the ISO week of ``last``, through it.
    """
    if skips_per_week < 0:
        raise ValueError(f"skips_per_week must not be negative, got {skips_per_week}")
    # Locals, not enum attribute lookups: this loop runs for every day of years of history.
    done, mva, skip, paused = (
        EntryStatus.DONE,
        EntryStatus.MVA,
        EntryStatus.SKIP,
        EntryStatus.PAUSED,
    )
    as_done, as_partial, as_mva, as_skip, as_paused, as_missed = (
        DayState.DONE,
        DayState.PARTIAL,
        DayState.MVA,
        DayState.SKIP,
        DayState.PAUSED,
        DayState.MISSED,
    )
    judged: list[Judged] = []
    append = judged.append
    get = days.get
    weekday = first.weekday()
    day = first
    one_day = _ONE_DAY
    while day <= last:
        if weekday == 0:
            skips_used = 0  # a new ISO week: a new allowance
        weekday = 0 if weekday == 6 else weekday + 1
        record = get(day)
        if record is None:
            append((day, DayState.PENDING, None) if day == pending else (day, as_missed, 0.0))
        else:
            status = record.status
            if status is done:
                share = None if record.quantity is None else target_share(record)
                if share is not None and share < 1 and _at_least(record, minimum):
                    # At least the minimum: a kept day like an MVA day, never worth less.
                    append((day, as_mva, 1.0))
                elif share is not None and share < 1:
                    append((day, as_partial, share))
                else:
                    append((day, as_done, 1.0))
            elif status is mva:
                append((day, as_mva, 1.0))
            elif status is skip:
                skips_used += 1
                # Over the allowance a skip is not a rest day: it cannot hide a lapse.
                append(
                    (day, as_skip, None) if skips_used <= skips_per_week else (day, as_missed, 0.0)
                )
            elif status is paused:
                append((day, as_paused, None))
            else:
                append((day, as_missed, 0.0))  # an explicit MISSED entry
        day += one_day
    return judged, skips_used


def has_folded(state: StreakState, start: date) -> bool:
    """Whether ``state`` has folded any day of a goal starting on ``start``."""
    return state.judged_through is not None and state.judged_through >= start


def first_unjudged(state: StreakState, start: date) -> date:
    """The first day a checkpoint has not folded: the log is needed from this day on.

    Args:
        state: A checkpoint of the goal.
        start: The goal's start date.

    Returns:
        The day after ``state.judged_through``, or ``start`` when nothing was folded yet.
    """
    through = state.judged_through
    return through + _ONE_DAY if through is not None and through >= start else start


def day_states(
    days: Mapping[date, DayRecord],
    start: date,
    today: date,
    *,
    skips_per_week: int = DEFAULT_SKIPS_PER_WEEK,
    minimum: Measure | None = None,
) -> dict[date, DayState]:
    """Judge each day of a goal from its start to today.

    Args:
        days: The folded log (:func:`~bot.coach.streaks.log.fold_days`); records outside
            start..today are ignored.
        start: The goal's start date (its first day).
        today: The user's local date.
        skips_per_week: Skips per ISO week that count as planned rest days.
        minimum: The goal's minimum viable action: a day with at least that amount counts
            fully, like an MVA day, even below the day's target.

    Returns:
        The state of every date from ``start`` to ``today`` inclusive, in date order (empty
        when the goal starts after today).

    Raises:
        ValueError: If ``skips_per_week`` is negative.
    """
    return {day: state for day, state, _ in judge(days, start, today, skips_per_week, minimum)}


def day_states_from(
    state: StreakState,
    days: Mapping[date, DayRecord],
    start: date,
    today: date,
    *,
    skips_per_week: int = DEFAULT_SKIPS_PER_WEEK,
    minimum: Measure | None = None,
) -> dict[date, DayState]:
    """Judge the days after a checkpoint, as :func:`day_states` judges them from the start.

    Args:
        state: A checkpoint judged through a day before ``today``, or the initial state.
        days: The folded log, holding at least the records from :func:`first_unjudged` on.
        start: The goal's start date.
        today: The user's local date.
        skips_per_week: Skips per ISO week that count as planned rest days.
        minimum: The goal's minimum viable action (see :func:`day_states`).

    Returns:
        The state of every date from :func:`first_unjudged` to ``today``, in date order: the
        same as ``day_states`` of the whole log gives for those dates.

    Raises:
        ValueError: If the checkpoint is not before ``today`` or ``skips_per_week`` is negative.
    """
    return {
        day: judged
        for day, judged, _ in judge_after(
            state, days, start, today, skips_per_week=skips_per_week, minimum=minimum
        )
    }


def judge_after(
    state: StreakState,
    days: Mapping[date, DayRecord],
    start: date,
    today: date,
    *,
    skips_per_week: int,
    minimum: Measure | None,
) -> list[Judged]:
    """Judge the days after a checkpoint up to ``today``, which is left PENDING if unlogged.

    Raises:
        ValueError: If the checkpoint is not before ``today`` or ``skips_per_week`` is negative.
    """
    if state.judged_through is not None and state.judged_through >= today:
        raise ValueError(
            f"a checkpoint judged through {state.judged_through} cannot be finished on {today}"
        )
    skips_used = state.week_skips if has_folded(state, start) else 0
    first = first_unjudged(state, start)
    return judge_span(
        days,
        first,
        today,
        pending=today,
        skips_per_week=skips_per_week,
        minimum=minimum,
        skips_used=skips_used,
    )[0]


def state_on(states: Mapping[date, DayState], day: date, *, start: date, today: date) -> DayState:
    """The state of any date, for a calendar that shows days outside start..today.

    Args:
        states: The result of :func:`day_states` for the same ``start`` and ``today``.
        day: Any date.
        start: The goal's start date.
        today: The user's local date.

    Returns:
        BEFORE_START, FUTURE, or the day's judged state.

    Raises:
        KeyError: If ``day`` is within start..today but missing from ``states``.
    """
    if day < start:
        return DayState.BEFORE_START
    if day > today:
        return DayState.FUTURE
    return states[day]


def chain(states: Mapping[date, DayState], today: date, length: int = DEFAULT_CHAIN_LENGTH) -> str:
    """The last ``length`` days ending today, one emoji each (see :data:`CHAIN_SYMBOLS`).

    Args:
        states: Judged days (:func:`day_states`).
        today: The user's local date (the last square).
        length: How many days to show at most.

    Returns:
        The squares, oldest first. Days before the start (absent from ``states``, or
        BEFORE_START) are left out, so a new goal has a short chain.

    Raises:
        ValueError: If ``length`` is negative.
    """
    if length < 0:
        raise ValueError(f"length must not be negative, got {length}")
    first = today - timedelta(days=length - 1)
    squares = []
    for offset in range(length):
        state = states.get(first + timedelta(days=offset))
        symbol = None if state is None else CHAIN_SYMBOLS.get(state)
        if symbol is not None:
            squares.append(symbol)
    return "".join(squares)
