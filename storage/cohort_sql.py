"""The set-based SQL of a scheduler batch (``SqlRepository.apply_cohorts`` and its claim).

A batch is the due users at one due time (``since``) with ids from ``first`` to ``last``, in
user id order: an index range on ``users_due_idx`` (due time, then user id) on both engines. Its
cohorts' plans are joined to its users as two small tables of values: ``plans`` (one row per
cohort: the settings to match and the next due time) and ``slots`` (one row per message a
cohort is owed).
Users whose personal dates matter (``bot.coach.cohorts.is_personal``) are left out by
:data:`PLAIN`, whose parameters say which dates matter.

SQLite has a single writer, which holds the connection for the batch: the outbox rows are
inserted, then the users moved on, each by one statement over the batch's range (each commits
on its own: the users move on only once their rows are in). There the plans and slots go into
two small indexed temporary tables (:data:`SQLITE_SCRATCH`) rather than ``VALUES``: SQLite
cannot index a ``VALUES`` list, so it matched every plan against every user of the batch (a
thousand users, two dozen plans: 24,000 row visits, each comparing eight settings); with the
index, each user finds their plan in one lookup (measured on a 1,000-user batch: the insert
4.7 -> 2.1 ms, the move 7.5 -> 2.3 ms, filling the tables included). PostgreSQL
instances share the users: one statement moves on the users this transaction holds (or
finds free) and writes the outbox rows of exactly those, so no user is moved without their
rows or written for by two instances.
"""

from __future__ import annotations

DUE = "status = 'active' AND next_due_at IS NOT NULL"
"""Literals, so that SQLite uses the partial index ``users_due_idx``."""

HEAD = (
    f"SELECT next_due_at, user_id FROM users WHERE {DUE} AND next_due_at <= ?"
    " ORDER BY next_due_at, user_id LIMIT 1"
)
"""The first due user at or before now (append the engine's row claim): the batch starts here.

Users before it at its due time are planned already, or held by another instance."""

RANGE = "u.status = 'active' AND u.next_due_at = ? AND u.user_id BETWEEN ? AND ?"
"""The batch's users, still due at its due time (params: since, first and last user id).

Bounded on both sides, so that either index (the due one, or the primary key) reads the batch
alone: one statement per batch never grows with the users already planned."""

PLAIN = (
    "(u.birthday IS NULL OR (substr(u.birthday, 6) NOT BETWEEN ? AND ?"
    " AND substr(u.birthday, 6) NOT BETWEEN ? AND ?))"
    " AND (u.paused_until IS NULL OR u.paused_until < ?)"
    " AND (u.fresh_start_on IS NULL OR u.fresh_start_on NOT BETWEEN ? AND ?)"
)
"""Users planned as their cohort (params: two 'MM-DD' birthday ranges, the window's first date,
and its first and last date again)."""

_PLAN_COLUMNS = (
    "cohort, timezone, nudge_time, evening_enabled, evening_time, quiet_start, quiet_end,"
    " review_weekday, review_time, next_due_at"
)
_PLAN_ROW = (
    "(CAST(? AS INTEGER), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS INTEGER), CAST(? AS TEXT),"
    " CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS INTEGER), CAST(? AS TEXT), CAST(? AS TEXT))"
)
_SLOT_COLUMNS = "cohort, kind, local_date, due_at, expires_at, status, payload, last_error"
_SLOT_ROW = (
    "(CAST(? AS INTEGER), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT),"
    " CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT))"
)
# A missing time zone or nudge time is '' in the plans: NULL would match nothing.
_MATCH = (
    "COALESCE(u.timezone, '') = p.timezone AND COALESCE(u.nudge_time, '') = p.nudge_time"
    " AND u.evening_enabled = p.evening_enabled AND u.evening_time = p.evening_time"
    " AND u.quiet_start = p.quiet_start AND u.quiet_end = p.quiet_end"
    " AND u.review_weekday = p.review_weekday AND u.review_time = p.review_time"
)
_OUTBOX = (
    "INSERT INTO outbox (user_id, kind, local_date, due_at, expires_at, status, payload,"
    " last_error, attempts, created_at)"
)


def batch_size(claim: str) -> str:
    """How many users the batch holds, the first and the last one's id.

    Params: since, the first user's id, limit.
    """
    return (
        "SELECT COUNT(*) AS size, MIN(user_id) AS first, MAX(user_id) AS last"
        " FROM (SELECT user_id FROM users WHERE status = 'active' AND next_due_at = ?"
        f" AND user_id >= ? ORDER BY user_id LIMIT ?{claim}) AS c"
    )


def unplanned(claim: str) -> str:
    """The batch's users still due (params: since, first and last user id)."""
    return f"SELECT u.* FROM users AS u WHERE {RANGE} ORDER BY u.user_id{claim}"


