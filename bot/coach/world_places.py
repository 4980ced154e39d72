"""The world's cities, for reading "where are you?": GeoNames' cities of 15,000 people or more.

The table (``bot/coach/data/places.tsv.gz``, made by ``tools/make_places.py``) comes from
GeoNames (https://www.geonames.org/, CC BY 4.0): about 34,000 cities with their IANA zone,
population, country, admin code and alternate names in every script ("Москва", "東京",
"القاهرة", "मुंबई"), already folded into the keys :func:`bot.coach.place_names.place_key`
makes. It is read like the zone database: package data, read-only, loaded once on the first
question (about 0.3 s) and kept (about 40 MB).

A name several cities share resolves by population (:func:`resolve`): the biggest city's zone
when it is at least :data:`DOMINANCE` times bigger than the biggest city on another zone
("Moscow" is Moscow, not Moscow, Idaho); otherwise a choice of their zones, biggest first
("Portland": Oregon's, then Maine's). The other zones stay known, so "Moscow, Idaho" can
still narrow to Idaho's.

A second table (``bot/coach/data/regions.tsv.gz``, from the same script) names the first-level
admin region of those cities (a state, province or oblast: "Querétaro", "Bavaria"). A region's
name stands for the zones of its cities, biggest first. A city's own name wins over a region's
("Moscow" is the city, not the oblast); between a region's name and a city's other name, the
one with the bigger city wins ("Jalisco" is the state of Guadalajara, not the town Xalisco).
"""

from __future__ import annotations

import functools
import gzip
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Final

DOMINANCE: Final = 10
"""How many times bigger the biggest city must be than any other of its name on another zone."""

MAX_ZONES: Final = 6
"""At most this many zones are kept per name: the bot offers them as buttons."""

_DATA: Final = ("bot.coach", "data/places.tsv.gz")
_REGIONS: Final = ("bot.coach", "data/regions.tsv.gz")


@dataclass(frozen=True, slots=True)
class City:
    """One city of the table.

    Attributes:
        name: Its GeoNames name ("Santiago de Querétaro").
        zone: Its IANA zone.
        population: People living there.
        country: ISO 3166 country code ("MX").
        admin1: GeoNames' first-level admin code within the country ("22"), possibly empty.
    """

    name: str
    zone: str
    population: int
    country: str
    admin1: str


@dataclass(frozen=True, slots=True)
class Resolved:
    """What a city name means on its own.

    Attributes:
        name: The name to say back: the biggest city's.
        zones: The zones a lone answer gives: one when a city dominates, else a choice.
        also: Every zone the name may mean, biggest city first (at most :data:`MAX_ZONES`).
        own: Whether the name is some city's own name, not only another name of one.
        region: Whether the name is read as an admin region's (no city's own name).
    """

    name: str
    zones: tuple[str, ...]
    also: tuple[str, ...]
    own: bool
    region: bool = False


def cities_named(key: str) -> Sequence[City]:
    """The cities a folded name stands for: those it is the name of, then those it is another
    name of, each group biggest first; empty when none.

    Args:
        key: A name folded by :func:`bot.coach.place_names.place_key`.

    Returns:
        The cities.
    """
    own, other = _index()
    return (*_as_list(own.get(key)), *_as_list(other.get(key)))


def resolve_key(key: str) -> Resolved | None:
    """What a folded name means on its own (see the module docstring), or ``None``.

    A city whose own name it is beats a city that merely has it among its other names
    ("Philadelphia" is the American city, not Amman's ancient name); the others stay in
    :attr:`Resolved.also`.

    Args:
        key: A name folded by :func:`bot.coach.place_names.place_key`.

    Returns:
        The name to say back and its zones, or ``None`` when no city has the name.
    """
    own, other = _index()
    named, also_named = _as_list(own.get(key)), _as_list(other.get(key))
    if not named:
        # A region's name and a city's other name: the one with the bigger city wins ("Jalisco"
        # is the state of Guadalajara, not the town Xalisco; "Kiev" is the city, not its oblast).
        region, biggest = _resolve_region(key)
        if not also_named or (region is not None and biggest > also_named[0].population):
            return region
    lone = _zones(named or also_named)
    every = tuple(dict.fromkeys((*lone, *_zones([*named, *also_named]))))[:MAX_ZONES]
    return Resolved((named or also_named)[0].name, _lone(lone), every, own=bool(named))


