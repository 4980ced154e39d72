"""Use cases of /partner: invite a partner, accept or decline, switches, cheers, remove, leave.

docs/product.md rule 13. A partner is anyone who accepted a user's personal invite link; they
need no plan of their own. Everything a button names (a code, a partnership, a partner's
message) is checked against the person who pressed: forged or stale data gets a clear answer
and changes nothing. The invite code is the only secret and is never logged.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from bot.clock import Clock
from bot.coach.models import Delivery, PartnerInvite, PartnerSharing, Partnership, User
from bot.coach.partners import (
    INVITE_DAYS,
    INVITE_PREFIX,
    MAX_PARTNERS,
    NEWS,
    NOTE_MAX,
    InviteProblem,
    PartnerKind,
    Reaction,
    Switch,
    clean_note,
    invite_problem,
    parse_partner_kind,
    partner_kind,
)
from bot.services.days import local_now
from bot.services.partner_news import LEFT, REMOVED, PartnerNews
from bot.services.questions import Question, Questions
from bot.services.unit_of_work import unit_of_work
from storage.base import Repository


@dataclass(frozen=True, slots=True)
class PartnerOverview:
    """What /partner shows one person.

    Attributes:
        user: Who asked.
        partners: The people supporting them.
        supported: The people they support.
        sharing: What their partners may hear.
        invite: Their open invite link's code (``None``: none now, or they cannot invite).
        can_invite: Set up (a zone and a nudge time), so there is something to share.
        today: Their local date.
        invite_until: The invite's last local day (it works until that day's end, or so).
    """

    user: User
    partners: tuple[Partnership, ...]
    supported: tuple[Partnership, ...]
    sharing: PartnerSharing
    invite: PartnerInvite | None
    can_invite: bool
    today: date
    invite_until: date | None = None

    @property
    def full(self) -> bool:
        """Whether the user has as many partners as allowed."""
        return len(self.partners) >= MAX_PARTNERS


@dataclass(frozen=True, slots=True)
class InviteOffer:
    """A friend opened a working invite link: who invites them."""

    inviter_name: str


@dataclass(frozen=True, slots=True)
class InviteRefused:
    """The code cannot be accepted; nothing changed.

    Attributes:
        problem: Why.
        inviter_name: Who issued it (empty for a code never issued).
    """

    problem: InviteProblem
    inviter_name: str = ""


@dataclass(frozen=True, slots=True)
class Accepted:
    """The friend is now the user's partner."""

    partnership: Partnership


class CheerProblem(StrEnum):
    """Why a cheer or a note was not sent (nothing changed)."""

    GONE = "gone"  # not a partner's message of this person (forged, or erased meanwhile)
    ENDED = "ended"  # the partnership ended since the message came
    ALREADY = "already"  # this message was answered that way already
    EMPTY = "empty"  # a note with no words
    TOO_LONG = "too_long"  # a note over NOTE_MAX characters


@dataclass(frozen=True, slots=True)
class CheerRefused:
    """A cheer or a note that was not sent, and why."""

    problem: CheerProblem
    user_name: str = ""
    length: int = 0


@dataclass(frozen=True, slots=True)
class CheerSent:
    """A reaction or a note is on its way to the user."""

    user_name: str
    reaction: Reaction | None = None
    note: str | None = None
    deferred: bool = False  # it waits for the user's morning (their quiet hours)


@dataclass(frozen=True, slots=True)
class NoteAsked:
    """The partner is asked for one line to the user."""

    user_name: str


