"""Who the user is: loaded once per update, written only when something about them changed.

Through the real Application and the fake Telegram, on a real SQLite repository whose
statement and transaction counters show what each update cost.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import pytest

from bot.coach.models import User, UserProfile, UserStatus
from bot.config import Settings
from bot.context import BotApplication
from bot.scheduler.jobs import LAST_SEEN_JOB
from fake_telegram import FakeTelegram, FakeUser
from storage.base import StorageError
from storage.open import open_sqlite
from storage.sql import SqlRepository
from tests.bot.journeys import set_up
from tests.support import FrozenClock, bot_running


class CountingRepository(SqlRepository):
    """The SQLite repository, counting the calls that refresh a user's whole profile."""

    def __init__(self, inner: SqlRepository) -> None:
        super().__init__(inner.engine)
        self.upserts = 0
        self.touch_fails = False

    async def upsert_user(self, profile: UserProfile, now: datetime) -> tuple[User, bool]:
        self.upserts += 1
        return await super().upsert_user(profile, now)

    async def touch_users(self, seen: Mapping[int, datetime]) -> None:
        if self.touch_fails:
            raise StorageError("touch_users: database is locked")
        await super().touch_users(seen)


@dataclass(frozen=True)
class Cost:
    """What one update sent to the database."""

    statements: int
    transactions: int
    write_transactions: int
    upserts: int


@pytest.fixture
def repository(tmp_path: Path) -> CountingRepository:
    return CountingRepository(open_sqlite(tmp_path / "arrival.db"))


@asynccontextmanager
async def running(
    fake: FakeTelegram, settings: Settings, clock: FrozenClock, repository: CountingRepository
) -> AsyncIterator[BotApplication]:
    async with bot_running(fake, settings, clock, repository, run_scheduler=False) as app:
        yield app


@pytest.fixture
async def app(
    fake: FakeTelegram, settings: Settings, clock: FrozenClock, repository: CountingRepository
) -> AsyncIterator[BotApplication]:
    async with running(fake, settings, clock, repository) as application:
        yield application
    await repository.close()


async def cost_of(repository: CountingRepository, user: FakeUser, text: str) -> Cost:
    before = replace(repository.stats)
    upserts = repository.upserts
    await user.send(text)
    after = repository.stats
    return Cost(
        statements=after.statements - before.statements,
        transactions=after.transactions - before.transactions,
        write_transactions=after.write_transactions - before.write_transactions,
        upserts=repository.upserts - upserts,
    )


async def with_daily_goal(user: FakeUser) -> None:
    await set_up(user)
    await user.send("/plan")
    await user.send("write a novel")
    await user.send("40,000 words of my first draft")
    for label in (
        "👍 13,300 words",
        "👍 3,300 words",
        "👍 write 480 words",
        "👍 write 50 words",
        "Skip",
    ):
        await user.press(label)
    await user.press("Today · Sun 22 Nov")
    await user.press("✅ Looks good — let's go")


async def stored(repository: SqlRepository, user_id: int) -> User:
    user = await repository.get_user(user_id)
    assert user is not None
    return user


async def test_a_repeat_done_from_a_known_user_writes_no_profile(
    fake: FakeTelegram, app: BotApplication, repository: CountingRepository, clock: FrozenClock
) -> None:
    ada = fake.user(1001, "Ada")
    await with_daily_goal(ada)
    await ada.send("done")
    clock.advance(minutes=5)

    cost = await cost_of(repository, ada, "done")

    assert "Already counted" in ada.last_message.text
    # Measured: 6 statements, 2 write transactions with the profile upserted on every update;
    # now 4 statements, one read of the user and the log's own write.
    assert cost.upserts == 0
    assert cost.write_transactions <= 1


async def test_a_changed_first_name_or_language_is_stored(
    fake: FakeTelegram, app: BotApplication, repository: CountingRepository
) -> None:
    ada = fake.user(1001, "Ada", language_code="en")
    await set_up(ada)

    # Renamed in Telegram's settings, and the app switched to German.
    ada.info.first_name, ada.info.language_code = "Ada L.", "de"
    cost = await cost_of(repository, ada, "/help")

    assert cost.upserts == 1
    user = await stored(repository, 1001)
    assert (user.first_name, user.language_code) == ("Ada L.", "de")


async def test_a_blocked_user_who_writes_again_is_active_again(
    fake: FakeTelegram, app: BotApplication, repository: CountingRepository, clock: FrozenClock
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await repository.set_user_status(1001, UserStatus.BLOCKED, clock())

    await ada.send("/today")

    assert (await stored(repository, 1001)).status is UserStatus.ACTIVE


async def test_last_seen_is_buffered_then_flushed_by_the_job(
    fake: FakeTelegram, app: BotApplication, repository: CountingRepository, clock: FrozenClock
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    first_seen = (await stored(repository, 1001)).last_seen_at
    clock.advance(minutes=10)

    await ada.send("/today")
    assert (await stored(repository, 1001)).last_seen_at == first_seen  # not written yet

    assert app.job_queue is not None
    [job] = app.job_queue.get_jobs_by_name(LAST_SEEN_JOB)
    await job.run(app)

    assert (await stored(repository, 1001)).last_seen_at == clock()


async def test_a_failed_flush_keeps_the_times_for_the_next_one(
    fake: FakeTelegram, app: BotApplication, repository: CountingRepository, clock: FrozenClock
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    clock.advance(minutes=10)
    await ada.send("/today")
    accounts = app.bot_data.services.accounts

    repository.touch_fails = True
    with pytest.raises(StorageError):
        await accounts.flush_seen()
    repository.touch_fails = False

    assert await accounts.flush_seen() == 1
    assert (await stored(repository, 1001)).last_seen_at == clock()


async def test_last_seen_is_flushed_at_shutdown(
    fake: FakeTelegram,
    settings: Settings,
    clock: FrozenClock,
    repository: CountingRepository,
) -> None:
    ada = fake.user(1001, "Ada")
    async with running(fake, settings, clock, repository):
        await set_up(ada)
        clock.advance(minutes=10)
        await ada.send("/today")
        assert (await stored(repository, 1001)).last_seen_at != clock()

    assert (await stored(repository, 1001)).last_seen_at == clock()
    await repository.close()


async def test_a_user_silent_for_days_is_seen_at_once(
    fake: FakeTelegram, app: BotApplication, repository: CountingRepository, clock: FrozenClock
) -> None:
    """The silence rules count a user who just wrote as seen, before the flush and its write."""
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    clock.advance(days=9)
    deliveries = app.bot_data.services.deliveries
    today = app.bot_data.services.habits.day(await stored(repository, 1001))
    assert deliveries.silent_days(await stored(repository, 1001), today) == 9

    cost = await cost_of(repository, ada, "/today")

    assert cost.write_transactions == 0
    assert deliveries.silent_days(await stored(repository, 1001), today) == 0


async def test_a_command_still_closes_an_open_question(
    fake: FakeTelegram, app: BotApplication, repository: CountingRepository
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await ada.send("/settings")
    await ada.press("🎂 Birthday")
    assert (await stored(repository, 1001)).dialog is not None

    await ada.send("/today")

    assert (await stored(repository, 1001)).dialog is None
