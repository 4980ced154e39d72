"""One process per claim: a second instance is told, on both engines; closing lets go."""

from __future__ import annotations

from pathlib import Path

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
