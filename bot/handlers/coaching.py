"""/week (the weekly review on demand) and the buttons on messages the bot sent by itself."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.context import BotContext
from bot.handlers.common import profile_of, send, settle_choice
from bot.services.deliveries import Skip
from bot.services.planning import GoalMissing
from bot.views import nudges as views
from bot.views import plan as plan_views


async def _week(update: Update, context: BotContext) -> None:
    user, _ = await context.services.accounts.seen(profile_of(update))
    review = await context.services.deliveries.review_now(user)
    if isinstance(review, Skip):
        await send(update, views.no_review())
        return
    for reply in views.review(review):
        await send(update, reply)


async def _accept_weekly(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    user, _ = await context.services.accounts.seen(profile_of(update))
    parts = (query.data or "").split(":")
    try:
        if len(parts) != 3 or not parts[1].isdigit():
            raise GoalMissing(None)
        goal = await context.services.planning.set_weekly(user, int(parts[1]), float(parts[2]))
    except (GoalMissing, ValueError):
        await query.answer(plan_views.gone())
        return
    await query.answer()
    await settle_choice(update)
    await send(update, views.weekly_set(goal.vision, goal.weekly or ""))


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """/week and the weekly review's buttons."""
    return [
        CommandHandler("week", _week, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(_accept_weekly, pattern=r"^rv:"),
    ]
