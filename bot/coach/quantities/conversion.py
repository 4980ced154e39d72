"""Converting an amount into another unit, and adding a win's amount to a day's (rule 4).

Durations, distances and masses convert; money and counts never do (no exchange rates, no
pages-to-words). :mod:`bot.coach.comeback` uses it for ramps between minutes and hours.
"""

from __future__ import annotations

from bot.coach.models import Measure
from bot.coach.quantities.units import UnitKind, normalise_unit, unit_kind

_FACTORS: dict[UnitKind, dict[str, float]] = {
    UnitKind.DURATION: {"seconds": 1 / 60, "minutes": 1.0, "hours": 60.0},
    UnitKind.DISTANCE: {"m": 1.0, "km": 1000.0, "miles": 1609.344},
    UnitKind.MASS: {"kg": 1.0, "lb": 0.45359237},
}


def convert(measure: Measure, unit: str) -> float | None:
    """Express a measure in another unit.

    Args:
        measure: The measure, e.g. 1 hour.
        unit: The unit wanted, e.g. "minutes" or "mins".

    Returns:
        The quantity in ``unit`` (60.0), or ``None`` when the units do not convert: different
        kinds, money (no exchange rates) or different countable items.
    """
    source, target = normalise_unit(measure.unit), normalise_unit(unit)
    if source == target:
        return float(measure.quantity)
    factors = _FACTORS.get(unit_kind(source), {})
    if source not in factors or target not in factors:
        return None
    return measure.quantity * factors[source] / factors[target]


def units_compatible(first: str, second: str) -> bool:
    """True when quantities in the two units can be added up (see :func:`convert`).

    Args:
        first: A unit.
        second: Another unit.

    Returns:
        Whether one converts to the other.
    """
    return convert(Measure(1.0, first), second) is not None


def add_quantity(existing: float | None, new: Measure, target: Measure | None) -> float:
    """Add a win's quantity to what was already logged today, in the target's unit.

    ``DailyEntry.quantity`` is stored in the unit of the target in force that day, so a second
    win the same day adds up: 30 minutes, then "1 hour" toward a minutes target, is 90.

    Args:
        existing: The quantity already logged today, ``None`` when nothing was.
        new: The win's quantity; an empty unit means the target's unit ("did 20").
        target: The daily target in force; ``None`` for a goal without a quantity, where the
            number is kept as given.

    Returns:
        The new total.

    Raises:
        ValueError: If the units do not convert (20 pushups toward a minutes target); check
            with :func:`units_compatible` first and log the win without its number.
    """
    base = existing or 0.0
    if target is None or not new.unit:
        amount: float | None = new.quantity
    else:
        amount = convert(new, target.unit)
    if amount is None:
        raise ValueError(f"cannot add {new.unit!r} to a target in {target and target.unit!r}")
    # Rounding hides binary artefacts such as 0.1 + 0.2 km.
    return round(base + amount, 6)
