"""/start: welcome, then the set-up questions (time zone, morning nudge)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, filters

from bot.context import BotContext
from bot.handlers.common import send
from bot.services.questions import Question
from bot.views import onboarding, places


async def _start(update: Update, context: BotContext) -> None:
    before = context.user
    user = context.user = await context.services.accounts.resume_setup(before)
    # Someone who wrote "hi" before their first /start was never asked anything: the welcome,
    # which says what the bot is for, is theirs, not a "welcome back".
    never_asked = before.dialog is None and before.timezone is None and before.nudge_time is None
    is_new = context.is_new_user or never_asked
    step = Question.parse(user.dialog)
    if user.timezone is not None and user.nudge_time is not None and step is None:
        await send(
            update,
            onboarding.welcome_back(context.t, user.first_name, user.timezone, user.nudge_time),
        )
        return
    lead = (
        onboarding.welcome_new(context.t, user.first_name)
        if is_new
        else onboarding.welcome_back_unfinished(context.t, user.first_name)
    )
    if step == Question.ONBOARDING_NUDGE:
        await send(update, places.nudge_question(context.t, lead=lead))
    else:
        await send(
            update,
            places.zone_question(
                context.t, lead=lead, suggested=context.services.options.default_timezone
            ),
        )


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """The /start command (private chats; a deep-link payload is ignored for now)."""
    return [CommandHandler("start", _start, filters=filters.ChatType.PRIVATE)]
