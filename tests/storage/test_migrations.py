"""Migrations: fresh databases, reopening, upgrading with data, and refusing what we cannot run."""

from __future__ import annotations

import asyncio
import sqlite3
import tomllib
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.coach.models import EntryStatus, GoalStatus, Measure, NewDelivery, NewGoal, UserProfile
from storage.migrate import (
    DIALECTS,
    HISTORY,
    POSTGRESQL,
    SQLITE,
    Migration,
    MigrationError,
    SchemaTooNewError,
    default_migrations_folder,
    load_migrations,
    migrate,
    schema_version,
    split_statements,
)
from storage.sqlite import SqliteRepository
from tests.storage.schema_history import check_history, sqlite_schema

T0 = datetime(2026, 11, 22, 15, 4, 5, 123456, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]
SHIPPED = Path(str(default_migrations_folder()))
LATEST = len(load_migrations())
TABLES = {
    "users",
    "goals",
    "milestones",
    "milestone_steps",
    "daily_entries",
    "outbox",
    "target_levels",
    "coach_events",
    "goal_states",
    "partner_invites",
    "partnerships",
    "partner_sharing",
}


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "bot.db"


def connect(path: Path) -> sqlite3.Connection:
    """A plain autocommit connection, as the engine opens it."""
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA busy_timeout = 5000")
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


@pytest.fixture
def conn(db_path: Path) -> Iterator[sqlite3.Connection]:
    with closing(connect(db_path)) as connection:
        yield connection


def first(versions: int) -> list[Migration]:
    """The shipped SQLite migrations up to ``versions``: what an older release ran."""
    return load_migrations()[:versions]


def scalar(conn: sqlite3.Connection, sql: str) -> object:
    row = conn.execute(sql).fetchone()
    assert row is not None
    return row[0]


def tables(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return {str(r[0]) for r in rows}


def test_the_shipped_migrations_start_from_the_core_tables() -> None:
    migrations = load_migrations()

    assert [m.version for m in migrations] == list(range(1, LATEST + 1))
    assert LATEST >= 2
    assert migrations[0].name == "core.sql"
    assert all(m.sql.strip() for m in migrations)


def test_every_step_ships_with_the_package() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["storage"]
    packaged = {path for pattern in patterns for path in (ROOT / "storage").glob(pattern)}
    steps = {
        SHIPPED.joinpath(*step.split("/"))
        for versions in HISTORY.values()
        for version_steps in versions.values()
        for step in version_steps
    }

    assert steps <= packaged
    assert set(SHIPPED.rglob("*.sql")) == steps


def test_every_version_leaves_the_schema_it_shipped_with(conn: sqlite3.Connection) -> None:
    schemas = []
    for version in range(1, LATEST + 1):
        assert migrate(conn, first(version)) == version
        schemas.append(sqlite_schema(conn))

    check_history("sqlite", schemas)


async def test_fresh_database_reaches_the_latest_version(conn: sqlite3.Connection) -> None:
    assert migrate(conn) == LATEST

    assert schema_version(conn) == LATEST
    assert tables(conn) == TABLES
    assert not conn.in_transaction


async def test_reopening_is_a_no_op_that_keeps_data(db_path: Path) -> None:
    repo = await SqliteRepository.open(db_path)
    user, _ = await repo.upsert_user(UserProfile(1, 10, "Ann"), T0)
    await repo.close()

    again = await SqliteRepository.open(db_path)
    assert await again.get_user(1) == user
    await again.close()
    with closing(connect(db_path)) as conn:
        assert schema_version(conn) == LATEST
        assert migrate(conn) == LATEST


async def test_upgrade_from_the_first_version_keeps_data(
    db_path: Path, conn: sqlite3.Connection
) -> None:
    assert migrate(conn, first(1)) == 1
    assert "outbox" not in tables(conn)
    conn.execute(
        "INSERT INTO users (user_id, chat_id, first_name, timezone, created_at, updated_at)"
        " VALUES (1, 10, 'Ann', 'Europe/Berlin', ?, ?)",
        ("2026-11-22T15:04:05.123456Z", "2026-11-22T15:04:05.123456Z"),
    )
    conn.execute(
        "INSERT INTO goals (goal_id, user_id, status, priority, vision, daily, daily_quantity,"
        " daily_unit, created_at, updated_at) VALUES (5, 1, 'active', 1, 'Write', '300 words',"
        " 300, 'words', ?, ?)",
        ("2026-11-22T15:04:05.123456Z", "2026-11-22T15:04:05.123456Z"),
    )
    conn.execute(
        "INSERT INTO daily_entries (goal_id, user_id, local_date, status, recorded_at)"
        " VALUES (5, 1, '2026-11-22', 'done', '2026-11-22T15:04:05.123456Z')"
    )

    assert migrate(conn) == LATEST
    conn.close()

    repo = await SqliteRepository.open(db_path)
    user = await repo.get_user(1)
    goal = await repo.get_goal(1, 5)
    entries = await repo.list_entries(1, 5)
    queued = await repo.enqueue_delivery(
        NewDelivery(1, "morning_nudge", date(2026, 11, 23), T0), T0
    )
    await repo.close()
    assert user is not None
    assert (user.first_name, user.timezone, user.created_at) == ("Ann", "Europe/Berlin", T0)
    assert goal is not None
    assert (goal.status, goal.daily) == (GoalStatus.ACTIVE, "300 words")
    assert goal.daily_measure == Measure(300.0, "words")
    assert [(e.local_date, e.status) for e in entries] == [(date(2026, 11, 22), EntryStatus.DONE)]
    assert queued is not None


async def test_a_database_newer_than_the_code_is_refused(db_path: Path) -> None:
    with closing(connect(db_path)) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST + 7}")

    with pytest.raises(SchemaTooNewError) as caught:
        await SqliteRepository.open(db_path)

    assert (caught.value.database_version, caught.value.code_version) == (LATEST + 7, LATEST)
    assert f"version {LATEST + 7}" in str(caught.value)
    assert f"up to {LATEST}" in str(caught.value)


