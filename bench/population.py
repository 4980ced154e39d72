"""Building a populated SQLite database quickly: the one bulk path, and why it is honest.

The realistic database (10,000 users, one goal each, a year of daily entries: 3.65 million rows)
would take many minutes through ``Repository.append_entry`` (one transaction per entry; see the
``storage`` scenario for its rate). So the rows are generated inside SQLite with a few
``INSERT ... SELECT`` statements over a recursive CTE - seconds instead of minutes.

What keeps that honest:

* The schema is created by ``SqliteRepository.open`` - the real migrations - never here.
* The rows follow the stored formats documented in ``storage/sqlite.py`` (UTC timestamps as
  fixed-width ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` text, dates as ``YYYY-MM-DD``, times as ``HH:MM``).
* After the build, :func:`build_population` reads a sample back **through the repository** and
  fails loudly if anything does not parse or does not add up. If a migration renames a column
  or changes a format, the benchmark breaks instead of measuring a database the bot could not
  have written.
* No ``ANALYZE`` is run: the bot never runs it, so query plans stay the ones production gets.

This module is the only place in ``bench`` that writes SQL; the product never imports it. It
also holds the two bulk checks the scheduler benchmark needs around the code it measures
(:func:`outbox_census`, read-only, and :func:`restore_next_due`), so that no scenario writes SQL.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.coach.models import EntryStatus, GoalStatus
from storage.sqlite import SqliteRepository

# Zones far apart, including both ends of the offset range the architecture asks us to cover.
ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Asia/Tokyo",
    "Europe/London",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Australia/Sydney",
    "Africa/Nairobi",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
)
DAILY_TARGET = 200.0
DAILY_UNIT = "words"


class PopulationError(AssertionError):
    """The bulk-built database does not read back as expected through the repository."""


@dataclass(frozen=True, slots=True)
class PopulationSpec:
    """The shape of a populated database.

    Attributes:
        users: How many users (ids ``first_user_id`` upwards; chat id = user id).
        days: Daily entries per goal, one per local date, ending on ``last_day``
            (0: goals without history).
        goals_per_user: Active goals per user, priorities 1, 2, ...
        last_day: The newest local date with an entry ("yesterday" for the benchmarks).
        first_user_id: The first user id; ids are consecutive.
        next_due_at: When every user is next due for the scheduler (``None``: not scheduled).
        zones: Time zones, dealt out to users in turn (user ``i`` gets ``zones[i % len]``).
        nudge_at: When set, every user's nudge time is this instant's wall-clock time in their
            zone, so that all of them are owed a morning nudge at this one instant (pass the
            same instant as ``next_due_at``). ``None``: nudge times 06:00-09:45 in 15-minute
            steps.
        daily_target: Every goal's daily target, in :data:`DAILY_UNIT`.
    """

    users: int
    days: int
    goals_per_user: int = 1
    last_day: date = date(2026, 11, 21)
    first_user_id: int = 1_000_000
    next_due_at: datetime | None = None
    zones: tuple[str, ...] = ZONES
    nudge_at: datetime | None = None
    daily_target: float = DAILY_TARGET

    def __post_init__(self) -> None:
        if not self.zones:
            raise ValueError("at least one time zone")
        if self.nudge_at is not None and self.nudge_at.tzinfo is None:
            raise ValueError("nudge_at must be an aware datetime")

    def nudge_time(self, zone: str) -> str | None:
        """The ``HH:MM`` nudge time of users in ``zone`` when ``nudge_at`` is set."""
        if self.nudge_at is None:
            return None
        local = self.nudge_at.astimezone(ZoneInfo(zone))
        if local.second or local.microsecond:
            raise ValueError("nudge_at must fall on a whole minute")
        return f"{local.hour:02d}:{local.minute:02d}"

    @property
    def first_day(self) -> date:
        """The oldest local date with an entry."""
        return self.last_day - timedelta(days=max(self.days, 1) - 1)

    @property
    def user_ids(self) -> range:
        """Every user id in the database."""
        return range(self.first_user_id, self.first_user_id + self.users)


@dataclass(frozen=True, slots=True)
class Population:
    """A built database and what is in it.

    Attributes:
        path: The SQLite file (its ``-wal`` file may sit beside it).
        spec: What was asked for.
        goals: ``(user_id, goal_id)`` of every goal, in user order.
        entries: Rows in the daily log.
        build_seconds: Wall time of schema + bulk insert (verification excluded).
        verify_seconds: Wall time of the read-back through the repository.
    """

    path: Path
    spec: PopulationSpec
    goals: tuple[tuple[int, int], ...]
    entries: int
    build_seconds: float
    verify_seconds: float

    @property
    def size_bytes(self) -> int:
        """The database file plus its write-ahead log."""
        wal = self.path.with_name(self.path.name + "-wal")
        return self.path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def _stamp(moment: datetime) -> str:
    """The repository's timestamp text: fixed-width UTC with microseconds and a ``Z``."""
    u = moment.astimezone(UTC)
    return (
        f"{u.year:04d}-{u.month:02d}-{u.day:02d}"
        f"T{u.hour:02d}:{u.minute:02d}:{u.second:02d}.{u.microsecond:06d}Z"
    )


