"""Reading a user's answer to "where are you?" into an IANA time zone.

An answer is read in this order; the first reading that fits wins:

1. An IANA name, any case: ``"Europe/Berlin"``, ``"us/eastern"``, ``"Asia/Calcutta"``. Legacy
   links are kept as typed; they are real zones and ``zoneinfo`` loads them.
2. A UTC offset: ``"UTC+3"``, ``"GMT-5"``, ``"+5:30"``, ``"utc +05:30"``, ``"UTC"``, ``"+0"``.
   Whole hours give a fixed ``Etc/GMT`` zone, whose sign is inverted by POSIX tradition
   (UTC+3 is ``"Etc/GMT-3"``); zero gives ``"Etc/UTC"``. Offsets with minutes give a choice of
   the popular zones that are on that offset right now, since no ``Etc`` zone has minutes.
   Only −12:00..+14:00 exists.
3. The local time right now: ``"21:40"``, ``"9:40pm"``, ``"21h40"``, ``"9 pm"``. The offset is
   that wall time minus ``now_utc``, rounded to 15 minutes (the finest step any zone uses,
   and enough slack for a slow reply); the day wrap is the one that lands in −12..+14. Near
   the date line two wraps fit (UTC−10 and UTC+14 show the same wall time), and then zones for
   both are offered.
4. A place: the last part of any IANA name ("Tokyo", "sao paulo", "Zürich"), or a city, region,
   country or time-zone abbreviation from the curated tables in ``bot.coach.places``
   (:mod:`bot.coach.place_names`). Light noise is fine ("I'm in Berlin", "Berlin, Germany",
   "in Tokyo!"). When several places are named, the zones they share win ("Portland, Oregon");
   if they share none, all are offered.
5. Any other IANA name ("EST5EDT", "ROK").

Bare numbers: a sign makes an offset (``"+3"``, ``"-5"``); a lone ``"3"`` is ambiguous (an
offset? 3 o'clock? a typo?) and is ``UNKNOWN``, so the bot asks again rather than guessing.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum
from typing import Final

from bot.coach import places
from bot.coach.clock_time import FILLER_WORDS, ClockTimeProblem, read_clock_time
from bot.coach.place_names import read_places
from bot.coach.zones import (
    DASHES,
    MAX_CHOICES,
    as_utc,
    exact_zone,
    fixed_zone,
    offset_label,
    offset_minutes,
    typed_zone_label,
    zone_among_words,
)

MAX_ANSWER_LENGTH: Final = 100
MIN_OFFSET_MINUTES: Final = -12 * 60
MAX_OFFSET_MINUTES: Final = 14 * 60

_MINUTES_PER_DAY: Final = 24 * 60
_OFFSET_STEP_MINUTES: Final = 15


class ZoneProblem(StrEnum):
    """Why a time-zone answer was not accepted."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    OFFSET_OUT_OF_RANGE = "offset_out_of_range"  # "+25", "UTC-13", "+5:75"
    TIME_INVALID = "time_invalid"  # a local time no clock shows: "25:61", "13pm"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class ZoneFound:
    """One clear answer.

    Attributes:
        zone: IANA name, e.g. ``"Europe/Berlin"``, or ``"Etc/GMT-3"`` for a fixed UTC+3.
        label: How to name it back to the user: ``"Berlin"``, ``"UTC+3"``, ``"Europe/Berlin"``.
    """

    zone: str
    label: str


@dataclass(frozen=True, slots=True)
class ZoneChoices:
    """Several plausible zones, for the bot to offer as buttons.

    Attributes:
        candidates: IANA names, one to six, most likely (most populous) first.
        hint: What they have in common, e.g. ``"UTC+1"`` or ``"Portland"``.
    """

    candidates: tuple[str, ...]
    hint: str

    def __post_init__(self) -> None:
        if not 1 <= len(self.candidates) <= MAX_CHOICES:
            raise ValueError(f"ZoneChoices needs 1..{MAX_CHOICES} candidates")


