"""Schema migrations for both engines: ``storage/migrations/sqlite`` and ``.../postgresql``.

Migrations are numbered SQL files, ``NNNN_name.sql``, numbered 1, 2, 3, ... without gaps, one
folder per engine (the same change is written once for each: SQLite's and PostgreSQL's column
types and table rebuilds differ). SQLite keeps the number of the last one applied in
``PRAGMA user_version``; PostgreSQL in the one-row table ``schema_version``. At start-up every
newer file is applied in order, each in its own transaction together with the version bump, so
a failing migration leaves both the schema and the version as they were, and a database newer
than the code is refused.

Writing a migration:
    * Plain SQL statements separated by ``;``. No ``BEGIN``/``COMMIT``: the runner owns the
      transaction.
    * Never edit a migration that has shipped; add a new one.
    * SQLite migrations run with ``foreign_keys`` OFF, as SQLite's 12-step table rebuild requires:
      with it ON, ``DROP TABLE users`` would cascade and delete every goal. Because nothing is
      enforced meanwhile, the runner runs ``PRAGMA foreign_key_check`` before committing; a
      migration that leaves a dangling reference fails and rolls back. The connection's
      ``foreign_keys`` setting is restored afterwards.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import asyncpg

from storage.base import StorageError

_FILE_NAME = re.compile(r"^(?P<version>\d{4})_(?P<name>[a-z0-9_]+)\.sql$")


class MigrationError(StorageError):
    """The schema could not be brought up to date."""


class SchemaTooNewError(MigrationError):
    """The database was written by a newer version of the code.

    Attributes:
        database_version: The schema version found in the database.
        code_version: The newest schema version this code knows.
    """

    def __init__(self, database_version: int, code_version: int) -> None:
        """Build the error with both versions in the message."""
        super().__init__(
            f"The database schema is at version {database_version}, but this code only knows "
            f"versions up to {code_version}. Upgrade the bot (or restore a matching backup); "
            "downgrading a database is not supported."
        )
        self.database_version = database_version
        self.code_version = code_version


@dataclass(frozen=True, slots=True)
class Migration:
    """One numbered migration file.

    Attributes:
        version: The number in the file name; the schema version once applied.
        name: The file name, for messages.
        sql: The file's text.
    """

    version: int
    name: str
    sql: str


SQLITE = "sqlite"
POSTGRESQL = "postgresql"


def default_migrations_folder(engine: str = SQLITE) -> Traversable:
    """The migrations shipped with the package for an engine (``storage/migrations/<engine>``)."""
    return files("storage").joinpath("migrations").joinpath(engine)


def load_migrations(
    folder: Traversable | Path | None = None, engine: str = SQLITE
) -> list[Migration]:
    """Read and validate the migration files of ``folder``, in version order.

    Args:
        folder: Where the ``NNNN_name.sql`` files are; the shipped migrations by default.

    Returns:
        The migrations, numbered 1 to N.

    Raises:
        MigrationError: A ``.sql`` file is misnamed, or the numbers have a gap or a duplicate.
    """
    root = default_migrations_folder(engine) if folder is None else folder
    found: dict[int, Migration] = {}
    for entry in root.iterdir():
        if not entry.name.endswith(".sql"):
            continue
        match = _FILE_NAME.match(entry.name)
        if match is None:
            raise MigrationError(f"Migration file {entry.name!r} is not named like 0001_name.sql")
        version = int(match["version"])
        if version in found:
            raise MigrationError(
                f"Migrations {found[version].name!r} and {entry.name!r} share number {version}"
            )
        found[version] = Migration(version, entry.name, entry.read_text(encoding="utf-8"))
    expected = list(range(1, len(found) + 1))
    if sorted(found) != expected:
        raise MigrationError(
            f"Migrations must be numbered 1..{len(found)} without gaps; found {sorted(found)}"
        )
    return [found[v] for v in expected]


def split_statements(script: str) -> list[str]:
    """Split a SQL script into single statements.

    ``sqlite3`` executes one statement per call, and ``executescript`` would commit the runner's
    transaction first, so the script is cut at each ``;`` that SQLite itself says ends a complete
    statement (a ``;`` inside a string, a comment or a trigger body does not).

    Args:
        script: The text of a migration.

    Returns:
        The statements, each ending with ``;`` except possibly a final one without it.
    """
    statements: list[str] = []
    current = ""
    *pieces, rest = script.split(";")
    for piece in pieces:
        current += piece + ";"
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    current += rest
    if current.strip():
        # A last statement without ';' (or trailing comments, which SQLite runs as a no-op).
        statements.append(current.strip())
    return statements


def _pragma(conn: sqlite3.Connection, name: str) -> int:
    row = conn.execute(f"PRAGMA {name}").fetchone()
    assert row is not None
    return int(row[0])


def schema_version(conn: sqlite3.Connection) -> int:
    """Return a SQLite database's ``PRAGMA user_version``."""
    return _pragma(conn, "user_version")


