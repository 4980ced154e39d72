"""Copying a SQLite database into PostgreSQL (``storage.copy``): everything, ids included, once.

The source is the frozen v4 fixture (a year of history written by an old release, with deleted
rows): the copy upgrades a snapshot of it, never the file itself, and what PostgreSQL reads back
through the Repository contract afterwards is what SQLite reads. Generated ids go on after the
highest SQLite ever gave, a database that holds data is refused unless replacing is asked for,
and a copy that fails half-way leaves the target as it was.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import asyncpg
import pytest

from bot.coach.models import (
    EntryStatus,
    GoalStatus,
    NewDelivery,
    NewEntry,
    NewGoal,
    UserProfile,
)
from bot.services.habits import HabitService
from storage.base import StorageError
from storage.copy import TargetNotEmptyError, copy_sqlite_to_postgres
from storage.open import open_repository
from storage.sql import SqlRepository
from tests.databases import POSTGRES
from tests.storage.test_upgrade_v4 import (
    FIXTURE,
    MANIFEST,
    PINNED_UTC,
    open_fixture_copy,
    plain,
    read_back,
    streak_figures,
)

OLEK = MANIFEST["absent"]["user_ids"][0]
"""The user who deleted his account in the fixture: his ids must never be handed out again."""


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A private copy of the v4 fixture (at schema version 4, as the old release left it)."""
    copy = tmp_path / FIXTURE.name
    shutil.copyfile(FIXTURE, copy)
    return copy


@pytest.fixture
async def target() -> str:
    """This run's PostgreSQL database, empty, with no connection left open."""
    repository = await POSTGRES.fresh()
    await repository.close()
    return POSTGRES.url


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def on_postgres(url: str) -> SqlRepository:
    return await open_repository(url)


async def table_counts(url: str) -> dict[str, int]:
    conn = await asyncpg.connect(url)
    try:
        tables = [
            row[0]
            for row in await conn.fetch(
                "SELECT table_name FROM information_schema.tables WHERE table_schema ="
                " current_schema() AND table_name <> 'schema_version'"
            )
        ]
        return {table: await conn.fetchval(f"SELECT count(*) FROM {table}") for table in tables}
    finally:
        await conn.close()


def sqlite_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in tables
        }


async def test_postgresql_reads_back_what_sqlite_reads_after_the_copy(
    source: Path, target: str, tmp_path: Path
) -> None:
    before = fingerprint(source)

    report = await copy_sqlite_to_postgres(source, target)

    upgraded = tmp_path / "upgraded.sqlite"
    shutil.copyfile(source, upgraded)
    sqlite = await open_fixture_copy(upgraded)
    postgres = await on_postgres(target)
    try:
        assert await read_back(postgres) == await read_back(sqlite)
        for user in MANIFEST["users"]:
            uid = user["user_id"]
            pg_user, sq_user = await postgres.get_user(uid), await sqlite.get_user(uid)
            assert pg_user is not None
            assert sq_user is not None
            pg_habits = HabitService(postgres, clock=lambda: PINNED_UTC)
            sq_habits = HabitService(sqlite, clock=lambda: PINNED_UTC)
            for goal in await postgres.list_goals(uid, [GoalStatus.ACTIVE]):
                assert streak_figures(uid, await pg_habits.goal_day(pg_user, goal)) == (
                    streak_figures(uid, await sq_habits.goal_day(sq_user, goal))
                )
        assert await postgres.get_user(OLEK) is None
    finally:
        await postgres.close()
        await sqlite.close()

    assert report.rows == {table: sqlite_counts(upgraded)[table] for table in report.rows}
    assert set(report.rows) == set(sqlite_counts(upgraded))
    assert report.rows["users"] == len(MANIFEST["users"])
    assert sum(report.replaced.values()) == 0
    # The source itself was only read: same bytes, still at the old release's schema.
    assert fingerprint(source) == before
    with sqlite3.connect(source) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 4


