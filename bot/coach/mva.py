"""The minimum viable action (MVA) and the way back up (docs/product.md rule 8).

After a lapse the habit is scaled down to the smallest version that keeps its character, then
scaled up again step by step. The rules, by the kind of unit (see :data:`MVA_SHARE`):

* **Durations** become :data:`MVA_MINUTES` (2) minutes of the same thing: 30 minutes of
  meditation → 2 minutes.
* **Distances** become a :data:`MVA_MOVE_MINUTES` (10) minute walk, swim or ride: 5 miles of
  running → a 10-minute walk. Running turns into walking on purpose; the habit is getting out.
* **Items and everything else** become a share of the daily target rounded down to a nice
  number, with a floor per unit: 2,000 words → 100 (5 %, at least 50), 20 pages → 1 (5 %),
  20 pushups → 2 (10 %, at least 2). The floor never lifts the MVA above
  :data:`MAX_MVA_SHARE` (15 %) of the daily amount, and it is at least one unit: 60 words →
  9, not 50.
* **No quantity**: "just start: 2 minutes of it".

An MVA is never larger than the action it stands in for.
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

from bot.coach.breakdown import round_nice, round_nice_down
from bot.coach.lexicon import Languages
from bot.coach.models import Measure
from bot.coach.quantities.reading import MeasureMatch, find_measure
from bot.coach.quantities.units import (
    UnitKind,
    is_countable,
    normalise_unit,
    to_minutes,
    unit_kind,
)
from bot.coach.quantities.writing import format_measure, replace_measure

MVA_MINUTES = 2.0
"""A duration habit's MVA, in minutes."""

MVA_MOVE_MINUTES = 10.0
"""A distance habit's MVA: this many minutes of easy movement."""

NO_MEASURE_MVA = "just start: 2 minutes of it"
"""The MVA of an action without a quantity."""

MVA_SHARE: dict[str, tuple[float, float]] = {
    "words": (0.05, 50),
    "pages": (0.05, 1),
    "pushups": (0.1, 2),
    "situps": (0.1, 2),
    "squats": (0.1, 2),
    "pullups": (0.1, 1),
    "burpees": (0.1, 2),
    "lunges": (0.1, 2),
    "reps": (0.1, 2),
    "steps": (0.1, 500),
}
"""Per unit: (share of the daily target, smallest MVA). Other units: :data:`DEFAULT_SHARE`."""

DEFAULT_SHARE = (0.1, 1.0)

MAX_MVA_SHARE = 0.15
"""A counted MVA is never more than this share of the daily amount (at least one unit)."""

SCALE_UP_STEP = 0.15
"""Each step back up adds this share (the product's 10-15 %), rounded to a nice number."""

_MOVES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bswim\w*", re.IGNORECASE), "swim"),
    (re.compile(r"\b(?:cycl\w*|bik\w*|ride|riding)\b", re.IGNORECASE), "ride"),
)


class MvaProposal(NamedTuple):
    """The smallest version of a daily action: what to do, and its quantity if it has one."""

    text: str
    measure: Measure | None


def propose_mva(
    daily_text: str, daily: Measure | None = None, language: Languages = None
) -> MvaProposal:
    """Propose the minimum viable action for a daily action.

    Args:
        daily_text: The daily action in the user's words, e.g. "write 2,000 words".
        daily: Its quantity, if stored separately; otherwise it is looked for in the text.
        language: The user's language: a new amount is written as the daily action writes
            its own ("написать 50 слов"), and in this language when it has none.

    Returns:
        The MVA text (the user's wording with the smaller quantity where possible) and measure:
        "write 100 words" with 100 words; "a 10-minute walk" with 10 minutes; with no quantity
        at all, :data:`NO_MEASURE_MVA` and ``None``.
    """
    text = " ".join(daily_text.split())
    found = find_measure(text)
    match = found if isinstance(found, MeasureMatch) else None
    measure = daily if daily is not None else (match.measure if match is not None else None)
    if measure is None:
        return MvaProposal(NO_MEASURE_MVA, None)

    unit = normalise_unit(measure.unit)
    kind = unit_kind(unit)
    if kind is UnitKind.DISTANCE:
        mva = Measure(MVA_MOVE_MINUTES, "minutes")
        return MvaProposal(f"a {format_measure(mva, adjective=True)} {_move(text)}", mva)
    if kind is UnitKind.DURATION:
        minutes = to_minutes(measure) or MVA_MINUTES
        mva = Measure(min(MVA_MINUTES, minutes), "minutes")
    else:
        mva = Measure(_small_share(measure.quantity, unit), unit)

    if match is not None and _same(match.measure, measure):
        return MvaProposal(replace_measure(text, match, mva, language), mva)
    amount = format_measure(mva, language=language)
    return MvaProposal(f"{text}: {amount}" if text else amount, mva)


def _small_share(quantity: float, unit: str) -> float:
    """A share of the daily amount, at most :data:`MAX_MVA_SHARE` of it, at least one unit.

    The unit's floor (50 words) applies only while it stays that small: 430 words → 50, but
    60 words → 9, never 50 of 60.
    """
    share, floor = MVA_SHARE.get(unit, DEFAULT_SHARE)
    countable = is_countable(unit)
    scaled = round_nice_down(quantity * share, countable=countable)
    ceiling = _one_figure_down(round_nice_down(quantity * MAX_MVA_SHARE, countable=countable))
    if countable:
        ceiling = max(ceiling, 1.0)
    return float(min(max(scaled, min(floor, ceiling)), quantity))


def _one_figure_down(value: float) -> float:
    """64 → 60, 9 → 9, 0.45 → 0.4: a small number that reads well."""
    if value < 10:
        return value
    step = 10.0 ** math.floor(math.log10(value))
    return math.floor(value / step) * step


def scale_up(current: Measure, target: Measure, *, step: float = SCALE_UP_STEP) -> Measure | None:
    """The next step from the MVA back towards the full target.

    Args:
        current: The target in force now (the MVA or an earlier step).
        target: The full daily target to return to.
        step: The share to add, 0.15 for +15 %.

    Returns:
        The next target: ``current`` grown by at most ``step``, rounded down to a nice number,
        at least one unit more for items, never beyond ``target``. ``None`` when the two are in
        different units (a 10-minute walk on the way back to 5 miles), so the bot asks instead.
    """
    unit = normalise_unit(current.unit)
    if unit != normalise_unit(target.unit):
        current_minutes, target_minutes = to_minutes(current), to_minutes(target)
        if current_minutes is None or target_minutes is None:
            return None
        current, target, unit = (
            Measure(current_minutes, "minutes"),
            Measure(target_minutes, "minutes"),
            "minutes",
        )
    if current.quantity >= target.quantity:
        return Measure(float(target.quantity), unit)
    countable = is_countable(unit) or unit == "minutes"
    wanted = current.quantity * (1 + step)
    # Rounding down keeps each step within the +15 %; tiny targets still move by one.
    grown = round_nice_down(wanted, countable=countable)
    if grown <= current.quantity:
        grown = round_nice(wanted, countable=countable)
    if grown <= current.quantity:
        grown = current.quantity + 1 if countable else wanted
    return Measure(float(min(grown, target.quantity)), unit)


def _move(text: str) -> str:
    for pattern, move in _MOVES:
        if pattern.search(text):
            return move
    return "walk"


def _same(a: Measure, b: Measure) -> bool:
    a_minutes, b_minutes = to_minutes(a), to_minutes(b)
    if a_minutes is not None and b_minutes is not None:
        return a_minutes == b_minutes
    return normalise_unit(a.unit) == normalise_unit(b.unit) and a.quantity == b.quantity
