"""Writing a measure for people ("40,000 words", "€3,000", "45-minute", "40 000 слов"), or in
place of another in a text, written as that one was."""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

from bot.coach.lexicon import ENGLISH, Languages
from bot.coach.lexicon.formats import local_measure, speaks, unit_language
from bot.coach.models import Measure
from bot.coach.quantities.reading import MeasureMatch
from bot.coach.quantities.units import ENGLISH_ONLY, unit_info

_SAME_IN_SINGULAR = frozenset({"series", "species", "news", "sheep", "fish", "aircraft"})
_IE_NOUNS = frozenset(
    {"cookie", "movie", "calorie", "selfie", "smoothie", "brownie", "rookie", "zombie", "goalie"}
)


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
        if word in ENGLISH_ONLY:
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