async def test_new_ids_go_on_after_the_highest_sqlite_ever_gave(source: Path, target: str) -> None:
    with sqlite3.connect(source) as conn:
        given = dict(conn.execute("SELECT name, seq FROM sqlite_sequence").fetchall())
    await copy_sqlite_to_postgres(source, target)

    ada = next(user for user in MANIFEST["users"] if user["first_name"] == "Anaïs")
    postgres = await on_postgres(target)
    try:
        user, _ = await postgres.upsert_user(
            UserProfile(ada["user_id"], ada["user_id"], "Anaïs", "de"), PINNED_UTC
        )
        goal = await postgres.create_goal(NewGoal(user.user_id, "Learn the cello"), PINNED_UTC)
        entry = await postgres.append_entry(
            NewEntry(goal.goal_id, user.user_id, date(2026, 5, 31), EntryStatus.DONE), PINNED_UTC
        )
        delivery = await postgres.enqueue_delivery(
            NewDelivery(user.user_id, "morning_nudge", date(2026, 6, 2), PINNED_UTC), PINNED_UTC
        )
    finally:
        await postgres.close()

    assert goal.goal_id == given["goals"] + 1
    assert entry.entry_id == given["daily_entries"] + 1
    assert delivery is not None
    assert delivery.delivery_id == given["outbox"] + 1
    # Ids of the deleted account's rows stay unused.
    assert goal.goal_id > max(MANIFEST["absent"]["goal_ids"])
    assert delivery.delivery_id > max(MANIFEST["absent"]["delivery_ids"])


async def test_a_database_holding_data_is_refused_and_left_as_it_was(
    source: Path, target: str
) -> None:
    await copy_sqlite_to_postgres(source, target)
    held = await table_counts(target)

    with pytest.raises(TargetNotEmptyError, match=r"already holds data \(.*6 users.*--replace"):
        await copy_sqlite_to_postgres(source, target)

    assert await table_counts(target) == held


async def test_replacing_empties_the_target_first(source: Path, target: str) -> None:
    postgres = await on_postgres(target)
    try:
        await postgres.upsert_user(UserProfile(42, 42, "Stray", "en"), PINNED_UTC)
    finally:
        await postgres.close()

    report = await copy_sqlite_to_postgres(source, target, replace=True)

    assert report.replaced["users"] == 1
    postgres = await on_postgres(target)
    try:
        assert await postgres.get_user(42) is None
        assert plain(await postgres.counts()) == MANIFEST["counts"]
    finally:
        await postgres.close()


async def test_a_copy_that_fails_half_way_leaves_the_target_as_it_was(
    source: Path, target: str
) -> None:
    # SQLite keeps a NUL character in text, PostgreSQL refuses it. The outbox is copied after
    # the users and goals, so those were already in when the copy fails.
    with sqlite3.connect(source) as conn:
        conn.execute(
            "UPDATE outbox SET last_error = 'bad' || char(0) || 'byte'"
            " WHERE delivery_id = (SELECT MIN(delivery_id) FROM outbox)"
        )

    with pytest.raises(StorageError, match=r"^outbox: a row did not fit in PostgreSQL"):
        await copy_sqlite_to_postgres(source, target)

    assert set((await table_counts(target)).values()) == {0}


async def test_a_database_the_bot_has_open_is_copied_as_committed(
    source: Path, target: str
) -> None:
    # Today's bot keeps its file in WAL mode, with the latest writes in the -wal file.
    running = await open_fixture_copy(source)
    try:
        await running.upsert_user(UserProfile(42, 42, "Newcomer", "en"), PINNED_UTC)
        assert source.with_name(source.name + "-wal").exists()

        report = await copy_sqlite_to_postgres(source, target)
    finally:
        await running.close()

    postgres = await on_postgres(target)
    try:
        newcomer = await postgres.get_user(42)
    finally:
        await postgres.close()
    assert newcomer is not None
    assert newcomer.first_name == "Newcomer"
    assert report.rows["users"] == len(MANIFEST["users"]) + 1


async def test_a_missing_source_is_named(tmp_path: Path, target: str) -> None:
    with pytest.raises(StorageError, match=r"^there is no SQLite database at .*nowhere\.db$"):
        await copy_sqlite_to_postgres(tmp_path / "nowhere.db", target)


async def test_a_target_that_cannot_be_reached_is_named(source: Path) -> None:
    with pytest.raises(StorageError, match=r"^cannot connect to PostgreSQL"):
        await copy_sqlite_to_postgres(source, "postgresql://nobody@127.0.0.1:1/none")
