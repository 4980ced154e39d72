"""The world's cities: a bare city name, in English or its own script, finds the city's clock.

The targets are checked over the whole table (``bot/coach/data/places.tsv.gz``): at least 95 %
of the cities over a million people and 85 % of those over 100,000 resolve from the bare name
to a zone on the city's offsets (in January and in July), or to a choice that has one.
"""

from __future__ import annotations

import gzip
import unicodedata
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cache
from importlib import resources

import pytest

from bot.coach import world_places
from bot.coach.place_names import place_key
from bot.coach.timezones import (
    ZoneChoices,
    ZoneFound,
    ZoneProblem,
    ZoneRejected,
    parse_timezone_answer,
)
from bot.coach.world_places import City

JANUARY = datetime(2027, 1, 15, 12, tzinfo=UTC)
JULY = datetime(2027, 7, 15, 12, tzinfo=UTC)

ARAB_SCRIPT_COUNTRIES = [
    "EG",
    "SA",
    "IQ",
    "SY",
    "JO",
    "AE",
    "MA",
    "DZ",
    "TN",
    "LY",
    "SD",
    "YE",
    "KW",
    "QA",
    "OM",
    "LB",
    "IR",
    "AF",
    "PK",
]

# The script most of a country's people write their city names in.
SCRIPTS: dict[str, str] = {
    **dict.fromkeys(("RU", "UA", "BY", "KZ", "KG", "BG", "RS", "MK", "MN", "TJ"), "CYRILLIC"),
    **dict.fromkeys(("CN", "TW", "HK", "MO", "JP"), "CJK"),
    "KR": "HANGUL",
    **dict.fromkeys(ARAB_SCRIPT_COUNTRIES, "ARABIC"),
    **dict.fromkeys(("IN", "NP"), "DEVANAGARI"),
    "BD": "BENGALI",
    "TH": "THAI",
    "IL": "HEBREW",
    "GR": "GREEK",
    "GE": "GEORGIAN",
    "AM": "ARMENIAN",
    "ET": "ETHIOPIC",
}


def _offsets(zone: str) -> tuple[object, object]:
    info = zoneinfo.ZoneInfo(zone)
    return JANUARY.astimezone(info).utcoffset(), JULY.astimezone(info).utcoffset()


@cache
def _cities() -> dict[City, list[str]]:
    """Every city of the table with its keys."""
    keys: dict[City, list[str]] = defaultdict(list)
    for key in world_places.all_keys():
        for city in world_places.cities_named(key):
            keys[city].append(key)
    return dict(keys)


def _resolves(text: str, city: City) -> bool:
    answer = parse_timezone_answer(text, JANUARY)
    zones: Iterable[str] = ()
    if isinstance(answer, ZoneFound):
        zones = (answer.zone,)
    elif isinstance(answer, ZoneChoices):
        zones = answer.candidates
    return any(_offsets(zone) == _offsets(city.zone) for zone in zones)


def _script(key: str) -> str:
    letters = [char for char in key if char.isalpha()]
    if not letters:
        return ""
    first = unicodedata.name(letters[0], "").split(" ")[0]
    return "CJK" if first in {"HIRAGANA", "KATAKANA"} else first


def _share(cities: list[City], resolved: Iterable[bool]) -> float:
    return sum(resolved) / len(cities)


@pytest.mark.exhaustive
@pytest.mark.parametrize(("population", "target"), [(1_000_000, 0.95), (100_000, 0.85)])
def test_a_big_city_resolves_from_its_bare_name(population: int, target: float) -> None:
    cities = [city for city in _cities() if city.population >= population]
    assert len(cities) > (400 if population == 1_000_000 else 5000)
    share = _share(cities, (_resolves(city.name, city) for city in cities))
    assert share >= target, f"{share:.1%} of {len(cities)} cities over {population:,}"


