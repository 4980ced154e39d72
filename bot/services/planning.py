"""Use cases of the /plan conversation: one level at a time, stored as it is answered.

Every answer is saved on the goal at once and the user's conversation step is stored with it, so
a plan survives restarts and can be resumed. A user has at most one plan in progress (a DRAFT
goal); editing an active goal uses the same steps and returns to its summary.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from bot.clock import Clock
from bot.coach import planning as rules
from bot.coach.answers import agrees
from bot.coach.levels import Sizes, Source, follow, in_force, with_sizes
from bot.coach.models import (
    MAX_ACTIVE_GOALS,
    Goal,
    GoalStatus,
    LevelKind,
    Measure,
    NewGoal,
    User,
)
from bot.coach.plan_ladder import AnswerProblem, PlanLevel
from bot.coach.progress.periods import review_week
from bot.coach.quantities.writing import format_measure
from bot.coach.two_minute import BigVerdict
from bot.coach.vagueness import VaguenessVerdict
from bot.services.days import DAY_BOUNDARY, local_now, user_day
from bot.services.levels import change_levels, plan_from
from bot.services.questions import Asked, Question, Questions
from bot.services.unit_of_work import Refusal, unit_of_work
from storage.base import ActiveGoalLimitError, Repository

_SIZED = (PlanLevel.MONTHLY, PlanLevel.WEEKLY, PlanLevel.DAILY)

MAX_AHEAD = timedelta(days=3650)
"""The furthest a start or 12-week date may be set (ten years), typed or from a button."""

STEP_OF_LEVEL: dict[PlanLevel, Question] = {
    PlanLevel.VISION: Question.PLAN_VISION,
    PlanLevel.OUTCOME: Question.PLAN_OUTCOME,
    PlanLevel.MONTHLY: Question.PLAN_MONTHLY,
    PlanLevel.WEEKLY: Question.PLAN_WEEKLY,
    PlanLevel.DAILY: Question.PLAN_DAILY,
    PlanLevel.MVA: Question.PLAN_MVA,
    PlanLevel.IDENTITY: Question.PLAN_IDENTITY,
    PlanLevel.START: Question.PLAN_START,
    PlanLevel.DUE: Question.PLAN_DUE,
}
LEVEL_OF_STEP: dict[Question, PlanLevel] = {step: level for level, step in STEP_OF_LEVEL.items()}
EVENING_FROM = 18
"""From this local hour a plan's start date is offered for tomorrow too: a first day chosen as
"today" late in the evening is a missed day by the next morning if nothing is logged."""
LEVEL_OF_STEP[Question.PLAN_OUTCOME_CHECK] = PlanLevel.OUTCOME
LEVEL_OF_STEP[Question.PLAN_DAILY_CHECK] = PlanLevel.DAILY


@dataclass(frozen=True, slots=True)
class PlanView:
    """Where the conversation stands: the level to ask next, or the summary (``level=None``)."""

    goal: Goal
    level: PlanLevel | None
    today: date
    birthday: date | None = None
    evening: bool = False  # the user's evening: a start tomorrow is worth offering


@dataclass(frozen=True, slots=True)
class AtCap:
    """The user already has the maximum number of active goals."""

    active: int


@dataclass(frozen=True, slots=True)
class DraftWaiting:
    """A plan is already in progress: continue it or start over."""

    goal: Goal


@dataclass(frozen=True, slots=True)
class Rejected:
    """An answer that could not be stored; the same question is asked again."""

    view: PlanView
    problem: AnswerProblem


@dataclass(frozen=True, slots=True)
class OutcomeTooVague:
    """The outcome was stored, but a measurable rewrite is offered first."""

    view: PlanView
    verdict: VaguenessVerdict


@dataclass(frozen=True, slots=True)
class DailyTooBig:
    """The daily action was stored, but a smaller version is offered first (two-minute rule)."""

    view: PlanView
    verdict: BigVerdict


@dataclass(frozen=True, slots=True)
class Activated:
    """The plan is confirmed: the goal is active."""

    goal: Goal
    was_draft: bool


class GoalMissing(Refusal):
    """The goal does not exist or is not the user's (e.g. forged or stale button data)."""


