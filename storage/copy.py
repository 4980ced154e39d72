"""Copying a SQLite database into PostgreSQL, for a bot moving to several instances.

Both engines store the same columns in the same formats (see ``storage/migrations``), so the
copy is row for row, ids included:

* the source is read from a snapshot (``VACUUM INTO`` a temporary file, as a backup is), which
  is brought up to this release's schema; the source file itself is never changed;
* the target is migrated first, then everything happens in one transaction on it: its tables
  are locked (an instance started on it meanwhile waits), checked empty (or emptied when asked
  to replace what it holds), filled with ``COPY``, and each generated id's sequence is set past
  the highest id SQLite ever gave (``sqlite_sequence``), so no id of a deleted row comes back;
* the rows counted in the target must equal the source's before it commits. Any failure rolls
  everything back: the target is as it was.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg

from storage.base import StorageError
from storage.files import create_private
from storage.migrate import migrate, migrate_postgres
from storage.postgres_engine import PostgresEngine

_BATCH = 5_000
"""Rows read from SQLite at a time: the copy of a large log stays small in memory."""

_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "bigint": int,
    "integer": int,
    "smallint": int,
    "double precision": float,
    "real": float,
    "text": str,
}
"""PostgreSQL column type → the Python type ``COPY`` needs for it (SQLite gives int, float, str)."""


class TargetNotEmptyError(StorageError):
    """The PostgreSQL database already holds data, and replacing it was not asked for."""


@dataclass(frozen=True, slots=True)
class CopyReport:
    """What was copied.

    Attributes:
        rows: Rows copied per table, in the order they were copied.
        replaced: Rows the target held before, per table (all zero unless replacing).
    """

    rows: dict[str, int]
    replaced: dict[str, int]

    def describe(self) -> str:
        """One line per table, for the person who ran the copy."""
        width = max(map(len, self.rows), default=0)
        return "\n".join(f"  {table:<{width}}  {count:>10,}" for table, count in self.rows.items())


async def copy_sqlite_to_postgres(
    source: Path, target_url: str, *, replace: bool = False
) -> CopyReport:
    """Copy every row of the SQLite database ``source`` into the PostgreSQL one at ``target_url``.

    Args:
        source: The SQLite file (the bot may be running on it: a snapshot is read, but what it
            writes after the snapshot is not copied, so stop it first).
        target_url: A ``postgresql://`` URL; its schema is created or upgraded first.
        replace: Empty the target's tables first (in the same transaction). Without it a target
            holding any row is refused.

    Raises:
        TargetNotEmptyError: The target holds rows and ``replace`` is false.
        StorageError: The source is missing or not a database this release can read, the target
            cannot be reached or migrated, the two schemas differ, or a row did not fit.
    """
    with tempfile.TemporaryDirectory(prefix="smallwins-copy-") as folder:
        snapshot = _snapshot(source, Path(folder) / "snapshot.db")
        try:
            engine = await PostgresEngine.open(target_url)
            try:
                await migrate_postgres(engine.pool)
            finally:
                await engine.close()
            # One connection of its own: no statement time-out, a large log takes a while.
            try:
                conn = await asyncpg.connect(target_url, timeout=10)
            except (OSError, TimeoutError, asyncpg.PostgresError) as error:
                raise StorageError(f"cannot connect to PostgreSQL: {error}") from error
            try:
                return await _copy(snapshot, conn, replace=replace)
            finally:
                await conn.close()
        finally:
            snapshot.close()


def _snapshot(source: Path, copy: Path) -> sqlite3.Connection:
    """A private, consistent copy of ``source`` at this release's schema, opened for reading."""
    if not source.is_file():
        raise StorageError(f"there is no SQLite database at {source}")
    try:
        create_private(copy)  # VACUUM INTO keeps the empty file's mode: no one else reads it
        live = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            live.execute("PRAGMA busy_timeout = 5000")
            live.execute("VACUUM INTO ?", (str(copy),))
        finally:
            live.close()
        snapshot = sqlite3.connect(copy, isolation_level=None)
    except sqlite3.Error as error:
        raise StorageError(f"cannot read {source}: {error}") from error
    try:
        migrate(snapshot)  # an older release's file: upgraded here, as the bot would
    except BaseException:
        snapshot.close()
        raise
    return snapshot


