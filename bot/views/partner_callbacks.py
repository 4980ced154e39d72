"""Callback data of the partner's buttons: built and parsed here.

Grammar (at most 64 bytes, never trusted: the service checks that what it names belongs to
whoever pressed):

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

from bot.coach.partners import Reaction, Switch, looks_like_invite
from bot.views.ids import parse_id

PATTERN = r"^pt:"

_SWITCHES = {
    "d": Switch.WEEKLY_DIGEST,
    "g": Switch.GOAL_NAMES,
    "r": Switch.RESTARTS,
    "m": Switch.MILESTONES,
}
_SWITCH_CODES = {switch: code for code, switch in _SWITCHES.items()}
_REACTIONS = {"1": Reaction.CLAP, "2": Reaction.FIRE, "3": Reaction.STRONG}
_REACTION_CODES = {reaction: code for code, reaction in _REACTIONS.items()}

ACCEPT, DECLINE, SWITCH, NEW_LINK, REVOKE = "a", "d", "s", "n", "v"
REMOVE, REMOVE_CONFIRMED, LEAVE, LEAVE_CONFIRMED, KEEP = "x", "X", "l", "L", "k"
CHEER, NOTE = "c", "w"


@dataclass(frozen=True, slots=True)
class PartnerButton:
    """A parsed partner button: its action and what it names."""

    action: str
    code: str | None = None
    switch: Switch | None = None
    number: int | None = None  # a partnership or a delivery
    reaction: Reaction | None = None


def accept(code: str) -> str:
    """Accept an invite."""
    return f"pt:{ACCEPT}:{code}"


def decline(code: str) -> str:
    """Decline an invite."""
    return f"pt:{DECLINE}:{code}"


def switch(which: Switch) -> str:
    """Turn a switch."""
    return f"pt:{SWITCH}:{_SWITCH_CODES[which]}"


def new_link() -> str:
    """Make a new invite link."""
    return f"pt:{NEW_LINK}"


def revoke() -> str:
    """Revoke the invite link."""
    return f"pt:{REVOKE}"


def remove(partnership_id: int, *, confirmed: bool = False) -> str:
    """Remove a partner (ask, or confirmed)."""
    return f"pt:{REMOVE_CONFIRMED if confirmed else REMOVE}:{partnership_id}"


def leave(partnership_id: int, *, confirmed: bool = False) -> str:
    """Stop supporting someone (ask, or confirmed)."""
    return f"pt:{LEAVE_CONFIRMED if confirmed else LEAVE}:{partnership_id}"


def keep() -> str:
    """Keep it as it is."""
    return f"pt:{KEEP}"


def cheer(delivery_id: int, reaction: Reaction) -> str:
    """Cheer on a partner message."""
    return f"pt:{CHEER}:{delivery_id}:{_REACTION_CODES[reaction]}"


def note(delivery_id: int) -> str:
    """Write a note on a partner message."""
    return f"pt:{NOTE}:{delivery_id}"


def parse(data: str | None) -> PartnerButton | None:
    """``pt:`` data, or ``None`` when malformed."""
    parts = (data or "").split(":")
    if len(parts) < 2 or parts[0] != "pt":
        return None
    action, rest = parts[1], parts[2:]
    if action in (ACCEPT, DECLINE) and len(rest) == 1 and looks_like_invite(rest[0]):
        return PartnerButton(action, code=rest[0])
    if action == SWITCH and len(rest) == 1 and rest[0] in _SWITCHES:
        return PartnerButton(action, switch=_SWITCHES[rest[0]])
    if action in (NEW_LINK, REVOKE, KEEP) and not rest:
        return PartnerButton(action)
    numbered = (REMOVE, REMOVE_CONFIRMED, LEAVE, LEAVE_CONFIRMED, NOTE)
    if action in numbered and len(rest) == 1:
        number = parse_id(rest[0])
        return PartnerButton(action, number=number) if number is not None else None
    if action == CHEER and len(rest) == 2 and rest[1] in _REACTIONS:
        number = parse_id(rest[0])
        if number is not None:
            return PartnerButton(action, number=number, reaction=_REACTIONS[rest[1]])
    return None
