"""Accountability partners: invites, partnerships and what partners hear."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.coach.models import (
    PartnerInvite,
    PartnerSharing,
    Partnership,
)


class PartnerStore(Protocol):
    """Accountability partners: invites, partnerships and what partners hear."""

    # A partnership has two sides, the user supported and the partner: either one may read or
    # end it, nobody else. An invite is found by its code alone: the code is the secret.

    async def create_invite(
        self, user_id: int, code: str, now: datetime, expires_at: datetime
    ) -> PartnerInvite:
        """Issue an invite code for the user, withdrawing their other open invites.

        One open invite per user, so that two friends can never both get under the partner
        limit with two links.

        Raises:
            NotFoundError: The user does not exist.
            StorageError: The code is taken (nothing changed).
        """
        ...

    async def get_invite(self, code: str) -> PartnerInvite | None:
        """The invite with this code, used, revoked and expired ones included."""
        ...

    async def open_invite(self, user_id: int, now: datetime) -> PartnerInvite | None:
        """The user's newest invite that still works at ``now`` (not used, revoked or expired)."""
        ...

    async def list_invites(self, user_id: int) -> list[PartnerInvite]:
        """Every invite the user issued, oldest first."""
        ...

    async def revoke_invites(self, user_id: int, now: datetime) -> int:
        """Withdraw the user's invites that still work (``revoked_at`` = ``now``).

        Returns:
            How many were withdrawn.
        """
        ...

    async def add_partnership(
        self, invite_id: int, partner_id: int, now: datetime
    ) -> Partnership | None:
        """Spend an invite on ``partner_id``: mark it used and make its user's partnership.

        One atomic step, so a code is accepted once however many press at once.

        Returns:
            The partnership, or ``None`` with nothing changed: the invite is used, revoked or
            expired at ``now``, is the partner's own, or the two already are partners.
        """
        ...

    async def list_partners(self, user_id: int) -> list[Partnership]:
        """The people supporting ``user_id``, in the order they joined."""
        ...

    async def list_supported(self, partner_id: int) -> list[Partnership]:
        """The people ``partner_id`` supports, in the order they joined."""
        ...

    async def get_partnership(self, partnership_id: int, person_id: int) -> Partnership | None:
        """The partnership if ``person_id`` is one of its two sides, else ``None``."""
        ...

    async def find_partnership(self, user_id: int, partner_id: int) -> Partnership | None:
        """The partnership in which ``partner_id`` supports ``user_id``, if there is one."""
        ...

    async def delete_partnership(self, partnership_id: int, person_id: int) -> bool:
        """End a partnership that ``person_id`` is a side of.

        Returns:
            False when there is no such partnership of theirs (nothing changed).
        """
        ...

    async def get_sharing(self, user_id: int) -> PartnerSharing:
        """What the user's partners may hear (the defaults until the user changes a switch)."""
        ...

    async def save_sharing(
        self, user_id: int, sharing: PartnerSharing, now: datetime
    ) -> PartnerSharing:
        """Store what the user's partners may hear.

        Raises:
            NotFoundError: The user does not exist.
        """
        ...
