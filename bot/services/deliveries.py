"""Use cases of the outbox: decide, at send time, what a scheduled message should say.

The tick only puts (user, kind, local date) in the outbox; what the message says is decided just
before it is sent, from the data as it is then, so that a nudge never shows a stale streak and a
reminder is dropped when the day was kept in the meantime. Every outcome is recorded on the
delivery row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.clock import Clock
from bot.coach.deadlines import Deadline, DeadlineMoment, passed_key
from bot.coach.landmarks import Landmark, LandmarkKind, landmarks_on
from bot.coach.levels import in_force
from bot.coach.models import (
    CoachEventKind,
    Delivery,
    DeliveryStatus,
    Goal,
    Measure,
    User,
    UserStatus,
)
from bot.coach.partners import parse_partner_kind
from bot.coach.progress.amounts import LevelProgress
from bot.coach.progress.ladder import LadderProgress
from bot.coach.progress.pace import Replan, replan_options
from bot.coach.progress.periods import DayTally, review_week
from bot.coach.schedule import (
    Kind,
    NudgeChoice,
    ReviewBasis,
    ReviewProposal,
    WeekVerdict,
    fresh_start_allowed,
    judge_week,
    next_weekly,
    nudge_kind,
    silence_allows,
    silent_days,
)
from bot.coach.streaks import DayState
from bot.coach.system import MonthEnded, cycle_ending, month_ended
from bot.services.accounts import LastSeen
from bot.services.comeback import ComebackOffer, ComebackService
from bot.services.delivery_journal import DeliveryJournal, retry_outcome
from bot.services.goal_day import GoalDay
from bot.services.habits import HabitService
from bot.services.partner_deliveries import NotSent, NotYet, PartnerDeliveries, PartnerMessage
from bot.services.partner_news import PartnerNews
from storage.base import Repository

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


@dataclass(frozen=True, slots=True)
class NudgeCard:
    """One goal in the morning nudge: its day, and a comeback offer after two missed days.

    Attributes:
        view: The goal today.
        comeback: The comeback offer, after two missed days.
        week_number: The plan's week.
        deadlines: The goal's milestones to mention in the card: due today, and due tomorrow
            for a user without the evening message.
    """

    view: GoalDay
    comeback: ComebackOffer | None
    week_number: int
    deadlines: frozenset[DeadlineMoment] = frozenset()


@dataclass(frozen=True, slots=True)
class MilestoneNote:
    """A milestone's word on its own in the morning, beside (or instead of) the cards.

    Attributes:
        goal: The milestone's goal.
        deadline: Its date passed yesterday or before (said once per date), or it is due today
            (or tomorrow, for a user without the evening message) while the goal's day is
            already kept, so no card carries it.
        today: The user's local date.
    """

    goal: Goal
    deadline: Deadline
    today: date


@dataclass(frozen=True, slots=True)
class MorningNudge:
    """The morning message: today's actions with one-tap buttons, and milestone notes."""

    user: User
    cards: tuple[NudgeCard, ...]
    landmark: Landmark | None
    gentle: bool  # after a silent week: one soft message instead of the usual nudge
    notes: tuple[MilestoneNote, ...] = ()
    system: tuple[MonthReview | CycleInvite, ...] = ()  # the 30-day system's beats


@dataclass(frozen=True, slots=True)
class MonthReview:
    """A plan month has just ended: its numbers, and planning the month ahead (rule 11).

    Attributes:
        view: The goal today (its levels in force for the month ahead).
        month: The month that ended.
        ladder: The ladder at the end of its last day.
    """

    view: GoalDay
    month: MonthEnded
    ladder: LadderProgress


@dataclass(frozen=True, slots=True)
class CycleInvite:
    """The 12-week date is a week away: an invitation to plan the next cycle (rule 11).

    Attributes:
        view: The goal today.
        due: The 12-week date.
        ladder: The ladder today (the outcome's progress so far).
    """

    view: GoalDay
    due: date
    ladder: LadderProgress | None


