"""Names of the conversation steps a user can be in, stored on the user row.

Storing the step (instead of keeping it in memory) is what lets a conversation continue after the
bot restarts: the next message is routed by the step saved with the user.
"""

from __future__ import annotations

from enum import StrEnum


class Dialog(StrEnum):
    """A question the bot is waiting for the user to answer."""

    ONBOARDING_TIMEZONE = "onboarding.timezone"
    ONBOARDING_NUDGE = "onboarding.nudge"
    SETTINGS_TIMEZONE = "settings.timezone"
    SETTINGS_NUDGE = "settings.nudge"

    @classmethod
    def parse(cls, value: str | None) -> Dialog | None:
        """The stored step, or ``None`` for idle or a step this version no longer knows."""
        if value is None:
            return None
        try:
            return cls(value)
        except ValueError:
            # A step from an older or newer version is harmless: treat the user as idle.
            return None