async def _copy(snapshot: sqlite3.Connection, conn: Any, *, replace: bool) -> CopyReport:
    async with conn.transaction():
        tables = await _tables_in_order(conn)
        in_sqlite = {
            name
            for (name,) in snapshot.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
        if in_sqlite != set(tables):
            raise StorageError(
                f"the schemas differ (tables only in PostgreSQL: {sorted(set(tables) - in_sqlite)},"
                f" only in SQLite: {sorted(in_sqlite - set(tables))}): is the target used by"
                " another release?"
            )
        await conn.execute(f"LOCK TABLE {', '.join(tables)} IN ACCESS EXCLUSIVE MODE")
        held = {table: await _count(conn, table) for table in tables}
        if any(held.values()) and not replace:
            found = ", ".join(f"{count:,} {table}" for table, count in held.items() if count)
            raise TargetNotEmptyError(
                f"the PostgreSQL database already holds data ({found}); copy into an empty "
                "database, or replace what it holds with --replace"
            )
        if any(held.values()):
            await conn.execute(f"TRUNCATE {', '.join(tables)}")
        rows: dict[str, int] = {}
        for table in tables:
            rows[table] = await _copy_table(snapshot, conn, table)
        await _continue_sequences(snapshot, conn)
        for table, expected in rows.items():
            copied = await _count(conn, table)
            if copied != expected:  # pragma: no cover - COPY is all or nothing
                raise StorageError(f"{table}: {copied} rows arrived of {expected}")
    return CopyReport(rows, held)


async def _count(conn: Any, table: str) -> int:
    return int(await conn.fetchval(f"SELECT count(*) FROM {table}"))


async def _tables_in_order(conn: Any) -> list[str]:
    """The target's tables (but the schema's own bookkeeping), each after those it refers to."""
    names = [
        row["table_name"]
        for row in await conn.fetch(
            "SELECT table_name FROM information_schema.tables WHERE table_schema ="
            " current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_version'"
            " ORDER BY table_name"
        )
    ]
    refers: dict[str, set[str]] = {name: set() for name in names}
    for row in await conn.fetch(
        "SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent"
        " FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace"
    ):
        if row["child"] in refers and row["parent"] != row["child"]:
            refers[row["child"]].add(row["parent"])
    ordered: list[str] = []
    while refers:
        ready = sorted(name for name, parents in refers.items() if parents <= set(ordered))
        if not ready:  # pragma: no cover - the schema has no reference cycle
            raise StorageError(f"the tables refer to each other in a cycle: {sorted(refers)}")
        ordered += ready
        for name in ready:
            del refers[name]
    return ordered


async def _copy_table(snapshot: sqlite3.Connection, conn: Any, table: str) -> int:
    columns = await conn.fetch(
        "SELECT column_name, data_type FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
        table,
    )
    names = [column["column_name"] for column in columns]
    in_sqlite = {row[1] for row in snapshot.execute(f"PRAGMA table_info({table})")}
    if set(names) != in_sqlite:
        only_pg, only_sqlite = set(names) - in_sqlite, in_sqlite - set(names)
        raise StorageError(
            f"the schemas differ in {table!r} (only in PostgreSQL: {sorted(only_pg)}, "
            f"only in SQLite: {sorted(only_sqlite)}): is the target used by another release?"
        )
    try:
        converters = [_CONVERTERS[column["data_type"]] for column in columns]
    except KeyError as error:  # pragma: no cover - the migrations use the types above only
        raise StorageError(f"{table}: no copy for column type {error}") from error
    counted = [0]
    records = _records(snapshot, table, names, converters, counted)
    try:
        await conn.copy_records_to_table(table, records=records, columns=names)
    except (asyncpg.PostgresError, ValueError, TypeError) as error:
        raise StorageError(f"{table}: a row did not fit in PostgreSQL ({error})") from error
    return counted[0]


def _records(
    snapshot: sqlite3.Connection,
    table: str,
    names: list[str],
    converters: list[Callable[[Any], Any]],
    counted: list[int],
) -> Iterator[tuple[Any, ...]]:
    """The table's rows in PostgreSQL's types, read a batch at a time."""
    quoted = ", ".join(f'"{name}"' for name in names)
    cursor = snapshot.execute(f"SELECT {quoted} FROM {table}")
    while batch := cursor.fetchmany(_BATCH):
        for row in batch:
            counted[0] += 1
            yield tuple(
                None if value is None else convert(value)
                for value, convert in zip(row, converters, strict=True)
            )


async def _continue_sequences(snapshot: sqlite3.Connection, conn: Any) -> None:
    """Each generated id continues after the highest SQLite gave, deleted rows' ids included."""
    given = dict(snapshot.execute("SELECT name, seq FROM sqlite_sequence").fetchall())
    for row in await conn.fetch(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND is_identity = 'YES'"
    ):
        table, column = row["table_name"], row["column_name"]
        highest = max(
            int(given.get(table, 0)),
            int(await conn.fetchval(f"SELECT COALESCE(MAX({column}), 0) FROM {table}")),
        )
        sequence = await conn.fetchval("SELECT pg_get_serial_sequence($1, $2)", table, column)
        # setval(…, false) hands out exactly that value next: 1 for a table never written.
        await conn.fetchval("SELECT setval($1, $2, false)", sequence, highest + 1)
