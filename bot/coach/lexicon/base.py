"""The shape of a language's tables, and the helpers that build them (see the package)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypedDict

from bot.coach.tables import word_table

Gloss = Mapping[str, tuple[str, ...]]
"""English gloss → the forms that mean it in one language."""

Rewrites = tuple[tuple[str, str], ...]
"""(regular expression, replacement) pairs applied before a glossary."""


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything one language adds to the English parsers.

    Attributes:
        code: The two-letter language code ("ru").
        win: Glossary for win messages: done words, negations, future words, past verbs.
        time: Glossary for clock-time answers: dayparts, "at", "o'clock".
        time_rewrites: Regular rewrites for clock times ("8 menos cuarto").
        date: Glossary for dates: weekdays, months, "next week", "end of month".
        date_rewrites: Regular rewrites for dates ("2027 года" → "2027").
        goal: Glossary for goal texts: lead-ins, comparatives, frequencies, topics.
        agree: Forms of plain agreement ("да", "vale", "beleza").
        past_verb: A regular expression matching a regular past-tense verb of the first
            person ("медитировала", "medité", "meditei"), for a win read from a verb alone.
        not_past: Words the past-verb pattern would take by mistake ("журнал", "café").
        units: Canonical unit name → its names in the language, every inflection.
        numbers: Number words that may stand before a unit ("два", "dos", "duas").
        articles: Number words that mean "a"/"an": they count time ("una hora") but no items.
        half_hour: Ways of writing half an hour ("полчаса", "media hora").
        calendar: Words after a number that say when or how often ("дней", "veces").
        stop: Function words that end the noun phrase after a number ("de", "в").
        run_words: Words that say the text is about running ("5k" is then 5 km).
        deadline_words: Words after which a title's end may be a deadline ("para", "до").
        step_separators: A regular expression that splits an action into steps.
        sequence: A regular expression for "then" between steps.
        suggestions: The measurable rewrites of the vagueness check, in the order of the
            English table (:data:`bot.coach.vagueness.SUGGESTIONS`).
        generic_suggestion: The rewrite when no topic matches.
        starters: The two-minute starters, in the order of the English table.
        generic_starter: The starter when no topic matches.
    """

    code: str
    win: Gloss = field(default_factory=dict)
    time: Gloss = field(default_factory=dict)
    time_rewrites: Rewrites = ()
    date: Gloss = field(default_factory=dict)
    date_rewrites: Rewrites = ()
    goal: Gloss = field(default_factory=dict)
    agree: tuple[str, ...] = ()
    past_verb: str = ""
    not_past: frozenset[str] = frozenset()
    units: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    numbers: Mapping[str, int] = field(default_factory=dict)
    articles: frozenset[str] = frozenset()
    half_hour: tuple[str, ...] = ()
    calendar: frozenset[str] = frozenset()
    stop: frozenset[str] = frozenset()
    run_words: frozenset[str] = frozenset()
    deadline_words: frozenset[str] = frozenset()
    step_separators: str = ""
    sequence: str = ""
    suggestions: tuple[str, ...] = ()
    generic_suggestion: str = ""
    starters: tuple[str, ...] = ()
    generic_starter: str = ""


class WordTables(TypedDict):
    """The tables of a language kept as text files: ``bot/coach/data/<code>-<table>.txt``."""

    win: Gloss
    time: Gloss
    date: Gloss
    goal: Gloss
    units: Mapping[str, tuple[str, ...]]


def word_tables(code: str) -> WordTables:
    """A language's glossaries and unit names, read from its text files (``es-win.txt``…).

    Args:
        code: The two-letter language code ("es").

    Returns:
        The :class:`Lexicon` fields the files hold, to pass on as ``**word_tables(code)``.
    """
    return WordTables(
        win=word_table(f"{code}-win"),
        time=word_table(f"{code}-time"),
        date=word_table(f"{code}-date"),
        goal=word_table(f"{code}-goal"),
        units=word_table(f"{code}-units"),
    )


def words(text: str) -> frozenset[str]:
    """A set of words from a whitespace-separated string, for the word tables."""
    return frozenset(text.split())


def fold(text: str) -> str:
    """The form people type without accents: Latin accents dropped, "ё" written "е".

    Cyrillic letters keep their marks ("й" is a letter of its own), only "ё" is folded.

    Args:
        text: Lowercase text.

    Returns:
        The text with accents removed from Latin letters.
    """
    out: list[str] = []
    for char in unicodedata.normalize("NFD", text.replace("ё", "е")):
        if unicodedata.combining(char) and out and out[-1].isascii():
            continue
        out.append(char)
    return unicodedata.normalize("NFC", "".join(out))


def expand(forms: Iterable[str]) -> tuple[str, ...]:
    """Each form, lowercased, and its unaccented form (see :func:`fold`) when it differs."""
    out: dict[str, None] = {}
    for form in forms:
        low = unicodedata.normalize("NFC", form.lower())
        out.setdefault(low)
        out.setdefault(fold(low))
    return tuple(out)
