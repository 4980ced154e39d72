"""What the /goals use cases share: the user's own goals and milestones, the question the user
is on, and a typed title checked.

Every use case takes the id of the user who asked and reaches goals, milestones and steps only
through the repository's user-scoped methods, so an id from forged callback data raises
:class:`NotAvailableError` and changes nothing.

"Today" is the user's local date in their time zone (UTC until they have set one), from the
injected clock.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Generic, TypeVar

from bot.clock import Clock
from bot.coach.models import Goal, GoalStatus, Milestone, User
from bot.services.days import user_day
from bot.services.questions import Asked, Questions
from bot.services.unit_of_work import Refusal
from storage.base import Repository

MAX_TITLE_LENGTH = 300
"""Longest milestone or step title, in characters (after collapsing runs of spaces)."""

About = TypeVar("About")

NOT_DRAFT = (GoalStatus.ACTIVE, GoalStatus.PAUSED, GoalStatus.ARCHIVED)
"""Every status /goals deals with: a DRAFT goal belongs to /plan until it is done."""


# --- refusals (domain errors the handlers turn into friendly replies) --------------------------


class GoalsError(Refusal):
    """Base class of the refusals of the /goals use cases."""


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


# --- what they share ---------------------------------------------------------------------------


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
class TitleRejected(Generic[About]):
    """A typed title was refused; the question about ``about`` stays open (a milestone's title
    is about its goal, a step's about its milestone)."""

    rejected: TextRejected
    about: About


@dataclass(frozen=True, slots=True)
class MilestoneCard:
    """One milestone in detail, with its goal."""

    goal: Goal
    milestone: Milestone
    today: date


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


class GoalAccess:
    """The user's own goals and milestones, and the question they are on.

    Anything that is not the user's (or is a draft) raises :class:`NotAvailableError`.
    """

    def __init__(self, repository: Repository, clock: Clock) -> None:
        """Reach goals through ``repository``; ``clock`` says what day it is for the user."""
        self._repository = repository
        self._clock = clock
        self._questions = Questions(repository, clock)

    async def user(self, user_id: int) -> User:
        """The user who asked.

        Raises:
            NotAvailableError: No such user (erased meanwhile).
        """
        user = await self._repository.get_user(user_id)
        if user is None:
            raise NotAvailableError
        return user

    def today(self, user: User) -> date:
        """The user's local date."""
        return user_day(user, self._clock())

    async def goal(
        self, user_id: int, goal_id: int, statuses: Sequence[GoalStatus] = NOT_DRAFT
    ) -> Goal:
        """One of the user's goals, in one of ``statuses``.

        Raises:
            NotAvailableError: Not one of the user's goals, or in another status.
        """
        goal = await self._repository.get_goal(user_id, goal_id)
        if goal is None or goal.status not in statuses:
            raise NotAvailableError
        return goal

    async def milestone_card(self, user: User, milestone_id: int) -> MilestoneCard:
        """One of the user's milestones, with its goal.

        Raises:
            NotAvailableError: Not one of the user's milestones.
        """
        milestone = await self._repository.get_milestone(user.user_id, milestone_id)
        if milestone is None:
            raise NotAvailableError
        goal = await self.goal(user.user_id, milestone.goal_id)
        return MilestoneCard(goal, milestone, self.today(user))

    async def user_and_milestone(
        self, user_id: int, milestone_id: int
    ) -> tuple[User, MilestoneCard]:
        """The user who asked and one of their milestones, with its goal.

        Raises:
            NotAvailableError: No such user, or not one of the user's milestones.
        """
        user = await self.user(user_id)
        return user, await self.milestone_card(user, milestone_id)

    async def goal_for_question(self, user: User, goal_id: int | None) -> Goal:
        """The goal an open question is about; closes the question if the goal is gone."""
        try:
            if goal_id is None:
                raise NotAvailableError
            return await self.goal(user.user_id, goal_id)
        except NotAvailableError:
            await self.ask(user, None)
            raise

    async def milestone_for_question(self, user: User, milestone_id: int | None) -> MilestoneCard:
        """The milestone an open question is about; closes the question if it is gone."""
        try:
            if milestone_id is None:
                raise NotAvailableError
            return await self.milestone_card(user, milestone_id)
        except NotAvailableError:
            await self.ask(user, None)
            raise

    async def ask(self, user: User, state: Asked | None) -> None:
        """Put the user on a question (``None``: on none); no write when already there."""
        # Read afresh rather than trust ``user``: an earlier step may have moved the question.
        fresh = await self._repository.get_user(user.user_id) or user
        await self._questions.move(user.user_id, state, now_on=fresh.dialog)
