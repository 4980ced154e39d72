"""/goals: goals by priority, with their milestones; reorder, pause, archive; milestones, steps.

Buttons edit the message they belong to and are always answered; a button naming something
that is not the pressing user's gets a toast and changes nothing (the service checks).
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.coach.models import User
from bot.context import BotContext
from bot.handlers.common import drop_button_row, edit_or_send, send
from bot.handlers.questions import Asking
from bot.services.container import Services
from bot.services.goal_access import GoalsError, TitleRejected
from bot.services.milestones import DueAnswer, DueSet
from bot.services.questions import Asked, Question
from bot.views import deadlines as deadline_views
from bot.views import errors as error_views
from bot.views import goal_callbacks as cb
from bot.views import goals as goal_views
from bot.views import milestones as milestone_views
from bot.views.goal_callbacks import GoalAction, MilestoneAction, StepAction
from bot.views.i18n import Translator
from bot.views.reply import Reply

Shown = tuple[Reply, str | None]
"""What a button leads to: the view to put in its message, and a toast (or none)."""

A = TypeVar("A")


async def _show(update: Update, context: BotContext) -> None:
    user = context.user
    await send(
        update, goal_views.overview(context.t, await context.services.goals.overview(user.user_id))
    )


async def _on_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    user = context.user
    action = cb.parse(query.data)
    if action is None:
        await query.answer(error_views.stale_button(context.t))
        return
    if isinstance(action, cb.MilestoneButton) and action.action is MilestoneAction.DONE_HERE:
        await _done_here(update, context, action.milestone_id)
        return
    try:
        reply, toast = await _pressed(context.t, action, user.user_id, context.services)
    except GoalsError as error:
        await query.answer(goal_views.refusal_toast(context.t, error))
        return
    await query.answer(toast)
    await edit_or_send(update, reply)


async def _done_here(update: Update, context: BotContext, milestone_id: int) -> None:
    """A milestone ticked from a daily message: its row goes, the word comes as a new message."""
    query = update.callback_query
    if query is None:
        return
    try:
        result = await context.services.milestones.tick(context.user.user_id, milestone_id)
    except GoalsError as error:
        await query.answer(goal_views.refusal_toast(context.t, error))
        return
    reply, toast = milestone_views.ticked_here(context.t, result)
    await query.answer(toast)
    await drop_button_row(update)
    if result.celebrate:
        await send(update, reply)


async def _pressed(
    t: Translator, action: cb.GoalsCallback, user_id: int, services: Services
) -> Shown:
    milestones, steps = services.milestones, services.steps
    match action:
        case cb.ShowArchived():
            return goal_views.archived_list(t, await services.goals.archived(user_id)), None
        case cb.ShowGoals():
            return goal_views.overview(t, await services.goals.overview(user_id)), None
        case cb.GoalButton():
            return await _goal_button(t, action, user_id, services)
        case cb.MilestoneButton():
            return await _milestone_button(t, action, user_id, services)
        case cb.PickDeadline(milestone_id, due):
            return _due_chosen(t, await milestones.choose_due(user_id, milestone_id, due))
        case cb.NewDate(milestone_id, due):
            return _due_chosen(t, await milestones.new_date(user_id, milestone_id, due))
        case cb.StepButton(StepAction.TICK, milestone_id, step_id):
            toggled = await steps.toggle_step(user_id, milestone_id, step_id)
            return milestone_views.step_toggled(t, toggled)
        case cb.StepButton(_, milestone_id, step_id):
            card = await steps.delete_step(user_id, milestone_id, step_id)
            return milestone_views.step_deleted(t, card)


async def _goal_button(
    t: Translator, button: cb.GoalButton, user_id: int, services: Services
) -> Shown:
    goals, milestones = services.goals, services.milestones
    goal_id = button.goal_id
    match button.action:
        case GoalAction.OPEN:
            return goal_views.goal_card(t, await goals.card(user_id, goal_id)), None
        case GoalAction.UP:
            return goal_views.moved(t, await goals.move(user_id, goal_id, -1), up=True)
        case GoalAction.DOWN:
            return goal_views.moved(t, await goals.move(user_id, goal_id, +1), up=False)
        case GoalAction.PAUSE:
            return goal_views.paused(t, await goals.pause(user_id, goal_id))
        case GoalAction.RESUME:
            return goal_views.resumed(t, await goals.resume(user_id, goal_id))
        case GoalAction.ARCHIVE:
            return goal_views.archive_confirm(t, await goals.card(user_id, goal_id)), None
        case GoalAction.ARCHIVE_CONFIRMED:
            return goal_views.archived_done(t, await goals.archive(user_id, goal_id))
        case GoalAction.RESTORE:
            return goal_views.restored(t, await goals.restore(user_id, goal_id))
        case GoalAction.MILESTONES:
            listed = await milestones.milestones(user_id, goal_id)
            return milestone_views.milestone_list(t, listed), None
        case GoalAction.ADD_MILESTONE:
            asked = await milestones.ask_milestone(user_id, goal_id)
            return milestone_views.milestone_question(t, asked), None


async def _milestone_button(
    t: Translator, button: cb.MilestoneButton, user_id: int, services: Services
) -> Shown:
    milestones, steps = services.milestones, services.steps
    milestone_id = button.milestone_id
    match button.action:
        case MilestoneAction.OPEN:
            card = await milestones.milestone(user_id, milestone_id)
            return milestone_views.milestone_card(t, card), None
        case MilestoneAction.TICK:
            return milestone_views.ticked(t, await milestones.tick(user_id, milestone_id))
        case MilestoneAction.REOPEN:
            return milestone_views.reopened(t, await milestones.reopen(user_id, milestone_id))
        case MilestoneAction.MOVE:
            card = await milestones.ask_due(user_id, milestone_id)
            return deadline_views.due_question(t, card.milestone, card.today), None
        case MilestoneAction.DELETE:
            card = await milestones.milestone(user_id, milestone_id)
            return milestone_views.delete_confirm(t, card), None
        case MilestoneAction.DELETE_CONFIRMED:
            left = await milestones.delete_milestone(user_id, milestone_id)
            return milestone_views.milestone_deleted(t, left)
        case MilestoneAction.NO_DEADLINE:
            return _due_chosen(t, await milestones.choose_due(user_id, milestone_id, None))
        case MilestoneAction.ADD_STEP:
            card = await steps.ask_step(user_id, milestone_id)
            return milestone_views.step_question(t, card), None
        case MilestoneAction.DONE_HERE:  # answered by _done_here; here it ticks in place
            return milestone_views.ticked(t, await milestones.tick(user_id, milestone_id))


def _due_chosen(t: Translator, answer: DueAnswer) -> Shown:
    if isinstance(answer, DueSet):
        return deadline_views.due_set(t, answer), deadline_views.due_toast(t, saved=True)
    return deadline_views.due_problem(t, answer, None), deadline_views.due_toast(t, saved=False)


# --- answers to the questions -------------------------------------------------------------------


def _text(update: Update) -> str | None:
    message = update.effective_message
    return message.text if message is not None else None


async def _answered(update: Update, context: BotContext, answering: Awaitable[A]) -> A | None:
    """The service's answer to a typed text, or ``None`` once the refusal is sent (the goal or
    milestone the question was about is gone, or full)."""
    try:
        return await answering
    except GoalsError as error:
        await send(update, goal_views.refusal(context.t, error))
        return None


async def _milestone_title(update: Update, context: BotContext, user: User, state: Asked) -> None:
    milestones = context.services.milestones
    answer = await _answered(
        update,
        context,
        milestones.answer_milestone_title(user.user_id, state.subject, _text(update)),
    )
    if isinstance(answer, TitleRejected):
        await send(update, milestone_views.milestone_title_problem(context.t, answer))
    elif answer is not None:
        await send(update, deadline_views.milestone_added(context.t, answer))


async def _milestone_date(update: Update, context: BotContext, user: User, state: Asked) -> None:
    text = _text(update)
    milestones = context.services.milestones
    answer = await _answered(
        update, context, milestones.answer_due(user.user_id, state.subject, text)
    )
    if isinstance(answer, DueSet):
        await send(update, deadline_views.due_set(context.t, answer))
    elif answer is not None:
        await send(update, deadline_views.due_problem(context.t, answer, text))


async def _step_title(update: Update, context: BotContext, user: User, state: Asked) -> None:
    steps = context.services.steps
    answer = await _answered(
        update, context, steps.answer_step(user.user_id, state.subject, _text(update))
    )
    if isinstance(answer, TitleRejected):
        await send(update, milestone_views.step_title_problem(context.t, answer))
    elif answer is not None:
        await send(update, milestone_views.step_added(context.t, answer))


QUESTIONS = (
    Asking(Question.GOALS_MILESTONE_TITLE, _milestone_title, milestone_views.milestone_cancelled),
    Asking(Question.GOALS_MILESTONE_DATE, _milestone_date, deadline_views.due_cancelled),
    Asking(Question.GOALS_STEP_TITLE, _step_title, milestone_views.step_cancelled),
)


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """The /goals command and its buttons."""
    return [
        CommandHandler("goals", _show, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(_on_button, pattern=cb.PATTERN),
    ]
