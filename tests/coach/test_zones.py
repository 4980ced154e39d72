"""Zone labels and names (bot.coach.zones): the UTC offset label, the zone label, known zones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.coach.zones import is_known_zone, utc_offset_label, zone_label
from tests.coach.zone_answers import MINUS, SUMMER, WINTER


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
