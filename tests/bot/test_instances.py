"""Several instances on one database: two real Applications at once.

On PostgreSQL behind a webhook each instance runs its own scheduler tick; a due user is claimed
by exactly one of them, so no one is planned twice, whichever instance gets there first. A second
instance that would poll Telegram for the same bot, or any second instance on SQLite, is refused
at start-up with what to change.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import asyncpg
import pytest

from bot.context import BotApplication
from bot.scheduler import sender as sender_module
from bot.scheduler.jobs import TICK_JOB
from bot.scheduler.sender import OutboxSender
from bot.web import StartupError
from fake_telegram import FakeTelegram
from storage.open import open_repository
from tests.bot.scheduling import MONDAY, TUESDAY, add_goal, enrol, local
from tests.databases import POSTGRES
from tests.support import FrozenClock, bot_on_webhook, bot_running, settings_for, webhook_settings

USERS = 400
BATCH = 50
"""Users per claim: several batches each, so that the two instances claim in turn."""
SENDERS_USERS = 30
TAKEOVER_USERS = 5


@pytest.fixture
async def database() -> str:
    """This run's PostgreSQL database, emptied; the instances open it themselves."""
    repository = await POSTGRES.fresh()
    await repository.close()
    return POSTGRES.url


def paused_tick(app: BotApplication) -> None:
    assert app.job_queue is not None
    [tick] = app.job_queue.get_jobs_by_name(TICK_JOB)
    tick.enabled = False


async def test_two_instances_ticking_at_once_plan_every_due_user_exactly_once(
    fake: FakeTelegram, clock: FrozenClock, database: str
) -> None:
    settings = webhook_settings(fake, database)
    async with (
        bot_on_webhook(fake, settings, clock) as (first, _),
        bot_on_webhook(fake, settings, clock) as (second, _),
    ):
        await enrol(fake, first.bot_data.services, 1, name="Ada")
        conn = await asyncpg.connect(database)
        try:  # everyone else as Ada set up: Berlin, a nudge at 7:30
            await conn.execute(
                "INSERT INTO users SELECT g, g, first_name, language_code, timezone, nudge_time,"
                " evening_enabled, evening_time, quiet_start, quiet_end, review_weekday,"
                " review_time, birthday, paused_until, status, dialog, next_due_at, last_seen_at,"
                " created_at, updated_at, fresh_start_on, fresh_start_prompted_on"
                " FROM users, generate_series(2, $1) AS g WHERE user_id = 1",
                USERS,
            )
            due_at = await conn.fetchval("SELECT next_due_at FROM users WHERE user_id = 1")
        finally:
            await conn.close()
        for app in (first, second):
            paused_tick(app)  # driven by hand below, on both instances at once

        clock.set(local(MONDAY, 7, 30))
        reports = await asyncio.gather(
            *(app.bot_data.services.scheduler.tick(batch=BATCH) for app in (first, second))
        )

        planned = [report.users for report in reports]
        conn = await asyncpg.connect(database)
        try:
            still_due = await conn.fetchval(
                "SELECT COUNT(*) FROM users WHERE next_due_at <= $1", due_at
            )
            mornings = await conn.fetchval(
                "SELECT COUNT(*) FROM outbox WHERE kind = 'morning_nudge'"
            )
        finally:
            await conn.close()

    assert sum(planned) == USERS  # nobody planned by both
    assert all(count > 0 for count in planned)  # both took a share
    assert still_due == 0
    assert mornings == USERS


async def test_a_second_polling_instance_on_one_postgresql_database_is_refused(
    fake: FakeTelegram, clock: FrozenClock, database: str, tmp_path: Path
) -> None:
    settings = settings_for(fake, tmp_path / "unused.db").model_copy(
        update={"database_url": database}
    )
    async with bot_running(fake, settings, clock):
        with pytest.raises(StartupError, match=r"^WEBHOOK_URL: another instance is already"):
            async with bot_running(fake, settings, clock):
                pass

    async with bot_running(fake, settings, clock) as restarted:  # the first one let go
        assert "Hi, Ada" in (await fake.user(1001, "Ada").send("/start")).text
        assert restarted.running


async def test_a_second_instance_on_one_sqlite_database_is_refused_even_behind_a_webhook(
    fake: FakeTelegram, clock: FrozenClock, tmp_path: Path
) -> None:
    polling = settings_for(fake, tmp_path / "bot.db")
    webhook = webhook_settings(fake, polling.database_url)
    async with bot_running(fake, polling, clock):
        with pytest.raises(StartupError, match=r"^DATABASE_URL: another instance of the bot"):
            async with bot_on_webhook(fake, webhook, clock):
                pass


