"""Helpers for the daily-loop tests: seeded goals, the local clock, and the stored log.

Goals are seeded through a second repository on the bot's own SQLite file (WAL lets both work
on it at once), the way /plan leaves them; everything else happens as a user would do it.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.coach.models import DailyEntry, Goal, GoalStatus, Measure, NewGoal, TargetLevel
from fake_telegram import MessageView
from storage.base import Repository
from tests.support import FrozenClock

BERLIN = ZoneInfo("Europe/Berlin")

# The conftest clock starts on Sunday 22 November 2026, 21:40 in Berlin.
TODAY = date(2026, 11, 22)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def at(clock: FrozenClock, day: date, hour: int, minute: int = 0) -> None:
    """Pin the clock to a Berlin wall-clock time."""
    clock.set(datetime.combine(day, time(hour, minute), BERLIN))


def local_now(clock: FrozenClock) -> datetime:
    """The pinned time in Berlin."""
    return clock().astimezone(BERLIN)


def next_day(clock: FrozenClock, hour: int = 20) -> date:
    """Move to the next Berlin day at ``hour``; returns that date."""
    day = local_now(clock).date() + timedelta(days=1)
    at(clock, day, hour)
    return day


async def add_novel(
    db: Repository,
    *,
    user_id: int = 1001,
    start: date = TODAY,
    now: datetime,
    identity: str | None = "I am a writer",
    vision: str = "Write a novel",
) -> Goal:
    """The numeric goal /plan makes from "40,000 words": 480 words a day, 50 at minimum."""
    goal = await db.create_goal(NewGoal(user_id, vision, GoalStatus.ACTIVE), now)
    return await db.save_goal(
        dataclasses.replace(
            goal,
            outcome="40,000 words of my first draft",
            outcome_measure=Measure(40_000, "words"),
            outcome_due=start + timedelta(weeks=12),
            monthly="13,300 words",
            monthly_measure=Measure(13_300, "words"),
            weekly="3,300 words",
            weekly_measure=Measure(3_300, "words"),
            daily="write 480 words",
            daily_measure=Measure(480, "words"),
            mva="write 50 words",
            mva_measure=Measure(50, "words"),
            identity=identity,
            start_date=start,
        )
    )


async def add_habit(
    db: Repository,
    vision: str,
    daily: str,
    measure: Measure | None,
    *,
    now: datetime,
    user_id: int = 1001,
    mva: str | None = None,
    mva_measure: Measure | None = None,
    start: date = TODAY,
) -> Goal:
    """A second, simpler active goal (a run, pushups, a walk)."""
    goal = await db.create_goal(NewGoal(user_id, vision, GoalStatus.ACTIVE), now)
    return await db.save_goal(
        dataclasses.replace(
            goal,
            daily=daily,
            daily_measure=measure,
            mva=mva,
            mva_measure=mva_measure,
            start_date=start,
        )
    )


async def entries_of(db: Repository, goal: Goal, *, undone: bool = False) -> list[DailyEntry]:
    """The goal's stored log, oldest first."""
    return await db.list_entries(goal.user_id, goal.goal_id, include_undone=undone)


async def levels_of(db: Repository, goal: Goal) -> list[TargetLevel]:
    """The goal's stored target levels (its daily size over time)."""
    return await db.list_target_levels(goal.user_id, goal.goal_id)


def day_data(goal: Goal, code: str, day: date) -> str:
    """Callback data of a Done ("d"), minimum ("m") or rest ("s") button for a date."""
    return f"w:{code}:{goal.goal_id}:{day:%Y%m%d}"


_CHAIN_CHARACTERS = frozenset("🟩🟧🟨🟦⬜▫⏸\ufe0f")


def chain_of(message: MessageView) -> str:
    """The chain line (one emoji square per day) of a message."""
    for line in message.text.splitlines():
        if line and set(line) <= _CHAIN_CHARACTERS:
            return line
    raise AssertionError(f"no chain in {message.text!r}")
