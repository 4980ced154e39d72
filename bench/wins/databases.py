"""Where the ``wins`` databases live: the URLs, and the two functions a new backend plugs into."""

from __future__ import annotations

import os
from pathlib import Path

from bench.population import Population, PopulationSpec, build_population
from bench.population_postgres import build_postgres_population, drop_database
from bench.scenario import RunContext
from storage.base import Repository
from storage.open import open_repository as open_any_repository


class UnsupportedDatabase(ValueError):
    """The benchmark cannot build or open a database at this URL yet."""


def database_url_for(base_url: str, days: int) -> str:
    """The URL of the database with ``days`` of history: ``_<days>d`` added to the last name.

    ``sqlite:///tmp/bench.db`` -> ``sqlite:///tmp/bench_365d.db``;
    ``postgresql://me@db/bench?sslmode=off`` -> ``postgresql://me@db/bench_365d?sslmode=off``.
    """
    url, mark, query = base_url.partition("?")
    head, slash, name = url.rpartition("/")
    if not slash or not name:
        raise UnsupportedDatabase(f"{base_url!r} names no database (nothing after the last /)")
    stem, dot, extension = name.rpartition(".") if "." in name else (name, "", "")
    return f"{head}/{stem}_{days}d{dot}{extension}{mark}{query}"


SQLITE = "sqlite:///"


def _sqlite_path(database_url: str) -> Path | None:
    """The file of a ``sqlite:///`` URL (``sqlite:////abs/x.db`` or ``sqlite:///rel/x.db``)."""
    if not database_url.startswith(SQLITE):
        return None
    path = database_url.removeprefix(SQLITE)
    if not path or path == ":memory:":
        raise UnsupportedDatabase(f"{database_url!r}: the benchmark needs a database file")
    return Path(path)


SQLITE_ENGINE = "sqlite"
POSTGRES_ENGINE = "postgresql"
ENGINES = (SQLITE_ENGINE, POSTGRES_ENGINE)
ENGINE_NAMES = {SQLITE_ENGINE: "SQLite", POSTGRES_ENGINE: "PostgreSQL"}
POSTGRES_URL_VARIABLE = "BENCH_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/bench_wins_{pid}"
"""Where PostgreSQL databases go without ``--database-url`` (or ``$BENCH_POSTGRES_URL``)."""


def engine_of(database_url: str) -> str:
    """``"sqlite"`` or ``"postgresql"``: the engine a URL names.

    Raises:
        UnsupportedDatabase: Any other scheme.
    """
    if database_url.startswith(SQLITE):
        return SQLITE_ENGINE
    scheme = database_url.split(":", 1)[0]
    if scheme in ("postgresql", "postgres"):
        return POSTGRES_ENGINE
    raise UnsupportedDatabase(f"no repository for {scheme!r} URLs; use sqlite:/// or postgresql://")


def base_urls(context: RunContext) -> dict[str, str]:
    """The base URL of each engine to measure, in order (``_<days>d`` is added per history).

    ``--engines`` picks the engines (default: both; with only ``--database-url``, its engine);
    ``--database-url`` is the base for its own engine. Otherwise SQLite files go in the
    scenario's folder and PostgreSQL databases on ``$BENCH_POSTGRES_URL`` or
    :data:`DEFAULT_POSTGRES_URL`.
    """
    given = context.database_url
    given_engine = None if given is None else engine_of(given)
    engines = context.engines or ((given_engine,) if given_engine else ENGINES)
    urls = {}
    for engine in engines:
        if engine not in ENGINES:
            raise UnsupportedDatabase(
                f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}"
            )
        if given is not None and engine == given_engine:
            urls[engine] = given
        elif engine == SQLITE_ENGINE:
            urls[engine] = f"{SQLITE}{context.workdir / 'wins.db'}"
        else:
            urls[engine] = os.environ.get(POSTGRES_URL_VARIABLE) or DEFAULT_POSTGRES_URL.format(
                pid=os.getpid()
            )
    return urls


async def populate(database_url: str, spec: PopulationSpec) -> Population:
    """Create the database at ``database_url`` and fill it as ``spec`` says (verified).

    Raises:
        UnsupportedDatabase: Neither a ``sqlite:///`` file nor a ``postgresql://`` database.
        FileExistsError: The SQLite file or the PostgreSQL database exists already (a
            benchmark never reuses one).
    """
    if engine_of(database_url) == POSTGRES_ENGINE:
        return await build_postgres_population(database_url, spec)
    path = _sqlite_path(database_url)
    assert path is not None
    return await build_population(path, spec)


async def discard(database_url: str) -> None:
    """Drop a PostgreSQL database the benchmark built (SQLite files stay where they are)."""
    if engine_of(database_url) == POSTGRES_ENGINE:
        await drop_database(database_url)


async def open_repository(database_url: str) -> Repository:
    """The repository on ``database_url``: the one place this scenario opens storage.

    Raises:
        UnsupportedDatabase: Neither ``sqlite:///`` nor ``postgresql://``.
    """
    engine_of(database_url)
    return await open_any_repository(database_url)
