"""The conversation step a user is in, stored on the user row.

Storing the step (instead of keeping it in memory) is what lets a conversation continue after the
bot restarts: the next message is routed by the step saved with the user. A step may name its
subject, e.g. the goal being planned: ``"plan.daily:17"``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Dialog(StrEnum):
    """A question the bot is waiting for the user to answer."""

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
    def parse(cls, value: str | None) -> Dialog | None:
        """The stored step without its subject; ``None`` for idle or an unknown step."""
        state = DialogState.decode(value)
        return state.step if state is not None else None


@dataclass(frozen=True, slots=True)
class DialogState:
    """A step and, optionally, the id of what it is about (a goal, a milestone)."""

    step: Dialog
    subject: int | None = None

    def encode(self) -> str:
        """The text stored on the user row."""
        return self.step.value if self.subject is None else f"{self.step.value}:{self.subject}"

    @classmethod
    def decode(cls, value: str | None) -> DialogState | None:
        """Read a stored step; ``None`` for idle, or for a step this version does not know.

        A step from an older or newer version is harmless: the user is simply treated as idle.
        """
        if not value:
            return None
        name, _, subject = value.partition(":")
        try:
            step = Dialog(name)
        except ValueError:
            return None
        if not subject:
            return cls(step)
        if not subject.isdigit():
            return None
        return cls(step, int(subject))