@dataclass(frozen=True, slots=True)
class ZoneRejected:
    """A time-zone answer that was not accepted, and why."""

    problem: ZoneProblem


ZoneAnswer = ZoneFound | ZoneChoices | ZoneRejected


def parse_timezone_answer(text: str, now_utc: datetime) -> ZoneAnswer:
    """Read the user's answer to "where are you, or what time is it for you?".

    Args:
        text: What the user wrote: a city, country, IANA name, UTC offset or local time.
        now_utc: The current instant (timezone-aware). Offsets of daylight-saving zones and
            local-time answers are judged at this instant.

    Returns:
        ``ZoneFound`` for one clear zone, ``ZoneChoices`` when several fit, or
        ``ZoneRejected`` saying why nothing fits.

    Raises:
        ValueError: If ``now_utc`` is naive.
    """
    if len(text) > MAX_ANSWER_LENGTH:
        return ZoneRejected(ZoneProblem.TOO_LONG)
    if not text.strip():
        return ZoneRejected(ZoneProblem.EMPTY)
    now = as_utc(now_utc)

    exact = exact_zone(text)
    if exact is not None and "/" in exact:
        return ZoneFound(exact, typed_zone_label(exact))

    offset = _read_offset(text)
    if isinstance(offset, ZoneProblem):
        return ZoneRejected(offset)
    if offset is not None:
        return _answer_for_offset(offset, now)

    local = read_clock_time(text, bare_numbers=False)
    if isinstance(local, time):
        return _answer_for_local_time(local, now)
    if local is ClockTimeProblem.OUT_OF_RANGE:
        return ZoneRejected(ZoneProblem.TIME_INVALID)

    place = read_places(text)
    if place is not None:
        return _place_answer(*place)
    if exact is None:
        exact = zone_among_words(text)
    if exact is not None:
        return ZoneFound(exact, typed_zone_label(exact))
    return ZoneRejected(ZoneProblem.UNKNOWN)


# --- Offsets ---------------------------------------------------------------------------------

# fmt: off
_OFFSET_FILLER: Final = FILLER_WORDS | frozenset({
    "am", "are", "based", "from", "hour", "hours", "live", "mine", "offset", "our", "standard",
    "timezone", "tz", "we", "were", "zone",
})
# fmt: on
_OFFSET: Final = re.compile(
    r"""
    (?<![\w+-])
    (?:
        (?P<base>utc|gmt)
        (?: \s* (?P<sign>[+-])? \s* (?P<hours>\d{1,2})
            (?: \s* [:.h]? \s* (?P<minutes>\d{2}) )? )?
      | (?P<bare_sign>[+-]) \s* (?P<bare_hours>\d{1,2})
        (?: \s* [:.h]? \s* (?P<bare_minutes>\d{2}) )?
    )
    (?: \s* (?:h|hrs?|hours?) )?
    (?![\w:.+-])
    """,
    re.VERBOSE,
)
_FOLLOWED_BY_MERIDIEM: Final = re.compile(r"\s*[ap]\.?m\b")


def _read_offset(text: str) -> int | ZoneProblem | None:
    """The offset in minutes east of UTC, a problem, or None when the text is no offset."""
    normalized = unicodedata.normalize("NFKC", text).casefold().translate(DASHES)
    normalized = re.sub(r"['’`]", "", normalized)
    normalized = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", normalized)
    normalized = re.sub(r"[^\w\s+\-:.]", " ", normalized)
    matches = list(_OFFSET.finditer(normalized))
    if len(matches) != 1:
        return None
    match = matches[0]
    after = normalized[match.end() :]
    if _FOLLOWED_BY_MERIDIEM.match(after):
        return None  # "+3 am" is not an offset
    rest = (normalized[: match.start()] + " " + after).split()
    if any(word not in _OFFSET_FILLER for word in rest):
        return None
    hours = match["hours"] or match["bare_hours"]
    if hours is None:
        return 0  # "UTC" or "GMT" alone
    minutes = int(match["minutes"] or match["bare_minutes"] or 0)
    if minutes > 59:
        return ZoneProblem.OFFSET_OUT_OF_RANGE
    total = int(hours) * 60 + minutes
    if (match["sign"] or match["bare_sign"]) == "-":
        total = -total
    if not MIN_OFFSET_MINUTES <= total <= MAX_OFFSET_MINUTES:
        return ZoneProblem.OFFSET_OUT_OF_RANGE
    return total


