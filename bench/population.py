"""Building a populated database quickly: the one bulk path, and why it is honest.

The realistic database (10,000 users, one goal each, a year of daily entries: 3.65 million rows)
would take many minutes through ``Repository.append_entry`` (one transaction per entry; see the
``storage`` scenario for its rate). So the rows are bulk-loaded: inside SQLite with a few
``INSERT ... SELECT`` statements over a recursive CTE (:func:`build_population`), into
PostgreSQL with asyncpg's ``copy_records_to_table`` (:func:`build_postgres_population`) -
seconds instead of minutes. Both hold the same rows: :func:`entry_status` is the Python twin of
the SQL that picks each day's status.

Every goal also gets its streak checkpoint (a ``goal_states`` row), as a running bot would have
one (each day's first win moves it on): :func:`advance_goal` from ``StreakState()`` over the
goal's folded log through ``WINDOW_DAYS`` before the user's local today (``today_at`` in the
user's zone). Without it, a win would fold the goal's whole log once (first use after an
upgrade) and the benchmark would measure that instead.

What keeps that honest:

* The schema is created by ``storage.open.open_repository`` - the real migrations - never here.
* The rows follow the stored formats documented in ``storage/sql.py`` (UTC timestamps as
  fixed-width ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` text, dates as ``YYYY-MM-DD``, times as ``HH:MM``).
* The checkpoints come from the coach's own functions (``bot.coach.progress.advance_goal`` over
  ``bot.coach.streaks.fold_days``) on goals read through the repository.
* After the build, the first and the last user are read back **through the repository** and
  the build fails loudly if anything does not parse or does not add up: their log must be the
  statuses :func:`entry_status` gives, and their stored checkpoint the fold of the log read
  back. If a migration renames a column or changes a format, the benchmark breaks instead of
  measuring a database the bot could not have written.
* SQLite: no ``ANALYZE`` is run - the bot never runs it, so query plans stay the ones
  production gets. PostgreSQL: ``VACUUM ANALYZE`` once after the load, which is what its
  autovacuum daemon does on its own after a bulk load; done up front, it cannot start in the
  middle of the timed rounds.

This module, ``bench.population_postgres`` (the PostgreSQL load) and ``bench.census`` (the bulk
checks around the scheduler benchmark) are the only places in ``bench`` that write SQL; the
product never imports them.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import astuple, dataclass, fields
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.coach.models import DailyEntry, EntryStatus, GoalStatus, Measure, StreakState
from bot.coach.progress.amounts import advance_goal
from bot.coach.streaks.log import fold_days
from bot.services.goal_day import WINDOW_DAYS
from storage.base import Repository
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
        today_at: The instant the database is used at: its date in a user's zone is their
            "today", and their goals' checkpoints are folded through ``WINDOW_DAYS`` before
            it. ``None``: noon UTC on the day after ``last_day``.
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
    today_at: datetime | None = None

    def __post_init__(self) -> None:
        if not self.zones:
            raise ValueError("at least one time zone")
        if self.nudge_at is not None and self.nudge_at.tzinfo is None:
            raise ValueError("nudge_at must be an aware datetime")
        if self.today_at is not None and self.today_at.tzinfo is None:
            raise ValueError("today_at must be an aware datetime")

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

    def zone_of(self, user_id: int) -> str:
        """The time zone of a user (dealt out in turn)."""
        return self.zones[(user_id - self.first_user_id) % len(self.zones)]

    def today(self, user_id: int) -> date:
        """The user's local date at ``today_at``."""
        moment = self.today_at or datetime.combine(
            self.last_day + timedelta(days=1), datetime.min.time(), UTC
        ) + timedelta(hours=12)
        return moment.astimezone(_zone(self.zone_of(user_id))).date()

    def checkpoint_through(self, user_id: int) -> date:
        """The last day folded into the user's checkpoints: ``WINDOW_DAYS`` before today."""
        return self.today(user_id) - timedelta(days=WINDOW_DAYS)


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@dataclass(frozen=True, slots=True)
class Population:
    """A built database and what is in it.

    Attributes:
        url: The database's URL (``sqlite:///...`` or ``postgresql://...``).
        file: The SQLite file (its ``-wal`` file may sit beside it); ``None`` for PostgreSQL.
        spec: What was asked for.
        goals: ``(user_id, goal_id)`` of every goal, in user order.
        entries: Rows in the daily log.
        checkpoints: Rows in ``goal_states`` (one per goal).
        build_seconds: Wall time of schema + bulk load + checkpoints (verification excluded).
        verify_seconds: Wall time of the read-back through the repository.
        stored_bytes: The database's size when it was built (PostgreSQL; SQLite measures its
            file when asked).
    """

    url: str
    file: Path | None
    spec: PopulationSpec
    goals: tuple[tuple[int, int], ...]
    entries: int
    checkpoints: int
    build_seconds: float
    verify_seconds: float
    stored_bytes: int = 0

    @property
    def path(self) -> Path:
        """The SQLite file.

        Raises:
            ValueError: The database is not a SQLite file.
        """
        if self.file is None:
            raise ValueError(f"{self.url} is not a SQLite file")
        return self.file

    @property
    def size_bytes(self) -> int:
        """The database file plus its write-ahead log (SQLite), or its size when built."""
        if self.file is None:
            return self.stored_bytes
        wal = self.file.with_name(self.file.name + "-wal")
        return self.file.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def stamp(moment: datetime) -> str:
    """The repository's timestamp text: fixed-width UTC with microseconds and a ``Z``."""
    u = moment.astimezone(UTC)
    return (
        f"{u.year:04d}-{u.month:02d}-{u.day:02d}"
        f"T{u.hour:02d}:{u.minute:02d}:{u.second:02d}.{u.microsecond:06d}Z"
    )


