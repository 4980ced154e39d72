"""Logging wins: /today, /done, the Done / minimum / rest buttons, and typed wins."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.coach.models import EntryStatus, User
from bot.coach.wins import WinKind, WinText, read_win
from bot.context import BotContext
from bot.handlers.common import edit_or_send, send
from bot.handlers.questions import Fallback
from bot.services.habit_results import Ambiguous, Logged, RefusalReason, Refused, Undone
from bot.views import logged as logged_views
from bot.views import plan as plan_views
from bot.views import win_callbacks as cb
from bot.views import wins as views
from bot.views.i18n import Translator
from bot.views.reply import Reply

TextOutcome = Logged | Undone | Ambiguous


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
        try:
            outcome = await habits.log_text(user, words)
        except Refused as refused:
            await send(update, views.refused(context.t, refused))
            return
        if outcome is not None:
            await send(update, _render(context.t, outcome))
            return
    goal_days = await habits.today(user) if user.is_onboarded else []
    if not goal_days:
        await send(update, views.no_goals(context.t))
    elif len(goal_days) == 1:
        view = goal_days[0]
        try:
            reply = _render(context.t, await habits.log(user, view.goal.goal_id, EntryStatus.DONE))
        except Refused as refused:
            reply = views.refused(context.t, refused)
        await send(update, reply)
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
    try:
        match action:
            case cb.LogDay(goal_id=goal_id, status=status, day=day):
                outcome = await habits.log(user, goal_id, status, day=day)
            case cb.Undo(goal_id=goal_id, day=day):
                outcome = await habits.undo(user, goal_id, day=day)
            case cb.PickGoal(goal_id=goal_id, win=win, day=day):
                outcome = await habits.apply(user, goal_id, win, day=day)
            case _:
                raise Refused(RefusalReason.GOAL_GONE)  # forged or from another version
    except Refused as refused:
        await query.answer(views.refusal_toast(context.t, refused))
        return
    await query.answer()
    await edit_or_send(update, _render(context.t, outcome))


def _render(t: Translator, outcome: TextOutcome) -> Reply:
    match outcome:
        case Logged():
            return logged_views.logged(t, outcome)
        case Undone():
            return views.undone(t, outcome)
        case Ambiguous():
            return views.ambiguous(t, outcome)


async def _undo(update: Update, context: BotContext) -> None:
    """/undo (or /undo and a goal's name): as typing "undo" does."""
    user = context.user
    if not user.is_onboarded:
        await send(update, plan_views.not_set_up(context.t))
        return
    words = " ".join(context.args or [])
    try:
        # English is always read, whatever the user's language.
        outcome = await context.services.habits.log_text(user, f"undo {words}".strip())
        if outcome is None:  # a name that matches none of the goals
            raise Refused(RefusalReason.NOTHING_TO_UNDO)
    except Refused as refused:
        await send(update, views.refused(context.t, refused))
        return
    await send(update, _render(context.t, outcome))


async def question_still_open(update: Update, context: BotContext, user: User) -> None:
    """A bare "done" (or "undo") while a question is open: the question stays, the way to log
    is said (/done closes the question, like every command)."""
    message = update.effective_message
    read = read_win(message.text or "", user.reads) if message is not None else None
    undo = isinstance(read, WinText) and read.kind is WinKind.UNDO
    # Before the first goal (the first /plan under way) /done has nothing to log yet.
    has_goal = user.is_onboarded and bool(await context.services.habits.active_goals(user))
    await send(update, views.question_still_open(context.t, undo=undo, has_goal=has_goal))


def free_text(otherwise: Fallback) -> Fallback:
    """A plain message while no question is open: a win if it reads like one, else ``otherwise``."""

    async def read(update: Update, context: BotContext, user: User) -> None:
        message = update.effective_message
        text = message.text if message is not None else None
        if not text or not user.is_onboarded:
            await otherwise(update, context, user)
            return
        try:
            outcome = await context.services.habits.log_text(user, text)
        except Refused as refused:
            await send(update, views.refused(context.t, refused))
            return
        if outcome is None:
            await otherwise(update, context, user)
            return
        await send(update, _render(context.t, outcome))

    return read


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """/today, /done, /undo and the daily buttons."""
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("today", _today, filters=private),
        CommandHandler("done", _done, filters=private),
        CommandHandler("undo", _undo, filters=private),
        CallbackQueryHandler(_on_button, pattern=r"^(w|wp):"),
    ]
