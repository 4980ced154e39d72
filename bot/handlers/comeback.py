"""/comeback: scale a lapsed habit down to its minimum, and the buttons to step back up."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.coach.models import User
from bot.context import BotContext
from bot.handlers.common import send, settle_choice
from bot.handlers.router import Step
from bot.services.comeback import ComebackOffer, Grown, MvaRejected, RampMoved
from bot.services.dialogs import Dialog, DialogState
from bot.services.habits import Refused
from bot.views import comeback as views
from bot.views import win_callbacks as cb
from bot.views import wins as win_views
from bot.views.reply import Reply

Outcome = ComebackOffer | RampMoved | Grown | MvaRejected | Refused


async def _comeback(update: Update, context: BotContext) -> None:
    user = context.user
    views_today = await context.services.comeback.lapsed_first(user) if user.is_onboarded else []
    if not views_today:
        await send(update, win_views.no_goals(context.t))
    elif len(views_today) == 1:
        goal_id = views_today[0].goal.goal_id
        await send(update, _render(context, await context.services.comeback.offer(user, goal_id)))
    else:
        await send(update, views.pick_goal(context.t, views_today))


async def _on_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    user = context.user
    action = cb.parse(query.data)
    if not isinstance(action, cb.Comeback) or not user.is_onboarded:
        await query.answer(win_views.refusal_toast(context.t, Refused("goal_gone")))
        return
    service = context.services.comeback
    goal_id = action.goal_id
    outcome: Outcome
    if action.action == "pick":
        outcome = await service.offer(user, goal_id)
    elif action.action == "start":
        outcome = await service.start(user, goal_id)
    elif action.action in ("up", "down", "hold"):
        outcome = await service.move(user, goal_id, action.action)
    elif action.action == "grow":
        outcome = await service.grow(user, goal_id)
    else:
        await _decline(update, context, user, action)
        return
    if isinstance(outcome, Refused):
        await query.answer(win_views.refusal_toast(context.t, outcome))
        return
    await query.answer()
    await settle_choice(update)
    await send(update, _render(context, outcome))


async def _decline(update: Update, context: BotContext, user: User, action: cb.Comeback) -> None:
    """ "Another minimum" asks for it; "Not now" and "Keep it as is" just close the offer."""
    query = update.callback_query
    if query is None:
        return
    goal = await context.services.habits.get_goal(user, action.goal_id)
    if goal is None or context.services.habits.check_goal(goal) is not None:
        await query.answer(win_views.refusal_toast(context.t, Refused("goal_gone")))
        return
    if action.action == "mine":
        await context.services.accounts.ask(
            user.user_id, DialogState(Dialog.COMEBACK_MVA, goal.goal_id)
        )
        await query.answer()
        await settle_choice(update)
        await send(update, views.ask_mva(context.t))
        return
    await query.answer(
        views.kept_as_is(context.t) if action.action == "keep" else views.not_now(context.t)
    )
    await settle_choice(update)


async def _typed_mva(update: Update, context: BotContext, user: User, state: DialogState) -> None:
    message = update.effective_message
    text = message.text if message is not None and message.text else ""
    goal_id = state.subject
    if goal_id is None:
        await context.services.accounts.cancel(user.user_id)
        await send(update, win_views.refused(context.t, Refused("goal_gone")))
        return
    outcome = await context.services.comeback.start(user, goal_id, text)
    if not isinstance(outcome, MvaRejected):
        await context.services.accounts.cancel(user.user_id)
    await send(update, _render(context, outcome))


def _render(context: BotContext, outcome: Outcome) -> Reply:
    t = context.t
    if isinstance(outcome, ComebackOffer):
        return views.offer(t, outcome)
    if isinstance(outcome, RampMoved):
        return views.moved(t, outcome)
    if isinstance(outcome, Grown):
        return views.grown(t, outcome)
    if isinstance(outcome, MvaRejected):
        return views.mva_problem(t, outcome.problem)
    return win_views.refused(context.t, outcome)


def dialog_routes() -> dict[Dialog, Step]:
    """The typed minimum."""
    return {Dialog.COMEBACK_MVA: _typed_mva}


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """/comeback and the stepping buttons."""
    return [
        CommandHandler("comeback", _comeback, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(_on_button, pattern=r"^cm:"),
    ]