def _resolve_region(key: str) -> tuple[Resolved | None, int]:
    """What an admin region's folded name means (the zones of its cities, biggest first), and
    the population of its biggest city (0 when no region has the name)."""
    regions = _regions().get(key)
    if not regions:
        return None, 0
    cities = _cities_by_region()
    # Regions of one name in several countries: their cities, biggest first.
    members = sorted(
        (city for region in regions for city in cities.get(region[:2], ())),
        key=lambda city: -city.population,
    )
    if not members:
        return None, 0
    by_zone = _zones(members)
    every = tuple(by_zone)[:MAX_ZONES]
    resolved = Resolved(regions[0][2], _lone(by_zone), every, own=False, region=True)
    return resolved, members[0].population


def _lone(by_zone: dict[str, int]) -> tuple[str, ...]:
    """The zones a name gives on its own: the biggest city's when it dominates, else a choice."""
    zones = tuple(by_zone)
    dominant = len(zones) == 1 or by_zone[zones[0]] >= DOMINANCE * by_zone[zones[1]]
    return zones[:1] if dominant else zones[:MAX_ZONES]


def all_keys() -> Iterable[str]:
    """Every folded name of the table (for checks over the whole table)."""
    own, other = _index()
    return (*own.keys(), *(key for key in other if key not in own))


@functools.cache
def longest_key_words() -> int:
    """Words in the longest name, so a reader knows how far to look ahead."""
    return max(key.count(" ") + 1 for key in all_keys())


def _zones(cities: Sequence[City]) -> dict[str, int]:
    """Each zone of these cities with its biggest city's population, biggest first."""
    by_zone: dict[str, int] = {}
    for city in cities:
        by_zone.setdefault(city.zone, city.population)
    return by_zone


def _as_list(found: City | list[City] | None) -> Sequence[City]:
    if found is None:
        return ()
    return (found,) if isinstance(found, City) else found


_Index = dict[str, City | list[City]]


def _add(index: _Index, key: str, city: City) -> None:
    # Most names belong to one city: it is stored alone, a list only for shared names.
    before = index.get(key)
    if before is None:
        index[key] = city
    elif isinstance(before, City):
        index[key] = [before, city]
    else:
        before.append(city)


@functools.cache
def _index() -> tuple[_Index, _Index]:
    """Cities by their own name's key, and by their other names' keys.

    The file lists cities biggest first, so each list comes out biggest first unsorted; a
    line's first key is the city's own name.
    """
    raw = resources.files(_DATA[0]).joinpath(_DATA[1]).read_bytes()
    own: _Index = {}
    other: _Index = {}
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        name, zone, population, country, admin1, keys = line.split("\t")
        city = City(name, zone, int(population), country, admin1)
        first, *rest = keys.split("|")
        _add(own, first, city)
        for key in rest:
            _add(other, key, city)
    return own, other


_Region = tuple[str, str, str]  # country, admin1 code, name


@functools.cache
def _regions() -> dict[str, list[_Region]]:
    """Admin regions by their name's key (usually one; a few names recur across countries)."""
    raw = resources.files(_REGIONS[0]).joinpath(_REGIONS[1]).read_bytes()
    regions: dict[str, list[_Region]] = {}
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        country, code, name, key = line.split("\t")
        regions.setdefault(key, []).append((country, code, name))
    return regions


@functools.cache
def _cities_by_region() -> dict[tuple[str, str], list[City]]:
    """Every city of the table by (country, admin1 code), biggest first."""
    own, _ = _index()
    by_region: dict[tuple[str, str], list[City]] = {}
    for found in own.values():
        for city in _as_list(found):
            by_region.setdefault((city.country, city.admin1), []).append(city)
    for cities in by_region.values():
        cities.sort(key=lambda city: -city.population)
    return by_region
