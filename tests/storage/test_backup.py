"""Backups and restores as a self-hoster runs them: while the bot runs, private, checked, undoable.

The database is a copy of the v4 release's fixture (a few users with a year of wins, milestones
and deliveries), upgraded by today's storage, so a backup carries real rows.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest

from storage.backup import (
    backup_postgres,
    backup_sqlite,
    check_sqlite_backup,
    restore_postgres,
    restore_sqlite,
)
from storage.base import StorageError
from storage.open import open_repository, open_sqlite
from storage.sql import SqlRepository
from tests.databases import ADMIN_URL, POSTGRES
from tests.storage.contract.support import add_entry, add_goal, add_user
from tests.storage.test_upgrade_v4 import FIXTURE

NOW = datetime(2026, 12, 3, 4, 5, 6, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]
EVERY_ROW = {"include_undone": True}


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def user_ids(path: Path) -> list[int]:
    with sqlite3.connect(path) as conn:
        return [row[0] for row in conn.execute("SELECT user_id FROM users ORDER BY user_id")]


async def snapshot(repository: SqlRepository, users: list[int]) -> dict[int, list[tuple[int, int]]]:
    """Each user's goals with how many days they logged: what a restore must bring back."""
    picture = {}
    for user_id in users:
        if await repository.get_user(user_id) is None:
            continue
        goals = await repository.list_goals(user_id)
        picture[user_id] = [
            (
                goal.goal_id,
                len(await repository.list_entries(user_id, goal.goal_id, include_undone=True)),
            )
            for goal in goals
        ]
    return picture


@pytest.fixture
async def live(tmp_path: Path) -> SqlRepository:
    """The running bot's database: the fixture, upgraded, open."""
    path = tmp_path / "data" / "smallwins.db"
    path.parent.mkdir()
    shutil.copyfile(FIXTURE, path)
    return open_sqlite(path)


def database_of(tmp_path: Path) -> Path:
    return tmp_path / "data" / "smallwins.db"


async def test_a_new_database_and_its_folder_are_private_to_the_bot(tmp_path: Path) -> None:
    path = tmp_path / "new" / "smallwins.db"
    repository = open_sqlite(path)
    try:
        assert mode_of(path) == 0o600
        assert mode_of(path.parent) == 0o700
        wal = path.with_name(path.name + "-wal")
        assert wal.exists()
        assert mode_of(wal) == 0o600
    finally:
        await repository.close()


async def test_opening_a_database_others_can_read_warns_how_to_fix_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "old.db"
    shutil.copyfile(FIXTURE, path)
    path.chmod(0o644)  # as releases before this one created it

    repository = open_sqlite(path)
    await repository.close()

    assert "chmod 600" in caplog.text
    assert mode_of(path) == 0o644  # the operator's choice is not overridden


async def test_a_backup_taken_while_the_bot_writes_holds_what_was_committed(
    tmp_path: Path, live: SqlRepository
) -> None:
    users = user_ids(database_of(tmp_path))
    before = await snapshot(live, users)
    # Another writer is mid-transaction when the backup starts: its row must not be in it.
    writer = sqlite3.connect(database_of(tmp_path), isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "UPDATE users SET first_name = 'Uncommitted' WHERE user_id = ?", (next(iter(before)),)
    )

    backup = backup_sqlite(database_of(tmp_path), tmp_path / "backups", NOW)

    writer.execute("ROLLBACK")
    writer.close()
    assert backup.path.name == "smallwins-20261203-040506.db"
    assert mode_of(backup.path) == 0o600
    assert mode_of(backup.path.parent) == 0o700
    assert backup.users == len(before)
    assert backup.entries == sum(count for goals in before.values() for _, count in goals)
    assert not list((tmp_path / "backups").glob("*.partial"))
    restored = open_sqlite(backup.path)
    try:
        assert await snapshot(restored, users) == before
        for user_id in users:
            user = await restored.get_user(user_id)
            assert user is not None
            assert user.first_name != "Uncommitted"
    finally:
        await restored.close()
    await live.close()


