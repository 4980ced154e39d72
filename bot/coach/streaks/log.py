"""A goal's append-only daily log, folded into what counts for each date (rules 4 and 8).

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
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from bot.coach.models import DailyEntry, EntryStatus, Measure


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


def outranked(current: DayRecord | None, status: EntryStatus) -> bool:
    """Whether logging ``status`` on a day that stands at ``current`` would change nothing,
    because the day already holds a better status (the minimum or a rest day after a Done).

    Args:
        current: The day's folded record, or ``None`` when nothing counts for it yet.
        status: The status about to be logged.

    Returns:
        True when the fold would keep ``current`` whatever the entry said.
    """
    return current is not None and _RANK[status] < _RANK[current.status]


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
    if outranked(current, entry.status):
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
