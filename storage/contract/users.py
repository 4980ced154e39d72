"""The users: first contact, settings, status, the open question and "last seen"."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime
from typing import Protocol

from bot.coach.models import (
    User,
    UserProfile,
    UserStatus,
)


class UserStore(Protocol):
    """The users: first contact, settings, status, the open question and "last seen"."""

    async def upsert_user(self, profile: UserProfile, now: datetime) -> tuple[User, bool]:
        """Create the user on first contact, or refresh their Telegram profile.

        Refreshes chat id, first name and language code, sets ``last_seen_at`` to ``now``, and
        turns a BLOCKED user back to ACTIVE (they wrote to us, so they unblocked the bot). Never
        touches settings (a new user's ``language`` comes from ``profile.language``, later only
        from ``save_user``), goals or the dialog state.

        Returns:
            The stored user and whether it was created by this call.
        """
        ...

    async def get_user(self, user_id: int) -> User | None:
        """Return the user, or ``None`` if they never wrote to the bot (or were deleted)."""
        ...

    async def get_users(self, user_ids: Collection[int]) -> list[User]:
        """The users among ``user_ids`` who exist, in one read, in no particular order."""
        ...

    async def save_user(self, user: User) -> User:
        """Store the user's settings and dialog state (every field but the scheduling ones).

        ``status``, ``next_due_at``, ``fresh_start_prompted_on``, ``created_at`` and
        ``last_seen_at`` are left as stored: they have their own methods so that a settings
        change never clobbers the scheduler's work.
        ``updated_at`` is taken from the given user.

        Returns:
            The user as now stored.

        Raises:
            NotFoundError: The user does not exist.
        """
        ...

    async def set_user_status(self, user_id: int, status: UserStatus, now: datetime) -> None:
        """Mark a user active, blocked or deleted. Unknown users are ignored."""
        ...

    async def lock_user(self, user_id: int) -> None:
        """Inside a unit of work: hold the user until it ends, so that use cases of one user
        that read, decide and write never interleave (on several instances too).

        Costs nothing where the engine already lets one writer in at a time (SQLite).
        """
        ...

    async def set_dialog(self, user_id: int, dialog: str | None, now: datetime) -> None:
        """Put the user on a question (``dialog``) or off every question (``None``).

        A targeted write: nothing else of the row changes but ``updated_at`` (= ``now``), so it
        never undoes a settings change or the scheduler's work. Unknown users are ignored.
        """
        ...

    async def touch_users(self, seen: Mapping[int, datetime]) -> None:
        """Record when users were last seen, many at once (one batch per flush).

        ``last_seen_at`` only moves forward; ``updated_at`` is left alone (being seen is not a
        change of the user). Unknown users are ignored.
        """
        ...

    async def set_fresh_start_prompted(self, user_id: int, day: date) -> None:
        """Remember the landmark the user was last prompted on. Unknown users are ignored.

        A targeted write (like ``set_next_due``): the sender records it without rewriting the
        rest of the row, so it never undoes a settings change made meanwhile.
        """
        ...

    async def delete_user(self, user_id: int) -> None:
        """Erase the user and everything they own. Unknown users are ignored.

        Their partnerships go too, on both sides (whom they supported and who supported them),
        with their invites, their partner switches, and every outbox message about them or from
        them to someone else (``Delivery.about_user_id``).
        """
        ...
