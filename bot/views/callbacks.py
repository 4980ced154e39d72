"""Callback data of the set-up and /settings buttons (see ``bot.views.callback_data``).

``tz:<zone>`` and ``tz:?`` (none of these zones), ``nt:<hhmm>`` and ``nt:other`` (type a time),
``set:<setting>``, ``rd:<weekday>`` (the weekly review's day), ``hol:<weeks>`` (a holiday) and
``hol:back`` (no holiday after all), ``lang:<language>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from typing import Annotated

from bot.coach.languages import LANGUAGES
from bot.views.callback_data import CallbackData, OneOf, Text, parse_among, pattern_of

SETTING_NAMES = ("tz", "nudge", "evening", "review", "birthday", "pause", "resume", "lang")
HOLIDAY_WEEKS = (1, 2)
WEEKDAYS = (0, 1, 2, 3, 4, 5, 6)
MAX_ZONE_LENGTH = 40
"""Longer than any IANA zone name (the longest is 32 characters)."""


@dataclass(frozen=True)
class PickZone(CallbackData, prefix="tz"):
    """Use this IANA zone."""

    zone: Annotated[str, Text(MAX_ZONE_LENGTH)]


@dataclass(frozen=True)
class TypeZone(CallbackData, prefix="tz:?"):
    """None of the offered zones fits: the user will type another answer."""


@dataclass(frozen=True)
class PickNudgeTime(CallbackData, prefix="nt"):
    """Use this morning nudge time."""

    value: time


@dataclass(frozen=True)
class TypeNudgeTime(CallbackData, prefix="nt:other"):
    """The user wants to type a time not on the buttons."""


@dataclass(frozen=True)
class ChangeSetting(CallbackData, prefix="set"):
    """Start changing one setting (one of :data:`SETTING_NAMES`)."""

    name: Annotated[str, OneOf(SETTING_NAMES)]


@dataclass(frozen=True)
class PickReviewDay(CallbackData, prefix="rd"):
    """The weekday of the weekly review (``date.weekday()``)."""

    weekday: Annotated[int, OneOf(WEEKDAYS)]


@dataclass(frozen=True)
class HolidayBack(CallbackData, prefix="hol:back"):
    """Back from the holiday question, no holiday."""


@dataclass(frozen=True)
class PauseFor(CallbackData, prefix="hol"):
    """A holiday of this many weeks, from today."""

    weeks: Annotated[int, OneOf(HOLIDAY_WEEKS)]


@dataclass(frozen=True)
class PickLanguage(CallbackData, prefix="lang"):
    """Speak this language (one of ``bot.coach.languages.LANGUAGES``) from now on."""

    language: Annotated[str, OneOf(LANGUAGES)]


Callback = (
    PickZone
    | TypeZone
    | PickNudgeTime
    | TypeNudgeTime
    | ChangeSetting
    | PickReviewDay
    | PauseFor
    | HolidayBack
    | PickLanguage
)
PLACES = (PickZone, TypeZone, PickNudgeTime, TypeNudgeTime)
SETTINGS = (ChangeSetting, PickReviewDay, PauseFor, HolidayBack, PickLanguage)
PLACES_PATTERN = pattern_of(*PLACES)
SETTINGS_PATTERN = pattern_of(*SETTINGS)


def parse(data: str | None) -> Callback | None:
    """Parse set-up and settings button data; ``None`` for anything else or malformed."""
    parsed = parse_among(data, (*PLACES, *SETTINGS))
    return parsed if isinstance(parsed, Callback) else None