class PartnerService:
    """Invites, partnerships, the user's switches, and cheers back."""

    def __init__(self, repository: Repository, clock: Clock, news: PartnerNews) -> None:
        """Create the service.

        Args:
            repository: Where partnerships and the outbox are stored.
            clock: The injected clock (aware UTC).
            news: Puts the other side's messages in the outbox.
        """
        self._repository = repository
        self._clock = clock
        self._questions = Questions(repository, clock)
        self._news = news

    # --- the user's side ---------------------------------------------------------------------

    @unit_of_work
    async def overview(self, user: User, *, issue: bool = True) -> PartnerOverview:
        """/partner: partners, switches and the invite link, made now when none works.

        Args:
            user: Who asked.
            issue: Make a new invite when none works (not after revoking one).
        """
        return await self._overview(user, issue=issue)

    @unit_of_work
    async def new_link(self, user: User) -> PartnerOverview:
        """Withdraw the open invite and make a new one."""
        await self._repository.revoke_invites(user.user_id, self._clock())
        return await self._overview(user, issue=True)

    @unit_of_work
    async def revoke(self, user: User) -> PartnerOverview:
        """Withdraw the open invite: the link stops working at once."""
        await self._repository.revoke_invites(user.user_id, self._clock())
        return await self._overview(user, issue=False)

    @unit_of_work
    async def toggle(self, user: User, switch: Switch) -> PartnerOverview:
        """Turn one of the switches (what partners hear) on or off."""
        sharing = await self._repository.get_sharing(user.user_id)
        flipped = replace(sharing, **{switch.value: not getattr(sharing, switch.value)})
        await self._repository.save_sharing(user.user_id, flipped, self._clock())
        # The page shows a working link as /partner does: the old one may be used or expired.
        return await self._overview(user, issue=True)

    async def _overview(self, user: User, *, issue: bool) -> PartnerOverview:
        now = self._clock()
        partners = tuple(await self._repository.list_partners(user.user_id))
        can_invite = user.is_onboarded
        invite = None
        if can_invite and len(partners) < MAX_PARTNERS:
            invite = await self._repository.open_invite(user.user_id, now)
            if invite is None and issue:
                code = INVITE_PREFIX + secrets.token_urlsafe(16)
                expires = now + timedelta(days=INVITE_DAYS)
                invite = await self._repository.create_invite(user.user_id, code, now, expires)
        return PartnerOverview(
            user,
            partners,
            tuple(await self._repository.list_supported(user.user_id)),
            await self._repository.get_sharing(user.user_id),
            invite,
            can_invite,
            local_now(user, now).date(),
            local_now(user, invite.expires_at).date() if invite is not None else None,
        )

    # --- the friend's side -------------------------------------------------------------------

    async def look(self, friend: User, code: str) -> InviteOffer | InviteRefused:
        """What an opened invite link says to the friend (nothing changes)."""
        invite = await self._repository.get_invite(code)
        refused = await self._refusal(invite, friend)
        if refused is not None or invite is None:
            return refused or InviteRefused(InviteProblem.UNKNOWN)
        return InviteOffer(invite.inviter_name)

    @unit_of_work
    async def accept(self, friend: User, code: str) -> Accepted | InviteRefused:
        """The friend becomes the inviter's partner; the inviter hears it."""
        invite = await self._repository.get_invite(code)
        refused = await self._refusal(invite, friend)
        if refused is not None or invite is None:
            return refused or InviteRefused(InviteProblem.UNKNOWN)
        made = await self._repository.add_partnership(
            invite.invite_id, friend.user_id, self._clock()
        )
        if made is None:  # another friend was quicker, or it was withdrawn meanwhile
            again = await self._refusal(await self._repository.get_invite(code), friend)
            return again or InviteRefused(InviteProblem.USED, invite.inviter_name)
        await self._news.joined(made)
        return Accepted(made)

    async def _refusal(self, invite: PartnerInvite | None, friend: User) -> InviteRefused | None:
        if invite is None:
            return InviteRefused(InviteProblem.UNKNOWN)
        partnered = await self._repository.find_partnership(invite.user_id, friend.user_id)
        partners = await self._repository.list_partners(invite.user_id)
        problem = invite_problem(
            invite,
            friend.user_id,
            self._clock(),
            partnered=partnered is not None,
            partners=len(partners),
        )
        return None if problem is None else InviteRefused(problem, invite.inviter_name)

    # --- ending ------------------------------------------------------------------------------

    async def partnership(self, person: User, partnership_id: int) -> Partnership | None:
        """One of the person's partnerships (either side), for a confirmation question."""
        return await self._repository.get_partnership(partnership_id, person.user_id)

    @unit_of_work
    async def remove(self, user: User, partnership_id: int) -> Partnership | None:
        """The user removes a partner; the partner is told once. ``None``: not theirs to end."""
        return await self._end(user, partnership_id, REMOVED)

    @unit_of_work
    async def leave(self, partner: User, partnership_id: int) -> Partnership | None:
        """The partner stops supporting the user; the user is told once."""
        return await self._end(partner, partnership_id, LEFT)

    async def _end(self, person: User, partnership_id: int, how: str) -> Partnership | None:
        found = await self._repository.get_partnership(partnership_id, person.user_id)
        if found is None:
            return None
        if (found.user_id if how == REMOVED else found.partner_id) != person.user_id:
            return None  # a partner cannot "remove", a user cannot "leave" their own
        if not await self._repository.delete_partnership(partnership_id, person.user_id):
            return None
        await self._news.ended(found, how)
        return found

    # --- cheering back -----------------------------------------------------------------------

    @unit_of_work
    async def cheer(
        self, partner: User, delivery_id: int, reaction: Reaction
    ) -> CheerSent | CheerRefused:
        """One tap under a partner message: the reaction goes to the user, once per message."""
        found = await self._news_item(partner, delivery_id)
        if isinstance(found, CheerRefused):
            return found
        delivery, user, partnership = found
        payload = {"from": partner.user_id, "reaction": reaction.value, **_about(delivery)}
        sent = await self._news.to_user(
            user, PartnerKind.CHEER, str(delivery_id), delivery.local_date, payload
        )
        if sent is None:
            return CheerRefused(CheerProblem.ALREADY, partnership.user_name)
        return CheerSent(partnership.user_name, reaction, deferred=sent.due_at > self._clock())

    @unit_of_work
    async def ask_note(self, partner: User, delivery_id: int) -> NoteAsked | CheerRefused:
        """ "Send a note": the next message the partner types is the note."""
        found = await self._news_item(partner, delivery_id)
        if isinstance(found, CheerRefused):
            return found
        delivery, user, partnership = found
        key = partner_kind(PartnerKind.NOTE, str(delivery_id))
        if await self._repository.find_delivery(user.user_id, key, delivery.local_date):
            return CheerRefused(CheerProblem.ALREADY, partnership.user_name)
        await self._questions.ask(partner.user_id, Question.PARTNER_NOTE.about(delivery_id))
        return NoteAsked(partnership.user_name)

    @unit_of_work
    async def answer_note(
        self, partner: User, delivery_id: int, text: str
    ) -> CheerSent | CheerRefused:
        """The partner's note: one line of at most NOTE_MAX characters, once per message."""
        found = await self._news_item(partner, delivery_id)
        if isinstance(found, CheerRefused):
            await self._questions.close(partner.user_id)
            return found
        delivery, user, partnership = found
        note = clean_note(text)
        if not note:
            return CheerRefused(CheerProblem.EMPTY, partnership.user_name)
        if len(note) > NOTE_MAX:
            return CheerRefused(CheerProblem.TOO_LONG, partnership.user_name, len(note))
        await self._questions.close(partner.user_id)
        payload = {"from": partner.user_id, "note": note, **_about(delivery)}
        sent = await self._news.to_user(
            user, PartnerKind.NOTE, str(delivery_id), delivery.local_date, payload
        )
        if sent is None:
            return CheerRefused(CheerProblem.ALREADY, partnership.user_name)
        return CheerSent(partnership.user_name, note=note, deferred=sent.due_at > self._clock())

    async def _news_item(
        self, partner: User, delivery_id: int
    ) -> tuple[Delivery, User, Partnership] | CheerRefused:
        """The partner's own message about a user they still support, or why not."""
        delivery = await self._repository.get_delivery(delivery_id)
        parsed = parse_partner_kind(delivery.kind) if delivery is not None else None
        if (
            delivery is None
            or parsed is None
            or parsed[0] not in NEWS
            or delivery.user_id != partner.user_id
            or delivery.about_user_id is None
        ):
            return CheerRefused(CheerProblem.GONE)
        user = await self._repository.get_user(delivery.about_user_id)
        partnership = await self._repository.find_partnership(
            delivery.about_user_id, partner.user_id
        )
        if user is None or partnership is None:
            return CheerRefused(CheerProblem.ENDED, user.first_name if user else "")
        return delivery, user, partnership


def _about(delivery: Delivery) -> dict[str, object]:
    """What a cheer is for, from the partner message it answers (said back to the user)."""
    parsed = parse_partner_kind(delivery.kind)
    kind = parsed[0] if parsed is not None else None
    if kind is PartnerKind.DIGEST:
        return {"for": "week"}
    if kind is PartnerKind.RESTART:
        return {"for": "restart"}
    days = delivery.payload.get("days")
    if isinstance(days, int):
        return {"for": "streak", "days": days}
    return {"for": "milestone"}
