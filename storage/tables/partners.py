"""Accountability partners in SQL: invites, partnerships and what partners may hear."""

from __future__ import annotations

from datetime import datetime

from bot.coach.models import PartnerInvite, PartnerSharing, Partnership, UserStatus
from storage.base import NotFoundError, StorageError
from storage.columns import parse_ts, parse_ts_required, ts
from storage.engine import Row, Tx
from storage.tables.section import Section

_PARTNERSHIPS = (
    "SELECT p.partnership_id, p.user_id, p.partner_id, p.created_at,"
    " u.first_name AS user_name, f.first_name AS partner_name, f.status AS partner_status"
    " FROM partnerships p"
    " JOIN users u ON u.user_id = p.user_id"
    " JOIN users f ON f.user_id = p.partner_id"
)
_INVITES = (
    "SELECT i.*, u.first_name AS inviter_name FROM partner_invites i"
    " JOIN users u ON u.user_id = i.user_id"
)
_SWITCHES = ("weekly_digest", "goal_names", "restarts", "milestones")


def _invite(row: Row) -> PartnerInvite:
    return PartnerInvite(
        invite_id=row["invite_id"],
        user_id=row["user_id"],
        code=row["code"],
        created_at=parse_ts_required(row["created_at"]),
        expires_at=parse_ts_required(row["expires_at"]),
        revoked_at=parse_ts(row["revoked_at"]),
        used_at=parse_ts(row["used_at"]),
        used_by=row["used_by"],
        inviter_name=row["inviter_name"],
    )


def _partnership(row: Row) -> Partnership:
    return Partnership(
        partnership_id=row["partnership_id"],
        user_id=row["user_id"],
        partner_id=row["partner_id"],
        created_at=parse_ts_required(row["created_at"]),
        user_name=row["user_name"],
        partner_name=row["partner_name"],
        partner_status=UserStatus(row["partner_status"]),
    )


