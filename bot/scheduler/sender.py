"""The outbox sender: drains due deliveries through a rate limiter and records every outcome.

It runs below Telegram's global limit (about 30 messages per second per bot; 25 by default)
so that interactive replies keep their headroom. Never twice comes first: before each request
leaves, the card about to go is written on the delivery's row (``sending``). Telegram's answers
decide what happens next:

* ``RetryAfter`` (429): the delivery waits the time given and the whole sender pauses with it
  (the whole bot does too: ``bot.bot_api``);
* a failure known to happen before the request took effect (a 5xx, a connection refused or
  not made, DNS): retried with a growing backoff, then given up;
* an unknown outcome (the answer timed out, the connection dropped after the request left):
  the delivery is marked uncertain and never sent again; so is one found with ``sending`` set
  when claimed, because its sender died mid-send;
* ``Forbidden`` (the user blocked the bot) or a chat that no longer exists: the user is marked
  blocked and nothing more is sent to them until they write again;
* any other ``BadRequest``: recorded as failed with Telegram's reason;
* anything else (a bug, data the bot cannot read) for one delivery: logged and retried with the
  same backoff (uncertain if a request had left), so that it never holds up the others.

Deliveries are claimed with a lease (``LEASE``) before they are sent, so that the senders of
several instances on one database never take the same one, and the deliveries of a sender that
died are taken up by another once its lease ends. A delivery can take several messages (one
card per goal): how many went out is stored on its row after each card, so that whoever sends
it next (a retry, another instance, this one after a restart) sends only the rest.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from aiolimiter import AsyncLimiter
from telegram import Bot, Message
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.bot_api import never_took_effect, scheduled
from bot.charts.week import WeekCardFigure, WeekCardWords, render_week
from bot.clock import Clock
from bot.coach.models import Delivery
from bot.monitoring import Metrics
from bot.services.deliveries import (
    DeliveryService,
    EveningReminder,
    FreshStartEve,
    Later,
    MorningNudge,
    Prepared,
    Skip,
    WeeklyReview,
)
from bot.services.partner_deliveries import PARTNER_MESSAGES, WeekDigest
from bot.views import nudges as views
from bot.views import partner as partner_views
from bot.views import week_card
from bot.views.i18n import Translator, translator
from bot.views.reply import Reply, with_picture

log = logging.getLogger(__name__)

GONE_CHAT = ("chat not found", "user is deactivated", "bot was kicked", "peer_id_invalid")
"""BadRequest reasons meaning the chat is gone for good: treated like a block."""


LEASE = timedelta(seconds=60)
"""How long a claimed delivery is this sender's: other senders skip it until then."""

LEAD_RETRY = 3.0
"""Seconds between an idle instance's attempts to become the sender (after the sending instance
dies, another one takes over within this)."""

CLAIM_SECONDS = 15.0
"""Deliveries are claimed this many seconds' worth at a time (at the send rate): well within the
lease, so that none is still unsent when its lease ends."""


@dataclass
class DrainReport:
    """What one pass over the outbox did."""

    sent: int = 0
    skipped: int = 0
    failed: int = 0
    retried: int = 0
    uncertain: int = 0
    deferred: int = 0  # caught up at night: waits for the recipient's morning
    paused_until: datetime | None = None
    reasons: dict[str, int] = field(default_factory=dict)

    @property
    def handled(self) -> int:
        """Deliveries that left the due list in this pass (sent, skipped, failed, uncertain)."""
        return self.sent + self.skipped + self.failed + self.uncertain


