"""Use cases of the outbox: what a scheduled message says, and how its sending went.

The tick only puts (user, kind, local date) in the outbox; what the message says is decided just
before it is sent, from the data as it is then, so that a nudge never shows a stale streak and a
reminder is dropped when the day was kept in the meantime (:mod:`bot.services.composing`).
Every outcome is recorded on the delivery row.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from bot.clock import Clock
from bot.coach.models import Delivery, DeliveryStatus, User, UserStatus
from bot.coach.schedule.slots import Kind
from bot.services.accounts import LastSeen
from bot.services.comeback import ComebackService
from bot.services.composing import Composer, Known, KnownUser, Prepared, kind_of
from bot.services.delivery_journal import DeliveryJournal, retry_outcome
from bot.services.habits import HabitService
from bot.services.partner_deliveries import PartnerDeliveries
from bot.services.partner_news import PartnerNews
from bot.services.scheduled_messages import Skip
from bot.services.weekly_review import NotStartedYet, WeeklyReview, WeeklyReviews
from storage.base import Repository
from storage.contract.daily_log import DeliveryMark, EventKey

log = logging.getLogger(__name__)

READ_AHEAD_KINDS = frozenset({Kind.MORNING_NUDGE, Kind.EVENING_REMINDER})
"""The scheduled messages whose reads are all in :meth:`DeliveryService.read_ahead` (the weekly
review and the fresh-start eve read more, in a transaction of their own)."""


class DeliveryService:
    """What a scheduled message says, and how its sending went."""

    def __init__(
        self,
        repository: Repository,
        clock: Clock,
        habits: HabitService,
        comeback: ComebackService,
        last_seen: LastSeen | None = None,
        *,
        partners: PartnerDeliveries | None = None,
        partner_news: PartnerNews | None = None,
    ) -> None:
        """Create the service.

        Args:
            repository: Where users, goals and the outbox are stored.
            clock: The injected clock (aware UTC).
            habits: Each goal's day and streak.
            comeback: The comeback offer after two missed days.
            last_seen: "Last seen" times not flushed yet (shared with the accounts service).
            partners: What a partner's message says (``None``: they are not sent).
            partner_news: Puts the weekly digest in the outbox after a weekly review.
        """
        self._repository = repository
        self._clock = clock
        self._partner_news = partner_news
        self._reviews = WeeklyReviews(repository, clock, habits)
        self._composer = Composer(
            repository,
            clock,
            habits,
            comeback,
            last_seen=last_seen if last_seen is not None else LastSeen(),
            reviews=self._reviews,
            partners=partners,
        )

    async def due(self, limit: int) -> list[Delivery]:
        """Deliveries to send now, earliest first."""
        return await self._repository.pending_deliveries(self._clock(), limit)

    async def claim(self, limit: int, lease: timedelta) -> list[Delivery]:
        """Deliveries to send now, earliest first, claimed for this sender for ``lease``.

        Another sender (another instance) skips them until an outcome is recorded or the lease
        ends; a claimed delivery that is not sent goes back with :meth:`release`.
        """
        return await self._repository.claim_deliveries(self._clock(), limit, lease)

    async def release(self, deliveries: list[Delivery]) -> None:
        """Give claimed deliveries back unsent (the sender paused before reaching them)."""
        await self._repository.release_deliveries([d.delivery_id for d in deliveries])

    async def lead(self, bot_id: int) -> bool:
        """Become the one instance that sends this bot's scheduled messages, if none is.

        Telegram's rate limit is per bot, not per process: with one sender at a time the
        combined rate is ``SEND_RATE`` however many instances run. The claim lasts as long as
        this instance's database connection, so when it dies another takes over.

        Returns:
            True when this instance sends (now, or already); False while another one does.
        """
        return await self._repository.claim_instance(f"small-wins sender {bot_id}")

    async def sending(self, delivery: Delivery, card: int) -> None:
        """Note on the row, before the request leaves, which card is about to be sent."""
        await self._repository.record_sending(delivery.delivery_id, card)

    async def uncertain(self, delivery: Delivery, reason: str) -> None:
        """Record a delivery that may have reached the user: it is never sent again."""
        async with self._repository.transaction():
            await self._repository.record_delivery(
                delivery.delivery_id,
                DeliveryStatus.UNCERTAIN,
                self._clock(),
                error=f"{reason} (it may have arrived; not sent again)",
            )
            await self._after(delivery)

    async def progress(self, delivery: Delivery, cards_sent: int, first_id: int | None) -> None:
        """Remember on the delivery's row how many of its cards went out."""
        await self._repository.record_progress(delivery.delivery_id, cards_sent, first_id)

    async def read_ahead(self, deliveries: Sequence[Delivery]) -> Known:
        """The users of the next deliveries and their goals today, read together in one read
        transaction (a few statements for them all, not a few each), for :meth:`prepare`."""
        async with self._repository.transaction(write=False):
            return await self._composer.read_ahead(deliveries)

    async def prepare(self, delivery: Delivery, known: KnownUser | None = None) -> Prepared:
        """Decide what a delivery says now, or why it is no longer worth sending.

        One unit of work: its reads (the user, their goals and days) and the marks it makes
        (a month's review said, a milestone passed) share one transaction, so they commit
        together and the sender pays for one transaction a delivery instead of one a read.

        ``known``: the user, their goals and the moments marked on them as :meth:`read_ahead`
        read them a moment ago. A morning or evening message then needs no transaction: all it
        reads is known, and each mark left to make is one statement of its own, atomic alone.
        A mark made is kept even if the delivery then fails or is not sent: it is the
        delivery's own when it is prepared again, and after its last attempt the moment stays
        marked, unsaid (the same as when its message is lost on the way).
        """
        if known is not None and kind_of(delivery) in READ_AHEAD_KINDS:
            return await self._composer.prepare(delivery, known)
        async with self._repository.transaction():
            return await self._composer.prepare(delivery, known)

    async def prepare_together(
        self, deliveries: Sequence[tuple[Delivery, KnownUser]]
    ) -> dict[int, Prepared]:
        """Decide several morning and evening messages from what :meth:`read_ahead` read, and
        make the marks they need in one statement for them all instead of one each.

        Each is decided as :meth:`prepare` would decide it, a moment early; a moment it says
        that another has marked meanwhile (between the read and the marks) leaves it out, to
        be prepared on its own as it goes, as is one that cannot be decided (one user's bad
        data: only their delivery then fails, on its own).

        Returns:
            What each delivery decided here says, by delivery id.
        """
        prepared: dict[int, Prepared] = {}
        wanted: list[DeliveryMark] = []
        for delivery, known in deliveries:
            if kind_of(delivery) not in READ_AHEAD_KINDS:
                continue
            to_mark: list[EventKey] = []
            try:
                prepared[delivery.delivery_id] = await self._composer.prepare(
                    delivery, known, to_mark=to_mark
                )
            except Exception:
                log.debug("Delivery %d is prepared on its own", delivery.delivery_id, exc_info=True)
                continue
            wanted += [
                DeliveryMark(delivery.user_id, goal_id, kind, key, delivery.delivery_id)
                for goal_id, kind, key in to_mark
            ]
        if wanted:
            held = await self._repository.mark_for_deliveries(wanted, self._clock())
            for mark in wanted:
                if held.get((mark.goal_id, mark.kind, mark.key)) != mark.delivery_id:
                    prepared.pop(mark.delivery_id, None)
        return prepared

    async def review_now(self, user: User) -> WeeklyReview | NotStartedYet | Skip:
        """The weekly review on demand (/week): the user's week so far.

        Before any plan has started it says when the first one starts.
        """
        return await self._reviews.review_now(user)

    def silent_days(self, user: User, today: date) -> int:
        """Whole days since the user last wrote (a pause not counted), for the silence rules."""
        return self._composer.silent_days(user, today)

    # --- outcomes ----------------------------------------------------------------------------

    async def sent(self, delivery: Delivery, message_id: int | None) -> None:
        """Record a sent delivery (after a weekly review, with the partners' digests)."""
        async with self._repository.transaction():
            await self._repository.record_delivery(
                delivery.delivery_id,
                DeliveryStatus.SENT,
                self._clock(),
                telegram_message_id=message_id,
            )
            await self._after(delivery)

    async def _after(self, delivery: Delivery) -> None:
        """Once the user's weekly review has gone (or may have), their partners' digests."""
        if self._has_after(delivery) and self._partner_news is not None:
            await self._partner_news.weekly_digest(delivery)

    def _has_after(self, delivery: Delivery) -> bool:
        """Whether :meth:`_after` does anything for this delivery."""
        return kind_of(delivery) is Kind.WEEKLY_REVIEW and self._partner_news is not None

    async def postpone(self, delivery: Delivery, until: datetime, reason: str) -> None:
        """Send it later, at ``until`` (it is still pending; the attempt is counted)."""
        await self._repository.record_delivery(
            delivery.delivery_id,
            DeliveryStatus.PENDING,
            self._clock(),
            error=reason,
            retry_at=until,
        )

    async def skipped(self, delivery: Delivery, reason: str) -> None:
        """Record a delivery that was not worth sending."""
        await self._repository.record_delivery(
            delivery.delivery_id, DeliveryStatus.SKIPPED, self._clock(), error=reason
        )

    async def failed(self, delivery: Delivery, reason: str) -> None:
        """Record a delivery that cannot be sent."""
        await self._repository.record_delivery(
            delivery.delivery_id, DeliveryStatus.FAILED, self._clock(), error=reason
        )

    async def retry(self, delivery: Delivery, reason: str, after: timedelta | None = None) -> bool:
        """Try again later: after ``after`` (Telegram's retry_after) or a growing backoff.

        Returns:
            False when the attempts are used up (the delivery is then recorded as failed).
        """
        outcome = retry_outcome(delivery, reason, self._clock(), after)
        await self._repository.record_delivery(
            delivery.delivery_id,
            outcome.status,
            self._clock(),
            error=outcome.error,
            retry_at=outcome.retry_at,
        )
        return outcome.status is DeliveryStatus.PENDING

    def journal(self) -> DeliveryJournal:
        """A new journal: a sender pass's marks and outcomes, written in groups."""
        return DeliveryJournal(
            self._repository,
            self._clock,
            self._after,
            after_applies=self._has_after,
        )

    async def blocked(self, delivery: Delivery, reason: str) -> None:
        """Telegram says the user blocked the bot (or the chat is gone): stop messaging them."""
        await self._repository.set_user_status(delivery.user_id, UserStatus.BLOCKED, self._clock())
        await self.failed(delivery, reason)
