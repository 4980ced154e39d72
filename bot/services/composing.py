"""What a scheduled message says, decided just before it is sent.

The tick only puts (user, kind, local date) in the outbox; what the message says is decided from
the data as it is then, so that a nudge never shows a stale streak and a reminder is dropped when
the day was kept in the meantime: the silence rules, no card for a day already kept (rule 15),
the comeback offer once per lapse (rule 9), fresh-start frequency (rule 10), a milestone's word
(rule 12) and the 30-day system's beats (rule 11).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.clock import Clock
from bot.coach.deadlines import DeadlineMoment, passed_key
from bot.coach.landmarks import Landmark, LandmarkKind, landmarks_on
from bot.coach.models import CoachEventKind, Delivery, User, UserStatus
from bot.coach.partners import parse_partner_kind
from bot.coach.schedule.silence import (
    NudgeChoice,
    fresh_start_allowed,
    nudge_kind,
    silence_allows,
    silent_days,
)
from bot.coach.schedule.slots import Kind
from bot.coach.streaks.days import DayState
from bot.coach.system import cycle_ending, month_ended
from bot.services.accounts import LastSeen
from bot.services.comeback import ComebackOffer, ComebackService
from bot.services.goal_day import GoalDay
from bot.services.goal_days import active_goal_days
from bot.services.habits import HabitService
from bot.services.partner_deliveries import NotSent, NotYet, PartnerDeliveries, PartnerMessage
from bot.services.scheduled_messages import (
    CycleInvite,
    EveningReminder,
    FreshStartEve,
    Later,
    MilestoneNote,
    MonthReview,
    MorningNudge,
    NudgeCard,
    Skip,
)
from bot.services.weekly_review import WeeklyReview, WeeklyReviews
from storage.base import Repository
from storage.contract.daily_log import EventKey, GoalKey

ALREADY_KEPT = "every goal already kept today"
"""Why a morning nudge was skipped: the user did today's actions before it could go."""

GENTLE_AFTER_DAYS = 7
"""Silent this many days: one gentle message instead of the nudge."""

QUIET_AFTER_DAYS = 60
"""Silent longer than this: nothing until the user writes."""

EVENING_MIN_STREAK = 2
"""The evening reminder protects a streak of at least this length."""

STEADY_STREAK = 7
"""A streak this long makes a user steady: fresh starts then come at most once a month."""


def kind_of(delivery: Delivery) -> Kind | None:
    """The scheduled kind of a delivery; ``None`` for a partner's message or an unknown kind.

    The outbox stores kinds as text (a partner's carry the partner: ``partner_digest:1001``), so
    a row written by another version may hold a kind this one does not know.
    """
    try:
        return Kind(delivery.kind)
    except ValueError:
        return None


MARKED_WHEN_PREPARED = (
    CoachEventKind.COMEBACK_OFFERED,
    CoachEventKind.MILESTONE_PASSED,
    CoachEventKind.MONTH_REVIEWED,
    CoachEventKind.CYCLE_INVITED,
)
"""The one-off moments a scheduled message marks as it is prepared (read ahead with its user).
A kind left out here is still answered rightly: :meth:`Composer._first_for` then asks the
database, one statement, as without a read ahead."""

FRESH_FOR = timedelta(milliseconds=500)
"""How long what :meth:`Composer.read_ahead` read decides a delivery; older, it is read again
(the sender waited on Telegram): a win, a pause or a block since then counts."""


@dataclass(frozen=True, slots=True)
class KnownUser:
    """A delivery's user, their active goals today and the moments already marked on them, as
    read with other deliveries'."""

    user: User | None
    days: list[GoalDay]
    marked: Mapping[EventKey, int | None]
    day: date | None
    """The user's day the goals were read for (``None``: not read)."""


