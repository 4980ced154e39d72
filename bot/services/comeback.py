"""Use cases of /comeback: scale a lapsed habit down to its minimum, then back up step by step.

docs/product.md rules 8, 9 and 11. The ramp is stored as target levels (the history of the habit's
daily size), so every day keeps the target it was judged against.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.clock import Clock
from bot.coach import comeback as rules
from bot.coach import planning
from bot.coach.levels import Sizes, Source, follow, with_sizes
from bot.coach.models import (
    CoachEventKind,
    Goal,
    LevelKind,
    Measure,
    NewTargetLevel,
    TargetLevel,
    User,
)
from bot.coach.plan_ladder import AnswerProblem, PlanLevel
from bot.coach.quantities.reading import MeasureProblem, find_measure
from bot.coach.quantities.writing import format_measure, replace_measure
from bot.services.goal_day import GoalDay
from bot.services.habit_results import RefusalReason, Refused
from bot.services.habits import HabitService
from bot.services.levels import change_levels, plan_from
from bot.services.partner_news import COMEBACK, PartnerNews
from bot.services.unit_of_work import unit_of_work
from storage.base import Repository


@dataclass(frozen=True, slots=True)
class ComebackOffer:
    """What /comeback proposes for one goal."""

    view: GoalDay
    mva_text: str
    ladder: tuple[str, ...]  # every step's text, the minimum first and the full action last
    current_step: int | None  # 1-based, when the habit is already on its way back up
    lapsed: bool = True  # two or more missed days in a row: a comeback is what it needs


@dataclass(frozen=True, slots=True)
class RampMoved:
    """The habit's daily size changed (or was confirmed)."""

    goal: Goal
    text: str
    step: int
    steps: int
    action: str  # "start", "restart", "up", "down", "hold", "full"


@dataclass(frozen=True, slots=True)
class Grown:
    """The daily action grew after steady keeping (the 30-day system)."""

    goal: Goal
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class MvaRejected:
    """A typed minimum that cannot be used."""

    problem: AnswerProblem