# Statuses are a deterministic hash of (goal, day) so every build is identical. Each goal gets
# its own miss rate (5-29 %), every tenth kept day or so is a minimum viable action, and a third
# of the goals rest on one weekday: streaks of realistic, varied length for later benchmarks.
# entry_status is the same rule in Python; keep the two in step (the read-back checks it).
_ENTRY_STATUS_SQL = f"""
    CASE
        WHEN (g.goal_id * 7919 + d.k * 104729) % 100 < 5 + g.goal_id % 25
            THEN '{EntryStatus.MISSED.value}'
        WHEN (g.goal_id * 31 + d.k * 17) % 10 = 0 THEN '{EntryStatus.MVA.value}'
        WHEN g.goal_id % 3 = 0 AND d.k % 7 = 6 THEN '{EntryStatus.SKIP.value}'
        ELSE '{EntryStatus.DONE.value}'
    END
"""

STATUS_PERIOD = 300
"""Goals whose ids differ by a multiple of this get the same statuses (lcm of 100, 25, 10, 3)."""


def entry_status(goal_id: int, k: int) -> EntryStatus:
    """The status of goal ``goal_id`` on its ``k``-th day (0 = ``first_day``), as in the SQL."""
    if (goal_id * 7919 + k * 104729) % 100 < 5 + goal_id % 25:
        return EntryStatus.MISSED
    if (goal_id * 31 + k * 17) % 10 == 0:
        return EntryStatus.MVA
    if goal_id % 3 == 0 and k % 7 == 6:
        return EntryStatus.SKIP
    return EntryStatus.DONE


def quantity_of(spec: PopulationSpec, status: EntryStatus) -> float | None:
    if status is EntryStatus.DONE:
        return spec.daily_target
    if status is EntryStatus.MVA:
        return spec.daily_target / 4
    return None


def recorded_text(day: str) -> str:
    return f"{day}T19:00:00.000000Z"


def created_text(spec: PopulationSpec) -> str:
    return stamp(datetime.combine(spec.first_day, datetime.min.time(), UTC) + timedelta(hours=8))


def last_seen_text(spec: PopulationSpec) -> str:
    return stamp(datetime.combine(spec.last_day, datetime.min.time(), UTC) + timedelta(hours=19))


def generated_entries(spec: PopulationSpec, user_id: int, goal_id: int) -> list[DailyEntry]:
    """The goal's log as the bulk load writes it, as ``DailyEntry`` objects (ids made up)."""
    entries = []
    for k in range(spec.days):
        day = spec.first_day + timedelta(days=k)
        status = entry_status(goal_id, k)
        entries.append(
            DailyEntry(
                entry_id=k + 1,
                goal_id=goal_id,
                user_id=user_id,
                local_date=day,
                status=status,
                recorded_at=datetime.fromisoformat(recorded_text(day.isoformat())),
                quantity=quantity_of(spec, status),
                target=Measure(spec.daily_target, DAILY_UNIT),
            )
        )
    return entries


STATE_COLUMNS = tuple(f.name for f in fields(StreakState))
"""``goal_states`` columns besides ``goal_id``, ``user_id`` and ``updated_at``."""


def _state_row(state: StreakState) -> tuple[object, ...]:
    """A checkpoint in the stored formats: dates as ``YYYY-MM-DD`` text, numbers as they are."""
    return tuple(
        value.isoformat() if isinstance(value, date) else value for value in astuple(state)
    )


async def checkpoint_rows(
    repository: Repository, spec: PopulationSpec, goals: Sequence[tuple[int, int]]
) -> list[tuple[object, ...]]:
    """A ``goal_states`` row per goal: ``(goal_id, user_id, *STATE_COLUMNS, updated_at)``.

    Each checkpoint is ``advance_goal(goal, StreakState(), fold_days(log), through)`` with the
    goal read through ``repository`` and its log as generated. Goals with the same statuses
    (ids equal modulo :data:`STATUS_PERIOD`) and the same ``through`` fold to the same state,
    so it is computed once per such pair (a few hundred folds for any number of users).
    """
    updated = last_seen_text(spec)
    folded: dict[tuple[int, date], tuple[object, ...]] = {}
    rows: list[tuple[object, ...]] = []
    for user_id, goal_id in goals:
        through = spec.checkpoint_through(user_id)
        key = (goal_id % STATUS_PERIOD, through)
        state = folded.get(key)
        if state is None:
            goal = await repository.get_goal(user_id, goal_id)
            if goal is None:
                raise PopulationError(f"goal {goal_id} of user {user_id} does not read back")
            days = fold_days(generated_entries(spec, user_id, goal_id))
            state = folded[key] = _state_row(advance_goal(goal, StreakState(), days, through))
        rows.append((goal_id, user_id, *state, updated))
    return rows


