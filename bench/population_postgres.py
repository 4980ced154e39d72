"""The populated database on PostgreSQL: created, filled with COPY, analysed, dropped.

The same rows as ``bench.population`` builds in SQLite (see its docstring for what keeps them
honest), loaded with asyncpg's ``copy_records_to_table``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from bench.population import (
    DAILY_UNIT,
    GOAL_TEXTS,
    MVA,
    STATE_COLUMNS,
    STATUS_PERIOD,
    Population,
    PopulationSpec,
    checkpoint_rows,
    created_text,
    entry_status,
    last_seen_text,
    quantity_of,
    recorded_text,
    stamp,
    verify_population,
)
from bot.coach.models import EntryStatus, GoalStatus
from storage.open import open_repository

_DATABASE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
MAINTENANCE_DATABASE = "postgres"
"""Where ``CREATE DATABASE`` and ``DROP DATABASE`` are sent from (it always exists)."""


def database_name(url: str) -> str:
    """The database a ``postgresql://`` URL names (letters, digits and ``_`` only)."""
    name = urlsplit(url).path.strip("/")
    if not _DATABASE_NAME.match(name):
        raise ValueError(f"{url!r}: the benchmark creates databases named [A-Za-z0-9_]+ only")
    return name


def maintenance_url(url: str) -> str:
    """The same server and user, connected to :data:`MAINTENANCE_DATABASE`."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{MAINTENANCE_DATABASE}"))


CONNECT_TIMEOUT = 5.0
"""Seconds to wait for the PostgreSQL server before it counts as unreachable."""


async def postgres_unreachable(url: str) -> str | None:
    """Why the server of ``url`` cannot be used, or ``None`` when it answers."""
    try:
        conn = await asyncpg.connect(maintenance_url(url), timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
        return f"{type(error).__name__}: {error}"
    await conn.close()
    return None


async def postgres_version(url: str) -> str:
    """The server's version string (``SHOW server_version``)."""
    conn = await asyncpg.connect(maintenance_url(url))
    try:
        return str(await conn.fetchval("SHOW server_version"))
    finally:
        await conn.close()


async def create_database(url: str) -> None:
    """Create the (empty) database ``url`` names.

    Raises:
        FileExistsError: It exists already (a benchmark never reuses a database by accident).
    """
    name = database_name(url)
    conn = await asyncpg.connect(maintenance_url(url))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    except asyncpg.DuplicateDatabaseError as error:
        raise FileExistsError(f"database {name} exists already") from error
    finally:
        await conn.close()


async def drop_database(url: str) -> None:
    """Drop the database ``url`` names, closing whatever is still connected to it."""
    name = database_name(url)
    conn = await asyncpg.connect(maintenance_url(url))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def _user_records(spec: PopulationSpec) -> Iterator[tuple[object, ...]]:
    created, last_seen = created_text(spec), last_seen_text(spec)
    due = None if spec.next_due_at is None else stamp(spec.next_due_at)
    for i in range(spec.users):
        zone = spec.zones[i % len(spec.zones)]
        nudge = spec.nudge_time(zone) or f"{6 + (i % 16) // 4:02d}:{(i % 4) * 15:02d}"
        user_id = spec.first_user_id + i
        yield (
            user_id,
            user_id,
            f"User {i}",
            "en",
            zone,
            nudge,
            int(i % 3 != 0),
            "active",
            due,
            last_seen,
            created,
            created,
        )


USER_COLUMNS = (
    "user_id",
    "chat_id",
    "first_name",
    "language_code",
    "timezone",
    "nudge_time",
    "evening_enabled",
    "status",
    "next_due_at",
    "last_seen_at",
    "created_at",
    "updated_at",
)
_GOAL_COLUMNS = (
    "user_id",
    "status",
    "priority",
    "vision",
    "outcome",
    "daily",
    "daily_quantity",
    "daily_unit",
    "mva",
    "mva_quantity",
    "mva_unit",
    "start_date",
    "created_at",
    "updated_at",
)
_ENTRY_COLUMNS = (
    "goal_id",
    "user_id",
    "local_date",
    "status",
    "quantity",
    "target_quantity",
    "target_unit",
    "recorded_at",
)


