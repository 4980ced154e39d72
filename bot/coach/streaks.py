"""Streaks, the visible chain and the strength score (docs/product.md rules 5, 6, 8 and 9).

Everything here works on the user's local dates. ``today`` is always a parameter: this module
never reads the clock and never sees a time zone, so it cannot get a day boundary or a DST
change wrong (the services turn instants into local dates once, before calling it).

Decisions (all deliberate, all tested):

* **The fold** (:func:`fold_days`). The daily log is append-only. Entries are read oldest first
  (the order given); undone entries are ignored as if they had never been written. For each
  date, amounts add up: a DONE with a quantity adds it to what the day held ("wrote 200 words"
  twice is 400; after an MVA of 50 words it is 250). A plain DONE means "today's target, in
  full": tapping Done twice is harmless, an amount logged after it adds to the target, and a
  plain Done after an amount lifts the day to the full target. A lesser status never replaces a
  better one the same day (DONE > MVA > SKIP > PAUSED > MISSED): logging the minimum after a
  Done keeps the Done. A day's target is the latest one given that day. A quantity that is
  negative or not a number is ignored (as if none was given), so that one bad row never breaks
  a user's history.
* **Judging a day** (:func:`day_states`). A DONE whose quantity is below the target in force
  *that day* (``entry.target``, never today's) is PARTIAL. Skips beyond the weekly allowance
  (per ISO week, Monday to Sunday, counted in date order) are MISSED, so that skips cannot hide
  a lapse. A past day without an entry is MISSED; today without one is PENDING. Days before
  the goal's start do not exist for these rules.
* **The streak** counts the days of the current unbroken run that were done, partial, MVA or an
  allowed skip (a planned rest day is part of the plan). PAUSED days (holiday mode) bridge the
  run without adding to it: a fortnight away neither breaks the chain nor earns a 14-day
  milestone. Only a MISSED day breaks it, and a PENDING today never does, so a streak stays
  alive through the whole of the day after the last kept day.
* **The strength score** is Loop Habit Tracker's: ``S = S_prev·m + v·(1 − m)`` each day with a
  13-day half-life (:data:`MULTIPLIER`), starting from 0 before the start date. ``v`` is 1 for
  a done or MVA day, 0 for a missed one and the share of the day's target for a partial one;
  skips, pauses and a pending today leave ``S`` unchanged.
* **The chain** (:func:`chain`) uses one emoji per day, squares for what happened: see
  :data:`CHAIN_SYMBOLS`. Missed days are a plain white square, never red: no shame.
* **Checkpoints** (:class:`StreakState`). Judging a day needs only the skips already used in
  its ISO week, and every figure above is a left fold over the days, so the fold can stop after
  any past day and go on later: :func:`advance` folds final days into a checkpoint (kept in a
  database row), :func:`summarize_from` and :func:`day_states_from` finish from one and give
  exactly what the whole history gives (same float operations in the same order). A checkpoint
  holds only for the ``start``, ``skips_per_week`` and ``minimum`` it was folded with and only
  while the log of the days it covers does not change: after a goal edit, or a day logged or
  undone on or before its ``judged_through``, fold again from an earlier checkpoint or from
  :meth:`StreakState.initial`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType

from bot.coach.models import DailyEntry, EntryStatus, Measure, StreakState

HALF_LIFE_DAYS = 13
"""Days after which a day's weight in the strength score has halved (Loop Habit Tracker's)."""

MULTIPLIER = 0.5 ** (1 / HALF_LIFE_DAYS)
"""How much of yesterday's strength carries over to today (≈0.948)."""

DEFAULT_SKIPS_PER_WEEK = 1
"""Planned rest days per ISO week that keep a streak."""

STREAK_MILESTONES = (7, 14, 21, 30, 66, 100, 365)
"""Streak lengths worth a celebration (docs/product.md rule 5); 66 is "part of who you are"."""

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


@dataclass(frozen=True, slots=True)
class DayRecord:
    """What counts for one local date after folding the log.

    Attributes:
        day: The local date.
        status: The status that counts.
        quantity: The day's quantity in the unit of ``target`` (summed over DONE entries), or
            ``None`` when no number was logged.
        target: The daily target in force that day, if the action has a quantity.
    """

    day: date
    status: EntryStatus
    quantity: float | None = None
    target: Measure | None = None


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


def fold_days(entries: Iterable[DailyEntry]) -> dict[date, DayRecord]:
    """Fold one goal's append-only log into what counts for each date.

    See the module docstring for the rules: undone entries are ignored, DONE quantities add up,
    a plain DONE is idempotent, anything else replaces the day (latest wins).

    Args:
        entries: One goal's entries, oldest first.

    Returns:
        The record of each date that has at least one live entry.

    Raises:
        ValueError: If the entries belong to more than one goal.
    """
    records: dict[date, DayRecord] = {}
    goal_id: int | None = None
    for entry in entries:
        if goal_id is None:
            goal_id = entry.goal_id
        elif entry.goal_id != goal_id:
            raise ValueError(f"entries of goals {goal_id} and {entry.goal_id} mixed in one fold")
        if entry.undone_at is not None:
            continue
        records[entry.local_date] = _apply(records.get(entry.local_date), entry)
    return records


def fold_more(days: Mapping[date, DayRecord], entry: DailyEntry) -> dict[date, DayRecord]:
    """The fold with one more entry, the newest of its day (as :func:`fold_days` would give).

    Args:
        days: A goal's folded log.
        entry: An entry of the same goal, appended after every entry folded into ``days``.

    Returns:
        A new fold; ``days`` is left as it was.
    """
    folded = dict(days)
    if entry.undone_at is None:
        folded[entry.local_date] = _apply(folded.get(entry.local_date), entry)
    return folded


