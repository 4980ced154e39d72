"""Logging wins: /today, /done, the Done / minimum / rest buttons, and typed wins."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.coach.models import EntryStatus, User
from bot.coach.wins import WinKind, WinText, read_win
from bot.context import BotContext
from bot.handlers.common import edit_or_send, send
from bot.handlers.router import Fallback
from bot.services.habits import Ambiguous, Logged, Refused, Undone
from bot.views import plan as plan_views
from bot.views import win_callbacks as cb
from bot.views import wins as views
from bot.views.i18n import Translator
from bot.views.reply import Reply

TextOutcome = Logged | Undone | Refused | Ambiguous


async def _today(update: Update, context: BotContext) -> None:
    user = context.user
    if not user.is_onboarded:
        await send(update, plan_views.not_set_up(context.t))
        return
    goal_days = await context.services.habits.today(user)
    if not goal_days:
        await send(update, views.no_goals(context.t))
        return
    for view in goal_days:
        await send(update, views.goal_today(context.t, view))


async def _done(update: Update, context: BotContext) -> None:
    user = context.user
    habits = context.services.habits
    words = " ".join(context.args or [])
    if words:
        outcome = await habits.log_text(user, words)
        if outcome is not None:
            await send(update, _render(context.t, outcome))
            return
    goal_days = await habits.today(user) if user.is_onboarded else []
    if not goal_days:
        await send(update, views.no_goals(context.t))
    elif len(goal_days) == 1:
        view = goal_days[0]
        outcome = await habits.log(user, view.goal.goal_id, EntryStatus.DONE)
        await send(update, _render(context.t, outcome))
    else:
        await send(update, views.which_goal(context.t, goal_days, EntryStatus.DONE))


async def _on_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    user = context.user
    habits = context.services.habits
    action = cb.parse(query.data)
    outcome: TextOutcome
    if isinstance(action, cb.LogDay):
        outcome = await habits.log(user, action.goal_id, action.status, day=action.day)
    elif isinstance(action, cb.Undo):
        outcome = await habits.undo(user, action.goal_id, day=action.day)
    elif isinstance(action, cb.PickGoal):
        outcome = await habits.apply(user, action.goal_id, action.win, day=action.day)
    else:
        await query.answer(views.refusal_toast(context.t, Refused("goal_gone")))
        return
    if isinstance(outcome, Refused):
        await query.answer(views.refusal_toast(context.t, outcome))
        return
    await query.answer()
    await edit_or_send(update, _render(context.t, outcome))


def _render(t: Translator, outcome: TextOutcome) -> Reply:
    if isinstance(outcome, Logged):
        return views.logged(t, outcome)
    if isinstance(outcome, Undone):
        return views.undone(t, outcome)
    if isinstance(outcome, Ambiguous):
        return views.ambiguous(t, outcome)
    return views.refused(t, outcome)


async def question_still_open(update: Update, context: BotContext, user: User) -> None:
    """A bare "done" (or "undo") while a question is open: the question stays, the way to log
    is said (/done closes the question, like every command)."""
    message = update.effective_message
    read = read_win(message.text or "") if message is not None else None
    undo = isinstance(read, WinText) and read.kind is WinKind.UNDO
    await send(update, views.question_still_open(context.t, undo=undo))


def free_text(otherwise: Fallback) -> Fallback:
    """A plain message while no question is open: a win if it reads like one, else ``otherwise``."""

    async def read(update: Update, context: BotContext, user: User) -> None:
        message = update.effective_message
        text = message.text if message is not None else None
        if not text or not user.is_onboarded:
            await otherwise(update, context, user)
            return
        outcome = await context.services.habits.log_text(user, text)
        if outcome is None:
            await otherwise(update, context, user)
            return
        await send(update, _render(context.t, outcome))

    return read


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """/today, /done and the daily buttons."""
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("today", _today, filters=private),
        CommandHandler("done", _done, filters=private),
        CallbackQueryHandler(_on_button, pattern=r"^(w|wp):"),
    ]
