"""The outbox sender: drains due deliveries at fixed send times and records every outcome.

It runs below Telegram's global limit (about 30 messages per second per bot; 25 by default, and
up to 1,000 for a bot with paid broadcasts) so that interactive replies keep their headroom.

Pacing (``bot.scheduler.pacing``): one message every 1/rate seconds at fixed times, never more
than the rate in any one second. So that the work on one message (deciding what it says, the
request, the records) does not slow the rate down, a few deliveries are in hand at once: as many
as go out in :data:`IN_FLIGHT_SECONDS` (one, at 25 a second). Each one's cards still go in order.
Text messages are posted by the sender itself (``bot.scheduler.telegram_sends``), and its writes
are gathered into few transactions (``bot.services.delivery_journal``). At high rates the users
of the next deliveries are read together once a slot is free (:data:`READ_AHEAD_SECONDS`), their
morning and evening messages are decided from that read at once, and the moments they mark are
marked in one statement; each goes on that decision while the read is still fresh (else it is
decided again). A user's second delivery in a pass reads afresh.

Never twice comes first: before each request leaves, the card about to go is written on the
delivery's row (``sending``) and committed. Telegram's answers decide what happens next:

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
card per goal): how many went out is written on its row with the next card's mark, so that
whoever sends it next (a retry, another instance, this one after a restart) sends only the rest.

One instance sends at a time (``DeliveryService.lead``: Telegram's limit is per bot). The one
that sends checks every :data:`LEAD_CHECK` seconds that it still does, and stops at once if not;
one that becomes the sender waits :data:`LEAD_GRACE` first. No request leaves on an answer more
than :data:`LEAD_CHECK` old: each card asks (the cached answer, or a fresh one) after its mark is
committed, so a card whose mark took long does not go on an old word (it goes back, its row
saying it did not go), and the first check of a new sender comes after its grace, right before
its first message. So a sender that lost its database connection without knowing has stopped
before the next one starts, and together they never go above the rate.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from telegram import Bot
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.bot_api import never_took_effect
from bot.charts.week import WeekCardFigure, WeekCardWords, render_week
from bot.clock import Clock
from bot.coach.models import Delivery
from bot.monitoring import Metrics
from bot.scheduler.pacing import Pacer, Timer
from bot.scheduler.telegram_sends import TelegramSends
from bot.services.composing import Known, KnownUser, Prepared
from bot.services.deliveries import DeliveryService
from bot.services.delivery_journal import DeliveryJournal
from bot.services.partner_deliveries import PARTNER_MESSAGES, WeekDigest
from bot.services.scheduled_messages import (
    EveningReminder,
    FreshStartEve,
    Later,
    MorningNudge,
    Skip,
)
from bot.services.weekly_review import WeeklyReview
from bot.views import partner_news as partner_news_views
from bot.views import week_card
from bot.views.i18n import Translator, translator
from bot.views.nudges import evening as evening_views
from bot.views.nudges import fresh_start as fresh_start_views
from bot.views.nudges import morning as morning_views
from bot.views.nudges import review as review_views
from bot.views.reply import Reply, with_picture

log = logging.getLogger(__name__)

GONE_CHAT = ("chat not found", "user is deactivated", "bot was kicked", "peer_id_invalid")
"""BadRequest reasons meaning the chat is gone for good: treated like a block."""


LEASE = timedelta(seconds=60)
"""How long a claimed delivery is this sender's: other senders skip it until then."""

LEAD_RETRY = 3.0
"""Seconds between an idle instance's attempts to become the sender (after the sending instance
dies, another one takes over within this)."""

LEAD_CHECK = 1.0
"""Seconds between the sending instance's checks, while it sends, that it still is the one."""

LEAD_GRACE = 2.0
"""Seconds an instance that has just become the sender waits before its first message: longer
than the previous one needs to notice (:data:`LEAD_CHECK`) and finish the message in hand."""

CLAIM_SECONDS = 15.0
"""Deliveries are claimed this many seconds' worth at a time (at the send rate): well within the
lease, so that none is still unsent when its lease ends."""

IN_FLIGHT_SECONDS = 0.01
"""Deliveries in hand at once: as many as go out in this long (at least one). Enough for the
work on one to overlap the wait for another's answer at 1,000 a second; one at 25 a second."""

READ_AHEAD_SECONDS = 0.016
"""The users of the next deliveries are read together: as many as go out in this long. At 1,000
a second, 16 share a few reads and one statement of marks instead of a few each, and each goes
on what was decided from the read while it is still fresh (``bot.services.composing.FRESH_FOR``);
at 25 a second each reads its own, right before it goes."""

