"""Reading a time-zone answer given as the local time now ("What time is it for you now?")."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime

import pytest

from bot.coach import places
from bot.coach.timezones import (
    ZoneChoices,
    ZoneProblem,
    ZoneRejected,
    parse_timezone_answer,
)
from bot.coach.zones import MAX_CHOICES, utc_offset_label
from tests.coach.zone_answers import MINUS, WINTER, choices, offset_minutes, sample_instants


def popularity_rank(zone: str) -> int:
    return [name for name, _ in places.POPULAR_ZONES].index(zone)


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
