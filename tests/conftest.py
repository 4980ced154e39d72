"""Fixtures every tier shares: the throwaway PostgreSQL database of this run."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from tests.databases import POSTGRES


@pytest.fixture(scope="session", autouse=True)
def _drop_the_run_database() -> Iterator[None]:
    """Drop this run's PostgreSQL database when the run ends (if a test made it)."""
    yield
    asyncio.run(POSTGRES.drop())