async def test_a_failing_migration_rolls_back_and_keeps_the_version(
    conn: sqlite3.Connection,
) -> None:
    broken = (
        "CREATE TABLE half_done (x INTEGER);\n"
        "INSERT INTO half_done VALUES (1);\n"
        "INSERT INTO no_such_table VALUES (1);\n"
    )
    migrations = [*first(1), Migration(2, "broken.sql", broken)]

    with pytest.raises(MigrationError, match=r"Migration 2 \(broken\.sql\).*version 1"):
        migrate(conn, migrations)

    assert schema_version(conn) == 1
    assert "half_done" not in tables(conn)
    assert "users" in tables(conn)
    assert not conn.in_transaction


async def test_a_migration_that_breaks_a_foreign_key_is_rolled_back(
    conn: sqlite3.Connection,
) -> None:
    # Migrations run with foreign keys off, so the runner's own check must catch this.
    dangling = (
        "INSERT INTO goals (user_id, priority, created_at, updated_at) VALUES (9, 1, 't', 't');"
    )
    migrations = [*first(1), Migration(2, "dangling.sql", dangling)]

    with pytest.raises(MigrationError, match="broken foreign key in goals"):
        migrate(conn, migrations)

    assert schema_version(conn) == 1
    assert scalar(conn, "SELECT COUNT(*) FROM goals") == 0
    assert scalar(conn, "PRAGMA foreign_keys") == 1  # restored


async def test_a_table_rebuild_does_not_cascade_into_children(
    db_path: Path, conn: sqlite3.Connection
) -> None:
    # SQLite's 12-step recipe for changes ALTER TABLE cannot make. With foreign keys on,
    # DROP TABLE users would delete every goal through ON DELETE CASCADE.
    repo = await SqliteRepository.open(db_path)
    await repo.upsert_user(UserProfile(1, 10), T0)
    await repo.create_goal(NewGoal(1, "Write"), T0)
    await repo.close()
    create_users = str(scalar(conn, "SELECT sql FROM sqlite_master WHERE name = 'users'"))
    rebuild = (
        create_users.replace("CREATE TABLE users", "CREATE TABLE users_new", 1)
        + ";\nINSERT INTO users_new SELECT * FROM users;"
        + "\nDROP TABLE users;"
        + "\nALTER TABLE users_new RENAME TO users;"
    )
    migrations = [*load_migrations(), Migration(LATEST + 1, "rebuild_users.sql", rebuild)]

    assert migrate(conn, migrations) == LATEST + 1

    assert scalar(conn, "SELECT COUNT(*) FROM goals") == 1


async def test_concurrent_start_ups_apply_each_migration_once(db_path: Path) -> None:
    # Two processes starting at once: two connections migrating from two threads.
    with closing(connect(db_path)) as a, closing(connect(db_path)) as b:
        versions = await asyncio.gather(
            asyncio.to_thread(migrate, a), asyncio.to_thread(migrate, b)
        )
        assert list(versions) == [LATEST, LATEST]
        assert tables(a) == TABLES