@dataclass(frozen=True, slots=True)
class Said:
    """Which one-off moments are a delivery's to say.

    Attributes:
        delivery: The delivery being prepared.
        marked: The moments already marked on its user's goals, as read ahead (``None``: not
            read; each is asked of the database).
        to_mark: Where a moment not marked yet is noted instead of marked, for the caller to
            mark with other deliveries' (``None``: each is marked as it is decided).
    """

    delivery: Delivery
    marked: Mapping[EventKey, int | None] | None = None
    to_mark: list[EventKey] | None = None


@dataclass(frozen=True)
class Known:
    """Several deliveries' users and their goals today, read together at ``read_at``.

    The caller hands each user out once: a user's second delivery reads afresh, since
    preparing the first may change their rows.
    """

    users: dict[int, User]
    days: dict[int, list[GoalDay]]
    day_of: dict[int, date]
    marked: dict[EventKey, int | None]
    read_at: datetime

    def take(self, delivery: Delivery, now: datetime) -> KnownUser | None:
        """The delivery's user as read; ``None`` (read afresh) for a partner's message (not
        read ahead), or once the read is older than :data:`FRESH_FOR` at ``now``."""
        if parse_partner_kind(delivery.kind) is not None or now - self.read_at > FRESH_FOR:
            return None
        days = self.days.get(delivery.user_id, [])
        goals = {view.goal.goal_id for view in days}
        marked = {key: by for key, by in self.marked.items() if key[0] in goals}
        user = self.users.get(delivery.user_id)
        return KnownUser(user, days, marked, self.day_of.get(delivery.user_id))


Prepared = (
    MorningNudge | EveningReminder | WeeklyReview | FreshStartEve | PartnerMessage | Skip | Later
)