class OutboxSender:
    """Sends due deliveries at a steady rate."""

    def __init__(
        self,
        deliveries: DeliveryService,
        bot: Bot,
        clock: Clock,
        *,
        rate: float = 25.0,
        metrics: Metrics | None = None,
    ) -> None:
        """Create the sender.

        Args:
            deliveries: Decides what each delivery says and records outcomes.
            bot: The Telegram bot to send with.
            clock: The injected clock (aware UTC).
            rate: Messages per second at most.
            metrics: Where each attempt's outcome is counted (``None``: nowhere).
        """
        self._metrics = metrics
        self._deliveries = deliveries
        self._bot = bot
        self._clock = clock
        # One message per 1/rate seconds, not a whole second's budget at once: a burst of
        # `rate` messages in one instant would cross Telegram's per-second limit.
        self._limiter = AsyncLimiter(1, 1.0 / max(rate, 0.1))
        self._paused_until: datetime | None = None
        self._claim_size = max(1, int(rate * CLAIM_SECONDS))
        # One pass at a time: two passes reading the same due rows would send them twice.
        self._pass = asyncio.Lock()
        self.wake = asyncio.Event()
        self._in_flight: int | None = None  # the delivery whose request may have left

    async def drain(self, limit: int = 500) -> DrainReport:
        """Send everything due now (up to ``limit``), oldest due first."""
        async with self._pass:
            return await self._drain(limit)

    async def _drain(self, limit: int) -> DrainReport:
        report = DrainReport()
        if self._paused_until is not None and self._clock() < self._paused_until:
            report.paused_until = self._paused_until
            return report
        self._paused_until = None
        claimed = await self._deliveries.claim(min(limit, self._claim_size), LEASE)
        for index, delivery in enumerate(claimed):
            try:
                await self._deliver(delivery, report)
            except Exception as error:
                # One user's bad data (or a bug) must not hold up everyone due after them.
                log.exception("Delivery %d failed unexpectedly", delivery.delivery_id)
                reason = f"{type(error).__name__}: {error}"
                if self._in_flight == delivery.delivery_id:
                    # After a request left (e.g. the answer could not be recorded): never twice.
                    await self._uncertain(delivery, reason, report)
                else:
                    await self._retry(delivery, reason, report)
            finally:
                self._in_flight = None
            if report.paused_until is not None:
                # Telegram asked for a pause: the rest go back, for whoever sends first.
                await self._deliveries.release(claimed[index + 1 :])
                break
        return report

    async def run(self, stop: asyncio.Event, *, batch: int = 500) -> None:
        """Drain until ``stop`` is set; between passes, wait for a wake-up or one second.

        Only one instance of the bot drains at a time (``DeliveryService.lead``): until this one
        leads, it asks again every :data:`LEAD_RETRY` seconds.
        """
        leading = False
        while not stop.is_set():
            if not leading:
                leading = await self._lead()
                if not leading:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), timeout=LEAD_RETRY)
                    continue
            try:
                report = await self.drain(batch)
            except Exception:
                # One bad pass (e.g. the database briefly locked) must not end the sender.
                log.exception("Outbox pass failed; trying again shortly")
                report = DrainReport()
            # A pass that took fewer than it could have found the outbox empty for now.
            if report.handled < min(batch, self._claim_size) or report.paused_until is not None:
                self.wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), timeout=1.0)

    async def _lead(self) -> bool:
        try:
            leading = await self._deliveries.lead(self._bot.id)
        except Exception:
            # The database is away: try again later, like a pass that failed.
            log.exception("Could not ask whether this instance sends; trying again shortly")
            return False
        if leading:
            log.info("This instance sends the scheduled messages")
        return leading

    async def _deliver(self, delivery: Delivery, report: DrainReport) -> None:
        if delivery.sending is not None:
            # The last sender died between sending a card and hearing back: it may be there.
            reason = f"the bot stopped while sending card {delivery.sending + 1}"
            await self._uncertain(delivery, reason, report)
            return
        prepared = await self._deliveries.prepare(delivery)
        if isinstance(prepared, Later):
            await self._deliveries.postpone(delivery, prepared.until, prepared.reason)
            report.deferred += 1
            self._count("deferred")
            return
        if isinstance(prepared, Skip):
            await self._deliveries.skipped(delivery, prepared.reason)
            report.skipped += 1
            self._count("skipped")
            report.reasons[prepared.reason] = report.reasons.get(prepared.reason, 0) + 1
            return
        user_chat = _chat_of(prepared)
        replies = _render(prepared)
        week = _week_card(prepared)
        if week is not None and replies:
            # The week as a card, with the review (or a partner's digest) as its caption,
            # drawn in a worker thread.
            picture = await asyncio.to_thread(render_week, *week)
            replies = [*with_picture(replies[0], picture), *replies[1:]]
        sent, first_id = delivery.cards_sent, delivery.first_message_id
        for card in range(sent, len(replies)):
            # On the row before the request leaves: if this sender dies before Telegram's
            # answer is recorded, whoever claims the delivery next will not send it again.
            await self._deliveries.sending(delivery, card)
            self._in_flight = delivery.delivery_id
            try:
                async with self._limiter:
                    message = await self._send(user_chat, replies[card])
            except TelegramError as error:
                await self._failed_send(delivery, error, report)
                return
            sent, first_id = sent + 1, first_id or message.message_id
            if sent < len(replies):
                # On the row before the next card: a crash now resends none of these.
                await self._deliveries.progress(delivery, sent, first_id)
            self._in_flight = None
        await self._deliveries.sent(delivery, first_id)
        report.sent += 1
        self._count("sent")

    async def _failed_send(
        self, delivery: Delivery, error: TelegramError, report: DrainReport
    ) -> None:
        """Record what Telegram's refusal (or silence) means for the delivery."""
        if isinstance(error, RetryAfter):
            wait = _seconds(error.retry_after)
            self._paused_until = self._clock() + wait
            report.paused_until = self._paused_until
            await self._retry(delivery, f"429 retry after {wait}", report, wait)
        elif isinstance(error, Forbidden):
            await self._deliveries.blocked(delivery, f"forbidden: {error.message}")
            report.failed += 1
            self._count("blocked")
        elif isinstance(error, BadRequest):
            if any(reason in error.message.lower() for reason in GONE_CHAT):
                await self._deliveries.blocked(delivery, f"chat gone: {error.message}")
                self._count("blocked")
            else:
                await self._deliveries.failed(delivery, f"bad request: {error.message}")
                self._count("failed")
            report.failed += 1
        elif never_took_effect(error):
            # A 5xx, a connection that could not be made: nothing reached the chat.
            await self._retry(delivery, f"{type(error).__name__}: {error}", report)
        else:
            # The request left and the answer was lost (a time-out, a dropped connection).
            await self._uncertain(delivery, f"{type(error).__name__}: {error}", report)

    async def _retry(
        self,
        delivery: Delivery,
        reason: str,
        report: DrainReport,
        after: timedelta | None = None,
    ) -> None:
        if await self._deliveries.retry(delivery, reason, after):
            report.retried += 1
            self._count("retried")
        else:
            report.failed += 1
            self._count("failed")

    async def _uncertain(self, delivery: Delivery, reason: str, report: DrainReport) -> None:
        await self._deliveries.uncertain(delivery, reason)
        report.uncertain += 1
        self._count("uncertain")

    def _count(self, outcome: str) -> None:
        if self._metrics is not None:
            self._metrics.send(outcome)

    async def _send(self, chat_id: int, reply: Reply) -> Message:
        # Paused with everything else after a 429, never retried behind the sender's back.
        with scheduled():
            if reply.photo is not None:
                return await self._bot.send_photo(
                    chat_id, reply.photo, caption=reply.text, reply_markup=reply.keyboard
                )
            return await self._bot.send_message(chat_id, reply.text, reply_markup=reply.keyboard)


