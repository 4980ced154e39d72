"""Tests for the scheduling rules: local times, DST, quiet hours, slots, catch-up, silence."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.coach.landmarks import Landmark, LandmarkKind
from bot.coach.models import Measure, User, UserStatus
from bot.coach.schedule.review import (
    ReviewBasis,
    ReviewProposal,
    judge_week,
    next_weekly,
    review_proposal,
)
from bot.coach.schedule.settings import ScheduleSettings, in_quiet_hours, local_instant
from bot.coach.schedule.silence import (
    NudgeChoice,
    fresh_start_allowed,
    nudge_kind,
    silence_allows,
    silent_days,
)
from bot.coach.schedule.slots import (
    Kind,
    Slot,
    due_slots,
    landmark_today,
    next_due,
    slots_between,
    slots_on,
)

K = Kind
L = LandmarkKind
BERLIN = ZoneInfo("Europe/Berlin")
WED = date(2027, 3, 10)  # an ordinary Wednesday: no landmark today or tomorrow
SUN = date(2027, 3, 14)  # the default review day, the eve of Monday 15 March
T0 = datetime(2027, 1, 1, tzinfo=UTC)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def berlin(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, *, second: int = 0
) -> datetime:
    """An instant given as a Berlin wall-clock time."""
    return datetime(year, month, day, hour, minute, second, tzinfo=BERLIN)


def settings(zone: str = "Europe/Berlin", **overrides: Any) -> ScheduleSettings:
    values: dict[str, Any] = {"nudge_time": time(8, 0)}
    values.update(overrides)
    return ScheduleSettings(zone, **values)


def wall(instant: datetime, zone: ZoneInfo = BERLIN) -> datetime:
    """The naive local wall-clock time of an instant."""
    return instant.astimezone(zone).replace(tzinfo=None)


def by_kind(slots: list[Slot]) -> dict[Kind, Slot]:
    return {slot.kind: slot for slot in slots}


# --- local_instant -------------------------------------------------------------------------------


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


# --- Quiet hours ---------------------------------------------------------------------------------


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


# --- Slots on a day ------------------------------------------------------------------------------


def test_an_ordinary_day_has_the_nudge_and_the_evening_reminder() -> None:
    slots = slots_on(settings(), WED)
    assert [(s.kind, s.local_date, wall(s.due_at), wall(s.expires_at)) for s in slots] == [
        (K.MORNING_NUDGE, WED, datetime(2027, 3, 10, 8, 0), datetime(2027, 3, 10, 12, 0)),
        # Useful until 23:00, but the quiet hours begin at 22:00.
        (K.EVENING_REMINDER, WED, datetime(2027, 3, 10, 20, 0), datetime(2027, 3, 10, 22, 0)),
    ]
    assert all(s.landmark is None and not s.stale for s in slots)


def test_sunday_has_the_review_and_the_eve_of_monday_in_order() -> None:
    slots = slots_on(settings(), SUN)
    assert [(s.kind, wall(s.due_at).time()) for s in slots] == [
        (K.MORNING_NUDGE, time(8, 0)),
        (K.WEEKLY_REVIEW, time(18, 0)),
        (K.FRESH_START_EVE, time(19, 0)),  # an hour before the evening time
        (K.EVENING_REMINDER, time(20, 0)),
    ]
    eve = by_kind(slots)[K.FRESH_START_EVE]
    assert eve.landmark == Landmark(date(2027, 3, 15), L.MONDAY)
    assert eve.local_date == SUN


def test_a_landmark_morning_carries_the_landmark() -> None:
    nudge = by_kind(slots_on(settings(), date(2027, 3, 15)))[K.MORNING_NUDGE]
    assert nudge.landmark == Landmark(date(2027, 3, 15), L.MONDAY)


@pytest.mark.parametrize(
    ("zone", "nudge_due", "evening_due"),
    [
        ("Pacific/Pago_Pago", utc(2027, 3, 10, 18, 30), utc(2027, 3, 11, 7, 0)),
        ("UTC", utc(2027, 3, 10, 7, 30), utc(2027, 3, 10, 20, 0)),
        ("Europe/Berlin", utc(2027, 3, 10, 6, 30), utc(2027, 3, 10, 19, 0)),
        ("Asia/Kolkata", utc(2027, 3, 10, 2, 0), utc(2027, 3, 10, 14, 30)),
        ("Asia/Kathmandu", utc(2027, 3, 10, 1, 45), utc(2027, 3, 10, 14, 15)),
        ("Pacific/Kiritimati", utc(2027, 3, 9, 17, 30), utc(2027, 3, 10, 6, 0)),
    ],
)
def test_due_times_across_zones(zone: str, nudge_due: datetime, evening_due: datetime) -> None:
    slots = by_kind(slots_on(settings(zone, nudge_time=time(7, 30)), WED))
    assert slots[K.MORNING_NUDGE].due_at == nudge_due
    assert slots[K.EVENING_REMINDER].due_at == evening_due
    assert {slot.local_date for slot in slots.values()} == {WED}


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        # One UTC day, 9 March: in Kiritimati (+14) it already holds the 10th's morning.
        (
            "Pacific/Kiritimati",
            [(K.EVENING_REMINDER, date(2027, 3, 9)), (K.MORNING_NUDGE, date(2027, 3, 10))],
        ),
        # In Pago Pago (-11) it still holds the 8th's evening reminder.
        (
            "Pacific/Pago_Pago",
            [(K.EVENING_REMINDER, date(2027, 3, 8)), (K.MORNING_NUDGE, date(2027, 3, 9))],
        ),
    ],
)
def test_local_dates_differ_from_the_utc_date(zone: str, expected: list[tuple[Kind, date]]) -> None:
    found = slots_between(settings(zone), utc(2027, 3, 9, 0, 0), utc(2027, 3, 9, 23, 59))
    assert [(slot.kind, slot.local_date) for slot in found] == expected


# --- Quiet hours on slots ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "kind", "due", "expires"),
    [
        # The user's own nudge time is kept, even inside quiet hours.
        ({"nudge_time": time(6, 30)}, K.MORNING_NUDGE, (6, 30), (12, 0)),
        ({"nudge_time": time(23, 30)}, K.MORNING_NUDGE, (23, 30), (24, 0)),
        ({"nudge_time": time(12, 30)}, K.MORNING_NUDGE, (12, 30), (13, 30)),  # late: 1 h
        ({"nudge_time": time(11, 30)}, K.MORNING_NUDGE, (11, 30), (12, 0)),
        # Other kinds move to the end of the quiet hours when they still fit...
        ({"review_time": time(6, 0)}, K.WEEKLY_REVIEW, (7, 0), (22, 0)),
        (
            {"quiet_start": time(0), "quiet_end": time(8), "review_time": time(7)},
            K.WEEKLY_REVIEW,
            (8, 0),
            (23, 0),
        ),
        (
            {"quiet_start": time(13), "quiet_end": time(15), "review_time": time(14)},
            K.WEEKLY_REVIEW,
            (15, 0),
            (23, 0),
        ),
        ({"evening_time": time(0, 30)}, K.FRESH_START_EVE, (7, 0), (22, 0)),
        # ...and are dropped when the end of the quiet hours is past their usefulness.
        ({"evening_time": time(22, 30)}, K.EVENING_REMINDER, None, None),
        ({"review_time": time(22, 0)}, K.WEEKLY_REVIEW, None, None),
        ({"evening_time": time(23, 30)}, K.FRESH_START_EVE, None, None),  # 22:30
        # The next quiet hours end a slot's usefulness.
        ({"evening_time": time(21, 45)}, K.EVENING_REMINDER, (21, 45), (22, 0)),
        (
            {"quiet_start": time(23, 30), "quiet_end": time(6), "evening_time": time(23, 15)},
            K.EVENING_REMINDER,
            (23, 15),
            (23, 30),
        ),
        # No quiet hours: 23:00, or an hour for a later slot, never past midnight.
        (
            {"quiet_start": time(22), "quiet_end": time(22), "evening_time": time(22, 30)},
            K.EVENING_REMINDER,
            (22, 30),
            (23, 0),
        ),
        (
            {"quiet_start": time(22), "quiet_end": time(22), "evening_time": time(23, 30)},
            K.EVENING_REMINDER,
            (23, 30),
            (24, 0),
        ),
    ],
)
def test_quiet_hours(
    overrides: dict[str, Any],
    kind: Kind,
    due: tuple[int, int] | None,
    expires: tuple[int, int] | None,
) -> None:
    slot = by_kind(slots_on(settings(**overrides), SUN)).get(kind)
    if due is None or expires is None:
        assert slot is None
        return
    assert slot is not None
    midnight = datetime.combine(SUN, time(0))
    assert wall(slot.due_at) == midnight + timedelta(hours=due[0], minutes=due[1])
    assert wall(slot.expires_at) == midnight + timedelta(hours=expires[0], minutes=expires[1])
    assert slot.local_date == SUN


# --- DST on slots --------------------------------------------------------------------------------


def test_a_nudge_in_the_spring_gap_goes_at_the_next_valid_minute() -> None:
    nudge = by_kind(slots_on(settings(nudge_time=time(2, 30)), date(2027, 3, 28)))
    assert nudge[K.MORNING_NUDGE].due_at == utc(2027, 3, 28, 1, 0)  # 03:00 CEST
    assert nudge[K.MORNING_NUDGE].expires_at == utc(2027, 3, 28, 10, 0)  # noon CEST


def test_a_repeated_nudge_time_goes_once() -> None:
    user = settings(nudge_time=time(2, 30))
    found = slots_between(user, utc(2026, 10, 24, 12, 0), utc(2026, 10, 25, 12, 0))
    nudges = [slot for slot in found if slot.kind is K.MORNING_NUDGE]
    assert [slot.due_at for slot in nudges] == [utc(2026, 10, 25, 0, 30)]  # 02:30 CEST


def test_wall_clock_times_survive_the_dst_change() -> None:
    user = settings(nudge_time=time(7, 15))
    dues = [
        wall(by_kind(slots_on(user, date(2027, 3, 26) + timedelta(days=n)))[K.MORNING_NUDGE].due_at)
        for n in range(4)
    ]
    assert [d.time() for d in dues] == [time(7, 15)] * 4
    assert [d.date() for d in dues] == [date(2027, 3, 26) + timedelta(days=n) for n in range(4)]


# --- Pauses and landmarks ------------------------------------------------------------------------


def test_paused_days_have_no_slots_and_the_day_after_is_a_landmark() -> None:
    user = settings(paused_until=WED)  # paused Monday 8 to Wednesday 10 March, and before
    for day in (date(2027, 3, 8), date(2027, 3, 9), WED):
        assert slots_on(user, day) == []
        assert landmark_today(user, day) is None  # a holiday Monday is no fresh start
    thursday = by_kind(slots_on(user, date(2027, 3, 11)))
    assert set(thursday) == {K.MORNING_NUDGE, K.EVENING_REMINDER}
    assert thursday[K.MORNING_NUDGE].landmark == Landmark(date(2027, 3, 11), L.CUSTOM)
    assert landmark_today(user, date(2027, 3, 12)) is None


def test_a_pause_starting_tomorrow_has_no_eve() -> None:
    user = settings(paused_until=date(2027, 3, 20))
    assert K.FRESH_START_EVE not in by_kind(slots_on(user, SUN - timedelta(days=7)))


@pytest.mark.parametrize(
    ("overrides", "day", "expected"),
    [
        ({}, SUN, Landmark(date(2027, 3, 15), L.MONDAY)),
        ({}, date(2027, 3, 31), Landmark(date(2027, 4, 1), L.QUARTER_START, (L.MONTH_START,))),
        ({}, date(2027, 2, 28), Landmark(date(2027, 3, 1), L.MONTH_START, (L.MONDAY,))),
        ({"birthday": date(1990, 3, 11)}, WED, Landmark(date(2027, 3, 11), L.BIRTHDAY)),
        ({"fresh_start_date": date(2027, 3, 11)}, WED, Landmark(date(2027, 3, 11), L.CUSTOM)),
        ({"paused_until": date(2027, 3, 11)}, date(2027, 3, 12), None),  # Sat 13: no landmark
        ({"paused_until": date(2027, 3, 11)}, WED, None),  # Thu 11 is paused: no eve
        ({}, WED, None),
    ],
)
def test_fresh_start_eve(overrides: dict[str, Any], day: date, expected: Landmark | None) -> None:
    eve = by_kind(slots_on(settings(**overrides), day)).get(K.FRESH_START_EVE)
    assert (eve.landmark if eve is not None else None) == expected


def test_the_eve_follows_the_evening_time_even_when_the_reminder_is_off() -> None:
    slots = by_kind(slots_on(settings(evening_time=time(21, 0), evening_enabled=False), SUN))
    assert K.EVENING_REMINDER not in slots
    assert wall(slots[K.FRESH_START_EVE].due_at) == datetime(2027, 3, 14, 20, 0)


# --- The weekly review ---------------------------------------------------------------------------


@pytest.mark.parametrize("weekday", range(7))
def test_the_weekly_review_on_the_chosen_weekday(weekday: int) -> None:
    user = settings("Asia/Kolkata", review_weekday=weekday, review_time=time(9, 15))
    week = [date(2027, 3, 8) + timedelta(days=n) for n in range(14)]  # two weeks from a Monday
    reviews = [slot for day in week for slot in slots_on(user, day) if slot.kind is K.WEEKLY_REVIEW]
    assert [slot.local_date for slot in reviews] == [week[weekday], week[weekday + 7]]
    assert all(slot.local_date.weekday() == weekday for slot in reviews)
    assert all(wall(s.due_at, ZoneInfo("Asia/Kolkata")).time() == time(9, 15) for s in reviews)


# --- next_due ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (berlin(2027, 3, 10, 6, 0), berlin(2027, 3, 10, 8, 0)),
        (berlin(2027, 3, 10, 7, 59, second=59), berlin(2027, 3, 10, 8, 0)),
        (berlin(2027, 3, 10, 8, 0), berlin(2027, 3, 10, 20, 0)),  # strictly after now
        (berlin(2027, 3, 10, 20, 0), berlin(2027, 3, 11, 8, 0)),
        (berlin(2027, 3, 13, 21, 0), berlin(2027, 3, 14, 8, 0)),
        (berlin(2027, 3, 14, 8, 30), berlin(2027, 3, 14, 18, 0)),  # the review
        (berlin(2027, 3, 14, 18, 0), berlin(2027, 3, 14, 19, 0)),  # the eve of Monday
        (berlin(2027, 3, 14, 19, 0), berlin(2027, 3, 14, 20, 0)),
        (berlin(2027, 3, 14, 23, 0), berlin(2027, 3, 15, 8, 0)),
        (berlin(2027, 3, 27, 21, 0), berlin(2027, 3, 28, 8, 0)),  # over the DST change
    ],
)
def test_next_due(now: datetime, expected: datetime) -> None:
    assert next_due(settings(), now) == expected


def test_next_due_without_daily_slots_finds_the_weekly_review() -> None:
    user = settings(nudge_time=None, evening_enabled=False)
    assert next_due(user, berlin(2027, 3, 10, 12, 0)) == berlin(2027, 3, 14, 18, 0)


def test_next_due_skips_a_long_pause() -> None:
    user = settings(paused_until=date(2027, 4, 30))
    assert next_due(user, berlin(2027, 3, 10, 12, 0)) == berlin(2027, 5, 1, 8, 0)


def test_next_due_is_none_for_an_inactive_user() -> None:
    assert next_due(settings(active=False), berlin(2027, 3, 10, 12, 0)) is None


def test_next_due_returns_none_beyond_the_horizon() -> None:
    # Everything but the review is off, and the review is always in the quiet hours.
    user = settings(
        nudge_time=None,
        evening_enabled=False,
        review_time=time(23, 0),
        evening_time=time(23, 30),  # the eve (22:30) is dropped too
    )
    assert next_due(user, berlin(2027, 3, 10, 12, 0)) is None


@pytest.mark.parametrize("zone", ["Pacific/Pago_Pago", "Asia/Kathmandu", "Pacific/Kiritimati"])
def test_next_due_agrees_with_slots_between(zone: str) -> None:
    user = settings(zone, nudge_time=time(6, 45), birthday=date(1990, 3, 20))
    now = utc(2027, 3, 1, 0, 0)
    for _ in range(60):
        following = slots_between(user, now + timedelta(microseconds=1), now + timedelta(days=9))
        expected = following[0].due_at
        assert next_due(user, now) == expected
        now = expected


# --- due_slots: catch-up after downtime ----------------------------------------------------------

CATCH_UP_USER = settings(nudge_time=time(9, 0), review_time=time(17, 0))


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        (berlin(2027, 3, 14, 1, 0), [(K.MORNING_NUDGE, SUN, False)]),
        (berlin(2027, 3, 14, 3, 0), [(K.MORNING_NUDGE, SUN, True)]),  # past noon
        (
            berlin(2027, 3, 14, 8, 0),
            [(K.MORNING_NUDGE, SUN, True), (K.WEEKLY_REVIEW, SUN, False)],
        ),
        (
            berlin(2027, 3, 14, 11, 30),
            [
                (K.WEEKLY_REVIEW, SUN, False),
                (K.FRESH_START_EVE, SUN, False),
                (K.EVENING_REMINDER, SUN, False),
            ],
        ),
        (
            berlin(2027, 3, 14, 12, 0),  # back at 22:00, when the quiet hours begin
            [
                (K.WEEKLY_REVIEW, SUN, True),
                (K.FRESH_START_EVE, SUN, True),
                (K.EVENING_REMINDER, SUN, True),
            ],
        ),
        (berlin(2027, 3, 13, 19, 0), [(K.EVENING_REMINDER, date(2027, 3, 13), True)]),
        (berlin(2027, 3, 15, 0, 0), [(K.MORNING_NUDGE, date(2027, 3, 15), False)]),
    ],
)
def test_due_slots_after_ten_hours_down(
    since: datetime, expected: list[tuple[Kind, date, bool]]
) -> None:
    found = due_slots(CATCH_UP_USER, since, since + timedelta(hours=10))
    assert [(slot.kind, slot.local_date, slot.stale) for slot in found] == expected


def test_due_slots_includes_a_slot_due_exactly_at_since_and_at_now() -> None:
    due = berlin(2027, 3, 10, 9, 0)
    assert [s.kind for s in due_slots(CATCH_UP_USER, due, due)] == [K.MORNING_NUDGE]
    assert [s.kind for s in due_slots(CATCH_UP_USER, due - timedelta(hours=1), due)] == [
        K.MORNING_NUDGE
    ]


def test_due_slots_never_scheduled_owes_nothing() -> None:
    assert due_slots(CATCH_UP_USER, None, berlin(2027, 3, 10, 10, 0)) == []


def test_due_slots_looks_back_two_days_at_most() -> None:
    now = berlin(2027, 3, 10, 10, 0)
    found = due_slots(CATCH_UP_USER, now - timedelta(days=5), now)
    assert found[0].due_at >= now - timedelta(days=2)
    assert [(s.kind, s.local_date) for s in found] == [
        (K.EVENING_REMINDER, date(2027, 3, 8)),
        (K.MORNING_NUDGE, date(2027, 3, 9)),
        (K.EVENING_REMINDER, date(2027, 3, 9)),
        (K.MORNING_NUDGE, date(2027, 3, 10)),
    ]
    assert [s.stale for s in found] == [True, True, True, False]


def test_due_slots_then_next_due_lose_nothing_and_repeat_nothing() -> None:
    user = settings("America/New_York", nudge_time=time(2, 30))
    seen: list[tuple[Kind, date]] = []
    now = utc(2027, 3, 10, 0, 0)
    stored = next_due(user, now)
    while now < utc(2027, 3, 24, 0, 0):
        now += timedelta(hours=7)  # an irregular tick, as after restarts
        if stored is not None and stored <= now:
            seen.extend((s.kind, s.local_date) for s in due_slots(user, stored, now))
            stored = next_due(user, now)
    expected = slots_between(user, next_due(user, utc(2027, 3, 10)) or now, now)
    assert seen == [(s.kind, s.local_date) for s in expected]
    assert len(seen) == len(set(seen))


def test_due_slots_refuses_a_naive_now() -> None:
    with pytest.raises(ValueError, match="aware"):
        due_slots(CATCH_UP_USER, None, datetime(2027, 3, 10, 10, 0))


def test_slot_is_stale_from_its_expiry() -> None:
    slot = slots_on(settings(), WED)[0]
    assert not slot.is_stale(slot.expires_at - timedelta(microseconds=1))
    assert slot.is_stale(slot.expires_at)


# --- Invariants over a year ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "zone",
    [
        "Pacific/Pago_Pago",
        "Europe/Berlin",
        "America/New_York",
        "Asia/Kathmandu",
        "Australia/Lord_Howe",
        "Pacific/Kiritimati",
    ],
)
def test_invariants_over_a_year(zone: str) -> None:
    user = settings(zone, nudge_time=time(2, 30), review_time=time(6, 30), birthday=T0.date())
    tz = ZoneInfo(zone)
    day = date(2026, 6, 1)
    for _ in range(366):
        slots = slots_on(user, day)
        assert len({slot.kind for slot in slots}) == len(slots)  # each kind once a day
        assert slots == sorted(slots, key=lambda slot: slot.due_at)
        for slot in slots:
            assert slot.due_at < slot.expires_at
            assert slot.expires_at <= local_instant(day + timedelta(days=1), time(0), tz)
            assert wall(slot.due_at, tz).date() == day
            if slot.kind is not K.MORNING_NUDGE:
                assert not in_quiet_hours(wall(slot.due_at, tz).time(), time(22), time(7))
        day += timedelta(days=1)


# --- Silence and lapses --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("missed", "silent", "offered", "expected"),
    [
        (0, 0, False, NudgeChoice.PLAIN),
        (1, 0, False, NudgeChoice.PLAIN),  # one miss is an accident
        (2, 0, False, NudgeChoice.COMEBACK_OFFER),  # never miss twice
        (5, 3, False, NudgeChoice.COMEBACK_OFFER),
        (2, 6, False, NudgeChoice.COMEBACK_OFFER),
        (2, 0, True, NudgeChoice.PLAIN),  # offered once in this lapse
        (0, 6, False, NudgeChoice.PLAIN),
        (0, 7, False, NudgeChoice.GENTLE),
        (7, 7, True, NudgeChoice.GENTLE),
        (8, 8, False, NudgeChoice.FRESH_START_ONLY),
        (0, 60, False, NudgeChoice.FRESH_START_ONLY),
        (0, 61, False, NudgeChoice.NONE),
        (400, 400, False, NudgeChoice.NONE),
    ],
)
def test_nudge_kind(missed: int, silent: int, offered: bool, expected: NudgeChoice) -> None:
    assert nudge_kind(missed, silent, comeback_offered=offered) is expected


@pytest.mark.parametrize(("missed", "silent"), [(-1, 0), (0, -1)])
def test_nudge_kind_refuses_negative_counts(missed: int, silent: int) -> None:
    with pytest.raises(ValueError, match="negative"):
        nudge_kind(missed, silent)


@pytest.mark.parametrize(
    ("last_seen", "today", "paused_until", "expected"),
    [
        (WED, WED, None, 0),
        (WED, date(2027, 3, 17), None, 7),
        (date(2027, 3, 11), WED, None, 0),  # seen "tomorrow" (a zone change): not negative
        (date(2027, 3, 1), WED, date(2027, 3, 7), 3),  # a holiday is not silence
        (date(2027, 3, 5), WED, date(2027, 3, 1), 5),  # an older pause changes nothing
        (date(2027, 3, 1), WED, date(2027, 3, 20), 0),  # paused now
    ],
)
def test_silent_days(
    last_seen: date, today: date, paused_until: date | None, expected: int
) -> None:
    assert silent_days(last_seen, today, paused_until=paused_until) == expected


@pytest.mark.parametrize(
    ("silent", "allowed"),
    [
        (0, set(Kind)),
        (6, set(Kind)),
        (7, {K.MORNING_NUDGE}),
        (8, {K.MORNING_NUDGE, K.FRESH_START_EVE}),
        (60, {K.MORNING_NUDGE, K.FRESH_START_EVE}),
        (61, set()),
    ],
)
def test_silence_allows(silent: int, allowed: set[Kind]) -> None:
    assert {kind for kind in Kind if silence_allows(kind, silent)} == allowed


def test_silence_allows_refuses_a_negative_count() -> None:
    with pytest.raises(ValueError, match="negative"):
        silence_allows(K.MORNING_NUDGE, -1)


# --- Fresh-start frequency -----------------------------------------------------------------------

MONDAY = Landmark(date(2027, 3, 15), L.MONDAY)
APRIL = Landmark(date(2027, 4, 1), L.QUARTER_START, (L.MONTH_START,))
CHOSEN = Landmark(date(2027, 3, 17), L.CUSTOM)
CHOSEN_MONDAY = Landmark(date(2027, 3, 15), L.CUSTOM, (L.MONDAY,))


@pytest.mark.parametrize(
    ("landmark", "last", "state", "silent", "expected"),
    [
        (MONDAY, None, "steady", 0, True),
        (MONDAY, date(2027, 3, 1), "steady", 0, False),  # steady: one a month
        (APRIL, date(2027, 3, 1), "steady", 0, True),
        (APRIL, date(2027, 3, 29), "steady", 0, True),  # another calendar month
        (MONDAY, date(2027, 3, 15), "steady", 0, True),  # the eve's landmark: its morning
        (MONDAY, date(2027, 3, 8), "lapsed", 0, True),  # lapsed users come first
        (MONDAY, date(2027, 3, 14), "lapsed", 0, True),
        (MONDAY, date(2027, 3, 1), "both", 0, True),  # lapsed wins over steady
        (MONDAY, date(2027, 3, 8), "neither", 0, True),  # in between: one a week
        (MONDAY, date(2027, 3, 9), "neither", 0, False),
        (MONDAY, date(2027, 3, 9), "lapsed", 10, False),  # silent: one a week, even lapsed
        (MONDAY, date(2027, 3, 8), "lapsed", 10, True),
        (MONDAY, None, "lapsed", 60, True),
        (MONDAY, None, "lapsed", 61, False),  # nothing after 60 silent days
        (MONDAY, date(2027, 3, 15), "lapsed", 61, False),
        (CHOSEN, date(2027, 3, 1), "steady", 0, True),  # the user's own date: always
        (CHOSEN, date(2027, 3, 16), "neither", 30, True),
        (CHOSEN, None, "neither", 61, False),
        (CHOSEN_MONDAY, date(2027, 3, 1), "steady", 0, True),
    ],
)
def test_fresh_start_allowed(
    landmark: Landmark, last: date | None, state: str, silent: int, expected: bool
) -> None:
    got = fresh_start_allowed(
        landmark,
        last_prompted=last,
        steady=state in {"steady", "both"},
        lapsed=state in {"lapsed", "both"},
        silent_days=silent,
    )
    assert got is expected


def test_fresh_start_allowed_refuses_a_negative_count() -> None:
    with pytest.raises(ValueError, match="negative"):
        fresh_start_allowed(MONDAY, last_prompted=None, steady=True, lapsed=False, silent_days=-1)


# --- The weekly review ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hit_rate", "expected"),
    [
        (1.0, ReviewProposal.GROW),
        (0.85, ReviewProposal.GROW),
        (17 / 20, ReviewProposal.GROW),
        (6 / 7, ReviewProposal.GROW),
        (0.8499, ReviewProposal.HOLD),
        (5 / 7, ReviewProposal.HOLD),
        (0.5, ReviewProposal.HOLD),
        (0.4999, ReviewProposal.EASE),
        (3 / 7, ReviewProposal.EASE),
        (0.0, ReviewProposal.EASE),
    ],
)
def test_review_proposal(hit_rate: float, expected: ReviewProposal) -> None:
    assert review_proposal(hit_rate) is expected


@pytest.mark.parametrize("hit_rate", [-0.01, 1.01, math.nan, math.inf])
def test_review_proposal_refuses_impossible_rates(hit_rate: float) -> None:
    with pytest.raises(ValueError, match="hit rate"):
        review_proposal(hit_rate)


GROW, HOLD, EASE = ReviewProposal.GROW, ReviewProposal.HOLD, ReviewProposal.EASE


@pytest.mark.parametrize(
    ("weekly", "mva", "proposal", "days", "expected"),
    [
        (Measure(3300, "words"), None, GROW, 7, Measure(3600, "words")),
        (Measure(3, "books"), None, GROW, 7, Measure(4, "books")),  # at least one more
        (Measure(210, "minutes"), None, GROW, 7, Measure(230, "minutes")),
        (Measure(3300, "words"), Measure(100, "words"), HOLD, 7, Measure(3300, "words")),
        # Ease: halfway down to the MVA's week (700 words), rounded down.
        (Measure(3300, "words"), Measure(100, "words"), EASE, 7, Measure(2000, "words")),
        (Measure(3300, "words"), Measure(100, "words"), EASE, 5, Measure(1900, "words")),
        (Measure(800, "words"), Measure(100, "words"), EASE, 7, Measure(750, "words")),
        (Measure(5, "km"), Measure(500, "m"), EASE, 7, Measure(4.2, "km")),
        (Measure(700, "words"), Measure(100, "words"), EASE, 7, Measure(700, "words")),
        (Measure(500, "words"), Measure(100, "words"), EASE, 7, Measure(500, "words")),
        # No comparable MVA: halfway down to nothing.
        (Measure(3300, "words"), None, EASE, 7, Measure(1600, "words")),
        (Measure(3300, "words"), Measure(10, "minutes"), EASE, 7, Measure(1600, "words")),
        (Measure(1, "books"), None, EASE, 7, Measure(1, "books")),  # cannot be lighter
    ],
)
def test_next_weekly(
    weekly: Measure, mva: Measure | None, proposal: ReviewProposal, days: int, expected: Measure
) -> None:
    assert next_weekly(weekly, mva, proposal, days_per_week=days) == expected


@pytest.mark.parametrize(("weekly", "days"), [(Measure(0, "words"), 7), (Measure(100, "words"), 0)])
def test_next_weekly_refuses_bad_input(weekly: Measure, days: int) -> None:
    with pytest.raises(ValueError, match=r"quantity|days_per_week"):
        next_weekly(weekly, None, EASE, days_per_week=days)


AMOUNT, DAYS, SHORT = ReviewBasis.AMOUNT, ReviewBasis.DAYS, ReviewBasis.SHORT


@pytest.mark.parametrize(
    ("days", "rate", "done", "target", "expected"),
    [
        # One, two or three days are no week: hold, whatever they were.
        (1, 1.0, 480, 470, (HOLD, SHORT)),
        (3, 0.0, 0, 1400, (HOLD, SHORT)),
        # A week of amounts is judged by its amount, not by its kept days.
        (7, 1.0, 850, 2100, (EASE, AMOUNT)),
        (7, 1.0, 3360, 3300, (GROW, AMOUNT)),
        (7, 0.57, 3300, 3300, (GROW, AMOUNT)),  # four big days met the week
        (7, 1.0, 2900, 3300, (HOLD, AMOUNT)),  # 88%: not met, no growth
        (5, 0.6, 1500, 3300, (EASE, AMOUNT)),
        # Without an amount, the kept days.
        (7, 6 / 7, None, None, (GROW, DAYS)),
        (4, 0.5, None, None, (HOLD, DAYS)),
        (7, 2 / 7, None, 3300, (EASE, DAYS)),
    ],
)
def test_judge_week(
    days: int,
    rate: float,
    done: float | None,
    target: float | None,
    expected: tuple[ReviewProposal, ReviewBasis],
) -> None:
    verdict = judge_week(planned_days=days, hit_rate=rate, done=done, target=target)
    assert verdict is not None
    assert (verdict.proposal, verdict.basis, verdict.planned_days) == (*expected, days)


def test_judge_week_without_a_planned_day_says_nothing_and_refuses_nonsense() -> None:
    assert judge_week(planned_days=0, hit_rate=None) is None
    with pytest.raises(ValueError, match="negative"):
        judge_week(planned_days=-1, hit_rate=1.0)
    with pytest.raises(ValueError, match="hit rate"):
        judge_week(planned_days=2, hit_rate=1.5)


# --- Settings ------------------------------------------------------------------------------------


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
