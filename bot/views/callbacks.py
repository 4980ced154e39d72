"""The callback-data grammar: every inline button's data is built and parsed here.

Data is short, prefixed and at most 64 bytes (Telegram's limit). It comes from the client, so
parsing never trusts it: unknown or malformed data parses to ``None``, and handlers still check
that whatever it names belongs to the user who pressed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from bot.coach.languages import is_language

MAX_CALLBACK_BYTES = 64


@dataclass(frozen=True, slots=True)
class PickZone:
    """Use this IANA zone."""

    zone: str


@dataclass(frozen=True, slots=True)
class TypeZone:
    """None of the offered zones fits: the user will type another answer."""


@dataclass(frozen=True, slots=True)
class PickNudgeTime:
    """Use this morning nudge time."""

    value: time


@dataclass(frozen=True, slots=True)
class TypeNudgeTime:
    """The user wants to type a time not on the buttons."""


@dataclass(frozen=True, slots=True)
class ChangeSetting:
    """Start changing one setting: ``"tz"`` or ``"nudge"``."""

    name: str


@dataclass(frozen=True, slots=True)
class PickReviewDay:
    """The weekday of the weekly review (``date.weekday()``)."""

    weekday: int


@dataclass(frozen=True, slots=True)
class PauseFor:
    """A holiday of this many weeks, from today."""

    weeks: int


@dataclass(frozen=True, slots=True)
class PickLanguage:
    """Speak this language (one of ``bot.coach.languages.LANGUAGES``) from now on."""

    language: str


Callback = (
    PickZone
    | TypeZone
    | PickNudgeTime
    | TypeNudgeTime
    | ChangeSetting
    | PickReviewDay
    | PauseFor
    | PickLanguage
)
SETTING_NAMES = ("tz", "nudge", "evening", "review", "birthday", "pause", "resume", "lang")
HOLIDAY_WEEKS = (1, 2)


def pick_zone(zone: str) -> str:
    """Data for a zone button."""
    return _checked(f"tz:{zone}")


def type_zone() -> str:
    """Data for the "none of these" button under zone choices."""
    return "tz:?"


def pick_nudge_time(value: time) -> str:
    """Data for a nudge-time button."""
    return _checked(f"nt:{value.hour:02d}{value.minute:02d}")


def type_nudge_time() -> str:
    """Data for the "another time" button."""
    return "nt:other"


def change_setting(name: str) -> str:
    """Data for a /settings button."""
    if name not in SETTING_NAMES:
        raise ValueError(name)
    return f"set:{name}"


def review_day(weekday: int) -> str:
    """Data for a weekly-review weekday button."""
    return f"rd:{weekday}"


def pause_for(weeks: int) -> str:
    """Data for a holiday-length button."""
    return f"hol:{weeks}"


def pick_language(language: str) -> str:
    """Data for a language button in /settings."""
    if not is_language(language):
        raise ValueError(language)
    return f"lang:{language}"


def parse(data: str | None) -> Callback | None:
    """Parse button data; ``None`` for anything this version does not understand."""
    if not data or len(data.encode()) > MAX_CALLBACK_BYTES:
        return None
    prefix, _, rest = data.partition(":")
    if prefix == "tz" and rest == "?":
        return TypeZone()
    if prefix == "tz" and rest:
        return PickZone(rest)
    if prefix == "nt":
        if rest == "other":
            return TypeNudgeTime()
        if len(rest) == 4 and rest.isascii() and rest.isdigit():
            hour, minute = int(rest[:2]), int(rest[2:])
            if hour < 24 and minute < 60:
                return PickNudgeTime(time(hour, minute))
        return None
    if prefix == "set" and rest in SETTING_NAMES:
        return ChangeSetting(rest)
    if prefix == "rd" and len(rest) == 1 and rest in "0123456":
        return PickReviewDay(int(rest))
    if prefix == "hol" and rest in {str(weeks) for weeks in HOLIDAY_WEEKS}:
        return PauseFor(int(rest))
    if prefix == "lang" and is_language(rest):
        return PickLanguage(rest)
    return None


def _checked(data: str) -> str:
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return data
