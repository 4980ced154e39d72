"""A wave of users due at one instant, on SQLite or PostgreSQL, and the set-based floor.

The ``tick`` scenario's databases hold users only: the tick reads nothing else (goals and their
history matter to the sender, which the ``send`` scenario measures). Users are dealt out over
twelve zones between UTC and UTC+4, each user's nudge time being the wave's local time in their
zone, and two users in three keep the evening reminder: 24 cohorts, all due at the wave. They
are bulk-loaded (an ``INSERT ... SELECT`` over a recursive CTE in SQLite, ``COPY`` into
PostgreSQL) into a schema made by the real migrations, then copied for each measured run (a file
copy; ``CREATE DATABASE ... TEMPLATE``), so that every run starts from the same database.

**The floor** (:func:`floor`) is what writing the tick's rows costs at the least: one plain
``INSERT ... SELECT`` putting into the outbox, for every due user, the rows the coach says their
zone is owed (``bot.coach.schedule.slots.due_slots``), in one transaction. It moves no one's due
time on. :func:`outbox_digest` then shows that the tick wrote exactly these rows.

With ``bench/population.py``, this is the only place in ``bench`` that writes SQL.
"""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import sqlite3
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import asyncpg

from bench.population import stamp
from bench.population_postgres import USER_COLUMNS, create_database, database_name, maintenance_url
from bot.coach.schedule.settings import ScheduleSettings
from bot.coach.schedule.slots import due_slots
from storage.open import open_repository

WAVE = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)
"""A Wednesday morning in Europe, Africa and the Middle East: no review, no landmark."""

WAVE_ZONES = (
    "Europe/London",
    "Europe/Lisbon",
    "Africa/Lagos",
    "Europe/Berlin",
    "Europe/Paris",
    "Africa/Cairo",
    "Europe/Helsinki",
    "Europe/Istanbul",
    "Africa/Nairobi",
    "Europe/Moscow",
    "Asia/Tehran",
    "Asia/Dubai",
)
"""Zones where the wave is a morning (07:00 to 11:00 local); more than zoneinfo's cache holds."""

CREATED = "2026-10-01T12:00:00.000000Z"


