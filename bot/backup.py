"""`python -m bot.backup` (`make backup`, `make restore FILE=...`): back up or restore the database.

The database is the one ``DATABASE_URL`` names (from the environment or ``.env``, as for the
bot). A backup is safe while the bot runs; a restore needs the bot stopped, so it asks first
(or takes ``--yes`` where nobody can answer).
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.config import SettingsError, load_settings
from storage.backup import backup_postgres, backup_sqlite, restore_postgres, restore_sqlite
from storage.base import StorageError
from storage.open import sqlite_path

STOP_FIRST = "Restoring replaces everything the bot holds now. Is the bot stopped? [y/N] "


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bot.backup",
        description="Back up the Small Wins database (safe while the bot runs), or restore one.",
    )
    parser.add_argument(
        "--to",
        type=Path,
        help="folder for backups (default: 'backups' beside the SQLite file, or ./backups)",
    )
    commands = parser.add_subparsers(dest="command")
    restore = commands.add_parser("restore", help="put a backup in place (stop the bot first)")
    restore.add_argument("file", type=Path, help="a backup made by this command")
    restore.add_argument("--yes", action="store_true", help="the bot is stopped: don't ask")
    return parser.parse_args(argv)


def _confirmed(assume_yes: bool) -> bool:
    if assume_yes:
        return True
    if not sys.stdin.isatty():
        print("Stop the bot, then run the restore again with --yes.", file=sys.stderr)
        return False
    return input(STOP_FIRST).strip().lower() in {"y", "yes"}


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns the process exit code."""
    arguments = _arguments(argv)
    try:
        url = load_settings().database_url
    except SettingsError as error:
        print(f"Small Wins can't reach its database. Please fix:\n{error}", file=sys.stderr)
        return 2
    database = sqlite_path(url)
    now = datetime.now(UTC)
    try:
        if arguments.command == "restore":
            if not _confirmed(arguments.yes):
                return 1
            if database is None:
                restore_postgres(arguments.file, url)
                print(f"Restored {arguments.file}. Start the bot again.")
                return 0
            kept = restore_sqlite(arguments.file, database, now)
            if kept is not None:
                print(f"The database you had is kept as {kept}.")
            print(f"Restored {arguments.file} into {database}. Start the bot again.")
            return 0
        if database is None:
            folder = arguments.to or Path("backups")
            print(f"Backed up to {backup_postgres(url, folder, now)}")
            return 0
        folder = arguments.to or database.parent / "backups"
        print(f"Backed up to {backup_sqlite(database, folder, now).describe()}")
        return 0
    except StorageError as error:
        print(f"Small Wins: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
