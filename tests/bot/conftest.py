"""Fixtures: a pinned clock, the fake Telegram, and the real bot polling it."""

from __future__ import annotations

from collections.abc import AsyncIterator
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
