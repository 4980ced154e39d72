"""The comeback: lapse rules, the ramp from the MVA back to the full target, and the 30-day offer.

docs/product.md rules 8, 9 and 11. One missed day is an accident; the second miss in a row brings
the comeback offer: the habit runs at its minimum viable action (MVA), every kept day counts in
full, and after 7–14 kept days in a row at a level the bot proposes the next step up, until the
full target is back. The user may accept, hold or step down at each proposal.

Decisions (all deliberate, all tested):

* **The ramp's formula.** From the MVA ``m`` to the target ``t`` each step adds
  ``max(share × current, share × (t − m))``: +15 % of the current level, but never less than
  15 % of the whole way back. Growth by a share of the current level alone would take 22
  steps (five months at a week a step) from 100 to 2,000 words; the floor bounds a ramp to
  about ``1 / share`` steps (7–8 at the default 15 %, 10–11 at 10 %) whatever the ratio, while
  big levels still grow by their own 15 %. Each step ends on a nice number
  (:func:`bot.coach.breakdown.round_nice`; minutes in fives from 10 to 100): the one just
  below or just above the wanted value, whichever makes the step closer to the wanted step
  by ratio (nearest rounding alone would turn every 7-minute step into 5 and make the ramp
  much longer than planned). When less than half a step would be left
  after a step, the ramp goes straight to the target instead of ending with a pointless week
  at +3 % (1,600 → 2,000 words, not 1,600 → 1,900 → 2,000). Steps strictly increase, and
  the last one is the target exactly as given. A ramp has about ``1 / share`` steps (7 or 8
  at 15 %, 10 to 12 at 10 %) and never more than ``1.5 / share + 2``.
* **Units.** The MVA and the target must measure the same thing: the same unit, or durations
  (worked in the smaller unit, so 2 minutes → 1 hour climbs in minutes), or distances or
  masses (worked in the target's unit). Otherwise — a 10-minute walk on the way back to 5 km
  a day, or an MVA with no quantity at all — the ramp is two steps: the MVA as it is, then the
  target. ``None`` in a ramp stands for "the MVA (or the action) as written, no quantity".
* **A lapse keeps the step.** :func:`after_lapse` returns the position unchanged: the
  kept-days count at the level starts again (the service counts it from the log), but the user
  goes on from the step they reached, never from zero. After two misses in a row at any step,
  the comeback offer may still propose stepping down; that is the user's choice.
* **Offers are idempotent.** :func:`thirty_day_offer` is true on any day of the window (days
  21–28 of keeping in a row) until the offer has been made, so a user who is away on day 21
  still gets it; :func:`identity_milestone` is true from day 66 on and the service marks the
  habit once.
* **Counts cannot be negative.** Every function here raises ``ValueError`` on a negative day
  count: it is a bug upstream, not a user mistake.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from bot.coach.breakdown import round_nice
from bot.coach.models import Measure
from bot.coach.quantities.conversion import convert
from bot.coach.quantities.reading import check_quantity
from bot.coach.quantities.units import UnitKind, is_countable, normalise_unit, unit_kind

DEFAULT_STEP_SHARE = 0.15
"""Each ramp step adds this share: of the current level, and at least of the whole way back."""

MIN_STEP_SHARE = 0.05
MAX_STEP_SHARE = 0.5
"""Ramp shares outside these bounds are refused: too many steps, or no ramp at all."""

STEP_UP_DAYS_MIN = 7
STEP_UP_DAYS_MAX = 14
"""Kept days in a row at a level before stepping up; the user may choose within this range."""

COMEBACK_AFTER_MISSES = 2
"""Never miss twice: the second miss in a row brings the comeback offer."""

THIRTY_DAY_OFFER_FIRST = 21
THIRTY_DAY_OFFER_LAST = 28
"""Days of steady keeping during which the 30-day system offers +10-15 % (week 4)."""

MIN_SCALE_UP = 0.10
MAX_SCALE_UP = 0.15
"""The product's +10-15 % for scaling a kept habit up."""

IDENTITY_DAYS = 66
"""Kept days after which the habit is part of who the user is (rule 6)."""

_DURATION_ORDER = ("seconds", "minutes", "hours")


