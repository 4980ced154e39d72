"""Throwaway databases for the tests: SQLite files and one PostgreSQL database per test run.

PostgreSQL is at ``TEST_POSTGRES_URL`` (default: the local server every developer's machine and
CI run, trust auth, database ``test``). Each pytest process (each pytest-xdist worker too)
creates its own database there, named after the process, and drops it at the end; each test
that asks for a PostgreSQL repository gets it emptied first. A server that cannot be reached
fails those tests with the reason.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg

from storage.open import open_repository, open_sqlite
from storage.postgres_engine import PostgresEngine
from storage.sql import SqlRepository

ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
BACKENDS = ("sqlite", "postgresql")

_TABLES = (
    "users, goals, milestones, milestone_steps, daily_entries, outbox, target_levels,"
    " coach_events, goal_states, partner_invites, partnerships, partner_sharing"
)
_EMPTY = "; ".join(
    [
        *(f"DELETE FROM {table}" for table in reversed(_TABLES.split(", "))),
        "SELECT setval(s.oid, 1, false) FROM pg_class s"
        " JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid"
        " AND d.deptype IN ('a', 'i') JOIN pg_class t ON t.oid = d.refobjid"
        " WHERE s.relkind = 'S' AND t.relname IN ("
        + ", ".join(f"'{table}'" for table in _TABLES.split(", "))
        + ")",
    ]
)
"""Every table emptied, children first, and their ids counted from 1 again: what ``TRUNCATE ...
RESTART IDENTITY`` does, in a millisecond instead of a tenth of a second (a truncate makes new
files for every table), which hundreds of tests a run pay."""
_PREFIX = "smallwins_test_"


def _with_database(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


class PostgresDatabases:
    """One throwaway database for the whole run, emptied before each test that uses it."""

    def __init__(self) -> None:
        """Name the run's database; nothing is created until first use."""
        self.name = f"{_PREFIX}{os.getpid()}_{uuid.uuid4().hex[:8]}"
        self.url = _with_database(ADMIN_URL, self.name)
        self._created = False

    async def _admin(self) -> asyncpg.Connection:
        try:
            return await asyncpg.connect(ADMIN_URL)
        except (OSError, asyncpg.PostgresError) as error:
            raise RuntimeError(
                f"PostgreSQL is not reachable at {ADMIN_URL} ({error}). Start it with "
                "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` "
                "(.ci/run does), or point TEST_POSTGRES_URL at a server."
            ) from error

    async def fresh(self) -> SqlRepository:
        """A migrated repository on the run's database, with every table empty."""
        if not self._created:
            admin = await self._admin()
            try:
                await _drop_orphans(admin)
                await admin.execute(f'CREATE DATABASE "{self.name}"')
            finally:
                await admin.close()
            self._created = True
        repository = await open_repository(self.url)
        engine = repository.engine
        assert isinstance(engine, PostgresEngine)
        # On the repository's own connection: a second one would be a server process started
        # and stopped for every test (a fork and a login on each side).
        await engine.pool.execute(_EMPTY)
        return repository

    async def drop(self) -> None:
        """Drop the run's database (if it was made)."""
        if not self._created:
            return
        admin = await self._admin()
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        finally:
            await admin.close()


async def _drop_orphans(admin: asyncpg.Connection) -> None:
    """Drop the databases of earlier runs that were killed before they could (dead process)."""
    names = await admin.fetch(
        "SELECT datname FROM pg_database WHERE datname LIKE $1", _PREFIX.replace("_", r"\_") + "%"
    )
    for (name,) in names:
        pid = name.removeprefix(_PREFIX).split("_", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


POSTGRES = PostgresDatabases()


@asynccontextmanager
async def fresh_repository(backend: str, folder: Path) -> AsyncIterator[SqlRepository]:
    """An empty, migrated repository of one backend, closed afterwards."""
    repository = (
        open_sqlite(folder / "data" / "bot.db") if backend == "sqlite" else await POSTGRES.fresh()
    )
    try:
        yield repository
    finally:
        await repository.close()