# Statuses are a deterministic hash of (goal, day) so every build is identical. Each goal gets
# its own miss rate (5-29 %), every tenth kept day or so is a minimum viable action, and a third
# of the goals rest on one weekday: streaks of realistic, varied length for later benchmarks.
_ENTRY_STATUS_SQL = f"""
    CASE
        WHEN (g.goal_id * 7919 + d.k * 104729) % 100 < 5 + g.goal_id % 25
            THEN '{EntryStatus.MISSED.value}'
        WHEN (g.goal_id * 31 + d.k * 17) % 10 = 0 THEN '{EntryStatus.MVA.value}'
        WHEN g.goal_id % 3 = 0 AND d.k % 7 = 6 THEN '{EntryStatus.SKIP.value}'
        ELSE '{EntryStatus.DONE.value}'
    END
"""


def _bulk_insert(path: Path, spec: PopulationSpec) -> tuple[tuple[tuple[int, int], ...], int]:
    """Insert every row in one transaction on a plain ``sqlite3`` connection."""
    created = _stamp(
        datetime.combine(spec.first_day, datetime.min.time(), UTC) + timedelta(hours=8)
    )
    last_seen = _stamp(
        datetime.combine(spec.last_day, datetime.min.time(), UTC) + timedelta(hours=19)
    )
    due = None if spec.next_due_at is None else _stamp(spec.next_due_at)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        # Durability is pointless for a throwaway benchmark database and costs most of the build
        # time; WAL is switched back on at the end, as the bot expects.
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -200000")  # 200 MB: the index fits while inserting
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "CREATE TEMP TABLE bench_zones (idx INTEGER PRIMARY KEY, name TEXT, nudge TEXT)"
        )
        conn.executemany(
            "INSERT INTO bench_zones VALUES (?, ?, ?)",
            [(i, zone, spec.nudge_time(zone)) for i, zone in enumerate(spec.zones)],
        )
        # Nudge times 06:00-09:45 in 15-minute steps unless every zone has its own (nudge_at),
        # evening reminders on for two users in three.
        conn.execute(
            """
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
            INSERT INTO users (user_id, chat_id, first_name, language_code, timezone, nudge_time,
                               evening_enabled, status, next_due_at, last_seen_at, created_at,
                               updated_at)
            SELECT ? + i, ? + i, 'User ' || i, 'en', z.name,
                   coalesce(z.nudge, printf('%02d:%02d', 6 + (i % 16) / 4, (i % 4) * 15)),
                   i % 3 <> 0, 'active', ?, ?, ?, ?
            FROM n JOIN bench_zones z ON z.idx = n.i % ?
            """,
            (
                spec.users,
                spec.first_user_id,
                spec.first_user_id,
                due,
                last_seen,
                created,
                created,
                len(spec.zones),
            ),
        )
        conn.execute(
            """
            WITH RECURSIVE p(priority) AS (
                SELECT 1 UNION ALL SELECT priority + 1 FROM p WHERE priority < ?)
            INSERT INTO goals (user_id, status, priority, vision, outcome, daily, daily_quantity,
                               daily_unit, mva, mva_quantity, mva_unit, start_date, created_at,
                               updated_at)
            SELECT u.user_id, ?, p.priority, 'Write a novel (' || p.priority || ')',
                   'A first draft of 40,000 words', 'Write', ?, ?, 'Write one sentence', 1,
                   'sentences', ?, u.created_at, u.created_at
            FROM users u CROSS JOIN p
            ORDER BY u.user_id, p.priority
            """,
            (
                spec.goals_per_user,
                GoalStatus.ACTIVE.value,
                spec.daily_target,
                DAILY_UNIT,
                spec.first_day.isoformat(),
            ),
        )
        if spec.days > 0:
            # The dates are computed once into a small table, not once per row.
            conn.execute(
                """
                CREATE TEMP TABLE bench_days AS
                WITH RECURSIVE d(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM d WHERE k + 1 < ?)
                SELECT k, date(?, '+' || k || ' days') AS day FROM d
                """,
                (spec.days, spec.first_day.isoformat()),
            )
            # CROSS JOIN keeps goals as the outer loop, so rows arrive in (goal, date) order -
            # the order of the (goal_id, local_date) index - and no sort is needed.
            conn.execute(
                f"""
                INSERT INTO daily_entries (goal_id, user_id, local_date, status, quantity,
                                           target_quantity, target_unit, recorded_at)
                SELECT goal_id, user_id, day, status,
                       CASE status WHEN ? THEN ? WHEN ? THEN ? END,
                       ?, ?, day || 'T19:00:00.000000Z'
                FROM (SELECT g.goal_id, g.user_id, d.day, {_ENTRY_STATUS_SQL} AS status
                      FROM goals g CROSS JOIN bench_days d)
                """,
                (
                    EntryStatus.DONE.value,
                    spec.daily_target,
                    EntryStatus.MVA.value,
                    spec.daily_target / 4,
                    spec.daily_target,
                    DAILY_UNIT,
                ),
            )
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode = WAL")
        goals = tuple(
            (int(user_id), int(goal_id))
            for user_id, goal_id in conn.execute(
                "SELECT user_id, goal_id FROM goals ORDER BY user_id, priority"
            )
        )
        (entries,) = conn.execute("SELECT COUNT(*) FROM daily_entries").fetchone()
    finally:
        conn.close()
    return goals, int(entries)


