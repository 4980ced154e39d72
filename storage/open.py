"""Opening the repository a ``DATABASE_URL`` names: the engine, the migrations, the repository."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit

from storage.base import StorageError
from storage.files import readable_by_others
from storage.migrate import migrate, migrate_postgres
from storage.postgres_engine import PostgresEngine
from storage.sql import SqlRepository
from storage.sqlite_engine import SqliteEngine

SQLITE_PREFIX = "sqlite:///"
POSTGRES_SCHEMES = ("postgresql", "postgres")

logger = logging.getLogger(__name__)


def check_database_url(url: str) -> str:
    """Check a ``DATABASE_URL``'s shape (not that the database is reachable).

    Accepted: ``sqlite:///relative/path.db``, ``sqlite:////absolute/path.db``,
    ``sqlite:///:memory:`` and ``postgresql://user@host:port/database`` (``postgres://`` too).

    Returns:
        The URL unchanged.

    Raises:
        ValueError: The URL names no engine this version knows, or no database.
    """
    if url.startswith(SQLITE_PREFIX):
        if not url[len(SQLITE_PREFIX) :]:
            raise ValueError("the sqlite:/// URL has no file path")
        return url
    scheme = url.split(":", 1)[0] if ":" in url else url
    if scheme in POSTGRES_SCHEMES:
        parts = urlsplit(url)
        try:
            parts.port  # noqa: B018 (parsing it is the check)
        except ValueError as error:
            raise ValueError("the postgresql:// URL has a port that is not a number") from error
        if not parts.hostname and "host=" not in parts.query:
            raise ValueError("the postgresql:// URL has no host")
        if not parts.path.strip("/"):
            raise ValueError("the postgresql:// URL has no database name")
        return url
    raise ValueError(
        f"{scheme!r} databases are not supported; use sqlite:///path.db or postgresql://..."
    )


def sqlite_path(url: str) -> Path | None:
    """The file a ``sqlite:///`` URL names, or ``None`` for PostgreSQL and ``:memory:``."""
    if not url.startswith(SQLITE_PREFIX):
        return None
    path = url[len(SQLITE_PREFIX) :]
    return None if path == ":memory:" else Path(path)


async def open_repository(url: str) -> SqlRepository:
    """Open the database a ``DATABASE_URL`` names and bring its schema up to date.

    Raises:
        ValueError: The URL is malformed (see :func:`check_database_url`).
        StorageError: The database cannot be opened or reached.
        storage.migrate.SchemaTooNewError: The database was written by newer code.
        storage.migrate.MigrationError: A migration failed (and was rolled back).
    """
    check_database_url(url)
    if url.startswith(SQLITE_PREFIX):
        return open_sqlite(url[len(SQLITE_PREFIX) :])
    engine = await PostgresEngine.open(url)
    try:
        await migrate_postgres(engine.pool)
    except BaseException:
        await engine.close()
        raise
    return SqlRepository(engine)


def open_sqlite(path: str | Path) -> SqlRepository:
    """Open (creating if needed) a SQLite database file, or ``":memory:"``, and migrate it.

    Raises:
        StorageError: The file cannot be opened, or SQLite is too old.
        storage.migrate.SchemaTooNewError: The database was written by newer code.
        storage.migrate.MigrationError: A migration failed (and was rolled back).
    """
    engine = SqliteEngine.open(path)
    try:
        migrate(engine.connection)
    except BaseException:
        conn = engine.connection
        conn.close()
        raise
    if str(path) != ":memory:" and readable_by_others(Path(path)):
        logger.warning(
            "The database %s can be read by other accounts on this machine; "
            "`chmod 600` it and its -wal and -shm files.",
            path,
        )
    return SqlRepository(engine)


__all__ = ["StorageError", "check_database_url", "open_repository", "open_sqlite", "sqlite_path"]
