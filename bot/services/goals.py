"""Use cases of /goals: goals by priority, pause/resume/archive, milestones and their steps.

What /goals shows is everything but DRAFT goals (those belong to /plan until they are done):
ACTIVE goals first, then PAUSED ones, each group by priority; ARCHIVED goals are kept apart.

Every method takes the id of the user who asked and reaches goals, milestones and steps only
through the repository's user-scoped methods, so an id from forged callback data raises
:class:`NotAvailableError` and changes nothing.

"Today" is the user's local date in their time zone (UTC until they have set one), from the
injected clock.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.clock import Clock
from bot.coach.dates import DateProblem, parse_date, split_deadline
from bot.coach.models import (
    MAX_ACTIVE_GOALS,
    EntryStatus,
    Goal,
    GoalStatus,
    Milestone,
    NewEntry,
    User,
)
from bot.services.days import user_day
from bot.services.partner_news import PartnerNews
from bot.services.questions import Asked, Question, Questions
from bot.services.unit_of_work import Refusal, unit_of_work
from storage.base import ActiveGoalLimitError, NotFoundError, Repository

MAX_TITLE_LENGTH = 300
"""Longest milestone or step title, in characters (after collapsing runs of spaces)."""
MAX_MILESTONES = 20
"""Most milestones one goal holds: a longer list is a plan, not a milestone list."""
MAX_STEPS = 15
"""Most steps one milestone holds: more means it wants splitting into two milestones."""

SHOWN = (GoalStatus.ACTIVE, GoalStatus.PAUSED)
"""The statuses listed by /goals, in the order the groups are shown."""
_NOT_DRAFT = (GoalStatus.ACTIVE, GoalStatus.PAUSED, GoalStatus.ARCHIVED)

PAUSE_LOOKBACK_DAYS = 400
"""How far back resuming looks for where a pause began."""


# --- refusals (domain errors the handlers turn into friendly replies) --------------------------


class GoalsError(Refusal):
    """Base class of the refusals of this service."""


class NotAvailableError(GoalsError):
    """The goal, milestone or step does not exist, is not the user's, or is a draft."""


class ActiveLimitError(GoalsError):
    """Resuming the goal would make more than ``limit`` goals active."""

    def __init__(self, limit: int) -> None:
        """Keep the limit for the reply."""
        super().__init__(f"at most {limit} active goals")
        self.limit = limit


class ListKind(StrEnum):
    """What a list holds, for :class:`ListFullError`."""

    MILESTONES = "milestones"
    STEPS = "steps"


class ListFullError(GoalsError):
    """The goal already holds ``limit`` milestones, or the milestone ``limit`` steps."""

    def __init__(self, kind: ListKind, limit: int) -> None:
        """Keep what is full and its limit for the reply."""
        super().__init__(f"at most {limit} {kind.value}")
        self.kind = kind
        self.limit = limit


class QuestionClosedError(GoalsError):
    """A button answers a question the user is no longer on (an old message)."""


# --- results ------------------------------------------------------------------------------------


class TextProblem(StrEnum):
    """Why a typed title is not usable."""

    EMPTY = "empty"
    TOO_LONG = "too_long"


@dataclass(frozen=True, slots=True)
class TextRejected:
    """A typed title was refused; the question stays open."""

    problem: TextProblem
    length: int = 0
    limit: int = MAX_TITLE_LENGTH


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


@dataclass(frozen=True, slots=True)
class MilestoneList:
    """A goal's milestones."""

    goal: Goal
    milestones: tuple[Milestone, ...]
    today: date


@dataclass(frozen=True, slots=True)
class MilestoneCard:
    """One milestone in detail, with its goal."""

    goal: Goal
    milestone: Milestone
    today: date


@dataclass(frozen=True, slots=True)
class Ticked:
    """A milestone ticked off.

    Attributes:
        card: The milestone as now stored.
        celebrate: False when it was already done (a second tap): nothing new to cheer.
        on_time: Done on or before its deadline (or it had none).
        done_count: How many of the goal's milestones are now done (varies the cheer).
        all_done: Every milestone of the goal is done.
    """

    card: MilestoneCard
    celebrate: bool
    on_time: bool
    done_count: int
    all_done: bool


@dataclass(frozen=True, slots=True)
class StepToggled:
    """A step ticked or reopened."""

    card: MilestoneCard
    done: bool
    all_steps_done: bool


