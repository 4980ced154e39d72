"""Helpers for the scheduler tests: local times, seeded users and goals, one scheduler step.

The bot runs without its own tick job and sender (``run_scheduler=False``); a test moves the
pinned clock and calls :meth:`Step.run` (a tick, then a drain) to do what the jobs would do at
that moment. Users are enrolled through the bot's own services (as /start leaves them) and goals
are seeded through a second repository on the bot's database file (as /plan leaves them).
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.coach.models import (
    Delivery,
    EntryStatus,
    Goal,
    GoalStatus,
    Measure,
    NewEntry,
    NewGoal,
    User,
    UserProfile,
)
from bot.config import Settings
from bot.context import BotApplication
from bot.scheduler.sender import DrainReport, OutboxSender
from bot.services.container import Services
from fake_telegram import FakeTelegram, FakeUser
from storage.base import Repository
from storage.open import open_repository
from tests.support import FrozenClock, bot_running

BERLIN = ZoneInfo("Europe/Berlin")

# The conftest clock: Sunday 22 November 2026, 21:40 in Berlin.
SUNDAY = date(2026, 11, 22)
MONDAY = SUNDAY + timedelta(days=1)
TUESDAY = SUNDAY + timedelta(days=2)
WEDNESDAY = SUNDAY + timedelta(days=3)
THURSDAY = SUNDAY + timedelta(days=4)

ONE_MINUTE = timedelta(minutes=1)
MORNING = "morning_nudge"
EVENING = "evening_reminder"
FRESH_START = "✨ Today is a fresh start"  # the line a landmark morning opens with


def local(day: date, hour: int, minute: int = 0, zone: ZoneInfo = BERLIN) -> datetime:
    """A local wall-clock time as an aware UTC instant (first occurrence at a fall-back)."""
    return datetime.combine(day, time(hour, minute), zone).astimezone(UTC)


@dataclass
class Step:
    """Runs the scheduler by hand: a tick, then a drain of the outbox."""

    app: BotApplication
    clock: FrozenClock
    sender: OutboxSender

    @classmethod
    def of(cls, app: BotApplication, clock: FrozenClock) -> Step:
        """A step driver for a running bot, with a sender fast enough never to wait."""
        services = app.bot_data.services
        metrics = app.bot_data.monitor.metrics
        sender = OutboxSender(services.deliveries, app.bot, clock, rate=1000, metrics=metrics)
        return cls(app, clock, sender)

    @property
    def services(self) -> Services:
        """The bot's services."""
        return self.app.bot_data.services

    async def run(self, limit: int = 500) -> DrainReport:
        """What the jobs do at the clock's moment: tick, then send what is due."""
        await self.services.scheduler.tick()
        return await self.sender.drain(limit)

    async def at(self, moment: datetime, limit: int = 500) -> DrainReport:
        """Move the clock to ``moment``, then :meth:`run`."""
        self.clock.set(moment)
        return await self.run(limit)


@asynccontextmanager
async def driven_bot(
    fake: FakeTelegram, settings: Settings, clock: FrozenClock
) -> AsyncIterator[tuple[Step, Repository]]:
    """The bot without its scheduler jobs, a step driver, and a second repository on its file."""
    async with bot_running(fake, settings, clock, run_scheduler=False) as app:
        db = await open_repository(settings.database_url)
        try:
            yield Step.of(app, clock), db
        finally:
            await db.close()


async def enrol(
    fake: FakeTelegram,
    services: Services,
    user_id: int,
    *,
    name: str = "Ada",
    zone: str = "Europe/Berlin",
    nudge: time = time(7, 30),
) -> FakeUser:
    """A set-up user (zone and nudge time chosen, scheduled) whose chat with the bot is open."""
    user = fake.user(user_id, name, started=True)
    await services.accounts.start(UserProfile(user_id, user_id, name, "en"))
    await services.accounts.choose_timezone(user_id, zone)
    await services.accounts.choose_nudge_time(user_id, nudge)
    return user


async def add_goal(
    db: Repository,
    user_id: int,
    now: datetime,
    *,
    start: date = SUNDAY,
    vision: str = "Write a novel",
) -> Goal:
    """An active habit as /plan leaves it: 480 words a day, 50 at minimum, started ``start``."""
    goal = await db.create_goal(NewGoal(user_id, vision, GoalStatus.ACTIVE), now)
    return await db.save_goal(
        dataclasses.replace(
            goal,
            outcome="40,000 words of my first draft",
            outcome_measure=Measure(40_000, "words"),
            outcome_due=start + timedelta(weeks=12),
            daily="write 480 words",
            daily_measure=Measure(480, "words"),
            mva="write 50 words",
            mva_measure=Measure(50, "words"),
            start_date=start,
        )
    )


async def keep(db: Repository, goal: Goal, *days: date, now: datetime) -> None:
    """Log the goal as done on each day (as the Done button would)."""
    for day in days:
        await db.append_entry(NewEntry(goal.goal_id, goal.user_id, day, EntryStatus.DONE), now)


async def seen(services: Services, user: FakeUser) -> None:
    """The user wrote to the bot (their silence ends), without anything else happening."""
    await services.accounts.seen(UserProfile(user.id, user.id, user.first_name, "en"))


async def stored(db: Repository, user_id: int) -> User:
    """The user as stored; fails the test if missing."""
    user = await db.get_user(user_id)
    assert user is not None, f"user {user_id} is not stored"
    return user


async def outbox(db: Repository, *, gap: int = 20) -> list[Delivery]:
    """Every outbox row, oldest first (ids count up from 1; a run of ``gap`` misses ends it)."""
    found: list[Delivery] = []
    delivery_id = misses = 0
    while misses < gap:
        delivery_id += 1
        delivery = await db.get_delivery(delivery_id)
        if delivery is None:
            misses += 1
        else:
            found.append(delivery)
            misses = 0
    return found


async def deliveries_of(db: Repository, user_id: int) -> list[Delivery]:
    """Every outbox row of one user, oldest first."""
    return [row for row in await outbox(db) if row.user_id == user_id]


def of_kind(rows: list[Delivery], kind: str) -> list[Delivery]:
    """The rows of one kind."""
    return [row for row in rows if row.kind == kind]
