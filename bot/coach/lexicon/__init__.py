"""The words of the languages the coach reads, as glossaries into the English its parsers know.

The parsers (wins, quantities, clock times, dates, the vagueness and two-minute checks) are
written once, against English words. Each other language is data: a glossary that rewrites its
words and phrases into the English ones the grammar reads ("в 7 утра" → "at 7 morning",
"15 de marzo" → "15 march", "написал" → "wrote"), plus the unit names, number words and
regular past-tense endings a glossary cannot list one by one. A parser that is handed a
language glosses the text first and then reads it as it always did, so English rules (what a
negation does, which number is an amount, how "next Friday" resolves) hold in every language.

Decisions:

* **The user's language first, English always.** :func:`language_order` turns a Telegram
  language code ("pt-br", "ru") or an ordered list into the languages to try: the known ones in
  the order given, then English. An English or unknown language is English alone: no other
  glossary is applied, so an English "ya" stays "yeah" and never becomes Spanish "already".
* **Priority by order, then by length.** When two languages gloss the same phrase differently
  ("pronto": Spanish "soon", Portuguese "done") the earlier language wins. At one position the
  longest phrase wins ("pasado mañana" before "mañana"); phrases never overlap.
* **Every form listed.** A glossary maps an English gloss to all the forms that mean it
  (genders, cases, accents): "done" ← "сделал", "сделала", "сделали". Forms without their
  accents ("manana", "proxima") and with "е" for "ё" are added by the table builder, since
  people type them that way.
* **An empty gloss drops the word** ("de" in "15 de marzo", "el" in "el lunes").
* **Tables are text.** The glossaries and unit names (``win``, ``time``, ``date``, ``goal``,
  ``units``) are plain UTF-8 files, ``bot/coach/data/<code>-<table>.txt``, one gloss a line
  (format in :mod:`bot.coach.tables`), so a translator edits words, not Python.
* **Rewrites** are the few regular expressions a word list cannot express ("8 menos cuarto" →
  "quarter to 8"); they run before the glossary.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from typing import Final

from bot.coach.lexicon import es, pt, ru
from bot.coach.lexicon.base import Gloss, Lexicon, Rewrites, expand

__all__ = ["ENGLISH", "SUPPORTED", "Gloss", "Glossary", "Languages", "Lexicon", "Rewrites"]

ENGLISH: Final = "en"
"""The language the parsers are written in; always tried, last."""

Languages = str | Sequence[str] | None
"""A language code ("ru", "pt-br"), an ordered list of them, or ``None`` for English."""


_LEXICONS: Final = {table.code: table for table in (ru.LEXICON, es.LEXICON, pt.LEXICON)}
_ENGLISH_LEXICON: Final = Lexicon(ENGLISH)


def lexicon(code: str) -> Lexicon:
    """The lexicon of a language; English has an empty one.

    Args:
        code: A code from :func:`language_order`.

    Returns:
        The language's tables.
    """
    return _LEXICONS.get(code, _ENGLISH_LEXICON)


SUPPORTED: Final = (ENGLISH, "ru", "es", "pt")
"""The languages the parsers read."""


def language_order(language: Languages = None) -> tuple[str, ...]:
    """The languages to try, in order: the known ones given, then English.

    Args:
        language: A Telegram language code such as "ru", "es-419" or "pt-br" (only the part
            before the dash counts), an ordered list of them, or ``None``.

    Returns:
        E.g. ``("pt", "en")`` for "pt-br"; ``("en",)`` for English, ``None`` or a language the
        parsers do not read.
    """
    given = [language] if isinstance(language, str) else list(language or ())
    order: list[str] = []
    for code in given:
        base = code.strip().lower().replace("_", "-").split("-")[0]
        if base in SUPPORTED and base not in order:
            order.append(base)
    if ENGLISH in order:
        order.remove(ENGLISH)
    return (*order, ENGLISH)


def lexicons(language: Languages = None) -> tuple[Lexicon, ...]:
    """The lexicons of :func:`language_order`, English (empty) included.

    Args:
        language: As for :func:`language_order`.

    Returns:
        One lexicon per language to try, in order.
    """
    return tuple(lexicon(code) for code in language_order(language))


class Glossary:
    """Rewrites a text's words into English glosses, the earlier table winning a conflict."""

    def __init__(self, tables: Sequence[Gloss], rewrites: Sequence[Rewrites] = ()) -> None:
        """Build the glossary.

        Args:
            tables: Glossaries, most important first.
            rewrites: Regular rewrites, applied in order before the glossary.
        """
        self._phrases: dict[str, str] = {}
        for table in tables:
            for gloss, forms in table.items():
                for form in expand(forms):
                    self._phrases.setdefault(form, gloss)
        self._rewrites = tuple(
            (re.compile(pattern), replacement)
            for group in rewrites
            for pattern, replacement in group
        )
        alternatives = sorted(self._phrases, key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, alternatives)) + r")(?![\w-])")
            if alternatives
            else None
        )

    def __bool__(self) -> bool:
        """False for English, whose glossary changes nothing."""
        return self._pattern is not None or bool(self._rewrites)

    def apply(self, text: str) -> str:
        """Gloss a lowercase text; words without a gloss are kept as written.

        Args:
            text: The text, already lowercased.

        Returns:
            The text with every known phrase replaced by its English gloss, spaces collapsed.
        """
        glossed = unicodedata.normalize("NFC", text)
        for pattern, replacement in self._rewrites:
            glossed = pattern.sub(replacement, glossed)
        if self._pattern is not None:
            glossed = self._pattern.sub(lambda match: self._phrases[match.group(0)], glossed)
        return " ".join(glossed.split())