async def test_two_instances_sending_at_once_deliver_each_nudge_exactly_once(
    fake: FakeTelegram, clock: FrozenClock, database: str
) -> None:
    settings = webhook_settings(fake, database)
    people = range(2001, 2001 + SENDERS_USERS)
    async with (
        bot_on_webhook(fake, settings, clock, run_scheduler=False) as (first, _),
        bot_on_webhook(fake, settings, clock, run_scheduler=False) as (second, _),
    ):
        db = await open_repository(database)
        try:
            for user_id in people:
                await enrol(fake, first.bot_data.services, user_id, name=f"P{user_id}")
                await add_goal(db, user_id, clock(), start=MONDAY)
        finally:
            await db.close()
        clock.set(local(MONDAY, 7, 30))
        await second.bot_data.services.scheduler.tick()

        async def send_everything(app: BotApplication) -> int:
            """The instance's sender, a few deliveries a pass until nothing is left."""
            services = app.bot_data.services
            sender = OutboxSender(services.deliveries, app.bot, clock, rate=1000)
            sent = 0
            while (report := await sender.drain(limit=3)).handled:
                sent += report.sent
            return sent

        shares = await asyncio.gather(send_everything(first), send_everything(second))

    assert sum(shares) == SENDERS_USERS
    assert all(share > 0 for share in shares)  # both instances sent
    for user_id in people:
        assert len(fake.calls_to("sendMessage", user_id)) == 1, user_id


async def test_one_instance_sends_and_another_takes_over_when_it_stops(
    fake: FakeTelegram, clock: FrozenClock, database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Telegram's rate limit is per bot: one instance sends the scheduled messages at a time,
    and when it goes away another one takes the role within seconds."""
    monkeypatch.setattr(sender_module, "LEAD_RETRY", 0.05)  # seconds in production
    settings = webhook_settings(fake, database).model_copy(update={"send_rate": 1000.0})
    people = range(3001, 3001 + TAKEOVER_USERS)
    stacks = [contextlib.AsyncExitStack(), contextlib.AsyncExitStack()]
    try:
        apps = [
            (await stack.enter_async_context(bot_on_webhook(fake, settings, clock)))[0]
            for stack in stacks
        ]
        for app in apps:
            paused_tick(app)
        db = await open_repository(database)
        try:
            for user_id in people:
                await enrol(fake, apps[0].bot_data.services, user_id, name=f"P{user_id}")
                await add_goal(db, user_id, clock(), start=MONDAY)
        finally:
            await db.close()

        clock.set(local(MONDAY, 7, 30))
        await apps[0].bot_data.services.scheduler.tick()
        await recorded(database, apps, TAKEOVER_USERS)
        monday = [sent_by(app) for app in apps]
        bot_id = apps[0].bot.id
        leads = [await app.bot_data.services.deliveries.lead(bot_id) for app in apps]
        leader = leads.index(True)
        standby = apps[1 - leader]

        await stacks[leader].aclose()  # the sending instance stops
        clock.set(local(TUESDAY, 7, 30))
        await standby.bot_data.services.scheduler.tick()
        await recorded(database, [standby], TAKEOVER_USERS)
        tuesday = sent_by(standby)
    finally:
        for stack in stacks:
            await stack.aclose()

    assert sorted(leads) == [False, True]  # one sender at a time
    assert monday[leader] == TAKEOVER_USERS  # the leading instance sent them all
    assert monday[1 - leader] == 0
    assert tuesday == TAKEOVER_USERS  # the other one took over
    for user_id in people:
        assert len(fake.calls_to("sendMessage", user_id)) == 2, user_id


def sent_by(app: BotApplication) -> float:
    """Scheduled messages this instance sent (its own metrics)."""
    return float(app.bot_data.monitor.metrics.sends.labels("sent")._value.get())


async def recorded(database: str, apps: list[BotApplication], expected: int) -> None:
    """Wait until these instances have sent and recorded ``expected`` messages between them."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10  # a sender looks at the outbox at least every second
    conn = await asyncpg.connect(database)
    try:
        while loop.time() < deadline:  # each check is a database round trip, not a sleep
            if sum(sent_by(app) for app in apps) >= expected:
                return
            await conn.fetchval("SELECT 1")
    finally:
        await conn.close()
    raise AssertionError(f"the instances did not send {expected} messages within 10 s")