def _goal_records(spec: PopulationSpec) -> Iterator[tuple[object, ...]]:
    created = created_text(spec)
    for user_id in spec.user_ids:
        for priority in range(1, spec.goals_per_user + 1):
            yield (
                user_id,
                GoalStatus.ACTIVE.value,
                priority,
                f"Write a novel ({priority})",
                *GOAL_TEXTS,
                spec.daily_target,
                DAILY_UNIT,
                *MVA,
                spec.first_day.isoformat(),
                created,
                created,
            )


def _entry_records(
    spec: PopulationSpec, goals: Sequence[tuple[int, int]]
) -> Iterator[tuple[object, ...]]:
    """The daily log in (goal, date) order, the same rows the SQLite build inserts."""
    days = [(spec.first_day + timedelta(days=k)).isoformat() for k in range(spec.days)]
    recorded = [recorded_text(day) for day in days]
    target = spec.daily_target
    cells = {status: (status.value, quantity_of(spec, status)) for status in EntryStatus}
    patterns: dict[int, list[tuple[str, float | None]]] = {}
    for user_id, goal_id in sorted(goals, key=lambda pair: pair[1]):
        pattern = patterns.get(goal_id % STATUS_PERIOD)
        if pattern is None:
            pattern = patterns[goal_id % STATUS_PERIOD] = [
                cells[entry_status(goal_id, k)] for k in range(spec.days)
            ]
        for day, recorded_at, (status, quantity) in zip(days, recorded, pattern, strict=True):
            yield (goal_id, user_id, day, status, quantity, target, DAILY_UNIT, recorded_at)


async def build_postgres_population(url: str, spec: PopulationSpec) -> Population:
    """Create the PostgreSQL database ``url`` names, migrate, bulk-load (COPY) and verify it.

    Raises:
        FileExistsError: The database exists already.
        PopulationError: The database does not read back through the repository as built.
    """
    await create_database(url)
    started = time.perf_counter()
    repository = await open_repository(url)  # the schema comes from the migrations only
    await repository.close()
    conn = await asyncpg.connect(url)
    try:
        async with conn.transaction():
            await conn.copy_records_to_table(
                "users", records=_user_records(spec), columns=USER_COLUMNS
            )
            await conn.copy_records_to_table(
                "goals", records=_goal_records(spec), columns=_GOAL_COLUMNS
            )
            goals = tuple(
                (int(row["user_id"]), int(row["goal_id"]))
                for row in await conn.fetch(
                    "SELECT user_id, goal_id FROM goals ORDER BY user_id, priority"
                )
            )
            if spec.days > 0:
                # The entries reference the goals just read back in this transaction, so the
                # per-row foreign-key trigger (two thirds of the load time) is switched off for
                # this one COPY; the index and the CHECK constraints still apply.
                await conn.execute("SET LOCAL session_replication_role = replica")
                await conn.copy_records_to_table(
                    "daily_entries", records=_entry_records(spec, goals), columns=_ENTRY_COLUMNS
                )
        repository = await open_repository(url)
        try:
            rows = await checkpoint_rows(repository, spec, goals)
        finally:
            await repository.close()
        await conn.copy_records_to_table(
            "goal_states",
            records=rows,
            columns=("goal_id", "user_id", *STATE_COLUMNS, "updated_at"),
        )
        await conn.execute("VACUUM ANALYZE")
        entries = int(await conn.fetchval("SELECT COUNT(*) FROM daily_entries"))
        size = int(await conn.fetchval("SELECT pg_database_size(current_database())"))
    finally:
        await conn.close()
    built = time.perf_counter()
    repository = await open_repository(url)
    try:
        await verify_population(repository, spec, goals)
    finally:
        await repository.close()
    return Population(
        url=url,
        file=None,
        spec=spec,
        goals=goals,
        entries=entries,
        checkpoints=len(rows),
        build_seconds=built - started,
        verify_seconds=time.perf_counter() - built,
        stored_bytes=size,
    )
