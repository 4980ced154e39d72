"""SQLite by file path: the embedded default, for tests and tools that hold a path, not a URL."""

from __future__ import annotations

from pathlib import Path
from typing import Self

from storage.open import open_sqlite
from storage.sql import SqlRepository


class SqliteRepository(SqlRepository):
    """The SQL repository on a SQLite file (all of it in ``storage.sql``)."""

    @classmethod
    async def open(cls, path: str | Path) -> Self:
        """Open (creating if needed) and migrate the SQLite database at ``path``.

        Args:
            path: The database file, or ``":memory:"`` for a private in-memory database.
        """
        return cls(open_sqlite(path).engine)
