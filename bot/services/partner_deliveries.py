"""What a partner message says, decided when it is sent (rule 13).

Privacy is decided here, not in the views: a partner's news carries only what the user's
switches allow at send time — the kept days, the streak, the hit rate and the identity votes;
goal names, actions, identities and milestone titles only with "goal names" on; never a missed
day (a day not kept is just not shown as kept, and a goal with nothing kept this week is left
out), never another partner. A partnership that ended, a switch turned off or a win taken back
since the row was written means it is not sent.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from bot.clock import Clock
from bot.coach.models import Delivery, PartnerSharing, User, UserStatus
from bot.coach.partners import LocalTime, PartnerKind, held_until, parse_partner_kind
from bot.coach.progress.periods import DayTally
from bot.coach.streaks.days import DayState
from bot.services.goal_day import GoalDay, target_on
from bot.services.habits import HabitService
from bot.services.partner_news import COMEBACK, PICKED
from storage.base import Repository

_KEPT = frozenset({DayState.DONE, DayState.PARTIAL, DayState.MVA, DayState.SKIP, DayState.PAUSED})
"""Day states a partner may see; every other day reads as not (yet) kept."""


@dataclass(frozen=True, slots=True)
class NotSent:
    """Nothing to send any more; the reason is recorded on the delivery."""

    reason: str


@dataclass(frozen=True, slots=True)
class NotYet:
    """Not now, at night where the recipient is: it waits until ``until`` (their morning)."""

    until: datetime


@dataclass(frozen=True, slots=True)
class DigestGoal:
    """One goal's week in the partner's digest.

    Attributes:
        number: Its place among the digest's goals (its label without goal names).
        name: The goal's name, only when the user shows goal names.
        identity: The identity the votes are for, only when the user shows goal names.
        days: The week's seven days from its first: a kept day's state, else ``None``.
        kept: Days kept (wins and rest days).
        planned: Days that could be kept so far (paused days left out).
        streak: The current streak.
        votes: Identity votes since the start.
    """

    number: int
    name: str | None
    identity: str | None
    days: tuple[DayState | None, ...]
    kept: int
    planned: int
    streak: int
    votes: int

    @property
    def hit_rate(self) -> float:
        """Kept over planned days."""
        return self.kept / self.planned if self.planned else 0.0


@dataclass(frozen=True, slots=True)
class WeekDigest:
    """The user's week, to a partner, after the user's weekly review."""

    chat_id: int
    delivery_id: int
    user_name: str
    week_start: date
    week_end: date
    today: date
    goals: tuple[DigestGoal, ...]
    language: str = "en"
    """The language of the one who reads it (``User.language``)."""


@dataclass(frozen=True, slots=True)
class RestartNews:
    """The user restarts tomorrow (or today, when it was decided late).

    Attributes:
        action: The daily action from that day, only when the user shows goal names.
        step_days: For a comeback, the days at the minimum before the first step up.
    """

    chat_id: int
    delivery_id: int
    user_name: str
    tomorrow: bool
    comeback: bool
    action: str | None = None
    step_days: int | None = None
    language: str = "en"
    """The language of the one who reads it (``User.language``)."""


@dataclass(frozen=True, slots=True)
class MilestoneNews:
    """A streak of 7, 30, 66 or 100 days, or a milestone ticked off.

    Attributes:
        days: The streak reached; ``None`` for a ticked milestone.
        goal_name: Only when the user shows goal names.
        title: The milestone's title, only when the user shows goal names.
    """

    chat_id: int
    delivery_id: int
    user_name: str
    days: int | None
    goal_name: str | None = None
    title: str | None = None
    language: str = "en"
    """The language of the one who reads it (``User.language``)."""


@dataclass(frozen=True, slots=True)
class PartnerJoined:
    """To the user: a friend accepted the invite."""

    chat_id: int
    partner_name: str
    sharing: PartnerSharing
    language: str = "en"
    """The language of the one who reads it (``User.language``)."""


@dataclass(frozen=True, slots=True)
class PartnershipEnded:
    """To one side: the partnership ended (removed, left, or the other side erased)."""

    chat_id: int
    name: str
    how: str
    language: str = "en"
    """The language of the one who reads it (``User.language``)."""


@dataclass(frozen=True, slots=True)
class CheerArrived:
    """To the user: a partner's reaction or note, and what it was for."""

    chat_id: int
    partner_name: str
    reaction: str | None
    note: str | None
    about: str  # "week", "restart", "streak" or "milestone"
    days: int | None = None
    language: str = "en"
    """The language of the one who reads it (``User.language``)."""


PartnerNewsMessage = WeekDigest | RestartNews | MilestoneNews
"""What a partner receives about a user: each comes with the cheer buttons."""