_RANK = {
    EntryStatus.MISSED: 0,
    EntryStatus.PAUSED: 1,
    EntryStatus.SKIP: 2,
    EntryStatus.MVA: 3,
    EntryStatus.DONE: 4,
}


def _apply(current: DayRecord | None, entry: DailyEntry) -> DayRecord:
    quantity = entry.quantity
    if quantity is not None and not (math.isfinite(quantity) and quantity >= 0):
        quantity = None
    target = entry.target or (current.target if current is not None else None)
    if current is None:
        return DayRecord(entry.local_date, entry.status, quantity, target)
    if entry.status is EntryStatus.DONE and current.status in (EntryStatus.DONE, EntryStatus.MVA):
        before = current.quantity
        if current.status is EntryStatus.DONE and before is None and target is not None:
            before = target.quantity  # a plain Done meant "the day's target, in full"
        if quantity is None and current.status is EntryStatus.DONE and current.quantity is None:
            return current  # tapping Done twice changes nothing
        if quantity is None:
            # A plain Done after an amount: the day is done in full (never less than logged).
            full = target.quantity if target is not None else None
            total = None if before is None or full is None else max(before, full)
            return DayRecord(entry.local_date, EntryStatus.DONE, total, target)
        return DayRecord(entry.local_date, EntryStatus.DONE, (before or 0.0) + quantity, target)
    if _RANK[entry.status] < _RANK[current.status]:
        # A smaller status never overwrites a better one the same day: logging "the minimum"
        # or "rest" after a Done keeps the Done.
        return current
    return DayRecord(entry.local_date, entry.status, quantity, target)


def target_share(record: DayRecord) -> float | None:
    """The share of the day's target reached, capped at 1.

    Args:
        record: A day's record.

    Returns:
        ``quantity / target`` capped at 1, or ``None`` when the day has no quantity or no
        usable target.
    """
    target = record.target
    if record.quantity is None or target is None:
        return None
    if not (math.isfinite(target.quantity) and target.quantity > 0):
        return None
    return min(1.0, record.quantity / target.quantity)


def _at_least(record: DayRecord, minimum: Measure | None) -> bool:
    if minimum is None or record.quantity is None or record.target is None:
        return False
    return minimum.unit == record.target.unit and record.quantity >= minimum.quantity > 0


# A judged day: its date, its state and its value for the strength score (None: unchanged).
_Judged = tuple[date, DayState, float | None]


_ONE_DAY = timedelta(days=1)


def _judge(
    days: Mapping[date, DayRecord],
    start: date,
    today: date,
    skips_per_week: int,
    minimum: Measure | None = None,
) -> list[_Judged]:
    """Judge every day from ``start`` to ``today``, in one linear pass."""
    return _judge_span(
        days,
        start,
        today,
        pending=today,
        skips_per_week=skips_per_week,
        minimum=minimum,
        skips_used=0,
    )[0]


def _judge_span(
    days: Mapping[date, DayRecord],
    first: date,
    last: date,
    *,
    pending: date | None,
    skips_per_week: int,
    minimum: Measure | None,
    skips_used: int,
) -> tuple[list[_Judged], int]:
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
    judged: list[_Judged] = []
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


def _fold(
    state: StreakState,
    judged: list[_Judged],
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


def _resumed(state: StreakState, start: date) -> bool:
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
        days: The folded log (:func:`fold_days`), holding at least the records from
            :func:`first_unjudged` to ``through``; other records are ignored.
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
    resumed = _resumed(state, start)
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
    judged, week_skips = _judge_span(
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
        days: The folded log (:func:`fold_days`); records outside start..today are ignored.
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
    return {day: state for day, state, _ in _judge(days, start, today, skips_per_week, minimum)}


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
        for day, judged, _ in _judge_after(
            state, days, start, today, skips_per_week=skips_per_week, minimum=minimum
        )
    }


def _judge_after(
    state: StreakState,
    days: Mapping[date, DayRecord],
    start: date,
    today: date,
    *,
    skips_per_week: int,
    minimum: Measure | None,
) -> list[_Judged]:
    if state.judged_through is not None and state.judged_through >= today:
        raise ValueError(
            f"a checkpoint judged through {state.judged_through} cannot be finished on {today}"
        )
    skips_used = state.week_skips if _resumed(state, start) else 0
    first = first_unjudged(state, start)
    return _judge_span(
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
        days: The folded log (:func:`fold_days`).
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
        days: The folded log, holding at least the records from :func:`first_unjudged` on.
        start: The goal's start date.
        today: The user's local date.
        skips_per_week: Skips per ISO week that count as planned rest days.
        minimum: The goal's minimum viable action (see :func:`summarize`).

    Returns:
        Exactly what :func:`summarize` gives for the whole log.

    Raises:
        ValueError: If the checkpoint is not before ``today`` or ``skips_per_week`` is negative.
    """
    judged = _judge_after(state, days, start, today, skips_per_week=skips_per_week, minimum=minimum)
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
    """:func:`day_states_from` and :func:`summarize_from` together, judging each day once.

    Args and Raises: as :func:`summarize_from`.

    Returns:
        The states of the days after the checkpoint, and the summary on ``today``.
    """
    judged = _judge_after(state, days, start, today, skips_per_week=skips_per_week, minimum=minimum)
    return {day: judged_state for day, judged_state, _ in judged}, _summary(
        state, judged, days, today
    )


def _summary(
    state: StreakState, judged: list[_Judged], days: Mapping[date, DayRecord], today: date
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
        days: The folded log (:func:`fold_days`).
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
    for day, _, value in _judge(days, start, today, skips_per_week, minimum):
        if value is not None:
            strength = strength * MULTIPLIER + value * (1.0 - MULTIPLIER)
        series[day] = min(1.0, max(0.0, strength))
    return series


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