@dataclass(frozen=True, slots=True)
class EveningReminder:
    """Streaks still open tonight, and milestones due tomorrow.

    Attributes:
        user: Who it goes to.
        views: The goals whose streak is open tonight.
        eve: Goals with a milestone due tomorrow (each view carries its deadlines).
    """

    user: User
    views: tuple[GoalDay, ...]
    eve: tuple[GoalDay, ...] = ()


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One goal's week.

    Attributes:
        view: The goal today.
        this_week: Its days this week, up to today (today once logged).
        last_week: Its days the week before.
        week: The amount this week against the week's target, when it has one.
        verdict: How the week went and what that proposes (``None``: no planned day yet).
        next_weekly: Next week's micro-goal proposed; ``None`` when nothing is proposed (no
            amount to judge, climbing back after a comeback, or already accepted).
        accepted: Next week's micro-goal, already accepted this week.
        climbing: ``(step, steps)`` while the habit climbs back up after a comeback: the steps
            set the size, the review proposes nothing.
        replan: The 12-week outcome will be missed at this pace: the kind re-plan offered,
            once per outcome and date (rule 14).
        strength_before: The strength score when the week began (at the end of the day
            before it), for the weekly card's change; ``None`` when not read.
    """

    view: GoalDay
    this_week: DayTally
    last_week: DayTally
    week: LevelProgress | None = None
    verdict: WeekVerdict | None = None
    next_weekly: Measure | None = None
    accepted: Measure | None = None
    climbing: tuple[int, int] | None = None
    replan: Replan | None = None
    strength_before: float | None = None

    @property
    def proposal(self) -> ReviewProposal | None:
        """Grow, hold or ease, when the week could be judged."""
        return None if self.verdict is None else self.verdict.proposal


@dataclass(frozen=True, slots=True)
class WeeklyReview:
    """The user's week in review (their review week: the seven days ending on review day).

    Attributes:
        user: Who it is for.
        items: One per started goal.
        week_start: The week's first day.
        week_end: Its last day (the review day); after ``today`` for a review mid-week.
        today: The user's day.
    """

    user: User
    items: tuple[ReviewItem, ...]
    week_start: date
    week_end: date
    today: date

    @property
    def so_far(self) -> bool:
        """Asked before the week's end (/week mid-week): the week so far."""
        return self.today < self.week_end

    @property
    def next_week_starts(self) -> date:
        """The day next week's micro-goal comes into force."""
        return self.week_end + timedelta(days=1)


@dataclass(frozen=True, slots=True)
class NotStartedYet:
    """/week before any plan has started: when it starts, instead of "no goal"."""

    user: User
    waiting: tuple[GoalDay, ...]
    first_review: date


@dataclass(frozen=True, slots=True)
class FreshStartEve:
    """Tomorrow is a fresh start: a landmark, the first day of a plan, or both.

    Attributes:
        user: Who it goes to.
        landmark: Tomorrow's landmark, when it may be offered (rule 10's frequency); ``None``
            when only a plan's day one is announced.
        day_one: Goals whose plan starts tomorrow: the eve says so, and what the action is.
        running: The goals already under way, to speak to how they are going.
    """

    user: User
    landmark: Landmark | None
    day_one: tuple[GoalDay, ...] = ()
    running: tuple[GoalDay, ...] = ()


@dataclass(frozen=True, slots=True)
class Skip:
    """Nothing worth sending; the reason is recorded on the delivery."""

    reason: str


@dataclass(frozen=True, slots=True)
class Later:
    """Not now: the delivery waits until ``until`` (the end of the recipient's quiet hours)."""

    until: datetime
    reason: str