async def _verify(path: Path, spec: PopulationSpec, goals: tuple[tuple[int, int], ...]) -> None:
    """Read the first and last user back through the repository; raise if anything is off."""
    if len(goals) != spec.users * spec.goals_per_user:
        raise PopulationError(
            f"expected {spec.users * spec.goals_per_user} goals, got {len(goals)}"
        )
    repository = await SqliteRepository.open(path)
    try:
        for user_id in {spec.user_ids[0], spec.user_ids[-1]}:
            user = await repository.get_user(user_id)
            if user is None or not user.is_onboarded or user.next_due_at != spec.next_due_at:
                raise PopulationError(f"user {user_id} reads back wrong: {user!r}")
            nudge = spec.nudge_time(user.timezone or "UTC")
            if nudge is not None and (
                user.nudge_time is None or f"{user.nudge_time:%H:%M}" != nudge
            ):
                raise PopulationError(f"user {user_id} has nudge time {user.nudge_time}")
            stored = await repository.list_goals(user_id)
            if len(stored) != spec.goals_per_user or stored[0].daily_measure is None:
                raise PopulationError(f"goals of user {user_id} read back wrong: {stored!r}")
            entries = await repository.list_entries(user_id, stored[0].goal_id)
            if len(entries) != spec.days:
                raise PopulationError(f"user {user_id} has {len(entries)} entries, not {spec.days}")
            if entries and (
                entries[0].local_date != spec.first_day or entries[-1].local_date != spec.last_day
            ):
                raise PopulationError(f"entries of user {user_id} span the wrong dates")
    finally:
        await repository.close()


