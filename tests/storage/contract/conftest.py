"""The fresh repository of each engine that every contract test runs on."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage.base import Repository
from tests.databases import BACKENDS, fresh_repository


@pytest.fixture(params=BACKENDS)
async def repo(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Repository]:
    """A fresh, empty repository of each engine (SQLite in a folder open() must create)."""
    async with fresh_repository(request.param, tmp_path) as backend:
        yield backend