def migrate(conn: sqlite3.Connection, folder: Traversable | Path | None = None) -> int:
    """Apply every SQLite migration newer than the database's version, in order.

    The connection must be in autocommit mode (``isolation_level=None``) and not inside a
    transaction. Each migration runs in its own ``BEGIN IMMEDIATE`` transaction with the version
    bump; the version is re-read inside that transaction, so two processes starting at once do
    not apply the same migration twice.

    Args:
        conn: An open connection.
        folder: Where the migration files are; the shipped SQLite migrations by default.

    Returns:
        The schema version after migrating.

    Raises:
        SchemaTooNewError: The database is newer than the newest migration.
        MigrationError: A migration failed (it was rolled back, the version is unchanged), or the
            migration files are malformed.
    """
    migrations = load_migrations(folder)
    latest = len(migrations)
    current = schema_version(conn)
    if current > latest:
        raise SchemaTooNewError(current, latest)
    if current == latest:
        return current
    enforced = _pragma(conn, "foreign_keys")
    # Only possible outside a transaction, hence once around all migrations.
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        for migration in migrations[current:]:
            _apply(conn, migration)
    finally:
        conn.execute(f"PRAGMA foreign_keys = {'ON' if enforced else 'OFF'}")
    return schema_version(conn)


def _apply(conn: sqlite3.Connection, migration: Migration) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        if schema_version(conn) >= migration.version:
            # Another process applied it since we looked.
            conn.execute("COMMIT")
            return
        for statement in split_statements(migration.sql):
            conn.execute(statement)
        dangling = conn.execute("PRAGMA foreign_key_check").fetchall()
        if dangling:
            tables = sorted({str(row[0]) for row in dangling})
            raise MigrationError(
                f"{len(dangling)} row(s) with a broken foreign key in {', '.join(tables)}"
            )
        # PRAGMA takes no parameters; the version is an int we parsed ourselves.
        conn.execute(f"PRAGMA user_version = {migration.version:d}")
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(exc, MigrationError | sqlite3.Error):
            raise MigrationError(
                f"Migration {migration.name} failed and was rolled back "
                f"(the schema stays at version {migration.version - 1}): {exc}"
            ) from exc
        raise


# PostgreSQL: one advisory lock (an arbitrary constant) serialises instances that start at once.
_MIGRATION_LOCK = 0x5347_4D49  # "SWMI"


async def postgres_schema_version(pool: Any) -> int:
    """Return a PostgreSQL database's schema version (0 before the first migration)."""
    async with pool.acquire() as conn:
        exists = await conn.fetchval("SELECT to_regclass('schema_version') IS NOT NULL")
        if not exists:
            return 0
        return int(await conn.fetchval("SELECT COALESCE(MAX(version), 0) FROM schema_version"))


async def migrate_postgres(pool: Any, folder: Traversable | Path | None = None) -> int:
    """Apply every PostgreSQL migration newer than the database's version, in order.

    Each migration runs in its own transaction with the version bump, under an advisory lock,
    so several instances starting at once apply each migration exactly once.

    Args:
        pool: An asyncpg pool.
        folder: Where the migration files are; the shipped PostgreSQL migrations by default.

    Returns:
        The schema version after migrating.

    Raises:
        SchemaTooNewError: The database is newer than the newest migration.
        MigrationError: A migration failed (it was rolled back, the version is unchanged).
    """
    migrations = load_migrations(folder, POSTGRESQL)
    latest = len(migrations)
    current = await postgres_schema_version(pool)
    if current > latest:
        raise SchemaTooNewError(current, latest)
    async with pool.acquire() as conn:
        for migration in migrations[current:]:
            try:
                async with conn.transaction():
                    await conn.execute("SELECT pg_advisory_xact_lock($1)", _MIGRATION_LOCK)
                    await conn.execute(
                        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"
                    )
                    done = await conn.fetchval(
                        "SELECT COALESCE(MAX(version), 0) FROM schema_version"
                    )
                    if done >= migration.version:
                        continue  # another instance applied it since we looked
                    # No parameters: asyncpg runs the whole file as one simple query.
                    await conn.execute(migration.sql)
                    await conn.execute("DELETE FROM schema_version")
                    await conn.execute(
                        "INSERT INTO schema_version (version) VALUES ($1)", migration.version
                    )
            except asyncpg.PostgresError as exc:
                raise MigrationError(
                    f"Migration {migration.name} failed and was rolled back "
                    f"(the schema stays at version {migration.version - 1}): {exc}"
                ) from exc
    return await postgres_schema_version(pool)
