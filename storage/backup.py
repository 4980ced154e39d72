"""Backups and restores of the bot's database, safe to take while the bot runs.

SQLite: ``VACUUM INTO`` writes a consistent, compact copy from one read transaction, so the
running bot keeps answering (readers never block the writer in WAL mode). The copy is checked
(``PRAGMA integrity_check``, schema version) before it is called a backup, and made private.
A restore checks the backup the same way, keeps the current database beside it, and swaps the
file in one rename; it must run while the bot is stopped.

PostgreSQL: ``pg_dump`` in its custom format, restored with ``pg_restore --clean``; both are
PostgreSQL's own tools, run as they are.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from storage.base import StorageError
from storage.files import PRIVATE_FOLDER, create_private
from storage.migrate import load_migrations

_COUNTED = ("users", "goals", "daily_entries")


@dataclass(frozen=True, slots=True)
class SqliteBackup:
    """A checked SQLite backup file.

    Attributes:
        path: The file.
        schema_version: Its ``user_version``: which release's schema it holds.
        users: Rows in ``users``.
        goals: Rows in ``goals``.
        entries: Rows in ``daily_entries``.
    """

    path: Path
    schema_version: int
    users: int
    goals: int
    entries: int

    def describe(self) -> str:
        """One line for the person who asked for it."""
        size = self.path.stat().st_size / 1_000_000
        return (
            f"{self.path} ({size:.1f} MB; {self.users} users, {self.goals} goals, "
            f"{self.entries} daily entries; schema version {self.schema_version})"
        )


def backup_name(now: datetime, suffix: str) -> str:
    """``smallwins-YYYYMMDD-HHMMSS<suffix>``: sorts by time, never clashes within a second."""
    return f"smallwins-{now:%Y%m%d-%H%M%S}{suffix}"


def check_sqlite_backup(path: Path) -> SqliteBackup:
    """Open ``path`` read-only and check it is a whole Small Wins database this code can read.

    Raises:
        StorageError: The file is missing, not a SQLite database, damaged, not a Small Wins
            database, or written by a newer release.
    """
    if not path.is_file():
        raise StorageError(f"there is no backup file at {path}")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise StorageError(f"cannot open {path}: {error}") from error
    try:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()
        if verdict is None or verdict[0] != "ok":
            raise StorageError(f"{path} is damaged: {verdict[0] if verdict else 'no verdict'}")
        (version,) = conn.execute("PRAGMA user_version").fetchone()
        known = len(load_migrations())
        if version > known:
            raise StorageError(
                f"{path} was written by a newer release (schema version {version}; this one "
                f"knows up to {known}): upgrade the bot first"
            )
        counts = [conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in _COUNTED]
    except sqlite3.DatabaseError as error:
        # Not a database at all, or one without our tables.
        raise StorageError(f"{path} is not a Small Wins database: {error}") from error
    finally:
        conn.close()
    users, goals, entries = counts
    return SqliteBackup(path, int(version), users, goals, entries)


def backup_sqlite(database: Path, folder: Path, now: datetime) -> SqliteBackup:
    """Copy the live database into ``folder`` as a new, private, checked backup file.

    Safe while the bot runs: the copy is one read transaction, so it holds exactly what was
    committed when it began and the bot keeps writing meanwhile.

    Raises:
        StorageError: The database cannot be read, the folder cannot be written, or the copy
            failed its check (nothing is left behind then).
    """
    if not database.is_file():
        raise StorageError(f"there is no database at {database}")
    target = folder / backup_name(now, ".db")
    partial = target.with_name(target.name + ".partial")
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
        partial.unlink(missing_ok=True)
        create_private(partial)  # VACUUM INTO accepts an empty file and keeps its mode
        conn = sqlite3.connect(database, isolation_level=None)
        try:
            conn.execute("PRAGMA busy_timeout = 5000")
            conn.execute("VACUUM INTO ?", (str(partial),))
        finally:
            conn.close()
        checked = check_sqlite_backup(partial)
        partial.replace(target)
    except (OSError, sqlite3.Error, StorageError) as error:
        partial.unlink(missing_ok=True)
        if isinstance(error, StorageError):
            raise
        raise StorageError(f"the backup of {database} failed: {error}") from error
    return SqliteBackup(
        target, checked.schema_version, checked.users, checked.goals, checked.entries
    )


def restore_sqlite(backup: Path, database: Path, now: datetime) -> Path | None:
    """Put a checked backup in place of the database. The bot must be stopped.

    The current database (with its ``-wal`` file, if a crash left one) is kept beside it as
    ``<name>.before-restore-<time>``, so a restore can itself be undone.

    Returns:
        Where the previous database was kept, or ``None`` if there was none.

    Raises:
        StorageError: The backup fails its check (the database is left untouched), or a file
            cannot be moved.
    """
    check_sqlite_backup(backup)
    kept = database.with_name(f"{database.name}.before-restore-{now:%Y%m%d-%H%M%S}")
    incoming = database.with_name(database.name + ".restoring")
    try:
        incoming.unlink(missing_ok=True)
        create_private(incoming)
        shutil.copyfile(backup, incoming)
        previous: Path | None = None
        if database.exists():
            database.replace(kept)
            previous = kept
        for suffix in ("-wal", "-shm"):
            leftover = database.with_name(database.name + suffix)
            if leftover.exists():
                leftover.replace(kept.with_name(kept.name + suffix))
        incoming.replace(database)
    except OSError as error:
        raise StorageError(f"the restore into {database} failed: {error}") from error
    return previous


def _run(command: list[str], what: str) -> None:
    """Run a PostgreSQL client tool; its own message explains a failure."""
    if shutil.which(command[0]) is None:
        raise StorageError(
            f"{command[0]} is not installed here: install PostgreSQL's client tools "
            "(Debian: postgresql-client) or run: " + " ".join(command)
        )
    old_mask = os.umask(0o077)  # the dump holds users' data: private from its first byte
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    finally:
        os.umask(old_mask)
    if done.returncode != 0:
        raise StorageError(f"{what} failed: {done.stderr.strip() or done.returncode}")


def backup_postgres(url: str, folder: Path, now: datetime) -> Path:
    """Dump the PostgreSQL database into ``folder`` with ``pg_dump --format=custom``.

    Consistent while the bot runs (``pg_dump`` reads one snapshot).

    Raises:
        StorageError: ``pg_dump`` is missing or failed (nothing is left behind then).
    """
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    target = folder / backup_name(now, ".dump")
    partial = target.with_name(target.name + ".partial")
    try:
        _run(
            ["pg_dump", "--format=custom", "--no-owner", f"--file={partial}", f"--dbname={url}"],
            "pg_dump",
        )
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def restore_postgres(backup: Path, url: str) -> None:
    """Replace the database's tables with a ``pg_dump`` backup. The bot must be stopped.

    Raises:
        StorageError: The file is missing, or ``pg_restore`` is missing or failed.
    """
    if not backup.is_file():
        raise StorageError(f"there is no backup file at {backup}")
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={url}",
            str(backup),
        ],
        "pg_restore",
    )
