"""Fixtures: a pinned clock, the fake Telegram, and the real bot polling it."""

from __future__ import annotations

import functools
import ssl
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import Settings
from bot.context import BotApplication
from fake_telegram import FakeTelegram
from tests.support import FrozenClock, bot_running, settings_for

# A Sunday evening in UTC: 21:40 in Berlin (winter time), 15:40 in New York.
START = datetime(2026, 11, 22, 20, 40, tzinfo=UTC)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture
async def fake(clock: FrozenClock) -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(clock=clock) as server:
        yield server


@pytest.fixture
def settings(fake: FakeTelegram, tmp_path: Path) -> Settings:
    return settings_for(fake, tmp_path / "bot.db")


@pytest.fixture
async def bot(
    fake: FakeTelegram, settings: Settings, clock: FrozenClock
) -> AsyncIterator[BotApplication]:
    async with bot_running(fake, settings, clock) as application:
        yield application


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
