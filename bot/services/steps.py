"""Use cases of a milestone's steps: add one, tick it off or reopen it, delete it."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.services.goal_access import (
    GoalAccess,
    ListFullError,
    ListKind,
    MilestoneCard,
    NotAvailableError,
    TextRejected,
    TitleRejected,
    clean_title,
)
from bot.services.questions import Asked, Question
from bot.services.unit_of_work import unit_of_work
from storage.base import NotFoundError, Repository

MAX_STEPS = 15
"""Most steps one milestone holds: more means it wants splitting into two milestones."""


@dataclass(frozen=True, slots=True)
class StepToggled:
    """A step ticked or reopened."""

    card: MilestoneCard
    done: bool
    all_steps_done: bool


@dataclass(frozen=True, slots=True)
class StepAdded:
    """A typed step was saved; the question is closed."""

    card: MilestoneCard


StepAnswer = StepAdded | TitleRejected[MilestoneCard]


class StepService:
    """The /goals use cases on a milestone's steps: add, tick or reopen, delete."""

    def __init__(self, repository: Repository, clock: Clock) -> None:
        """Create the service.

        Args:
            repository: Where milestones and their steps are stored.
            clock: The injected clock (aware UTC).
        """
        self._repository = repository
        self._clock = clock
        self._access = GoalAccess(repository, clock)

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
        user, card = await self._access.user_and_milestone(user_id, milestone_id)
        if len(card.milestone.steps) >= MAX_STEPS:
            raise ListFullError(ListKind.STEPS, MAX_STEPS)
        await self._access.ask(user, Asked(Question.GOALS_STEP_TITLE, milestone_id))
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
        user = await self._access.user(user_id)
        card = await self._access.milestone_for_question(user, milestone_id)
        title = clean_title(text)
        if isinstance(title, TextRejected):
            return TitleRejected(title, card)
        await self._access.ask(user, None)
        if len(card.milestone.steps) >= MAX_STEPS:
            raise ListFullError(ListKind.STEPS, MAX_STEPS)
        try:
            await self._repository.add_step(user_id, card.milestone.milestone_id, title)
        except NotFoundError as error:
            raise NotAvailableError from error
        return StepAdded(await self._access.milestone_card(user, card.milestone.milestone_id))

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
        user, card = await self._access.user_and_milestone(user_id, milestone_id)
        step = next((s for s in card.milestone.steps if s.step_id == step_id), None)
        if step is None:
            raise NotAvailableError
        done_at = self._clock() if step.done_at is None else None
        try:
            await self._repository.set_step_done(user_id, step_id, done_at)
        except NotFoundError as error:
            raise NotAvailableError from error
        card = await self._access.milestone_card(user, milestone_id)
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
        user, card = await self._access.user_and_milestone(user_id, milestone_id)
        if all(s.step_id != step_id for s in card.milestone.steps):
            raise NotAvailableError
        try:
            await self._repository.delete_step(user_id, step_id)
        except NotFoundError as error:
            raise NotAvailableError from error
        return await self._access.milestone_card(user, milestone_id)
