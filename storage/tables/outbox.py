"""The outbox in SQL: deliveries queued, claimed, sent and recorded."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from bot.coach.models import (
    CardMark,
    Delivery,
    DeliveryOutcome,
    DeliveryStatus,
    NewDelivery,
    OutboxHealth,
    SchedulePlan,
    UserStatus,
)
from storage.base import NotFoundError
from storage.columns import parse_ts, ts, ts_or_none
from storage.engine import Row, Tx
from storage.tables.rows import (
    STALE_REASON,
    checked_limit,
    day_text,
    delivery_of,
    insert_sql,
    payload_json,
)
from storage.tables.section import Section

_RECORD_DELIVERY = (
    "UPDATE outbox SET status = ?, attempts = attempts + 1, last_error = ?,"
    " next_attempt_at = ?, claimed_until = NULL, sending = NULL,"
    " sent_at = CASE WHEN ? = 1 THEN ? ELSE sent_at END,"
    " telegram_message_id = CASE WHEN ? = 1 THEN ? ELSE telegram_message_id END"
    " WHERE delivery_id = ?"
)
"""An attempt's outcome on its row: counted, its reason, the claim and the card in flight
cleared; the time and the message id when sent; the time to try again when pending."""

_MARK = "UPDATE outbox SET sending = ?, cards_sent = ?, first_message_id = ? WHERE delivery_id = ?"
"""The card about to go on its row, with how many went before it and the first one's id."""


def _mark_params(marks: Sequence[CardMark]) -> list[tuple[object, ...]]:
    return [(mark.card, mark.cards_sent, mark.first_message_id, mark.delivery_id) for mark in marks]


def _outcome_params(outcome: DeliveryOutcome, now_text: str) -> tuple[object, ...]:
    sent = outcome.status is DeliveryStatus.SENT
    retry = outcome.status is DeliveryStatus.PENDING
    return (
        DeliveryStatus(outcome.status).value,
        outcome.error,
        ts_or_none(outcome.retry_at) if retry else None,
        int(sent),
        now_text,
        int(sent),
        outcome.telegram_message_id,
        outcome.delivery_id,
    )