# --- The ramp ------------------------------------------------------------------------------------


def ramp_steps(
    mva: Measure | None, target: Measure | None, *, step_share: float = DEFAULT_STEP_SHARE
) -> tuple[Measure | None, ...]:
    """The ladder from the MVA back up to the full daily target.

    Examples at the default share: 100 → 2,000 words is 100, 390, 680, 970, 1,300, 1,600,
    2,000; 2 → 30 minutes is 2, 6, 10, 15, 20, 25, 30; 2 → 20 pushups is 2, 5, 8, 11, 14,
    17, 20.

    Args:
        mva: The MVA's quantity; ``None`` when the MVA has no quantity ("just start").
        target: The full daily target; ``None`` when the action has no quantity.
        step_share: The share each step adds (see the module's formula), 0.05 to 0.5.

    Returns:
        The steps, first the MVA and last the target, strictly increasing when they are
        comparable. ``(mva, target)`` when they are not (no quantity, or different kinds of
        unit); ``(target,)`` when the MVA is already as big as the target.

    Raises:
        ValueError: If ``step_share`` is out of bounds or a quantity is not a sensible positive
            number.
    """
    if not MIN_STEP_SHARE <= step_share <= MAX_STEP_SHARE:
        raise ValueError(f"step_share must be within {MIN_STEP_SHARE}..{MAX_STEP_SHARE}")
    if mva is None or target is None:
        return (mva, target)
    for measure in (mva, target):
        problem = check_quantity(measure.quantity)
        if problem is not None:
            raise ValueError(f"unusable quantity {measure.quantity!r}: {problem}")
    first = Measure(float(mva.quantity), normalise_unit(mva.unit))
    last = Measure(float(target.quantity), normalise_unit(target.unit))
    unit = _working_unit(first.unit, last.unit)
    if unit is None:
        return (first, last)
    start, end = convert(first, unit), convert(last, unit)
    if start is None or end is None:  # cannot happen: _working_unit checked they convert
        return (first, last)
    if start >= end:
        return (last,)

    floor = step_share * (end - start)
    middle: list[Measure] = []
    current = start
    while True:
        step = max(step_share * current, floor)
        wanted = current + step
        if end - wanted < step / 2:
            break  # less than half a step would be left: go straight to the target
        nice = _nice_step(current, wanted, unit)
        if nice >= end:
            break
        middle.append(Measure(float(nice), unit))
        current = nice
    return (first, *middle, last)


class RampLabel(NamedTuple):
    """What the view needs to say "step 3 of 8: 400 words"."""

    number: int
    total: int
    target: Measure | None


@dataclass(frozen=True, slots=True)
class RampPosition:
    """Where a habit stands on its ramp back to the full target.

    Attributes:
        steps: The ladder from :func:`ramp_steps`.
        index: The step in force, 0 for the MVA.
    """

    steps: tuple[Measure | None, ...]
    index: int = 0

    def __post_init__(self) -> None:
        """Refuse an empty ladder or a step outside it."""
        if not self.steps:
            raise ValueError("a ramp has at least one step")
        if not 0 <= self.index < len(self.steps):
            raise ValueError(f"step index {self.index} is outside 0..{len(self.steps) - 1}")

    @property
    def current(self) -> Measure | None:
        """The daily target in force at this step (``None``: the action as written)."""
        return self.steps[self.index]

    @property
    def is_full(self) -> bool:
        """True at the last step: the full target is back."""
        return self.index == len(self.steps) - 1

    @property
    def label(self) -> RampLabel:
        """Step number (from 1), number of steps and the target in force."""
        return RampLabel(self.index + 1, len(self.steps), self.current)

    def step_up(self) -> RampPosition:
        """The next step; the same position once the full target is reached."""
        return RampPosition(self.steps, min(self.index + 1, len(self.steps) - 1))

    def step_down(self) -> RampPosition:
        """The step below; the same position at the MVA."""
        return RampPosition(self.steps, max(self.index - 1, 0))

    def hold(self) -> RampPosition:
        """Stay at this step (the user said "not yet")."""
        return self


