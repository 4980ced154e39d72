"""The daily log in SQL: entries, target levels, coach events and the counts of ``/stats``."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime

from bot.coach.models import (
    CoachEventKind,
    DailyEntry,
    EntryStatus,
    LevelKind,
    NewEntry,
    NewTargetLevel,
    StoreCounts,
    TargetLevel,
)
from storage.base import NotFoundError
from storage.columns import ts
from storage.contract.daily_log import DeliveryMark, EventKey, GoalKey, LogWindow
from storage.engine import Row, Tx
from storage.tables.many import any_of, in_list
from storage.tables.rows import (
    day_text,
    entry_of,
    float_or_none,
    insert_sql,
    level_of,
    measure_columns,
)
from storage.tables.section import Section

# The goal row supplies the ids: another user's goal inserts nothing. A mark that exists already
# is "updated" (to itself) only when this same delivery made it, and only then is a row returned;
# NULL never equals NULL, so no other caller matches.
_MARK_EVENT = (
    "INSERT INTO coach_events (goal_id, user_id, kind, key, created_at, delivery_id)"
    " SELECT goal_id, user_id, ?, ?, ?, CAST(? AS BIGINT)"
    " FROM goals WHERE goal_id = ? AND user_id = ?"
    " ON CONFLICT (goal_id, kind, key) DO UPDATE SET delivery_id = excluded.delivery_id"
    " WHERE coach_events.delivery_id = excluded.delivery_id"
    " RETURNING goal_id"
)


class LogTables(Section):
    """The log section of the Repository contract (mixed into ``SqlRepository``)."""

    async def _entry_row(self, conn: Tx, entry_id: int) -> Row | None:
        return await conn.one("SELECT * FROM daily_entries WHERE entry_id = ?", (entry_id,))

    async def append_entry(self, new: NewEntry, now: datetime) -> DailyEntry:
        """Append an entry to the log (``recorded_at`` = ``now``).

        Raises:
            NotFoundError: The goal does not exist or belongs to another user.
        """
        target_quantity, target_unit = measure_columns(new.target)
        # One statement: the goal row supplies the ids, so another user's goal inserts nothing.
        async with self._write() as conn:
            row = await conn.one(
                "INSERT INTO daily_entries (goal_id, user_id, local_date, status, quantity,"
                " target_quantity, target_unit, recorded_at)"
                " SELECT goal_id, user_id, ?, ?, ?, ?, ?, ?"
                " FROM goals WHERE goal_id = ? AND user_id = ? RETURNING *",
                (
                    day_text(new.local_date),
                    EntryStatus(new.status).value,
                    float_or_none(new.quantity),
                    target_quantity,
                    target_unit,
                    ts(now),
                    new.goal_id,
                    new.user_id,
                ),
            )
        if row is None:
            raise NotFoundError(f"goal {new.goal_id} of user {new.user_id} does not exist")
        return entry_of(row)

    async def list_entries(
        self,
        user_id: int,
        goal_id: int,
        since: date | None = None,
        until: date | None = None,
        *,
        include_undone: bool = False,
    ) -> list[DailyEntry]:
        """Entries of a date range, oldest first, undone ones only if asked (see the contract)."""
        sql = "SELECT * FROM daily_entries WHERE goal_id = ? AND user_id = ?"
        params: list[object] = [goal_id, user_id]
        if since is not None:
            sql += " AND local_date >= ?"
            params.append(day_text(since))
        if until is not None:
            sql += " AND local_date <= ?"
            params.append(day_text(until))
        if not include_undone:
            sql += " AND undone_at IS NULL"
        async with self._read_one() as conn:
            rows = await conn.rows(sql + " ORDER BY local_date, entry_id", params)
        return [entry_of(row) for row in rows]

    async def list_entries_in(self, windows: Collection[LogWindow]) -> list[DailyEntry]:
        """Entries of several goals' date ranges, in one read (see the contract)."""
        keys = sorted(
            {(w.goal_id, w.user_id, day_text(w.since), day_text(w.until)) for w in windows}
        )
        if not keys:
            return []
        rows = await self._rows_for_any(
            "SELECT * FROM daily_entries WHERE undone_at IS NULL AND",
            "goal_id = ? AND user_id = ? AND local_date >= ? AND local_date <= ?",
            keys,
            order="goal_id, local_date, entry_id",
        )
        return [entry_of(row) for row in rows]

    async def undo_entry(self, user_id: int, entry_id: int, now: datetime) -> DailyEntry:
        """Mark an entry undone (it stays in the log for history).

        Undoing an entry twice keeps the first ``undone_at``.

        Raises:
            NotFoundError: The entry does not exist or belongs to another user.
        """
        now_text = ts(now)
        async with self._write() as conn:
            changed = await conn.run(
                "UPDATE daily_entries SET undone_at = COALESCE(undone_at, ?)"
                " WHERE entry_id = ? AND user_id = ?",
                (now_text, entry_id, user_id),
            )
            if not changed:
                raise NotFoundError(f"entry {entry_id} of user {user_id} does not exist")
            row = await self._entry_row(conn, entry_id)
            assert row is not None
            # Only an entry on a day the checkpoint has judged makes it wrong.
            await conn.run(
                "DELETE FROM goal_states WHERE goal_id = ? AND judged_through >= ?",
                (row["goal_id"], row["local_date"]),
            )
        assert row is not None
        return entry_of(row)

    # --- target levels and coach events ----------------------------------------------------------

    async def add_target_level(self, new: NewTargetLevel, now: datetime) -> TargetLevel:
        """Append a daily target to the goal's history (``created_at`` = ``now``).

        Raises:
            NotFoundError: The goal does not exist or belongs to another user.
        """
        target_quantity, target_unit = measure_columns(new.target)
        weekly_quantity, weekly_unit = measure_columns(new.weekly)
        monthly_quantity, monthly_unit = measure_columns(new.monthly)
        cols = {
            "goal_id": new.goal_id,
            "user_id": new.user_id,
            "effective_from": day_text(new.effective_from),
            "kind": LevelKind(new.kind).value,
            "text": new.text,
            "target_quantity": target_quantity,
            "target_unit": target_unit,
            "step": new.step,
            "steps": new.steps,
            "weekly_quantity": weekly_quantity,
            "weekly_unit": weekly_unit,
            "monthly_quantity": monthly_quantity,
            "monthly_unit": monthly_unit,
            "created_at": ts(now),
        }
        async with self._write() as conn:
            if await self._goal_row(conn, new.user_id, new.goal_id) is None:
                raise NotFoundError(f"goal {new.goal_id} of user {new.user_id} does not exist")
            inserted = await conn.one(
                insert_sql("target_levels", cols, returning="level_id"), tuple(cols.values())
            )
            assert inserted is not None
            row = await conn.one(
                "SELECT * FROM target_levels WHERE level_id = ?", (inserted["level_id"],)
            )
        assert row is not None
        return level_of(row)

    async def list_target_levels(self, user_id: int, goal_id: int) -> list[TargetLevel]:
        """The goal's levels by ``effective_from``, then in the order added; empty if not theirs."""
        async with self._read_one() as conn:
            rows = await conn.rows(
                "SELECT * FROM target_levels WHERE goal_id = ? AND user_id = ?"
                " ORDER BY effective_from, level_id",
                (goal_id, user_id),
            )
        return [level_of(row) for row in rows]

    async def list_target_levels_of(self, goals: Collection[GoalKey]) -> list[TargetLevel]:
        """The levels of several goals, in one read (see the contract)."""
        keys = sorted({(key.goal_id, key.user_id) for key in goals})
        if not keys:
            return []
        rows = await self._rows_for_any(
            "SELECT * FROM target_levels WHERE",
            "goal_id = ? AND user_id = ?",
            keys,
            order="goal_id, effective_from, level_id",
        )
        return [level_of(row) for row in rows]

    async def withdraw_target_levels(self, user_id: int, goal_id: int, after: date) -> int:
        """Delete the goal's levels that come into force after ``after``; how many went."""
        async with self._write() as conn:
            return await conn.run(
                "DELETE FROM target_levels WHERE goal_id = ? AND user_id = ?"
                " AND effective_from > ?",
                (goal_id, user_id, day_text(after)),
            )

    async def mark_event(
        self,
        user_id: int,
        goal_id: int,
        kind: CoachEventKind,
        key: str,
        now: datetime,
        *,
        delivery_id: int | None = None,
    ) -> bool:
        """Record a one-off coaching moment; True the first time, or again for its delivery."""
        async with self._write_one() as conn:
            inserted = await conn.one(
                _MARK_EVENT,
                (CoachEventKind(kind).value, key, ts(now), delivery_id, goal_id, user_id),
            )
        return inserted is not None

    async def mark_for_deliveries(
        self, marks: Collection[DeliveryMark], now: datetime
    ) -> dict[EventKey, int | None]:
        """Mark several moments for their deliveries at once (see the contract)."""
        if not marks:
            return {}
        at = ts(now)
        rows = [
            (CoachEventKind(m.kind).value, m.key, at, m.delivery_id, m.goal_id, m.user_id)
            for m in marks
        ]
        async with self._write_one() as conn:
            # One round trip on PostgreSQL for them all; who holds each is read back below
            # (a batch returns no rows).
            await conn.run_each(_MARK_EVENT, rows)
        held = await self.marks_of(
            {GoalKey(m.user_id, m.goal_id) for m in marks}, {m.kind for m in marks}
        )
        asked = {(m.goal_id, CoachEventKind(m.kind), m.key) for m in marks}
        return {key: by for key, by in held.items() if key in asked}

    async def marks_of(
        self, goals: Collection[GoalKey], kinds: Collection[CoachEventKind]
    ) -> dict[EventKey, int | None]:
        """The moments already marked on several goals, in one read (see the contract)."""
        keys = sorted({(key.goal_id, key.user_id) for key in goals})
        values = sorted({CoachEventKind(kind).value for kind in kinds})
        if not keys or not values:
            return {}
        where, params = any_of("goal_id = ? AND user_id = ?", keys)
        of_kind, kind_params = in_list("kind", values)
        async with self._read_one() as conn:
            rows = await conn.rows(
                f"SELECT goal_id, kind, key, delivery_id FROM coach_events"
                f" WHERE {where} AND {of_kind}",
                (*params, *kind_params),
            )
        return {
            (row["goal_id"], CoachEventKind(row["kind"]), row["key"]): row["delivery_id"]
            for row in rows
        }

    # --- counts (/stats) -------------------------------------------------------------------------

    async def counts(self) -> StoreCounts:
        """Users, goals and deliveries counted by status."""
        async with self._read() as conn:
            tallies = [
                {
                    row["status"]: row["n"]
                    for row in await conn.rows(
                        f"SELECT status, COUNT(*) AS n FROM {table} GROUP BY status"
                    )
                }
                for table in ("users", "goals", "outbox")
            ]
        return StoreCounts(users=tallies[0], goals=tallies[1], deliveries=tallies[2])
