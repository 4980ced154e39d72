"""The tick plans cohorts at once and gives every user exactly what planning them alone gives.

The reference is the per-user rule spelled out from the coach's own functions (what the tick did
before cohorts): each due user's slots since their stored due time (``due_slots``), stale ones
recorded as skipped, and their next due time (``next_due``). Populations mix zones (DST, half-hour
offsets, both ends of the offset range, an unknown zone), settings, quiet hours, due times
(catch-up after downtime included), birthdays, pauses and chosen fresh starts near and far, and
are ticked in small batches so that cohorts span batches and batches span cohorts.
"""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.coach.cohorts import DueBatch
from bot.coach.models import Delivery, DeliveryStatus, User, UserProfile
from bot.coach.schedule.settings import ScheduleSettings
from bot.coach.schedule.slots import due_slots, next_due
from bot.services.scheduling import BROKEN_RETRY, SchedulerService
from storage.open import open_sqlite
from storage.sql import SqlRepository
from tests.databases import BACKENDS, fresh_repository
from tests.support import FrozenClock

STALE = "stale: its moment passed while the bot was down"
INSTANTS = (
    datetime(2027, 3, 28, 0, 45, tzinfo=UTC),  # Europe springs forward at 01:00 UTC
    datetime(2026, 12, 31, 21, 30, tzinfo=UTC),  # New Year in a few zones, not yet in others
    datetime(2027, 2, 27, 18, 0, tzinfo=UTC),  # 29 February birthdays are kept on the 28th
    datetime(2026, 11, 25, 7, 0, tzinfo=UTC),  # a plain Wednesday morning in Europe
    datetime(2026, 11, 29, 17, 0, tzinfo=UTC),  # a Sunday: weekly reviews
)
ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "Mars/Olympus_Mons",  # not a zone: planned to be looked at again in a day
    None,
)
CLOCK_TIMES = st.sampled_from([time(0, 30), time(6, 30), time(7, 0), time(18, 0), time(22, 30)])
QUIET = st.sampled_from(
    [(time(22, 0), time(7, 0)), (time(23, 0), time(6, 0)), (time(9, 0), time(9, 0))]
)
SINCE_BACK = st.sampled_from(
    [timedelta(0), timedelta(minutes=1), timedelta(hours=2), timedelta(hours=20), timedelta(3)]
)
NEAR = st.integers(min_value=-16, max_value=16).map(lambda days: timedelta(days=days))


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    """Settings shared by many users (so that they form cohorts)."""
    quiet_start, quiet_end = draw(QUIET)
    return {
        "timezone": draw(st.sampled_from(ZONES)),
        "nudge_time": draw(st.one_of(st.none(), CLOCK_TIMES)),
        "evening_enabled": draw(st.booleans()),
        "evening_time": draw(CLOCK_TIMES),
        "quiet_start": quiet_start,
        "quiet_end": quiet_end,
        "review_weekday": draw(st.integers(0, 6)),
        "review_time": draw(CLOCK_TIMES),
    }


@st.composite
def personal(draw: st.DrawFn, today: date) -> dict[str, Any]:
    """A user's own dates: mostly none, some near the tick, some far."""
    far = timedelta(days=200)
    day = st.one_of(st.none(), st.none(), NEAR.map(lambda d: today + d), st.just(today + far))
    birthday = draw(
        st.one_of(
            st.none(),
            st.none(),
            NEAR.map(lambda d: (today + d).replace(year=1990)),
            st.just(date(2000, 2, 29)),
            st.just(date(1985, 7, 14)),
        )
    )
    return {"birthday": birthday, "paused_until": draw(day), "fresh_start_on": draw(day)}


@st.composite
def populations(draw: st.DrawFn) -> tuple[datetime, list[dict[str, Any]], int]:
    """An instant, the due users (settings, own dates, due time), and a batch size."""
    now = draw(st.sampled_from(INSTANTS))
    shared = draw(st.lists(profiles(), min_size=1, max_size=4))
    backs = draw(st.lists(SINCE_BACK, min_size=1, max_size=3))
    people = draw(
        st.lists(
            st.tuples(st.sampled_from(shared), personal(now.date()), st.sampled_from(backs)),
            min_size=1,
            max_size=24,
        )
    )
    users = [{**profile, **own, "next_due_at": now - back} for profile, own, back in people]
    return now, users, draw(st.sampled_from([1, 2, 3, 50]))