READ_AHEAD_MOST = 64
"""Deliveries read ahead together at the most, whatever the rate: a read's statements name
every goal of them, and SQLite refuses an expression of about a thousand terms."""


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


@dataclass
class _Attempt:
    """One delivery in one pass: its user as read with the others' (and what it says, when
    decided with them), and whether a request of it may have left unanswered."""

    delivery: Delivery
    known: KnownUser | None = None
    prepared: Prepared | None = None
    in_flight: bool = False


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
        timer: Timer | None = None,
    ) -> None:
        """Create the sender.

        Args:
            deliveries: Decides what each delivery says and records outcomes.
            bot: The Telegram bot to send with.
            clock: The injected clock (aware UTC).
            rate: Messages per second at most.
            metrics: Where each attempt's outcome is counted (``None``: nowhere).
            timer: The clock the send times are counted on (default: the event loop's; tests
                pass one they move by hand).
        """
        self._metrics = metrics
        self._deliveries = deliveries
        self._bot = bot
        self._clock = clock
        self._pacer = Pacer(max(rate, 0.1), timer)
        self._sends = TelegramSends(bot)
        self._paused_until: datetime | None = None
        self._claim_size = max(1, int(rate * CLAIM_SECONDS))
        self._in_hand = max(1, math.ceil(rate * IN_FLIGHT_SECONDS))
        self._read_ahead = min(READ_AHEAD_MOST, max(1, math.ceil(rate * READ_AHEAD_SECONDS)))
        # One pass at a time: two passes reading the same due rows would send them twice.
        self._pass = asyncio.Lock()
        self._leading = False
        # When the last check that this instance sends began (the lock was held from then at
        # least), and the check under way, which every delivery about to go waits for.
        self._checked_lead = -math.inf
        self._lead_check: asyncio.Future[bool] | None = None
        self.wake = asyncio.Event()

    async def drain(self, limit: int = 500) -> DrainReport:
        """Send everything due now (up to ``limit``), oldest due first."""
        async with self._pass:
            return await self._drain(limit, None)

    async def _drain(
        self, limit: int, leading: Callable[[], Awaitable[bool]] | None
    ) -> DrainReport:
        report = DrainReport()
        if self._paused_until is not None and self._clock() < self._paused_until:
            report.paused_until = self._paused_until
            return report
        self._paused_until = None
        claimed = await self._deliveries.claim(min(limit, self._claim_size), LEASE)
        if not claimed:
            return report
        journal = self._deliveries.journal()
        running: set[asyncio.Task[None]] = set()
        known: Known | None = None
        ready: dict[int, Prepared] = {}  # decided with the read ahead, by delivery id
        read_until = 0  # the users of claimed[:read_until] were read ahead (or tried)
        handed: set[int] = set()  # users with a delivery under way: their next reads afresh
        async with self._sends.open() as sends:
            try:
                for index, delivery in enumerate(claimed):
                    while len(running) >= self._in_hand:
                        _, running = await asyncio.wait(
                            running, return_when=asyncio.FIRST_COMPLETED
                        )
                    stop = report.paused_until is not None  # Telegram asked for a pause
                    if not stop and leading is not None:
                        stop = not await leading()  # another instance sends now
                    if stop:
                        # The rest go back, for whoever sends first.
                        await self._deliveries.release(claimed[index:])
                        break
                    if index >= read_until:
                        # Only once it is known to go on: deciding marks moments for them.
                        read_until = index + self._read_ahead
                        known = await self._read_together(claimed[index:read_until])
                        ready = await self._prepare_together(
                            claimed[index:read_until], known, handed
                        )
                    mine = None
                    if known is not None and delivery.user_id not in handed:
                        mine = known.take(delivery, self._clock())
                    handed.add(delivery.user_id)
                    # Decided with the read: it stands while the read does.
                    decided = ready.pop(delivery.delivery_id, None) if mine is not None else None
                    attempt = _Attempt(delivery, mine, decided)
                    running.add(
                        asyncio.create_task(self._attempt(attempt, sends, journal, report, leading))
                    )
                if running:
                    await asyncio.wait(running)
            except BaseException:
                # Cancelled (the bot stops): the deliveries in hand stop where they are.
                for task in running:
                    task.cancel()
                await asyncio.gather(*running, return_exceptions=True)
                raise
        await journal.flush()
        return report

    async def _read_together(self, deliveries: list[Delivery]) -> Known | None:
        """The users of the next deliveries and their goals today, read together.

        ``None`` (each reads its own as it goes) for a single delivery, and when the reads fail
        (one user's data the bot cannot read): then only that user's delivery fails.
        """
        fresh = [delivery for delivery in deliveries if delivery.sending is None]
        if len(fresh) < 2:
            return None
        try:
            return await self._deliveries.read_ahead(fresh)
        except Exception:
            log.exception(
                "Reading %d deliveries' users together failed; each reads its own", len(fresh)
            )
            return None

    async def _prepare_together(
        self, deliveries: list[Delivery], known: Known | None, handed: set[int]
    ) -> dict[int, Prepared]:
        """What the deliveries read ahead say, decided together so that the moments they mark
        are marked in one statement (``DeliveryService.prepare_together``).

        Only a user's first delivery in the pass is decided here (the next reads afresh);
        nothing when the marks cannot be made: each then decides its own as it goes.
        """
        if known is None:
            return {}
        now = self._clock()
        users = set(handed)
        group = []
        for delivery in deliveries:
            if delivery.user_id not in users and delivery.sending is None:
                mine = known.take(delivery, now)
                if mine is not None:
                    group.append((delivery, mine))
            users.add(delivery.user_id)
        if len(group) < 2:
            return {}
        try:
            return await self._deliveries.prepare_together(group)
        except Exception:
            log.exception("Preparing %d deliveries together failed; each goes alone", len(group))
            return {}

    async def run(self, stop: asyncio.Event, *, batch: int = 500) -> None:
        """Drain until ``stop`` is set; between passes, wait for a wake-up or one second.

        Only one instance of the bot drains at a time (``DeliveryService.lead``): until this one
        leads, it asks again every :data:`LEAD_RETRY` seconds; once it leads, it waits
        :data:`LEAD_GRACE` before sending, and checks every :data:`LEAD_CHECK` seconds while it
        sends that it still leads.
        """
        timer = self._pacer.timer
        while not stop.is_set():
            if not self._leading:
                asked = timer.now()
                self._leading = await self._lead()
                # Counted from when it was asked, not after the grace: the next check comes
                # right before the first message, not a second after it.
                self._checked_lead = asked
                await timer.wait(stop, LEAD_GRACE if self._leading else LEAD_RETRY)
                continue
            try:
                async with self._pass:
                    report = await self._drain(batch, self._still_leading)
            except Exception:
                # One bad pass (e.g. the database briefly locked) must not end the sender.
                log.exception("Outbox pass failed; trying again shortly")
                report = DrainReport()
            # A pass that took fewer than it could have found the outbox empty for now.
            idle = report.handled < min(batch, self._claim_size)
            if self._leading and (idle or report.paused_until is not None):
                self.wake.clear()
                await timer.wait(self.wake, 1.0)

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

    async def _still_leading(self) -> bool:
        """Whether this instance still sends (asked again once :data:`LEAD_CHECK` has passed).

        While a check is under way every caller waits for its answer: a check that hangs (a
        connection cut without a word) holds the messages up instead of letting them go on an
        answer more than :data:`LEAD_CHECK` old. Once it does not lead, it stays so until
        :meth:`run` asks to lead again.
        """
        if self._lead_check is not None:
            return await asyncio.shield(self._lead_check)
        now = self._pacer.timer.now()
        if not self._leading or now - self._checked_lead < LEAD_CHECK:
            return self._leading
        check = asyncio.get_running_loop().create_future()
        self._lead_check = check
        leading = False  # a check cut short (the bot stops) lets nothing more go
        try:
            leading = await self._check_lead(now)
        finally:
            self._lead_check = None
            check.set_result(leading)
        return leading

    async def _check_lead(self, now: float) -> bool:
        try:
            self._leading = await self._deliveries.lead(self._bot.id)
        except Exception:
            log.exception("Could not ask whether this instance still sends; it stops")
            self._leading = False
        if self._leading:
            self._checked_lead = now
        else:
            log.warning("This instance no longer sends the scheduled messages")
        return self._leading

    async def _attempt(
        self,
        attempt: _Attempt,
        sends: TelegramSends,
        journal: DeliveryJournal,
        report: DrainReport,
        leading: Callable[[], Awaitable[bool]] | None,
    ) -> None:
        delivery = attempt.delivery
        try:
            await self._deliver(attempt, sends, journal, report, leading)
        except Exception as error:
            # One user's bad data (or a bug) must not hold up everyone due after them.
            log.exception("Delivery %d failed unexpectedly", delivery.delivery_id)
            reason = f"{type(error).__name__}: {error}"
            if attempt.in_flight:
                # After a request left (e.g. the answer could not be recorded): never twice.
                self._uncertain(delivery, reason, journal, report)
            else:
                self._retry(delivery, reason, journal, report)

    async def _deliver(
        self,
        attempt: _Attempt,
        sends: TelegramSends,
        journal: DeliveryJournal,
        report: DrainReport,
        leading: Callable[[], Awaitable[bool]] | None,
    ) -> None:
        delivery = attempt.delivery
        if delivery.sending is not None:
            # The last sender died between sending a card and hearing back: it may be there.
            reason = f"the bot stopped while sending card {delivery.sending + 1}"
            self._uncertain(delivery, reason, journal, report)
            return
        prepared = attempt.prepared
        if prepared is None:
            prepared = await self._deliveries.prepare(delivery, attempt.known)
        if isinstance(prepared, Later):
            await self._deliveries.postpone(delivery, prepared.until, prepared.reason)
            report.deferred += 1
            self._count("deferred")
            return
        if isinstance(prepared, Skip):
            journal.skipped(delivery, prepared.reason)
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
            await self._pacer.turn()
            # On the row, committed, before the request leaves (with how many cards went
            # before it): if this sender dies before Telegram's answer is recorded, whoever
            # claims the delivery next will not send it again.
            await journal.sending(delivery, card, sent, first_id)
            if leading is not None and not await leading():
                # Another instance sends now (the check is at most LEAD_CHECK old, so this one
                # stops before the other's grace ends): this card did not go, and says so on
                # the row; the delivery goes back for the one that sends.
                await self._deliveries.progress(delivery, sent, first_id)
                await self._deliveries.release([delivery])
                return
            # The commit took its time: the rate is counted again at the instant it leaves.
            await self._pacer.depart()
            attempt.in_flight = True
            try:
                message_id = await sends.send(user_chat, replies[card])
            except TelegramError as error:
                self._failed_send(delivery, error, journal, report)
                return
            sent, first_id = sent + 1, first_id or message_id
        journal.sent(delivery, first_id)
        attempt.in_flight = False
        report.sent += 1
        self._count("sent")

    def _failed_send(
        self,
        delivery: Delivery,
        error: TelegramError,
        journal: DeliveryJournal,
        report: DrainReport,
    ) -> None:
        """Record what Telegram's refusal (or silence) means for the delivery."""
        if isinstance(error, RetryAfter):
            wait = _seconds(error.retry_after)
            self._paused_until = self._clock() + wait
            report.paused_until = self._paused_until
            self._retry(delivery, f"429 retry after {wait}", journal, report, wait)
        elif isinstance(error, Forbidden):
            journal.blocked(delivery, f"forbidden: {error.message}")
            report.failed += 1
            self._count("blocked")
        elif isinstance(error, BadRequest):
            if any(reason in error.message.lower() for reason in GONE_CHAT):
                journal.blocked(delivery, f"chat gone: {error.message}")
                self._count("blocked")
            else:
                journal.failed(delivery, f"bad request: {error.message}")
                self._count("failed")
            report.failed += 1
        elif never_took_effect(error):
            # A 5xx, a connection that could not be made: nothing reached the chat.
            self._retry(delivery, f"{type(error).__name__}: {error}", journal, report)
        else:
            # The request left and the answer was lost (a time-out, a dropped connection).
            self._uncertain(delivery, f"{type(error).__name__}: {error}", journal, report)

    def _retry(
        self,
        delivery: Delivery,
        reason: str,
        journal: DeliveryJournal,
        report: DrainReport,
        after: timedelta | None = None,
    ) -> None:
        if journal.retry(delivery, reason, after):
            report.retried += 1
            self._count("retried")
        else:
            report.failed += 1
            self._count("failed")

    def _uncertain(
        self, delivery: Delivery, reason: str, journal: DeliveryJournal, report: DrainReport
    ) -> None:
        journal.uncertain(delivery, reason)
        report.uncertain += 1
        self._count("uncertain")

    def _count(self, outcome: str) -> None:
        if self._metrics is not None:
            self._metrics.send(outcome)


def _week_card(prepared: Prepared) -> tuple[WeekCardFigure, WeekCardWords] | None:
    if isinstance(prepared, WeeklyReview):
        return week_card.card(_words_of(prepared), prepared)
    if isinstance(prepared, WeekDigest):
        return partner_news_views.digest_card(translator(prepared.language), prepared)
    return None


def _render(prepared: Prepared) -> list[Reply]:
    if isinstance(prepared, PARTNER_MESSAGES):
        return [partner_news_views.news(translator(prepared.language), prepared)]
    if isinstance(prepared, MorningNudge):
        return morning_views.morning(_words_of(prepared), prepared)
    if isinstance(prepared, EveningReminder):
        return evening_views.evening(_words_of(prepared), prepared)
    if isinstance(prepared, WeeklyReview):
        return review_views.review(_words_of(prepared), prepared)
    if isinstance(prepared, FreshStartEve):
        return fresh_start_views.fresh_start_eve(_words_of(prepared), prepared)
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
