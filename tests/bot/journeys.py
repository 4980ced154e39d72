"""Small user journeys and look-ups shared by the bot tests (not a test module itself)."""

from __future__ import annotations

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
