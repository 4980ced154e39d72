"""Use cases of /goals: goals by priority, pause/resume/archive.

What /goals shows is everything but DRAFT goals (those belong to /plan until they are done):
ACTIVE goals first, then PAUSED ones, each group by priority; ARCHIVED goals are kept apart.
A goal's milestones and their steps are in :mod:`bot.services.milestones` and
:mod:`bot.services.steps`; what the three share, in :mod:`bot.services.goal_access`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.clock import Clock
from bot.coach.models import (
    MAX_ACTIVE_GOALS,
    EntryStatus,
    Goal,
    GoalStatus,
    Milestone,
    NewEntry,
    User,
)
from bot.services.goal_access import NOT_DRAFT, ActiveLimitError, GoalAccess, NotAvailableError
from bot.services.milestones import next_open
from bot.services.unit_of_work import unit_of_work
from storage.base import ActiveGoalLimitError, NotFoundError, Repository

SHOWN = (GoalStatus.ACTIVE, GoalStatus.PAUSED)
"""The statuses listed by /goals, in the order the groups are shown."""

PAUSE_LOOKBACK_DAYS = 400
"""How far back resuming looks for where a pause began."""


@dataclass(frozen=True, slots=True)
class GoalSummary:
    """One line of the goal list: the goal, its next open milestone, and its tally."""

    goal: Goal
    next_milestone: Milestone | None
    milestones_done: int
    milestones_total: int


@dataclass(frozen=True, slots=True)
class GoalsOverview:
    """What /goals shows.

    Attributes:
        goals: ACTIVE goals then PAUSED ones, each group by priority.
        archived: How many goals are archived (listed apart).
        drafts: How many goals /plan is still working on (not listed).
        today: The user's local date.
    """

    goals: tuple[GoalSummary, ...]
    archived: int
    drafts: int
    today: date


@dataclass(frozen=True, slots=True)
class ArchivedGoals:
    """The user's archived goals, by priority."""

    goals: tuple[Goal, ...]
    today: date


@dataclass(frozen=True, slots=True)
class GoalCard:
    """One goal in detail.

    Attributes:
        goal: The goal.
        rank: Its place in its group (active or paused), from 1; 0 when archived.
        group_size: How many goals its group holds; 0 when archived.
        milestones: Its milestones, in the order they were added.
        today: The user's local date.
    """

    goal: Goal
    rank: int
    group_size: int
    milestones: tuple[Milestone, ...]
    today: date

    @property
    def next_milestone(self) -> Milestone | None:
        """The open milestone due first (overdue ones included)."""
        return next_open(self.milestones)


@dataclass(frozen=True, slots=True)
class Moved:
    """After "move up" / "move down": the card, and whether anything moved."""

    card: GoalCard
    moved: bool


@dataclass(frozen=True, slots=True)
class Resumed:
    """After "resume": the card, and the active-goal limit when resuming was refused."""

    card: GoalCard
    refused_limit: int | None


@dataclass(frozen=True, slots=True)
class Archived:
    """After "archive": the goal, and the list it has left."""

    goal: Goal
    overview: GoalsOverview


@dataclass(frozen=True, slots=True)
class Restored:
    """An archived goal is back: active, or paused when the active list was full."""

    card: GoalCard
    paused_for_room: bool


