"""Tests for reading time-zone answers (bot.coach.timezones) and its data (bot.coach.places)."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest

from bot.coach import places, world_places
from bot.coach.place_names import name_as_typed, place_key
from bot.coach.timezones import (
    MAX_ANSWER_LENGTH,
    ZoneChoices,
    ZoneFound,
    ZoneProblem,
    ZoneRejected,
    parse_timezone_answer,
)
from bot.coach.zones import MAX_CHOICES, is_known_zone, utc_offset_label, zone_label

MINUS = "\N{MINUS SIGN}"
WINTER = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
SUMMER = datetime(2026, 7, 15, 12, 0, tzinfo=UTC)


def found(text: str, now: datetime = WINTER) -> ZoneFound:
    answer = parse_timezone_answer(text, now)
    assert isinstance(answer, ZoneFound), answer
    return answer


def choices(text: str, now: datetime = WINTER) -> ZoneChoices:
    answer = parse_timezone_answer(text, now)
    assert isinstance(answer, ZoneChoices), answer
    return answer


def offset_minutes(zone: str, now: datetime) -> int:
    offset = now.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()
    assert offset is not None
    return round(offset.total_seconds() / 60)


def popularity_rank(zone: str) -> int:
    return [name for name, _ in places.POPULAR_ZONES].index(zone)


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


# --- "What time is it for you now?" -----------------------------------------------------------


def local_answer(zone: str, now: datetime, fmt: str = "%H:%M") -> str:
    return now.astimezone(zoneinfo.ZoneInfo(zone)).strftime(fmt)


@pytest.mark.parametrize(
    ("text", "now"),
    [
        ("12:03", datetime(2026, 7, 1, 16, 2, 30, tzinfo=UTC)),  # EDT, UTC-4
        ("12:03pm", datetime(2026, 7, 1, 16, 2, 30, tzinfo=UTC)),
        ("12:03", datetime(2026, 1, 15, 17, 2, 30, tzinfo=UTC)),  # EST, UTC-5
        ("12 pm", datetime(2026, 1, 15, 17, 0, 40, tzinfo=UTC)),
    ],
)
def test_local_time_finds_new_york_in_summer_and_winter(text: str, now: datetime) -> None:
    answer = choices(text, now)
    assert "America/New_York" in answer.candidates
    assert answer.hint == utc_offset_label("America/New_York", now)
    fixed = "Etc/GMT+4" if now.month == 7 else "Etc/GMT+5"
    assert answer.candidates[-1] == fixed


@pytest.mark.parametrize("text", ["21:40", "9:40pm", "9.40 pm", "21h40", "9:40 p.m.", "21.40"])
def test_local_time_forms(text: str) -> None:
    now = datetime(2026, 1, 15, 20, 40, 5, tzinfo=UTC)  # Berlin 21:40
    answer = choices(text, now)
    assert answer.hint == "UTC+1"
    assert "Europe/Berlin" in answer.candidates
    assert answer.candidates[-1] == "Etc/GMT-1"


@pytest.mark.parametrize("text", ["9 pm", "9pm", "it's 9pm here", "21h", "9 in the evening"])
def test_local_time_on_the_hour(text: str) -> None:
    now = datetime(2026, 1, 15, 20, 3, tzinfo=UTC)  # slightly after 21:00 in Berlin
    assert choices(text, now).hint == "UTC+1"


def test_local_time_candidates_are_ordered_by_population_and_capped() -> None:
    now = datetime(2026, 1, 15, 20, 0, tzinfo=UTC)
    answer = choices("21:00", now)
    assert len(answer.candidates) == MAX_CHOICES
    popular = answer.candidates[:-1]
    assert [popularity_rank(zone) for zone in popular] == sorted(
        popularity_rank(zone) for zone in popular
    )
    assert popular[0] == "Africa/Lagos"  # the most populous UTC+1 zone in the table
    assert answer.candidates[-1] == "Etc/GMT-1"


def test_local_time_with_minutes_offset_has_no_fixed_zone() -> None:
    now = datetime(2026, 1, 15, 16, 10, 20, tzinfo=UTC)  # 21:40 in Kolkata
    for text in ("21:40", "21:42", "9:38 pm"):  # a reply a little slow or fast still fits
        answer = choices(text, now)
        assert answer.candidates == ("Asia/Kolkata", "Asia/Colombo")
        assert answer.hint == "UTC+5:30"


def test_local_time_rounds_to_fifteen_minutes() -> None:
    now = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
    assert choices("13:07", now).hint == "UTC+1"
    assert choices("12:53", now).hint == "UTC+1"
    assert choices("17:36", now).hint == "UTC+5:30"
    assert choices("17:52", now).hint == "UTC+5:45"


def test_local_time_on_a_later_date_than_utc() -> None:
    now = datetime(2026, 1, 15, 23, 30, tzinfo=UTC)  # already Jan 16, 8:30 in Tokyo
    answer = choices("8:30", now)
    assert answer.hint == "UTC+9"
    assert "Asia/Tokyo" in answer.candidates


def test_local_time_on_an_earlier_date_than_utc() -> None:
    now = datetime(2026, 1, 15, 2, 0, tzinfo=UTC)  # still Jan 14, 18:00 in Los Angeles
    answer = choices("6pm", now)
    assert answer.hint == f"UTC{MINUS}8"
    assert answer.candidates[0] == "America/Los_Angeles"


def test_local_time_near_the_date_line_offers_both_day_wraps() -> None:
    now = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)  # Kiritimati: Mar 2, 0:00; Honolulu: 0:00
    for text in ("0:00", "00:00", "midnight", "12am"):
        answer = choices(text, now)
        assert answer.hint == f"UTC{MINUS}10 or UTC+14"
        assert "Pacific/Kiritimati" in answer.candidates
        assert "Pacific/Honolulu" in answer.candidates
        assert answer.candidates[-2:] == ("Etc/GMT+10", "Etc/GMT-14")


def test_local_time_in_pago_pago() -> None:
    now = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)  # Pago Pago: Jun 30, 23:00
    answer = choices(local_answer("Pacific/Pago_Pago", now), now)
    assert "Pacific/Pago_Pago" in answer.candidates
    assert answer.hint == f"UTC{MINUS}11 or UTC+13"
    assert len(answer.candidates) <= MAX_CHOICES


@pytest.mark.exhaustive
def test_local_time_of_every_popular_zone_is_understood() -> None:
    for now in sample_instants(step_days=61):
        for zone, _ in places.POPULAR_ZONES:
            answer = choices(local_answer(zone, now), now)
            own = offset_minutes(zone, now)
            assert utc_offset_label(zone, now) in answer.hint.split(" or "), (zone, now)
            hinted = {offset_minutes(candidate, now) for candidate in answer.candidates} | {own}
            assert len(hinted) <= 2, (zone, now, answer)
            if own % 60:
                assert zone in answer.candidates, (zone, now, answer)


@pytest.mark.parametrize("text", ["25:61", "13pm", "24:00", "9:75 pm", "it's 25:00"])
def test_impossible_local_time(text: str) -> None:
    assert parse_timezone_answer(text, WINTER) == ZoneRejected(ZoneProblem.TIME_INVALID)


def test_a_local_time_matching_no_zone_is_read_to_the_nearest_hour() -> None:
    now = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
    answer = parse_timezone_answer("13:30", now)  # +1:30 exists nowhere: people round
    assert isinstance(answer, ZoneChoices)
    assert answer.hint == "UTC+2"


def test_a_rounded_local_time_still_finds_the_zone() -> None:
    now = datetime(2026, 1, 15, 20, 40, tzinfo=UTC)  # 21:40 in Berlin
    answer = parse_timezone_answer("9 pm", now)
    assert isinstance(answer, ZoneChoices)
    assert "Europe/Berlin" in answer.candidates


def test_clock_forms_are_shared_with_the_nudge_question() -> None:
    now = datetime(2026, 1, 15, 19, 30, tzinfo=UTC)
    for text in ("19:30", "7:30pm", "7.30 p.m.", "19h30", "19.30", "7,30 pm", "7:30p"):
        answer = choices(text, now)
        assert answer.hint == "UTC", text
        assert answer.candidates[-1] == "Etc/UTC"


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


# --- Labels and names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "now", "label"),
    [
        ("Europe/Berlin", WINTER, "UTC+1"),
        ("Europe/Berlin", SUMMER, "UTC+2"),
        ("America/New_York", WINTER, f"UTC{MINUS}5"),
        ("America/New_York", SUMMER, f"UTC{MINUS}4"),
        ("Australia/Sydney", WINTER, "UTC+11"),  # southern summer
        ("Australia/Sydney", SUMMER, "UTC+10"),
        ("Asia/Kolkata", WINTER, "UTC+5:30"),
        ("Asia/Kathmandu", SUMMER, "UTC+5:45"),
        ("America/St_Johns", WINTER, f"UTC{MINUS}3:30"),
        ("America/St_Johns", SUMMER, f"UTC{MINUS}2:30"),
        ("Pacific/Marquesas", WINTER, f"UTC{MINUS}9:30"),
        ("Pacific/Pago_Pago", WINTER, f"UTC{MINUS}11"),
        ("Pacific/Kiritimati", WINTER, "UTC+14"),
        ("Europe/London", WINTER, "UTC"),
        ("Europe/London", SUMMER, "UTC+1"),
        ("Etc/UTC", WINTER, "UTC"),
        ("Etc/GMT-3", WINTER, "UTC+3"),
        ("Etc/GMT+12", WINTER, f"UTC{MINUS}12"),
    ],
)
def test_utc_offset_label(zone: str, now: datetime, label: str) -> None:
    assert utc_offset_label(zone, now) == label


def test_utc_offset_label_switches_at_the_dst_instant() -> None:
    switch = datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # EU summer time starts
    assert utc_offset_label("Europe/Berlin", switch - timedelta(seconds=1)) == "UTC+1"
    assert utc_offset_label("Europe/Berlin", switch) == "UTC+2"


@pytest.mark.parametrize("zone", ["Mars/Olympus", "europe/berlin", "", "../etc/passwd", "Factory"])
def test_utc_offset_label_refuses_unknown_zones(zone: str) -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        utc_offset_label(zone, WINTER)


@pytest.mark.parametrize(
    ("zone", "label"),
    [
        ("Europe/Berlin", "Berlin"),
        ("America/Argentina/Buenos_Aires", "Buenos Aires"),
        ("America/North_Dakota/New_Salem", "New Salem"),
        ("America/Port-au-Prince", "Port-au-Prince"),
        ("America/Sao_Paulo", "São Paulo"),
        ("Etc/GMT-3", "UTC+3"),
        ("Etc/GMT+5", f"UTC{MINUS}5"),
        ("Etc/GMT-14", "UTC+14"),
        ("Etc/UTC", "UTC"),
        ("UTC", "UTC"),
        ("Etc/GMT", "UTC"),
        ("GMT+0", "UTC"),
        ("US/Eastern", "US/Eastern"),
        ("EST5EDT", "EST5EDT"),
    ],
)
def test_zone_label(zone: str, label: str) -> None:
    assert zone_label(zone) == label


@pytest.mark.parametrize(
    ("zone", "known"),
    [
        ("Europe/Berlin", True),
        ("America/Argentina/Buenos_Aires", True),
        ("US/Eastern", True),
        ("Asia/Calcutta", True),
        ("UTC", True),
        ("Etc/GMT-14", True),
        ("europe/berlin", False),
        ("Europe/Berlin ", False),
        ("Mars/Olympus", False),
        ("Etc/GMT-15", False),
        ("Factory", False),
        ("", False),
    ],
)
def test_is_known_zone(zone: str, known: bool) -> None:
    assert is_known_zone(zone) is known


# --- The curated data ------------------------------------------------------------------------


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


def sample_instants(step_days: int) -> Iterator[datetime]:
    instant = datetime(2026, 1, 1, tzinfo=UTC)
    while instant < datetime(2028, 1, 1, tzinfo=UTC):
        yield instant
        instant += timedelta(days=step_days)


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
