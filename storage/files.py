"""Files that hold users' data are private to the account that runs the bot."""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def create_private(path: Path) -> None:
    """Create ``path`` empty, readable and writable by its owner only, with any missing folders.

    Folders this creates are private too; existing folders and an existing file are left as
    they are (an operator may have chosen their modes). SQLite gives its ``-wal`` and ``-shm``
    files the mode of the database file, so those follow.

    Raises:
        OSError: The folder or the file cannot be made.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return  # made meanwhile by another process: theirs to keep
    os.close(descriptor)


def readable_by_others(path: Path) -> bool:
    """Whether accounts other than the owner may read ``path`` (group or world bits)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return bool(mode & (stat.S_IRGRP | stat.S_IROTH))
