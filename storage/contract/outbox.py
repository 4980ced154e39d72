"""The outbox: deliveries queued, claimed, sent and recorded."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Protocol

from bot.coach.models import (
    CardMark,
    Delivery,
    DeliveryOutcome,
    DeliveryStatus,
    NewDelivery,
    OutboxHealth,
    SchedulePlan,
)


class OutboxStore(Protocol):
    """The outbox: deliveries queued, claimed, sent and recorded."""

    async def enqueue_delivery(self, new: NewDelivery, now: datetime) -> Delivery | None:
        """Put a message in the outbox unless one with the same (user, kind, local date) exists.

        Returns:
            The new delivery, or ``None`` when the key was already taken (nothing is sent twice).
        """
        ...

    async def apply_schedule(self, plans: Sequence[SchedulePlan], now: datetime) -> int:
        """Apply a scheduler tick's plans in one transaction.

        For each plan: enqueue its deliveries (unique per user, kind and local date, so a slot
        seen twice is written once), record its stale deliveries as SKIPPED (unless the key is
        already taken), and set the user's next due time. Unknown users are ignored.

        Returns:
            How many deliveries were newly enqueued as pending.
        """
        ...

    async def pending_deliveries(self, now: datetime, limit: int) -> list[Delivery]:
        """Pending deliveries due at or before ``now`` and not waiting for a retry, by due time."""
        ...

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
        """Record an attempt's outcome: counts the attempt and stores status and reason.

        With ``status`` PENDING and ``retry_at`` set, the delivery waits until ``retry_at``.
        SENT stores ``sent_at`` = ``now`` and the Telegram message id. The attempt in flight
        (``Delivery.sending``) is over: it is cleared.

        Raises:
            NotFoundError: No such delivery.
        """
        ...

    async def get_delivery(self, delivery_id: int) -> Delivery | None:
        """Return one delivery by id."""
        ...

    async def find_delivery(self, user_id: int, kind: str, local_date: date) -> Delivery | None:
        """The delivery with this key (user, kind, local date), whatever its status, if any."""
        ...

    async def claim_deliveries(self, now: datetime, limit: int, lease: timedelta) -> list[Delivery]:
        """Claim due deliveries for one sender until ``now + lease``, earliest due first.

        Due as in :meth:`pending_deliveries`, and not claimed by another sender whose lease
        still runs. Two senders claiming at once get different deliveries (PostgreSQL skips the
        rows the other is claiming); a sender that dies lets its claims lapse at the lease's
        end, and the cards it sent are on the row (:meth:`record_progress`). Recording an
        outcome (:meth:`record_delivery`) ends the claim.
        """
        ...

    async def release_deliveries(self, delivery_ids: Sequence[int]) -> None:
        """Give claimed deliveries that were not sent back, to be claimed again at once."""
        ...

    async def record_progress(
        self, delivery_id: int, cards_sent: int, first_message_id: int | None
    ) -> None:
        """Store how many cards of a delivery went out, and the first one's message id, so that
        whoever sends it next goes on from there. Clears the attempt in flight."""
        ...

    async def record_sending(self, delivery_id: int, card: int) -> None:
        """Note that card ``card`` (0-based) of a delivery is about to be sent.

        Written (and committed) before the request leaves, so that a sender that dies before
        recording Telegram's answer leaves a trace (``Delivery.sending``): whoever claims the
        delivery next knows it may have arrived. Recording an outcome or progress clears it.
        """
        ...

    async def record_marks(self, marks: Sequence[CardMark]) -> None:
        """Record the cards of many deliveries about to go, all committed or none.

        Each mark is :meth:`record_sending` and the progress before it at once, as in
        :meth:`record_batch`; one statement (one round trip on PostgreSQL, no BEGIN/COMMIT),
        for the sender's marks, which its requests wait for. Deliveries that no longer exist
        are ignored.
        """
        ...

    async def record_batch(
        self,
        marks: Sequence[CardMark],
        outcomes: Sequence[DeliveryOutcome],
        blocked_users: Sequence[int],
        now: datetime,
    ) -> None:
        """Record a sender's marks and outcomes of many deliveries in one transaction.

        A mark is :meth:`record_sending` and the progress before it (how many cards went, the
        first one's id) at once; an outcome is :meth:`record_delivery`; a blocked user is
        :meth:`set_user_status` to BLOCKED. Deliveries and users that no longer exist are
        ignored (their user left meanwhile). Marks alone or outcomes alone are one statement,
        as in :meth:`record_marks` (one round trip on PostgreSQL).
        """
        ...

    async def outbox_health(self, now: datetime) -> OutboxHealth:
        """How far behind the outbox is at ``now``: one cheap read, also a database ping.

        Raises:
            StorageError: The database cannot be reached (any driver error may also surface).
        """
        ...
