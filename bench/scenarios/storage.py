"""storage: repository operation rates on a realistic SQLite database.

The database (10,000 users, one active goal each, 365 daily entries per goal) is built in bulk
(see ``bench.population``) and then driven only through the ``Repository`` contract, one call
at a time, the way the bot's handlers call it. Each operation is timed call by call.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import time, timedelta

from bench.bots import PINNED_NOW
from bench.population import DAILY_TARGET, DAILY_UNIT, PopulationSpec, build_population
from bench.report import Report, fmt_bytes, fmt_count, fmt_ms, fmt_rate, fmt_s
from bench.scenario import RunContext, Scenario
from bench.system import filesystem_of
from bench.timing import Summary, time_each_async
from bot.coach.models import EntryStatus, Measure, NewDelivery, NewEntry, User, UserProfile
from storage.base import Repository
from storage.sqlite import SqliteRepository

SEED = 20261122  # fixed, so every run touches the same users in the same order


@dataclass(frozen=True)
class StorageSizes:
    """How big the database is and how many calls each operation gets.

    Attributes:
        users: Users in the database, one active goal each.
        days: Daily entries per goal (a year: 365).
        calls: Timed calls per operation.
        year_reads: Timed ``list_entries`` calls (each returns ``days`` rows).
        pending_limit: The batch size asked of ``pending_deliveries``.
    """

    users: int
    days: int
    calls: int
    year_reads: int
    pending_limit: int = 100


FULL = StorageSizes(users=10_000, days=365, calls=2_000, year_reads=500)
QUICK = StorageSizes(users=500, days=90, calls=200, year_reads=50)


class StorageCheckError(AssertionError):
    """An operation returned something other than expected: its timing would be meaningless."""


def _check(condition: bool, what: str) -> None:
    if not condition:
        raise StorageCheckError(what)


@dataclass(frozen=True)
class Operation:
    """One measured repository operation."""

    name: str
    detail: str
    calls: int
    call: Callable[[int], Awaitable[object]]


async def _operations(
    repository: Repository,
    sizes: StorageSizes,
    spec: PopulationSpec,
    goals: tuple[tuple[int, int], ...],
) -> list[Operation]:
    rng = random.Random(SEED)
    now = PINNED_NOW
    today = spec.last_day + timedelta(days=1)
    user_ids = list(spec.user_ids)
    picks = [rng.choice(user_ids) for _ in range(sizes.calls)]
    goal_picks = [rng.choice(goals) for _ in range(max(sizes.calls, sizes.year_reads))]
    newcomers = range(spec.user_ids[-1] + 1, spec.user_ids[-1] + 1 + sizes.calls)

    async def get_user(i: int) -> None:
        _check(await repository.get_user(picks[i]) is not None, "get_user found nobody")

    async def upsert_known(i: int) -> None:
        profile = UserProfile(picks[i], picks[i], f"User {i}", "en")
        _, created = await repository.upsert_user(profile, now)
        _check(not created, "upsert_user created a user that exists")

    async def upsert_new(i: int) -> None:
        profile = UserProfile(newcomers[i], newcomers[i], "Newcomer", "en")
        _, created = await repository.upsert_user(profile, now)
        _check(created, "upsert_user did not create a new user")

    # save_user takes a whole User: load them first, untimed.
    loaded: list[User] = []
    for user_id in picks:
        user = await repository.get_user(user_id)
        _check(user is not None, "user to save is missing")
        assert user is not None
        loaded.append(user)

    async def save_user(i: int) -> None:
        changed = replace(loaded[i], nudge_time=time(8, i % 60), updated_at=now)
        await repository.save_user(changed)

    async def append_entry(i: int) -> None:
        user_id, goal_id = goal_picks[i]
        entry = NewEntry(
            goal_id,
            user_id,
            today,
            EntryStatus.DONE,
            quantity=DAILY_TARGET,
            target=Measure(DAILY_TARGET, DAILY_UNIT),
        )
        await repository.append_entry(entry, now)

    async def list_year(i: int) -> None:
        user_id, goal_id = goal_picks[i]
        rows = await repository.list_entries(user_id, goal_id, spec.first_day, spec.last_day)
        _check(len(rows) == spec.days, f"list_entries returned {len(rows)} rows")

    async def enqueue(i: int) -> None:
        user_id = user_ids[i % len(user_ids)]
        delivery = NewDelivery(
            user_id=user_id,
            kind="morning_nudge",
            local_date=today + timedelta(days=i // len(user_ids)),
            due_at=now - timedelta(seconds=sizes.calls - i),
            expires_at=now + timedelta(hours=2),
            payload={"goal": i},
        )
        _check(await repository.enqueue_delivery(delivery, now) is not None, "key was taken")

    async def pending(_i: int) -> None:
        batch = await repository.pending_deliveries(now, sizes.pending_limit)
        _check(len(batch) == min(sizes.pending_limit, sizes.calls), "wrong pending batch")

    return [
        Operation("get_user", "random user", sizes.calls, get_user),
        Operation("upsert_user", "known user (every update does this)", sizes.calls, upsert_known),
        Operation("upsert_user", "new user", sizes.calls, upsert_new),
        Operation("save_user", "settings change", sizes.calls, save_user),
        Operation("append_entry", "a win on a random goal", sizes.calls, append_entry),
        Operation(
            "list_entries",
            f"a goal's whole history: {spec.days} rows",
            sizes.year_reads,
            list_year,
        ),
        Operation("enqueue_delivery", "new (user, kind, date) key", sizes.calls, enqueue),
        Operation(
            "pending_deliveries",
            f"limit {sizes.pending_limit}, {fmt_count(sizes.calls)} pending",
            sizes.calls,
            pending,
        ),
    ]


async def run(sizes: StorageSizes, context: RunContext) -> Report:
    """Build the database, then time each operation."""
    spec = PopulationSpec(users=sizes.users, days=sizes.days)
    context.progress(f"building {fmt_count(sizes.users)} users x {sizes.days} days")
    population = await build_population(context.workdir / "storage.db", spec)
    report = Report("storage", "SqliteRepository operation rates on a populated database")
    built = report.table("Database", "users", "goals", "entries", "build s", "verify s", "size")
    built.add(
        fmt_count(spec.users),
        fmt_count(len(population.goals)),
        fmt_count(population.entries),
        fmt_s(population.build_seconds),
        fmt_s(population.verify_seconds),
        fmt_bytes(population.size_bytes),
    )

    repository: Repository = await SqliteRepository.open(population.path)
    try:
        table = report.table(
            "Operations (one call at a time)",
            "operation",
            "what",
            "calls",
            "ops/s",
            "p50 ms",
            "p95 ms",
        )
        for operation in await _operations(repository, sizes, spec, population.goals):
            context.progress(f"{operation.name}: {operation.detail}")
            summary: Summary = await time_each_async(operation.call, operation.calls)
            table.add(
                operation.name,
                operation.detail,
                fmt_count(summary.count),
                fmt_rate(summary.rate),
                fmt_ms(summary.p50),
                fmt_ms(summary.p95),
            )
    finally:
        await repository.close()
    report.notes += [
        "Built by bench.population: schema from the real migrations, rows by INSERT ... SELECT "
        "inside SQLite, read back through the repository before timing.",
        "One SqliteRepository (one aiosqlite connection, one lock), WAL, synchronous=NORMAL; "
        "each call is its own transaction (BEGIN IMMEDIATE for writes).",
        f"The file is in a temporary folder on {filesystem_of(context.workdir)}; the OS page "
        "cache is warm from the build.",
    ]
    return report


SCENARIO: Scenario[StorageSizes] = Scenario(
    name="storage",
    summary="repository operation rates on SQLite with 10,000 users x a year of entries",
    full=FULL,
    quick=QUICK,
    run=run,
)

__all__ = ["FULL", "QUICK", "SCENARIO", "StorageSizes"]
