"""Finding a measure, a number and its unit, in free text ("write 40k words" → 40,000 words).

Decisions (all deliberate, all tested):

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
from enum import StrEnum

from bot.coach.lexicon.units import ARTICLES, CALENDAR_WORDS, RUN_WORDS, STOP_WORDS
from bot.coach.models import Measure
from bot.coach.quantities.numbers import NUMBER_RE, SPELLED_NUMBERS, to_number, with_exponent
from bot.coach.quantities.units import BY_ALIAS, BY_NAME, UnitInfo, UnitKind, normalise_unit

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

_ARTICLES = frozenset({"a", "an"}) | ARTICLES
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
    for match in NUMBER_RE.finditer(text):
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
    value = to_number(match.group("num"), dot_thousands=whole_items)
    if value is None:
        return None  # "15.03.2027" and other dates
    value = with_exponent(value, match)
    if value == math.inf:
        return MeasureProblem.TOO_LARGE
    if unit is None and multiplier == 1e3 and _RUN_CONTEXT_RE.search(text):
        unit = BY_NAME["km"]  # "run a 5k": runners mean kilometres
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
            unit, value = BY_NAME["minutes"], value * 60 + minutes
    if unit in _SETS:
        inner = _sets_of(text, end, money_context=money_context)
        if inner is not None:  # "3 sets of 10 pushups" is 30 pushups
            value, unit, end = value * inner.measure.quantity, inner.measure.unit, inner.end
    problem = check_quantity(value)
    if problem is not None:
        return problem
    name = unit.name if isinstance(unit, UnitInfo) else unit
    return MeasureMatch(Measure(value, name), start, end, compound)


def _unit_after(
    text: str, match: re.Match[str], pos: int, *, money_context: bool
) -> tuple[UnitInfo | str | None, int, int, bool] | None:
    """Find the unit of a digit number: ``(unit, start, end, compound)``, ``None`` to skip."""
    start = match.start()
    currency = match.group("cur")
    code_before = _CODE_BEFORE_RE.search(text, 0, start)
    unit: UnitInfo | str | None
    if currency is not None:
        unit, end, compound = BY_ALIAS[currency.strip().lower()], pos, False
    elif code_before is not None and match.group("neg") is None:
        unit, end, compound = BY_ALIAS[code_before.group(1).lower()], pos, False
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
    number = NUMBER_RE.match(text, of.end())
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
    quantity = float(SPELLED_NUMBERS[lowered])
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
        return BY_ALIAS[symbol.group("s")], symbol.end(), False

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
    info = BY_ALIAS.get(word.lower().replace("-", "").replace("'", "").replace("’", ""))
    if (
        info is not None
        and info.name == "lb"
        and word.lower().startswith("pound")
        and money_context
    ):
        return BY_NAME["GBP"]
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
