"""Unit names, number words and the words around a quantity, in every language read.

:mod:`bot.coach.quantities.reading` reads a quantity the same way whatever the user's language:
a unit name means one unit in any language that has it ("км", "palabras", "páginas"), so these
tables are merged rather than tried in order. The few words two languages spell alike mean
the same thing here ("minutos", "seis"), except the Portuguese "dos" ("of the"), which stays
a Spanish two only before a unit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from bot.coach.lexicon import lexicon
from bot.coach.lexicon.base import expand

_LANGUAGES: Final = ("ru", "es", "pt")


def _merged_units() -> dict[str, tuple[str, ...]]:
    merged: dict[str, list[str]] = {}
    for code in _LANGUAGES:
        for unit, names in lexicon(code).units.items():
            merged.setdefault(unit, []).extend(expand(names))
    return {unit: tuple(dict.fromkeys(names)) for unit, names in merged.items()}


def _merged_numbers() -> dict[str, int]:
    merged: dict[str, int] = {}
    for code in _LANGUAGES:
        for word, value in lexicon(code).numbers.items():
            for form in expand((word,)):
                merged.setdefault(form, value)
    return merged


def _merged_words(kind: str) -> frozenset[str]:
    found: set[str] = set()
    for code in _LANGUAGES:
        found.update(expand(getattr(lexicon(code), kind)))
    return frozenset(found)


UNIT_NAMES: Final[Mapping[str, tuple[str, ...]]] = _merged_units()
"""Canonical unit → its names in the other languages, accents optional."""

NUMBER_WORDS: Final[Mapping[str, int]] = _merged_numbers()
"""Spelled-out numbers that count before a known unit ("dos horas", "пять км")."""

ARTICLES: Final[frozenset[str]] = _merged_words("articles")
"""Words for "a"/"an": "una hora" is one hour, but "un libro" is no count of books."""

HALF_HOUR: Final[tuple[str, ...]] = tuple(sorted(_merged_words("half_hour"), key=len, reverse=True))
"""Half an hour in one word or two ("полчаса", "media hora", "meia hora")."""

CALENDAR_WORDS: Final[frozenset[str]] = _merged_words("calendar")
"""Words after a number that say when or how often ("5 дней", "3 veces")."""

STOP_WORDS: Final[frozenset[str]] = _merged_words("stop")
"""Function words that end the noun phrase after a number ("10 páginas de mi libro")."""

RUN_WORDS: Final[frozenset[str]] = _merged_words("run_words")
"""Words that make a "5k" five kilometres."""
