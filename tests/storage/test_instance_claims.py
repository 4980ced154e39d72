"""One process per claim: a second instance is told, on both engines; closing lets go."""

from __future__ import annotations

from pathlib import Path

import asyncpg
import pytest

from storage.open import open_repository, open_sqlite
from storage.sql import SqlRepository
from tests.databases import BACKENDS, POSTGRES, fresh_repository


async def second_repository(backend: str, folder: Path) -> SqlRepository:
    """Another process's view of the same database (another connection, another file handle)."""
    if backend == "sqlite":
        return open_sqlite(folder / "data" / "bot.db")
    return await open_repository(POSTGRES.url)


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_claim_is_refused_to_another_holder_until_the_first_closes(
    backend: str, tmp_path: Path
) -> None:
    async with fresh_repository(backend, tmp_path) as first:
        other = await second_repository(backend, tmp_path)
        try:
            assert await first.claim_instance("polling 42")
            assert await first.claim_instance("polling 42")  # the holder may ask again
            assert not await other.claim_instance("polling 42")
            await first.close()
            assert await other.claim_instance("polling 42")
        finally:
            await other.close()


async def test_on_postgresql_claims_of_different_names_do_not_meet(tmp_path: Path) -> None:
    async with fresh_repository("postgresql", tmp_path) as first:
        other = await second_repository("postgresql", tmp_path)
        try:
            assert not first.single_instance
            assert await first.claim_instance("polling 42")
            assert await other.claim_instance("polling 43")  # another bot on the same database
        finally:
            await other.close()


async def test_on_sqlite_the_whole_file_is_claimed_whatever_the_name(tmp_path: Path) -> None:
    async with fresh_repository("sqlite", tmp_path) as first:
        other = await second_repository("sqlite", tmp_path)
        try:
            assert first.single_instance
            assert await first.claim_instance("polling 42")
            assert not await other.claim_instance("polling 43")
        finally:
            await other.close()
    memory = open_sqlite(":memory:")
    try:
        assert await memory.claim_instance("polling 42")  # nobody else can open it anyway
    finally:
        await memory.close()


async def test_a_claim_whose_connection_the_server_cut_is_asked_again(tmp_path: Path) -> None:
    """A server restart (or an administrator) ends the claim's connection and its lock: asking
    again takes a new connection and the lock if it is free, instead of failing."""
    async with fresh_repository("postgresql", tmp_path) as first:
        other = await second_repository("postgresql", tmp_path)
        admin = await asyncpg.connect(POSTGRES.url)
        try:
            assert await first.claim_instance("sender 42")
            holder = await admin.fetchval(
                "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
                " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            )
            # Returns once the backend has ended (and its lock with it), 5 s at most.
            assert await admin.fetchval("SELECT pg_terminate_backend($1, 5000)", holder)

            assert await other.claim_instance("sender 42")  # the lock went with the connection
            assert not await first.claim_instance("sender 42")  # asked again: now it is taken
            await other.close()
            assert await first.claim_instance("sender 42")
        finally:
            await admin.close()
            await other.close()
