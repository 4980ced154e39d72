"""The slots: each day's messages across zones, quiet hours and DST, next_due and catch-up."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.coach.landmarks import Landmark
from bot.coach.schedule.settings import in_quiet_hours, local_instant
from bot.coach.schedule.slots import (
    Kind,
    Slot,
    due_slots,
    landmark_today,
    next_due,
    slots_between,
    slots_on,
)
from tests.coach.schedule.support import BERLIN, T0, WED, K, L, settings, utc

SUN = date(2027, 3, 14)  # the default review day, the eve of Monday 15 March


def berlin(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, *, second: int = 0
) -> datetime:
    """An instant given as a Berlin wall-clock time."""
    return datetime(year, month, day, hour, minute, second, tzinfo=BERLIN)


def wall(instant: datetime, zone: ZoneInfo = BERLIN) -> datetime:
    """The naive local wall-clock time of an instant."""
    return instant.astimezone(zone).replace(tzinfo=None)


def by_kind(slots: list[Slot]) -> dict[Kind, Slot]:
    return {slot.kind: slot for slot in slots}


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