Row = tuple[
    int, str, date, datetime, datetime | None, DeliveryStatus, dict[str, object], str | None
]


def reference(user: User, now: datetime) -> tuple[list[Row], datetime | None]:
    """What planning the user alone gives: their outbox rows and next due time."""
    if user.timezone is None or user.nudge_time is None:
        return [], None
    try:
        schedule = ScheduleSettings.from_user(user, fresh_start_date=user.fresh_start_on)
    except ValueError:
        return [], now + BROKEN_RETRY
    rows: list[Row] = []
    for slot in due_slots(schedule, user.next_due_at, now):
        payload: dict[str, object] = {}
        if slot.landmark is not None:
            payload = {"landmark": slot.landmark.kind.value, "day": slot.landmark.day.isoformat()}
        status = DeliveryStatus.SKIPPED if slot.stale else DeliveryStatus.PENDING
        rows.append(
            (
                user.user_id,
                slot.kind.value,
                slot.local_date,
                slot.due_at,
                slot.expires_at,
                status,
                payload,
                STALE if slot.stale else None,
            )
        )
    return rows, next_due(schedule, now)


def as_row(delivery: Delivery) -> Row:
    return (
        delivery.user_id,
        delivery.kind,
        delivery.local_date,
        delivery.due_at,
        delivery.expires_at,
        delivery.status,
        delivery.payload,
        delivery.last_error,
    )


def frozen(row: Row) -> tuple[object, ...]:
    return (*row[:6], tuple(sorted(row[6].items())), row[7])


async def outbox(repo: SqlRepository) -> list[Row]:
    found = []
    delivery_id = 1
    while (delivery := await repo.get_delivery(delivery_id)) is not None:
        found.append(as_row(delivery))
        delivery_id += 1
    return found


async def check_tick(
    repo: SqlRepository, now: datetime, people: list[dict[str, Any]], batch: int
) -> None:
    """Tick over ``people`` and compare every row and due time with the reference."""
    due = []
    for user_id, fields in enumerate(people, start=1):
        user, _ = await repo.upsert_user(UserProfile(user_id, user_id, f"U{user_id}"), now)
        await repo.save_user(dataclasses.replace(user, **fields))
        await repo.set_next_due(user_id, fields["next_due_at"])
        stored = await repo.get_user(user_id)
        assert stored is not None
        due.append(stored)
    expected_rows: set[tuple[object, ...]] = set()
    expected_due = {}
    for user in due:
        rows, next_time = reference(user, now)
        expected_rows |= {frozen(row) for row in rows}
        expected_due[user.user_id] = next_time

    report = await SchedulerService(repo, FrozenClock(now)).tick(batch=batch)

    written = await outbox(repo)
    assert sorted(map(frozen, written), key=repr) == sorted(expected_rows, key=repr)
    assert len(written) == len(expected_rows)  # nothing written twice
    after = {user.user_id: (await repo.get_user(user.user_id)) for user in due}
    assert {uid: user.next_due_at for uid, user in after.items() if user} == expected_due
    pending = sum(1 for row in written if row[5] is DeliveryStatus.PENDING)
    assert (report.users, report.enqueued) == (len(due), pending)


@pytest.mark.exhaustive
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=populations())
async def test_cohorts_plan_what_each_user_alone_would_get(
    case: tuple[datetime, list[dict[str, Any]], int],
) -> None:
    now, people, batch = case
    repo = open_sqlite(":memory:")
    try:
        await check_tick(repo, now, people, batch)
    finally:
        await repo.close()


@pytest.mark.exhaustive
@pytest.mark.parametrize("backend", BACKENDS)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=populations())
async def test_cohorts_plan_the_same_on_both_engines(
    backend: str, tmp_path_factory: pytest.TempPathFactory, case: Any
) -> None:
    now, people, batch = case
    async with fresh_repository(backend, tmp_path_factory.mktemp("db")) as repo:
        await check_tick(repo, now, people, batch)


BERLIN_MORNING: dict[str, Any] = {
    "timezone": "Europe/Berlin",
    "nudge_time": time(8, 0),
    "next_due_at": datetime(2026, 11, 25, 7, 0, tzinfo=UTC),
}


