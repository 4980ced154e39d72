"""What a user's partners are told, put in the outbox when it happens (rule 13).

Every partner message goes through the outbox and the rate-limited sender like the bot's own
messages: one row per (recipient, kind, local date), the kind naming its subject
(``bot.coach.partners.PartnerKind``), so nothing is sent twice. This module only writes rows,
inside the caller's unit of work (a win, a ticked milestone, a comeback, a fresh start picked,
a weekly review sent); what a row says is decided when it is sent
(``bot.services.partner_deliveries``), from the data and the user's switches as they are then.

When: in the recipient's local time (``bot.coach.partners.LocalTime``: a partner who never set
the bot up lives in the zone of the person the message is about), never in their quiet hours.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.clock import Clock
from bot.coach.models import Delivery, NewDelivery, Partnership, User
from bot.coach.partners import (
    NEWS_USEFUL,
    PARTNER_STREAKS,
    LocalTime,
    PartnerKind,
    partner_kind,
    restart_moment,
)
from bot.coach.progress.periods import review_week
from bot.coach.schedule.settings import local_instant
from storage.base import Repository

PICKED = "picked"
"""A restart on a date the user picked with /freshstart (still so when it is announced)."""
COMMITTED = "committed"
"""A restart the user committed to on a fresh-start morning."""
COMEBACK = "comeback"
"""A comeback: the habit restarts at its minimum."""

REMOVED = "removed"
"""The user removed the partner."""
LEFT = "left"
"""The partner stepped back."""
ERASED = "erased"
"""The other side erased their data (/delete)."""


class PartnerNews:
    """Puts partner messages in the outbox (and the cheers back to the user)."""

    def __init__(self, repository: Repository, clock: Clock, default_zone: str = "UTC") -> None:
        """Create the service.

        Args:
            repository: Where partnerships and the outbox are stored.
            clock: The injected clock (aware UTC).
            default_zone: The zone of someone whose zone nobody knows (``DEFAULT_TIMEZONE``).
        """
        self._repository = repository
        self._clock = clock
        self._default_zone = default_zone

    # --- to the partners ---------------------------------------------------------------------

    async def weekly_digest(self, review: Delivery) -> int:
        """After the user's weekly review went out: their week to each partner who gets it.

        Returns:
            How many digests were put in the outbox.
        """
        user = await self._repository.get_user(review.user_id)
        if user is None or not (await self._repository.get_sharing(user.user_id)).weekly_digest:
            return 0
        first, last = review_week(review.local_date, user.review_weekday)
        payload: dict[str, object] = {"week_start": first.isoformat(), "week_end": last.isoformat()}
        return await self._to_partners(
            user, PartnerKind.DIGEST, str(user.user_id), review.local_date, payload
        )

    async def streak(self, user: User, goal_id: int, days: int, on: date) -> int:
        """A streak of ``days`` was just reached (the partner hears of 7, 30, 66 and 100)."""
        if days not in PARTNER_STREAKS:
            return 0
        if not (await self._repository.get_sharing(user.user_id)).milestones:
            return 0
        key = f"{user.user_id}:{goal_id}:{days}d"
        payload: dict[str, object] = {"goal": goal_id, "days": days}
        return await self._to_partners(user, PartnerKind.MILESTONE, key, on, payload)

    async def milestone_ticked(self, user: User, goal_id: int, milestone_id: int, on: date) -> int:
        """A milestone was just ticked off."""
        if not (await self._repository.get_sharing(user.user_id)).milestones:
            return 0
        key = f"{user.user_id}:m{milestone_id}"
        payload: dict[str, object] = {"goal": goal_id, "milestone": milestone_id}
        return await self._to_partners(user, PartnerKind.MILESTONE, key, on, payload)

    async def restart(self, user: User, day: date, why: str, goal_id: int | None = None) -> int:
        """The user restarts on ``day``: each partner hears the evening before (or at once, if
        that has passed), once per day whatever the reason.

        Args:
            user: Who restarts.
            day: The restart's first day.
            why: :data:`PICKED`, :data:`COMMITTED` or :data:`COMEBACK`.
            goal_id: The goal it is about, when there is one.
        """
        if not (await self._repository.get_sharing(user.user_id)).restarts:
            return 0
        payload: dict[str, object] = {"day": day.isoformat(), "why": why}
        if goal_id is not None:
            payload["goal"] = goal_id
        now = self._clock()
        sent = 0
        for partnership in await self._repository.list_partners(user.user_id):
            local = await self._local(partnership.partner_id, user)
            due = restart_moment(day, now, local)
            if due is None:
                continue  # the day is over where the partner lives
            new = NewDelivery(
                partnership.partner_id,
                partner_kind(PartnerKind.RESTART, str(user.user_id)),
                day,
                due,
                local.end_of(day),
                payload,
                about_user_id=user.user_id,
            )
            sent += await self._repository.enqueue_delivery(new, now) is not None
        return sent

    # --- to either side ----------------------------------------------------------------------

    async def joined(self, partnership: Partnership) -> None:
        """A friend accepted the user's invite: the user hears it (the friend saw it already)."""
        user = await self._repository.get_user(partnership.user_id)
        if user is None:
            return
        due, expires = self._soon(LocalTime.of(user, self._default_zone))
        await self._repository.enqueue_delivery(
            NewDelivery(
                user.user_id,
                partner_kind(PartnerKind.JOINED, str(partnership.partnership_id)),
                self._today(user),
                due,
                expires,
                {},
                about_user_id=partnership.partner_id,
            ),
            self._clock(),
        )

    async def ended(self, partnership: Partnership, how: str) -> None:
        """Tell the other side, once and kindly, that a partnership ended.

        Args:
            partnership: The partnership that ended (read before it was deleted).
            how: :data:`REMOVED` (the user removed the partner: the partner hears) or
                :data:`LEFT` (the partner stepped back: the user hears).
        """
        if how == REMOVED:
            await self._notice(partnership.partner_id, partnership.user_id, partnership, how)
        else:
            await self._notice(partnership.user_id, partnership.partner_id, partnership, how)

    async def farewell(self, person_id: int) -> None:
        """The person erases their data: everyone on the other side of their partnerships hears
        it once (the notice carries their first name, so it is not erased with them)."""
        for supported in await self._repository.list_supported(person_id):
            await self._notice(supported.user_id, person_id, supported, ERASED)
        for partner in await self._repository.list_partners(person_id):
            await self._notice(partner.partner_id, person_id, partner, ERASED)

    async def to_user(
        self, user: User, kind: PartnerKind, key: str, on: date, payload: dict[str, object]
    ) -> Delivery | None:
        """A partner's cheer or note for the user: at once, or with the next morning nudge when
        it comes in the user's quiet hours.

        Returns:
            The delivery, or ``None`` when this one was sent already.
        """
        now = self._clock()
        local = LocalTime.of(user, self._default_zone)
        due = now if not local.quiet(now) else self._next_nudge(user, local, now)
        from_id = payload.get("from")
        return await self._repository.enqueue_delivery(
            NewDelivery(
                user.user_id,
                partner_kind(kind, key),
                on,
                due,
                due + NEWS_USEFUL,
                payload,
                about_user_id=from_id if isinstance(from_id, int) else None,
            ),
            now,
        )

    # --- helpers -----------------------------------------------------------------------------

    async def _to_partners(
        self, user: User, kind: PartnerKind, key: str, on: date, payload: dict[str, object]
    ) -> int:
        sent = 0
        for partnership in await self._repository.list_partners(user.user_id):
            due, expires = self._soon(await self._local(partnership.partner_id, user))
            new = NewDelivery(
                partnership.partner_id,
                partner_kind(kind, key),
                on,
                due,
                expires,
                payload,
                about_user_id=user.user_id,
            )
            sent += await self._repository.enqueue_delivery(new, self._clock()) is not None
        return sent

    async def _notice(
        self, recipient_id: int, other_id: int, partnership: Partnership, how: str
    ) -> None:
        """The notice that a partnership ended, to one side, naming the other."""
        recipient = await self._repository.get_user(recipient_id)
        other = await self._repository.get_user(other_id)
        if recipient is None or other is None:
            return
        local = LocalTime.of(recipient, other.timezone or self._default_zone)
        due, expires = self._soon(local)
        await self._repository.enqueue_delivery(
            NewDelivery(
                recipient_id,
                partner_kind(PartnerKind.ENDED, str(partnership.partnership_id)),
                local.today(self._clock()),
                due,
                expires,
                # The zone it was timed in: the other one may be erased before it goes.
                {"name": other.first_name, "how": how, "zone": local.zone},
            ),
            self._clock(),
        )

    async def _local(self, person_id: int, about: User | None) -> LocalTime:
        """Where a person lives: their own zone, else the zone of whom the message is about."""
        person = await self._repository.get_user(person_id)
        fallback = (about.timezone if about is not None else None) or self._default_zone
        if person is None:
            return LocalTime(fallback)
        return LocalTime.of(person, fallback)

    def _soon(self, local: LocalTime) -> tuple[datetime, datetime]:
        due = local.out_of_quiet(self._clock())
        return due, due + NEWS_USEFUL

    def _today(self, user: User) -> date:
        return LocalTime.of(user, self._default_zone).today(self._clock())

    @staticmethod
    def _next_nudge(user: User, local: LocalTime, now: datetime) -> datetime:
        """The user's next morning nudge, or the end of the quiet hours without one."""
        if user.nudge_time is None:
            return local.out_of_quiet(now)
        day = local.today(now)
        nudge = local_instant(day, user.nudge_time, local.tz)
        if nudge <= now:
            nudge = local_instant(day + timedelta(days=1), user.nudge_time, local.tz)
        return nudge
