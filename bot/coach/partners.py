"""The accountability partner's rules: invites, what a partner may hear, and when (rule 13).

Pure functions: the clock's ``now`` and every zone are passed in.

Decisions:

* **An invite** is a random code in a deep link (``/start p-…``), good for one acceptance,
  for :data:`INVITE_DAYS` days, until the user revokes it. A user has at most one open invite
  (a new link withdraws the old one), so two friends can never both slip under
  :data:`MAX_PARTNERS`. A friend who declines uses nothing up: the link still works for them
  until it expires.
* **A partner's local time.** A partner who set the bot up has their own zone and quiet
  hours. One who never did (a partner needs no plan) is written to in the zone of the person
  the message is about: the invite came from them through a personal link, most often to
  someone nearby, and Telegram does not tell a bot anyone's zone. Their quiet hours are the
  default ones (22:00–07:00).
* **When a partner hears.** News (a milestone, the weekly digest) goes at once, or at the end
  of the partner's quiet hours; a restart goes the evening before, an hour before the
  partner's evening time (as the user's own fresh-start eve), or at once when it was decided
  later than that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.coach.models import (
    DEFAULT_EVENING_TIME,
    DEFAULT_QUIET_END,
    DEFAULT_QUIET_START,
    PartnerInvite,
    User,
)
from bot.coach.schedule.settings import in_quiet_hours, local_instant
from bot.coach.schedule.slots import FRESH_START_EVE_LEAD

INVITE_DAYS = 7
"""An invite link works this many days."""

MAX_PARTNERS = 3
"""A user has at most this many partners (a partner may support any number of users)."""

NOTE_MAX = 200
"""A partner's note is one line of at most this many characters."""

PARTNER_STREAKS = frozenset({7, 30, 66, 100})
"""The streaks a partner hears about (the user celebrates more of them)."""

INVITE_PREFIX = "p-"
INVITE_TOKEN_LENGTH = 22
"""A code is the prefix and this many URL-safe characters (``secrets.token_urlsafe(16)``)."""

INVITE_CODE = re.compile(INVITE_PREFIX + r"[A-Za-z0-9_-]{" + str(INVITE_TOKEN_LENGTH) + "}")
"""What an invite code looks like, also for keeping it out of the logs."""

NEWS_USEFUL = timedelta(days=2)
"""A partner's news (a milestone, the weekly digest, a cheer) is dropped if this late."""


class InviteProblem(StrEnum):
    """Why an invite code cannot be accepted (nothing changes)."""

    UNKNOWN = "unknown"  # never issued (mistyped, forged)
    EXPIRED = "expired"
    REVOKED = "revoked"
    USED = "used"  # accepted already (by someone else, or in a partnership since ended)
    OWN = "own"  # the inviter opened their own link
    ALREADY = "already"  # the friend already supports this user
    FULL = "full"  # the inviter has MAX_PARTNERS partners (a used link too: none to ask for)


class Switch(StrEnum):
    """The user's switches in /partner (``PartnerSharing`` fields)."""

    WEEKLY_DIGEST = "weekly_digest"
    GOAL_NAMES = "goal_names"
    RESTARTS = "restarts"
    MILESTONES = "milestones"


class PartnerKind(StrEnum):
    """Outbox kinds of the partner's messages; the outbox kind is ``<kind>:<key>``.

    The key keeps one row per subject: the outbox takes one delivery per (recipient, kind,
    local date), and one partner may support several users.
    """

    DIGEST = "partner_digest"  # to a partner: the user's week (key: the user)
    RESTART = "partner_restart"  # to a partner: the user restarts tomorrow (key: the user)
    MILESTONE = "partner_milestone"  # to a partner: a streak or a milestone (key: what)
    JOINED = "partner_joined"  # to the user: a friend accepted (key: the partnership)
    ENDED = "partner_ended"  # to the other side: removed or left (key: the partnership)
    CHEER = "partner_cheer"  # to the user: a reaction (key: the partner's message)
    NOTE = "partner_note"  # to the user: a line of text (key: the partner's message)


NEWS = frozenset({PartnerKind.DIGEST, PartnerKind.RESTART, PartnerKind.MILESTONE})
"""What a partner receives about a user, with the cheer buttons under it."""


class Reaction(StrEnum):
    """A partner's one-tap cheer."""

    CLAP = "👏"
    FIRE = "🔥"
    STRONG = "💪"


def partner_kind(kind: PartnerKind, key: str) -> str:
    """The outbox kind of one partner message."""
    return f"{kind.value}:{key}"


def parse_partner_kind(kind: str) -> tuple[PartnerKind, str] | None:
    """A partner message's kind and key, or ``None`` for any other outbox kind."""
    name, colon, key = kind.partition(":")
    if not colon:
        return None
    try:
        return PartnerKind(name), key
    except ValueError:
        return None