@pytest.mark.parametrize(
    "own",
    [
        pytest.param({}, id="plain"),
        pytest.param({"birthday": date(1990, 11, 25)}, id="birthday today"),
        pytest.param({"birthday": date(1990, 11, 30)}, id="birthday in five days"),
        pytest.param({"paused_until": date(2026, 11, 24)}, id="pause ended yesterday"),
        pytest.param({"paused_until": date(2026, 11, 26)}, id="paused today"),
        pytest.param({"fresh_start_on": date(2026, 11, 25)}, id="fresh start today"),
        pytest.param({"fresh_start_on": date(2026, 11, 26)}, id="fresh start tomorrow"),
    ],
)
@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_user_with_a_date_of_their_own_beside_a_cohort_gets_their_own_plan(
    backend: str, tmp_path: Path, own: dict[str, Any]
) -> None:
    now = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)
    people = [BERLIN_MORNING] * 3 + [{**BERLIN_MORNING, **own}] + [BERLIN_MORNING] * 3
    async with fresh_repository(backend, tmp_path) as repo:
        await check_tick(repo, now, people, batch=2)


class CountingRepository(SqlRepository):
    """The SQLite repository, noting each batch a tick claims."""

    events: list[str]

    @asynccontextmanager
    async def claim_due_batch(
        self, now: datetime, limit: int
    ) -> AsyncIterator[tuple[DueBatch | None, SqlRepository]]:
        async with super().claim_due_batch(now, limit) as (batch, scope):
            if batch is not None:
                self.events.append("batch")
            yield batch, scope


async def test_between_two_batches_the_event_loop_serves_others() -> None:
    now = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)
    inner = open_sqlite(":memory:")
    repo = CountingRepository(inner.engine)
    repo.events = []
    done = False

    async def chatting_user() -> None:
        while not done:
            repo.events.append("reply")
            await asyncio.sleep(0)

    try:
        for user_id in range(1, 11):
            user, _ = await repo.upsert_user(UserProfile(user_id, user_id), now)
            await repo.save_user(dataclasses.replace(user, **BERLIN_MORNING))
            await repo.set_next_due(user_id, now)
        replies = asyncio.create_task(chatting_user())
        report = await SchedulerService(repo, FrozenClock(now)).tick(batch=3)
        done = True
        await replies
    finally:
        await repo.close()

    batches = [index for index, event in enumerate(repo.events) if event == "batch"]
    assert report.users == 10
    assert len(batches) == 4
    assert all("reply" in repo.events[a:b] for a, b in itertools.pairwise(batches))


class OverlapRepository(SqlRepository):
    """A repository noting how many batches are claimed at the same moment.

    With ``both`` set, the first batch is held until a second one is held beside it (or five
    seconds pass, which only a tick planning one batch at a time would wait): how fast each
    claimer's queries come back then decides nothing.
    """

    holding = 0
    most = 0
    both: asyncio.Event | None = None

    @asynccontextmanager
    async def claim_due_batch(
        self, now: datetime, limit: int
    ) -> AsyncIterator[tuple[DueBatch | None, SqlRepository]]:
        async with super().claim_due_batch(now, limit) as (batch, scope):
            self.holding += 1
            self.most = max(self.most, self.holding)
            if self.both is not None and self.holding > 1:
                self.both.set()
            try:
                yield batch, scope
                if self.both is not None and batch is not None and not self.both.is_set():
                    try:
                        await asyncio.wait_for(self.both.wait(), timeout=5)
                    except TimeoutError:
                        self.both = None  # nobody claims beside it: wait no more
            finally:
                self.holding -= 1


@pytest.mark.parametrize(("backend", "at_once"), [("sqlite", 1), ("postgresql", 2)])
async def test_postgresql_plans_two_batches_at_once_and_each_user_once(
    backend: str, at_once: int, tmp_path: Path
) -> None:
    now = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)
    async with fresh_repository(backend, tmp_path) as inner:
        repo = OverlapRepository(inner.engine)
        repo.both = asyncio.Event() if at_once > 1 else None
        for user_id in range(1, 41):
            user, _ = await repo.upsert_user(UserProfile(user_id, user_id), now)
            await repo.save_user(dataclasses.replace(user, **BERLIN_MORNING))
            await repo.set_next_due(user_id, now)

        report = await SchedulerService(repo, FrozenClock(now)).tick(batch=5)

        assert repo.most == at_once
        assert report.users == 40
        rows = await outbox(repo)
        assert {row[0] for row in rows} == set(range(1, 41))
        assert len(rows) == len({(row[0], row[1], row[2]) for row in rows})  # none twice
        assert report.enqueued == sum(row[5] is DeliveryStatus.PENDING for row in rows) > 0
        assert await repo.due_users(now, 100) == []
