"""Amounts in the user's language: numbers, unit names and their plurals.

The coach writes amounts into texts it keeps (a plan's month, week and day: "написать 13 300
слов", "escribir 3.300 palabras") and into the two-minute check's rewrites, so the amount has
to read as the language writes it. The views say the same amounts through Babel
(``bot/views/i18n.py``); ``tests/coach/test_lexicon.py`` holds the numbers and plural forms
here to Babel's (CLDR's) for each language, so a text the coach wrote and a figure a view
formats never disagree.

Plural forms follow the languages' rules: Russian one/few/many ("1 минута", "2 минуты",
"5 минут", "21 минута", "2,5 минуты"), Spanish one/other (1 only), Portuguese one/other (0
and 1, and the fractions between them, are singular). After a verb ("прочитать 21 страницу")
Russian takes the accusative, which differs from the nominative only in the singular of
feminine nouns; :func:`local_measure` gives it with ``accusative=True``.

A unit the tables do not name (the user's own "страничек дневника") keeps the user's words;
only its number is written the language's way.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from bot.coach.lexicon import ENGLISH, Languages, language_order, lexicon
from bot.coach.lexicon.base import expand
from bot.coach.models import Measure
from bot.coach.tables import string_table, word_table

_RU: Final[Mapping[str, tuple[str, str, str]]] = {
    unit: (one, few, many)
    for unit, (one, few, many) in word_table("ru-unit-forms", width=3).items()
}
_RU_ACCUSATIVE: Final[Mapping[str, str]] = {
    unit: forms[0][:-1] + {"а": "у", "я": "ю"}[forms[0][-1]]
    for unit, forms in _RU.items()
    if forms[0][-1] in "ая"
}
"""The singular after a verb where it differs: "прочитать 1 страницу", "медитировать 21 минуту"."""

_RU_NAMED: Final[Mapping[str, str]] = string_table("ru-unit-names")
"""A unit named on its own (nominative plural) where it differs from the "few" form."""

_ES: Final[Mapping[str, tuple[str, str]]] = {
    unit: (one, many) for unit, (one, many) in word_table("es-unit-forms", width=2).items()
}
_PT: Final[Mapping[str, tuple[str, str]]] = {
    unit: (one, many) for unit, (one, many) in word_table("pt-unit-forms", width=2).items()
}
_FORMS: Final[Mapping[str, Mapping[str, tuple[str, ...]]]] = {"ru": _RU, "es": _ES, "pt": _PT}

_SYMBOLS: Final[Mapping[str, str]] = {
    "EUR": "€",
    "USD": "$",
    "GBP": "£",
    "JPY": "¥",
    "INR": "₹",
    "RUB": "₽",
    "BRL": "R$",
}
"""Currencies written with a symbol; other codes ("CHF") are written as codes."""

_NBSP: Final = "\u00a0"
_MONEY_FIRST: Final = frozenset({"pt"})
"""Languages that write the currency before the number ("R$ 3.000"; Russian and Spanish
write "3 000 ₽", "3.000 €")."""
_PERCENT_SPACE: Final = frozenset({"ru", "es"})
"""Languages with a space before "%" ("5 %"; Portuguese writes "5%")."""

_SEPARATORS: Final = {"ru": (_NBSP, ","), "es": (".", ","), "pt": (".", ","), ENGLISH: (",", ".")}
"""Thousands and decimal separators, as CLDR (Babel) writes them."""


def local_number(quantity: float, code: str) -> str:
    """A number as the language writes it: its thousands separator and decimal mark.

    At most two decimals, as in :func:`bot.coach.quantities.writing.format_quantity`; smaller
    non-zero values keep their first significant digit so that they never read as 0.

    Args:
        quantity: The number.
        code: "ru", "es", "pt" or "en".

    Returns:
        E.g. "1 000" (with a no-break space), "10.000", "2,5".
    """
    if not math.isfinite(quantity):
        return str(quantity)
    group, decimal = _SEPARATORS.get(code, _SEPARATORS[ENGLISH])
    exact = Decimal(repr(quantity))
    if exact != 0 and abs(exact) < Decimal("0.01"):
        return format(exact.normalize(), "f").replace(".", decimal)
    rounded = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{abs(rounded):.2f}".partition(".")
    groups = [whole[max(0, end - 3) : end] for end in range(len(whole), 0, -3)]
    whole = group.join(reversed(groups))
    fraction = fraction.rstrip("0")
    sign = "-" if rounded < 0 else ""
    return f"{sign}{whole}{decimal}{fraction}" if fraction else f"{sign}{whole}"


def plural_index(quantity: float, code: str) -> int:
    """Which of a language's plural forms a quantity takes (CLDR's rules, as gettext orders them).

    Args:
        quantity: The number.
        code: "ru", "es", "pt" or "en".

    Returns:
        Russian: 0 one ("1, 21"), 1 few ("2–4, 22", and fractions), 2 many ("5, 11, 100");
        the others: 0 singular, 1 plural.
    """
    whole = int(abs(quantity))
    if code == "ru":
        if quantity != whole:
            return 1  # "2,5 минуты": fractions take the "few" form
        if whole % 10 == 1 and whole % 100 != 11:
            return 0
        return 1 if whole % 10 in (2, 3, 4) and whole % 100 not in (12, 13, 14) else 2
    if code == "pt":
        return 0 if whole <= 1 else 1
    return 0 if quantity == 1 else 1


def speaks(language: Languages) -> str:
    """The code amounts are written in for a user's language: "ru", "es", "pt" or "en"."""
    return language_order(language)[0]


