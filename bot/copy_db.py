"""`python -m bot.copy_db` (`make copy-to-postgres TO=...`): the data from SQLite into PostgreSQL.

Copies every row, ids included, of the SQLite database ``--from`` into the PostgreSQL database
``--to``, whose schema is created first. Either may be left out for the one ``DATABASE_URL``
names: ``make copy-to-postgres`` copies the bot's SQLite file; inside a container of
``deploy/compose.yaml``, whose ``DATABASE_URL`` is PostgreSQL, only ``--from`` is needed. All
in one transaction: the target either holds everything afterwards or is as it was. A database
that already holds data is refused unless ``--replace`` says to empty it first. Stop the bot
before copying (what it writes during the copy would be left behind), then point
``DATABASE_URL`` at PostgreSQL and start it there.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from urllib.parse import urlsplit, urlunsplit

from bot.config import SettingsError, load_settings
from storage.base import StorageError
from storage.copy import copy_sqlite_to_postgres
from storage.open import POSTGRES_SCHEMES, check_database_url, sqlite_path


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bot.copy_db",
        description="Copy a Small Wins SQLite database into PostgreSQL (stop the bot first).",
    )
    parser.add_argument(
        "--from",
        dest="source",
        metavar="URL",
        help="the SQLite database, sqlite:///path.db (default: DATABASE_URL)",
    )
    parser.add_argument(
        "--to",
        dest="target",
        metavar="URL",
        help="the PostgreSQL database, postgresql://user:password@host:5432/database "
        "(default: DATABASE_URL)",
    )
    parser.add_argument(
        "--replace",
        action="store_true",
        help="empty the PostgreSQL database first if it holds data (else that is refused)",
    )
    return parser.parse_args(argv)


def shown(url: str) -> str:
    """``url`` without its password, fit to print."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


def _target_problem(target_url: str) -> str | None:
    """What is wrong with the PostgreSQL URL, or ``None``."""
    try:
        check_database_url(target_url)
    except ValueError as error:
        return f"--to: {error}"
    if target_url.split(":", 1)[0] not in POSTGRES_SCHEMES:
        return f"--to must be a PostgreSQL database (postgresql://...), not {shown(target_url)}"
    return None


def main(argv: list[str] | None = None) -> int:
    """Run the copy; returns the process exit code."""
    arguments = _arguments(argv)
    if arguments.source is None and arguments.target is None:
        print("Small Wins: name the PostgreSQL database to copy into with --to", file=sys.stderr)
        return 2
    configured = ""
    if arguments.source is None or arguments.target is None:
        # The one not given is the bot's own: the SQLite file it used, or the database it is
        # about to use (in a container of deploy/compose.yaml, say).
        try:
            configured = load_settings().database_url
        except SettingsError as error:
            print(f"Small Wins can't read DATABASE_URL. Please fix:\n{error}", file=sys.stderr)
            return 2
    source_url: str = arguments.source or configured
    target_url: str = arguments.target or configured
    source = sqlite_path(source_url)
    problem = (
        f"--from must be a SQLite file (sqlite:///path.db), not {shown(source_url)}"
        if source is None
        else _target_problem(target_url)
    )
    if source is None or problem is not None:
        print(f"Small Wins: {problem}", file=sys.stderr)
        return 2
    try:
        report = asyncio.run(copy_sqlite_to_postgres(source, target_url, replace=arguments.replace))
    except StorageError as error:
        print(f"Small Wins: nothing was copied: {error}", file=sys.stderr)
        return 2
    replaced = sum(report.replaced.values())
    if replaced:
        print(f"Emptied {shown(target_url)} first ({replaced:,} rows were there).")
    print(f"Copied {source} into {shown(target_url)}, rows per table:")
    print(report.describe())
    if arguments.target is not None:
        print("Next: set DATABASE_URL to that database in .env, then start the bot on it.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