Prepared = (
    MorningNudge | EveningReminder | WeeklyReview | FreshStartEve | PartnerMessage | Skip | Later
)


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
        self._habits = habits
        self._comeback = comeback
        self._last_seen = last_seen if last_seen is not None else LastSeen()
        self._partners = partners
        self._partner_news = partner_news

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

    async def prepare(self, delivery: Delivery) -> Prepared:
        """Decide what a delivery says now, or why it is no longer worth sending.

        One unit of work: its reads (the user, their goals and days) and the marks it makes
        (a month's review said, a milestone passed) share one transaction, so they commit
        together and the sender pays for one transaction a delivery instead of one a read.
        """
        async with self._repository.transaction():
            return await self._prepare(delivery)

    async def _prepare(self, delivery: Delivery) -> Prepared:
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
        user = await self._repository.get_user(delivery.user_id)
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
        everything = await self._habits.today(user)
        views = [v for v in everything if v.started]
        match kind:
            case Kind.MORNING_NUDGE:
                return await self._morning(user, views, today, _chosen_landmark(delivery))
            case Kind.EVENING_REMINDER:
                return _evening(user, views)
            case Kind.WEEKLY_REVIEW:
                return await self._review(user, views, today)
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

    async def _morning(
        self, user: User, views: list[GoalDay], today: date, chosen: date | None
    ) -> Prepared:
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
            if await self._offer_comeback(user, view, today):
                made = await self._comeback.offer(user, view.goal.goal_id)
                offer = made if isinstance(made, ComebackOffer) else None
            start = view.goal.start_date or today
            cards.append(NudgeCard(view, offer, (today - start).days // 7 + 1, in_card))
        notes = () if gentle else await self._milestone_notes(user, cards, kept, in_card)
        system = () if gentle else await self._system_beats(user, [*views, *kept], today)
        if not cards and not notes and not system:
            return Skip(ALREADY_KEPT)
        return MorningNudge(user, tuple(cards), landmark, gentle=gentle, notes=notes, system=system)

    async def _system_beats(
        self, user: User, views: list[GoalDay], today: date
    ) -> tuple[MonthReview | CycleInvite, ...]:
        """The month's review after a plan month, the next cycle's invitation near the 12-week
        date (rule 11): each once, marked when it is prepared."""
        beats: list[MonthReview | CycleInvite] = []
        for view in views:
            goal = view.goal
            if goal.start_date is None:
                continue
            ended = month_ended(goal.start_date, today)
            if ended is not None and await self._repository.mark_event(
                user.user_id,
                goal.goal_id,
                CoachEventKind.MONTH_REVIEWED,
                str(ended.number),
                self._clock(),
            ):
                ladder = await self._habits.ladder_on(user, goal, ended.last)
                if ladder is not None:
                    beats.append(MonthReview(view, ended, ladder))
            due = goal.outcome_due
            if (
                due is not None
                and cycle_ending(due, today)
                and await self._repository.mark_event(
                    user.user_id,
                    goal.goal_id,
                    CoachEventKind.CYCLE_INVITED,
                    due.isoformat(),
                    self._clock(),
                )
            ):
                _, ladder_now, _ = await self._habits.progress(user, goal)
                beats.append(CycleInvite(view, due, ladder_now))
        return tuple(beats)

    async def _milestone_notes(
        self,
        user: User,
        cards: list[NudgeCard],
        kept: list[GoalDay],
        in_card: frozenset[DeadlineMoment],
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
                if deadline.moment is DeadlineMoment.PASSED and await self._repository.mark_event(
                    user.user_id,
                    view.goal.goal_id,
                    CoachEventKind.MILESTONE_PASSED,
                    passed_key(deadline.milestone),
                    self._clock(),
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

    async def _review(self, user: User, views: list[GoalDay], today: date) -> Prepared:
        if not views:
            return Skip("no active goal to review")
        week_start, week_end = review_week(today, user.review_weekday)
        next_start = week_end + timedelta(days=1)
        items = []
        for view in views:
            goal = view.goal
            _, ladder, pace = await self._habits.progress(user, goal)
            first = max(week_start, goal.start_date or week_start)
            this_week = _tally(view, first, today)
            last_week = _tally(view, week_start - timedelta(days=7), week_start - timedelta(days=1))
            week = ladder.week if ladder is not None else None
            verdict = judge_week(
                planned_days=this_week.elapsed - this_week.paused,
                hit_rate=this_week.hit_rate,
                done=week.done.quantity if week is not None else None,
                target=week.target.quantity if week is not None else None,
            )
            ramp = view.target.ramp
            climbing = ramp if ramp is not None and ramp[0] < ramp[1] else None
            levels = await self._repository.list_target_levels(user.user_id, goal.goal_id)
            next_level = in_force(goal, levels, next_start).level
            accepted = (
                next_level.weekly
                if next_level is not None and next_level.effective_from == next_start
                else None
            )
            proposed = None
            this_weekly = view.target.sizes.weekly
            if (
                verdict is not None
                and verdict.basis is not ReviewBasis.DAYS
                and climbing is None
                and accepted is None
                and this_weekly is not None
            ):
                # From this week's own micro-goal, so asking again after accepting (or on
                # another day of the same week) proposes the same, never a ratchet.
                proposed = next_weekly(this_weekly, goal.mva_measure, verdict.proposal)
            replan = replan_options(pace, today) if pace is not None else None
            if replan is not None and not await self._repository.mark_event(
                user.user_id,
                goal.goal_id,
                CoachEventKind.REPLAN_OFFERED,
                f"{replan.outcome.quantity:g}:{replan.due.isoformat()}",
                self._clock(),
            ):
                replan = None  # offered once for this outcome and date
            items.append(
                ReviewItem(
                    view,
                    this_week,
                    last_week,
                    week,
                    verdict,
                    proposed,
                    accepted,
                    climbing,
                    replan,
                    strength_before=await self._habits.strength_on(
                        user, goal, week_start - timedelta(days=1)
                    ),
                )
            )
        return WeeklyReview(user, tuple(items), week_start, week_end, today)

    async def review_now(self, user: User) -> WeeklyReview | NotStartedYet | Skip:
        """The weekly review on demand (/week): the user's week so far.

        Before any plan has started it says when the first one starts.
        """
        if not user.is_onboarded:
            return Skip("user has not finished set-up")
        everything = await self._habits.today(user)
        views = [v for v in everything if v.started]
        today = self._habits.day(user)
        if not views:
            waiting = tuple(v for v in everything if v.goal.start_date is not None)
            if not waiting:
                return Skip("no active goal to review")
            starts = min(v.goal.start_date or today for v in waiting)
            _, first_review = review_week(starts, user.review_weekday)
            return NotStartedYet(user, waiting, first_review)
        review = await self._review(user, views, today)
        return review if isinstance(review, WeeklyReview | Skip) else Skip("nothing to review")

    async def _offer_comeback(self, user: User, view: GoalDay, today: date) -> bool:
        """Never miss twice: the offer comes once per lapse, then the plain card (rule 9)."""
        missed = view.summary.missed_in_a_row
        if missed < 2 or view.target.ramp is not None:
            return False
        # A lapse is the run of missed days ending yesterday; its first day names it.
        lapse = today - timedelta(days=missed)
        first = await self._repository.mark_event(
            user.user_id,
            view.goal.goal_id,
            CoachEventKind.COMEBACK_OFFERED,
            f"lapse from {lapse.isoformat()}",
            self._clock(),
        )
        return nudge_kind(missed, 0, comeback_offered=not first) is NudgeChoice.COMEBACK_OFFER

    def silent_days(self, user: User, today: date) -> int:
        """Whole days since the user last wrote (a pause not counted), for the silence rules."""
        last = self._last_seen.latest(user.user_id, user.last_seen_at)
        seen = self._habits.day_of(user, last or user.created_at)
        return silent_days(seen, today, paused_until=user.paused_until)

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
        if kind_of(delivery) is Kind.WEEKLY_REVIEW and self._partner_news is not None:
            await self._partner_news.weekly_digest(delivery)

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
        return DeliveryJournal(self._repository, self._clock, self._after)

    async def blocked(self, delivery: Delivery, reason: str) -> None:
        """Telegram says the user blocked the bot (or the chat is gone): stop messaging them."""
        await self._repository.set_user_status(delivery.user_id, UserStatus.BLOCKED, self._clock())
        await self.failed(delivery, reason)


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


def _tally(view: GoalDay, first: date, last: date) -> DayTally:
    return DayTally.count(view.states, first, last)