class WeekBegun(Refusal):
    """A weekly review's button pressed once the week it proposed for has begun."""


Answer = PlanView | Rejected | OutcomeTooVague | DailyTooBig


class PlanningService:
    """The five-level planning conversation."""

    def __init__(self, repository: Repository, clock: Clock) -> None:
        """Create the service.

        Args:
            repository: Where goals and users are stored.
            clock: The injected clock (aware UTC).
        """
        self._repository = repository
        self._clock = clock
        self._questions = Questions(repository, clock)

    def today(self, user: User) -> date:
        """The user's day (the same day the daily loop counts wins for)."""
        return user_day(user, self._clock())

    @unit_of_work
    async def begin(self, user: User) -> PlanView | DraftWaiting | AtCap:
        """/plan: start a new plan, unless one is in progress or the user is at the cap."""
        draft = await self._draft(user.user_id)
        if draft is not None and draft.vision:
            return DraftWaiting(draft)
        if draft is not None:  # started but nothing answered yet: nothing to choose between
            return await self._ask(user, draft, PlanLevel.VISION)
        active = await self._repository.list_goals(user.user_id, [GoalStatus.ACTIVE])
        if len(active) >= MAX_ACTIVE_GOALS:
            return AtCap(len(active))
        goal = await self._repository.create_goal(NewGoal(user.user_id, vision=""), self._clock())
        return await self._ask(user, goal, PlanLevel.VISION)

    @unit_of_work
    async def resume(self, user: User) -> PlanView | None:
        """Continue the plan in progress at its first empty level (or its summary)."""
        draft = await self._draft(user.user_id)
        if draft is None:
            return None
        return await self._ask(user, draft, rules.next_level(draft))

    @unit_of_work
    async def start_over(self, user: User) -> PlanView:
        """Empty the plan in progress and ask for the vision again."""
        draft = await self._draft(user.user_id)
        if draft is None:
            draft = await self._repository.create_goal(
                NewGoal(user.user_id, vision=""), self._clock()
            )
        goal = await self._save(rules.blank(draft))
        return await self._ask(user, goal, PlanLevel.VISION)

    @unit_of_work
    async def answer(self, user: User, state: Asked, text: str) -> Answer:
        """Interpret a typed answer to the step the user is on, and store it."""
        goal = await self._goal(user, state.subject)
        level = LEVEL_OF_STEP[state.question]
        today = self.today(user)
        if agrees(text, user.language) and level not in (PlanLevel.START, PlanLevel.DUE):
            return await self._agreed(user, goal, state.question, level)
        if level is PlanLevel.OUTCOME:
            read = rules.with_outcome(goal, text, user.language)
            if isinstance(read, AnswerProblem):
                return Rejected(self._view(user, goal, level), read)
            goal = await self._save(read.goal)
            if read.verdict.is_vague and read.verdict.suggestion:
                view = await self._ask(user, goal, level, Question.PLAN_OUTCOME_CHECK)
                return OutcomeTooVague(view, read.verdict)
            return await self._ask(user, goal, rules.next_level(goal))
        if level in (PlanLevel.START, PlanLevel.DUE):
            day = rules.read_date(text, today)
            if isinstance(day, AnswerProblem):
                return Rejected(self._view(user, goal, level), day)
            return await self.set_date(user, goal.goal_id, level, day)
        changed = self._apply_text(user, goal, level, text)
        if isinstance(changed, AnswerProblem):
            return Rejected(self._view(user, goal, level), changed)
        before = goal
        goal = await self._save_plan(user, before, changed, level)
        if (
            level is PlanLevel.MONTHLY
            and goal.monthly_measure != before.monthly_measure
            and rules.monthly_shortfall(goal) is not None
        ):
            # A month that cannot reach the 12-week outcome: say so once, with the numbers,
            # and let the user keep it or take the proposal (the same question, answered).
            return await self._ask(user, goal, PlanLevel.MONTHLY)
        if level is PlanLevel.DAILY:
            big = rules.daily_size_check(goal, user.language)
            if big is not None:
                view = await self._ask(user, goal, level, Question.PLAN_DAILY_CHECK)
                return DailyTooBig(view, big)
        return await self._ask(user, goal, self._after(goal))

    async def _agreed(self, user: User, goal: Goal, step: Question, level: PlanLevel) -> Answer:
        """A typed "yes" or "👍": what the question's button would have done.

        The measurable rewrite or the smaller action after a check, the proposal where there
        is one, the current answer when the user came back to an answered step; with nothing
        to agree to, the question is asked again.
        """
        if step in (Question.PLAN_OUTCOME_CHECK, Question.PLAN_DAILY_CHECK):
            return await self._use_alternative(user, goal, level)
        if rules.with_proposal(goal, level, user.language) is not None:
            return await self._accept(user, goal, level)
        if rules.is_filled(goal, level):
            return await self._ask(user, goal, self._after(goal))
        return Rejected(self._view(user, goal, level), AnswerProblem.NOTHING_PROPOSED)

    @unit_of_work
    async def accept(self, user: User, goal_id: int, level: PlanLevel) -> Answer:
        """Take the bot's proposal for a level (a button)."""
        return await self._accept(user, await self._goal(user, goal_id), level)

    async def _accept(self, user: User, goal: Goal, level: PlanLevel) -> Answer:
        changed = rules.with_proposal(goal, level, user.language)
        if changed is None:
            return await self._ask(user, goal, level)
        goal = await self._save_plan(user, goal, changed, level)
        if level is PlanLevel.DAILY:
            big = rules.daily_size_check(goal, user.language)
            if big is not None:
                view = await self._ask(user, goal, level, Question.PLAN_DAILY_CHECK)
                return DailyTooBig(view, big)
        return await self._ask(user, goal, self._after(goal))

    @unit_of_work
    async def keep(self, user: User, goal_id: int) -> PlanView:
        """Keep the user's own wording after the bot offered another (vague or big)."""
        goal = await self._goal(user, goal_id)
        return await self._ask(user, goal, self._after(goal))

    @unit_of_work
    async def use_alternative(self, user: User, goal_id: int, level: PlanLevel) -> PlanView:
        """Take the measurable rewrite (outcome) or the smaller action (daily)."""
        return await self._use_alternative(user, await self._goal(user, goal_id), level)

    async def _use_alternative(self, user: User, goal: Goal, level: PlanLevel) -> PlanView:
        if level is PlanLevel.OUTCOME:
            goal = await self._save(rules.with_suggested_outcome(goal, user.language))
        elif level is PlanLevel.DAILY:
            goal = await self._save_plan(
                user, goal, rules.with_smaller_daily(goal, user.language), level
            )
        return await self._ask(user, goal, self._after(goal))

    @unit_of_work
    async def skip_identity(self, user: User, goal_id: int) -> PlanView:
        """The identity is optional."""
        goal = await self._save(rules.skip_identity(await self._goal(user, goal_id)))
        return await self._ask(user, goal, self._after(goal))

    @unit_of_work
    async def set_date(self, user: User, goal_id: int, level: PlanLevel, day: date) -> Answer:
        """Set the start (a landmark button or a typed date) or the 12-week date."""
        goal = await self._goal(user, goal_id)
        today = self.today(user)
        if day < today:
            return Rejected(self._view(user, goal, level), AnswerProblem.DATE_PAST)
        if day > today + MAX_AHEAD:  # button data is the client's: bound it like typed dates
            return Rejected(self._view(user, goal, level), AnswerProblem.DATE_TOO_FAR)
        if (
            level is PlanLevel.START
            and goal.status is not GoalStatus.DRAFT
            and goal.start_date is not None
            and goal.start_date <= today
        ):
            # A running plan keeps its start: moving it later would hide the days already kept.
            return Rejected(self._view(user, goal, level), AnswerProblem.ALREADY_STARTED)
        if level is PlanLevel.START:
            changed: Goal | AnswerProblem = rules.with_start(goal, day)
        else:
            changed = rules.with_due(goal, day)
        if isinstance(changed, AnswerProblem):
            return Rejected(self._view(user, goal, level), changed)
        goal = await self._save(changed)
        return await self._ask(user, goal, self._after(goal))

    @unit_of_work
    async def back(self, user: User, goal_id: int) -> PlanView:
        """Go back one step from the question the user is on."""
        goal = await self._goal(user, goal_id)
        state = Asked.decode(user.dialog)
        current = LEVEL_OF_STEP.get(state.question) if state and state.subject == goal_id else None
        current = current or rules.next_level(goal) or PlanLevel.START
        return await self._ask(user, goal, rules.previous_level(current) or current)

    @unit_of_work
    async def edit(self, user: User, goal_id: int, level: PlanLevel) -> PlanView:
        """Ask one level again (from the summary)."""
        return await self._ask(user, await self._goal(user, goal_id), level)

    async def show(self, user: User, goal_id: int) -> PlanView:
        """The summary of a goal's plan."""
        return await self._ask(user, await self._goal(user, goal_id), None)

    @unit_of_work
    async def confirm(self, user: User, goal_id: int) -> Activated | AtCap | PlanView:
        """Activate a complete plan (or close the summary of an active goal)."""
        goal = await self._goal(user, goal_id)
        missing = rules.next_level(goal)
        if missing is not None:
            return await self._ask(user, goal, missing)
        await self._set_dialog(user, None)
        if goal.status is not GoalStatus.DRAFT:
            return Activated(goal, was_draft=False)
        try:
            # The cap is checked and the goal activated in one transaction: two confirmations at
            # once cannot both slip past it.
            goal = await self._repository.set_goal_status(
                user.user_id,
                goal.goal_id,
                GoalStatus.ACTIVE,
                self._clock(),
                max_active=MAX_ACTIVE_GOALS,
            )
        except ActiveGoalLimitError as error:
            return AtCap(error.limit)
        return Activated(goal, was_draft=True)

    @unit_of_work
    async def set_weekly(
        self, user: User, goal_id: int, quantity: float, week_of: date | None = None
    ) -> Goal:
        """Take next week's micro-goal proposed by the weekly review (a button).

        Next week is the user's next review week; this week keeps its target. The day and the
        month follow the new week from then on (rule 14). Accepting the same again is a no-op.
        The quantity comes from button data: it is bounded to a sane range around the current
        week so that a forged value cannot set something absurd.

        Args:
            user: Who pressed.
            goal_id: The goal.
            quantity: Next week's amount, in the week's unit.
            week_of: The first day of the week the review proposed it for (from the button);
                ``None`` for next week.

        Raises:
            GoalMissing: Not the user's goal, archived, not started, without a weekly number,
                climbing back after a comeback, or a quantity out of range.
            WeekBegun: The week the proposal was for has already begun.
        """
        goal = await self._goal(user, goal_id)
        weekly = goal.weekly_measure
        if weekly is None or not 0 < quantity <= max(weekly.quantity * 2, 1):
            raise GoalMissing(goal_id)
        today = self.today(user)
        if goal.start_date is None or goal.start_date > today:
            raise GoalMissing(goal_id)
        _, week_end = review_week(today, user.review_weekday)
        next_start = week_end + timedelta(days=1)
        if week_of is not None and week_of != next_start:
            raise WeekBegun(goal_id)
        levels = await self._repository.list_target_levels(user.user_id, goal.goal_id)
        current = in_force(goal, levels, today).level
        if current is not None and current.kind in (LevelKind.MVA, LevelKind.RAMP):
            raise GoalMissing(goal_id)  # climbing back up: the steps set the week, not a review
        measure = Measure(quantity, weekly.unit)
        pending = in_force(goal, levels, next_start).level
        if (
            pending is not None
            and pending.effective_from == next_start
            and (pending.weekly == measure)
        ):
            return goal  # a second tap on the same button
        # The week is the source: the day and the month follow it, from next week on.
        after = with_sizes(goal, follow(Sizes.of_plan(goal), Source.WEEKLY, measure), user.language)
        after = replace(
            after, weekly=format_measure(measure, language=user.language), weekly_measure=measure
        )
        saved, _ = await change_levels(
            self._repository,
            self._clock(),
            goal,
            after,
            plan_from(after, LevelKind.FULL, next_start),
        )
        return saved

    @unit_of_work
    async def cancel_draft_step(self, user: User) -> Goal | None:
        """The plan in progress, if any (for /cancel's reply: it is kept for later)."""
        return await self._draft(user.user_id)

    # --- helpers -----------------------------------------------------------------------------

    def _apply_text(
        self, user: User, goal: Goal, level: PlanLevel, text: str
    ) -> Goal | AnswerProblem:
        if level is PlanLevel.VISION:
            return rules.with_vision(goal, text)
        if level is PlanLevel.IDENTITY:
            return rules.with_identity(goal, text)
        return rules.with_level(goal, level, text, user.language)

    def _after(self, goal: Goal) -> PlanLevel | None:
        """The next question: the first empty level, else the summary."""
        return rules.next_level(goal)

    async def _ask(
        self, user: User, goal: Goal, level: PlanLevel | None, step: Question | None = None
    ) -> PlanView:
        if level is None:
            await self._set_dialog(user, None)
        else:
            await self._set_dialog(user, Asked(step or STEP_OF_LEVEL[level], goal.goal_id))
        return self._view(user, goal, level)

    def _view(self, user: User, goal: Goal, level: PlanLevel | None) -> PlanView:
        # The small hours before DAY_BOUNDARY still belong to the day before: its evening too.
        hour = local_now(user, self._clock()).hour
        evening = hour >= EVENING_FROM or hour < DAY_BOUNDARY.seconds // 3600
        return PlanView(goal, level, self.today(user), user.birthday, evening)

    async def _set_dialog(self, user: User, state: Asked | None) -> None:
        # A targeted write: no need to re-read the user to keep the settings they hold.
        if state is None:
            await self._questions.close(user.user_id)
        else:
            await self._questions.ask(user.user_id, state)

    async def _draft(self, user_id: int) -> Goal | None:
        drafts = await self._repository.list_goals(user_id, [GoalStatus.DRAFT])
        return drafts[0] if drafts else None

    async def _goal(self, user: User, goal_id: int | None) -> Goal:
        goal = None if goal_id is None else await self._repository.get_goal(user.user_id, goal_id)
        if goal is None or goal.status is GoalStatus.ARCHIVED:
            raise GoalMissing(goal_id)
        return goal

    async def _save(self, goal: Goal) -> Goal:
        return await self._repository.save_goal(replace(goal, updated_at=self._clock()))

    async def _save_plan(self, user: User, before: Goal, after: Goal, level: PlanLevel) -> Goal:
        """Store an answer to a level; a changed month, week or day carries to the others.

        On a running plan the change is in force from today and the days before keep what
        they were judged against (:func:`bot.services.levels.change_levels`). While a comeback
        climbs back up, its steps stay in force and its last step is the edited plan.
        """
        after = rules.carry(before, after, level, user.language)
        today = self.today(user)
        running = (
            before.status is not GoalStatus.DRAFT
            and before.start_date is not None
            and before.start_date <= today
        )
        if not running or level not in _SIZED or after == before:
            return await self._save(after)
        levels = await self._repository.list_target_levels(user.user_id, before.goal_id)
        current = in_force(before, levels, today).level
        if current is not None and current.kind in (LevelKind.MVA, LevelKind.RAMP):
            return await self._save(after)
        goal, _ = await change_levels(
            self._repository,
            self._clock(),
            before,
            after,
            plan_from(after, LevelKind.FULL, today),
        )
        return goal
