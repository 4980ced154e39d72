"""PostgreSQL migrations: fresh, re-opened, refused when newer, rolled back when they fail.

Each test migrates its own empty schema in this run's throwaway database (``search_path``), so
the tests neither see nor disturb each other's tables.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest

from storage.migrate import (
    POSTGRESQL,
    Migration,
    MigrationError,
    SchemaTooNewError,
    load_migrations,
    migrate_postgres,
    postgres_schema_version,
)
from tests.databases import POSTGRES
from tests.storage.schema_history import check_history, postgres_schema

MIGRATIONS = load_migrations(POSTGRESQL)
LATEST = len(MIGRATIONS)
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
    "schema_version",
}


@pytest.fixture
async def pool() -> AsyncIterator[Any]:
    """A pool whose connections live in a new, empty schema."""
    await (await POSTGRES.fresh()).close()  # makes sure the run's database exists
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(POSTGRES.url)
    await admin.execute(f"CREATE SCHEMA {schema}")
    connections = await asyncpg.create_pool(
        POSTGRES.url, min_size=1, max_size=3, server_settings={"search_path": schema}
    )
    try:
        yield connections
    finally:
        await connections.close()
        await admin.execute(f"DROP SCHEMA {schema} CASCADE")
        await admin.close()


async def tables(pool: Any) -> set[str]:
    async with pool.acquire() as conn:
        rows = await conn.fetch(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        )
    return {row["table_name"] for row in rows}


async def test_a_fresh_database_reaches_the_latest_version(pool: Any) -> None:
    assert await migrate_postgres(pool) == LATEST

    assert await postgres_schema_version(pool) == LATEST
    assert await tables(pool) == TABLES


async def test_every_version_leaves_the_schema_it_shipped_with(pool: Any) -> None:
    schemas = []
    for version in range(1, LATEST + 1):
        assert await migrate_postgres(pool, MIGRATIONS[:version]) == version
        async with pool.acquire() as conn:
            schemas.append(await postgres_schema(conn))

    check_history(POSTGRESQL, schemas)


async def test_migrating_again_is_a_no_op_that_keeps_data(pool: Any) -> None:
    await migrate_postgres(pool)
    async with pool.acquire() as conn:
        await conn.execute(
            "INSERT INTO users (user_id, chat_id, created_at, updated_at) VALUES (1, 10, 't', 't')"
        )

    assert await migrate_postgres(pool) == LATEST

    async with pool.acquire() as conn:
        assert await conn.fetchval("SELECT COUNT(*) FROM users") == 1


async def test_a_database_newer_than_the_code_is_refused(pool: Any) -> None:
    await migrate_postgres(pool)
    async with pool.acquire() as conn:
        await conn.execute("UPDATE schema_version SET version = $1", LATEST + 3)

    with pytest.raises(SchemaTooNewError) as caught:
        await migrate_postgres(pool)

    assert (caught.value.database_version, caught.value.code_version) == (LATEST + 3, LATEST)


async def test_a_failing_migration_rolls_back_and_keeps_the_version(pool: Any) -> None:
    broken = "CREATE TABLE half_done (x INTEGER);\nINSERT INTO no_such_table VALUES (1);\n"
    migrations = [*MIGRATIONS[:1], Migration(2, "broken.sql", broken)]

    with pytest.raises(MigrationError, match=r"Migration 2 \(broken\.sql\).*version 1"):
        await migrate_postgres(pool, migrations)

    assert await postgres_schema_version(pool) == 1
    assert "half_done" not in await tables(pool)
    assert "users" in await tables(pool)


async def test_instances_starting_at_once_apply_each_migration_once(pool: Any) -> None:
    versions = await asyncio.gather(migrate_postgres(pool), migrate_postgres(pool))

    assert list(versions) == [LATEST, LATEST]
    async with pool.acquire() as conn:
        assert await conn.fetchval("SELECT COUNT(*) FROM schema_version") == 1


async def test_an_upgrade_from_the_first_version_keeps_data(pool: Any) -> None:
    assert await migrate_postgres(pool, MIGRATIONS[:1]) == 1
    async with pool.acquire() as conn:
        await conn.execute(
            "INSERT INTO users (user_id, chat_id, created_at, updated_at)"
            " VALUES (7000000001, -1001234567890, 't', 't')"
        )
        await conn.execute(
            "INSERT INTO goals (user_id, priority, created_at, updated_at)"
            " VALUES (7000000001, 1, 't', 't')"
        )

    assert await migrate_postgres(pool) == LATEST

    async with pool.acquire() as conn:
        assert await conn.fetchval("SELECT chat_id FROM users") == -1001234567890
        assert await conn.fetchval("SELECT COUNT(*) FROM goals") == 1
        assert await conn.fetchval("SELECT COUNT(*) FROM goal_states") == 0
