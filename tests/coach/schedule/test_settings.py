"""The schedule settings: local instants, quiet hours, and what a user's settings allow."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.coach.models import User, UserStatus
from bot.coach.schedule.settings import ScheduleSettings, in_quiet_hours, local_instant
from bot.coach.schedule.slots import (
    due_slots,
    next_due,
    slots_on,
)
from tests.coach.schedule.support import BERLIN, T0, WED, settings, utc


@pytest.mark.parametrize(
    ("zone", "day", "at", "expected"),
    [
        ("Pacific/Pago_Pago", WED, time(8, 0), utc(2027, 3, 10, 19, 0)),
        ("Pacific/Pago_Pago", WED, time(20, 0), utc(2027, 3, 11, 7, 0)),  # UTC is a day ahead
        ("UTC", WED, time(8, 0), utc(2027, 3, 10, 8, 0)),
        ("Europe/Berlin", date(2027, 1, 10), time(8, 0), utc(2027, 1, 10, 7, 0)),
        ("Europe/Berlin", date(2027, 7, 10), time(8, 0), utc(2027, 7, 10, 6, 0)),
        ("Asia/Kolkata", WED, time(8, 0), utc(2027, 3, 10, 2, 30)),
        ("Asia/Kathmandu", WED, time(8, 0), utc(2027, 3, 10, 2, 15)),
        ("Pacific/Kiritimati", WED, time(8, 0), utc(2027, 3, 9, 18, 0)),  # UTC is a day behind
        ("Pacific/Kiritimati", WED, time(13, 59), utc(2027, 3, 9, 23, 59)),
        ("Pacific/Kiritimati", WED, time(14, 0), utc(2027, 3, 10, 0, 0)),
    ],
)
def test_local_instant_across_zones(zone: str, day: date, at: time, expected: datetime) -> None:
    got = local_instant(day, at, ZoneInfo(zone))
    assert got == expected
    assert got.tzinfo is UTC


@pytest.mark.parametrize(
    ("zone", "day", "at", "expected"),
    [
        # Spring forward: 02:00-03:00 does not exist in Berlin on 28 March 2027.
        ("Europe/Berlin", date(2027, 3, 28), time(1, 59), utc(2027, 3, 28, 0, 59)),
        ("Europe/Berlin", date(2027, 3, 28), time(2, 0), utc(2027, 3, 28, 1, 0)),
        ("Europe/Berlin", date(2027, 3, 28), time(2, 30), utc(2027, 3, 28, 1, 0)),
        ("Europe/Berlin", date(2027, 3, 28), time(2, 59), utc(2027, 3, 28, 1, 0)),
        ("Europe/Berlin", date(2027, 3, 28), time(3, 0), utc(2027, 3, 28, 1, 0)),
        ("Europe/Berlin", date(2027, 3, 28), time(3, 1), utc(2027, 3, 28, 1, 1)),
        ("America/New_York", date(2027, 3, 14), time(2, 30), utc(2027, 3, 14, 7, 0)),
        ("America/New_York", date(2027, 3, 14), time(3, 30), utc(2027, 3, 14, 7, 30)),
        # Lord Howe springs forward by half an hour (02:00 → 02:30).
        ("Australia/Lord_Howe", date(2026, 10, 4), time(2, 10), utc(2026, 10, 3, 15, 30)),
        # Samoa skipped 30 December 2011 entirely: the next valid minute is 31 Dec 00:00.
        ("Pacific/Apia", date(2011, 12, 30), time(12, 0), utc(2011, 12, 30, 10, 0)),
        # Fall back: 02:00-03:00 happens twice in Berlin on 25 October 2026; the first counts.
        ("Europe/Berlin", date(2026, 10, 25), time(1, 59), utc(2026, 10, 24, 23, 59)),
        ("Europe/Berlin", date(2026, 10, 25), time(2, 30), utc(2026, 10, 25, 0, 30)),
        ("Europe/Berlin", date(2026, 10, 25), time(3, 0), utc(2026, 10, 25, 2, 0)),
        ("America/New_York", date(2026, 11, 1), time(1, 30), utc(2026, 11, 1, 5, 30)),
    ],
)
def test_local_instant_dst(zone: str, day: date, at: time, expected: datetime) -> None:
    assert local_instant(day, at, ZoneInfo(zone)) == expected


def test_local_instant_ignores_a_fold_on_the_time() -> None:
    assert local_instant(date(2026, 10, 25), time(2, 30, fold=1), BERLIN) == utc(
        2026, 10, 25, 0, 30
    )


def test_local_instant_refuses_an_aware_time() -> None:
    with pytest.raises(ValueError, match="naive"):
        local_instant(WED, time(8, 0, tzinfo=UTC), BERLIN)


@pytest.mark.parametrize(
    ("at", "start", "end", "expected"),
    [
        (time(23, 0), time(22, 0), time(7, 0), True),
        (time(22, 0), time(22, 0), time(7, 0), True),  # the start is quiet
        (time(0, 0), time(22, 0), time(7, 0), True),
        (time(6, 59), time(22, 0), time(7, 0), True),
        (time(7, 0), time(22, 0), time(7, 0), False),  # the end is not
        (time(12, 0), time(22, 0), time(7, 0), False),
        (time(21, 59), time(22, 0), time(7, 0), False),
        (time(14, 0), time(13, 0), time(15, 0), True),  # a window within the day (siesta)
        (time(15, 0), time(13, 0), time(15, 0), False),
        (time(12, 59), time(13, 0), time(15, 0), False),
        (time(3, 0), time(0, 0), time(8, 0), True),
        (time(22, 0), time(22, 0), time(22, 0), False),  # equal ends: no quiet hours
        (time(3, 0), time(22, 0), time(22, 0), False),
    ],
)
def test_in_quiet_hours(at: time, start: time, end: time, expected: bool) -> None:
    assert in_quiet_hours(at, start, end) is expected


def make_user(**overrides: Any) -> User:
    values: dict[str, Any] = {
        "user_id": 7,
        "chat_id": 7,
        "first_name": "Ada",
        "created_at": T0,
        "updated_at": T0,
        "timezone": "Asia/Kathmandu",
        "nudge_time": time(6, 15),
    }
    values.update(overrides)
    return User(**values)


def test_settings_from_user() -> None:
    user = make_user(
        evening_enabled=False,
        evening_time=time(21, 0),
        quiet_start=time(23, 0),
        quiet_end=time(6, 0),
        review_weekday=4,
        review_time=time(17, 30),
        birthday=date(1990, 5, 2),
        paused_until=date(2027, 3, 1),
    )
    got = ScheduleSettings.from_user(user, fresh_start_date=date(2027, 4, 5))
    assert got == ScheduleSettings(
        zone="Asia/Kathmandu",
        nudge_time=time(6, 15),
        evening_enabled=False,
        evening_time=time(21, 0),
        quiet_start=time(23, 0),
        quiet_end=time(6, 0),
        review_weekday=4,
        review_time=time(17, 30),
        birthday=date(1990, 5, 2),
        paused_until=date(2027, 3, 1),
        fresh_start_date=date(2027, 4, 5),
        active=True,
    )
    assert got.local_date(utc(2027, 3, 9, 18, 15)) == WED  # 00:00 in Kathmandu


@pytest.mark.parametrize("status", [UserStatus.BLOCKED, UserStatus.DELETED])
def test_blocked_or_deleted_users_get_nothing(status: UserStatus) -> None:
    user = ScheduleSettings.from_user(make_user(status=status))
    assert not user.active
    assert slots_on(user, WED) == []
    assert next_due(user, utc(2027, 3, 10)) is None
    assert due_slots(user, utc(2027, 3, 9), utc(2027, 3, 10)) == []


def test_settings_need_a_time_zone() -> None:
    with pytest.raises(ValueError, match="time zone"):
        ScheduleSettings.from_user(make_user(timezone=None))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"zone": "Mars/Olympus_Mons"}, "time zone"),
        ({"zone": "../etc/passwd"}, "time zone"),
        ({"review_weekday": 7}, "review_weekday"),
        ({"evening_time": time(20, 0, tzinfo=UTC)}, "naive"),
    ],
)
def test_settings_refuse_bad_values(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        settings(**overrides)
