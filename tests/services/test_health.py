"""HealthService: when an instance is healthy, told from the database, heartbeat and outbox."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.coach.models import DeliveryStatus, NewDelivery, OutboxHealth, UserProfile
from bot.services.health import HealthService, Heartbeat, tick_deadline
from storage.open import open_sqlite
from storage.sql import SqlRepository
from tests.support import FrozenClock

NOW = datetime(2026, 11, 23, 6, 30, tzinfo=UTC)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
async def repo() -> AsyncIterator[SqlRepository]:
    repository = open_sqlite(":memory:")
    await repository.upsert_user(UserProfile(1, 1, "Ada"), NOW)
    yield repository
    await repository.close()


def ticking(at: datetime, interval: float = 30.0) -> Heartbeat:
    """A scheduler that started and last finished a tick at ``at``."""
    return Heartbeat(started_at=at, interval=interval, tick_finished_at=at)


async def due(repo: SqlRepository, kind: str, due_at: datetime) -> int:
    stored = await repo.enqueue_delivery(NewDelivery(1, kind, date(2026, 11, 23), due_at), due_at)
    assert stored is not None
    return stored.delivery_id


async def test_a_quiet_instance_is_healthy(repo: SqlRepository, clock: FrozenClock) -> None:
    health = await HealthService(repo, clock).check(ticking(NOW))

    assert health.healthy
    assert health.outbox == OutboxHealth(0, None, None)
    assert health.as_json()["status"] == "ok"


def test_the_tick_deadline_is_five_intervals_and_at_least_five_minutes() -> None:
    assert tick_deadline(30) == timedelta(minutes=5)
    assert tick_deadline(120) == timedelta(minutes=10)


@pytest.mark.parametrize(("minutes", "healthy"), [(4, True), (5, True), (5.5, False), (60, False)])
async def test_no_tick_for_longer_than_the_deadline_is_unhealthy(
    repo: SqlRepository, clock: FrozenClock, minutes: float, healthy: bool
) -> None:
    heartbeat = ticking(NOW)
    clock.advance(minutes=minutes)

    health = await HealthService(repo, clock).check(heartbeat)

    assert health.healthy is healthy
    assert health.last_tick_age == minutes * 60


async def test_a_scheduler_that_never_finished_a_tick_counts_from_its_start(
    repo: SqlRepository, clock: FrozenClock
) -> None:
    heartbeat = Heartbeat(started_at=NOW)
    clock.advance(minutes=6)

    health = await HealthService(repo, clock).check(heartbeat)

    assert health.problems == ("no scheduler tick for 360 s",)
    assert health.last_tick_age is None


async def test_a_long_tick_is_alive_until_it_runs_for_fifteen_minutes(
    repo: SqlRepository, clock: FrozenClock
) -> None:
    heartbeat = ticking(NOW - timedelta(minutes=30))
    heartbeat.tick_started_at = NOW - timedelta(minutes=14)
    service = HealthService(repo, clock)

    assert (await service.check(heartbeat)).healthy

    clock.advance(minutes=2)
    health = await service.check(heartbeat)

    assert health.problems == ("a scheduler tick has been running for 960 s",)
    assert health.tick_running_for == 960


async def test_where_the_scheduler_does_not_run_only_the_database_counts(
    repo: SqlRepository, clock: FrozenClock
) -> None:
    await due(repo, "morning_nudge", NOW - timedelta(hours=3))

    health = await HealthService(repo, clock).check(Heartbeat())

    assert health.healthy
    assert health.outbox is not None
    assert health.outbox.backlog == 1


async def test_a_backlog_with_nothing_sent_for_five_minutes_is_a_stalled_sender(
    repo: SqlRepository, clock: FrozenClock
) -> None:
    await due(repo, "morning_nudge", NOW - timedelta(minutes=6))
    await due(repo, "evening_reminder", NOW - timedelta(minutes=1))

    health = await HealthService(repo, clock).check(ticking(NOW))

    assert health.problems == ("2 scheduled messages are waiting (the oldest 360 s late)",)
    assert health.as_json()["outbox_oldest_due_age_seconds"] == 360


async def test_a_long_backlog_being_worked_through_is_healthy(
    repo: SqlRepository, clock: FrozenClock
) -> None:
    await due(repo, "morning_nudge", NOW - timedelta(minutes=40))
    sent = await due(repo, "weekly_review", NOW - timedelta(minutes=41))
    await repo.record_delivery(sent, DeliveryStatus.SENT, NOW - timedelta(seconds=2))

    health = await HealthService(repo, clock).check(ticking(NOW))

    assert health.healthy
    assert health.as_json()["last_sent_age_seconds"] == 2


async def test_a_closed_database_is_unhealthy_and_named(
    repo: SqlRepository, clock: FrozenClock
) -> None:
    await repo.close()

    health = await HealthService(repo, clock).check(ticking(NOW))

    assert health.problems == ("the database is unreachable (StorageError)",)
    assert health.as_json()["database"] == "unreachable"
    assert health.as_json()["outbox_backlog"] is None
