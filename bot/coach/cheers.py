"""The cheer after a win: a line about what this person just did (docs/product.md rules 4 and 15).

A win's reply already shows the chain, the streak and the ladder; the cheer is the one warm
sentence under them. It speaks to the user's own story (their numbers, their biggest day lately,
how their run began) and never says the same sentence twice within a week:

* **The first win ever** has its own line: the chain starts here.
* **A second log on the same day** (more words after the first batch) adds up the day instead
  of cheering again with the day's line.
* **Otherwise the line rotates** through :data:`CHEER_VARIANTS` templates by (user, goal, day),
  as the scheduled messages do (:func:`~bot.coach.wording.variant`): consecutive days take
  consecutive templates, so a steady user sees each one at most once in eight days. A template
  whose facts are missing (no amount, no record) falls back to a sentence of its own, so two
  templates never say the same thing.

The texts live in the views; this module picks the template and gathers the facts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.coach.models import EntryStatus, Measure
from bot.coach.progress.amounts import LevelProgress
from bot.coach.streaks.log import DayRecord
from bot.coach.wording import variant

CHEER_VARIANTS = 8
"""Rotating cheer templates: more than seven, so a week never shows one twice."""

_CHEER_SALT = 13
"""Keeps the cheer's rotation apart from the scheduled messages' lines of the same day."""


class CheerKind(StrEnum):
    """Which kind of cheer fits this win."""

    FIRST = "first"  # the goal's very first win
    TOP_UP = "top_up"  # more on a day already logged
    ROTATING = "rotating"  # one of the daily templates


@dataclass(frozen=True, slots=True)
class Cheer:
    """The chosen cheer: its kind, the template (for ROTATING) and the facts to fill in."""

    kind: CheerKind
    index: int
    facts: WinFacts


@dataclass(frozen=True, slots=True)
class DayAmount:
    """The day's total after a win, beside the biggest day lately (for a measurable target).

    Attributes:
        amount: The day's total after this win, in the target's unit.
        unit: The target's unit.
        best: The biggest amount of one day in the recent past before this day.
        best_on: The date of that day.
    """

    amount: float
    unit: str
    best: float | None = None
    best_on: date | None = None


@dataclass(frozen=True, slots=True)
class WinFacts:
    """What the user just did and where it stands, for the cheer to speak to.

    Attributes:
        streak: The current run of kept days, this win included.
        best_before: The longest run before this win.
        votes: Days done in any size, this one included.
        strength: The habit strength, in percent.
        run_start: The first day of the current run.
        day: The day's amount against the biggest day lately (``None``: the target has no
            number, or a unit-less one).
        week: This week's total so far against the week's target, when the week has a
            measurable target.
        total: The total since the start, in the outcome's unit, when it is measurable.
    """

    streak: int
    best_before: int
    votes: int
    strength: int
    run_start: date
    day: DayAmount | None = None
    week: LevelProgress | None = None
    total: Measure | None = None


def choose_cheer(user_id: int, goal_id: int, day: date, facts: WinFacts, *, top_up: bool) -> Cheer:
    """The cheer for one win.

    Args:
        user_id: The user (their rotation starts at their own place).
        goal_id: The goal (two goals logged on one day take different templates).
        day: The day the win counts for.
        facts: What the user did (:class:`WinFacts`).
        top_up: The day already had a win before this one.

    Returns:
        The choice.
    """
    if facts.votes == 1 and not top_up:
        return Cheer(CheerKind.FIRST, 0, facts)
    if top_up:
        return Cheer(CheerKind.TOP_UP, 0, facts)
    index = variant(user_id, day, CHEER_VARIANTS, salt=_CHEER_SALT + goal_id)
    return Cheer(CheerKind.ROTATING, index, facts)


def best_day(records: Mapping[date, DayRecord], before: date) -> DayRecord | None:
    """The day with the biggest amount done among ``records`` before ``before``.

    Args:
        records: A goal's folded log (recent days are enough: "lately" is what is meant).
        before: Days from this one on are left out.

    Returns:
        The record (the latest one on a tie), or ``None`` when no earlier day has a number.
    """
    found: tuple[float, date, DayRecord] | None = None
    for record in records.values():
        amount = day_amount(record)
        if record.day >= before or amount is None:
            continue
        if found is None or (amount, record.day) > found[:2]:
            found = (amount, record.day, record)
    return found[2] if found is not None else None


def day_amount(record: DayRecord | None) -> float | None:
    """A day's amount: what was logged, or the day's target for a plain Done."""
    if record is None or record.status is not EntryStatus.DONE:
        return None
    if record.quantity is not None:
        return record.quantity
    return record.target.quantity if record.target is not None else None


def day_facts(records: Mapping[date, DayRecord], day: date, unit: str | None) -> DayAmount | None:
    """The day's amount and the biggest day before it, when the target counts in ``unit``.

    Args:
        records: A goal's folded log (recent days are enough).
        day: The day the win counts for.
        unit: The day's target unit (``None`` or empty: a plain done/not-done action).

    Returns:
        The facts, or ``None`` when the day has no number to speak of.
    """
    amount = day_amount(records.get(day))
    if amount is None or not unit:
        return None
    record = best_day(records, day)
    if record is None:
        return DayAmount(amount, unit)
    return DayAmount(amount, unit, best=day_amount(record), best_on=record.day)


def run_start(day: date, streak: int) -> date:
    """The first day of a run of ``streak`` days ending on ``day``."""
    return day - timedelta(days=max(streak - 1, 0))