@pytest.mark.exhaustive
@pytest.mark.parametrize(("population", "target"), [(1_000_000, 0.95), (100_000, 0.85)])
def test_a_big_city_resolves_from_its_name_in_its_own_script(
    population: int, target: float
) -> None:
    table = _cities()
    cities = [
        city
        for city, keys in table.items()
        if city.population >= population
        and any(_script(key) == SCRIPTS.get(city.country) for key in keys)
    ]
    assert len(cities) > (150 if population == 1_000_000 else 1000)
    resolved = (
        any(
            _resolves(key, city) for key in table[city] if _script(key) == SCRIPTS.get(city.country)
        )
        for city in cities
    )
    share = _share(cities, resolved)
    assert share >= target, f"{share:.1%} of {len(cities)} cities over {population:,}"


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Санкт-Петербург", "Europe/Moscow"),
        ("Новосибирск", "Asia/Novosibirsk"),
        ("Харків", "Europe/Kyiv"),
        ("東京", "Asia/Tokyo"),
        ("北京", "Asia/Shanghai"),
        ("서울", "Asia/Seoul"),
        ("मुंबई", "Asia/Kolkata"),
        ("القاهرة", "Africa/Cairo"),
        ("تهران", "Asia/Tehran"),
        ("Москва", "Europe/Moscow"),
        ("São Paulo", "America/Sao_Paulo"),
        ("Ciudad de México", "America/Mexico_City"),
        ("Lagos", "Africa/Lagos"),
        # A whole name wins over a word inside it.
        ("Santiago de Querétaro", "America/Mexico_City"),
        ("San Luis Potosí", "America/Monterrey"),
        ("Jersey City", "America/New_York"),
        ("Nova Lima", "America/Sao_Paulo"),
        ("I live in Nova Lima", "America/Sao_Paulo"),
        # A name several cities share: the far bigger one, or a place that narrows it.
        ("Moscow", "Europe/Moscow"),
        ("Moscow, Idaho", "America/Los_Angeles"),
        ("Paris, Texas", "America/Chicago"),
        ("Portland, Oregon", "America/Los_Angeles"),
        # An admin region of the world table, alone or narrowing a city.
        ("Bavaria", "Europe/Berlin"),
        ("I live in Maharashtra", "Asia/Kolkata"),
        ("Jalisco", "America/Mexico_City"),  # the state, not the town of Xalisco
        ("Guadalajara, Jalisco", "America/Mexico_City"),
        ("Valencia, Carabobo", "America/Caracas"),
        ("Córdoba, Andalusia", "Europe/Madrid"),
        ("Kazan, Tatarstan", "Europe/Moscow"),
        ("Newcastle, New South Wales", "Australia/Sydney"),
    ],
)
def test_named_cities_find_their_zone(text: str, zone: str) -> None:
    assert parse_timezone_answer(text, JANUARY) == ZoneFound(
        zone,
        parse_timezone_answer(text, JANUARY).label,  # type: ignore[union-attr]
    )


def test_cities_of_one_name_and_similar_size_are_a_choice() -> None:
    answer = parse_timezone_answer("Portland", JANUARY)
    assert isinstance(answer, ZoneChoices)
    assert answer.candidates[:2] == ("America/Los_Angeles", "America/New_York")


def test_a_short_city_name_counts_only_as_the_whole_answer() -> None:
    assert parse_timezone_answer("Of", JANUARY) == ZoneFound("Europe/Istanbul", "Of")
    assert parse_timezone_answer("one of these", JANUARY) != ZoneFound("Europe/Istanbul", "Of")


def test_the_table_keys_are_folded_as_the_parser_folds() -> None:
    sample = list(world_places.all_keys())[::500]
    assert sample
    assert all(place_key(key) == key for key in sample)


def _zones(answer: object) -> tuple[str, ...]:
    if isinstance(answer, ZoneFound):
        return (answer.zone,)
    assert isinstance(answer, ZoneChoices), answer
    return answer.candidates


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("Nairobi, East Africa", "Nairobi"),
        ("Lisbon, western europe", "Lisbon"),
        ("Seattle, west coast", "Seattle"),
        ("I live in Berlin and work in the capital", "Berlin"),
        ("Lille, Nord", "Lille"),
        ("Tokyo. I like the lakes", "Tokyo"),
        ("Leeds, in the north east", "Leeds"),
        ("I'm in Berlin, moved from the Red Sea coast", "Berlin"),
        ("Birmingham, West Midlands", "Birmingham"),
        ("Valencia, capital", "Valencia"),
        ("Colombo, Western Province", "Colombo"),
    ],
)
def test_everyday_words_after_a_city_bring_no_faraway_region(text: str, city: str) -> None:
    # A region counts inside a sentence only when it narrows the place before it, and regions
    # named only with words like "western" or "capital" are not in the table at all.
    assert _zones(parse_timezone_answer(text, JANUARY)) == _zones(
        parse_timezone_answer(city, JANUARY)
    )


def test_a_region_is_no_match_for_a_city_of_its_name() -> None:
    assert parse_timezone_answer("Moscow", JANUARY) == ZoneFound("Europe/Moscow", "Moscow")
    # Alone, Córdoba is the Argentine city or the Andalusian one; the region settles it.
    assert isinstance(parse_timezone_answer("Córdoba", JANUARY), ZoneChoices)
    # The bigger place wins between a region and a city's other name.
    assert parse_timezone_answer("Kiev", JANUARY) == ZoneFound("Europe/Kyiv", "Kyiv")
    assert parse_timezone_answer("Capital", JANUARY) == ZoneRejected(ZoneProblem.UNKNOWN)


@pytest.mark.exhaustive
def test_most_regions_of_the_cities_have_a_name() -> None:
    raw = resources.files("bot.coach").joinpath("data/regions.tsv.gz").read_bytes()
    text = gzip.decompress(raw).decode("utf-8")
    assert any("GeoNames" in line and "CC BY 4.0" in line for line in text.split("\n")[:5])
    named = {tuple(line.split("\t")[:2]) for line in text.splitlines() if not line.startswith("#")}
    cities = {
        (city.country, city.admin1)
        for key in world_places.all_keys()
        for city in world_places.cities_named(key)
        if city.admin1
    }
    assert len(named & cities) >= 0.85 * len(cities)


def test_the_table_credits_geonames() -> None:
    raw = resources.files("bot.coach").joinpath("data/places.tsv.gz").read_bytes()
    header = gzip.decompress(raw).decode("utf-8").split("\n", 8)[:6]
    assert any("GeoNames" in line and "CC BY 4.0" in line for line in header)
