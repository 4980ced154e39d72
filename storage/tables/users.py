"""Users in SQL: first contact, settings, status, the open question and "last seen"."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime

from bot.coach.models import (
    User,
    UserProfile,
    UserStatus,
)
from storage.base import NotFoundError
from storage.columns import ts
from storage.tables.many import in_list
from storage.tables.rows import (
    day_text,
    insert_sql,
    set_sql,
    user_of,
    user_settings,
)
from storage.tables.section import Section

_TOUCH_CHUNK = 500
"""Users per statement when "last seen" times are flushed (two parameters each)."""


class UserTables(Section):
    """The user section of the Repository contract (mixed into ``SqlRepository``)."""

    async def upsert_user(self, profile: UserProfile, now: datetime) -> tuple[User, bool]:
        """Create the user on first contact, or refresh their Telegram profile.

        Refreshes chat id, first name and language code, sets ``last_seen_at`` to ``now``, and
        turns a BLOCKED user back to ACTIVE. Never touches settings (the coach's ``language`` is
        set from the profile only on creation), goals or the dialog state.

        Returns:
            The stored user and whether it was created by this call.
        """
        now_text = ts(now)
        async with self._write() as conn:
            await self._lock_user(conn, profile.user_id)
            row = await self._user_row(conn, profile.user_id)
            created = False
            if row is None:
                fresh = User(
                    user_id=profile.user_id,
                    chat_id=profile.chat_id,
                    first_name=profile.first_name,
                    language_code=profile.language_code,
                    language=profile.language,
                    created_at=now,
                    updated_at=now,
                    last_seen_at=now,
                )
                cols = {
                    "user_id": fresh.user_id,
                    **user_settings(fresh),
                    "status": fresh.status.value,
                    "last_seen_at": now_text,
                    "created_at": now_text,
                }
                # Two first messages at once on PostgreSQL: the second insert finds the key
                # taken (the row lock above had nothing to lock yet) and refreshes instead.
                created = (
                    await conn.one(
                        insert_sql("users", cols)
                        + " ON CONFLICT (user_id) DO NOTHING RETURNING user_id",
                        tuple(cols.values()),
                    )
                    is not None
                )
                if not created:
                    await self._lock_user(conn, profile.user_id)
                    row = await self._user_row(conn, profile.user_id)
            if row is not None:
                old = user_of(row)
                status = UserStatus.ACTIVE if old.status is UserStatus.BLOCKED else old.status
                changed = (old.chat_id, old.first_name, old.language_code, old.status) != (
                    profile.chat_id,
                    profile.first_name,
                    profile.language_code,
                    status,
                )
                await conn.run(
                    "UPDATE users SET chat_id = ?, first_name = ?, language_code = ?, status = ?,"
                    " last_seen_at = ?, updated_at = ? WHERE user_id = ?",
                    (
                        profile.chat_id,
                        profile.first_name,
                        profile.language_code,
                        status.value,
                        now_text,
                        now_text if changed else row["updated_at"],
                        profile.user_id,
                    ),
                )
            stored = await self._user_row(conn, profile.user_id)
        assert stored is not None
        return user_of(stored), created

    async def get_user(self, user_id: int) -> User | None:
        """Return the user, or ``None`` if they never wrote to the bot (or were deleted)."""
        async with self._read_one() as conn:
            row = await self._user_row(conn, user_id)
        return None if row is None else user_of(row)

    async def get_users(self, user_ids: Collection[int]) -> list[User]:
        """The users among ``user_ids`` who exist, in one read, in no particular order."""
        ids = sorted(set(user_ids))
        if not ids:
            return []
        where, params = in_list("user_id", ids)
        async with self._read_one() as conn:
            rows = await conn.rows(f"SELECT * FROM users WHERE {where}", params)
        return [user_of(row) for row in rows]

    async def save_user(self, user: User) -> User:
        """Store the user's settings and dialog state (every field but the scheduling ones).

        ``status``, ``next_due_at``, ``created_at`` and ``last_seen_at`` are left as stored;
        ``updated_at`` is taken from the given user.

        Returns:
            The user as now stored.

        Raises:
            NotFoundError: The user does not exist.
        """
        cols = user_settings(user)
        # The scheduler's own column: written only by set_fresh_start_prompted, so a settings
        # change made meanwhile can never undo it.
        del cols["fresh_start_prompted_on"]
        async with self._write() as conn:
            changed = await conn.run(
                f"UPDATE users SET {set_sql(cols)} WHERE user_id = ?",
                (*cols.values(), user.user_id),
            )
            if not changed:
                raise NotFoundError(f"user {user.user_id} does not exist")
            row = await self._user_row(conn, user.user_id)
        assert row is not None
        return user_of(row)

    async def set_user_status(self, user_id: int, status: UserStatus, now: datetime) -> None:
        """Mark a user active, blocked or deleted. Unknown users are ignored."""
        value = UserStatus(status).value
        async with self._write() as conn:
            await conn.run(
                "UPDATE users SET status = ?, updated_at = ? WHERE user_id = ? AND status <> ?",
                (value, ts(now), user_id, value),
            )

    async def lock_user(self, user_id: int) -> None:
        """Hold the user's row until the unit of work ends (see the contract)."""
        async with self._write() as conn:
            await self._lock_user(conn, user_id)

    async def set_dialog(self, user_id: int, dialog: str | None, now: datetime) -> None:
        """Put the user on a question, or off every question (see the contract)."""
        async with self._write() as conn:
            await conn.run(
                "UPDATE users SET dialog = ?, updated_at = ? WHERE user_id = ?",
                (dialog, ts(now), user_id),
            )

    async def touch_users(self, seen: Mapping[int, datetime]) -> None:
        """Record when users were last seen, many at once (see the contract)."""
        if not seen:
            return
        # In user order, like every batch over users: two batches never lock rows crosswise.
        # One statement per chunk, not one per user: a flush after a busy half minute holds
        # thousands of users, and on PostgreSQL each statement is a round trip.
        users = sorted(seen)
        async with self._write() as conn:
            for first in range(0, len(users), _TOUCH_CHUNK):
                chunk = users[first : first + _TOUCH_CHUNK]
                rows = ", ".join("(CAST(? AS BIGINT), ?)" for _ in chunk)
                await conn.run(
                    f"WITH seen (user_id, at) AS (VALUES {rows})"
                    " UPDATE users SET last_seen_at = seen.at FROM seen"
                    " WHERE users.user_id = seen.user_id"
                    " AND (users.last_seen_at IS NULL OR users.last_seen_at < seen.at)",
                    [value for user in chunk for value in (user, ts(seen[user]))],
                )

    async def set_fresh_start_prompted(self, user_id: int, day: date) -> None:
        """Remember the landmark the user was last prompted on (see the contract)."""
        async with self._write() as conn:
            await conn.run(
                "UPDATE users SET fresh_start_prompted_on = ? WHERE user_id = ?",
                (day_text(day), user_id),
            )

    async def delete_user(self, user_id: int) -> None:
        """Erase the user and everything they own. Unknown users are ignored."""
        # Goals, milestones, steps, entries and deliveries go by ON DELETE CASCADE.
        async with self._write() as conn:
            await conn.run("DELETE FROM users WHERE user_id = ?", (user_id,))
