"""/comeback: scale a lapsed habit down to its minimum, and the buttons to step back up."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.coach.models import User
from bot.context import BotContext
from bot.handlers.common import send, settle_choice
from bot.handlers.questions import Asking
from bot.services.comeback import ComebackOffer, Grown, MvaRejected, RampMoved
from bot.services.habit_results import RefusalReason, Refused
from bot.services.questions import Asked, Question
from bot.views import comeback as views
from bot.views import win_callbacks as cb
from bot.views import wins as win_views
from bot.views.reply import Reply

Outcome = ComebackOffer | RampMoved | Grown | MvaRejected
GONE = Refused(RefusalReason.GOAL_GONE)


async def _comeback(update: Update, context: BotContext) -> None:
    user = context.user
    views_today = await context.services.comeback.lapsed_first(user) if user.is_onboarded else []
    if not views_today:
        await send(update, win_views.no_goals(context.t))
    elif len(views_today) == 1:
        goal_id = views_today[0].goal.goal_id
        try:
            reply = _render(context, await context.services.comeback.offer(user, goal_id))
        except Refused as refused:
            reply = win_views.refused(context.t, refused)
        await send(update, reply)
    else:
        await send(update, views.pick_goal(context.t, views_today))


async def _on_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    user = context.user
    action = cb.parse(query.data)
    if not isinstance(action, cb.Comeback) or not user.is_onboarded:
        await query.answer(win_views.refusal_toast(context.t, GONE))
        return
    service = context.services.comeback
    goal_id = action.goal_id
    outcome: Outcome
    try:
        match action.action:
            case "pick":
                outcome = await service.offer(user, goal_id)
            case "start":
                outcome = await service.start(user, goal_id)
            case "up" | "down" | "hold":
                outcome = await service.move(user, goal_id, action.action)
            case "grow":
                outcome = await service.grow(user, goal_id)
            case _:
                await _decline(update, context, user, action)
                return
    except Refused as refused:
        await query.answer(win_views.refusal_toast(context.t, refused))
        return
    await query.answer()
    await settle_choice(update)
    await send(update, _render(context, outcome))


async def _decline(update: Update, context: BotContext, user: User, action: cb.Comeback) -> None:
    """ "Another minimum" asks for it; "Not now" and "Keep it as is" just close the offer."""
    query = update.callback_query
    if query is None:
        return
    habits = context.services.habits
    try:
        goal = habits.loggable(await habits.get_goal(user, action.goal_id))
    except Refused:
        await query.answer(win_views.refusal_toast(context.t, GONE))
        return
    if action.action == "mine":
        await context.services.questions.ask(
            user.user_id, Question.COMEBACK_MVA.about(goal.goal_id)
        )
        await query.answer()
        await settle_choice(update)
        await send(update, views.ask_mva(context.t))
        return
    await query.answer(
        views.kept_as_is(context.t) if action.action == "keep" else views.not_now(context.t)
    )
    await settle_choice(update)


async def _typed_mva(update: Update, context: BotContext, user: User, state: Asked) -> None:
    message = update.effective_message
    text = message.text if message is not None and message.text else ""
    goal_id = state.subject
    if goal_id is None:
        await context.services.questions.cancel(user.user_id)
        await send(update, win_views.refused(context.t, GONE))
        return
    try:
        outcome = await context.services.comeback.start(user, goal_id, text)
    except Refused as refused:
        await context.services.questions.cancel(user.user_id)
        await send(update, win_views.refused(context.t, refused))
        return
    if not isinstance(outcome, MvaRejected):
        await context.services.questions.cancel(user.user_id)
    await send(update, _render(context, outcome))


def _render(context: BotContext, outcome: Outcome) -> Reply:
    t = context.t
    match outcome:
        case ComebackOffer():
            return views.offer(t, outcome)
        case RampMoved():
            return views.moved(t, outcome)
        case Grown():
            return views.grown(t, outcome)
        case MvaRejected(problem=problem):
            return views.mva_problem(t, problem)


QUESTIONS = (Asking(Question.COMEBACK_MVA, _typed_mva),)


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """/comeback and the stepping buttons."""
    return [
        CommandHandler("comeback", _comeback, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(_on_button, pattern=cb.Comeback.pattern()),
    ]
