"""Helpers for the partner journeys: the invite link in /partner, and a partnership made the
way people make it (not a test module itself)."""

from __future__ import annotations

import re

from fake_telegram import FakeUser, MessageView, Reaction
from tests.bot.scheduling import Step

LINK = re.compile(r"https://t\.me/SmallWinsTestBot\?start=(p-[A-Za-z0-9_-]{22})")
ACCEPT = "🤝 Yes, I'm in"
DECLINE = "No, thanks"


def after_press(reaction: Reaction) -> str:
    """What a button press showed: the message it edited, else the one it sent."""
    if reaction.edited:
        return reaction.edited[-1].text
    return reaction.text


def invite_code(message: MessageView) -> str:
    """The invite code in /partner's link; fails the test when there is none."""
    found = LINK.search(message.text)
    assert found is not None, f"no invite link in {message.text!r}"
    return found.group(1)


async def partner_up(user: FakeUser, friend: FakeUser, step: Step) -> str:
    """``friend`` accepts ``user``'s invite through the deep link; the confirmation to ``user``
    goes out. Returns the code that was used."""
    shown = await user.send("/partner")
    code = invite_code(shown.reply)
    await friend.send(f"/start {code}")
    accepted = await friend.press(ACCEPT)
    assert "accountability partner" in after_press(accepted), accepted
    await step.run()
    return code
