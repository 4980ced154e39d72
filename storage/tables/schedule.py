"""When users are due, in SQL: the scheduler's reads and its set-based writes of whole cohorts.

The cohort statements themselves are in ``storage.cohort_sql``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.coach.cohorts import CohortPlan, DateWindow, DueBatch
from bot.coach.models import (
    DeliveryStatus,
    NewDelivery,
    User,
)
from storage import cohort_sql
from storage.columns import ts, ts_or_none
from storage.engine import Tx
from storage.tables.rows import (
    STALE_REASON,
    checked_limit,
    day_text,
    hm_text,
    hm_text_required,
    payload_json,
    user_of,
)
from storage.tables.section import Section

_SCRATCH = {
    "plans": (cohort_sql.SQLITE_CLEAR_PLANS, cohort_sql.SQLITE_FILL_PLANS),
    "slots": (cohort_sql.SQLITE_CLEAR_SLOTS, cohort_sql.SQLITE_FILL_SLOTS),
}
"""SQLite's scratch tables: how each is emptied and filled."""

# 'active' is a literal so that SQLite can use the partial index users_due_idx.
_DUE_USERS = (
    "SELECT * FROM users WHERE status = 'active' AND next_due_at IS NOT NULL"
    " AND next_due_at <= ? ORDER BY next_due_at, user_id LIMIT ?"
)


def _cohort_row(index: int, plan: CohortPlan) -> tuple[object, ...]:
    """A plan's row of ``cohort_sql``'s plans table."""
    cohort = plan.cohort
    return (
        index,
        cohort.timezone or "",
        hm_text(cohort.nudge_time) or "",
        1 if cohort.evening_enabled else 0,
        hm_text_required(cohort.evening_time),
        hm_text_required(cohort.quiet_start),
        hm_text_required(cohort.quiet_end),
        cohort.review_weekday,
        hm_text_required(cohort.review_time),
        ts_or_none(plan.next_due_at),
    )


def _slot_row(index: int, new: NewDelivery, status: DeliveryStatus) -> tuple[object, ...]:
    """A message's row of ``cohort_sql``'s slots table."""
    if not new.kind:
        raise ValueError("a delivery needs a kind")
    return (
        index,
        new.kind,
        day_text(new.local_date),
        ts(new.due_at),
        ts_or_none(new.expires_at),
        status.value,
        payload_json(new.payload),
        None if status is DeliveryStatus.PENDING else STALE_REASON,
    )


def _month_day(value: tuple[int, int]) -> str:
    return f"{value[0]:02d}-{value[1]:02d}"


def _plain_params(window: DateWindow) -> tuple[object, ...]:
    """``cohort_sql.PLAIN``'s parameters for a window."""
    spans = window.birthday_spans()
    first, second = spans[0], spans[-1]  # a window within one year checks its one range twice
    return (
        _month_day(first[0]),
        _month_day(first[1]),
        _month_day(second[0]),
        _month_day(second[1]),
        day_text(window.first),
        day_text(window.first),
        day_text(window.last),
    )


class ScheduleTables(Section):
    """The scheduling section of the Repository contract (mixed into ``SqlRepository``)."""

    async def set_next_due(self, user_id: int, next_due_at: datetime | None) -> None:
        """Set when the scheduler should next look at the user (``None``: never)."""
        async with self._write() as conn:
            await conn.run(
                "UPDATE users SET next_due_at = ? WHERE user_id = ?",
                (ts_or_none(next_due_at), user_id),
            )

    async def due_users(self, now: datetime, limit: int) -> list[User]:
        """Active users whose ``next_due_at`` is at or before ``now``, earliest first."""
        async with self._read_one() as conn:
            rows = await conn.rows(_DUE_USERS, (ts(now), checked_limit(limit)))
        return [user_of(row) for row in rows]

    async def apply_cohorts(
        self,
        batch: DueBatch,
        plans: Sequence[CohortPlan],
        window: DateWindow,
        now: datetime,
    ) -> tuple[int, int]:
        """Apply cohort plans to a claimed batch's users, set-based (see the contract)."""
        if not plans:
            return 0, 0
        plan_rows = [_cohort_row(index, plan) for index, plan in enumerate(plans)]
        pending = [
            _slot_row(index, new, DeliveryStatus.PENDING)
            for index, plan in enumerate(plans)
            for new in plan.deliveries
        ]
        stale = [
            _slot_row(index, new, DeliveryStatus.SKIPPED)
            for index, plan in enumerate(plans)
            for new in plan.stale
        ]
        in_batch = (ts(batch.since), batch.first_user_id, batch.last_user_id)
        plain = _plain_params(window)
        created = ts(now)
        async with self._write() as conn:
            if self._engine.skip_locked:
                slots = [*pending, *stale] or [(None,) * 8]
                row = await conn.one(
                    cohort_sql.plan_claimed(
                        len(plans), len(pending) + len(stale), self._engine.skip_locked
                    ),
                    (
                        *(v for plan in plan_rows for v in plan),
                        *(v for slot in slots for v in slot),
                        *in_batch,
                        *plain,
                        created,
                    ),
                )
                assert row is not None
                return int(row["users"]), int(row["enqueued"])
            await self._scratch(conn, "plans", plan_rows)
            enqueued = 0
            for slots in (pending, stale):
                if not slots:
                    continue
                await self._scratch(conn, "slots", slots)
                inserted = await conn.run(
                    cohort_sql.SQLITE_INSERT_SLOTS, (created, *in_batch, *plain)
                )
                if slots is pending:
                    enqueued = inserted
            users = await conn.run(cohort_sql.SQLITE_MOVE_USERS, (*in_batch, *plain))
        return users, enqueued

    async def _scratch(self, conn: Tx, table: str, rows: list[tuple[object, ...]]) -> None:
        """SQLite: put ``rows`` in a scratch table, unless it holds them already (the batches
        of a wave at one due time share their plans and slots: one fill serves them all)."""
        held = self._engine.scratch
        if held.get(table) == rows:
            return
        held.pop(table, None)  # unknown until the new rows are all in
        clear, fill = _SCRATCH[table]
        await conn.run(clear)
        await conn.run_many(fill, rows)
        held[table] = rows

    async def unplanned_users(self, batch: DueBatch) -> list[User]:
        """A claimed batch's users still due at its due time (see the contract)."""
        async with self._write() as conn:
            rows = await conn.rows(
                cohort_sql.unplanned(self._engine.skip_locked),
                (ts(batch.since), batch.first_user_id, batch.last_user_id),
            )
        return [user_of(row) for row in rows]
