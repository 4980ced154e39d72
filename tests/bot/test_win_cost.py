"""What one win costs the database, through the real Application on a goal with years of history.

A win is one unit of work: the user (read once per update), the goal with its checkpoint, its
targets and its last days, the entry and the moved checkpoint. At most six statements and one
write transaction, however old the goal; and the reply counts the whole history.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.coach.models import EntryStatus, GoalStatus, NewEntry
from bot.config import Settings
from bot.context import BotApplication
from fake_telegram import FakeTelegram, FakeUser
from storage.engine import QueryStats
from storage.open import open_sqlite
from storage.sql import SqlRepository
from tests.bot.test_arrival import with_daily_goal
from tests.support import FrozenClock, bot_running

TODAY = date(2026, 11, 22)  # the Sunday the bot tests start on (Berlin)
YEARS = 3


@pytest.fixture
def repository(tmp_path: Path) -> SqlRepository:
    return open_sqlite(tmp_path / "cost.db")


@pytest.fixture
async def app(
    fake: FakeTelegram, settings: Settings, clock: FrozenClock, repository: SqlRepository
) -> AsyncIterator[BotApplication]:
    async with bot_running(fake, settings, clock, repository, run_scheduler=False) as application:
        yield application
    await repository.close()


async def with_years_of_history(repository: SqlRepository, user: FakeUser) -> int:
    """Move the user's goal start back three years and fill them in (a miss every 10th day)."""
    await with_daily_goal(user)
    (goal,) = await repository.list_goals(user.info.id, [GoalStatus.ACTIVE])
    start = TODAY - timedelta(days=YEARS * 365)
    goal = await repository.save_goal(
        dataclasses.replace(goal, start_date=start, identity="a writer")
    )
    now = goal.updated_at
    day, kept = start, 0
    while day < TODAY:
        if (day - start).days % 10:
            await repository.append_entry(
                NewEntry(goal.goal_id, user.info.id, day, EntryStatus.DONE), now
            )
            kept += 1
        day += timedelta(days=1)
    return kept


def spent(before: QueryStats, after: QueryStats) -> tuple[int, int, int]:
    return (
        after.statements - before.statements,
        after.transactions - before.transactions,
        after.write_transactions - before.write_transactions,
    )


async def test_a_typed_win_and_a_button_win_each_cost_at_most_six_statements(
    fake: FakeTelegram, app: BotApplication, repository: SqlRepository, clock: FrozenClock
) -> None:
    ada = fake.user(1001, "Ada")
    kept = await with_years_of_history(repository, ada)
    await ada.send("/today")  # the first read after the goal changed folds the whole log once
    await ada.send("/today")

    before = dataclasses.replace(repository.stats)
    await ada.send("done")
    typed = spent(before, repository.stats)
    reply = ada.last_message.text

    clock.advance(days=1)
    await ada.send("/today")
    before = dataclasses.replace(repository.stats)
    await ada.press("✅ Done")
    pressed = spent(before, repository.stats)

    for statements, transactions, writes in (typed, pressed):
        assert statements <= 6
        assert writes == 1
        assert transactions <= 2  # the user's read, and the win
    # The reply counts all three years: the vote number is every kept day plus today.
    assert f"Vote {kept + 1} for “a writer”" in reply