PartnerMessage = PartnerNewsMessage | PartnerJoined | PartnershipEnded | CheerArrived

PARTNER_MESSAGES = (
    WeekDigest,
    RestartNews,
    MilestoneNews,
    PartnerJoined,
    PartnershipEnded,
    CheerArrived,
)
"""Every kind of partner message, for ``isinstance``."""


class PartnerDeliveries:
    """Decides what each partner message says now, or why it is no longer sent."""

    def __init__(
        self,
        repository: Repository,
        clock: Clock,
        habits: HabitService,
        *,
        step_days: int = 7,
        default_zone: str = "UTC",
    ) -> None:
        """Create the service.

        Args:
            repository: Where partnerships, goals and the outbox are stored.
            clock: The injected clock (aware UTC).
            habits: Each goal's days and streak.
            step_days: Days at a comeback's minimum before its first step up.
            default_zone: The zone of someone whose zone nobody knows.
        """
        self._repository = repository
        self._clock = clock
        self._habits = habits
        self._step_days = step_days
        self._default_zone = default_zone

    async def prepare(self, delivery: Delivery) -> PartnerMessage | NotSent | NotYet:
        """What a partner message (or a cheer back) says now, why it is not sent, or until
        when it waits (caught up in the recipient's quiet hours, see ``held_until``)."""
        parsed = parse_partner_kind(delivery.kind)
        if parsed is None:
            return NotSent(f"unknown kind {delivery.kind!r}")
        recipient = await self._repository.get_user(delivery.user_id)
        if recipient is None or recipient.status is not UserStatus.ACTIVE:
            return NotSent("recipient blocked the bot or was deleted")
        kind, key = parsed
        message = await self._message(recipient, delivery, kind, key)
        if isinstance(message, NotSent):
            return message
        held = held_until(await self._local(recipient, delivery), delivery.due_at, self._clock())
        if held is not None:
            if delivery.expires_at is not None and held >= delivery.expires_at:
                return NotSent("its moment passed in the recipient's quiet hours")
            return NotYet(held)
        # Said in the language of whoever reads it, not of whoever it is about.
        return replace(message, language=recipient.language)

    async def _local(self, recipient: User, delivery: Delivery) -> LocalTime:
        """The recipient's zone and quiet hours; for one who never set a zone, the zone of the
        other person (as when the message was put in the outbox)."""
        other = (
            await self._repository.get_user(delivery.about_user_id)
            if delivery.about_user_id is not None
            else None
        )
        zone = other.timezone if other is not None else delivery.payload.get("zone")
        return LocalTime.of(recipient, zone if isinstance(zone, str) else self._default_zone)

    async def _message(
        self, recipient: User, delivery: Delivery, kind: PartnerKind, key: str
    ) -> PartnerMessage | NotSent:
        if kind is PartnerKind.JOINED:
            return await self._joined(recipient, key)
        if kind is PartnerKind.ENDED:
            name, how = delivery.payload.get("name"), delivery.payload.get("how")
            return PartnershipEnded(recipient.chat_id, str(name or ""), str(how or ""))
        if delivery.about_user_id is None:
            return NotSent("a partner message about nobody")
        if kind in (PartnerKind.CHEER, PartnerKind.NOTE):
            return await self._cheer(recipient, delivery)
        partnership = await self._repository.find_partnership(
            delivery.about_user_id, recipient.user_id
        )
        user = await self._repository.get_user(delivery.about_user_id)
        if partnership is None or user is None:
            return NotSent("no longer partners")
        sharing = await self._repository.get_sharing(user.user_id)
        if kind is PartnerKind.DIGEST:
            if not sharing.weekly_digest:
                return NotSent("the user stopped sharing the weekly digest")
            return await self._digest(recipient, user, delivery, names=sharing.goal_names)
        if kind is PartnerKind.RESTART:
            if not sharing.restarts:
                return NotSent("the user stopped sharing restarts")
            return await self._restart(recipient, user, delivery, names=sharing.goal_names)
        if not sharing.milestones:
            return NotSent("the user stopped sharing milestones")
        return await self._milestone(recipient, user, delivery, names=sharing.goal_names)

    async def _digest(
        self, partner: User, user: User, delivery: Delivery, *, names: bool
    ) -> WeekDigest | NotSent:
        week_start = _day(delivery.payload.get("week_start"))
        week_end = _day(delivery.payload.get("week_end"))
        if week_start is None or week_end is None:
            return NotSent("a digest without its week")
        today = self._habits.day(user)
        last = min(week_end, today)
        goals: list[DigestGoal] = []
        for view in await self._habits.today(user):
            if not view.started:
                continue
            first = max(week_start, view.goal.start_date or week_start)
            tally = DayTally.count(view.states, first, last)
            if tally.wins + tally.skips == 0:
                continue  # a week with nothing kept is nobody else's business
            days = tuple(
                _shown(view, week_start + timedelta(days=offset), first, last)
                for offset in range(7)
            )
            goals.append(
                DigestGoal(
                    number=len(goals) + 1,
                    name=view.goal.vision if names else None,
                    identity=view.goal.identity if names else None,
                    days=days,
                    kept=tally.wins + tally.skips,
                    planned=tally.wins + tally.skips + tally.missed,
                    streak=view.summary.current,
                    votes=view.summary.votes,
                )
            )
        if not goals:
            return NotSent("nothing kept this week: a partner hears no lapse")
        return WeekDigest(
            partner.chat_id,
            delivery.delivery_id,
            user.first_name,
            week_start,
            week_end,
            today,
            tuple(goals),
        )

    async def _restart(
        self, partner: User, user: User, delivery: Delivery, *, names: bool
    ) -> RestartNews | NotSent:
        day = _day(delivery.payload.get("day"))
        why = delivery.payload.get("why")
        if day is None:
            return NotSent("a restart without its day")
        if why == PICKED and user.fresh_start_on != day:
            return NotSent("the fresh start moved since")
        local = LocalTime.of(partner, user.timezone or self._default_zone)
        today = local.today(self._clock())
        if today > day:
            return NotSent("stale: the restart day is over")
        action = None
        if names:
            goal_id = delivery.payload.get("goal")
            goals = await self._habits.active_goals(user)
            goal = next((g for g in goals if g.goal_id == goal_id), goals[0] if goals else None)
            if goal is not None:
                levels = await self._repository.list_target_levels(user.user_id, goal.goal_id)
                action = target_on(goal, levels, day).text
        comeback = why == COMEBACK
        return RestartNews(
            partner.chat_id,
            delivery.delivery_id,
            user.first_name,
            tomorrow=today < day,
            comeback=comeback,
            action=action,
            step_days=self._step_days if comeback else None,
        )

    async def _milestone(
        self, partner: User, user: User, delivery: Delivery, *, names: bool
    ) -> MilestoneNews | NotSent:
        goal_id = delivery.payload.get("goal")
        goal = (
            await self._repository.get_goal(user.user_id, goal_id)
            if isinstance(goal_id, int)
            else None
        )
        if goal is None:
            return NotSent("the goal is gone")
        days = delivery.payload.get("days")
        goal_name = goal.vision if names else None
        if isinstance(days, int):
            views = [v for v in await self._habits.today(user) if v.goal.goal_id == goal.goal_id]
            if not views or views[0].summary.current < days:
                return NotSent("the streak was taken back")
            return MilestoneNews(
                partner.chat_id, delivery.delivery_id, user.first_name, days, goal_name
            )
        milestone_id = delivery.payload.get("milestone")
        milestone = (
            await self._repository.get_milestone(user.user_id, milestone_id)
            if isinstance(milestone_id, int)
            else None
        )
        if milestone is None or milestone.done_at is None:
            return NotSent("the milestone was reopened or deleted")
        return MilestoneNews(
            partner.chat_id,
            delivery.delivery_id,
            user.first_name,
            None,
            goal_name,
            milestone.title if names else None,
        )

    async def _joined(self, user: User, key: str) -> PartnerJoined | NotSent:
        partnership_id = int(key) if key.isdigit() else 0
        partnership = await self._repository.get_partnership(partnership_id, user.user_id)
        if partnership is None or partnership.user_id != user.user_id:
            return NotSent("the partnership ended meanwhile")
        sharing = await self._repository.get_sharing(user.user_id)
        return PartnerJoined(user.chat_id, partnership.partner_name, sharing)

    async def _cheer(self, user: User, delivery: Delivery) -> CheerArrived | NotSent:
        assert delivery.about_user_id is not None
        partnership = await self._repository.find_partnership(user.user_id, delivery.about_user_id)
        if partnership is None:
            return NotSent("no longer partners")
        payload = delivery.payload
        reaction, note = payload.get("reaction"), payload.get("note")
        days = payload.get("days")
        return CheerArrived(
            user.chat_id,
            partnership.partner_name,
            reaction if isinstance(reaction, str) else None,
            note if isinstance(note, str) else None,
            str(payload.get("for") or "week"),
            days if isinstance(days, int) else None,
        )


def _day(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _shown(view: GoalDay, day: date, first: date, last: date) -> DayState | None:
    """What a partner sees of one day: its state if it was kept, else nothing."""
    state = view.states.get(day) if first <= day <= last else None
    return state if state in _KEPT else None