@dataclass(frozen=True, slots=True)
class MilestoneAdded:
    """The title was saved as a new milestone.

    Attributes:
        milestone: The new milestone.
        today: The user's local date.
        card: Set when the title carried its deadline ("… by Friday"): the milestone is
            complete and no question is open. ``None``: the deadline question comes next.
    """

    milestone: Milestone
    today: date
    card: MilestoneCard | None = None


@dataclass(frozen=True, slots=True)
class DueRejected:
    """A typed deadline was refused; the question stays open."""

    problem: DateProblem
    milestone: Milestone
    today: date


@dataclass(frozen=True, slots=True)
class DueSet:
    """The deadline question is answered (``milestone.due_date`` may be ``None``)."""

    card: MilestoneCard


@dataclass(frozen=True, slots=True)
class MilestoneTitleRejected:
    """A typed milestone title was refused; the question about ``goal`` stays open."""

    rejected: TextRejected
    goal: Goal


@dataclass(frozen=True, slots=True)
class StepAdded:
    """A typed step was saved; the question is closed."""

    card: MilestoneCard


@dataclass(frozen=True, slots=True)
class StepTitleRejected:
    """A typed step title was refused; the question about ``card`` stays open."""

    rejected: TextRejected
    card: MilestoneCard


TitleAnswer = MilestoneAdded | MilestoneTitleRejected
StepAnswer = StepAdded | StepTitleRejected
DueAnswer = DueSet | DueRejected


def next_open(milestones: Sequence[Milestone]) -> Milestone | None:
    """The open milestone to do next: the earliest deadline first, undated ones last.

    Args:
        milestones: A goal's milestones in position order.

    Returns:
        The milestone, or ``None`` when all are done (or there are none).
    """
    open_ones = [m for m in milestones if m.done_at is None]
    if not open_ones:
        return None
    return min(open_ones, key=lambda m: (m.due_date is None, m.due_date or date.min, m.position))


def clean_title(text: str | None) -> str | TextRejected:
    """Tidy a typed title and check it.

    Runs of spaces and line breaks become one space. A text with nothing visible in it (only
    spaces, zero-width or control characters) is empty.

    Args:
        text: The message text; ``None`` for a sticker, photo or the like.

    Returns:
        The title, or why it was refused.
    """
    title = " ".join((text or "").split())
    if not any(unicodedata.category(char)[0] not in "CZ" for char in title):
        return TextRejected(TextProblem.EMPTY)
    if len(title) > MAX_TITLE_LENGTH:
        return TextRejected(TextProblem.TOO_LONG, len(title))
    return title


