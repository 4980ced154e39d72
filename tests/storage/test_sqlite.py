"""What only the SQLite backend has: a file that outlives the process and other connections."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.coach.models import EntryStatus, MilestoneStep, NewDelivery, NewEntry, NewGoal, UserProfile
from storage.sqlite import SqliteRepository

T0 = datetime(2026, 11, 22, 15, 4, 5, 123456, tzinfo=UTC)
DAY = date(2026, 11, 22)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "bot.db"


@pytest.fixture
async def raw(db_path: Path) -> AsyncIterator[sqlite3.Connection]:
    """A second, plain connection to the same file (after the repository has created it)."""
    repo = await SqliteRepository.open(db_path)
    await repo.close()
    with closing(sqlite3.connect(db_path, isolation_level=None)) as conn:
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("PRAGMA foreign_keys = ON")
        yield conn


async def test_open_in_memory() -> None:
    repo = await SqliteRepository.open(":memory:")
    user, created = await repo.upsert_user(UserProfile(1, 10), T0)
    assert created
    assert await repo.get_user(1) == user
    await repo.close()


async def test_restart_loses_nothing(db_path: Path) -> None:
    first = await SqliteRepository.open(db_path)
    await first.upsert_user(UserProfile(1, 10, "Ann"), T0)
    goal = await first.create_goal(NewGoal(1, "Write"), T0)
    entry = await first.append_entry(NewEntry(goal.goal_id, 1, DAY, EntryStatus.DONE), T0)
    delivery = await first.enqueue_delivery(NewDelivery(1, "morning_nudge", DAY, T0), T0)

    # A second repository on the same file sees committed data while the first is still open.
    second = await SqliteRepository.open(db_path)
    assert await second.get_goal(1, goal.goal_id) == goal
    await first.close()
    await second.close()

    again = await SqliteRepository.open(db_path)
    assert await again.list_entries(1, goal.goal_id) == [entry]
    assert delivery is not None
    assert await again.get_delivery(delivery.delivery_id) == delivery
    # The outbox key survives the restart too: a catch-up tick cannot send twice.
    assert await again.enqueue_delivery(NewDelivery(1, "morning_nudge", DAY, T0), T0) is None
    await again.close()


async def test_two_repositories_writing_at_once_both_succeed(db_path: Path) -> None:
    # Two connections (think: two processes) contend for the write lock. BEGIN IMMEDIATE plus
    # busy_timeout makes the loser wait instead of failing with "database is locked".
    a = await SqliteRepository.open(db_path)
    b = await SqliteRepository.open(db_path)
    await a.upsert_user(UserProfile(1, 10), T0)
    goal = await a.create_goal(NewGoal(1, "Write"), T0)
    days = [DAY + timedelta(days=i) for i in range(60)]

    await asyncio.gather(
        *(
            (a if i % 2 else b).append_entry(NewEntry(goal.goal_id, 1, d, EntryStatus.DONE), T0)
            for i, d in enumerate(days)
        ),
        *(b.create_goal(NewGoal(1, f"g{i}"), T0) for i in range(10)),
        *(a.create_goal(NewGoal(1, f"h{i}"), T0) for i in range(10)),
    )

    assert [e.local_date for e in await b.list_entries(1, goal.goal_id)] == days
    assert sorted(g.priority for g in await a.list_goals(1)) == list(range(1, 22))
    await a.close()
    await b.close()


async def test_pragmas_that_live_in_the_file(db_path: Path, raw: sqlite3.Connection) -> None:
    rows = raw.execute("PRAGMA journal_mode").fetchall()
    assert rows[0][0] == "wal"


async def test_timestamps_are_fixed_width_utc_text(db_path: Path, raw: sqlite3.Connection) -> None:
    repo = await SqliteRepository.open(db_path)
    await repo.upsert_user(UserProfile(1, 10), T0)
    await repo.upsert_user(UserProfile(2, 20), datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    await repo.close()

    rows = raw.execute("SELECT created_at FROM users ORDER BY user_id").fetchall()

    assert [r[0] for r in rows] == ["2026-11-22T15:04:05.123456Z", "2026-01-02T03:04:05.000000Z"]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", r[0]) for r in rows)


async def test_milestone_steps_are_loaded_in_order_and_deleted_with_the_milestone(
    db_path: Path, raw: sqlite3.Connection
) -> None:
    # The contract has no method to add steps yet; the schema has the table, so fill it by hand.
    repo = await SqliteRepository.open(db_path)
    await repo.upsert_user(UserProfile(1, 10), T0)
    goal = await repo.create_goal(NewGoal(1, "Write"), T0)
    milestone = await repo.add_milestone(1, goal.goal_id, "Outline", None, T0)
    other = await repo.add_milestone(1, goal.goal_id, "Draft", None, T0)
    raw.executemany(
        "INSERT INTO milestone_steps (milestone_id, title, position, done_at) VALUES (?, ?, ?, ?)",
        [
            (milestone.milestone_id, "second", 2, None),
            (milestone.milestone_id, "first", 1, "2026-11-22T15:04:05.123456Z"),
        ],
    )

    listed = await repo.list_milestones(1, goal.goal_id)
    done = await repo.set_milestone_done(1, milestone.milestone_id, T0)
    await repo.delete_milestone(1, milestone.milestone_id)
    await repo.close()

    assert [s.title for s in listed[0].steps] == ["first", "second"]
    assert listed[0].steps[0] == MilestoneStep(
        step_id=listed[0].steps[0].step_id,
        milestone_id=milestone.milestone_id,
        title="first",
        position=1,
        done_at=T0,
    )
    assert listed[1] == other
    assert done.steps == listed[0].steps
    rows = raw.execute("SELECT COUNT(*) FROM milestone_steps").fetchall()
    assert rows[0][0] == 0


async def test_due_users_and_pending_deliveries_use_their_partial_indexes(
    raw: sqlite3.Connection,
) -> None:
    # The same WHERE clauses as the repository: the literal status is what lets SQLite pick the
    # partial index, and a scan of all users or all deliveries would not survive 100k users.
    plans = {
        "users_due_idx": "SELECT * FROM users WHERE status = 'active' AND next_due_at IS NOT NULL"
        " AND next_due_at <= ? ORDER BY next_due_at, user_id LIMIT ?",
        "outbox_pending_due_idx": "SELECT * FROM outbox WHERE status = 'pending' AND due_at <= ?"
        " AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
        " ORDER BY due_at, delivery_id LIMIT ?",
    }
    for index, sql in plans.items():
        params = ("x",) * sql.count("?")
        plan = " ".join(
            str(r[3]) for r in raw.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
        )
        assert index in plan, plan
