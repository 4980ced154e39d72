"""Schema migrations for the SQLite backend, tracked with ``PRAGMA user_version``.

Migrations are numbered SQL files, ``NNNN_name.sql``, numbered 1, 2, 3, ... without gaps. The
database's ``user_version`` is the number of the last one applied. At start-up every newer file
is applied in order, each in its own ``BEGIN IMMEDIATE`` transaction together with the version
bump, so a failing migration leaves both the schema and the version as they were.

Writing a migration:
    * Plain SQL statements separated by ``;``. No ``BEGIN``/``COMMIT``: the runner owns the
      transaction.
    * Never edit a migration that has shipped; add a new one.
    * Migrations run with ``foreign_keys`` OFF, as SQLite's 12-step table rebuild requires:
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

import aiosqlite

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


def default_migrations_folder() -> Traversable:
    """The migrations shipped with the package (``storage/migrations``)."""
    return files("storage").joinpath("migrations")


def load_migrations(folder: Traversable | Path | None = None) -> list[Migration]:
    """Read and validate the migration files of ``folder``, in version order.

    Args:
        folder: Where the ``NNNN_name.sql`` files are; the shipped migrations by default.

    Returns:
        The migrations, numbered 1 to N.

    Raises:
        MigrationError: A ``.sql`` file is misnamed, or the numbers have a gap or a duplicate.
    """
    root = default_migrations_folder() if folder is None else folder
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


async def _pragma(conn: aiosqlite.Connection, name: str) -> int:
    async with conn.execute(f"PRAGMA {name}") as cursor:
        row = await cursor.fetchone()
    assert row is not None
    return int(row[0])


async def schema_version(conn: aiosqlite.Connection) -> int:
    """Return the database's ``PRAGMA user_version``."""
    return await _pragma(conn, "user_version")


async def migrate(conn: aiosqlite.Connection, folder: Traversable | Path | None = None) -> int:
    """Apply every migration newer than the database's version, in order.

    The connection must be in autocommit mode (``isolation_level=None``) and not inside a
    transaction. Each migration runs in its own ``BEGIN IMMEDIATE`` transaction with the version
    bump; the version is re-read inside that transaction, so two processes starting at once do
    not apply the same migration twice.

    Args:
        conn: An open connection.
        folder: Where the migration files are; the shipped migrations by default.

    Returns:
        The schema version after migrating.

    Raises:
        SchemaTooNewError: The database is newer than the newest migration.
        MigrationError: A migration failed (it was rolled back, the version is unchanged), or the
            migration files are malformed.
    """
    migrations = load_migrations(folder)
    latest = len(migrations)
    current = await schema_version(conn)
    if current > latest:
        raise SchemaTooNewError(current, latest)
    if current == latest:
        return current
    enforced = await _pragma(conn, "foreign_keys")
    # Only possible outside a transaction, hence once around all migrations.
    await conn.execute("PRAGMA foreign_keys = OFF")
    try:
        for migration in migrations[current:]:
            await _apply(conn, migration)
    finally:
        await conn.execute(f"PRAGMA foreign_keys = {'ON' if enforced else 'OFF'}")
    return await schema_version(conn)


async def _apply(conn: aiosqlite.Connection, migration: Migration) -> None:
    await conn.execute("BEGIN IMMEDIATE")
    try:
        if await schema_version(conn) >= migration.version:
            # Another process applied it since we looked.
            await conn.execute("COMMIT")
            return
        for statement in split_statements(migration.sql):
            await conn.execute(statement)
        dangling = list(await conn.execute_fetchall("PRAGMA foreign_key_check"))
        if dangling:
            tables = sorted({str(row[0]) for row in dangling})
            raise MigrationError(
                f"{len(dangling)} row(s) with a broken foreign key in {', '.join(tables)}"
            )
        # PRAGMA takes no parameters; the version is an int we parsed ourselves.
        await conn.execute(f"PRAGMA user_version = {migration.version:d}")
        await conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            await conn.execute("ROLLBACK")
        if isinstance(exc, MigrationError | sqlite3.Error):
            raise MigrationError(
                f"Migration {migration.name} failed and was rolled back "
                f"(the schema stays at version {migration.version - 1}): {exc}"
            ) from exc
        raise
