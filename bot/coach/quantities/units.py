"""The units a quantity can be in: their kinds, canonical names and every alias read.

Decisions (all deliberate, all tested):

* **Canonical units.** Known units are stored under one canonical name: the plural for nouns
  ("words", "minutes", "pushups", "books"), the usual symbol for metric units ("km", "kg", "m"),
  and the ISO 4217 code for money ("EUR", "USD", "GBP"). ``$`` is read as USD. Unknown nouns
  after a number ("10 paying subscribers") are kept as written, lowercased, and counted as
  discrete items.
* **Other languages' unit names** (:data:`bot.coach.lexicon.units.UNIT_NAMES`: "км",
  "palabras") are aliases of the same units.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.coach.lexicon.formats import is_local_unit_word
from bot.coach.lexicon.units import UNIT_NAMES
from bot.coach.models import Measure


class UnitKind(StrEnum):
    """What sort of thing a unit measures; decides rounding and how an action can shrink."""

    COUNT = "count"  # discrete items: words, pages, books, clients, pushups (whole numbers)
    DURATION = "duration"
    DISTANCE = "distance"
    MASS = "mass"
    MONEY = "money"
    VOLUME = "volume"
    OTHER = "other"  # percent and similar ratios


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """A known unit.

    Attributes:
        name: The canonical name stored in ``Measure.unit``.
        singular: The form used for a quantity of exactly 1 and in adjectives ("45-minute").
        kind: What the unit measures.
        symbol: For currencies, the symbol written before the number, if there is one.
    """

    name: str
    singular: str
    kind: UnitKind
    symbol: str | None = None


def _unit(
    name: str, singular: str, kind: UnitKind, *aliases: str, symbol: str | None = None
) -> tuple[UnitInfo, tuple[str, ...]]:
    return UnitInfo(name, singular, kind, symbol), (name, singular, *aliases)


def _count(
    plural: str, singular: str | None = None, *aliases: str
) -> tuple[UnitInfo, tuple[str, ...]]:
    return _unit(plural, singular or plural[:-1], UnitKind.COUNT, *aliases)


_D, _L, _M, _C, _V, _O = (
    UnitKind.DURATION,
    UnitKind.DISTANCE,
    UnitKind.MASS,
    UnitKind.MONEY,
    UnitKind.VOLUME,
    UnitKind.OTHER,
)

_TABLE: tuple[tuple[UnitInfo, tuple[str, ...]], ...] = (
    _unit("seconds", "second", _D, "sec", "secs"),
    _unit("minutes", "minute", _D, "min", "mins"),
    _unit("hours", "hour", _D, "h", "hr", "hrs"),
    _unit("km", "km", _L, "kms", "kilometer", "kilometers", "kilometre", "kilometres"),
    _unit("m", "m", _L, "meter", "meters", "metre", "metres"),
    _unit("miles", "mile", _L, "mi"),
    _unit("kg", "kg", _M, "kgs", "kilo", "kilos", "kilogram", "kilograms"),
    _unit("lb", "lb", _M, "lbs", "pound", "pounds"),
    _unit("litres", "litre", _V, "l", "liter", "liters"),
    _unit("EUR", "EUR", _C, "€", "eur", "euro", "euros", symbol="€"),
    _unit("USD", "USD", _C, "$", "usd", "dollar", "dollars", "bucks", symbol="$"),
    _unit("GBP", "GBP", _C, "£", "gbp", "quid", symbol="£"),
    _unit("JPY", "JPY", _C, "¥", "jpy", "yen", symbol="¥"),
    _unit("INR", "INR", _C, "₹", "inr", "rupee", "rupees", symbol="₹"),
    _unit("RUB", "RUB", _C, "₽", "rub", "rouble", "roubles", "ruble", "rubles", symbol="₽"),
    *(
        _unit(code, code, _C, code.lower())
        for code in ("CHF", "CAD", "AUD", "NZD", "SEK", "NOK", "DKK", "PLN", "CZK", "UAH")
    ),
    _unit("BRL", "BRL", _C, "R$", "brl", "real", symbol="R$"),
    _unit("%", "%", _O, "percent", "pct"),
    _count("words", None, "wds"),
    _count("pages", None, "pp", "pgs"),
    _count("chapters"),
    _count("scenes"),
    _count("books"),
    _count("articles"),
    _count("essays"),
    _count("poems"),
    _count("stories", "story"),
    _count("posts", None, "blogposts"),
    _count("videos"),
    _count("episodes"),
    _count("songs"),
    _count("sketches", "sketch"),
    _count("drawings"),
    _count("paintings"),
    _count("photos"),
    _count("lines"),
    _count("commits"),
    _count("clients"),
    _count("customers"),
    _count("leads"),
    _count("subscribers"),
    _count("followers"),
    _count("users"),
    _count("sales", "sale"),
    _count("calls"),
    _count("emails"),
    _count("pitches", "pitch"),
    _count("proposals"),
    _count("applications"),
    _count("interviews"),
    _count("pushups", None, "pushup", "pressups", "pressup"),
    _count("situps", None, "situp", "crunches", "crunch"),
    _count("pullups", None, "pullup", "chinups", "chinup"),
    _count("squats"),
    _count("burpees"),
    _count("lunges"),
    _count("reps"),
    _count("steps"),
    _count("laps"),
    _count("workouts"),
    _count("runs"),
    _count("sessions"),
    _count("lessons"),
    _count("classes", "class"),
    _count("courses"),
    _count("exercises"),
    _count("problems"),
    _count("flashcards", None, "cards", "card"),
    _count("pomodoros", "pomodoro"),
    _count("tasks"),
    _count("glasses", "glass"),
    _count("cups"),
    _count("meals"),
    _count("recipes"),
)

BY_ALIAS: dict[str, UnitInfo] = {}
"""Every name a unit is read by, lowercased ("mins", "kilometres", "€", "км") → the unit."""
BY_NAME: dict[str, UnitInfo] = {}
"""Canonical name → the unit."""
for _info, _aliases in _TABLE:
    BY_NAME[_info.name] = _info
    for _alias in _aliases:
        BY_ALIAS.setdefault(_alias.lower(), _info)
ENGLISH_ONLY = frozenset(
    alias
    for alias in BY_ALIAS
    if len(alias) > 3  # "km", "kg", "min", "h": written alike in every language
    and not is_local_unit_word(alias)
    and all(alias not in names for names in UNIT_NAMES.values())
)
"""Unit words only English has ("words", "minutes"; not "km" or "min", which others share)."""
for _name, _names in UNIT_NAMES.items():  # "км", "palabras", "páginas": the other languages
    for _alias in _names:
        BY_ALIAS.setdefault(_alias, BY_NAME[_name])


def unit_info(unit: str) -> UnitInfo | None:
    """Look up a known unit by its canonical name or any alias ("mins", "kilometres", "€").

    Args:
        unit: A unit name as stored in a ``Measure`` or as a user might type it.

    Returns:
        The unit's description, or ``None`` for units this module does not know.
    """
    key = unit.strip()
    if key in BY_NAME:
        return BY_NAME[key]
    return BY_ALIAS.get(key.lower().replace("-", "").replace(" ", ""))


def normalise_unit(unit: str) -> str:
    """Return the canonical spelling of a unit ("mins" -> "minutes", "€" -> "EUR").

    Args:
        unit: A unit as typed.

    Returns:
        The canonical name for known units; unknown units lowercased with spaces collapsed.
    """
    info = unit_info(unit)
    if info is not None:
        return info.name
    return " ".join(unit.lower().split())


def unit_kind(unit: str) -> UnitKind:
    """Classify a unit. Unknown units are treated as countable items ("10 sketches").

    Args:
        unit: A canonical unit name or alias.

    Returns:
        The kind of quantity the unit measures.
    """
    info = unit_info(unit)
    return info.kind if info is not None else UnitKind.COUNT


def is_countable(unit: str) -> bool:
    """True for discrete items, which are planned in whole numbers and never as 0.

    Args:
        unit: A canonical unit name or alias.

    Returns:
        Whether quantities of this unit are whole items.
    """
    return unit_kind(unit) is UnitKind.COUNT


def to_minutes(measure: Measure) -> float | None:
    """Convert a duration to minutes.

    Args:
        measure: Any measure.

    Returns:
        The duration in minutes, or ``None`` if the measure is not a duration.
    """
    factor = {"seconds": 1 / 60, "minutes": 1.0, "hours": 60.0}.get(normalise_unit(measure.unit))
    return None if factor is None else measure.quantity * factor
