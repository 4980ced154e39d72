"""The weekly review (rule 13): each goal's week, how it went, and next week's micro-goal
proposed from it; the re-plan offered once when the 12-week outcome is out of reach (rule 14)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.clock import Clock
from bot.coach.levels import in_force
from bot.coach.models import CoachEventKind, Measure, User
from bot.coach.progress.amounts import LevelProgress
from bot.coach.progress.pace import Replan, replan_options
from bot.coach.progress.periods import DayTally, review_week
from bot.coach.schedule.review import (
    ReviewBasis,
    ReviewProposal,
    WeekVerdict,
    judge_week,
    next_weekly,
)
from bot.services.goal_day import GoalDay
from bot.services.habits import HabitService
from bot.services.scheduled_messages import Skip
from storage.base import Repository


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


class WeeklyReviews:
    """The weekly review: the scheduled one, and /week on demand."""

    def __init__(self, repository: Repository, clock: Clock, habits: HabitService) -> None:
        """Create the use case.

        Args:
            repository: Where goals, their levels and the coach's events are stored.
            clock: The injected clock (aware UTC).
            habits: Each goal's day, progress and strength.
        """
        self._repository = repository
        self._clock = clock
        self._habits = habits

    async def review(
        self, user: User, views: list[GoalDay], today: date, *, delivery_id: int | None = None
    ) -> WeeklyReview | Skip:
        """The review of the user's week (so far, mid-week) for their started goals.

        Args:
            user: Whose week.
            views: Their started goals on ``today``.
            today: The user's local date.
            delivery_id: The scheduled review being prepared, if it is one: prepared again, it
                offers the same new plan it offered before (see ``Repository.mark_event``).
        """
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
            # Climbing back after a comeback, the user chose to restart small: the pace of those
            # weeks says nothing yet about the outcome, and asking to re-plan would be pressure.
            replan = replan_options(pace, today) if pace is not None and climbing is None else None
            if replan is not None and not await self._repository.mark_event(
                user.user_id,
                goal.goal_id,
                CoachEventKind.REPLAN_OFFERED,
                f"{replan.outcome.quantity:g}:{replan.due.isoformat()}",
                self._clock(),
                delivery_id=delivery_id,
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
        return await self.review(user, views, today)


def _tally(view: GoalDay, first: date, last: date) -> DayTally:
    return DayTally.count(view.states, first, last)