def local_measure(measure: Measure, language: Languages, *, accusative: bool = False) -> str | None:
    """A measure in the user's language: "5 км", "20 минут", "1 página", "10.000 palavras".

    Args:
        measure: The measure, with a canonical unit (or the user's own words for one).
        language: The user's language; only the first one given counts.
        accusative: The amount follows a verb ("прочитать 21 страницу").

    Returns:
        The text; ``None`` for English (:func:`bot.coach.quantities.writing.format_measure`
        writes it).
    """
    code = speaks(language)
    if code == ENGLISH:
        return None
    number = local_number(measure.quantity, code)
    symbol = _SYMBOLS.get(measure.unit)
    if symbol is not None:
        return f"{symbol}{_NBSP}{number}" if code in _MONEY_FIRST else f"{number}{_NBSP}{symbol}"
    if measure.unit == "%":
        return f"{number}{_NBSP}%" if code in _PERCENT_SPACE else f"{number}%"
    forms = _FORMS[code].get(measure.unit)
    if forms is None:
        if measure.unit.isupper():  # a currency code: "3 000 CHF"
            return f"{number}{_NBSP}{measure.unit}"
        return f"{number} {measure.unit}".rstrip()  # the user's own words for the unit
    index = plural_index(measure.quantity, code)
    if accusative and index == 0 and code == "ru":
        return f"{number} {_RU_ACCUSATIVE.get(measure.unit, forms[0])}"
    return f"{number} {forms[index]}"


def unit_name(unit: str, language: Languages) -> str | None:
    """A unit named on its own, in the plural ("слова", "километры" → "км", "palabras").

    Args:
        unit: A canonical unit, or the user's own words for one.
        language: The user's language.

    Returns:
        The name; ``None`` for English and for a unit the tables do not name (say it as is).
    """
    code = speaks(language)
    if code == ENGLISH:
        return None
    forms = _FORMS[code].get(unit)
    if forms is None:
        return None
    if code == "ru":
        return _RU_NAMED.get(unit, forms[1])
    return forms[1]


def unit_language(unit_word: str) -> str | None:
    """The language a unit word is written in, when only one of the tables has it.

    "слов" is Russian, "palabras" Spanish, "palavras" Portuguese; "km", "minutos" (Spanish and
    Portuguese alike) or an English word answer ``None``.

    Args:
        unit_word: The unit as written in a text, lowercase.

    Returns:
        "ru", "es", "pt", or ``None`` when it tells nothing.
    """
    if any("а" <= char <= "я" or char == "ё" for char in unit_word):
        return "ru"
    found = {code for code in ("es", "pt") if unit_word in _WORDS_BY_LANGUAGE[code]}
    return found.pop() if len(found) == 1 else None


def is_local_unit_word(word: str) -> bool:
    """Whether another language than English writes a unit this way ("km", "minutos", "слов")."""
    return any(word in words for words in _WORDS_BY_LANGUAGE.values())


def _words_of(code: str) -> frozenset[str]:
    named = {form for forms in _FORMS[code].values() for form in forms}
    typed = {form for forms in lexicon(code).units.values() for form in expand(forms)}
    return frozenset(word.lower() for word in named | typed)


_WORDS_BY_LANGUAGE: Final = {code: _words_of(code) for code in ("ru", "es", "pt")}