def _bulk_insert(path: Path, spec: PopulationSpec) -> tuple[tuple[tuple[int, int], ...], int]:
    """Insert users, goals and entries in one transaction on a plain ``sqlite3`` connection."""
    created = created_text(spec)
    last_seen = last_seen_text(spec)
    due = None if spec.next_due_at is None else stamp(spec.next_due_at)
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
                   ?, ?, ?, ?, ?, ?, ?, ?, u.created_at, u.created_at
            FROM users u CROSS JOIN p
            ORDER BY u.user_id, p.priority
            """,
            (
                spec.goals_per_user,
                GoalStatus.ACTIVE.value,
                *GOAL_TEXTS,
                spec.daily_target,
                DAILY_UNIT,
                *MVA,
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
                    quantity_of(spec, EntryStatus.DONE),
                    EntryStatus.MVA.value,
                    quantity_of(spec, EntryStatus.MVA),
                    spec.daily_target,
                    DAILY_UNIT,
                ),
            )
        conn.execute("COMMIT")
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


# The goal every user has: (outcome, daily), then the minimum (mva, mva_quantity, mva_unit).
GOAL_TEXTS = ("A first draft of 40,000 words", "Write")
MVA = ("Write one sentence", 1.0, "sentences")


def _insert_checkpoints(path: Path, rows: Sequence[tuple[object, ...]]) -> None:
    """Write the ``goal_states`` rows in one transaction, then switch WAL back on."""
    columns = ("goal_id", "user_id", *STATE_COLUMNS, "updated_at")
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            f"INSERT INTO goal_states ({', '.join(columns)})"
            f" VALUES ({', '.join('?' for _ in columns)})",
            rows,
        )
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()


async def verify_population(
    repository: Repository, spec: PopulationSpec, goals: Sequence[tuple[int, int]]
) -> None:
    """Read the first and last user back through the repository; raise if anything is off."""
    if len(goals) != spec.users * spec.goals_per_user:
        raise PopulationError(
            f"expected {spec.users * spec.goals_per_user} goals, got {len(goals)}"
        )
    for user_id in {spec.user_ids[0], spec.user_ids[-1]}:
        user = await repository.get_user(user_id)
        if user is None or not user.is_onboarded or user.next_due_at != spec.next_due_at:
            raise PopulationError(f"user {user_id} reads back wrong: {user!r}")
        nudge = spec.nudge_time(user.timezone or "UTC")
        if nudge is not None and (user.nudge_time is None or f"{user.nudge_time:%H:%M}" != nudge):
            raise PopulationError(f"user {user_id} has nudge time {user.nudge_time}")
        stored = await repository.list_goals(user_id)
        if len(stored) != spec.goals_per_user or stored[0].daily_measure is None:
            raise PopulationError(f"goals of user {user_id} read back wrong: {stored!r}")
        goal = stored[0]
        entries = await repository.list_entries(user_id, goal.goal_id)
        if len(entries) != spec.days:
            raise PopulationError(f"user {user_id} has {len(entries)} entries, not {spec.days}")
        if entries and (
            entries[0].local_date != spec.first_day or entries[-1].local_date != spec.last_day
        ):
            raise PopulationError(f"entries of user {user_id} span the wrong dates")
        expected = [entry_status(goal.goal_id, k) for k in range(spec.days)]
        if [entry.status for entry in entries] != expected:
            raise PopulationError(f"statuses of goal {goal.goal_id} differ from entry_status")
        read = await repository.get_goal_and_state(user_id, goal.goal_id)
        through = spec.checkpoint_through(user_id)
        folded = advance_goal(goal, StreakState(), fold_days(entries), through)
        if read is None or read[1] != folded:
            raise PopulationError(
                f"checkpoint of goal {goal.goal_id} reads back as {read and read[1]!r}, "
                f"not as the fold of its log through {through}: {folded!r}"
            )


async def build_population(path: Path, spec: PopulationSpec) -> Population:
    """Create the SQLite file ``path`` with the real migrations, fill it in bulk, and verify it.

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
    repository = await SqliteRepository.open(path)
    try:
        rows = await checkpoint_rows(repository, spec, goals)
    finally:
        await repository.close()
    await asyncio.to_thread(_insert_checkpoints, path, rows)
    built = time.perf_counter()
    repository = await SqliteRepository.open(path)
    try:
        await verify_population(repository, spec, goals)
    finally:
        await repository.close()
    return Population(
        url=f"sqlite:///{path}",
        file=path,
        spec=spec,
        goals=goals,
        entries=entries,
        checkpoints=len(rows),
        build_seconds=built - started,
        verify_seconds=time.perf_counter() - built,
    )
