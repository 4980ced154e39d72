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
   country or time-zone abbreviation from the curated tables in ``bot.coach.places``. Light
   noise is fine ("I'm in Berlin", "Berlin, Germany", "in Tokyo!"). When several places are
   named, the zones they share win ("Portland, Oregon"); if they share none, all are offered.
5. Any other IANA name ("EST5EDT", "ROK").

Bare numbers: a sign makes an offset (``"+3"``, ``"-5"``); a lone ``"3"`` is ambiguous (an
offset? 3 o'clock? a typo?) and is ``UNKNOWN``, so the bot asks again rather than guessing.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time
from enum import StrEnum
from typing import Final

from bot.coach import places, world_places
from bot.coach.clock_time import FILLER_WORDS, ClockTimeProblem, read_clock_time

MAX_ANSWER_LENGTH: Final = 100
MAX_CHOICES: Final = 6
MIN_OFFSET_MINUTES: Final = -12 * 60
MAX_OFFSET_MINUTES: Final = 14 * 60

_MINUTES_PER_DAY: Final = 24 * 60
_OFFSET_STEP_MINUTES: Final = 15
_MINUS: Final = "\N{MINUS SIGN}"

_GEOGRAPHIC_AREAS: Final = frozenset(
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
_DASHES: Final = str.maketrans(
    dict.fromkeys("\u2212\u2010\u2011\u2012\u2013\u2014\ufe63\uff0d", "-")
)
_EDGE_PUNCTUATION: Final = " \t\n\r!?.,;:'\"()[]"


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
    now = _as_utc(now_utc)

    exact = _exact_zone(text)
    if exact is not None and "/" in exact:
        return ZoneFound(exact, _typed_zone_label(exact))

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

    place = _read_places(text)
    if place is not None:
        return place
    if exact is None:
        exact = _zone_among_words(text)
    if exact is not None:
        return ZoneFound(exact, _typed_zone_label(exact))
    return ZoneRejected(ZoneProblem.UNKNOWN)


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
    return _offset_label(_offset_minutes(zone, _as_utc(now_utc)))


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
        return _offset_label(fixed)
    area, _, rest = zone.partition("/")
    if area in _GEOGRAPHIC_AREAS and rest:
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
    return _zone_names_by_folded().get(zone.casefold()) == zone


# --- Zones and offsets -----------------------------------------------------------------------


@functools.cache
def _zone_names_by_folded() -> Mapping[str, str]:
    # available_timezones() walks the tz database on disk on every call: once is enough.
    return {
        name.casefold(): name for name in zoneinfo.available_timezones() if name not in _NOT_ZONES
    }


@functools.cache
def _zone_info(zone: str) -> zoneinfo.ZoneInfo:
    # ZoneInfo keeps only a few zones alive by itself; offering choices touches ~200 of them.
    if _zone_names_by_folded().get(zone.casefold()) != zone:
        raise ValueError(f"unknown time zone: {zone!r}")
    return zoneinfo.ZoneInfo(zone)


def _as_utc(now_utc: datetime) -> datetime:
    if now_utc.tzinfo is None or now_utc.utcoffset() is None:
        raise ValueError("now_utc must be timezone-aware")
    return now_utc.astimezone(UTC)


def _offset_minutes(zone: str, now: datetime) -> int:
    offset = now.astimezone(_zone_info(zone)).utcoffset()
    if offset is None:  # pragma: no cover - ZoneInfo always knows its offset
        raise ValueError(f"no UTC offset for {zone!r}")
    return round(offset.total_seconds() / 60)


def _offset_label(minutes: int) -> str:
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else _MINUS
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}:{rest:02d}" if rest else f"UTC{sign}{hours}"


def _fixed_zone(minutes: int) -> str:
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


def _typed_zone_label(zone: str) -> str:
    # A user who typed "Etc/GMT-3" should not have the inverted sign read back to them.
    return zone_label(zone) if _fixed_offset_minutes(zone) is not None else zone


def _exact_zone(text: str) -> str | None:
    candidate = unicodedata.normalize("NFKC", text).translate(_DASHES).strip(_EDGE_PUNCTUATION)
    candidate = re.sub(r"\s*/\s*", "/", candidate)
    candidate = re.sub(r"\s+", "_", candidate)
    return _zone_names_by_folded().get(candidate.casefold())


def _zone_among_words(text: str) -> str | None:
    found = {zone for word in text.split() if "/" in word and (zone := _exact_zone(word))}
    return found.pop() if len(found) == 1 else None


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
    normalized = unicodedata.normalize("NFKC", text).casefold().translate(_DASHES)
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
        return ZoneFound(_fixed_zone(minutes), _offset_label(minutes))
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
    fixed = [_fixed_zone(o) for o in offsets if o % 60 == 0] if with_fixed else []
    room = MAX_CHOICES - len(fixed)
    matching = [
        (zone, offset)
        for zone, _ in places.POPULAR_ZONES
        if (offset := _offset_minutes(zone, now)) in offsets
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
    hint = " or ".join(_offset_label(o) for o in sorted(offsets))
    return ZoneChoices(tuple(candidates), hint)


# --- Places ----------------------------------------------------------------------------------

# Letters that do not decompose into a base letter plus accent.
_TRANSLITERATION: Final = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
# Dropped, not turned into spaces: "St. John's" and "D.C." stay one word each.
_SILENT_MARKS: Final = re.compile(r"['’`ʼ.]")
_NON_WORD: Final = re.compile(r"[\W_]+")
# Words around a place name; only consulted to see whether a short name is the whole answer.
# fmt: off
_PLACE_FILLER: Final = (FILLER_WORDS - {"us"}) | frozenset({
    "am", "are", "area", "based", "city", "country", "from", "live", "living", "located",
    "near", "of", "our", "region", "state", "stay", "staying", "the", "timezone", "tz", "we",
    "were", "zone",
})
# fmt: on


@dataclass(frozen=True, slots=True)
class _Place:
    name: str
    zones: tuple[str, ...]  # what the name means on its own
    also: tuple[str, ...] = ()  # further zones it may mean, when another place narrows it

    @property
    def every_zone(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.zones, *self.also)))


