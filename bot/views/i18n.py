"""Speaking the user's language: translated texts, plurals, numbers and dates (Babel, CLDR).

Every view takes a :class:`Translator` (conventionally ``t``) for the user it speaks to. The
English text in the code is the message id: a language's catalogue
(``bot/locales/<language>/LC_MESSAGES/messages.po``) maps it to that language, and a message
its catalogue lacks, or a translation that cannot be filled in, is said in English — never as a
key. The catalogues are compiled in memory on first use, so nothing compiled is kept in the
repository or has to be built.

A text kept in a table rather than written where it is said is marked for the catalogues where
it is written and translated where it is said: one message per state with :func:`marked`
(``{Pace.AHEAD: marked("ahead of plan"), …}``, said with ``t.lookup(table, pace)``), a rotating
line's templates with ``rotating("…", …)`` (``bot/views/nudges/common.py``, said with
``t.marked(pick(…))``; ``t.each(…)`` translates a whole set).

Messages are written with named placeholders filled in after translation, so translators can
move them: ``t("Done — your nudge comes at {time}.", time=...)``. Values are given already
formatted (and HTML-escaped where they are the user's own text).
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Mapping
from datetime import date
from functools import cache, lru_cache
from gettext import GNUTranslations, NullTranslations
from io import BytesIO
from pathlib import Path
from typing import Literal, TypeVar

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_skeleton, get_day_names, get_month_names, get_timezone_location
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from bot.coach.languages import ENGLISH, LANGUAGES
from bot.coach.lexicon.formats import unit_name
from bot.coach.models import Measure
from bot.coach.quantities.writing import format_measure, format_quantity
from bot.coach.zones import zone_label

log = logging.getLogger(__name__)

LOCALES = Path(__file__).resolve().parent.parent / "locales"
"""Where the catalogues are: ``<language>/LC_MESSAGES/messages.po``."""

DOMAIN = "messages"

Key = TypeVar("Key")


@lru_cache(maxsize=8192)
def _decimal(value: float, pattern: str | None, language: str) -> str:
    # Babel re-reads the locale's pattern and quantizes through Decimal on every call (about
    # 40 µs); a reply writes several numbers, and the same few values come up again and again.
    return format_decimal(value, format=pattern, locale=Locale.parse(language))


@lru_cache(maxsize=8192)
def _measure(measure: Measure, language: str) -> str:
    # Like numbers: the same few amounts come up in every reply (the day's, the week's).
    return format_measure(measure, language=language)


DATES_KEPT = 1024
"""Formatted dates a translator keeps (about three years of days)."""


class Translator:
    """One language's words and formats, for the views.

    Attributes:
        language: The language (one of ``bot.coach.languages.LANGUAGES``; English for any other).
        locale: Its Babel locale, for CLDR formats.
    """

    def __init__(self, language: str, catalogue: NullTranslations) -> None:
        """Use ``catalogue`` for ``language`` (see :func:`translator`)."""
        self.language = language
        self.locale = Locale.parse(language)
        self._catalogue = catalogue
        # Dates in messages, formatted once each: Babel takes ~30 µs a date, and a wave of
        # scheduled messages writes the same few dates thousands of times.
        self._days: dict[tuple[date, bool], str] = {}

    def __call__(self, message: str, /, **values: object) -> str:
        """``message`` in this language, its ``{placeholders}`` filled with ``values``."""
        return self._fill(self._catalogue.gettext(message), message, values)

    def plural(self, singular: str, plural: str, count: int, /, **values: object) -> str:
        """The form of the message for ``count`` (the language's plural rules).

        ``{n}`` in the message is ``count`` written the language's way.
        """
        english = singular if count == 1 else plural
        values = {"n": self.number(count), **values}
        return self._fill(self._catalogue.ngettext(singular, plural, count), english, values)

    def ctx(self, context: str, message: str, /, **values: object) -> str:
        """A short message whose meaning depends on where it stands (``context`` says where)."""
        return self._fill(self._catalogue.pgettext(context, message), message, values)

    def marked(self, message: str, /, **values: object) -> str:
        """A message marked where it is written (:func:`marked`, ``rotating``), in this
        language, its ``{placeholders}`` filled with ``values``."""
        return self(message, **values)

    def each(self, messages: tuple[str, ...], /, **values: object) -> tuple[str, ...]:
        """Every message of a marked set (``rotating``), filled with the same ``values``."""
        return tuple(self(message, **values) for message in messages)

    def lookup(self, table: Mapping[Key, str], key: Key, /, **values: object) -> str | None:
        """The message a table of :func:`marked` messages holds for ``key``, in this language;
        ``None`` when it holds none."""
        message = table.get(key)
        return None if message is None else self(message, **values)

    def _fill(self, translated: str, english: str, values: dict[str, object]) -> str:
        if not values:
            return translated
        try:
            return _one_full_stop(translated, values).format(**values)
        except (KeyError, IndexError, ValueError):
            # A broken translation (the catalogue test catches these) must not fail the reply.
            log.warning("translation of %r in %s does not fit its values", english, self.language)
            return _one_full_stop(english, values).format(**values)

    # -- formats -----------------------------------------------------------------------------------

    def number(self, value: float) -> str:
        """A number as this language writes it (1,234.5 · 1 234,5 · 1.234,5)."""
        return _decimal(value, None, self.language)

    def quantity(self, value: float) -> str:
        """An amount: thousands grouped, at most two decimals ("13,300", "13 300", "2,5")."""
        if self.language == ENGLISH or not math.isfinite(value):
            return format_quantity(value)
        if value != 0 and abs(value) < 0.01:
            return _decimal(value, "0.######", self.language)
        return _decimal(round(value, 2), "#,##0.##", self.language)

    def fixed(self, value: float, decimals: int) -> str:
        """``value`` with exactly ``decimals`` decimals ("1.20", "1,20")."""
        pattern = "0." + "0" * decimals if decimals else "0"
        return _decimal(value, pattern, self.language)

    def measure(self, measure: Measure) -> str:
        """An amount with its unit named in this language, its plural right ("40,000 words",
        "40 000 слов", "1 página", "€3,000", "R$ 3.000")."""
        return _measure(measure, self.language)

    def unit(self, unit: str) -> str:
        """A unit named on its own, in the plural: "words", "слова", "palabras", "km"."""
        return unit_name(unit, self.language) or unit

    def day_month(self, day: date) -> str:
        """A day of the year: "14 March", "14 марта", "14 de marzo", "14 de março"."""
        if self.language == ENGLISH:
            return babel_format_date(day, "d MMMM", locale=self.locale)
        return format_skeleton("MMMMd", day, locale=self.locale)

    def short_day_month(self, day: date) -> str:
        """A day of the year, short: "2 Nov", "2 нояб.", "2 nov", "2 de nov."."""
        if self.language == ENGLISH:
            return babel_format_date(day, "d MMM", locale=self.locale)
        return format_skeleton("MMMd", day, locale=self.locale)

    def day(self, day: date, today: date) -> str:
        """A date in a chat message: "Fri 15 Mar", "пт, 15 марта", with the year if not this
        year's (English keeps its short month; the others write it out, as people there do)."""
        this_year = day.year == today.year
        written = self._days.get((day, this_year))
        if written is None:
            if len(self._days) >= DATES_KEPT:
                self._days.clear()
            if self.language == ENGLISH:
                pattern = "EEE d MMM" if this_year else "EEE d MMM y"
                written = babel_format_date(day, pattern, locale=self.locale)
            else:
                skeleton = "MMMMEd" if this_year else "yMMMMEd"
                written = format_skeleton(skeleton, day, locale=self.locale)
            self._days[day, this_year] = written
        return written

    def zone(self, zone: str) -> str:
        """A time zone by its city, in this language ("Berlin", "Берлин", "Berlim")."""
        area, _, rest = zone.partition("/")
        if self.language == ENGLISH or not rest or area == "Etc":
            return zone_label(zone)
        city = get_timezone_location(zone, locale=self.locale, return_city=True)
        return city if city and city != zone else zone_label(zone)

    def weekday(self, weekday: int, width: Literal["wide", "abbreviated"] = "wide") -> str:
        """The name of a weekday (0 is Monday) as it stands alone, capitalised (a button, a
        label)."""
        return _capitalised(
            get_day_names(width, context="stand-alone", locale=self.locale)[weekday]
        )

    def month(self, month: int, width: Literal["wide", "abbreviated"] = "wide") -> str:
        """The name of a month (1 is January) as it stands alone, capitalised (a heading)."""
        return _capitalised(
            get_month_names(width, context="stand-alone", locale=self.locale)[month]
        )

    def language_name(self, language: str) -> str:
        """A language's name in that language itself ("Русский", "Português (Brasil)")."""
        return _capitalised(Locale.parse(language).get_display_name(language) or language)


def marked(message: str, /) -> str:
    """``message`` itself, marked for the catalogues (`make messages`).

    For a text written where it is not said: a table of one message per state. Where it is
    said, :meth:`Translator.lookup` (or :meth:`Translator.marked`) translates it; ``t(…)`` takes
    only a message written in place.
    """
    return message


def _one_full_stop(message: str, values: dict[str, object]) -> str:
    """``message`` without the full stop after a value that ends in its own: a date with its
    year ("14 февраля 2027 г."), an abbreviated month ("2 нояб.", "2 de nov.") ends the
    sentence with its dot, where a second one would read as a typo."""
    for name, value in values.items():
        if isinstance(value, str) and value.endswith(".") and "{" + name + "}." in message:
            message = re.sub(r"\{" + re.escape(name) + r"\}\.(?!\.)", "{" + name + "}", message)
    return message


def _capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


def _catalogue(language: str) -> NullTranslations:
    """The compiled catalogue of ``language`` (English has none: the code's text is English)."""
    path = LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language == ENGLISH or not path.exists():
        return NullTranslations()
    with path.open("rb") as source:
        catalog = read_po(source, locale=language, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)  # untranslated and fuzzy messages are left out: English
    compiled.seek(0)
    return GNUTranslations(compiled)


@cache
def translator(language: str | None) -> Translator:
    """The translator of ``language``; English for ``None`` or a language the coach lacks."""
    if language not in LANGUAGES:
        language = ENGLISH
    return Translator(language, _catalogue(language))


ENGLISH_TRANSLATOR = translator(ENGLISH)
"""English, the code's own language (tests and replies to no one in particular)."""
