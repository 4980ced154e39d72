"""Reading time-zone answers (bot.coach.timezones): places, offsets, choices and refusals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from bot.coach import places
from bot.coach.timezones import (
    MAX_ANSWER_LENGTH,
    ZoneChoices,
    ZoneFound,
    ZoneProblem,
    ZoneRejected,
    parse_timezone_answer,
)
from bot.coach.zones import MAX_CHOICES, utc_offset_label
from tests.coach.zone_answers import MINUS, SUMMER, WINTER, choices, found, offset_minutes

# --- One clear zone --------------------------------------------------------------------------

FOUND: list[tuple[str, str, str]] = [
    # IANA names, any case, legacy links kept as typed
    ("Europe/Berlin", "Europe/Berlin", "Europe/Berlin"),
    ("europe/berlin", "Europe/Berlin", "Europe/Berlin"),
    ("  EUROPE/BERLIN! ", "Europe/Berlin", "Europe/Berlin"),
    ("America/New York", "America/New_York", "America/New_York"),
    (
        "America/Argentina/Buenos_Aires",
        "America/Argentina/Buenos_Aires",
        "America/Argentina/Buenos_Aires",
    ),
    ("US/Eastern", "US/Eastern", "US/Eastern"),
    ("us/pacific", "US/Pacific", "US/Pacific"),
    ("Asia/Calcutta", "Asia/Calcutta", "Asia/Calcutta"),
    ("Etc/GMT-3", "Etc/GMT-3", "UTC+3"),
    ("etc/gmt+5", "Etc/GMT+5", f"UTC{MINUS}5"),
    ("Etc/UTC", "Etc/UTC", "UTC"),
    ("my zone is Europe/Paris", "Europe/Paris", "Paris"),
    ("EST5EDT", "EST5EDT", "EST5EDT"),
    # cities from IANA names
    ("Berlin", "Europe/Berlin", "Berlin"),
    ("tokyo", "Asia/Tokyo", "Tokyo"),
    ("New York", "America/New_York", "New York"),
    ("Buenos Aires", "America/Argentina/Buenos_Aires", "Buenos Aires"),
    ("São Paulo", "America/Sao_Paulo", "São Paulo"),
    ("sao paulo", "America/Sao_Paulo", "São Paulo"),
    ("SAO PAULO", "America/Sao_Paulo", "São Paulo"),
    ("Zürich", "Europe/Zurich", "Zürich"),
    ("Zurich", "Europe/Zurich", "Zürich"),
    ("Port-au-Prince", "America/Port-au-Prince", "Port-au-Prince"),
    ("port au prince", "America/Port-au-Prince", "Port-au-Prince"),
    ("St. John's", "America/St_Johns", "St. John's"),
    ("saint johns", "America/St_Johns", "St. John's"),
    ("Kyiv", "Europe/Kyiv", "Kyiv"),
    ("Indianapolis", "America/Indiana/Indianapolis", "Indianapolis"),
    ("Istanbul", "Europe/Istanbul", "Istanbul"),
    ("Kiritimati", "Pacific/Kiritimati", "Kiritimati"),
    ("Pago Pago", "Pacific/Pago_Pago", "Pago Pago"),
    # curated cities and other names
    ("San Francisco", "America/Los_Angeles", "San Francisco"),
    ("Seattle", "America/Los_Angeles", "Seattle"),
    ("Boston", "America/New_York", "Boston"),
    ("Dallas", "America/Chicago", "Dallas"),
    ("Salt Lake City", "America/Denver", "Salt Lake City"),
    ("Delhi", "Asia/Kolkata", "Delhi"),
    ("Mumbai", "Asia/Kolkata", "Mumbai"),
    ("Bombay", "Asia/Kolkata", "Mumbai"),
    ("Bangalore", "Asia/Kolkata", "Bengaluru"),
    ("Bengaluru", "Asia/Kolkata", "Bengaluru"),
    ("Calcutta", "Asia/Kolkata", "Kolkata"),
    ("Beijing", "Asia/Shanghai", "Beijing"),
    ("Shenzhen", "Asia/Shanghai", "Shenzhen"),
    ("Osaka", "Asia/Tokyo", "Osaka"),
    ("Munich", "Europe/Berlin", "Munich"),
    ("München", "Europe/Berlin", "Munich"),
    ("Barcelona", "Europe/Madrid", "Barcelona"),
    ("St Petersburg", "Europe/Moscow", "St. Petersburg"),
    ("Saint Petersburg", "Europe/Moscow", "St. Petersburg"),
    ("Kiev", "Europe/Kyiv", "Kyiv"),
    ("Krakow", "Europe/Warsaw", "Kraków"),
    ("Kraków", "Europe/Warsaw", "Kraków"),
    ("Łódź", "Europe/Warsaw", "Łódź"),
    ("København", "Europe/Copenhagen", "Copenhagen"),
    ("Москва", "Europe/Moscow", "Moscow"),
    ("Geneva", "Europe/Zurich", "Geneva"),
    ("Montreal", "America/Toronto", "Montreal"),
    ("Rio de Janeiro", "America/Sao_Paulo", "Rio de Janeiro"),
    ("Cape Town", "Africa/Johannesburg", "Cape Town"),
    ("Tel Aviv", "Asia/Jerusalem", "Tel Aviv"),
    ("Abu Dhabi", "Asia/Dubai", "Abu Dhabi"),
    ("Hanoi", "Asia/Ho_Chi_Minh", "Hanoi"),
    ("Saigon", "Asia/Ho_Chi_Minh", "Ho Chi Minh City"),
    ("Edinburgh", "Europe/London", "Edinburgh"),
    ("Wellington", "Pacific/Auckland", "Wellington"),
    ("Canberra", "Australia/Sydney", "Canberra"),
    ("Washington DC", "America/New_York", "Washington, D.C."),
    ("Washington, D.C.", "America/New_York", "Washington, D.C."),
    ("NYC", "America/New_York", "New York"),
    ("Mexico City", "America/Mexico_City", "Mexico City"),
    ("the hague", "Europe/Amsterdam", "The Hague"),
    # countries and regions
    ("Germany", "Europe/Berlin", "Germany"),
    ("France", "Europe/Paris", "France"),
    ("Japan", "Asia/Tokyo", "Japan"),
    ("UK", "Europe/London", "United Kingdom"),
    ("United Kingdom", "Europe/London", "United Kingdom"),
    ("England", "Europe/London", "England"),
    ("India", "Asia/Kolkata", "India"),
    ("Italy", "Europe/Rome", "Italy"),
    ("Spain", "Europe/Madrid", "Spain"),
    ("Poland", "Europe/Warsaw", "Poland"),
    ("Ukraine", "Europe/Kyiv", "Ukraine"),
    ("Israel", "Asia/Jerusalem", "Israel"),
    ("Turkey", "Europe/Istanbul", "Turkey"),
    ("Türkiye", "Europe/Istanbul", "Turkey"),
    ("Egypt", "Africa/Cairo", "Egypt"),
    ("Nigeria", "Africa/Lagos", "Nigeria"),
    ("Kenya", "Africa/Nairobi", "Kenya"),
    ("South Africa", "Africa/Johannesburg", "South Africa"),
    ("South Korea", "Asia/Seoul", "South Korea"),
    ("North Korea", "Asia/Pyongyang", "North Korea"),
    ("Thailand", "Asia/Bangkok", "Thailand"),
    ("Vietnam", "Asia/Ho_Chi_Minh", "Vietnam"),
    ("Philippines", "Asia/Manila", "Philippines"),
    ("Singapore", "Asia/Singapore", "Singapore"),
    ("Ireland", "Europe/Dublin", "Ireland"),
    ("Northern Ireland", "Europe/London", "Northern Ireland"),
    ("Netherlands", "Europe/Amsterdam", "Netherlands"),
    ("the Netherlands", "Europe/Amsterdam", "Netherlands"),
    ("Samoa", "Pacific/Apia", "Samoa"),
    ("American Samoa", "Pacific/Pago_Pago", "American Samoa"),
    ("New South Wales", "Australia/Sydney", "New South Wales"),
    ("Wales", "Europe/London", "Wales"),
    ("Hawaii", "Pacific/Honolulu", "Hawaii"),
    ("Trinidad and Tobago", "America/Port_of_Spain", "Trinidad and Tobago"),
    ("Côte d'Ivoire", "Africa/Abidjan", "Côte d'Ivoire"),
    ("cote divoire", "Africa/Abidjan", "Côte d'Ivoire"),
    # time-zone names people type
    ("EST", "America/New_York", "Eastern Time"),
    ("pst", "America/Los_Angeles", "Pacific Time"),
    ("Pacific", "America/Los_Angeles", "Pacific Time"),
    ("Eastern time", "America/New_York", "Eastern Time"),
    ("CET", "Europe/Berlin", "Central European Time"),
    ("JST", "Asia/Tokyo", "Japan Standard Time"),
    # light noise
    ("I'm in Berlin", "Europe/Berlin", "Berlin"),
    ("Im in berlin", "Europe/Berlin", "Berlin"),
    ("I live in Berlin.", "Europe/Berlin", "Berlin"),
    ("Berlin!", "Europe/Berlin", "Berlin"),
    ("in Tokyo", "Asia/Tokyo", "Tokyo"),
    ("berlin, germany", "Europe/Berlin", "Berlin, Germany"),
    ("Berlin Germany", "Europe/Berlin", "Berlin, Germany"),
    ("Berlin (Germany) 🇩🇪", "Europe/Berlin", "Berlin, Germany"),
    ("Berlin UTC+1", "Europe/Berlin", "Berlin"),
    ("central London", "Europe/London", "London"),
    ("I'm in the UK", "Europe/London", "United Kingdom"),
    # a second place that settles an ambiguous first one
    ("Portland, Oregon", "America/Los_Angeles", "Portland, Oregon"),
    ("Portland Maine", "America/New_York", "Portland, Maine"),
    ("Springfield, Illinois", "America/Chicago", "Springfield, Illinois"),
    ("Seattle, Washington", "America/Los_Angeles", "Seattle, Washington"),
    ("Atlanta, Georgia", "America/New_York", "Atlanta, Georgia"),
    ("Tbilisi, Georgia", "Asia/Tbilisi", "Tbilisi, Georgia"),
    ("Perth, Australia", "Australia/Perth", "Perth, Australia"),
    ("Hyderabad, India", "Asia/Kolkata", "Hyderabad, India"),
    ("Paris, Texas", "America/Chicago", "Paris, Texas"),  # the Texan Paris is a city too
]


@pytest.mark.parametrize(("text", "zone", "label"), FOUND)
def test_found(text: str, zone: str, label: str) -> None:
    assert parse_timezone_answer(text, WINTER) == ZoneFound(zone, label)


# --- Fixed UTC offsets -----------------------------------------------------------------------

OFFSETS: list[tuple[str, str, str]] = [
    ("UTC+3", "Etc/GMT-3", "UTC+3"),
    ("utc+3", "Etc/GMT-3", "UTC+3"),
    ("UTC +3", "Etc/GMT-3", "UTC+3"),
    ("UTC + 3", "Etc/GMT-3", "UTC+3"),
    ("utc 3", "Etc/GMT-3", "UTC+3"),
    ("+3", "Etc/GMT-3", "UTC+3"),
    ("+03", "Etc/GMT-3", "UTC+3"),
    ("+03:00", "Etc/GMT-3", "UTC+3"),
    ("+3h", "Etc/GMT-3", "UTC+3"),
    ("+3 hours", "Etc/GMT-3", "UTC+3"),
    ("GMT-5", "Etc/GMT+5", f"UTC{MINUS}5"),
    ("gmt−5", "Etc/GMT+5", f"UTC{MINUS}5"),  # U+2212, as pasted from a web page
    ("GMT–5", "Etc/GMT+5", f"UTC{MINUS}5"),  # en dash
    ("-5", "Etc/GMT+5", f"UTC{MINUS}5"),
    ("UTC", "Etc/UTC", "UTC"),
    ("utc", "Etc/UTC", "UTC"),
    ("GMT", "Etc/UTC", "UTC"),
    ("+0", "Etc/UTC", "UTC"),
    ("-0", "Etc/UTC", "UTC"),
    ("UTC+0", "Etc/UTC", "UTC"),
    ("UTC+14", "Etc/GMT-14", "UTC+14"),
    ("UTC-12", "Etc/GMT+12", f"UTC{MINUS}12"),
    ("I'm on UTC+2", "Etc/GMT-2", "UTC+2"),
    ("my timezone is GMT+1", "Etc/GMT-1", "UTC+1"),
    ("(GMT+01:00)", "Etc/GMT-1", "UTC+1"),
    ("＋３", "Etc/GMT-3", "UTC+3"),
]


@pytest.mark.parametrize(("text", "zone", "label"), OFFSETS)
def test_whole_hour_offsets_give_fixed_zones(text: str, zone: str, label: str) -> None:
    assert parse_timezone_answer(text, WINTER) == ZoneFound(zone, label)


def test_etc_gmt_sign_is_inverted_for_every_offset() -> None:
    for hours in range(-12, 15):
        sign = "-" if hours < 0 else "+"
        answer = found(f"UTC{sign}{abs(hours)}")
        assert offset_minutes(answer.zone, WINTER) == hours * 60, answer
        assert utc_offset_label(answer.zone, WINTER) == answer.label
        if hours:
            assert answer.zone == f"Etc/GMT{'-' if hours > 0 else '+'}{abs(hours)}"


@pytest.mark.parametrize(
    ("text", "now", "expected"),
    [
        ("+5:30", WINTER, ("Asia/Kolkata", "Asia/Colombo")),
        ("utc +05:30", WINTER, ("Asia/Kolkata", "Asia/Colombo")),
        ("GMT+0530", WINTER, ("Asia/Kolkata", "Asia/Colombo")),
        ("+530", WINTER, ("Asia/Kolkata", "Asia/Colombo")),
        ("gmt 5:30", WINTER, ("Asia/Kolkata", "Asia/Colombo")),
        ("+5:45", WINTER, ("Asia/Kathmandu",)),
        ("+8:45", WINTER, ("Australia/Eucla",)),
        ("+3:30", WINTER, ("Asia/Tehran",)),
        ("+4:30", WINTER, ("Asia/Kabul",)),
        ("+6:30", WINTER, ("Asia/Yangon", "Indian/Cocos")),
        ("-9:30", WINTER, ("Pacific/Marquesas",)),
        ("-3:30", WINTER, ("America/St_Johns",)),
        ("-2:30", SUMMER, ("America/St_Johns",)),
        # Adelaide keeps summer time in the southern summer, so +9:30 in January is Darwin only.
        ("+9:30", WINTER, ("Australia/Darwin",)),
        ("+9:30", SUMMER, ("Australia/Adelaide", "Australia/Darwin")),
        ("+10:30", WINTER, ("Australia/Adelaide",)),
        ("+10:30", SUMMER, ("Australia/Lord_Howe",)),
        ("+12:45", SUMMER, ("Pacific/Chatham",)),
        ("+13:45", WINTER, ("Pacific/Chatham",)),
    ],
)
def test_offsets_with_minutes_offer_zones_on_that_offset_now(
    text: str, now: datetime, expected: tuple[str, ...]
) -> None:
    answer = choices(text, now)
    assert answer.candidates == expected
    assert answer.hint == utc_offset_label(expected[0], now)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("+25", ZoneProblem.OFFSET_OUT_OF_RANGE),
        ("UTC+15", ZoneProblem.OFFSET_OUT_OF_RANGE),
        ("UTC-13", ZoneProblem.OFFSET_OUT_OF_RANGE),
        ("+14:30", ZoneProblem.OFFSET_OUT_OF_RANGE),
        ("-12:30", ZoneProblem.OFFSET_OUT_OF_RANGE),
        ("+5:75", ZoneProblem.OFFSET_OUT_OF_RANGE),
        ("+4:15", ZoneProblem.UNKNOWN),  # in range, but no zone uses it
        ("+2:30", ZoneProblem.UNKNOWN),
    ],
)
def test_impossible_offsets(text: str, problem: ZoneProblem) -> None:
    assert parse_timezone_answer(text, WINTER) == ZoneRejected(problem)


# --- Several plausible zones -----------------------------------------------------------------

CHOICES: list[tuple[str, tuple[str, ...], str]] = [
    (
        "USA",
        (
            "America/New_York",
            "America/Chicago",
            "America/Los_Angeles",
            "America/Denver",
            "America/Phoenix",
            "Pacific/Honolulu",
        ),
        "United States",
    ),
    ("US", places.COUNTRIES["United States"], "United States"),
    ("I'm in the US", places.COUNTRIES["United States"], "United States"),
    ("United States of America", places.COUNTRIES["United States"], "United States"),
    ("Canada", places.COUNTRIES["Canada"], "Canada"),
    ("Australia", places.COUNTRIES["Australia"], "Australia"),
    ("Russia", places.COUNTRIES["Russia"], "Russia"),
    ("Brazil", places.COUNTRIES["Brazil"], "Brazil"),
    ("Mexico", places.COUNTRIES["Mexico"], "Mexico"),
    ("Indonesia", ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"), "Indonesia"),
    ("Portland", ("America/Los_Angeles", "America/New_York"), "Portland"),
    ("Springfield", ("America/Chicago", "America/New_York"), "Springfield"),
    ("Washington", ("America/New_York", "America/Los_Angeles"), "Washington"),
    ("Georgia", ("America/New_York", "Asia/Tbilisi"), "Georgia"),
    ("CST", ("America/Chicago", "Asia/Shanghai", "America/Havana"), "CST"),
    ("IST", ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"), "IST"),
    # places that disagree: offer both
    ("Paris, Japan", ("Europe/Paris", "Asia/Tokyo"), "Paris, Japan"),
    ("Berlin, Japan", ("Europe/Berlin", "Asia/Tokyo"), "Berlin, Japan"),
    # an ambiguous city narrowed, not settled, by a multi-zone country
    ("Portland, USA", ("America/Los_Angeles", "America/New_York"), "Portland, United States"),
]


@pytest.mark.parametrize(("text", "candidates", "hint"), CHOICES)
def test_choices(text: str, candidates: tuple[str, ...], hint: str) -> None:
    assert parse_timezone_answer(text, WINTER) == ZoneChoices(candidates, hint)


def test_choices_hold_one_to_six_candidates() -> None:
    with pytest.raises(ValueError, match="candidates"):
        ZoneChoices((), "nothing")
    with pytest.raises(ValueError, match="candidates"):
        ZoneChoices(tuple(f"Etc/GMT-{hours}" for hours in range(1, 8)), "too many")


def test_many_disagreeing_places_are_capped() -> None:
    answer = choices("Berlin Tokyo Lima Cairo Dubai Denver Perth, Australia Oslo")
    assert len(answer.candidates) == MAX_CHOICES


# --- Rejected answers ------------------------------------------------------------------------

REJECTED: list[tuple[str, ZoneProblem]] = [
    ("", ZoneProblem.EMPTY),
    ("   ", ZoneProblem.EMPTY),
    ("\n\t ", ZoneProblem.EMPTY),
    ("x" * (MAX_ANSWER_LENGTH + 1), ZoneProblem.TOO_LONG),
    ("Berlin " * 20, ZoneProblem.TOO_LONG),
    ("banana", ZoneProblem.UNKNOWN),
    ("Mars/Olympus", ZoneProblem.UNKNOWN),
    ("🙂", ZoneProblem.UNKNOWN),
    ("🙂🙂🙂", ZoneProblem.UNKNOWN),
    ("🇩🇪", ZoneProblem.UNKNOWN),
    ("?!", ZoneProblem.UNKNOWN),
    ("3", ZoneProblem.UNKNOWN),  # a bare number: offset? hour? say so rather than guess
    ("12", ZoneProblem.UNKNOWN),
    ("0730", ZoneProblem.UNKNOWN),
    ("Europe", ZoneProblem.UNKNOWN),
    ("Factory", ZoneProblem.UNKNOWN),
    ("localtime", ZoneProblem.UNKNOWN),
    ("../../etc/passwd", ZoneProblem.UNKNOWN),
    ("UTC+3 or UTC+4", ZoneProblem.UNKNOWN),
    ("tell us", ZoneProblem.UNKNOWN),
    ("la la la", ZoneProblem.UNKNOWN),
]


@pytest.mark.parametrize(("text", "problem"), REJECTED)
def test_rejected(text: str, problem: ZoneProblem) -> None:
    assert parse_timezone_answer(text, WINTER) == ZoneRejected(problem)


def test_exactly_the_maximum_length_is_read() -> None:
    text = "Berlin".ljust(MAX_ANSWER_LENGTH)
    assert found(text).zone == "Europe/Berlin"


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        parse_timezone_answer("21:40", datetime(2026, 1, 15, 12, 0))
    with pytest.raises(ValueError, match="timezone-aware"):
        utc_offset_label("Europe/Berlin", datetime(2026, 1, 15, 12, 0))


def test_now_in_another_zone_means_the_same_instant() -> None:
    now = datetime(2026, 1, 15, 20, 40, tzinfo=UTC)
    elsewhere = now.astimezone(timezone(timedelta(hours=-7)))
    assert parse_timezone_answer("21:40", elsewhere) == parse_timezone_answer("21:40", now)


# --- Long and awkward answers (how fast: `make bench`, bench/scenarios/budgets.py) ------------


def test_a_huge_answer_is_rejected_before_it_is_read() -> None:
    text = "Berlin " * 715  # just over 5,000 characters
    assert len(text) > 5000
    assert parse_timezone_answer(text, WINTER) == ZoneRejected(ZoneProblem.TOO_LONG)


@pytest.mark.parametrize(
    "text",
    [
        "1" * 100,
        "1:" * 50,
        "+" * 100,
        "+1" * 50,
        "utc" * 33,
        "utc+" * 25,
        "new " * 25,
        "a " * 50,
        "9 pm " * 20,
        "st " * 33,
        "é" * 100,
    ],
)
def test_awkward_answers_are_answered_not_errors(text: str) -> None:
    assert isinstance(
        parse_timezone_answer(text[:MAX_ANSWER_LENGTH], WINTER),
        ZoneFound | ZoneChoices | ZoneRejected,
    )