@dataclass(frozen=True, slots=True)
class _PlaceIndex:
    places: Mapping[str, _Place]
    standalone_only: frozenset[str]  # keys that count only as the whole answer
    longest: int  # words in the longest key


def _place_words(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    cleaned = _SILENT_MARKS.sub("", bare.translate(_TRANSLITERATION))
    return ["st" if word == "saint" else word for word in _NON_WORD.sub(" ", cleaned).split()]


def name_as_typed(text: str, label: str) -> str:
    """The place to say back: the user's own spelling of a city named in a non-Latin script.

    The world table says a city back by its GeoNames name ("Saint Petersburg"); someone who
    wrote "Санкт-Петербург" or "東京" hears their own word instead. Latin-script answers, a
    sentence around the name, offsets and zone names keep ``label``.

    Args:
        text: What the user wrote.
        label: The name the parser found.

    Returns:
        The typed name (its first letter capitalised) or ``label``.
    """
    typed = " ".join(text.split()).strip(" .,!?")
    if not typed or len(typed) > _MAX_TYPED_NAME or typed == label:
        return label
    if any(char.isascii() and char.isalnum() for char in typed):
        return label
    key = place_key(typed)
    if not key or world_places.resolve_key(key) is None:
        return label
    return typed[:1].upper() + typed[1:]


_MAX_TYPED_NAME = 60


def place_key(text: str) -> str:
    """A place name as the index keys it: casefolded, accents and punctuation dropped.

    ``tools/make_places.py`` stores the world table's names folded with this function, so a
    change here means generating the table again.

    Args:
        text: A place name as written ("St. John's", "São Paulo").

    Returns:
        Its words joined by single spaces ("st johns", "sao paulo").
    """
    return " ".join(_place_words(text))


def _curated_places() -> Iterable[tuple[str, _Place]]:
    """Curated entries by key, in rising precedence."""
    for name, zone in places.CITIES.items():
        yield place_key(name), _Place(name, (zone,))
    for table in (
        places.REGIONS,
        places.AMBIGUOUS_PLACES,
        places.COUNTRIES,
        places.ZONE_ABBREVIATIONS,
    ):
        for name, zones in table.items():
            yield place_key(name), _Place(name, zones[:MAX_CHOICES])


@functools.cache
def _place_index() -> _PlaceIndex:
    by_key: dict[str, _Place] = {}
    segment_zone: dict[str, str] = {}
    for zone in sorted(_zone_names_by_folded().values()):
        area, _, rest = zone.partition("/")
        segment = zone.rsplit("/", 1)[-1]
        if area not in _GEOGRAPHIC_AREAS or not rest or segment in places.EXCLUDED_ZONE_SEGMENTS:
            continue
        key = place_key(segment)
        # Legacy links are often shallower copies ("America/Buenos_Aires"): prefer the deeper,
        # current name. Equal-depth clashes ("Istanbul") are settled in places.CITIES.
        current = segment_zone.get(key)
        if current is None or zone.count("/") > current.count("/"):
            segment_zone[key] = zone
    for key, zone in segment_zone.items():
        by_key[key] = _Place(zone_label(zone), (zone,))
    by_key.update(_curated_places())
    for alias, target in places.ALIASES.items():
        place = by_key.get(place_key(target)) or _world_place(place_key(target), whole=True)
        if place is not None:
            by_key[place_key(alias)] = place
    return _PlaceIndex(
        places=by_key,
        standalone_only=frozenset(place_key(name) for name in places.STANDALONE_ONLY),
        longest=max(len(key.split()) for key in by_key),
    )


def _world_place(key: str, *, whole: bool) -> _Place | None:
    """A city of the world table by its key.

    Inside a longer answer a one-word Latin name counts only when it is longer than three
    letters, no filler word, and some city's own name: "Of" and "Man" are cities, and "Tell"
    another name of one, but inside a sentence they are words.
    """
    one_latin_word = key.isascii() and " " not in key
    if not whole and one_latin_word and (len(key) <= 3 or key in _PLACE_FILLER):
        return None
    resolved = world_places.resolve_key(key)
    if resolved is None or (not whole and one_latin_word and not resolved.own):
        return None
    return _Place(resolved.name, resolved.zones, resolved.also)


def _read_places(text: str) -> ZoneFound | ZoneChoices | None:
    index = _place_index()
    words = _place_words(text)
    longest = max(index.longest, world_places.longest_key_words())
    found: list[_Place] = []
    start = 0
    while start < len(words):
        # Longest name first, so "New South Wales" is not read as "Wales" and "Nova Lima" not
        # as "Lima": a whole name always wins over a word inside it. The curated tables win
        # over the world table for the same name.
        for size in range(min(longest, len(words) - start), 0, -1):
            key = " ".join(words[start : start + size])
            if key in index.standalone_only:
                continue  # "US", "LA": only as the whole answer, read below
            place = index.places.get(key)
            world = _world_place(key, whole=size == len(words) or place is not None)
            if place is None:
                place = world
            elif world is not None:
                # "Paris" is Paris, but "Paris, Texas" may still be the Texan one.
                place = _Place(place.name, place.zones, world.every_zone)
            if place is not None:
                found.append(place)
                start += size
                break
        else:
            start += 1
    if found:
        return _combine_places(found)
    meaningful = " ".join(word for word in words if word not in _PLACE_FILLER)
    if meaningful in index.standalone_only and meaningful in index.places:
        whole = index.places[meaningful]
        return _place_answer(whole.name, whole.zones)
    world = _world_place(meaningful, whole=True) if meaningful else None
    if world is not None:
        return _place_answer(world.name, world.zones)
    return None


def _combine_places(found: Sequence[_Place]) -> ZoneFound | ZoneChoices:
    named = list(dict.fromkeys(found))
    label = ", ".join(dict.fromkeys(place.name for place in named))
    if len(named) == 1:
        return _place_answer(label, named[0].zones)
    # The most specific place (fewest zones) sets the order; the text order breaks ties. A
    # name shared by cities on several zones meets the others with all of them ("Moscow,
    # Idaho").
    by_specificity = sorted(named, key=lambda place: len(place.zones))
    first, rest = by_specificity[0], by_specificity[1:]
    shared = [zone for zone in first.zones if all(zone in p.every_zone for p in rest)] or [
        zone for zone in first.every_zone if all(zone in p.every_zone for p in rest)
    ]
    if shared:
        return _place_answer(label, tuple(shared))
    # "Paris, Texas": the places disagree, so let the user say which they meant.
    offered = dict.fromkeys(zone for place in by_specificity for zone in place.zones)
    return ZoneChoices(tuple(offered)[:MAX_CHOICES], label)


def _place_answer(name: str, zones: tuple[str, ...]) -> ZoneFound | ZoneChoices:
    if len(zones) == 1:
        return ZoneFound(zones[0], name)
    return ZoneChoices(zones[:MAX_CHOICES], name)