def test_a_step_says_once_what_both_engines_run(tmp_path: Path) -> None:
    (tmp_path / "sqlite").mkdir()
    (tmp_path / "notes.md").write_text("not a step", encoding="utf-8")
    (tmp_path / "reminders.sql").write_text(
        "-- Reminders: {generated_key} ids, {bigint} chat ids.\n"
        "CREATE TABLE reminders (\n"
        "    reminder_id {generated_key},\n"
        "    chat_id     {bigint} NOT NULL,\n"
        "    every_days  {double},\n"
        "    payload     TEXT NOT NULL DEFAULT '{}'\n"
        ");\n",
        encoding="utf-8",
    )
    (tmp_path / "sqlite" / "rebuild.sql").write_text("SELECT 1;", encoding="utf-8")
    history = {
        SQLITE: {1: ("reminders.sql",), 2: ("sqlite/rebuild.sql",)},
        POSTGRESQL: {1: ("reminders.sql",)},
    }

    sqlite = load_migrations(SQLITE, folder=tmp_path, history=history)
    postgresql = load_migrations(POSTGRESQL, folder=tmp_path, history=history)

    assert [m.name for m in sqlite] == ["reminders.sql", "sqlite/rebuild.sql"]
    assert [m.name for m in postgresql] == ["reminders.sql"]
    for migration, engine in ((sqlite[0], SQLITE), (postgresql[0], POSTGRESQL)):
        words = DIALECTS[engine]
        assert f"reminder_id {words['generated_key']},\n" in migration.sql
        assert f"chat_id     {words['bigint']} NOT NULL,\n" in migration.sql
        assert f"every_days  {words['double']},\n" in migration.sql
        assert "DEFAULT '{}'" in migration.sql  # JSON's braces are not a dialect word
    assert sqlite[1].sql == "SELECT 1;"


@pytest.mark.parametrize(
    ("files", "sqlite", "message"),
    [
        ({"a.sql": "SELECT 1;"}, {1: ("a.sql",), 3: ("a2.sql",)}, r"numbered 1\.\.2 in order"),
        ({"a.sql": "SELECT 1;"}, {1: ("a.sql", "b.sql")}, "runs 'b.sql', which is neither"),
        (
            {"a.sql": "SELECT 1;", "postgresql/p.sql": "SELECT 1;"},
            {1: ("a.sql", "postgresql/p.sql")},
            "one of sqlite/",
        ),
        ({"a.sql": "SELECT 1;"}, {1: ("a.sql",), 2: ("a.sql",)}, "runs 'a.sql' twice"),
        (
            {"a.sql": "SELECT 1;", "b.sql": "SELECT 2;"},
            {1: ("a.sql",)},
            r"No version of sqlite runs b\.sql",
        ),
        (
            {"a.sql": "SELECT 1;", "sqlite/s.sql": "SELECT 2;"},
            {1: ("a.sql",)},
            "No version of sqlite runs sqlite/s.sql",
        ),
        ({"a.sql": "SELECT 1"}, {1: ("a.sql",)}, "a.sql does not end with a whole statement"),
        ({"a.sql": "CREATE TABLE t (x {int});"}, {1: ("a.sql",)}, r"a.sql writes \{int\}"),
    ],
)
def test_a_history_that_does_not_match_its_steps_is_refused(
    tmp_path: Path, files: dict[str, str], sqlite: dict[int, tuple[str, ...]], message: str
) -> None:
    for name, sql in files.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(sql, encoding="utf-8")
    history: dict[str, dict[int, tuple[str, ...]]] = {SQLITE: sqlite, POSTGRESQL: {1: ("a.sql",)}}

    with pytest.raises(MigrationError, match=message):
        load_migrations(SQLITE, folder=tmp_path, history=history)


def test_a_shared_step_that_one_engine_does_not_run_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.sql").write_text("SELECT 1;", encoding="utf-8")
    (tmp_path / "b.sql").write_text("SELECT 2;", encoding="utf-8")
    history: dict[str, dict[int, tuple[str, ...]]] = {
        SQLITE: {1: ("a.sql",), 2: ("b.sql",)},
        POSTGRESQL: {1: ("a.sql",)},
    }

    # Loading either engine checks both: a table added for one engine only is caught early.
    with pytest.raises(MigrationError, match=r"No version of postgresql runs b\.sql"):
        load_migrations(SQLITE, folder=tmp_path, history=history)


def test_split_statements_respects_strings_comments_and_triggers() -> None:
    script = """
        -- a comment; with a semicolon
        CREATE TABLE t (x TEXT DEFAULT 'a;b');
        CREATE TRIGGER tr AFTER INSERT ON t BEGIN
            UPDATE t SET x = 'c;d';
            DELETE FROM t WHERE x = ';';
        END;
        /* block; comment */ SELECT 1; SELECT 2
    """

    statements = split_statements(script)

    assert len(statements) == 4
    assert statements[0].startswith("-- a comment; with a semicolon\n")
    assert statements[0].endswith("DEFAULT 'a;b');")
    assert statements[1].startswith("CREATE TRIGGER")
    assert statements[1].endswith("END;")
    assert statements[2] == "/* block; comment */ SELECT 1;"
    assert statements[3] == "SELECT 2"