async def test_a_restore_brings_back_the_backup_and_keeps_what_it_replaced(
    tmp_path: Path, live: SqlRepository
) -> None:
    users = user_ids(database_of(tmp_path))
    before = await snapshot(live, users)
    backup = backup_sqlite(database_of(tmp_path), tmp_path / "backups", NOW)
    (user_id,) = list(before)[:1]
    await live.delete_user(user_id)  # a mistake made after the backup
    await live.close()

    kept = restore_sqlite(backup.path, database_of(tmp_path), NOW)

    repository = open_sqlite(database_of(tmp_path))
    try:
        assert await snapshot(repository, users) == before
    finally:
        await repository.close()
    assert kept is not None
    assert kept.name == "smallwins.db.before-restore-20261203-040506"
    assert mode_of(database_of(tmp_path)) == 0o600
    undo = open_sqlite(kept)
    try:
        assert user_id not in await snapshot(undo, users)
    finally:
        await undo.close()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"not a database at all, just some bytes " * 200, "not a Small Wins database"),
        (None, "newer release"),
        (b"", "not a Small Wins database"),
    ],
)
async def test_a_bad_backup_is_refused_and_the_database_is_left_untouched(
    tmp_path: Path, live: SqlRepository, content: bytes | None, reason: str
) -> None:
    users = user_ids(database_of(tmp_path))
    before = await snapshot(live, users)
    await live.close()
    bad = tmp_path / "bad.db"
    if content is None:  # a database from a release newer than this code
        shutil.copyfile(database_of(tmp_path), bad)
        with sqlite3.connect(bad) as conn:
            conn.execute("PRAGMA user_version = 999")
    else:
        bad.write_bytes(content)

    with pytest.raises(StorageError, match=reason):
        restore_sqlite(bad, database_of(tmp_path), NOW)

    repository = open_sqlite(database_of(tmp_path))
    try:
        assert await snapshot(repository, users) == before
    finally:
        await repository.close()
    assert not list(database_of(tmp_path).parent.glob("*.before-restore-*"))


def test_checking_a_missing_backup_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="no backup file"):
        check_sqlite_backup(tmp_path / "nowhere.db")


def run_backup_command(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items() if not key.startswith("TELEGRAM_")}
    clean.update(env, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "bot.backup", *args],
        cwd=tmp_path,
        env=clean,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


async def test_the_command_backs_up_beside_the_database_and_restores_only_when_told(
    tmp_path: Path, live: SqlRepository
) -> None:
    await live.close()
    url = f"sqlite:///{database_of(tmp_path)}"

    made = run_backup_command(tmp_path, DATABASE_URL=url)

    assert made.returncode == 0, made.stderr
    (backup,) = (tmp_path / "data" / "backups").glob("smallwins-*.db")
    assert str(backup) in made.stdout
    assert "users" in made.stdout
    unasked = run_backup_command(tmp_path, "restore", str(backup), DATABASE_URL=url)
    assert unasked.returncode == 1
    assert "--yes" in unasked.stderr
    assert not list((tmp_path / "data").glob("*.before-restore-*"))
    told = run_backup_command(tmp_path, "restore", str(backup), "--yes", DATABASE_URL=url)
    assert told.returncode == 0, told.stderr
    assert "Start the bot again" in told.stdout
    missing = run_backup_command(tmp_path, "restore", "nope.db", "--yes", DATABASE_URL=url)
    assert missing.returncode == 2
    assert "Traceback" not in missing.stderr
    assert "nope.db" in missing.stderr


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="needs PostgreSQL's client tools")
async def test_a_postgresql_backup_restores_into_a_fresh_database(tmp_path: Path) -> None:
    source = await POSTGRES.fresh()
    try:
        for user_id in (1, 2):
            await add_user(source, user_id)
            goal = await add_goal(source, user_id)
            for day in range(user_id * 3):
                await add_entry(source, goal, date(2026, 11, 1) + timedelta(days=day))
        expected = await snapshot(source, [1, 2])
    finally:
        await source.close()

    dump = backup_postgres(POSTGRES.url, tmp_path / "pg-backups", NOW)

    assert dump.name == "smallwins-20261203-040506.dump"
    assert mode_of(dump) == 0o600
    name = POSTGRES.name + "_restore"
    admin = await asyncpg.connect(ADMIN_URL)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        target = POSTGRES.url.rpartition("/")[0] + "/" + name
        restore_postgres(dump, target)
        restored = await open_repository(target)
        try:
            assert await snapshot(restored, [1, 2]) == expected == {1: [(1, 3)], 2: [(2, 6)]}
        finally:
            await restored.close()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
