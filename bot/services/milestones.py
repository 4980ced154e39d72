"""Use cases of a goal's milestones: add one (its title, then its deadline), move its date,
tick it off or reopen it, delete it.

A milestone's steps are in :mod:`bot.services.steps`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.clock import Clock
from bot.coach.dates import DateProblem, parse_date, split_deadline
from bot.coach.models import Goal, Milestone, User
from bot.services.goal_access import (
    GoalAccess,
    ListFullError,
    ListKind,
    MilestoneCard,
    NotAvailableError,
    QuestionClosedError,
    TextRejected,
    TitleRejected,
    clean_title,
)
from bot.services.partner_news import PartnerNews
from bot.services.questions import Asked, Question
from bot.services.unit_of_work import unit_of_work
from storage.base import NotFoundError, Repository

MAX_MILESTONES = 20
"""Most milestones one goal holds: a longer list is a plan, not a milestone list."""


@dataclass(frozen=True, slots=True)
class MilestoneList:
    """A goal's milestones."""

    goal: Goal
    milestones: tuple[Milestone, ...]
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


TitleAnswer = MilestoneAdded | TitleRejected[Goal]
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


class MilestoneService:
    """The /goals use cases on milestones: list, add, date, tick, reopen, delete."""

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
        self._access = GoalAccess(repository, clock)
        self._partners = partners

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
        user = await self._access.user(user_id)
        goal = await self._access.goal(user_id, goal_id)
        milestones = await self._repository.list_milestones(user_id, goal_id)
        return MilestoneList(goal, tuple(milestones), self._access.today(user))

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
        _, card = await self._access.user_and_milestone(user_id, milestone_id)
        return card

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
        user = await self._access.user(user_id)
        goal = await self._access.goal(user_id, goal_id)
        await self._check_room_for_milestone(user_id, goal_id)
        await self._access.ask(user, Asked(Question.GOALS_MILESTONE_TITLE, goal_id))
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
        user = await self._access.user(user_id)
        goal = await self._access.goal_for_question(user, goal_id)
        today = self._access.today(user)
        # "Outline the plot by Friday": the deadline is in the title, so it is not asked for.
        split = split_deadline(" ".join((text or "").split()), today, user.language)
        title = clean_title(text if split is None else split[0])
        if isinstance(title, TextRejected):
            return TitleRejected(title, goal)
        due = None if split is None else split[1]
        try:
            await self._check_room_for_milestone(user_id, goal.goal_id)
        except ListFullError:
            await self._access.ask(user, None)
            raise
        milestone = await self._repository.add_milestone(
            user_id, goal.goal_id, title, due, self._clock()
        )
        if due is not None:
            await self._access.ask(user, None)
            card = await self._access.milestone_card(user, milestone.milestone_id)
            return MilestoneAdded(milestone, today, card)
        await self._access.ask(user, Asked(Question.GOALS_MILESTONE_DATE, milestone.milestone_id))
        return MilestoneAdded(milestone, today)

    @unit_of_work
    async def ask_due(self, user_id: int, milestone_id: int) -> MilestoneCard:
        """Open the question "when is it due?" to move a milestone's deadline.

        Args:
            user_id: Who asked.
            milestone_id: The milestone.

        Returns:
            The milestone card, to show with the question.

        Raises:
            NotAvailableError: Not one of the user's milestones.
        """
        user, card = await self._access.user_and_milestone(user_id, milestone_id)
        await self._access.ask(user, Asked(Question.GOALS_MILESTONE_DATE, milestone_id))
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
        user = await self._access.user(user_id)
        card = await self._access.milestone_for_question(user, milestone_id)
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
        user, card = await self._access.user_and_milestone(user_id, milestone_id)
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
        user, card = await self._access.user_and_milestone(user_id, milestone_id)
        if due < card.today:
            return DueRejected(DateProblem.PAST, card.milestone, card.today)
        return await self._set_due(user, card, due)

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
        user, card = await self._access.user_and_milestone(user_id, milestone_id)
        celebrate = card.milestone.done_at is None
        if celebrate:
            await self._repository.set_milestone_done(user_id, milestone_id, self._clock())
            card = await self._access.milestone_card(user, milestone_id)
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
            The milestone card, open again.

        Raises:
            NotAvailableError: Not one of the user's milestones.
        """
        user, _ = await self._access.user_and_milestone(user_id, milestone_id)
        await self._repository.set_milestone_done(user_id, milestone_id, None)
        return await self._access.milestone_card(user, milestone_id)

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
        user, card = await self._access.user_and_milestone(user_id, milestone_id)
        try:
            await self._repository.delete_milestone(user_id, milestone_id)
        except NotFoundError as error:  # deleted twice from two old messages
            raise NotAvailableError from error
        if Asked.decode(user.dialog) in _questions_about(milestone_id):
            await self._access.ask(user, None)
        return await self.milestones(user_id, card.goal.goal_id)

    async def _check_room_for_milestone(self, user_id: int, goal_id: int) -> None:
        if len(await self._repository.list_milestones(user_id, goal_id)) >= MAX_MILESTONES:
            raise ListFullError(ListKind.MILESTONES, MAX_MILESTONES)

    async def _set_due(self, user: User, card: MilestoneCard, due: date | None) -> DueSet:
        """Give the milestone its deadline; closes the question about its date if it is open."""
        milestone_id = card.milestone.milestone_id
        if Asked.decode(user.dialog) == Asked(Question.GOALS_MILESTONE_DATE, milestone_id):
            await self._access.ask(user, None)
        try:
            await self._repository.set_milestone_due(user.user_id, milestone_id, due)
        except NotFoundError as error:
            raise NotAvailableError from error
        return DueSet(await self._access.milestone_card(user, milestone_id))


def _questions_about(milestone_id: int) -> tuple[Asked, ...]:
    return (
        Asked(Question.GOALS_MILESTONE_DATE, milestone_id),
        Asked(Question.GOALS_STEP_TITLE, milestone_id),
    )