@dataclass(frozen=True, slots=True)
class Wave:
    """A built database of users all due at :data:`WAVE`.

    Attributes:
        url: Where it is (``sqlite:///...`` or ``postgresql://...``).
        users: How many users.
        build_seconds: Schema, bulk load and (PostgreSQL) ``VACUUM ANALYZE``.
        size_bytes: The database's size once built.
    """

    url: str
    users: int
    build_seconds: float
    size_bytes: int

    @property
    def engine(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return "sqlite" if self.url.startswith("sqlite:///") else "postgresql"


def nudge_time(zone: str) -> str:
    """The wave's wall-clock time in ``zone``, as stored (``HH:MM``)."""
    local = WAVE.astimezone(ZoneInfo(zone))
    return f"{local.hour:02d}:{local.minute:02d}"


def _path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def _user_rows(users: int, first_user_id: int) -> Iterator[tuple[object, ...]]:
    due = stamp(WAVE)
    for i in range(users):
        zone = WAVE_ZONES[i % len(WAVE_ZONES)]
        user_id = first_user_id + i
        yield (
            user_id,
            user_id,
            f"User {i}",
            "en",
            zone,
            nudge_time(zone),
            int(i % 3 != 0),
            "active",
            due,
            due,
            CREATED,
            CREATED,
        )


FIRST_USER_ID = 1_000_000


def _build_sqlite(path: Path, users: int) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        # A throwaway file: no journal while loading; WAL again at the end, as the bot expects.
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("BEGIN IMMEDIATE")
        marks = ", ".join("?" * len(USER_COLUMNS))
        conn.executemany(
            f"INSERT INTO users ({', '.join(USER_COLUMNS)}) VALUES ({marks})",
            _user_rows(users, FIRST_USER_ID),
        )
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()


async def build_wave(url: str, users: int) -> Wave:
    """Create the database at ``url`` (migrations, then users in bulk).

    Raises:
        FileExistsError: It exists already.
    """
    started = time.perf_counter()
    if url.startswith("sqlite:///"):
        if await asyncio.to_thread(_path(url).exists):
            raise FileExistsError(_path(url))
        await (await open_repository(url)).close()
        await asyncio.to_thread(_build_sqlite, _path(url), users)
        size = (await asyncio.to_thread(_path(url).stat)).st_size
    else:
        await create_database(url)
        await (await open_repository(url)).close()
        conn = await asyncpg.connect(url)
        try:
            await conn.copy_records_to_table(
                "users", records=_user_rows(users, FIRST_USER_ID), columns=USER_COLUMNS
            )
            await conn.execute("VACUUM ANALYZE")
            size = int(await conn.fetchval("SELECT pg_database_size(current_database())"))
        finally:
            await conn.close()
    return Wave(url, users, time.perf_counter() - started, size)


async def copy_wave(wave: Wave, url: str) -> str:
    """A fresh copy of the built database at ``url`` (replacing one left there)."""
    if wave.engine == "sqlite":
        target = _path(url)
        for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
            leftover.unlink(missing_ok=True)
        await asyncio.to_thread(shutil.copyfile, _path(wave.url), target)
        return url
    conn = await asyncpg.connect(maintenance_url(url))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{database_name(url)}" WITH (FORCE)')
        await conn.execute(
            f'CREATE DATABASE "{database_name(url)}" TEMPLATE "{database_name(wave.url)}"'
        )
    finally:
        await conn.close()
    return url


async def discard(url: str) -> None:
    """Remove a database made here (a SQLite file and its WAL, or a PostgreSQL database)."""
    if url.startswith("sqlite:///"):
        for leftover in (_path(url), Path(f"{_path(url)}-wal"), Path(f"{_path(url)}-shm")):
            leftover.unlink(missing_ok=True)
        return
    conn = await asyncpg.connect(maintenance_url(url))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{database_name(url)}" WITH (FORCE)')
    finally:
        await conn.close()


# --- the floor -------------------------------------------------------------------------------


def zone_rows(now: datetime = WAVE) -> list[tuple[str, str, str, str, str, str]]:
    """What each zone's users are owed at the wave, by the coach: the floor's rows.

    One (zone, kind, local date, due, expires, payload) per slot; a user whose nudge time is
    the wave is owed only the morning nudge (the evening reminder is not due yet).
    """
    rows = []
    for zone in WAVE_ZONES:
        local = WAVE.astimezone(ZoneInfo(zone))
        settings = ScheduleSettings(zone, nudge_time=local.time().replace(tzinfo=None))
        for slot in due_slots(settings, now, now):
            if slot.landmark is not None or slot.stale:
                raise AssertionError("the wave is a plain morning: no landmark, nothing stale")
            rows.append(
                (
                    zone,
                    slot.kind.value,
                    slot.local_date.isoformat(),
                    stamp(slot.due_at),
                    stamp(slot.expires_at),
                    "{}",
                )
            )
    return rows


def _floor_sql(zones: int) -> str:
    values = ", ".join(
        [
            "(CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT),"
            " CAST(? AS TEXT))"
        ]
        * zones
    )
    return (
        f"WITH z (zone, kind, local_date, due_at, expires_at, payload) AS (VALUES {values})"
        " INSERT INTO outbox (user_id, kind, local_date, due_at, expires_at, status, payload,"
        " attempts, created_at)"
        " SELECT u.user_id, z.kind, z.local_date, z.due_at, z.expires_at, 'pending', z.payload,"
        " 0, ? FROM users AS u JOIN z ON z.zone = u.timezone"
        " WHERE u.status = 'active' AND u.next_due_at IS NOT NULL AND u.next_due_at <= ?"
    )


def _floor_sqlite(path: Path, params: Sequence[object], sql: str) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        # The bot's own settings (storage.sqlite_engine.SqliteEngine.open): the floor writes alike.
        for pragma in (
            "busy_timeout = 5000",
            "journal_mode = WAL",
            "synchronous = NORMAL",
            "foreign_keys = ON",
            "mmap_size = 268435456",
            "cache_size = -32000",
        ):
            conn.execute(f"PRAGMA {pragma}")
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(sql, params)
        conn.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        conn.close()


async def floor(url: str) -> float:
    """Write the wave's rows with one ``INSERT ... SELECT``; its wall seconds, commit included."""
    rows = zone_rows()
    params = [*(value for row in rows for value in row), stamp(WAVE), stamp(WAVE)]
    sql = _floor_sql(len(rows))
    if url.startswith("sqlite:///"):
        return await asyncio.to_thread(_floor_sqlite, _path(url), params, sql)
    counter = iter(range(1, len(params) + 1))
    numbered = "".join(f"${next(counter)}" if char == "?" else char for char in sql)
    conn = await asyncpg.connect(url)
    try:
        started = time.perf_counter()
        async with conn.transaction():
            await conn.execute(numbered, *params)
        return time.perf_counter() - started
    finally:
        await conn.close()


# --- after a run -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Digest:
    """The outbox and the due times after a run, reduced to counts and one hash.

    Attributes:
        rows: Outbox rows.
        pending: Of those, pending.
        users_with_rows: Distinct users with a row.
        still_due: Users still due at the wave.
        rows_hash: SHA-256 over every row's (user, kind, local date, due, expires, status,
            payload), in key order: equal hashes, equal rows.
    """

    rows: int
    pending: int
    users_with_rows: int
    still_due: int
    rows_hash: str


_DIGEST_ROWS = (
    "SELECT user_id, kind, local_date, due_at, expires_at, status, payload FROM outbox"
    " ORDER BY user_id, kind, local_date"
)
_STILL_DUE = (
    "SELECT COUNT(*) FROM users WHERE status = 'active' AND next_due_at IS NOT NULL"
    " AND next_due_at <= ?"
)


class _Digester:
    def __init__(self) -> None:
        self.hash = hashlib.sha256()
        self.rows = self.pending = self.users = 0
        self.last_user: object = None

    def add(self, row: Sequence[object]) -> None:
        self.hash.update(repr(tuple(row)).encode())
        self.rows += 1
        self.pending += row[5] == "pending"
        if row[0] != self.last_user:
            self.users, self.last_user = self.users + 1, row[0]

    def digest(self, still_due: int) -> Digest:
        return Digest(self.rows, self.pending, self.users, still_due, self.hash.hexdigest())


def _digest_sqlite(path: Path) -> Digest:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        (still_due,) = conn.execute(_STILL_DUE, (stamp(WAVE),)).fetchone()
        digester = _Digester()
        for row in conn.execute(_DIGEST_ROWS):
            digester.add(row)
        return digester.digest(int(still_due))
    finally:
        conn.close()


async def outbox_digest(url: str) -> Digest:
    """Count and hash the outbox, and count who is still due (read-only, streamed)."""
    if url.startswith("sqlite:///"):
        return await asyncio.to_thread(_digest_sqlite, _path(url))
    conn = await asyncpg.connect(url)
    try:
        still_due = int(await conn.fetchval(_STILL_DUE.replace("?", "$1"), stamp(WAVE)))
        digester = _Digester()
        async with conn.transaction(readonly=True):
            async for row in conn.cursor(_DIGEST_ROWS, prefetch=10_000):
                digester.add(tuple(row.values()))
        return digester.digest(still_due)
    finally:
        await conn.close()
