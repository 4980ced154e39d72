"""Fixtures: a pinned clock, the fake Telegram, the real bot polling it, and Ada set up.

A module whose tests drive the scheduler themselves is marked ``scheduler_by_hand``: its bot
runs without the tick job and the sender, and ``step`` moves the clock and runs them.
"""

from __future__ import annotations

import asyncio
import functools
import shutil
import ssl
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import Settings
from bot.context import BotApplication
from fake_telegram import FakeTelegram, FakeUser
from storage.base import Repository
from storage.open import open_repository
from tests.bot.journeys import set_up
from tests.bot.scheduling import Step
from tests.support import FrozenClock, bot_running, settings_for

# A Sunday evening in UTC: 21:40 in Berlin (winter time), 15:40 in New York.
START = datetime(2026, 11, 22, 20, 40, tzinfo=UTC)
BY_HAND = "scheduler_by_hand"
HTTP = "real_http"


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture
async def fake(clock: FrozenClock) -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(clock=clock) as server:
        yield server


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with every migration applied, made once per test process.

    Each test starts the bot on a copy: the same schema a first start makes, without running
    every migration again for every test (``tests/storage`` tests the migrations themselves).
    """
    path = tmp_path_factory.mktemp("migrated") / "bot.db"

    async def migrate() -> None:
        repository = await open_repository(f"sqlite:///{path}")
        await repository.close()

    asyncio.run(migrate())
    return path


@pytest.fixture
def settings(fake: FakeTelegram, tmp_path: Path, migrated_database: Path) -> Settings:
    database = tmp_path / "bot.db"
    shutil.copyfile(migrated_database, database)
    return settings_for(fake, database)


@pytest.fixture
async def bot(
    fake: FakeTelegram, settings: Settings, clock: FrozenClock, request: pytest.FixtureRequest
) -> AsyncIterator[BotApplication]:
    by_hand = request.node.get_closest_marker(BY_HAND) is not None
    http = request.node.get_closest_marker(HTTP) is not None
    async with bot_running(
        fake, settings, clock, run_scheduler=not by_hand, http=http
    ) as application:
        yield application


@pytest.fixture
def step(bot: BotApplication, clock: FrozenClock, request: pytest.FixtureRequest) -> Step:
    """Runs the scheduler by hand: a tick, then a drain (see ``tests/bot/scheduling.py``)."""
    if request.node.get_closest_marker(BY_HAND) is None:
        raise pytest.UsageError(f"`step` needs the {BY_HAND} mark: the bot runs its own scheduler")
    return Step.of(bot, clock)


@pytest.fixture
async def db(settings: Settings, bot: BotApplication) -> AsyncIterator[Repository]:
    """A second repository on the bot's database file, to seed and to read what it stored."""
    repository = await open_repository(settings.database_url)
    yield repository
    await repository.close()


@pytest.fixture
async def ada(fake: FakeTelegram, bot: BotApplication) -> FakeUser:
    """Ada, user 1001, through /start: her zone is Berlin and her nudge at 7:30."""
    user = fake.user(1001, "Ada")
    await set_up(user)
    return user


@pytest.fixture(scope="session", autouse=True)
def _one_tls_context() -> Iterator[None]:
    """Build the CA bundle once: every Application creates two HTTP clients that load it.

    The bot only talks to the fake over plain HTTP on 127.0.0.1, so sharing one default
    context changes nothing but the time each test spends starting the bot.
    """
    original = ssl.create_default_context
    ssl.create_default_context = functools.cache(original)  # type: ignore[assignment]
    yield
    ssl.create_default_context = original
