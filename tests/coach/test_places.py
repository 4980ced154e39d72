"""The curated place data (bot.coach.places): real zones, sizes, order, names that read back."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator

import pytest

from bot.coach import places, world_places
from bot.coach.place_names import name_as_typed, place_key
from bot.coach.timezones import (
    ZoneChoices,
    ZoneFound,
    ZoneRejected,
    parse_timezone_answer,
)
from bot.coach.zones import MAX_CHOICES, is_known_zone
from tests.coach.zone_answers import WINTER, found, offset_minutes, sample_instants


def all_curated_zones() -> Iterator[tuple[str, str]]:
    """(where, zone) for every zone named anywhere in bot.coach.places."""
    for zone, _ in places.POPULAR_ZONES:
        yield "POPULAR_ZONES", zone
    for name, zone in places.CITIES.items():
        yield f"CITIES[{name}]", zone
    for table_name, table in (
        ("REGIONS", places.REGIONS),
        ("AMBIGUOUS_PLACES", places.AMBIGUOUS_PLACES),
        ("COUNTRIES", places.COUNTRIES),
        ("ZONE_ABBREVIATIONS", places.ZONE_ABBREVIATIONS),
    ):
        for name, zones in table.items():
            for zone in zones:
                yield f"{table_name}[{name}]", zone
    for zone in places.ZONE_DISPLAY_NAMES:
        yield "ZONE_DISPLAY_NAMES", zone


def test_every_curated_zone_is_a_real_iana_zone() -> None:
    unknown = [(where, zone) for where, zone in all_curated_zones() if not is_known_zone(zone)]
    assert unknown == []
    for _, zone in all_curated_zones():
        zoneinfo.ZoneInfo(zone)  # and loads


def test_choice_tables_fit_on_the_buttons() -> None:
    for table in (
        places.REGIONS,
        places.AMBIGUOUS_PLACES,
        places.COUNTRIES,
        places.ZONE_ABBREVIATIONS,
    ):
        for name, zones in table.items():
            assert 1 <= len(zones) <= MAX_CHOICES, name
            assert len(set(zones)) == len(zones), name
    for name, zones in places.AMBIGUOUS_PLACES.items():
        assert len(zones) >= 2, name


def test_curated_tables_are_big_enough() -> None:
    # The cities are GeoNames' (bot.coach.world_places); the hand-kept list holds the rest.
    assert len(set(world_places.all_keys())) >= 200_000
    assert len(places.COUNTRIES) >= 150


def test_popular_zones_are_unique_and_most_populous_first() -> None:
    zones = [zone for zone, _ in places.POPULAR_ZONES]
    assert len(set(zones)) == len(zones)
    populations = [population for _, population in places.POPULAR_ZONES]
    assert populations == sorted(populations, reverse=True)


def geographic_zones() -> list[str]:
    areas = {"Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia"}
    areas |= {"Europe", "Indian", "Pacific"}
    return sorted(zone for zone in zoneinfo.available_timezones() if zone.split("/")[0] in areas)


@pytest.mark.exhaustive
def test_popular_zones_cover_every_offset_in_use() -> None:
    geographic = geographic_zones()
    for now in sample_instants(step_days=9):
        in_use = {offset_minutes(zone, now) for zone in geographic}
        covered = {offset_minutes(zone, now) for zone, _ in places.POPULAR_ZONES}
        assert in_use <= covered, (now, sorted(in_use - covered))


def curated_names() -> Iterator[tuple[str, tuple[str, ...]]]:
    for name, zone in places.CITIES.items():
        yield name, (zone,)
    for table in (
        places.REGIONS,
        places.AMBIGUOUS_PLACES,
        places.COUNTRIES,
        places.ZONE_ABBREVIATIONS,
    ):
        yield from table.items()


def test_curated_names_do_not_collide() -> None:
    seen: dict[str, str] = {}
    for name, _ in curated_names():
        key = place_key(name)
        assert key not in seen, (name, seen.get(key))
        seen[key] = name
    for alias in places.ALIASES:
        assert place_key(alias) not in seen, alias


def test_every_curated_name_reads_back_as_its_own_zones() -> None:
    for name, zones in curated_names():
        answer = parse_timezone_answer(name, WINTER)
        if len(zones) == 1:
            assert answer == ZoneFound(zones[0], name), name
        else:
            assert answer == ZoneChoices(zones, name), name


def test_every_alias_reads_as_its_target() -> None:
    for alias, target in places.ALIASES.items():
        assert parse_timezone_answer(alias, WINTER) == parse_timezone_answer(target, WINTER), alias
        assert not isinstance(parse_timezone_answer(alias, WINTER), ZoneRejected), alias


def test_standalone_names_exist_and_stay_quiet_inside_sentences() -> None:
    for name in places.STANDALONE_ONLY:
        assert not isinstance(parse_timezone_answer(name, WINTER), ZoneRejected), name
        assert found(f"{name} Tokyo").zone == "Asia/Tokyo", name


def test_excluded_segments_still_exist() -> None:
    segments = {zone.rsplit("/", 1)[-1] for zone in zoneinfo.available_timezones()}
    assert segments >= places.EXCLUDED_ZONE_SEGMENTS


def test_every_geographic_zone_city_is_understood() -> None:
    for zone in geographic_zones():
        segment = zone.rsplit("/", 1)[-1]
        if segment in places.EXCLUDED_ZONE_SEGMENTS:
            continue
        answer = parse_timezone_answer(segment.replace("_", " "), WINTER)
        assert not isinstance(answer, ZoneRejected), zone


@pytest.mark.parametrize(
    ("typed", "label", "said"),
    [
        ("Санкт-Петербург", "Saint Petersburg", "Санкт-Петербург"),
        ("  东京 ", "Tokyo", "东京"),
        ("новосибирск", "Novosibirsk", "Новосибирск"),
        ("São Paulo", "São Paulo", "São Paulo"),  # Latin script: the table's own name
        ("Sankt-Peterburg", "Saint Petersburg", "Saint Petersburg"),
        ("я живу в Москве", "Москва", "Москва"),  # a sentence around the name
        ("UTC+3", "UTC+3", "UTC+3"),
    ],
)
def test_a_city_in_a_non_latin_script_is_said_back_as_typed(
    typed: str, label: str, said: str
) -> None:
    assert name_as_typed(typed, label) == said