class Composer:
    """Decides what a scheduled message says now, or why it no longer goes."""

    def __init__(
        self,
        repository: Repository,
        clock: Clock,
        habits: HabitService,
        comeback: ComebackService,
        *,
        last_seen: LastSeen,
        reviews: WeeklyReviews,
        partners: PartnerDeliveries | None = None,
    ) -> None:
        """Create the composer.

        Args:
            repository: Where users, goals and the coach's events are stored.
            clock: The injected clock (aware UTC).
            habits: Each goal's day and streak.
            comeback: The comeback offer after two missed days.
            last_seen: "Last seen" times not flushed yet (shared with the accounts service).
            reviews: The weekly review.
            partners: What a partner's message says (``None``: they are not sent).
        """
        self._repository = repository
        self._clock = clock
        self._habits = habits
        self._comeback = comeback
        self._last_seen = last_seen
        self._reviews = reviews
        self._partners = partners

    async def read_ahead(self, deliveries: Sequence[Delivery]) -> Known:
        """The users of several deliveries and their goals today, read together (joins the
        caller's transaction): a few statements for them all instead of a few each."""
        read_at = self._clock()
        ids = {d.user_id for d in deliveries if parse_partner_kind(d.kind) is None}
        users = {user.user_id: user for user in await self._repository.get_users(ids)}
        day_of = {
            user.user_id: self._habits.day(user)
            for user in users.values()
            if user.status is UserStatus.ACTIVE and user.is_onboarded
        }
        days = await active_goal_days(
            self._repository, [(users[user_id], day) for user_id, day in day_of.items()]
        )
        goals = [GoalKey(view.goal.user_id, view.goal.goal_id) for v in days.values() for view in v]
        marked = await self._repository.marks_of(goals, MARKED_WHEN_PREPARED) if goals else {}
        return Known(users, days, day_of, marked, read_at)

    async def prepare(
        self,
        delivery: Delivery,
        known: KnownUser | None = None,
        *,
        to_mark: list[EventKey] | None = None,
    ) -> Prepared:
        """What ``delivery`` says now, or why it is no longer worth sending (joins the caller's
        transaction). ``known``: its user, their goals today and the moments marked on them,
        as :meth:`read_ahead` read them a moment ago (not read again). ``to_mark``: the
        moments it says that no one has marked yet are noted there, not marked (with
        ``known`` only): the result stands only once the caller has marked them all for it."""
        now = self._clock()
        if delivery.expires_at is not None and now > delivery.expires_at:
            return Skip("stale: its moment passed while the bot could not send it")
        if parse_partner_kind(delivery.kind) is not None:
            if self._partners is None:
                return Skip("partner messages are not sent by this instance")
            partner = await self._partners.prepare(delivery)
            if isinstance(partner, NotYet):
                return Later(partner.until, "caught up in the recipient's quiet hours")
            return Skip(partner.reason) if isinstance(partner, NotSent) else partner
        user = (
            known.user if known is not None else await self._repository.get_user(delivery.user_id)
        )
        if user is None or user.status is not UserStatus.ACTIVE:
            return Skip("user blocked the bot or was deleted")
        if not user.is_onboarded:
            return Skip("user has not finished set-up")
        today = self._habits.day(user)
        if user.paused_until is not None and today <= user.paused_until:
            return Skip("user is on a pause")
        kind = kind_of(delivery)
        if kind is None:
            return Skip(f"unknown kind {delivery.kind!r}")
        silent = self.silent_days(user, today)
        if not silence_allows(kind, silent):
            if silent > QUIET_AFTER_DAYS:
                return Skip("silent for over 60 days: waiting for the user to write")
            return Skip("silent for a week or more: only the morning and fresh starts")
        if known is not None and known.day != today:
            known = None  # read for a day that has ended since (the 02:00 boundary)
        everything = known.days if known is not None else await self._habits.today(user)
        views = [v for v in everything if v.started]
        match kind:
            case Kind.MORNING_NUDGE:
                said = Said(delivery) if known is None else Said(delivery, known.marked, to_mark)
                return await self._morning(user, views, today, said)
            case Kind.EVENING_REMINDER:
                return _evening(user, views)
            case Kind.WEEKLY_REVIEW:
                return await self._reviews.review(
                    user, views, today, delivery_id=delivery.delivery_id
                )
            case Kind.FRESH_START_EVE:
                return await self._eve(user, everything, today, delivery, silent=silent)

    async def _eve(
        self,
        user: User,
        everything: list[GoalDay],
        today: date,
        delivery: Delivery,
        *,
        silent: int,
    ) -> Prepared:
        """The evening before a landmark, or before a plan's own day one (which always goes)."""
        views = [v for v in everything if v.started]
        tomorrow = today + timedelta(days=1)
        day_one = tuple(v for v in everything if v.goal.start_date == tomorrow)
        chosen = _chosen_landmark(delivery) or user.fresh_start_on
        landmark = landmarks_on(tomorrow, user.birthday, chosen)
        if landmark is None and not day_one:
            return Skip("no landmark tomorrow")
        if landmark is not None and not await self._prompt_fresh_start(
            user, views, landmark, silent
        ):
            landmark = None
        if landmark is None and not day_one:
            return Skip("fresh start offered recently enough")
        return FreshStartEve(user, landmark, day_one, tuple(views))

    async def _morning(self, user: User, views: list[GoalDay], today: date, said: Said) -> Prepared:
        chosen = _chosen_landmark(said.delivery)
        silent = self.silent_days(user, today)
        if silent > QUIET_AFTER_DAYS:
            return Skip("silent for over 60 days: waiting for the user to write")
        landmark = landmarks_on(today, user.birthday, chosen or user.fresh_start_on)
        if landmark is not None and not await self._prompt_fresh_start(
            user, views, landmark, silent
        ):
            landmark = None  # steady users: at most one fresh start a month
        if silent > GENTLE_AFTER_DAYS and landmark is None:
            return Skip("silent user: only fresh-start prompts now")
        if not views:
            return Skip("no active goal to nudge about")
        gentle = silent == GENTLE_AFTER_DAYS
        # Rule 15: no morning card for a day already kept. Judged now, at send time, so a win
        # logged between the tick and the send counts; when every goal is kept, nothing goes
        # (but a milestone's word, rule 12).
        kept = [view for view in views if view.summary.kept_today]
        views = [view for view in views if not view.summary.kept_today]
        in_card = frozenset({DeadlineMoment.DAY})
        if not user.evening_enabled:  # no evening message to mention tomorrow's date
            in_card |= {DeadlineMoment.EVE}
        cards = []
        for view in views:
            offer = None
            if await self._offer_comeback(view, today, said):
                made = await self._comeback.offer(user, view.goal.goal_id)
                offer = made if isinstance(made, ComebackOffer) else None
            start = view.goal.start_date or today
            cards.append(NudgeCard(view, offer, (today - start).days // 7 + 1, in_card))
        notes = () if gentle else await self._milestone_notes(cards, kept, in_card, said)
        # Silent for a week or more: a landmark's prompt only, never a month's numbers.
        quiet = silent >= GENTLE_AFTER_DAYS
        system = () if quiet else await self._system_beats(user, [*views, *kept], today, said)
        if not cards and not notes and not system:
            return Skip(ALREADY_KEPT)
        return MorningNudge(user, tuple(cards), landmark, gentle=gentle, notes=notes, system=system)

    async def _first_for(self, said: Said, goal_id: int, kind: CoachEventKind, key: str) -> bool:
        """Whether a one-off moment is this delivery's to say: marked now, or by this same
        delivery when it was prepared before (sent again after a refusal, or taken up by
        another sender half-way), so that a delivery says the same things every time.

        A moment read ahead as marked is answered without asking the database again; one read
        ahead as unmarked, when the caller marks a group's moments together, is taken as this
        delivery's and noted for the caller to mark."""
        delivery = said.delivery
        if said.marked is not None and (goal_id, kind, key) in said.marked:
            return said.marked[goal_id, kind, key] == delivery.delivery_id
        if said.to_mark is not None:
            said.to_mark.append((goal_id, kind, key))
            return True
        return await self._repository.mark_event(
            delivery.user_id, goal_id, kind, key, self._clock(), delivery_id=delivery.delivery_id
        )

    async def _system_beats(
        self, user: User, views: list[GoalDay], today: date, said: Said
    ) -> tuple[MonthReview | CycleInvite, ...]:
        """The month's review after a plan month, the next cycle's invitation near the 12-week
        date (rule 11): each once, marked when it is prepared."""
        beats: list[MonthReview | CycleInvite] = []
        for view in views:
            goal = view.goal
            if goal.start_date is None:
                continue
            ended = month_ended(goal.start_date, today)
            if ended is not None and await self._first_for(
                said, goal.goal_id, CoachEventKind.MONTH_REVIEWED, str(ended.number)
            ):
                ladder = await self._habits.ladder_on(view, user, ended.last)
                # A month with no kept day has no numbers worth a review: "0 of 28" is guilt.
                if ladder is not None and ladder.month_days.wins + ladder.month_days.skips:
                    beats.append(MonthReview(view, ended, ladder))
            due = goal.outcome_due
            if (
                due is not None
                and cycle_ending(due, today)
                and await self._first_for(
                    said, goal.goal_id, CoachEventKind.CYCLE_INVITED, due.isoformat()
                )
            ):
                _, ladder_now, _ = await self._habits.progress(user, goal)
                beats.append(CycleInvite(view, due, ladder_now))
        return tuple(beats)

    async def _milestone_notes(
        self,
        cards: list[NudgeCard],
        kept: list[GoalDay],
        in_card: frozenset[DeadlineMoment],
        said: Said,
    ) -> tuple[MilestoneNote, ...]:
        """Milestone words that no card carries: a date that passed (once per milestone and
        date, never beside a comeback offer: one ask at a time), and what a card would have
        said (due today; due tomorrow without the evening message) on a goal already kept."""
        notes = [
            MilestoneNote(view.goal, deadline, view.day)
            for view in kept
            for deadline in view.deadlines
            if deadline.moment in in_card
        ]
        calm = [card.view for card in cards if card.comeback is None]
        for view in [*calm, *kept]:
            for deadline in view.deadlines:
                if deadline.moment is DeadlineMoment.PASSED and await self._first_for(
                    said,
                    view.goal.goal_id,
                    CoachEventKind.MILESTONE_PASSED,
                    passed_key(deadline.milestone),
                ):
                    notes.append(MilestoneNote(view.goal, deadline, view.day))
        return tuple(notes)

    async def _prompt_fresh_start(
        self, user: User, views: list[GoalDay], landmark: Landmark, silent: int
    ) -> bool:
        """Whether to speak of this landmark, recording it when so (rule 10's frequency).

        Lapsed users get every fresh start first; steady users at most one a month; the eve
        and the morning of one landmark count as one prompt.
        """
        lapsed = any(view.summary.missed_in_a_row >= 2 for view in views)
        steady = not lapsed and any(view.summary.current >= STEADY_STREAK for view in views)
        allowed = fresh_start_allowed(
            landmark,
            last_prompted=user.fresh_start_prompted_on,
            steady=steady,
            lapsed=lapsed,
            silent_days=silent,
        )
        if allowed and user.fresh_start_prompted_on != landmark.day:
            await self._repository.set_fresh_start_prompted(user.user_id, landmark.day)
        return allowed

    async def _offer_comeback(self, view: GoalDay, today: date, said: Said) -> bool:
        """Never miss twice: the offer comes once per lapse, then the plain card (rule 9)."""
        missed = view.summary.missed_in_a_row
        if missed < 2 or view.target.ramp is not None:
            return False
        # A lapse is the run of missed days ending yesterday; its first day names it.
        lapse = today - timedelta(days=missed)
        first = await self._first_for(
            said,
            view.goal.goal_id,
            CoachEventKind.COMEBACK_OFFERED,
            f"lapse from {lapse.isoformat()}",
        )
        return nudge_kind(missed, 0, comeback_offered=not first) is NudgeChoice.COMEBACK_OFFER

    def silent_days(self, user: User, today: date) -> int:
        """Whole days since the user last wrote (a pause not counted), for the silence rules."""
        last = self._last_seen.latest(user.user_id, user.last_seen_at)
        seen = self._habits.day_of(user, last or user.created_at)
        return silent_days(seen, today, paused_until=user.paused_until)


def _has(view: GoalDay, moment: DeadlineMoment) -> bool:
    return any(deadline.moment is moment for deadline in view.deadlines)


def _evening(user: User, views: list[GoalDay]) -> EveningReminder | Skip:
    """The evening reminder: streaks still open tonight, and milestones due tomorrow."""
    at_risk = tuple(
        v for v in views if v.state is DayState.PENDING and v.summary.current >= EVENING_MIN_STREAK
    )
    # Rule 12: a milestone due tomorrow is mentioned tonight, even with no streak open.
    eve = tuple(v for v in views if _has(v, DeadlineMoment.EVE))
    if not at_risk and not eve:
        return Skip("nothing at risk tonight")
    return EveningReminder(user, at_risk, eve)


def _chosen_landmark(delivery: Delivery) -> date | None:
    """The fresh start the tick saw that the calendar alone does not know (``CUSTOM``).

    The day after a pause and a date picked with /freshstart come from the user's settings at
    tick time; the tick writes them into the payload (``landmark``, ``day``).
    """
    if delivery.payload.get("landmark") != LandmarkKind.CUSTOM.value:
        return None
    day = delivery.payload.get("day")
    try:
        return date.fromisoformat(day) if isinstance(day, str) else None
    except ValueError:
        return None