class OutboxTables(Section):
    """The outbox section of the Repository contract (mixed into ``SqlRepository``)."""

    async def _delivery_row(self, conn: Tx, delivery_id: int) -> Row | None:
        return await conn.one("SELECT * FROM outbox WHERE delivery_id = ?", (delivery_id,))

    async def enqueue_delivery(self, new: NewDelivery, now: datetime) -> Delivery | None:
        """Put a message in the outbox unless one with the same (user, kind, local date) exists.

        Returns:
            The new delivery, or ``None`` when the key was already taken (nothing is sent twice).

        Raises:
            NotFoundError: The user does not exist.
        """
        if not new.kind:
            raise ValueError("a delivery needs a kind")
        cols = {
            "user_id": new.user_id,
            "kind": new.kind,
            "local_date": day_text(new.local_date),
            "due_at": ts(new.due_at),
            "expires_at": ts_or_none(new.expires_at),
            "status": DeliveryStatus.PENDING.value,
            "payload": payload_json(new.payload),
            "attempts": 0,
            "created_at": ts(now),
            "about_user_id": new.about_user_id,
        }
        # ON CONFLICT ... DO NOTHING RETURNING returns no row when the key is taken, in SQLite
        # and PostgreSQL alike: one statement, no race between a check and the insert.
        sql = (
            insert_sql("outbox", cols)
            + " ON CONFLICT (user_id, kind, local_date) DO NOTHING RETURNING delivery_id"
        )
        async with self._write() as conn:
            if await self._user_row(conn, new.user_id) is None:
                raise NotFoundError(f"user {new.user_id} does not exist")
            inserted = await conn.one(sql, tuple(cols.values()))
            if inserted is None:
                return None
            row = await self._delivery_row(conn, inserted["delivery_id"])
        assert row is not None
        return delivery_of(row)

    async def apply_schedule(self, plans: Sequence[SchedulePlan], now: datetime) -> int:
        """Apply a scheduler tick's plans in one transaction (see the contract)."""
        created = ts(now)
        stale_reason = STALE_REASON

        def rows(status: DeliveryStatus, pick: str) -> list[tuple[object, ...]]:
            batch: list[tuple[object, ...]] = []
            for plan in plans:
                for new in getattr(plan, pick):
                    if not new.kind:
                        raise ValueError("a delivery needs a kind")
                    reason = None if status is DeliveryStatus.PENDING else stale_reason
                    batch.append(
                        (
                            new.user_id,
                            new.kind,
                            day_text(new.local_date),
                            ts(new.due_at),
                            ts_or_none(new.expires_at),
                            status.value,
                            payload_json(new.payload),
                            reason,
                            created,
                            new.user_id,
                        )
                    )
            return batch

        insert = (
            "INSERT INTO outbox (user_id, kind, local_date, due_at, expires_at, status,"
            " payload, last_error, attempts, created_at)"
            " SELECT ?, ?, ?, ?, ?, ?, ?, ?, 0, ?"
            " WHERE EXISTS (SELECT 1 FROM users WHERE user_id = ?)"
            " ON CONFLICT (user_id, kind, local_date) DO NOTHING"
        )
        pending, stale = (
            rows(DeliveryStatus.PENDING, "deliveries"),
            rows(DeliveryStatus.SKIPPED, "stale"),
        )
        # In user order, like every batch over users: two batches never lock rows crosswise.
        due = sorted(
            ((ts_or_none(plan.next_due_at), plan.user_id) for plan in plans), key=lambda r: r[1]
        )
        # One transaction for the whole batch: a tick over many users costs one commit, and a
        # crash in the middle leaves either all of a batch or none of it.
        async with self._write() as conn:
            inserted = await conn.run_many(insert, pending)
            await conn.run_many(insert, stale)
            await conn.run_many("UPDATE users SET next_due_at = ? WHERE user_id = ?", due)
        return inserted

    async def pending_deliveries(self, now: datetime, limit: int) -> list[Delivery]:
        """Pending deliveries due at or before ``now`` and not waiting for a retry, by due time."""
        now_text = ts(now)
        params = (now_text, now_text, checked_limit(limit))
        async with self._read_one() as conn:
            # 'pending' is a literal so that SQLite can use the partial index on pending rows.
            rows = await conn.rows(
                "SELECT * FROM outbox WHERE status = 'pending' AND due_at <= ?"
                " AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
                " ORDER BY due_at, delivery_id LIMIT ?",
                params,
            )
        return [delivery_of(row) for row in rows]

    async def record_batch(
        self,
        marks: Sequence[CardMark],
        outcomes: Sequence[DeliveryOutcome],
        blocked_users: Sequence[int],
        now: datetime,
    ) -> None:
        """A sender's marks and outcomes in one transaction (see the contract)."""
        now_text = ts(now)
        if not blocked_users and not (marks and outcomes):
            # One statement over the rows: atomic alone, no BEGIN/COMMIT where none is needed.
            async with self._write_one() as conn:
                if marks:
                    await conn.run_each(_MARK, _mark_params(marks))
                if outcomes:
                    await conn.run_each(
                        _RECORD_DELIVERY, [_outcome_params(o, now_text) for o in outcomes]
                    )
            return
        # One unit of work: the status changes below join it, as the writes here do.
        async with self.transaction() as uow, self._write() as conn:
            if marks:
                await conn.run_each(_MARK, _mark_params(marks))
            if outcomes:
                await conn.run_each(
                    _RECORD_DELIVERY, [_outcome_params(outcome, now_text) for outcome in outcomes]
                )
            for user_id in blocked_users:
                await uow.set_user_status(user_id, UserStatus.BLOCKED, now)

    async def record_marks(self, marks: Sequence[CardMark]) -> None:
        """Cards about to go, committed together in one statement (see the contract)."""
        if not marks:
            return
        async with self._write_one() as conn:
            await conn.run_each(_MARK, _mark_params(marks))

    async def record_delivery(
        self,
        delivery_id: int,
        status: DeliveryStatus,
        now: datetime,
        *,
        error: str | None = None,
        telegram_message_id: int | None = None,
        retry_at: datetime | None = None,
    ) -> Delivery:
        """One attempt's outcome on its row (see the contract)."""
        outcome = DeliveryOutcome(
            delivery_id, DeliveryStatus(status), error, telegram_message_id, retry_at
        )
        async with self._write() as conn:
            changed = await conn.run(_RECORD_DELIVERY, _outcome_params(outcome, ts(now)))
            if not changed:
                raise NotFoundError(f"delivery {delivery_id} does not exist")
            row = await self._delivery_row(conn, delivery_id)
        assert row is not None
        return delivery_of(row)

    async def get_delivery(self, delivery_id: int) -> Delivery | None:
        """Return one delivery by id."""
        async with self._read_one() as conn:
            row = await self._delivery_row(conn, delivery_id)
        return None if row is None else delivery_of(row)

    async def find_delivery(self, user_id: int, kind: str, local_date: date) -> Delivery | None:
        """The delivery with this key (user, kind, local date), if one was ever enqueued."""
        async with self._read_one() as conn:
            row = await conn.one(
                "SELECT * FROM outbox WHERE user_id = ? AND kind = ? AND local_date = ?",
                (user_id, kind, day_text(local_date)),
            )
        return None if row is None else delivery_of(row)

    async def claim_deliveries(self, now: datetime, limit: int, lease: timedelta) -> list[Delivery]:
        """Claim due deliveries for one sender until ``now + lease`` (see the contract)."""
        now_text = ts(now)
        async with self._write() as conn:
            rows = await conn.rows(
                "UPDATE outbox SET claimed_until = ? WHERE delivery_id IN ("
                " SELECT delivery_id FROM outbox WHERE status = 'pending' AND due_at <= ?"
                " AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
                " AND (claimed_until IS NULL OR claimed_until <= ?)"
                " ORDER BY due_at, delivery_id LIMIT ?" + self._engine.skip_locked + ")"
                " RETURNING *",
                (ts(now + lease), now_text, now_text, now_text, checked_limit(limit)),
            )
        # RETURNING keeps no order: the earliest due goes first.
        return sorted((delivery_of(row) for row in rows), key=lambda d: (d.due_at, d.delivery_id))

    async def release_deliveries(self, delivery_ids: Sequence[int]) -> None:
        """Give claimed deliveries back, unsent, to be claimed again at once."""
        if not delivery_ids:
            return
        async with self._write() as conn:
            await conn.run_each(
                "UPDATE outbox SET claimed_until = NULL"
                " WHERE delivery_id = ? AND status = 'pending'",
                [(delivery_id,) for delivery_id in delivery_ids],
            )

    async def record_progress(
        self, delivery_id: int, cards_sent: int, first_message_id: int | None
    ) -> None:
        """Store how many cards of a delivery went out, and the first one's message id."""
        async with self._write() as conn:
            await conn.run(
                "UPDATE outbox SET cards_sent = ?, first_message_id = ?, sending = NULL"
                " WHERE delivery_id = ?",
                (cards_sent, first_message_id, delivery_id),
            )

    async def record_sending(self, delivery_id: int, card: int) -> None:
        """Note the card about to be sent, before the request leaves (see the contract)."""
        if card < 0:
            raise ValueError("cards are counted from 0")
        async with self._write() as conn:
            await conn.run(
                "UPDATE outbox SET sending = ? WHERE delivery_id = ?", (card, delivery_id)
            )

    async def outbox_health(self, now: datetime) -> OutboxHealth:
        """How far behind the outbox is at ``now``: one statement, also a database ping."""
        now_text = ts(now)
        ready = (
            "FROM outbox WHERE status = 'pending' AND due_at <= ?"
            " AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
        )
        # Three index lookups (the pending rows by due time, the sent rows by sent time), so a
        # health check every few seconds stays cheap however long the outbox's history is.
        async with self._read_one() as conn:
            row = await conn.one(
                f"SELECT (SELECT COUNT(*) {ready}) AS backlog,"
                f" (SELECT MIN(due_at) {ready}) AS oldest_due_at,"
                " (SELECT MAX(sent_at) FROM outbox WHERE status = 'sent') AS last_sent_at",
                (now_text, now_text, now_text, now_text),
            )
        if row is None:  # pragma: no cover - a SELECT without FROM always returns its row
            return OutboxHealth(0, None, None)
        return OutboxHealth(
            int(row["backlog"]), parse_ts(row["oldest_due_at"]), parse_ts(row["last_sent_at"])
        )
