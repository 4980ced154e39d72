"""The scheduler tick and the outbox use cases on the in-memory repository, without Telegram."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.coach.models import Delivery, DeliveryStatus, NewDelivery, UserProfile
from bot.services.container import Services
from bot.services.delivery_journal import MAX_ATTEMPTS
from bot.services.scheduled_messages import Skip
from bot.services.scheduling import BROKEN_RETRY
from storage.open import open_sqlite
from storage.sql import SqlRepository
from tests.support import FrozenClock

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 22, 20, 40, tzinfo=UTC)  # Sunday, 21:40 in Berlin
MONDAY = date(2026, 11, 23)


def berlin(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), BERLIN).astimezone(UTC)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
def repo() -> SqlRepository:
    return open_sqlite(":memory:")


@pytest.fixture
def services(repo: SqlRepository, clock: FrozenClock) -> Services:
    return Services.build(repo, clock)


async def enrol(services: Services, user_id: int, zone: str = "Europe/Berlin") -> None:
    await services.accounts.start(UserProfile(user_id, user_id, f"User{user_id}"))
    await services.accounts.choose_timezone(user_id, zone)
    await services.accounts.choose_nudge_time(user_id, time(7, 30))


async def rows(repo: SqlRepository) -> list[Delivery]:
    found = []
    delivery_id = 1
    while (delivery := await repo.get_delivery(delivery_id)) is not None:
        found.append(delivery)
        delivery_id += 1
    return found


async def test_set_up_schedules_the_next_morning_and_a_tick_enqueues_it_once(
    services: Services, repo: SqlRepository, clock: FrozenClock
) -> None:
    await enrol(services, 1)
    user = await repo.get_user(1)
    assert user is not None
    assert user.next_due_at == berlin(MONDAY, 7, 30)

    early = await services.scheduler.tick()
    clock.set(berlin(MONDAY, 7, 30))
    first = await services.scheduler.tick()
    again = await services.scheduler.tick()

    assert (early.users, first.users, first.enqueued, again.users) == (0, 1, 1, 0)
    [nudge] = await rows(repo)
    assert (nudge.kind, nudge.local_date, nudge.due_at) == (
        "morning_nudge",
        MONDAY,
        berlin(MONDAY, 7, 30),
    )
    assert nudge.expires_at == berlin(MONDAY, 12, 0)
    user = await repo.get_user(1)
    assert user is not None
    assert user.next_due_at == berlin(MONDAY, 20, 0)  # the evening reminder is next


async def test_a_tick_handles_every_due_user_in_batches(
    services: Services, repo: SqlRepository, clock: FrozenClock
) -> None:
    for user_id in range(1, 8):
        await enrol(services, user_id)
    clock.set(berlin(MONDAY, 7, 30))

    capped = await services.scheduler.tick(batch=2, max_users=4)
    rest = await services.scheduler.tick(batch=2)

    assert (capped.users, capped.enqueued) == (4, 4)
    assert (rest.users, rest.enqueued) == (3, 3)
    assert len(await services.deliveries.due(100)) == 7


@pytest.mark.parametrize(
    ("back_at", "status"),
    [
        (berlin(MONDAY, 11, 0), DeliveryStatus.PENDING),
        (berlin(MONDAY, 12, 30), DeliveryStatus.SKIPPED),
    ],
)
async def test_after_downtime_a_slot_is_caught_up_only_while_useful(
    services: Services,
    repo: SqlRepository,
    clock: FrozenClock,
    back_at: datetime,
    status: DeliveryStatus,
) -> None:
    await enrol(services, 1)
    clock.set(back_at)

    report = await services.scheduler.tick()

    [nudge] = await rows(repo)
    assert nudge.status is status
    assert report.enqueued == (1 if status is DeliveryStatus.PENDING else 0)


async def test_a_user_who_cannot_be_scheduled_does_not_stop_the_tick(
    services: Services, repo: SqlRepository, clock: FrozenClock
) -> None:
    await enrol(services, 1)
    await enrol(services, 2)
    broken = await repo.get_user(1)
    assert broken is not None
    await repo.save_user(dataclasses.replace(broken, timezone="Mars/Olympus_Mons"))
    clock.set(berlin(MONDAY, 7, 30))

    report = await services.scheduler.tick()

    assert (report.users, report.enqueued) == (2, 1)
    assert [row.user_id for row in await rows(repo)] == [2]
    broken = await repo.get_user(1)
    assert broken is not None
    assert broken.next_due_at == clock() + BROKEN_RETRY


async def test_retries_back_off_and_give_up(
    services: Services, repo: SqlRepository, clock: FrozenClock
) -> None:
    await enrol(services, 1)
    queued = await repo.enqueue_delivery(
        NewDelivery(1, "morning_nudge", MONDAY, clock(), berlin(MONDAY, 12, 0)), clock()
    )
    assert queued is not None
    waits = []
    for _ in range(MAX_ATTEMPTS):
        [delivery] = await services.deliveries.due(10)
        if not await services.deliveries.retry(delivery, "NetworkError: boom"):
            break
        after = await repo.get_delivery(delivery.delivery_id)
        assert after is not None
        assert after.next_attempt_at is not None
        waits.append(after.next_attempt_at - clock())
        clock.set(after.next_attempt_at)

    assert waits == [timedelta(seconds=s) for s in (1, 2, 4, 8)]
    final = await repo.get_delivery(queued.delivery_id)
    assert final is not None
    assert final.status is DeliveryStatus.FAILED
    assert await services.deliveries.due(10) == []


async def test_nothing_is_prepared_for_an_unknown_kind_or_a_user_not_set_up(
    services: Services, repo: SqlRepository, clock: FrozenClock
) -> None:
    await enrol(services, 1)
    await services.accounts.start(UserProfile(2, 2, "Bo"))  # no zone, no nudge time yet
    odd = await repo.enqueue_delivery(NewDelivery(1, "horoscope", MONDAY, clock()), clock())
    early = await repo.enqueue_delivery(NewDelivery(2, "morning_nudge", MONDAY, clock()), clock())
    assert odd is not None
    assert early is not None

    assert await services.deliveries.prepare(odd) == Skip("unknown kind 'horoscope'")
    assert await services.deliveries.prepare(early) == Skip("user has not finished set-up")