class GoalService:
    """The /goals use cases on goals: list, reorder, pause, resume, archive, restore."""

    def __init__(self, repository: Repository, clock: Clock) -> None:
        """Create the service.

        Args:
            repository: Where goals and milestones are stored.
            clock: The injected clock (aware UTC).
        """
        self._repository = repository
        self._clock = clock
        self._access = GoalAccess(repository, clock)

    async def overview(self, user_id: int) -> GoalsOverview:
        """Everything /goals lists: active then paused goals, with their next milestone.

        Args:
            user_id: Who asked.

        Returns:
            The overview.
        """
        user = await self._access.user(user_id)
        goals = await self._repository.list_goals(user_id)
        summaries = []
        for goal in _shown_order(goals):
            milestones = await self._repository.list_milestones(user_id, goal.goal_id)
            done = sum(1 for m in milestones if m.done_at is not None)
            summaries.append(GoalSummary(goal, next_open(milestones), done, len(milestones)))
        return GoalsOverview(
            goals=tuple(summaries),
            archived=sum(1 for g in goals if g.status is GoalStatus.ARCHIVED),
            drafts=sum(1 for g in goals if g.status is GoalStatus.DRAFT),
            today=self._access.today(user),
        )

    async def archived(self, user_id: int) -> ArchivedGoals:
        """The user's archived goals.

        Args:
            user_id: Who asked.

        Returns:
            The archived goals, by priority.
        """
        user = await self._access.user(user_id)
        goals = await self._repository.list_goals(user_id, [GoalStatus.ARCHIVED])
        return ArchivedGoals(tuple(goals), self._access.today(user))

    async def card(self, user_id: int, goal_id: int) -> GoalCard:
        """One goal with its milestones and its place in the list.

        Args:
            user_id: Who asked.
            goal_id: The goal, from callback data.

        Returns:
            The card.

        Raises:
            NotAvailableError: Not one of the user's listed or archived goals.
        """
        user = await self._access.user(user_id)
        goal = await self._access.goal(user_id, goal_id)
        return await self._card(user, goal)

    @unit_of_work
    async def move(self, user_id: int, goal_id: int, offset: int) -> Moved:
        """Move a goal up (``offset`` −1) or down (+1) within its group (active or paused).

        The whole shown order is written at once, so priorities never clash or leave gaps.

        Args:
            user_id: Who asked.
            goal_id: The goal to move.
            offset: −1 for up, +1 for down.

        Returns:
            The goal's card and whether it moved (not at the top or bottom already).

        Raises:
            NotAvailableError: Not one of the user's active or paused goals.
        """
        user = await self._access.user(user_id)
        goal = await self._access.goal(user_id, goal_id, SHOWN)
        shown = _shown_order(await self._repository.list_goals(user_id, SHOWN))
        group = [g.goal_id for g in shown if g.status is goal.status]
        index = group.index(goal.goal_id)
        target = index + offset
        if not 0 <= target < len(group):
            return Moved(await self._card(user, goal), moved=False)
        order = [g.goal_id for g in shown]
        a, b = order.index(group[index]), order.index(group[target])
        order[a], order[b] = order[b], order[a]
        try:
            reordered = await self._repository.reorder_goals(user_id, order, self._clock())
        except NotFoundError as error:  # a goal vanished meanwhile (the user deleted everything)
            raise NotAvailableError from error
        moved = next(g for g in reordered if g.goal_id == goal_id)
        return Moved(await self._card(user, moved), moved=True)

    @unit_of_work
    async def pause(self, user_id: int, goal_id: int) -> GoalCard:
        """Pause an active goal (nothing is lost; it can be resumed any time).

        Args:
            user_id: Who asked.
            goal_id: The goal.

        Returns:
            The goal's card.

        Raises:
            NotAvailableError: Not one of the user's active or paused goals.
        """
        card = await self._set_status(user_id, goal_id, SHOWN, GoalStatus.PAUSED)
        user = await self._repository.get_user(user_id)
        if user is not None:
            # Mark where the pause began in the daily log, so that resuming can fill the days
            # in between as paused (a pause keeps the streak, like a holiday).
            await self._repository.append_entry(
                NewEntry(goal_id, user_id, self._access.today(user), EntryStatus.PAUSED),
                self._clock(),
            )
        return card

    @unit_of_work
    async def resume(self, user_id: int, goal_id: int) -> Resumed:
        """Make a paused goal active again, unless the user has the most active goals already.

        Args:
            user_id: Who asked.
            goal_id: The goal.

        Returns:
            The goal's card, and whether resuming was refused because
            :data:`~bot.coach.models.MAX_ACTIVE_GOALS` goals are active (nothing changed then).

        Raises:
            NotAvailableError: Not one of the user's active or paused goals.
        """
        try:
            card = await self._set_status(user_id, goal_id, SHOWN, GoalStatus.ACTIVE)
        except ActiveLimitError as error:
            return Resumed(await self.card(user_id, goal_id), refused_limit=error.limit)
        await self._fill_paused_days(user_id, goal_id)
        return Resumed(card, refused_limit=None)

    async def _fill_paused_days(self, user_id: int, goal_id: int) -> None:
        """Write the days a goal spent paused as PAUSED, up to yesterday (today is open)."""
        user = await self._repository.get_user(user_id)
        if user is None:
            return
        today = self._access.today(user)
        entries = await self._repository.list_entries(
            user_id, goal_id, today - timedelta(days=PAUSE_LOOKBACK_DAYS), today
        )
        starts = [e.local_date for e in entries if e.status is EntryStatus.PAUSED]
        if not starts:
            return
        logged = {e.local_date for e in entries}
        day = max(starts) + timedelta(days=1)
        while day < today:
            if day not in logged:
                await self._repository.append_entry(
                    NewEntry(goal_id, user_id, day, EntryStatus.PAUSED), self._clock()
                )
            day += timedelta(days=1)

    @unit_of_work
    async def archive(self, user_id: int, goal_id: int) -> Archived:
        """Archive a goal: it leaves the list, its history and milestones stay.

        Args:
            user_id: Who asked.
            goal_id: The goal.

        Returns:
            The archived goal and the goal list without it.

        Raises:
            NotAvailableError: Not one of the user's goals (drafts included).
        """
        card = await self._set_status(user_id, goal_id, NOT_DRAFT, GoalStatus.ARCHIVED)
        return Archived(card.goal, await self.overview(user_id))

    @unit_of_work
    async def restore(self, user_id: int, goal_id: int) -> Restored:
        """Bring an archived goal back: active if there is room, else paused.

        Args:
            user_id: Who asked.
            goal_id: The goal.

        Returns:
            The goal's card, and whether it came back paused for lack of room.

        Raises:
            NotAvailableError: Not one of the user's goals (drafts included).
        """
        goal = await self._access.goal(user_id, goal_id)
        if goal.status is not GoalStatus.ARCHIVED:
            return Restored(await self.card(user_id, goal_id), paused_for_room=False)
        try:
            card = await self._set_status(user_id, goal_id, NOT_DRAFT, GoalStatus.ACTIVE)
        except ActiveLimitError:
            card = await self._set_status(user_id, goal_id, NOT_DRAFT, GoalStatus.PAUSED)
            return Restored(card, paused_for_room=True)
        return Restored(card, paused_for_room=False)

    async def _card(self, user: User, goal: Goal) -> GoalCard:
        milestones = tuple(await self._repository.list_milestones(user.user_id, goal.goal_id))
        today = self._access.today(user)
        if goal.status is GoalStatus.ARCHIVED:
            return GoalCard(goal, 0, 0, milestones, today)
        group = await self._repository.list_goals(user.user_id, [goal.status])
        rank = 1 + [g.goal_id for g in group].index(goal.goal_id)
        return GoalCard(goal, rank, len(group), milestones, today)

    async def _set_status(
        self, user_id: int, goal_id: int, allowed: Sequence[GoalStatus], status: GoalStatus
    ) -> GoalCard:
        user = await self._access.user(user_id)
        await self._access.goal(user_id, goal_id, allowed)
        try:
            goal = await self._repository.set_goal_status(
                user_id, goal_id, status, self._clock(), max_active=MAX_ACTIVE_GOALS
            )
        except ActiveGoalLimitError as error:
            raise ActiveLimitError(error.limit) from error
        except NotFoundError as error:
            raise NotAvailableError from error
        return await self._card(user, goal)


def _shown_order(goals: Sequence[Goal]) -> list[Goal]:
    """Active goals, then paused ones, each by priority (then id)."""
    return sorted(
        (g for g in goals if g.status in SHOWN),
        key=lambda g: (SHOWN.index(g.status), g.priority, g.goal_id),
    )