def _answer_for_offset(minutes: int, now: datetime) -> ZoneAnswer:
    if minutes % 60 == 0:
        return ZoneFound(fixed_zone(minutes), offset_label(minutes))
    return _choices_at_offsets([minutes], now, with_fixed=False)


def _answer_for_local_time(local: time, now: datetime) -> ZoneAnswer:
    precise = _choices_at_offsets(
        _local_offsets(local, now, _OFFSET_STEP_MINUTES), now, with_fixed=True
    )
    if local.minute != 0 and not isinstance(precise, ZoneRejected):
        return precise
    # People round what their clock says. A whole hour ("9 pm" at 21:40) names the hour on the
    # clock, so UTC's hour is compared, as well as the nearest whole-hour offset; a time that
    # fits no zone at quarter-hour precision is read to the nearest whole hour.
    bases = _local_offsets(local, now, 60)
    if local.minute == 0:
        bases = [*bases, (local.hour - now.hour) * 60]
    offsets = sorted(
        {
            candidate
            for base in bases
            for candidate in (base - _MINUTES_PER_DAY, base, base + _MINUTES_PER_DAY)
            if MIN_OFFSET_MINUTES <= candidate <= MAX_OFFSET_MINUTES
        }
    )
    rounded = _choices_at_offsets(offsets, now, with_fixed=True)
    return precise if isinstance(rounded, ZoneRejected) else rounded


def _local_offsets(local: time, now: datetime, step_minutes: int) -> list[int]:
    local_seconds = local.hour * 3600 + local.minute * 60
    now_seconds = now.hour * 3600 + now.minute * 60 + now.second
    step_seconds = step_minutes * 60
    offset = math.floor((local_seconds - now_seconds) / step_seconds + 0.5) * step_minutes
    return [
        candidate
        for candidate in (offset - _MINUTES_PER_DAY, offset, offset + _MINUTES_PER_DAY)
        if MIN_OFFSET_MINUTES <= candidate <= MAX_OFFSET_MINUTES
    ]


def _choices_at_offsets(offsets: Sequence[int], now: datetime, *, with_fixed: bool) -> ZoneAnswer:
    fixed = [fixed_zone(o) for o in offsets if o % 60 == 0] if with_fixed else []
    room = MAX_CHOICES - len(fixed)
    matching = [
        (zone, offset)
        for zone, _ in places.POPULAR_ZONES
        if (offset := offset_minutes(zone, now)) in offsets
    ]
    # Two day wraps fit near the date line: let each offset show its most populous zone
    # before the rest are filled in by population.
    leaders: dict[int, str] = {}
    for zone, offset in matching:
        leaders.setdefault(offset, zone)
    chosen = set(list(leaders.values())[:room])
    for zone, _ in matching:
        if len(chosen) >= room:
            break
        chosen.add(zone)
    candidates = [zone for zone, _ in matching if zone in chosen] + fixed
    if not candidates:
        return ZoneRejected(ZoneProblem.UNKNOWN)
    hint = " or ".join(offset_label(o) for o in sorted(offsets))
    return ZoneChoices(tuple(candidates), hint)


def _place_answer(name: str, zones: tuple[str, ...]) -> ZoneFound | ZoneChoices:
    if len(zones) == 1:
        return ZoneFound(zones[0], name)
    return ZoneChoices(zones[:MAX_CHOICES], name)
