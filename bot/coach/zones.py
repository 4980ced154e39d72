"""IANA time zones by name: which exist, their UTC offset at an instant, how to name one back.

Zones come from the installed tz database (``zoneinfo``), read once. Names are matched whatever
their case; fixed ``Etc/GMT`` zones have their POSIX-inverted sign turned back for people
(``"Etc/GMT-3"`` is UTC+3).
"""

from __future__ import annotations

import functools
import re
import unicodedata
import zoneinfo
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Final

from bot.coach import places

MAX_CHOICES: Final = 6
"""Most zones offered at once, as buttons."""

_MINUS: Final = "\N{MINUS SIGN}"

GEOGRAPHIC_AREAS: Final = frozenset(
    {
        "Africa",
        "America",
        "Antarctica",
        "Arctic",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    }
)
# In the database but nowhere anyone lives: "Factory" shows "-00", the others are file aliases.
_NOT_ZONES: Final = frozenset({"Factory", "localtime", "posixrules"})
_UTC_NAMES: Final = frozenset(
    prefix + name
    for prefix in ("", "Etc/")
    for name in ("UTC", "UCT", "GMT", "GMT0", "GMT+0", "GMT-0", "Greenwich", "Universal", "Zulu")
)
_ETC_GMT: Final = re.compile(r"(?:Etc/)?GMT([+-])(\d{1,2})")
# Hyphen look-alikes people paste for a minus sign.
DASHES: Final = str.maketrans(
    dict.fromkeys("\u2212\u2010\u2011\u2012\u2013\u2014\ufe63\uff0d", "-")
)
_EDGE_PUNCTUATION: Final = " \t\n\r!?.,;:'\"()[]"


def utc_offset_label(zone: str, now_utc: datetime) -> str:
    """Name the UTC offset a zone is on at an instant: ``"UTC+5:30"``, ``"UTC−11"``, ``"UTC"``.

    Args:
        zone: An IANA zone name.
        now_utc: The instant (timezone-aware); daylight saving time is taken into account.

    Returns:
        ``"UTC"`` for zero, otherwise the signed offset (a real minus sign, U+2212), with
        minutes only when there are any.

    Raises:
        ValueError: If the zone is unknown or ``now_utc`` is naive.
    """
    return offset_label(offset_minutes(zone, as_utc(now_utc)))


def zone_label(zone: str) -> str:
    """A readable name for a zone, e.g. for a button.

    ``"Europe/Berlin"`` gives ``"Berlin"``, ``"America/Argentina/Buenos_Aires"`` gives
    ``"Buenos Aires"``, ``"Etc/GMT-3"`` gives ``"UTC+3"``; names outside the geographic areas
    (``"US/Eastern"``) are kept whole.

    Args:
        zone: An IANA zone name; it is not checked.

    Returns:
        The name to show.
    """
    display = places.ZONE_DISPLAY_NAMES.get(zone)
    if display is not None:
        return display
    fixed = _fixed_offset_minutes(zone)
    if fixed is not None:
        return offset_label(fixed)
    area, _, rest = zone.partition("/")
    if area in GEOGRAPHIC_AREAS and rest:
        return rest.rsplit("/", 1)[-1].replace("_", " ")
    return zone.replace("_", " ")


def is_known_zone(zone: str) -> bool:
    """Whether ``zone`` is an IANA zone name, spelled exactly (case matters), that people use.

    Args:
        zone: The name to check, e.g. ``"Europe/Berlin"``.

    Returns:
        True for zones and legacy links in the installed tz database; False otherwise,
        including for ``"Factory"``.
    """
    return zone_names_by_folded().get(zone.casefold()) == zone


@functools.cache
def zone_names_by_folded() -> Mapping[str, str]:
    """Every zone people use, by its casefolded name."""
    # available_timezones() walks the tz database on disk on every call: once is enough.
    return {
        name.casefold(): name for name in zoneinfo.available_timezones() if name not in _NOT_ZONES
    }


@functools.cache
def _zone_info(zone: str) -> zoneinfo.ZoneInfo:
    # ZoneInfo keeps only a few zones alive by itself; offering choices touches ~200 of them.
    if zone_names_by_folded().get(zone.casefold()) != zone:
        raise ValueError(f"unknown time zone: {zone!r}")
    return zoneinfo.ZoneInfo(zone)


def as_utc(now_utc: datetime) -> datetime:
    """An aware instant in UTC.

    Raises:
        ValueError: If ``now_utc`` is naive.
    """
    if now_utc.tzinfo is None or now_utc.utcoffset() is None:
        raise ValueError("now_utc must be timezone-aware")
    return now_utc.astimezone(UTC)


def offset_minutes(zone: str, now: datetime) -> int:
    """Minutes east of UTC that ``zone`` is at ``now``.

    Raises:
        ValueError: If the zone is unknown.
    """
    offset = now.astimezone(_zone_info(zone)).utcoffset()
    if offset is None:  # pragma: no cover - ZoneInfo always knows its offset
        raise ValueError(f"no UTC offset for {zone!r}")
    return round(offset.total_seconds() / 60)


def offset_label(minutes: int) -> str:
    """An offset as people write it: ``"UTC"``, ``"UTC+3"``, ``"UTC−5:30"``."""
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else _MINUS
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}:{rest:02d}" if rest else f"UTC{sign}{hours}"


def fixed_zone(minutes: int) -> str:
    """The fixed zone of a whole-hour offset: ``"Etc/UTC"``, ``"Etc/GMT-3"`` for UTC+3."""
    if minutes == 0:
        return "Etc/UTC"
    # POSIX counts west as positive, so UTC+3 is Etc/GMT-3.
    return f"Etc/GMT{'-' if minutes > 0 else '+'}{abs(minutes) // 60}"


def _fixed_offset_minutes(zone: str) -> int | None:
    if zone in _UTC_NAMES:
        return 0
    match = _ETC_GMT.fullmatch(zone)
    if match is None:
        return None
    minutes = int(match[2]) * 60
    return -minutes if match[1] == "+" else minutes


def typed_zone_label(zone: str) -> str:
    """How to say back a zone the user typed by its name."""
    # A user who typed "Etc/GMT-3" should not have the inverted sign read back to them.
    return zone_label(zone) if _fixed_offset_minutes(zone) is not None else zone


def exact_zone(text: str) -> str | None:
    """The zone ``text`` names exactly, whatever its case and spacing; ``None`` otherwise."""
    candidate = unicodedata.normalize("NFKC", text).translate(DASHES).strip(_EDGE_PUNCTUATION)
    candidate = re.sub(r"\s*/\s*", "/", candidate)
    candidate = re.sub(r"\s+", "_", candidate)
    return zone_names_by_folded().get(candidate.casefold())


def zone_among_words(text: str) -> str | None:
    """The one zone named by a word of ``text`` ("I live in Europe/Berlin"), if only one is."""
    found = {zone for word in text.split() if "/" in word and (zone := exact_zone(word))}
    return found.pop() if len(found) == 1 else None
