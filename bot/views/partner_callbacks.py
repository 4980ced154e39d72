"""Callback data of the partner's buttons, on the typed base (see ``callback_data``).

Never trusted: the service checks that what it names belongs to whoever pressed.

* ``pt:a:<code>`` / ``pt:d:<code>`` — accept / decline the invite with this code;
* ``pt:s:<d|g|r|m>`` — turn a switch: weekly digest, goal names, restarts, milestones;
* ``pt:n`` — a new invite link (the old one stops working); ``pt:v`` — revoke the link;
* ``pt:x:<partnership>`` / ``pt:X:<partnership>`` — remove a partner: ask / confirmed;
* ``pt:l:<partnership>`` / ``pt:L:<partnership>`` — leave (stop supporting): ask / confirmed;
* ``pt:k`` — keep it (back to /partner);
* ``pt:c:<delivery>:<1|2|3>`` — cheer 👏, 🔥 or 💪 on a partner message;
* ``pt:w:<delivery>`` — write a note on a partner message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from bot.coach.partners import (
    INVITE_PREFIX,
    INVITE_TOKEN_LENGTH,
    Reaction,
    Switch,
    looks_like_invite,
)
from bot.views.callback_data import CallbackData, Coded, Text, parse_among, pattern_of

SWITCH_CODES = Coded(
    (
        (Switch.WEEKLY_DIGEST, "d"),
        (Switch.GOAL_NAMES, "g"),
        (Switch.RESTARTS, "r"),
        (Switch.MILESTONES, "m"),
    )
)
REACTION_CODES = Coded(((Reaction.CLAP, "1"), (Reaction.FIRE, "2"), (Reaction.STRONG, "3")))
INVITE_LENGTH = len(INVITE_PREFIX) + INVITE_TOKEN_LENGTH


@dataclass(frozen=True)
class Invite(CallbackData):
    """A button on a friend's invite (the base of accept and decline)."""

    code: Annotated[str, Text(INVITE_LENGTH)]

    def __post_init__(self) -> None:
        """Only what looks like an invite code is one."""
        if not looks_like_invite(self.code):
            raise ValueError("not an invite code")

    @classmethod
    def largest(cls) -> Invite:
        """A code of the usual length (every code has it)."""
        return cls(INVITE_PREFIX + "x" * INVITE_TOKEN_LENGTH)


class AcceptInvite(Invite, prefix="pt:a"):
    """Accept the invite."""


class DeclineInvite(Invite, prefix="pt:d"):
    """Decline the invite."""


@dataclass(frozen=True)
class TurnSwitch(CallbackData, prefix="pt:s"):
    """Turn one of the sharing switches on or off."""

    switch: Annotated[Switch, SWITCH_CODES]


@dataclass(frozen=True)
class NewLink(CallbackData, prefix="pt:n"):
    """Make a new invite link (the old one stops working)."""


@dataclass(frozen=True)
class RevokeLink(CallbackData, prefix="pt:v"):
    """Revoke the invite link."""


@dataclass(frozen=True)
class KeepThem(CallbackData, prefix="pt:k"):
    """Keep it as it is (back to /partner)."""


@dataclass(frozen=True)
class OnPartnership(CallbackData):
    """A button that ends a partnership, or asks to (the base of the four below)."""

    partnership_id: int


class AskRemove(OnPartnership, prefix="pt:x"):
    """Remove a partner: asks to confirm."""


class Remove(OnPartnership, prefix="pt:X"):
    """Remove a partner, confirmed."""


class AskLeave(OnPartnership, prefix="pt:l"):
    """Stop supporting someone: asks to confirm."""


class Leave(OnPartnership, prefix="pt:L"):
    """Stop supporting someone, confirmed."""


@dataclass(frozen=True)
class Cheer(CallbackData, prefix="pt:c"):
    """Cheer on a partner message."""

    delivery_id: int
    reaction: Annotated[Reaction, REACTION_CODES]


@dataclass(frozen=True)
class AskNote(CallbackData, prefix="pt:w"):
    """Write a note on a partner message."""

    delivery_id: int


PartnerButton = (
    AcceptInvite
    | DeclineInvite
    | TurnSwitch
    | NewLink
    | RevokeLink
    | KeepThem
    | AskRemove
    | Remove
    | AskLeave
    | Leave
    | Cheer
    | AskNote
)
BUTTONS = (
    AcceptInvite,
    DeclineInvite,
    TurnSwitch,
    NewLink,
    RevokeLink,
    KeepThem,
    AskRemove,
    Remove,
    AskLeave,
    Leave,
    Cheer,
    AskNote,
)
PATTERN = pattern_of(*BUTTONS)


def parse(data: str | None) -> PartnerButton | None:
    """Any partner button's data; ``None`` when malformed."""
    parsed = parse_among(data, BUTTONS)
    return parsed if isinstance(parsed, PartnerButton) else None
