"""The bulk checks the scheduler benchmark needs around the code it measures, in SQL.

:func:`outbox_census` (read-only) counts what a tick wrote; :func:`restore_next_due` sets the
users due again between runs. Here so that no scenario writes SQL.
"""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bench.population import stamp


@dataclass(frozen=True, slots=True)
class OutboxCensus:
    """What the outbox and the users' due times look like, counted in SQL (read-only).

    Attributes:
        users: Users in the database.
        rows: Outbox rows, any status.
        pending: Rows waiting to be sent.
        pending_users: Distinct users with at least one pending row.
        most_pending: The most pending rows any one user has (1 after a one-slot wave).
        users_without_pending: Users with no pending row at all.
        still_due: Users whose next due time is at or before the instant asked about.
        by_status: Rows per status.
        by_kind: Pending rows per kind.
        first_due: The earliest ``due_at`` of a pending row (``None``: none pending).
        last_due: The latest ``due_at`` of a pending row.
    """

    users: int
    rows: int
    pending: int
    pending_users: int
    most_pending: int
    users_without_pending: int
    still_due: int
    by_status: dict[str, int]
    by_kind: dict[str, int]
    first_due: str | None
    last_due: str | None


def _census(path: Path, at: datetime) -> OutboxCensus:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        (users,) = conn.execute("SELECT COUNT(*) FROM users").fetchone()
        by_status = dict(conn.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status"))
        by_kind = dict(
            conn.execute("SELECT kind, COUNT(*) FROM outbox WHERE status = 'pending' GROUP BY kind")
        )
        pending_users, most, first, last = conn.execute(
            "SELECT COUNT(*), COALESCE(MAX(n), 0), MIN(first), MAX(last) FROM"
            " (SELECT user_id, COUNT(*) AS n, MIN(due_at) AS first, MAX(due_at) AS last"
            "  FROM outbox WHERE status = 'pending' GROUP BY user_id)"
        ).fetchone()
        (without,) = conn.execute(
            "SELECT COUNT(*) FROM users WHERE NOT EXISTS"
            " (SELECT 1 FROM outbox o WHERE o.user_id = users.user_id AND o.status = 'pending')"
        ).fetchone()
        (still_due,) = conn.execute(
            "SELECT COUNT(*) FROM users WHERE status = 'active' AND next_due_at IS NOT NULL"
            " AND next_due_at <= ?",
            (stamp(at),),
        ).fetchone()
    finally:
        conn.close()
    return OutboxCensus(
        users=int(users),
        rows=sum(by_status.values()),
        pending=int(by_status.get("pending", 0)),
        pending_users=int(pending_users),
        most_pending=int(most),
        users_without_pending=int(without),
        still_due=int(still_due),
        by_status={str(k): int(v) for k, v in by_status.items()},
        by_kind={str(k): int(v) for k, v in by_kind.items()},
        first_due=first,
        last_due=last,
    )


async def outbox_census(path: Path, at: datetime) -> OutboxCensus:
    """Count the outbox and who is still due at ``at`` (read-only; safe beside the bot)."""
    return await asyncio.to_thread(_census, path, at)


def _restore(path: Path, when: datetime) -> int:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        return conn.execute("UPDATE users SET next_due_at = ?", (stamp(when),)).rowcount
    finally:
        conn.close()


async def restore_next_due(path: Path, when: datetime) -> int:
    """Set every user's next due time back to ``when``; returns how many users.

    For the scheduler benchmark: a tick after this sees the same users due again, as if their
    new due times had been lost, and must write nothing the outbox already holds.
    """
    return await asyncio.to_thread(_restore, path, when)