def _values(name: str, columns: str, row: str, count: int) -> str:
    return f"{name} ({columns}) AS (VALUES {', '.join([row] * count)})"


SQLITE_SCRATCH = (
    "CREATE TEMP TABLE IF NOT EXISTS tick_plans (cohort INTEGER NOT NULL, timezone TEXT,"
    " nudge_time TEXT, evening_enabled INTEGER, evening_time TEXT, quiet_start TEXT,"
    " quiet_end TEXT, review_weekday INTEGER, review_time TEXT, next_due_at TEXT)",
    "CREATE INDEX IF NOT EXISTS temp.tick_plans_match ON tick_plans (timezone, nudge_time,"
    " evening_enabled, evening_time, quiet_start, quiet_end, review_weekday, review_time)",
    "CREATE TEMP TABLE IF NOT EXISTS tick_slots (cohort INTEGER NOT NULL, kind TEXT,"
    " local_date TEXT, due_at TEXT, expires_at TEXT, status TEXT, payload TEXT, last_error TEXT)",
    "CREATE INDEX IF NOT EXISTS temp.tick_slots_cohort ON tick_slots (cohort)",
)
"""SQLite: the scratch tables of a batch, made when the engine opens its connection (temporary:
that connection's alone, never in the database file): the batch's plans (one row per cohort:
the settings to match and the next due time) and the slots owed, emptied and filled per batch."""

SQLITE_CLEAR_PLANS = "DELETE FROM tick_plans"
SQLITE_CLEAR_SLOTS = "DELETE FROM tick_slots"
SQLITE_FILL_PLANS = f"INSERT INTO tick_plans ({_PLAN_COLUMNS}) VALUES ({', '.join('?' * 10)})"
SQLITE_FILL_SLOTS = f"INSERT INTO tick_slots ({_SLOT_COLUMNS}) VALUES ({', '.join('?' * 8)})"

# CROSS JOIN keeps SQLite's join order as written: the batch's users, each then looking up
# their plan and its slots by index.
SQLITE_INSERT_SLOTS = (
    f"{_OUTBOX} SELECT u.user_id, s.kind, s.local_date, s.due_at, s.expires_at, s.status,"
    " s.payload, s.last_error, 0, ?"
    f" FROM users AS u CROSS JOIN tick_plans AS p ON {_MATCH}"
    " CROSS JOIN tick_slots AS s ON s.cohort = p.cohort"
    f" WHERE {RANGE} AND {PLAIN}"
    " ON CONFLICT (user_id, kind, local_date) DO NOTHING"
)
"""SQLite: the batch's outbox rows from the scratch tables (params: created_at, range, plain)."""

SQLITE_MOVE_USERS = (
    "UPDATE users AS u SET next_due_at = p.next_due_at FROM tick_plans AS p"
    f" WHERE {_MATCH} AND {RANGE} AND {PLAIN}"
)
"""SQLite: the batch's next due times from the scratch plans (params: range, plain)."""


def plan_claimed(plans: int, slots: int, claim: str) -> str:
    """PostgreSQL: move the held users on and write their outbox rows, in one statement.

    Params: plans, slots, since, first and last user id, plain, created_at. Returns one row:
    ``users`` moved and ``enqueued`` pending rows written.
    """
    # The batch's users who take a plan are matched and locked first, once (MATERIALIZED):
    # an index range of a thousand rows. Then they are moved on by key. Left to the planner,
    # the plans' eight equalities look like one match, and it would lock anew for every user
    # it looks at, or read the whole table.
    held = (
        "SELECT u.user_id, p.cohort, p.next_due_at FROM users AS u JOIN p ON"
        f" {_MATCH} WHERE {RANGE} AND {PLAIN}{claim.replace(' UPDATE', ' UPDATE OF u')}"
    )
    # Empty VALUES are not SQL: a plan owed nothing has a slot row of NULLs, joined to no one.
    return (
        f"WITH {_values('p', _PLAN_COLUMNS, _PLAN_ROW, plans)},"
        f" {_values('s', _SLOT_COLUMNS, _SLOT_ROW, max(slots, 1))},"
        f" held AS MATERIALIZED ({held}),"
        " moved AS (UPDATE users AS u SET next_due_at = h.next_due_at FROM held AS h"
        " WHERE u.user_id = h.user_id RETURNING u.user_id, h.cohort),"
        f" added AS ({_OUTBOX}"
        " SELECT m.user_id, s.kind, s.local_date, s.due_at, s.expires_at, s.status, s.payload,"
        " s.last_error, 0, ? FROM moved AS m JOIN s ON s.cohort = m.cohort"
        " ON CONFLICT (user_id, kind, local_date) DO NOTHING RETURNING status)"
        " SELECT (SELECT COUNT(*) FROM moved) AS users,"
        " (SELECT COUNT(*) FROM added WHERE status = 'pending') AS enqueued"
    )