class ComebackService:
    """Scaling a habit down to its minimum viable action and ramping it back up."""

    def __init__(
        self,
        repository: Repository,
        clock: Clock,
        habits: HabitService,
        *,
        partners: PartnerNews | None = None,
    ) -> None:
        """Create the service.

        Args:
            repository: Where goals and target levels are stored.
            clock: The injected clock (aware UTC).
            habits: For the user's day and each goal's state.
            partners: Tells the user's partners that the habit restarts.
        """
        self._repository = repository
        self._clock = clock
        self._habits = habits
        self._partners = partners

    async def lapsed_first(self, user: User) -> list[GoalDay]:
        """The goals a comeback is for: lapsed (two misses or more) or climbing back up.

        The longest lapse first. When none has lapsed, the first started goal alone (or the
        first goal), so that /comeback can say there is nothing to come back from; no goals:
        an empty list.
        """
        views = await self._habits.today(user)
        lapsed = [view for view in views if _needs_comeback(view)]
        if lapsed:
            return sorted(lapsed, key=lambda v: -v.summary.missed_in_a_row)
        started = [view for view in views if view.started]
        return (started or views)[:1]

    async def offer(self, user: User, goal_id: int) -> ComebackOffer:
        """The minimum and the ladder back up, for one goal."""
        view = await self._view(user, goal_id)
        goal = view.goal
        steps = rules.ramp_steps(goal.mva_measure, goal.daily_measure)
        ramp = view.target.ramp
        return ComebackOffer(
            view=view,
            mva_text=goal.mva or _step_text(goal, steps[0], user.language),
            ladder=tuple(
                _level_text(goal, steps, index, user.language) for index in range(len(steps))
            ),
            current_step=ramp[0] if ramp and ramp[0] < ramp[1] else None,
            lapsed=_needs_comeback(view),
        )

    @unit_of_work
    async def start(
        self, user: User, goal_id: int, mva_text: str | None = None
    ) -> RampMoved | MvaRejected:
        """Run the habit at its minimum from today (or keep going from the current step).

        A new lapse during a ramp restarts it from the step the user is on, not from zero.
        """
        view = await self._view(user, goal_id)
        goal = view.goal
        if mva_text is not None:
            changed = planning.with_level(goal, PlanLevel.MVA, mva_text, user.language)
            if isinstance(changed, AnswerProblem):
                return MvaRejected(changed)
            goal = await self._repository.save_goal(replace(changed, updated_at=self._clock()))
        ramp = view.target.ramp
        if mva_text is None and ramp is not None and ramp[0] < ramp[1]:
            return RampMoved(goal, view.target.text, ramp[0], ramp[1], "restart")
        steps = rules.ramp_steps(goal.mva_measure, goal.daily_measure)
        level = await self._put(user, goal, steps, 0, LevelKind.MVA)
        await self._repository.mark_event(
            user.user_id,
            goal.goal_id,
            CoachEventKind.COMEBACK_OFFERED,
            str(view.day),
            self._clock(),
        )
        if self._partners is not None:
            await self._partners.restart(user, view.day, COMEBACK, goal.goal_id)
        return RampMoved(goal, level.text, 1, len(steps), "start")

    @unit_of_work
    async def move(self, user: User, goal_id: int, direction: str) -> RampMoved:
        """Step up, hold, or step down on the ramp."""
        view = await self._view(user, goal_id)
        goal = view.goal
        steps = rules.ramp_steps(goal.mva_measure, goal.daily_measure)
        ramp = view.target.ramp
        if ramp is None:
            raise Refused(RefusalReason.NOT_RAMPING, goal)
        level = view.target.level
        if direction in ("up", "down") and level is not None and level.effective_from >= view.day:
            # One step a day: a double tap on "Step up" must not climb two steps.
            raise Refused(RefusalReason.STEPPED_TODAY, goal)
        index = min(ramp[0], len(steps)) - 1
        position = rules.RampPosition(steps, index)
        moved = {"up": position.step_up, "down": position.step_down}.get(direction, position.hold)()
        if moved.index == position.index:
            return RampMoved(goal, view.target.text, ramp[0], ramp[1], "hold")
        kind = (
            LevelKind.FULL
            if moved.is_full
            else (LevelKind.MVA if moved.index == 0 else LevelKind.RAMP)
        )
        level = await self._put(user, goal, steps, moved.index, kind)
        action = "full" if moved.is_full else direction
        return RampMoved(goal, level.text, moved.index + 1, len(steps), action)

    @unit_of_work
    async def grow(self, user: User, goal_id: int) -> Grown:
        """Take the 10–15% scale-up offered after 21–28 steady days."""
        view = await self._view(user, goal_id)
        goal = view.goal
        if goal.daily_measure is None:
            raise Refused(RefusalReason.NOT_MEASURABLE, goal)
        if view.target.ramp is not None:
            raise Refused(
                RefusalReason.ON_RAMP, goal
            )  # an old offer's button, pressed mid-comeback
        levels = await self._repository.list_target_levels(user.user_id, goal.goal_id)
        if any(lv.kind is LevelKind.SCALED_UP and lv.effective_from >= view.day for lv in levels):
            raise Refused(RefusalReason.GROWN_TODAY, goal)  # a double tap grows it once
        bigger = rules.scaled_up(goal.daily_measure)
        before = goal.daily or format_measure(goal.daily_measure, language=user.language)
        # The day is the source: the week and the month grow with it (rule 14).
        grown = with_sizes(goal, follow(Sizes.of_plan(goal), Source.DAILY, bigger), user.language)
        grown = replace(grown, daily=_step_text(goal, bigger, user.language), daily_measure=bigger)
        goal, _ = await change_levels(
            self._repository,
            self._clock(),
            goal,
            grown,
            plan_from(grown, LevelKind.SCALED_UP, view.day),
        )
        return Grown(goal, before, goal.daily or "")

    async def _view(self, user: User, goal_id: int) -> GoalDay:
        """The goal today, if it can be changed (raises :class:`Refused` otherwise)."""
        goal = self._habits.loggable(await self._habits.get_goal(user, goal_id))
        return await self._habits.goal_day(user, goal)

    async def _put(
        self,
        user: User,
        goal: Goal,
        steps: tuple[Measure | None, ...],
        index: int,
        kind: LevelKind,
    ) -> TargetLevel:
        text = _level_text(goal, steps, index, user.language)
        # The step's day is the source: its week and month follow it (rule 14), so a week at
        # 50 words a day asks for 350 words, not the plan's 3,300. The last step is the plan.
        step = steps[index]
        sizes = Sizes.of_plan(goal)
        if index < len(steps) - 1:
            sizes = follow(sizes, Source.DAILY, step) if step is not None else Sizes()
        _, level = await change_levels(
            self._repository,
            self._clock(),
            goal,
            goal,
            NewTargetLevel(
                goal.goal_id,
                user.user_id,
                self._habits.day(user),
                kind,
                text,
                step,
                step=index + 1,
                steps=len(steps),
                weekly=sizes.weekly,
                monthly=sizes.monthly,
            ),
        )
        return level


def _needs_comeback(view: GoalDay) -> bool:
    """Lapsed (never miss twice: two misses in a row or more) or already climbing back up."""
    ramp = view.target.ramp
    on_ramp = ramp is not None and ramp[0] < ramp[1]
    return on_ramp or (view.started and rules.comeback_due(view.summary.missed_in_a_row))


def _level_text(goal: Goal, steps: tuple[Measure | None, ...], index: int, language: str) -> str:
    """What the habit asks on a step of the ramp: the plan's own words at both ends (the
    minimum as the person wrote it, "a 10-minute walk" or "just put on my shoes", never the
    daily action's words with the minimum's amount), the daily action reworded in between."""
    if index == len(steps) - 1:
        return goal.daily or _step_text(goal, steps[index], language)
    if index == 0 and goal.mva:
        return goal.mva
    return _step_text(goal, steps[index], language)


def _step_text(goal: Goal, step: Measure | None, language: str) -> str:
    """A step's action, worded like the plan's ("write 390 words" from "write 480 words",
    "написать 390 слов" from "написать 480 слов"; in ``language`` when it has no amount)."""
    if step is None:
        return goal.daily or ""
    daily = goal.daily or ""
    found = find_measure(daily)
    if isinstance(found, MeasureProblem):
        return format_measure(step, language=language)
    return replace_measure(daily, found, step, language)
