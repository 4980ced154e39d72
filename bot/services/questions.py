"""The questions the bot can wait on, and the one place that opens and closes them.

A conversation is one question open at a time, stored on the user row (``users.dialog``)
rather than in memory: the next message is read as its answer even after the bot restarted or
another instance took the update. The step is written the moment a question opens, moves or
closes, inside the unit of work of the answer that moved it. A question may name its subject,
e.g. the goal being planned: ``"plan.daily:17"``.

This module names every question (:class:`Question`), encodes an open one (:class:`Asked`) and
is the only writer of the step (:class:`Questions`). Where a typed answer goes, what ``/cancel``
says and which questions outlive a command is declared per feature in the handler layer
(``bot/handlers/questions.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from bot.clock import Clock
from bot.coach.models import User
from storage.base import Repository


class Question(StrEnum):
    """Every question the bot can wait on: ``"<feature>.<what>"``, one line each.

    This is the catalogue the stored step is read against; a new question is a line here plus
    a row in its feature's table (``QUESTIONS`` in the feature's handler module).
    """

    ONBOARDING_TIMEZONE = "onboarding.timezone"
    ONBOARDING_NUDGE = "onboarding.nudge"
    SETTINGS_TIMEZONE = "settings.timezone"
    SETTINGS_NUDGE = "settings.nudge"
    SETTINGS_BIRTHDAY = "settings.birthday"

    PLAN_VISION = "plan.vision"
    PLAN_OUTCOME = "plan.outcome"
    PLAN_OUTCOME_CHECK = "plan.outcome_check"
    PLAN_MONTHLY = "plan.monthly"
    PLAN_WEEKLY = "plan.weekly"
    PLAN_DAILY = "plan.daily"
    PLAN_DAILY_CHECK = "plan.daily_check"
    PLAN_MVA = "plan.mva"
    PLAN_IDENTITY = "plan.identity"
    PLAN_START = "plan.start"
    PLAN_DUE = "plan.due"

    GOALS_MILESTONE_TITLE = "goals.milestone_title"
    GOALS_MILESTONE_DATE = "goals.milestone_date"
    GOALS_STEP_TITLE = "goals.step_title"

    COMEBACK_MVA = "comeback.mva"
    FRESH_START_DATE = "freshstart.date"

    PARTNER_NOTE = "partner.note"

    @classmethod
    def parse(cls, value: str | None) -> Question | None:
        """The stored step without its subject; ``None`` for idle or an unknown step."""
        asked = Asked.decode(value)
        return asked.question if asked is not None else None

    def about(self, subject: int) -> Asked:
        """This question about something (a goal, a milestone, a partner's message)."""
        return Asked(self, subject)


@dataclass(frozen=True, slots=True)
class Asked:
    """An open question and, optionally, the id of what it is about (a goal, a milestone)."""

    question: Question
    subject: int | None = None

    def encode(self) -> str:
        """The text stored on the user row."""
        name = self.question.value
        return name if self.subject is None else f"{name}:{self.subject}"

    @classmethod
    def decode(cls, value: str | None) -> Asked | None:
        """Read a stored step; ``None`` for idle, or for a step this version does not know.

        A step from an older or newer version is harmless: the user is simply treated as idle.
        """
        if not value:
            return None
        name, _, subject = value.partition(":")
        try:
            question = Question(name)
        except ValueError:
            return None
        if not subject:
            return cls(question)
        if not subject.isdigit():
            return None
        return cls(question, int(subject))

    @classmethod
    def of(cls, user: User) -> Asked | None:
        """The question ``user`` is on, as loaded (``None``: none, or one this version lacks)."""
        return cls.decode(user.dialog)


class Questions:
    """Opens, moves and closes the question a user is on: the only writer of the stored step.

    Each call is one targeted write of ``users.dialog``; called inside a service's unit of work
    it commits (or rolls back) with the answer that moved the question.
    """

    def __init__(self, repository: Repository, clock: Clock) -> None:
        """Write steps through ``repository``, stamped by ``clock``."""
        self._repository = repository
        self._clock = clock

    async def ask(self, user_id: int, asked: Question | Asked) -> None:
        """Open a question (replacing any open one), e.g. from a button that asks to type."""
        state = asked if isinstance(asked, Asked) else Asked(asked)
        await self._repository.set_dialog(user_id, state.encode(), self._clock())

    async def close(self, user_id: int) -> None:
        """Close whatever question is open: the next message is read afresh."""
        await self._repository.set_dialog(user_id, None, self._clock())

    async def move(self, user_id: int, asked: Asked | None, *, now_on: str | None) -> None:
        """Put the user on ``asked`` (``None``: on none), writing only if ``now_on`` differs.

        Args:
            user_id: Whose question moves.
            asked: The question to be on next, or ``None``.
            now_on: The stored step as last read (``User.dialog``).
        """
        step = None if asked is None else asked.encode()
        if step != now_on:
            await self._repository.set_dialog(user_id, step, self._clock())

    async def drop(self, user: User) -> tuple[User, Question | None]:
        """Drop the question the user is on, as loaded for this update (nothing is re-read).

        Args:
            user: The user loaded at the start of the update; no step has moved the question
                since (use :meth:`cancel` after one may have).

        Returns:
            The user without a question, and the question dropped (``None``: none was open).
        """
        if user.dialog is None:
            return user, None
        await self.close(user.user_id)
        return replace(user, dialog=None), Question.parse(user.dialog)

    async def cancel(self, user_id: int) -> Question | None:
        """Drop the question the user is on, read afresh. Returns the question dropped."""
        # Read afresh: a step earlier in this update may have opened or closed a question.
        user = await self._repository.get_user(user_id)
        if user is None or user.dialog is None:
            return None
        await self.close(user_id)
        return Question.parse(user.dialog)


__all__ = ["Asked", "Question", "Questions"]
