"""Small user journeys and look-ups shared by the bot tests (not a test module itself)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.coach.models import User
from bot.context import BotApplication
from fake_telegram import FakeUser, MessageView, Reaction


async def stored_user(bot: BotApplication, user_id: int) -> User:
    """The user as the bot stored them; fails the test if they were never stored."""
    user = await bot.bot_data.services.accounts.get(user_id)
    assert user is not None, f"user {user_id} is not stored"
    return user


async def set_up(user: FakeUser, zone: str = "Berlin", nudge: str = "7:30") -> None:
    """Finish /start: a typed zone, then a nudge-time button."""
    await user.send("/start")
    await user.send(zone)
    done = await user.press(nudge)
    assert "All set" in user.last_message.text, str(done)


async def press_data(user: FakeUser, data: str, *, message: MessageView | None = None) -> Reaction:
    """Press a button with any callback data, as a modified client can."""
    return await user.press_data(data, message=message)


_ENGLISH = re.compile(
    r"\b(?:the|and|you|your|words?|pages?|minutes?|weeks?|days?|today|streak|goals?|done|"
    r"of|for|with|this|that|what|now|next|from|rest|skip|keep|strength|month)\b",
    re.IGNORECASE,
)
_ENGLISH_NUMBER = re.compile(r"\d,\d{3}(?!\d)")
"""40,000: the English thousands separator (the others write 40 000 or 40.000)."""
_SAME_EVERYWHERE = re.compile(r"/\w+|Small Wins|https?://\S+")
"""Commands, the bot's name and links are the same in every language."""


def english_leaks(messages: Iterable[MessageView]) -> list[str]:
    """English words and English-formatted numbers in what a non-English user read.

    Texts, captions and button labels are read; commands, links and the bot's name are not
    words of any language.
    """
    found = []
    for message in messages:
        for text in (message.text, *(label for row in message.buttons for label in row)):
            plain = _SAME_EVERYWHERE.sub(" ", text)
            for match in (*_ENGLISH.finditer(plain), *_ENGLISH_NUMBER.finditer(plain)):
                found.append(f"{match.group(0)!r} in {text!r}")
    return found