class GoalService:
    """The /goals use cases: list, reorder, pause, resume, archive; milestones and steps."""

    def __init__(
        self, repository: Repository, clock: Clock, *, partners: PartnerNews | None = None
    ) -> None:
        """Create the service.

        Args:
            repository: Where goals and milestones are stored.
            clock: The injected clock (aware UTC).
            partners: Tells the user's partners of a milestone ticked off.
        """
        self._repository = repository
        self._clock = clock
        self._questions = Questions(repository, clock)
        self._partners = partners

    # --- goals -------------------------------------------------------------------------------

    async def overview(self, user_id: int) -> GoalsOverview:
        """Everything /goals lists: active then paused goals, with their next milestone.

        Args:
            user_id: Who asked.

        Returns:
            The overview.
        """
        user = await self._user(user_id)
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
            today=self._today(user),
        )

    async def archived(self, user_id: int) -> ArchivedGoals:
        """The user's archived goals.

        Args:
            user_id: Who asked.

        Returns:
            The archived goals, by priority.
        """
        user = await self._user(user_id)
        goals = await self._repository.list_goals(user_id, [GoalStatus.ARCHIVED])
        return ArchivedGoals(tuple(goals), self._today(user))

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
        user = await self._user(user_id)
        goal = await self._goal(user_id, goal_id)
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
        user = await self._user(user_id)
        goal = await self._goal(user_id, goal_id, SHOWN)
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
                NewEntry(goal_id, user_id, self._today(user), EntryStatus.PAUSED),
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
        today = self._today(user)
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
        card = await self._set_status(user_id, goal_id, _NOT_DRAFT, GoalStatus.ARCHIVED)
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
        goal = await self._goal(user_id, goal_id)
        if goal.status is not GoalStatus.ARCHIVED:
            return Restored(await self.card(user_id, goal_id), paused_for_room=False)
        try:
            card = await self._set_status(user_id, goal_id, _NOT_DRAFT, GoalStatus.ACTIVE)
        except ActiveLimitError:
            card = await self._set_status(user_id, goal_id, _NOT_DRAFT, GoalStatus.PAUSED)
            return Restored(card, paused_for_room=True)
        return Restored(card, paused_for_room=False)

    # --- milestones --------------------------------------------------------------------------

    async def milestones(self, user_id: int, goal_id: int) -> MilestoneList:
        """A goal's milestones.

        Args:
            user_id: Who asked.
            goal_id: The goal.

        Returns:
            The goal and its milestones in the order they were added.

        Raises:
            NotAvailableError: Not one of the user's goals (drafts included).
        """
        user = await self._user(user_id)
        goal = await self._goal(user_id, goal_id)
        milestones = await self._repository.list_milestones(user_id, goal_id)
        return MilestoneList(goal, tuple(milestones), self._today(user))

    async def milestone(self, user_id: int, milestone_id: int) -> MilestoneCard:
        """One milestone with its steps.

        Args:
            user_id: Who asked.
            milestone_id: The milestone, from callback data.

        Returns:
            The milestone card.

        Raises:
            NotAvailableError: Not one of the user's milestones.
        """
        user = await self._user(user_id)
        return await self._milestone_card(user, milestone_id)

    @unit_of_work
    async def ask_milestone(self, user_id: int, goal_id: int) -> Goal:
        """Open the question "what's the milestone?" for a goal.

        Args:
            user_id: Who asked.
            goal_id: The goal the milestone will belong to.

        Returns:
            The goal.

        Raises:
            NotAvailableError: Not one of the user's goals (drafts included).
            ListFullError: The goal holds :data:`MAX_MILESTONES` milestones already.
        """
        user = await self._user(user_id)
        goal = await self._goal(user_id, goal_id)
        await self._check_room_for_milestone(user_id, goal_id)
        await self._ask(user, Asked(Question.GOALS_MILESTONE_TITLE, goal_id))
        return goal

    @unit_of_work
    async def answer_milestone_title(
        self, user_id: int, goal_id: int | None, text: str | None
    ) -> TitleAnswer:
        """Save a typed milestone title; the deadline question comes next.

        A title ending in a deadline ("Outline the plot by Friday") is saved as "Outline the
        plot", due Friday, and no deadline question follows. A refused title keeps the question
        open. A goal that has gone meanwhile closes it.

        Args:
            user_id: Who answered.
            goal_id: The goal named by the open question.
            text: The message text (``None`` for a sticker or photo).

        Returns:
            The new milestone (the user is now on its deadline question unless the title
            carried one), or why the title was refused.

        Raises:
            NotAvailableError: The goal is gone (the question is closed).
            ListFullError: The goal is full (the question is closed).
        """
        user = await self._user(user_id)
        goal = await self._goal_for_question(user, goal_id)
        today = self._today(user)
        # "Outline the plot by Friday": the deadline is in the title, so it is not asked for.
        split = split_deadline(" ".join((text or "").split()), today, user.language)
        title = clean_title(text if split is None else split[0])
        if isinstance(title, TextRejected):
            return MilestoneTitleRejected(title, goal)
        due = None if split is None else split[1]
        try:
            await self._check_room_for_milestone(user_id, goal.goal_id)
        except ListFullError:
            await self._ask(user, None)
            raise
        milestone = await self._repository.add_milestone(
            user_id, goal.goal_id, title, due, self._clock()
        )
        if due is not None:
            await self._ask(user, None)
            card = await self._milestone_card(user, milestone.milestone_id)
            return MilestoneAdded(milestone, today, card)
        await self._ask(user, Asked(Question.GOALS_MILESTONE_DATE, milestone.milestone_id))
        return MilestoneAdded(milestone, today)

    @unit_of_work
    async def ask_due(self, user_id: int, milestone_id: int) -> MilestoneCard:
        """Open the question "when is it due?" to move a milestone's deadline.

        Args:
            user_id: Who asked.
            milestone_id: The milestone.

        Returns:
            The milestone card.

        Raises:
            NotAvailableError: Not one of the user's milestones.
        """
        user = await self._user(user_id)
        card = await self._milestone_card(user, milestone_id)
        await self._ask(user, Asked(Question.GOALS_MILESTONE_DATE, milestone_id))
        return card

    @unit_of_work
    async def answer_due(
        self, user_id: int, milestone_id: int | None, text: str | None
    ) -> DueAnswer:
        """Set a typed deadline ("Friday", "15 March", "in 2 weeks", ...).

        Past dates, impossible dates ("31 February") and unreadable text are refused and the
        question stays open.

        Args:
            user_id: Who answered.
            milestone_id: The milestone named by the open question.
            text: The message text (``None`` for a sticker or photo).

        Returns:
            The milestone with its new deadline, or why the date was refused.

        Raises:
            NotAvailableError: The milestone is gone (the question is closed).
        """
        user = await self._user(user_id)
        card = await self._milestone_for_question(user, milestone_id)
        parsed = parse_date(text or "", card.today, language=user.language)
        if isinstance(parsed, DateProblem):
            return DueRejected(parsed, card.milestone, card.today)
        return await self._set_due(user, card, parsed)

    @unit_of_work
    async def choose_due(self, user_id: int, milestone_id: int, due: date | None) -> DueAnswer:
        """Set a deadline picked with a button ("No deadline" is ``None``).

        Args:
            user_id: Who pressed.
            milestone_id: The milestone named by the button.
            due: The date on the button.

        Returns:
            The milestone with its new deadline, or a refusal when the button's date has passed
            (an old message).

        Raises:
            NotAvailableError: Not one of the user's milestones.
            QuestionClosedError: The user is not on this milestone's deadline question.
        """
        user = await self._user(user_id)
        card = await self._milestone_card(user, milestone_id)
        if Asked.decode(user.dialog) != Asked(Question.GOALS_MILESTONE_DATE, milestone_id):
            raise QuestionClosedError
        if due is not None and due < card.today:
            return DueRejected(DateProblem.PAST, card.milestone, card.today)
        return await self._set_due(user, card, due)

    @unit_of_work
    async def new_date(self, user_id: int, milestone_id: int, due: date) -> DueAnswer:
        """Give a milestone a new deadline with one tap, after its date passed.

        Unlike :meth:`choose_due` no question needs to be open: the buttons come with the
        bot's word about the passed date. An open question about this milestone's date closes;
        any other question the user is on stays open.

        Args:
            user_id: Who pressed.
            milestone_id: The milestone named by the button.
            due: The date on the button.

        Returns:
            The milestone with its new deadline, or a refusal when the button's date has passed
            (an old message).

        Raises:
            NotAvailableError: Not one of the user's milestones.
        """
        user = await self._user(user_id)
        card = await self._milestone_card(user, milestone_id)
        if due < card.today:
            return DueRejected(DateProblem.PAST, card.milestone, card.today)
        try:
            await self._repository.set_milestone_due(user_id, milestone_id, due)
        except NotFoundError as error:
            raise NotAvailableError from error
        if Asked.decode(user.dialog) == Asked(Question.GOALS_MILESTONE_DATE, milestone_id):
            await self._ask(user, None)
        return DueSet(await self._milestone_card(user, milestone_id))

    @unit_of_work
    async def tick(self, user_id: int, milestone_id: int) -> Ticked:
        """Tick a milestone off.

        Args:
            user_id: Who pressed.
            milestone_id: The milestone.

        Returns:
            The milestone and what to celebrate.

        Raises:
            NotAvailableError: Not one of the user's milestones.
        """
        user = await self._user(user_id)
        card = await self._milestone_card(user, milestone_id)
        celebrate = card.milestone.done_at is None
        if celebrate:
            await self._repository.set_milestone_done(user_id, milestone_id, self._clock())
            card = await self._milestone_card(user, milestone_id)
            if self._partners is not None:
                await self._partners.milestone_ticked(
                    user, card.goal.goal_id, milestone_id, card.today
                )
        siblings = await self._repository.list_milestones(user_id, card.goal.goal_id)
        done = sum(1 for m in siblings if m.done_at is not None)
        due = card.milestone.due_date
        return Ticked(
            card=card,
            celebrate=celebrate,
            on_time=due is None or card.today <= due,
            done_count=done,
            all_done=done == len(siblings),
        )

    @unit_of_work
    async def reopen(self, user_id: int, milestone_id: int) -> MilestoneCard:
        """Reopen a milestone that was ticked off.

        Args:
            user_id: Who pressed.
            milestone_id: The milestone.

        Returns:
            The milestone card.

        Raises:
            NotAvailableError: Not one of the user's milestones.
        """
        user = await self._user(user_id)
        await self._milestone_card(user, milestone_id)
        await self._repository.set_milestone_done(user_id, milestone_id, None)
        return await self._milestone_card(user, milestone_id)

    @unit_of_work
    async def delete_milestone(self, user_id: int, milestone_id: int) -> MilestoneList:
        """Delete a milestone and its steps.

        Args:
            user_id: Who confirmed.
            milestone_id: The milestone.

        Returns:
            The goal's remaining milestones.

        Raises:
            NotAvailableError: Not one of the user's milestones.
        """
        user = await self._user(user_id)
        card = await self._milestone_card(user, milestone_id)
        try:
            await self._repository.delete_milestone(user_id, milestone_id)
        except NotFoundError as error:  # deleted twice from two old messages
            raise NotAvailableError from error
        if Asked.decode(user.dialog) in _questions_about(milestone_id):
            await self._ask(user, None)
        return await self.milestones(user_id, card.goal.goal_id)

    # --- steps -------------------------------------------------------------------------------

    @unit_of_work
    async def ask_step(self, user_id: int, milestone_id: int) -> MilestoneCard:
        """Open the question "what's the step?" for a milestone.

        Args:
            user_id: Who asked.
            milestone_id: The milestone the step will belong to.

        Returns:
            The milestone card.

        Raises:
            NotAvailableError: Not one of the user's milestones.
            ListFullError: The milestone holds :data:`MAX_STEPS` steps already.
        """
        user = await self._user(user_id)
        card = await self._milestone_card(user, milestone_id)
        if len(card.milestone.steps) >= MAX_STEPS:
            raise ListFullError(ListKind.STEPS, MAX_STEPS)
        await self._ask(user, Asked(Question.GOALS_STEP_TITLE, milestone_id))
        return card

    @unit_of_work
    async def answer_step(
        self, user_id: int, milestone_id: int | None, text: str | None
    ) -> StepAnswer:
        """Save a typed step at the end of the milestone's steps; the question closes.

        Args:
            user_id: Who answered.
            milestone_id: The milestone named by the open question.
            text: The message text (``None`` for a sticker or photo).

        Returns:
            The milestone with its new step, or why the title was refused (the question stays
            open).

        Raises:
            NotAvailableError: The milestone is gone (the question is closed).
            ListFullError: The milestone is full (the question is closed).
        """
        user = await self._user(user_id)
        card = await self._milestone_for_question(user, milestone_id)
        title = clean_title(text)
        if isinstance(title, TextRejected):
            return StepTitleRejected(title, card)
        await self._ask(user, None)
        if len(card.milestone.steps) >= MAX_STEPS:
            raise ListFullError(ListKind.STEPS, MAX_STEPS)
        try:
            await self._repository.add_step(user_id, card.milestone.milestone_id, title)
        except NotFoundError as error:
            raise NotAvailableError from error
        return StepAdded(await self._milestone_card(user, card.milestone.milestone_id))

    @unit_of_work
    async def toggle_step(self, user_id: int, milestone_id: int, step_id: int) -> StepToggled:
        """Tick a step off, or reopen it when it is done.

        Args:
            user_id: Who pressed.
            milestone_id: The step's milestone, from callback data.
            step_id: The step, from callback data.

        Returns:
            The milestone card and the step's new state.

        Raises:
            NotAvailableError: Not a step of one of the user's milestones.
        """
        user = await self._user(user_id)
        card = await self._milestone_card(user, milestone_id)
        step = next((s for s in card.milestone.steps if s.step_id == step_id), None)
        if step is None:
            raise NotAvailableError
        done_at = self._clock() if step.done_at is None else None
        try:
            await self._repository.set_step_done(user_id, step_id, done_at)
        except NotFoundError as error:
            raise NotAvailableError from error
        card = await self._milestone_card(user, milestone_id)
        steps = card.milestone.steps
        return StepToggled(
            card=card,
            done=done_at is not None,
            all_steps_done=bool(steps) and all(s.done_at is not None for s in steps),
        )

    @unit_of_work
    async def delete_step(self, user_id: int, milestone_id: int, step_id: int) -> MilestoneCard:
        """Delete one step.

        Args:
            user_id: Who pressed.
            milestone_id: The step's milestone, from callback data.
            step_id: The step, from callback data.

        Returns:
            The milestone card without the step.

        Raises:
            NotAvailableError: Not a step of one of the user's milestones.
        """
        user = await self._user(user_id)
        card = await self._milestone_card(user, milestone_id)
        if all(s.step_id != step_id for s in card.milestone.steps):
            raise NotAvailableError
        try:
            await self._repository.delete_step(user_id, step_id)
        except NotFoundError as error:
            raise NotAvailableError from error
        return await self._milestone_card(user, milestone_id)

    # --- helpers -----------------------------------------------------------------------------

    async def _user(self, user_id: int) -> User:
        user = await self._repository.get_user(user_id)
        if user is None:
            raise NotAvailableError
        return user

    def _today(self, user: User) -> date:
        return user_day(user, self._clock())

    async def _goal(
        self, user_id: int, goal_id: int, statuses: Sequence[GoalStatus] = _NOT_DRAFT
    ) -> Goal:
        goal = await self._repository.get_goal(user_id, goal_id)
        if goal is None or goal.status not in statuses:
            raise NotAvailableError
        return goal

    async def _card(self, user: User, goal: Goal) -> GoalCard:
        milestones = tuple(await self._repository.list_milestones(user.user_id, goal.goal_id))
        today = self._today(user)
        if goal.status is GoalStatus.ARCHIVED:
            return GoalCard(goal, 0, 0, milestones, today)
        group = await self._repository.list_goals(user.user_id, [goal.status])
        rank = 1 + [g.goal_id for g in group].index(goal.goal_id)
        return GoalCard(goal, rank, len(group), milestones, today)

    async def _set_status(
        self, user_id: int, goal_id: int, allowed: Sequence[GoalStatus], status: GoalStatus
    ) -> GoalCard:
        user = await self._user(user_id)
        await self._goal(user_id, goal_id, allowed)
        try:
            goal = await self._repository.set_goal_status(
                user_id, goal_id, status, self._clock(), max_active=MAX_ACTIVE_GOALS
            )
        except ActiveGoalLimitError as error:
            raise ActiveLimitError(error.limit) from error
        except NotFoundError as error:
            raise NotAvailableError from error
        return await self._card(user, goal)

    async def _milestone_card(self, user: User, milestone_id: int) -> MilestoneCard:
        milestone = await self._repository.get_milestone(user.user_id, milestone_id)
        if milestone is None:
            raise NotAvailableError
        goal = await self._goal(user.user_id, milestone.goal_id)
        return MilestoneCard(goal, milestone, self._today(user))

    async def _check_room_for_milestone(self, user_id: int, goal_id: int) -> None:
        if len(await self._repository.list_milestones(user_id, goal_id)) >= MAX_MILESTONES:
            raise ListFullError(ListKind.MILESTONES, MAX_MILESTONES)

    async def _goal_for_question(self, user: User, goal_id: int | None) -> Goal:
        """The goal an open question is about; closes the question if the goal is gone."""
        try:
            if goal_id is None:
                raise NotAvailableError
            return await self._goal(user.user_id, goal_id)
        except NotAvailableError:
            await self._ask(user, None)
            raise

    async def _milestone_for_question(self, user: User, milestone_id: int | None) -> MilestoneCard:
        """The milestone an open question is about; closes the question if it is gone."""
        try:
            if milestone_id is None:
                raise NotAvailableError
            return await self._milestone_card(user, milestone_id)
        except NotAvailableError:
            await self._ask(user, None)
            raise

    async def _set_due(self, user: User, card: MilestoneCard, due: date | None) -> DueSet:
        milestone_id = card.milestone.milestone_id
        await self._ask(user, None)
        try:
            await self._repository.set_milestone_due(user.user_id, milestone_id, due)
        except NotFoundError as error:
            raise NotAvailableError from error
        return DueSet(await self._milestone_card(user, milestone_id))

    async def _ask(self, user: User, state: Asked | None) -> None:
        """Put the user on a question (``None``: on none); no write when already there."""
        # Read afresh rather than trust ``user``: an earlier step may have moved the question.
        fresh = await self._repository.get_user(user.user_id) or user
        await self._questions.move(user.user_id, state, now_on=fresh.dialog)


def _shown_order(goals: Sequence[Goal]) -> list[Goal]:
    """Active goals, then paused ones, each by priority (then id)."""
    return sorted(
        (g for g in goals if g.status in SHOWN),
        key=lambda g: (SHOWN.index(g.status), g.priority, g.goal_id),
    )


def _questions_about(milestone_id: int) -> tuple[Asked, ...]:
    return (
        Asked(Question.GOALS_MILESTONE_DATE, milestone_id),
        Asked(Question.GOALS_STEP_TITLE, milestone_id),
    )