def looks_like_invite(text: str) -> bool:
    """Whether a deep link's payload is an invite code (not whether it works)."""
    return INVITE_CODE.fullmatch(text) is not None


def invite_problem(
    invite: PartnerInvite | None,
    friend_id: int,
    now: datetime,
    *,
    partnered: bool = False,
    partners: int = 0,
) -> InviteProblem | None:
    """Why ``friend_id`` cannot accept this invite now; ``None`` when they can.

    Args:
        invite: The invite the code names, if any.
        friend_id: Who opened it.
        now: The moment.
        partnered: The friend supports the inviter now (a spent link of theirs says so; once
            the partnership has ended it is just a used link).
        partners: How many partners the inviter has now.
    """
    if invite is None:
        return InviteProblem.UNKNOWN
    if invite.user_id == friend_id:
        return InviteProblem.OWN
    if partnered:
        return InviteProblem.ALREADY
    full = partners >= MAX_PARTNERS
    if invite.used_at is not None:
        # "Ask for a new one" would send the friend to someone who cannot make one.
        return InviteProblem.FULL if full else InviteProblem.USED
    if invite.revoked_at is not None:
        return InviteProblem.REVOKED
    if now >= invite.expires_at:
        return InviteProblem.EXPIRED
    return InviteProblem.FULL if full else None


def is_open(invite: PartnerInvite, now: datetime) -> bool:
    """Whether an invite still works: not used, not revoked, not expired."""
    return invite.used_at is None and invite.revoked_at is None and now < invite.expires_at


@dataclass(frozen=True, slots=True)
class LocalTime:
    """Where and when a person is written to: their zone and quiet hours."""

    zone: str
    quiet_start: time = DEFAULT_QUIET_START
    quiet_end: time = DEFAULT_QUIET_END
    evening_time: time = DEFAULT_EVENING_TIME

    @classmethod
    def of(cls, person: User, fallback_zone: str) -> LocalTime:
        """A person's own zone and hours, or ``fallback_zone`` for one who never set it."""
        return cls(
            person.timezone or fallback_zone,
            person.quiet_start,
            person.quiet_end,
            person.evening_time,
        )

    @property
    def tz(self) -> ZoneInfo:
        """The zone."""
        return ZoneInfo(self.zone)

    def today(self, now: datetime) -> date:
        """The local date at ``now``."""
        return now.astimezone(self.tz).date()

    def quiet(self, now: datetime) -> bool:
        """Whether ``now`` falls in the quiet hours."""
        wall = now.astimezone(self.tz).time().replace(tzinfo=None)
        return in_quiet_hours(wall, self.quiet_start, self.quiet_end)

    def out_of_quiet(self, at: datetime) -> datetime:
        """``at``, or the end of the quiet hours it falls in."""
        if not self.quiet(at):
            return at
        local = at.astimezone(self.tz)
        day = local.date()
        if local.time().replace(tzinfo=None) >= self.quiet_end:
            day += timedelta(days=1)  # the quiet hours run over midnight
        return local_instant(day, self.quiet_end, self.tz)

    def eve(self, day: date) -> datetime:
        """The evening before ``day``: an hour before the evening time (as the fresh-start eve)."""
        moment = datetime.combine(day - timedelta(days=1), self.evening_time) - FRESH_START_EVE_LEAD
        return local_instant(moment.date(), moment.time(), self.tz)

    def end_of(self, day: date) -> datetime:
        """The local midnight that ends ``day``."""
        return local_instant(day + timedelta(days=1), time(0, 0), self.tz)


def restart_moment(day: date, now: datetime, local: LocalTime) -> datetime | None:
    """When a partner hears that the user restarts on ``day``: the evening before, or at once
    (out of the quiet hours) when that has passed; ``None`` when ``day`` is over for them."""
    due = local.out_of_quiet(max(local.eve(day), now))
    return due if due < local.end_of(day) else None


def held_until(local: LocalTime, due: datetime, now: datetime) -> datetime | None:
    """When a partner message due at ``due`` may go, if not at ``now``.

    Its moment was chosen outside the recipient's quiet hours, but a bot that was down (or a
    long queue) can reach it only later, at night: then it waits for the quiet hours' end.
    A message meant for inside them (a cheer that comes with a morning nudge set before the
    quiet hours end) goes during the same quiet hours it was meant for.

    Returns:
        The end of the quiet hours ``now`` falls in; ``None`` when it may go now.
    """
    if not local.quiet(now):
        return None
    meant_now = local.quiet(due) and local.out_of_quiet(due) == local.out_of_quiet(now)
    return None if meant_now else local.out_of_quiet(now)


def clean_note(text: str) -> str:
    """A note as one line: runs of spaces and line breaks become one space."""
    return " ".join(text.split())
