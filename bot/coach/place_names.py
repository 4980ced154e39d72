"""Reading place names into time zones: cities, regions, countries and zone abbreviations.

A place is the last part of any IANA name ("Tokyo", "sao paulo", "Zürich"), a city of the world
table (:mod:`bot.coach.world_places`) or an entry of the curated tables (:mod:`bot.coach.places`),
which win over it. Light noise is fine ("I'm in Berlin", "Berlin, Germany", "in Tokyo!"). When
several places are named, the zones they share win ("Portland, Oregon"); if they share none, all
are offered.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from bot.coach import places, world_places
from bot.coach.clock_time import FILLER_WORDS
from bot.coach.zones import GEOGRAPHIC_AREAS, MAX_CHOICES, zone_label, zone_names_by_folded

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
    for zone in sorted(zone_names_by_folded().values()):
        area, _, rest = zone.partition("/")
        segment = zone.rsplit("/", 1)[-1]
        if area not in GEOGRAPHIC_AREAS or not rest or segment in places.EXCLUDED_ZONE_SEGMENTS:
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


def _world_place(key: str, *, whole: bool, before: _Place | None = None) -> _Place | None:
    """A city (or an admin region) of the world table by its key.

    Inside a longer answer a one-word Latin name counts only when it is longer than three
    letters, no filler word, and some city's own name: "Of" and "Man" are cities, and "Tell"
    another name of one, but inside a sentence they are words. A region's name counts there
    only when it narrows the place named ``before`` it (they share a zone: "Guadalajara,
    Jalisco"): otherwise "Paris, the capital" or "Leeds, in the north east" would pull in a
    faraway region of that name.
    """
    one_latin_word = key.isascii() and " " not in key
    if not whole and one_latin_word and (len(key) <= 3 or key in _PLACE_FILLER):
        return None
    resolved = world_places.resolve_key(key)
    if resolved is None:
        return None
    if not whole and resolved.region:
        if before is None or not set(resolved.also) & set(before.every_zone):
            return None
    elif not whole and one_latin_word and not resolved.own:
        return None
    return _Place(resolved.name, resolved.zones, resolved.also)


def read_places(text: str) -> tuple[str, tuple[str, ...]] | None:
    """The places named in an answer, and the zones they mean together.

    Args:
        text: What the user wrote.

    Returns:
        The places' name as said back ("Portland, Oregon") and their zones, most likely first:
        one zone is the answer, several a choice; ``None`` when no place is named.
    """
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
            world = _world_place(
                key,
                whole=size == len(words) or place is not None,
                before=found[-1] if found else None,
            )
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
        return whole.name, whole.zones
    world = _world_place(meaningful, whole=True) if meaningful else None
    if world is not None:
        return world.name, world.zones
    return None


def _combine_places(found: Sequence[_Place]) -> tuple[str, tuple[str, ...]]:
    named = list(dict.fromkeys(found))
    label = ", ".join(dict.fromkeys(place.name for place in named))
    if len(named) == 1:
        return label, named[0].zones
    # The most specific place (fewest zones) sets the order; the text order breaks ties. A
    # name shared by cities on several zones meets the others with all of them ("Moscow,
    # Idaho").
    by_specificity = sorted(named, key=lambda place: len(place.zones))
    first, rest = by_specificity[0], by_specificity[1:]
    shared = [zone for zone in first.zones if all(zone in p.every_zone for p in rest)] or [
        zone for zone in first.every_zone if all(zone in p.every_zone for p in rest)
    ]
    if shared:
        return label, tuple(shared)
    # "Paris, Texas": the places disagree, so let the user say which they meant.
    offered = dict.fromkeys(zone for place in by_specificity for zone in place.zones)
    return label, tuple(offered)