async def build_population(path: Path, spec: PopulationSpec) -> Population:
    """Create ``path`` with the real migrations, fill it in bulk, and verify it.

    Raises:
        FileExistsError: ``path`` exists (a benchmark never reuses a database by accident).
        PopulationError: The database does not read back through the repository as built.
    """
    if await asyncio.to_thread(path.exists):
        raise FileExistsError(path)
    started = time.perf_counter()
    repository = await SqliteRepository.open(path)  # the schema comes from the migrations only
    await repository.close()
    goals, entries = await asyncio.to_thread(_bulk_insert, path, spec)
    built = time.perf_counter()
    await _verify(path, spec, goals)
    return Population(
        path=path,
        spec=spec,
        goals=goals,
        entries=entries,
        build_seconds=built - started,
        verify_seconds=time.perf_counter() - built,
    )


@dataclass(frozen=True, slots=True)
class OutboxCensus:
    """What the outbox and the users' due times look like, counted in SQL (read-only).

    Attributes:
        users: Users in the database.
        rows: Outbox rows, any status.
        pending: Rows waiting to be sent.
        pending_users: Distinct users with at least one pending row.
        most_pending: The most pending rows any one user has (1 after a one-slot wave).
        users_without_pending: Users with no pending row at all.
        still_due: Users whose next due time is at or before the instant asked about.
        by_status: Rows per status.
        by_kind: Pending rows per kind.
        first_due: The earliest ``due_at`` of a pending row (``None``: none pending).
        last_due: The latest ``due_at`` of a pending row.
    """

    users: int
    rows: int
    pending: int
    pending_users: int
    most_pending: int
    users_without_pending: int
    still_due: int
    by_status: dict[str, int]
    by_kind: dict[str, int]
    first_due: str | None
    last_due: str | None


def _census(path: Path, at: datetime) -> OutboxCensus:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        (users,) = conn.execute("SELECT COUNT(*) FROM users").fetchone()
        by_status = dict(conn.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status"))
        by_kind = dict(
            conn.execute("SELECT kind, COUNT(*) FROM outbox WHERE status = 'pending' GROUP BY kind")
        )
        pending_users, most, first, last = conn.execute(
            "SELECT COUNT(*), COALESCE(MAX(n), 0), MIN(first), MAX(last) FROM"
            " (SELECT user_id, COUNT(*) AS n, MIN(due_at) AS first, MAX(due_at) AS last"
            "  FROM outbox WHERE status = 'pending' GROUP BY user_id)"
        ).fetchone()
        (without,) = conn.execute(
            "SELECT COUNT(*) FROM users WHERE NOT EXISTS"
            " (SELECT 1 FROM outbox o WHERE o.user_id = users.user_id AND o.status = 'pending')"
        ).fetchone()
        (still_due,) = conn.execute(
            "SELECT COUNT(*) FROM users WHERE status = 'active' AND next_due_at IS NOT NULL"
            " AND next_due_at <= ?",
            (_stamp(at),),
        ).fetchone()
    finally:
        conn.close()
    return OutboxCensus(
        users=int(users),
        rows=sum(by_status.values()),
        pending=int(by_status.get("pending", 0)),
        pending_users=int(pending_users),
        most_pending=int(most),
        users_without_pending=int(without),
        still_due=int(still_due),
        by_status={str(k): int(v) for k, v in by_status.items()},
        by_kind={str(k): int(v) for k, v in by_kind.items()},
        first_due=first,
        last_due=last,
    )


async def outbox_census(path: Path, at: datetime) -> OutboxCensus:
    """Count the outbox and who is still due at ``at`` (read-only; safe beside the bot)."""
    return await asyncio.to_thread(_census, path, at)


def _restore(path: Path, when: datetime) -> int:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        return conn.execute("UPDATE users SET next_due_at = ?", (_stamp(when),)).rowcount
    finally:
        conn.close()


async def restore_next_due(path: Path, when: datetime) -> int:
    """Set every user's next due time back to ``when``; returns how many users.

    For the scheduler benchmark: a tick after this sees the same users due again, as if their
    new due times had been lost, and must write nothing the outbox already holds.
    """
    return await asyncio.to_thread(_restore, path, when)