def start_ramp(
    mva: Measure | None, target: Measure | None, *, step_share: float = DEFAULT_STEP_SHARE
) -> RampPosition:
    """The position at the start of a comeback: the MVA, first step of :func:`ramp_steps`.

    Args:
        mva: The MVA's quantity, if it has one.
        target: The full daily target, if it has one.
        step_share: See :func:`ramp_steps`.

    Returns:
        The position at step 1.
    """
    return RampPosition(ramp_steps(mva, target, step_share=step_share))


def locate(steps: Sequence[Measure | None], current: Measure | None) -> RampPosition:
    """Find the position of the target in force on a ladder, e.g. after a restart.

    Args:
        steps: The ladder.
        current: The daily target in force (as stored with the day's entry).

    Returns:
        The highest step not above ``current``; the first step when nothing compares (a
        target without a quantity, or a unit of another kind).
    """
    ladder = tuple(steps)
    index = 0
    if current is not None:
        for position, step in enumerate(ladder):
            value = None if step is None else convert(step, current.unit)
            if value is not None and value <= current.quantity + 1e-9:
                index = position
    return RampPosition(ladder, index)


# --- Lapses and readiness -----------------------------------------------------------------------


def ready_to_step_up(kept_in_a_row_at_level: int, *, days_needed: int = STEP_UP_DAYS_MIN) -> bool:
    """Whether to propose the next step up.

    Args:
        kept_in_a_row_at_level: Days kept in a row at the step in force (MVA days count fully).
        days_needed: The user's setting, clamped to 7..14.

    Returns:
        True once enough days in a row have been kept at this level.

    Raises:
        ValueError: If the count is negative.
    """
    _check_count(kept_in_a_row_at_level)
    needed = min(max(days_needed, STEP_UP_DAYS_MIN), STEP_UP_DAYS_MAX)
    return kept_in_a_row_at_level >= needed


def is_accident(missed_in_a_row: int) -> bool:
    """One missed day is an accident: the bot says so kindly, and nothing else changes.

    Args:
        missed_in_a_row: Planned days missed in a row up to now (rest days do not count).

    Returns:
        True for exactly one miss.

    Raises:
        ValueError: If the count is negative.
    """
    _check_count(missed_in_a_row)
    return missed_in_a_row == 1


def comeback_due(missed_in_a_row: int) -> bool:
    """Never miss twice: the second miss in a row (or more) brings the comeback offer.

    Args:
        missed_in_a_row: Planned days missed in a row up to now (rest days do not count).

    Returns:
        True from the second miss in a row.

    Raises:
        ValueError: If the count is negative.
    """
    _check_count(missed_in_a_row)
    return missed_in_a_row >= COMEBACK_AFTER_MISSES


def after_lapse(position: RampPosition) -> RampPosition:
    """Where a ramp goes on after a new lapse: from the step reached, not from zero.

    The kept-days count at the level starts again (it is counted from the log, so the service
    has nothing to reset); the step itself is kept.

    Args:
        position: The position when the lapse happened.

    Returns:
        The same position.
    """
    return position


# --- The 30-day system and identity --------------------------------------------------------------


def thirty_day_offer(kept_in_a_row: int, *, already_offered: bool = False) -> bool:
    """Whether to offer +10-15 % on the daily action (week 4 of the 30-day system).

    Args:
        kept_in_a_row: Days kept in a row.
        already_offered: The offer was made in this run of kept days already.

    Returns:
        True on days 21-28 of steady keeping until the offer has been made.

    Raises:
        ValueError: If the count is negative.
    """
    _check_count(kept_in_a_row)
    in_window = THIRTY_DAY_OFFER_FIRST <= kept_in_a_row <= THIRTY_DAY_OFFER_LAST
    return in_window and not already_offered