def _week_card(prepared: Prepared) -> tuple[WeekCardFigure, WeekCardWords] | None:
    if isinstance(prepared, WeeklyReview):
        return week_card.card(_words_of(prepared), prepared)
    if isinstance(prepared, WeekDigest):
        return partner_views.digest_card(translator(prepared.language), prepared)
    return None


def _render(prepared: Prepared) -> list[Reply]:
    if isinstance(prepared, PARTNER_MESSAGES):
        return [partner_views.news(translator(prepared.language), prepared)]
    if isinstance(prepared, MorningNudge):
        return views.morning(_words_of(prepared), prepared)
    if isinstance(prepared, EveningReminder):
        return views.evening(_words_of(prepared), prepared)
    if isinstance(prepared, WeeklyReview):
        return views.review(_words_of(prepared), prepared)
    if isinstance(prepared, FreshStartEve):
        return views.fresh_start_eve(_words_of(prepared), prepared)
    return []


def _words_of(
    prepared: MorningNudge | EveningReminder | WeeklyReview | FreshStartEve,
) -> Translator:
    """The language of the user a scheduled message goes to."""
    return translator(prepared.user.language)


def _chat_of(prepared: Prepared) -> int:
    if isinstance(prepared, PARTNER_MESSAGES):
        return prepared.chat_id
    if isinstance(prepared, Skip | Later):
        raise ValueError("a skipped or postponed delivery has no chat")
    return prepared.user.chat_id


def _seconds(value: int | timedelta) -> timedelta:
    return value if isinstance(value, timedelta) else timedelta(seconds=value)
