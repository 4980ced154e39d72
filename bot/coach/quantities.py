"""Quantities with units in free text: "40,000 words", "run 5 km", "save €3,000", "30 min".

The planning conversation asks for a 12-week outcome and a daily action in the user's own words;
this module finds the number and the unit in them and normalises both, so that the rest of the
coaching core can do arithmetic on a :class:`~bot.coach.models.Measure`.

Decisions (all deliberate, all tested):

* **Canonical units.** Known units are stored under one canonical name: the plural for nouns
  ("words", "minutes", "pushups", "books"), the usual symbol for metric units ("km", "kg", "m"),
  and the ISO 4217 code for money ("EUR", "USD", "GBP"). ``$`` is read as USD. Unknown nouns
  after a number ("10 paying subscribers") are kept as written, lowercased, and counted as
  discrete items.
* **Thousands and decimals.** "40,000", "1 000" (space, no-break or thin space) and "40k" are
  thousands. A comma followed by exactly three digits is a thousands separator ("2,500 km" is
  2500); any other comma is a decimal comma ("2,5 km" is 2.5). A dot is a decimal point, except
  for items and money, which never have three decimals ("15.000 words", "3.000 €"), and in
  "1.000.000". When both
  appear, the last one is the decimal separator ("1.000,5").
* **Calendar words are not units.** "in 12 weeks", "5 days a week" and "3 times" describe when,
  not how much, so the search skips them and looks further: "walk 30 minutes 5 days a week" is
  30 minutes.
* **Spelled-out numbers** count only before a known unit ("an hour", "one book", "half an
  hour"); "a"/"an" never count items, so "write a book" has no measure.
* **"3 sets of 10 pushups"** is 30 pushups; "1 hour 30 minutes" and "1h30" are 90 minutes.
* **Ranges take the lower end.** "5-10 pages" is 5 pages: the smaller commitment is the one to
  plan around.
* **"pounds"** is money (GBP) when the text is about money ("save 500 pounds"), weight (lb)
  otherwise ("lose 10 pounds").
* **Sanity limits.** Zero, negative, non-finite and absurdly large (> 10 million) quantities are
  rejected with a :class:`MeasureProblem` the caller can turn into a friendly question.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from bot.coach.lexicon import ENGLISH, Languages
from bot.coach.lexicon.formats import is_local_unit_word, local_measure, speaks, unit_language
from bot.coach.lexicon.units import (
    ARTICLES,
    CALENDAR_WORDS,
    HALF_HOUR,
    NUMBER_WORDS,
    RUN_WORDS,
    STOP_WORDS,
    UNIT_NAMES,
)
from bot.coach.models import Measure

MAX_QUANTITY = 10_000_000
"""Largest quantity accepted: more than any 12-week outcome a person could mean (10 million)."""

MAX_TEXT_LENGTH = 500
"""Longer texts are refused rather than scanned; a goal fits in a sentence or two."""


class MeasureProblem(StrEnum):
    """Why no usable measure could be read from a text or a number."""

    NO_NUMBER = "no_number"  # "lots", "", "write more"
    NO_UNIT = "no_unit"  # "40000" with no default unit to assume
    ZERO = "zero"
    NEGATIVE = "negative"
    TOO_LARGE = "too_large"  # above MAX_QUANTITY
    NOT_FINITE = "not_finite"  # NaN or infinity (only reachable from numbers, not text)
    TOO_LONG = "too_long"  # text longer than MAX_TEXT_LENGTH


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


@dataclass(frozen=True, slots=True)
class MeasureMatch:
    """A measure found in a text, with where it was found.

    Attributes:
        measure: The normalised measure.
        start: Index of the first character of the quantity (including a currency symbol).
        end: Index just after the unit.
        compound: True for the adjective form "45-minute", so a rewrite can keep that form.
    """

    measure: Measure
    start: int
    end: int
    compound: bool = False


# --- The unit table -------------------------------------------------------------------------


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

_BY_ALIAS: dict[str, UnitInfo] = {}
_BY_NAME: dict[str, UnitInfo] = {}
for _info, _aliases in _TABLE:
    _BY_NAME[_info.name] = _info
    for _alias in _aliases:
        _BY_ALIAS.setdefault(_alias.lower(), _info)
_ENGLISH_ONLY = frozenset(
    alias
    for alias in _BY_ALIAS
    if len(alias) > 3  # "km", "kg", "min", "h": written alike in every language
    and not is_local_unit_word(alias)
    and all(alias not in names for names in UNIT_NAMES.values())
)
"""Unit words only English has ("words", "minutes"; not "km" or "min", which others share)."""
for _name, _names in UNIT_NAMES.items():  # "км", "palabras", "páginas": the other languages
    for _alias in _names:
        _BY_ALIAS.setdefault(_alias, _BY_NAME[_name])


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words after a number that say when or how often, not how much: skip this number.
_CALENDAR = (
    _words(
        """day days week weeks wk wks month months mo year years yr yrs time times x am pm
    o'clock oclock st nd rd th weekday weekdays weekend weekends morning mornings evening
    evenings night nights
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday saturday sunday
    mon tue tues wed thu thur thurs fri sat sun"""
    )
    | CALENDAR_WORDS
)

# Function words end the noun phrase after a number ("10 pages of my novel" -> "pages").
_STOP = (
    _words(
        """a an the per each every of to in on at by for from with and or then than before after
    this that these those my your our his her their its daily weekly monthly yearly today
    tomorrow tonight more less total overall i we you it is are be was will so as if into over
    under until till up down out off about around approximately roughly minimum maximum least
    most within during while when where which who what"""
    )
    | STOP_WORDS
)

_SAME_IN_SINGULAR = frozenset({"series", "species", "news", "sheep", "fish", "aircraft"})
_IE_NOUNS = frozenset(
    {"cookie", "movie", "calorie", "selfie", "smoothie", "brownie", "rookie", "zombie", "goalie"}
)

_NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
    "hundred": 100,
    **NUMBER_WORDS,
}
_ARTICLES = frozenset({"a", "an"}) | ARTICLES
_NUMBER_WORD = "|".join(map(re.escape, sorted(_NUMBER_WORDS, key=len, reverse=True)))
_HALF_HOUR = "|".join(
    r"[\s-]+".join(map(re.escape, words.replace("-", " ").split())) for words in HALF_HOUR
)

_SPACES = " \u00a0\u2009\u202f"

_NUMBER_RE = re.compile(
    r"""
    (?<![\w.,])
    (?P<neg>[-−])?
    (?P<cur>(?:R\$|[€$£¥₹₽])\s?)?
    (?:
        (?P<num>
            \d{1,3}(?:[\u0020\u00a0\u2009\u202f]\d{3})+(?![\d.,])   # 1 000 / 1 000 000
          | \d+(?:[.,]\d+)*                                         # 40,000 / 2,5 / 1.5
          | \.\d+                                                   # .5
        )
        (?:
            [eE](?P<exp>[+-]?\d{1,4})(?!\w)                           # 1e9
          | \s?(?:[×x*·]\s?(?P<ten>10)\s?)?                          # 3×10^3, 3 x 10³
            (?:(?:\^|\*\*)\s?(?P<pow>[-−+]?\d{1,5})(?![\d.,])        # 10^30, 10**30
              | (?P<sup>⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,5}))                         # 10³⁰
        )?
      | (?P<halfhour>\b(?:HALF_HOUR)\b)
      | (?P<word>\b(?:half|NUMBER_WORD)\b)
    )
    """.replace("HALF_HOUR", _HALF_HOUR).replace("NUMBER_WORD", _NUMBER_WORD),
    re.VERBOSE | re.IGNORECASE,
)
_CODE_BEFORE_RE = re.compile(
    r"\b(EUR|USD|GBP|CHF|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|BRL|UAH|JPY|INR|RUB)\s?$", re.IGNORECASE
)
_RANGE_RE = re.compile(r"\s*(?:[-–—]|\bto\b)\s*\d+(?:[.,]\d+)?", re.IGNORECASE)
_MULT_RE = re.compile(
    r"\s?(?P<m>(?i:k|thousand|mil|тыс\.?|тысяч[аи]?|million|millones|millón|milh(?:ão|ões)|млн"
    r"|миллион(?:а|ов)?)|M)(?![^\W\d_])"
)
_THOUSANDS = frozenset({"k", "thousand", "mil", "тыс", "тыс.", "тысяча", "тысячи", "тысяч"})
_SETS_OF_RE = re.compile(r"\s+of\s+", re.IGNORECASE)
_SETS = frozenset({"sets", "rounds"})
_HALF_HOUR_RE = re.compile(r"\s+(?:an\s+)?hour\b", re.IGNORECASE)
_COMPOUND_RE = re.compile(r"-(?P<w>[^\W\d_]+)")
_SYMBOL_RE = re.compile(r"\s?(?P<s>[%€$£¥₹₽])")
_WORD_RE = re.compile(r"(?P<sp>\s?)(?P<w>[^\W\d_]+(?:['’-][^\W\d_]+)*)")
_REST_MINUTES_RE = re.compile(
    r"\s*(?:and\s+)?(?P<n>\d{1,2})\s?(?:minutes|minute|mins|min|m)(?![^\W\d_])", re.IGNORECASE
)
_GLUED_MINUTES_RE = re.compile(r"(?P<n>\d{2})(?![\w.,])")
_MONEY_CONTEXT_RE = re.compile(
    r"\b(save|saving|savings|saved|earn|earning|raise|make|spend|pay|paid|invest|income|"
    r"revenue|sell|budget|debt|profit|salary|money|fund|donate)\w*",
    re.IGNORECASE,
)
_RUN_CONTEXT_RE = re.compile(
    r"\b(?:run|running|race|jog|jogging|parkrun|" + "|".join(sorted(RUN_WORDS)) + r")\b",
    re.IGNORECASE,
)
_MAX_RUN_WORDS = 3


# --- Public helpers ---------------------------------------------------------------------------


def unit_info(unit: str) -> UnitInfo | None:
    """Look up a known unit by its canonical name or any alias ("mins", "kilometres", "€").

    Args:
        unit: A unit name as stored in a ``Measure`` or as a user might type it.

    Returns:
        The unit's description, or ``None`` for units this module does not know.
    """
    key = unit.strip()
    if key in _BY_NAME:
        return _BY_NAME[key]
    return _BY_ALIAS.get(key.lower().replace("-", "").replace(" ", ""))


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


def check_quantity(quantity: float) -> MeasureProblem | None:
    """Check that a number can be a goal's quantity.

    Args:
        quantity: The number to check.

    Returns:
        The problem, or ``None`` when the quantity is positive, finite and at most
        :data:`MAX_QUANTITY`.
    """
    if not math.isfinite(quantity):
        return MeasureProblem.NOT_FINITE
    if quantity < 0:
        return MeasureProblem.NEGATIVE
    if quantity == 0:
        return MeasureProblem.ZERO
    if quantity > MAX_QUANTITY:
        return MeasureProblem.TOO_LARGE
    return None


def make_measure(quantity: float, unit: str) -> Measure | MeasureProblem:
    """Build a validated measure with a normalised unit.

    Args:
        quantity: The amount.
        unit: The unit as typed.

    Returns:
        The measure, or the reason the quantity is unusable.
    """
    problem = check_quantity(quantity)
    if problem is not None:
        return problem
    return Measure(float(quantity), normalise_unit(unit))


def find_measure(text: str, *, default_unit: str | None = None) -> MeasureMatch | MeasureProblem:
    """Find the first quantity with a unit in free text, and where it is.

    Numbers followed by calendar words ("12 weeks", "5 days a week") are skipped. A number with
    no unit anywhere in the text is used with ``default_unit`` if one is given (the bot asked
    "how many words?" and the user typed "40000").

    Args:
        text: What the user wrote.
        default_unit: Unit to assume for a bare number.

    Returns:
        The match, or the reason no usable measure was found. A number with a unit that fails
        :func:`check_quantity` reports that problem rather than being skipped.
    """
    if len(text) > MAX_TEXT_LENGTH:
        return MeasureProblem.TOO_LONG
    money_context = _MONEY_CONTEXT_RE.search(text) is not None
    bare: tuple[float, int, int] | None = None
    bare_problem: MeasureProblem | None = None
    for match in _NUMBER_RE.finditer(text):
        found = _measure_at(text, match, money_context=money_context)
        if isinstance(found, MeasureMatch | MeasureProblem):
            return found
        if found is not None and bare is None and bare_problem is None:
            bare_value, bare_end = found
            bare_problem = check_quantity(bare_value)
            bare = (bare_value, match.start(), bare_end)
    if bare_problem is not None:
        return bare_problem
    if bare is None:
        return MeasureProblem.NO_NUMBER
    if default_unit is None:
        return MeasureProblem.NO_UNIT
    value, start, end = bare
    return MeasureMatch(Measure(value, normalise_unit(default_unit)), start, end)


def read_measure(text: str, *, default_unit: str | None = None) -> Measure | MeasureProblem:
    """Like :func:`find_measure` without the position.

    Args:
        text: What the user wrote.
        default_unit: Unit to assume for a bare number.

    Returns:
        The measure, or the reason there is none.
    """
    found = find_measure(text, default_unit=default_unit)
    return found.measure if isinstance(found, MeasureMatch) else found


def parse_measure(text: str, *, default_unit: str | None = None) -> Measure | None:
    """Find a quantity and its unit in free text ("write 40k words" -> 40000 words).

    Args:
        text: What the user wrote.
        default_unit: Unit to assume for a bare number.

    Returns:
        The measure, or ``None`` when there is none or it is nonsense (see :func:`read_measure`
        for the reason).
    """
    found = read_measure(text, default_unit=default_unit)
    return found if isinstance(found, Measure) else None


def format_quantity(quantity: float) -> str:
    """Format a number for people: thousands separators, no needless decimals.

    At most two decimals are shown ("2.5", "0.25", "13,300"); smaller non-zero values keep
    their first significant digit so that they never read as 0.

    Args:
        quantity: The number.

    Returns:
        The formatted number.
    """
    if not math.isfinite(quantity):
        return str(quantity)
    exact = Decimal(repr(quantity))
    if exact != 0 and abs(exact) < Decimal("0.01"):
        return format(exact.normalize(), "f")
    rounded = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def format_measure(
    measure: Measure,
    *,
    adjective: bool = False,
    language: Languages = None,
    accusative: bool = False,
) -> str:
    """Format a measure: "40,000 words", "1 book", "5 km", "€3,000", "45-minute", or in the
    user's language: "40 000 слов", "3.300 palabras", "R$ 3.000".

    Args:
        measure: The measure.
        adjective: Use the English compound adjective form ("a 10-minute walk").
        language: The language to write it in (English by default).
        accusative: The amount follows a verb ("прочитать 21 страницу"; see
            :func:`bot.coach.lexicon.formats.local_measure`).

    Returns:
        The formatted measure.
    """
    local = None if adjective else local_measure(measure, language, accusative=accusative)
    if local is not None:
        return local
    number = format_quantity(measure.quantity)
    info = unit_info(measure.unit)
    if info is not None and info.symbol is not None:
        return f"{info.symbol}{number}"
    if info is not None and info.name == "%":
        return f"{number}%"
    if info is None:
        unit = _singular(measure.unit) if measure.quantity == 1 else measure.unit
        return f"{number} {unit}".rstrip()
    if adjective:
        return f"{number}-{info.singular}"
    unit = info.singular if measure.quantity == 1 else info.name
    return f"{number} {unit}"


def written_in(text: str, match: MeasureMatch, language: Languages = None) -> str:
    """The language the amount at ``match`` is written in, so that a new one reads alike.

    The unit word decides when only one language has it ("words" English, "слов" Russian,
    "palabras" Spanish); a unit every language writes alike ("km", "€", "minutos") follows the
    text's script (Cyrillic is Russian) and then the user's language, unless that is Russian
    and the text is not (a Russian user's "run 5 km" stays English).

    Args:
        text: The text ``match`` was found in.
        match: Where the amount is.
        language: The user's language.

    Returns:
        "en", "ru", "es" or "pt".
    """
    if match.compound:
        return ENGLISH  # "45-minute": only English writes the amount as an adjective
    for word in _UNIT_WORD_RE.findall(text[match.start : match.end].lower()):
        if word in _ENGLISH_ONLY:
            return ENGLISH
        found = unit_language(word)
        if found is not None:
            return found
    if _CYRILLIC_RE.search(text):
        return "ru"
    code = speaks(language)
    return ENGLISH if code == "ru" else code


def replace_measure(
    text: str, match: MeasureMatch, measure: Measure, language: Languages = None
) -> str:
    """Put another measure where the old one was in a text, written as the old one was.

    "run 45 minutes" becomes "run 20 minutes"; the adjective form is kept, so "one 45-minute
    block" becomes "one 20-minute block"; "написать 480 слов" becomes "написать 510 слов" and
    "escribir 1.000 palabras" "escribir 500 palabras" (see :func:`written_in`).

    Args:
        text: The text ``match`` was found in.
        match: Where the old measure is.
        measure: The new measure.
        language: The user's language, for a unit every language writes alike.

    Returns:
        The rewritten text.
    """
    code = written_in(text, match, language)
    after_verb = bool(text[: match.start].strip())
    new = format_measure(measure, adjective=match.compound, language=code, accusative=after_verb)
    return f"{text[: match.start]}{new}{text[match.end :]}"


_UNIT_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")
_CYRILLIC_RE = re.compile(r"[а-яё]", re.IGNORECASE)


def _singular(phrase: str) -> str:
    """Best-effort singular of an unknown plural noun phrase ("comic strips" → "comic strip")."""
    head, _, last = phrase.rpartition(" ")
    if last in _SAME_IN_SINGULAR or last.endswith(("ss", "us", "is")):
        return phrase
    if last.endswith("ies") and len(last) > 4 and last[:-1] not in _IE_NOUNS:
        last = last[:-3] + "y"
    elif last.endswith(("ches", "shes", "xes")):
        last = last[:-2]
    elif last.endswith("s"):
        last = last[:-1]
    return f"{head} {last}" if head else last


# --- Scanning ---------------------------------------------------------------------------------


def _measure_at(
    text: str, match: re.Match[str], *, money_context: bool
) -> MeasureMatch | MeasureProblem | tuple[float, int] | None:
    """Read the measure that starts at a number match.

    Returns a match or a problem when this number has a unit; ``(value, end)`` for a bare
    number; ``None`` when the number is to be skipped (calendar words, dates, word numbers
    without a known unit).
    """
    if match.group("halfhour") is not None:
        return MeasureMatch(Measure(30.0, "minutes"), match.start(), match.end())
    word = match.group("word")
    if word is not None:
        return _word_measure(text, match, money_context=money_context)
    pos = match.end()
    range_match = _RANGE_RE.match(text, pos)
    if range_match is not None:
        pos = range_match.end()
    multiplier = 1.0
    mult_match = _MULT_RE.match(text, pos)
    if mult_match is not None:
        multiplier = 1e3 if mult_match.group("m").lower() in _THOUSANDS else 1e6
        pos = mult_match.end()
    found = _unit_after(text, match, pos, money_context=money_context)
    if found is None:
        return None  # calendar word: not a measure
    unit, start, end, compound = found

    # Items and money never have three decimals, so "15.000 words" and "3.000 €" are thousands.
    whole_items = not isinstance(unit, UnitInfo) or unit.kind in {UnitKind.COUNT, UnitKind.MONEY}
    value = _to_number(match.group("num"), dot_thousands=whole_items)
    if value is None:
        return None  # "15.03.2027" and other dates
    value = _with_exponent(value, match)
    if value == math.inf:
        return MeasureProblem.TOO_LARGE
    if unit is None and multiplier == 1e3 and _RUN_CONTEXT_RE.search(text):
        unit = _BY_NAME["km"]  # "run a 5k": runners mean kilometres
    else:
        value *= multiplier
    if match.group("neg") is not None:
        value = -value
    if unit is None:
        return value, end

    if isinstance(unit, UnitInfo) and unit.name == "hours":
        extra = _extra_minutes(text, end)
        if extra is not None:
            minutes, end = extra
            unit, value = _BY_NAME["minutes"], value * 60 + minutes
    if unit in _SETS:
        inner = _sets_of(text, end, money_context=money_context)
        if inner is not None:  # "3 sets of 10 pushups" is 30 pushups
            value, unit, end = value * inner.measure.quantity, inner.measure.unit, inner.end
    problem = check_quantity(value)
    if problem is not None:
        return problem
    name = unit.name if isinstance(unit, UnitInfo) else unit
    return MeasureMatch(Measure(value, name), start, end, compound)


_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def _with_exponent(value: float, match: re.Match[str]) -> float:
    """Apply the number's exponent: 1e9, 10^30 and 10³⁰ are worked out, never read as 30.

    An overflow is infinity, which the caller reports as too large.
    """
    exp, power, sup = match.group("exp"), match.group("pow"), match.group("sup")
    if exp is None and power is None and sup is None:
        return value
    try:
        if exp is not None:
            return value * 10.0 ** int(exp)
        exponent = int((power or sup or "").replace("−", "-").translate(_SUPERSCRIPTS))
        if match.group("ten") is not None:
            return value * 10.0**exponent  # scientific notation: 3×10^3
        return float(value**exponent)
    except (OverflowError, ZeroDivisionError):
        return math.inf


def _unit_after(
    text: str, match: re.Match[str], pos: int, *, money_context: bool
) -> tuple[UnitInfo | str | None, int, int, bool] | None:
    """Find the unit of a digit number: ``(unit, start, end, compound)``, ``None`` to skip."""
    start = match.start()
    currency = match.group("cur")
    code_before = _CODE_BEFORE_RE.search(text, 0, start)
    unit: UnitInfo | str | None
    if currency is not None:
        unit, end, compound = _BY_ALIAS[currency.strip().lower()], pos, False
    elif code_before is not None and match.group("neg") is None:
        unit, end, compound = _BY_ALIAS[code_before.group(1).lower()], pos, False
        start = code_before.start()
    else:
        read = _read_unit(text, pos, money_context=money_context)
        if read is None:
            return None
        unit, end, compound = read
    if isinstance(unit, UnitInfo) and unit.kind is UnitKind.MONEY:
        # "€3000 €" or "EUR 3000€": swallow a repeated symbol so a rewrite replaces it too.
        symbol_after = _SYMBOL_RE.match(text, end)
        if symbol_after is not None and symbol_after.group("s") != "%":
            end = symbol_after.end()
    return unit, start, end, compound


def _sets_of(text: str, pos: int, *, money_context: bool) -> MeasureMatch | None:
    of = _SETS_OF_RE.match(text, pos)
    if of is None:
        return None
    number = _NUMBER_RE.match(text, of.end())
    if number is None or number.group("num") is None:
        return None
    inner = _measure_at(text, number, money_context=money_context)
    return inner if isinstance(inner, MeasureMatch) else None


def _word_measure(text: str, match: re.Match[str], *, money_context: bool) -> MeasureMatch | None:
    """A spelled-out number counts only before a known unit ("an hour", "one book")."""
    lowered = match.group("word").lower()
    if lowered == "half":
        half_hour = _HALF_HOUR_RE.match(text, match.end())
        if half_hour is None:
            return None
        return MeasureMatch(Measure(30.0, "minutes"), match.start(), half_hour.end())
    read = _read_unit(text, match.end(), money_context=money_context)
    if read is None:
        return None
    unit, end, compound = read
    if not isinstance(unit, UnitInfo):
        return None
    if lowered in _ARTICLES and unit.kind is UnitKind.COUNT:
        return None  # "write a book" is a done test, not a count of one
    quantity = float(_NUMBER_WORDS[lowered])
    return MeasureMatch(Measure(quantity, unit.name), match.start(), end, compound)


def _read_unit(
    text: str, pos: int, *, money_context: bool
) -> tuple[UnitInfo | str | None, int, bool] | None:
    """Read the unit after a number.

    Returns ``(unit, end, compound)`` where unit is a known unit, an unknown noun phrase, or
    ``None`` (a bare number); returns ``None`` altogether for calendar words.
    """
    symbol = _SYMBOL_RE.match(text, pos)
    if symbol is not None:
        return _BY_ALIAS[symbol.group("s")], symbol.end(), False

    compound = _COMPOUND_RE.match(text, pos)
    if compound is not None:
        info = _lookup(compound.group("w"), money_context=money_context)
        if compound.group("w").lower() in _CALENDAR:
            return None
        if info is not None:
            return info, compound.end(), True

    words: list[tuple[str, int]] = []  # (word, end)
    cursor = pos
    while len(words) < _MAX_RUN_WORDS:
        word_match = _WORD_RE.match(text, cursor)
        if word_match is None or (words and not word_match.group("sp")):
            break
        word = word_match.group("w")
        lowered = word.lower()
        if not words and lowered in _CALENDAR:
            return None
        if lowered in _STOP or lowered in _CALENDAR:
            break
        words.append((word, word_match.end("w")))
        cursor = word_match.end()

    if not words:
        return None, pos, False
    first = _lookup(words[0][0], money_context=money_context)
    if first is not None and first.kind is not UnitKind.COUNT:
        return first, words[0][1], False  # "30 minutes meditation": duration wins at once
    known: tuple[UnitInfo, int] | None = None
    for index, (word, end) in enumerate(words):
        if index + 1 < len(words):
            joined = _lookup(word + words[index + 1][0], money_context=money_context)
            if joined is not None:  # "push ups", "sit ups"
                known = (joined, words[index + 1][1])
                continue
        info = _lookup(word, money_context=money_context)
        if info is not None and (known is None or known[1] < end):
            known = (info, end)
    if known is not None:
        return known[0], known[1], False
    phrase = " ".join(word.lower() for word, _ in words)
    return phrase, words[-1][1], False


def _lookup(word: str, *, money_context: bool) -> UnitInfo | None:
    info = _BY_ALIAS.get(word.lower().replace("-", "").replace("'", "").replace("’", ""))
    if (
        info is not None
        and info.name == "lb"
        and word.lower().startswith("pound")
        and money_context
    ):
        return _BY_NAME["GBP"]
    return info


def _extra_minutes(text: str, pos: int) -> tuple[float, int] | None:
    """Minutes after hours: "1 hour 30 minutes", "2 hours and 15 min", "1h30"."""
    spoken = _REST_MINUTES_RE.match(text, pos)
    if spoken is not None:
        return float(spoken.group("n")), spoken.end()
    glued = _GLUED_MINUTES_RE.match(text, pos)
    if glued is not None and int(glued.group("n")) < 60:
        return float(glued.group("n")), glued.end()
    return None


def _to_number(raw: str, *, dot_thousands: bool) -> float | None:
    """Interpret digits with separators; ``None`` when they are not one number (a date)."""
    if any(space in raw for space in _SPACES):
        return float("".join(ch for ch in raw if ch not in _SPACES))
    if "," in raw and "." in raw:
        decimal_sep = "," if raw.rfind(",") > raw.rfind(".") else "."
        thousands_sep = "." if decimal_sep == "," else ","
        whole, _, fraction = raw.rpartition(decimal_sep)
        if decimal_sep in whole or not _is_grouped(whole, thousands_sep):
            return None
        return float(whole.replace(thousands_sep, "") + "." + fraction)
    for sep in (",", "."):
        if sep not in raw:
            continue
        parts = raw.split(sep)
        if len(parts) > 2:
            return float("".join(parts)) if _is_grouped(raw, sep) else None
        head, tail = parts
        # A comma with three digits after it is English thousands; a dot is only for items.
        thousands = len(tail) == 3 and head not in {"", "0"} and (sep == "," or dot_thousands)
        return float(head + tail) if thousands else float(f"{head or '0'}.{tail}")
    return float(raw)


def _is_grouped(raw: str, sep: str) -> bool:
    head, *groups = raw.split(sep)
    return 1 <= len(head) <= 3 and head[0] != "0" and all(len(g) == 3 for g in groups)