@cache
def _glossary(kind: str, order: tuple[str, ...]) -> Glossary:
    tables = [lexicon(code) for code in order]
    rewrites = [getattr(table, f"{kind}_rewrites", ()) for table in tables]
    return Glossary([getattr(table, kind) for table in tables], rewrites)


def glossary(kind: str, language: Languages = None) -> Glossary:
    """The glossary of one kind ("win", "time", "date" or "goal") for the languages given.

    Args:
        kind: Which table: ``"win"``, ``"time"``, ``"date"`` or ``"goal"``.
        language: As for :func:`language_order`.

    Returns:
        The combined glossary, cached per language order.
    """
    return _glossary(kind, language_order(language))


@cache
def _past_verbs(order: tuple[str, ...]) -> tuple[re.Pattern[str] | None, frozenset[str]]:
    tables = [lexicon(code) for code in order]
    patterns = [table.past_verb for table in tables if table.past_verb]
    exceptions = frozenset(form for table in tables for form in expand(table.not_past))
    return (re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None), exceptions


def is_past_verb(token: str, language: Languages = None) -> bool:
    """Whether a word is a regular past-tense verb of the first person in the user's language.

    English "-ed" forms are the win parser's own rule; this covers "медитировала", "medité",
    "meditei", which no table can list one by one.

    Args:
        token: One lowercase word.
        language: As for :func:`language_order`.

    Returns:
        True when the language's pattern takes the whole word and it is not a known exception.
    """
    pattern, exceptions = _past_verbs(language_order(language))
    return pattern is not None and token not in exceptions and pattern.fullmatch(token) is not None


@cache
def _agreements(order: tuple[str, ...]) -> frozenset[str]:
    return frozenset(form for code in order for form in expand(lexicon(code).agree))


def agreement_words(language: Languages = None) -> frozenset[str]:
    """The plain agreements of the user's language ("да", "vale", "beleza"), accents optional.

    Args:
        language: As for :func:`language_order`.

    Returns:
        Lowercase phrases; empty for English, whose agreements are the answer reader's own.
    """
    return _agreements(language_order(language))


def primary(language: Languages = None) -> Lexicon:
    """The lexicon of the user's own language: the one the coach answers in.

    Args:
        language: As for :func:`language_order`.

    Returns:
        The first language's lexicon; English's (empty) one for English or unknown languages.
    """
    return lexicon(language_order(language)[0])