def scaled_up(target: Measure, share: float = MAX_SCALE_UP) -> Measure:
    """The daily target grown by a share and rounded to a nice number.

    480 words → 550; 30 minutes → 35; 20 pushups → 23; 1 hour → 70 minutes (a target below
    two hours reads better in minutes); 2 pushups → 3 (always at least one more whole item).

    Args:
        target: The daily target now.
        share: The growth, 0.10 to 0.15.

    Returns:
        The bigger target, always above ``target``.

    Raises:
        ValueError: If ``share`` is outside 0.10..0.15 or the quantity is unusable.
    """
    if not MIN_SCALE_UP <= share <= MAX_SCALE_UP:
        raise ValueError(f"share must be within {MIN_SCALE_UP}..{MAX_SCALE_UP}, got {share}")
    problem = check_quantity(target.quantity)
    if problem is not None:
        raise ValueError(f"unusable quantity {target.quantity!r}: {problem}")
    unit, quantity = normalise_unit(target.unit), float(target.quantity)
    if unit == "hours" and quantity * (1 + share) < 2:
        unit, quantity = "minutes", quantity * 60
    grown = _nice(quantity * (1 + share), unit)
    if grown <= quantity:
        grown = math.floor(quantity) + 1 if _whole(unit) else quantity * (1 + share)
    return Measure(float(grown), unit)


def identity_milestone(kept_total: int) -> bool:
    """Whether the habit has become part of who the user is (66 kept days).

    Args:
        kept_total: Days kept in all (done or MVA), not necessarily in a row.

    Returns:
        True from day 66 on; the service marks the habit once.

    Raises:
        ValueError: If the count is negative.
    """
    _check_count(kept_total)
    return kept_total >= IDENTITY_DAYS


# --- Helpers --------------------------------------------------------------------------------------


def _check_count(days: int) -> None:
    if days < 0:
        raise ValueError(f"a day count cannot be negative, got {days}")


def _working_unit(mva_unit: str, target_unit: str) -> str | None:
    """The unit a ramp climbs in, or ``None`` when the two do not convert."""
    if mva_unit == target_unit:
        return target_unit
    if convert(Measure(1.0, mva_unit), target_unit) is None:
        return None
    if unit_kind(target_unit) is UnitKind.DURATION:
        return min(mva_unit, target_unit, key=_DURATION_ORDER.index)
    return target_unit


def _whole(unit: str) -> bool:
    """Units stepped in whole numbers: items, and minutes or seconds of time."""
    return is_countable(unit) or unit in {"minutes", "seconds"}


def _grid(value: float, unit: str) -> float:
    """The spacing of nice numbers near ``value``, as :func:`_nice` rounds to them."""
    if unit in {"minutes", "seconds"} and value < 100:
        return 1.0 if value < 10 else 5.0
    if value >= 1000:
        return 10.0 ** max(2, math.floor(math.log10(value)) - 2)
    if value >= 100:
        return 10.0
    if value >= 10 or is_countable(unit):
        return 1.0
    return 0.1 if value >= 1 else 10.0 ** math.floor(math.log10(value))


def _nice_step(current: float, wanted: float, unit: str) -> float:
    """The nice number after ``current`` whose step is closest to the wanted one, by ratio.

    Plain nearest rounding would turn every step of 7.4 minutes from 10 into 5 (17.4 → 15 in
    fives) and double the ramp; always rounding up would turn 8 → 10.8 into 8 → 15.
    """
    nearest, up = _nice(wanted, unit), _nice_up(wanted, unit)
    if nearest <= current:
        return up
    wanted_step = wanted - current
    nearest_miss = abs(math.log((nearest - current) / wanted_step))
    up_miss = abs(math.log((up - current) / wanted_step))
    return nearest if nearest_miss <= up_miss else up


def _nice_up(value: float, unit: str) -> float:
    """The smallest nice number not below ``value``."""
    nice = _nice(value, unit)
    if nice >= value:
        return nice
    # Decimal keeps 0.1 steps exact (1.2 + 0.1 is 1.3, not 1.3000000000000003).
    return float(Decimal(repr(nice)) + Decimal(repr(_grid(value, unit))))


def _nice(value: float, unit: str) -> float:
    """Round a step: minutes and seconds whole below 10 and in fives to 100, else round_nice."""
    if unit in {"minutes", "seconds"}:
        if value < 10:
            return max(1.0, float(Decimal(repr(value)).quantize(Decimal(1), ROUND_HALF_UP)))
        if value < 100:
            fives = Decimal(repr(value / 5)).quantize(Decimal(1), ROUND_HALF_UP)
            return float(fives * 5)
    return round_nice(value, countable=is_countable(unit))