class PartnerTables(Section):
    """The partner section of the Repository contract (mixed into ``SqlRepository``)."""

    # --- invites ---------------------------------------------------------------------------------

    async def create_invite(
        self, user_id: int, code: str, now: datetime, expires_at: datetime
    ) -> PartnerInvite:
        """Issue an invite code, withdrawing the user's other open invites (see the contract)."""
        now_text = ts(now)
        async with self._write() as conn:
            if await conn.one("SELECT 1 FROM users WHERE user_id = ?", (user_id,)) is None:
                raise NotFoundError(f"user {user_id} does not exist")
            await self._revoke(conn, user_id, now_text)
            inserted = await conn.one(
                "INSERT INTO partner_invites (user_id, code, created_at, expires_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (code) DO NOTHING RETURNING invite_id",
                (user_id, code, now_text, ts(expires_at)),
            )
            if inserted is None:
                raise StorageError("that invite code is taken")
            row = await conn.one(_INVITES + " WHERE i.invite_id = ?", (inserted["invite_id"],))
        assert row is not None
        return _invite(row)

    async def get_invite(self, code: str) -> PartnerInvite | None:
        """The invite with this code, whoever issued it (see the contract)."""
        async with self._read() as conn:
            row = await conn.one(_INVITES + " WHERE i.code = ?", (code,))
        return None if row is None else _invite(row)

    async def open_invite(self, user_id: int, now: datetime) -> PartnerInvite | None:
        """The user's newest invite that still works at ``now``."""
        async with self._read() as conn:
            row = await conn.one(
                _INVITES + " WHERE i.user_id = ? AND i.used_at IS NULL AND i.revoked_at IS NULL"
                " AND i.expires_at > ? ORDER BY i.invite_id DESC LIMIT 1",
                (user_id, ts(now)),
            )
        return None if row is None else _invite(row)

    async def list_invites(self, user_id: int) -> list[PartnerInvite]:
        """Every invite the user issued, oldest first."""
        async with self._read() as conn:
            rows = await conn.rows(
                _INVITES + " WHERE i.user_id = ? ORDER BY i.invite_id", (user_id,)
            )
        return [_invite(row) for row in rows]

    async def revoke_invites(self, user_id: int, now: datetime) -> int:
        """Withdraw the user's invites that still work; returns how many."""
        async with self._write() as conn:
            return await self._revoke(conn, user_id, ts(now))

    @staticmethod
    async def _revoke(conn: Tx, user_id: int, now_text: str) -> int:
        return await conn.run(
            "UPDATE partner_invites SET revoked_at = ? WHERE user_id = ? AND used_at IS NULL"
            " AND revoked_at IS NULL AND expires_at > ?",
            (now_text, user_id, now_text),
        )

    # --- partnerships ----------------------------------------------------------------------------

    async def add_partnership(
        self, invite_id: int, partner_id: int, now: datetime
    ) -> Partnership | None:
        """Spend an invite on a partner and make the partnership, as one step (see the contract)."""
        now_text = ts(now)
        async with self._write() as conn:
            invite = await conn.one(
                "SELECT user_id FROM partner_invites WHERE invite_id = ? AND used_at IS NULL"
                " AND revoked_at IS NULL AND expires_at > ?",
                (invite_id, now_text),
            )
            if invite is None or invite["user_id"] == partner_id:
                return None
            user_id = invite["user_id"]
            if await conn.one(
                "SELECT 1 FROM partnerships WHERE user_id = ? AND partner_id = ?",
                (user_id, partner_id),
            ):
                return None
            # The conditional update is the single use: of two accepts at once, one changes it.
            spent = await conn.run(
                "UPDATE partner_invites SET used_at = ?, used_by = ? WHERE invite_id = ?"
                " AND used_at IS NULL AND revoked_at IS NULL",
                (now_text, partner_id, invite_id),
            )
            if not spent:
                return None
            inserted = await conn.one(
                "INSERT INTO partnerships (user_id, partner_id, created_at) VALUES (?, ?, ?)"
                " RETURNING partnership_id",
                (user_id, partner_id, now_text),
            )
            assert inserted is not None
            row = await conn.one(
                _PARTNERSHIPS + " WHERE p.partnership_id = ?", (inserted["partnership_id"],)
            )
        assert row is not None
        return _partnership(row)

    async def list_partners(self, user_id: int) -> list[Partnership]:
        """The people supporting ``user_id``, in the order they joined."""
        async with self._read() as conn:
            rows = await conn.rows(
                _PARTNERSHIPS + " WHERE p.user_id = ? ORDER BY p.partnership_id", (user_id,)
            )
        return [_partnership(row) for row in rows]

    async def list_supported(self, partner_id: int) -> list[Partnership]:
        """The people ``partner_id`` supports, in the order they joined."""
        async with self._read() as conn:
            rows = await conn.rows(
                _PARTNERSHIPS + " WHERE p.partner_id = ? ORDER BY p.partnership_id", (partner_id,)
            )
        return [_partnership(row) for row in rows]

    async def get_partnership(self, partnership_id: int, person_id: int) -> Partnership | None:
        """The partnership if ``person_id`` is one of its two sides, else ``None``."""
        async with self._read() as conn:
            row = await conn.one(
                _PARTNERSHIPS
                + " WHERE p.partnership_id = ? AND (p.user_id = ? OR p.partner_id = ?)",
                (partnership_id, person_id, person_id),
            )
        return None if row is None else _partnership(row)

    async def find_partnership(self, user_id: int, partner_id: int) -> Partnership | None:
        """The partnership in which ``partner_id`` supports ``user_id``, if there is one."""
        async with self._read() as conn:
            row = await conn.one(
                _PARTNERSHIPS + " WHERE p.user_id = ? AND p.partner_id = ?", (user_id, partner_id)
            )
        return None if row is None else _partnership(row)

    async def delete_partnership(self, partnership_id: int, person_id: int) -> bool:
        """End a partnership ``person_id`` is a side of; False when there is none."""
        async with self._write() as conn:
            deleted = await conn.run(
                "DELETE FROM partnerships WHERE partnership_id = ?"
                " AND (user_id = ? OR partner_id = ?)",
                (partnership_id, person_id, person_id),
            )
        return deleted > 0

    # --- what partners hear ----------------------------------------------------------------------

    async def get_sharing(self, user_id: int) -> PartnerSharing:
        """The user's switches (the defaults until they change one)."""
        async with self._read() as conn:
            row = await conn.one("SELECT * FROM partner_sharing WHERE user_id = ?", (user_id,))
        if row is None:
            return PartnerSharing()
        return PartnerSharing(**{name: bool(row[name]) for name in _SWITCHES})

    async def save_sharing(
        self, user_id: int, sharing: PartnerSharing, now: datetime
    ) -> PartnerSharing:
        """Store the user's switches (see the contract)."""
        values = tuple(int(getattr(sharing, name)) for name in _SWITCHES)
        updates = ", ".join(f"{name} = excluded.{name}" for name in _SWITCHES)
        async with self._write() as conn:
            if await conn.one("SELECT 1 FROM users WHERE user_id = ?", (user_id,)) is None:
                raise NotFoundError(f"user {user_id} does not exist")
            await conn.run(
                f"INSERT INTO partner_sharing (user_id, {', '.join(_SWITCHES)}, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
                f" {updates}, updated_at = excluded.updated_at",
                (user_id, *values, ts(now)),
            )
        return sharing
