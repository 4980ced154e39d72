"""The sender's writes, gathered: many deliveries' marks and outcomes in few round trips.

At a thousand messages a second, a transaction per write (the card about to go, then the
outcome) is two commits per message. The journal writes whatever marks have gathered at once,
and while it writes the next ones gather (a group commit): a handful a second at 30/s, dozens at
1,000/s, never a wait for a timer. The marks are one statement, committed all or none
(``Repository.record_marks``: one round trip on PostgreSQL); the outcomes, which nothing waits
for, gather until no mark is waiting or :data:`OUTCOME_GROUP` of them have, and go in a
transaction of their own (with the users who blocked the bot, and a weekly review's partner
digests).

What "never twice" needs is kept: a card's mark (:meth:`DeliveryJournal.sending`) is awaited,
so it is on the row, committed, before its request leaves. Outcomes are not awaited: they are
written with a later group, and :meth:`DeliveryJournal.flush` writes what is left (the sender
flushes at the end of each pass). A crash before an outcome is written leaves its row marked
as sending, so it is never sent again (uncertain): the safe side. A group that cannot be written
(the database away) fails the marks waiting on it (their cards are not sent) or drops its
outcomes, whose deliveries are then claimed again once their lease ends.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.coach.models import CardMark, Delivery, DeliveryOutcome, DeliveryStatus
from storage.base import Repository

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
"""Network errors and 5xx are retried this many times, with growing pauses, then given up."""

OUTCOME_GROUP = 50
"""Outcomes written while marks keep coming, once this many have gathered: the marks go first
(their requests wait for them), and a crash loses at most this many outcomes (their deliveries
then count as uncertain, never as unsent)."""


def retry_outcome(
    delivery: Delivery, reason: str, now: datetime, after: timedelta | None = None
) -> DeliveryOutcome:
    """Try again later (Telegram's ``retry_after``, or a growing backoff), or give up.

    Args:
        delivery: The delivery as claimed (its attempts so far).
        reason: What went wrong.
        now: The current instant (aware UTC).
        after: How long Telegram asked to wait, if it did.

    Returns:
        PENDING until the retry time, or FAILED once the attempts are used up.
    """
    if delivery.attempts + 1 >= MAX_ATTEMPTS:
        return DeliveryOutcome(
            delivery.delivery_id,
            DeliveryStatus.FAILED,
            f"gave up after {MAX_ATTEMPTS} attempts: {reason}",
        )
    wait = after if after is not None else timedelta(seconds=min(2**delivery.attempts, 300))
    return DeliveryOutcome(
        delivery.delivery_id,
        DeliveryStatus.PENDING,
        reason,
        retry_at=now + wait,
    )


class DeliveryJournal:
    """Marks and outcomes of one sender's deliveries, written in groups (see the module doc)."""

    def __init__(
        self,
        repository: Repository,
        clock: Clock,
        after: Callable[[Delivery], Awaitable[None]] | None = None,
        after_applies: Callable[[Delivery], bool] | None = None,
    ) -> None:
        """Create the journal.

        Args:
            repository: Where to write.
            clock: Stamps the outcomes.
            after: Run for each delivery recorded as sent or uncertain, in the transaction that
                records it (a weekly review's partner digests).
            after_applies: Which deliveries ``after`` is for (``None``: all of them). Outcomes
                with none of those among them are written in one statement, no transaction.
        """
        self._repository = repository
        self._clock = clock
        self._after = after
        self._after_applies = after_applies
        self._reached: list[Delivery] = []
        self._marks: list[CardMark] = []
        self._outcomes: list[DeliveryOutcome] = []
        self._blocked: list[int] = []
        self._waiting: list[asyncio.Future[None]] = []
        self._writer: asyncio.Task[None] | None = None

    async def sending(self, delivery: Delivery, card: int, sent: int, first_id: int | None) -> None:
        """Write, before the request leaves, that card ``card`` is about to go (``sent`` went
        before it, the first with ``first_id``); returns once it is committed.

        Raises:
            Exception: The group could not be written: the card must not be sent.
        """
        written = asyncio.get_running_loop().create_future()
        self._marks.append(CardMark(delivery.delivery_id, card, sent, first_id))
        self._waiting.append(written)
        self._write_soon()
        await written

    def sent(self, delivery: Delivery, message_id: int | None) -> None:
        """Every card went out; the first one's message id."""
        self._outcome(delivery, DeliveryStatus.SENT, None, message_id)
        self._reach(delivery)

    def skipped(self, delivery: Delivery, reason: str) -> None:
        """Not worth sending (any more)."""
        self._outcome(delivery, DeliveryStatus.SKIPPED, reason)

    def failed(self, delivery: Delivery, reason: str) -> None:
        """Cannot be sent."""
        self._outcome(delivery, DeliveryStatus.FAILED, reason)

    def uncertain(self, delivery: Delivery, reason: str) -> None:
        """May have reached the user: never sent again."""
        self._outcome(
            delivery, DeliveryStatus.UNCERTAIN, f"{reason} (it may have arrived; not sent again)"
        )
        self._reach(delivery)

    def _reach(self, delivery: Delivery) -> None:
        if self._after is not None and (
            self._after_applies is None or self._after_applies(delivery)
        ):
            self._reached.append(delivery)

    def blocked(self, delivery: Delivery, reason: str) -> None:
        """The user blocked the bot (or the chat is gone): nothing more until they write."""
        self._blocked.append(delivery.user_id)
        self.failed(delivery, reason)

    def retry(self, delivery: Delivery, reason: str, after: timedelta | None = None) -> bool:
        """Try again later (see :func:`retry_outcome`); False once the attempts are used up."""
        outcome = retry_outcome(delivery, reason, self._clock(), after)
        self._outcomes.append(outcome)
        return outcome.status is DeliveryStatus.PENDING

    async def flush(self) -> None:
        """Return once everything recorded so far is written (or could not be)."""
        self._write_soon()
        while self._writer is not None and not self._writer.done():
            await asyncio.shield(self._writer)

    def _outcome(
        self,
        delivery: Delivery,
        status: DeliveryStatus,
        error: str | None,
        message_id: int | None = None,
    ) -> None:
        self._outcomes.append(DeliveryOutcome(delivery.delivery_id, status, error, message_id))

    def _write_soon(self) -> None:
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write(), name="delivery-journal")

    async def _write(self) -> None:
        while self._marks or self._outcomes or self._blocked:
            if self._marks:
                await self._write_marks()
                if self._marks and len(self._outcomes) + len(self._blocked) < OUTCOME_GROUP:
                    continue
            if self._outcomes or self._blocked:
                await self._write_outcomes()

    async def _write_marks(self) -> None:
        marks, self._marks = self._marks, []
        waiting, self._waiting = self._waiting, []
        try:
            await self._repository.record_marks(marks)
        except Exception as error:
            log.exception("Could not record %d cards about to go", len(marks))
            for future in waiting:
                if not future.done():
                    future.set_exception(error)
            return
        for future in waiting:
            if not future.done():
                future.set_result(None)

    async def _write_outcomes(self) -> None:
        outcomes, self._outcomes = self._outcomes, []
        blocked, self._blocked = self._blocked, []
        reached, self._reached = self._reached, []
        try:
            if not reached or self._after is None:
                await self._repository.record_batch((), outcomes, blocked, self._clock())
                return
            async with self._repository.transaction() as uow:
                await uow.record_batch((), outcomes, blocked, self._clock())
                for delivery in reached:
                    await self._after(delivery)
        except Exception:
            log.exception("Could not record %d sends", len(outcomes))
