"""/week (the weekly review on demand) and the buttons on messages the bot sent by itself."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.charts.week import render_week
from bot.coach.landmarks import upcoming_landmarks
from bot.coach.models import User
from bot.coach.plan_ladder import AnswerProblem
from bot.coach.planning import read_date
from bot.coach.progress.periods import review_week
from bot.context import BotContext
from bot.handlers.common import send, settle_choice
from bot.handlers.questions import Asking
from bot.services.habit_results import RefusalReason, Refused
from bot.services.planning import GoalMissing, WeekBegun
from bot.services.questions import Asked, Question
from bot.services.replan import ReplanRefused
from bot.services.scheduled_messages import Skip
from bot.services.weekly_review import NotStartedYet
from bot.views import coaching_callbacks as cb
from bot.views import plan as plan_views
from bot.views import week_card
from bot.views import wins as win_views
from bot.views.callback_data import parse_among
from bot.views.nudges import fresh_start as fresh_start_views
from bot.views.nudges import replan as replan_views
from bot.views.nudges import review as review_views
from bot.views.reply import with_picture


async def _week(update: Update, context: BotContext) -> None:
    user = context.user
    review = await context.services.deliveries.review_now(user)
    if isinstance(review, Skip):
        await send(update, review_views.no_review(context.t))
        return
    if isinstance(review, NotStartedYet):
        await send(update, review_views.not_started_yet(context.t, review))
        return
    replies = review_views.review(context.t, review)
    if replies:
        # The week as a card to look at (and forward), with the review as its caption.
        figure, words = week_card.card(context.t, review)
        picture = await asyncio.to_thread(render_week, figure, words)
        replies = [*with_picture(replies[0], picture), *replies[1:]]
    for reply in replies:
        await send(update, reply)


async def _accept_weekly(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    user = context.user
    action = cb.AcceptWeekly.parse(query.data)
    planning = context.services.planning
    try:
        if action is None:
            raise GoalMissing(None)
        goal = await planning.set_weekly(user, action.goal_id, action.quantity, action.week_of)
    except GoalMissing:
        await query.answer(plan_views.gone(context.t))
        return
    except WeekBegun:
        await query.answer(review_views.week_begun(context.t))
        await settle_choice(update)
        return
    await query.answer()
    await settle_choice(update)
    today = planning.today(user)
    _, week_end = review_week(today, user.review_weekday)
    starts = week_end + timedelta(days=1)
    await send(
        update, review_views.weekly_set(context.t, goal.vision, goal.weekly or "", starts, today)
    )


async def _replan(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    user = context.user
    service = context.services.replan
    try:
        match parse_among(query.data, cb.REPLANS):
            case cb.NextCycle(goal_id=goal_id):
                done = await service.next_cycle(user, goal_id)
            case cb.ReplanDate(goal_id=goal_id, day=day):
                done = await service.move_date(user, goal_id, day)
            case cb.ReplanSize(goal_id=goal_id, quantity=quantity):
                done = await service.resize(user, goal_id, quantity)
            case cb.KeepPlan(goal_id=goal_id):
                habits = context.services.habits
                goal = await habits.get_goal(user, goal_id)
                if goal is None or habits.check_goal(goal) is not None:
                    raise ReplanRefused(goal_id)
                await query.answer()
                await settle_choice(update)
                await send(update, replan_views.plan_kept(context.t, goal, habits.day(user)))
                return
            case _:
                raise ReplanRefused(None)
    except ReplanRefused:
        await query.answer(replan_views.replan_gone(context.t))
        return
    await query.answer()
    await settle_choice(update)
    await send(update, replan_views.replanned(context.t, done.goal, done.before, done.today))


async def _freshstart(update: Update, context: BotContext) -> None:
    user = context.user
    if not user.is_onboarded:
        await send(update, plan_views.not_set_up(context.t))
        return
    today = context.services.habits.day(user)
    await context.services.questions.ask(user.user_id, Question.FRESH_START_DATE)
    landmarks = upcoming_landmarks(today, user.birthday)[:4]
    await send(update, fresh_start_views.fresh_start_choices(context.t, landmarks, today))


async def _pick_fresh_start(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    user = context.user
    today = context.services.habits.day(user) if user.is_onboarded else None
    picked = cb.PickFreshStart.parse(query.data)
    day = picked.day if picked is not None else None
    if today is None or day is None or day <= today or (day - today).days > MAX_AHEAD_DAYS:
        await query.answer(plan_views.gone(context.t))
        return
    await query.answer()
    await settle_choice(update)
    await context.services.accounts.set_fresh_start(user.user_id, day)
    await send(update, fresh_start_views.fresh_start_set(context.t, day, today))


async def _typed_fresh_start(update: Update, context: BotContext, user: User, state: Asked) -> None:
    message = update.effective_message
    today = context.services.habits.day(user)
    day = read_date(message.text if message and message.text else "", today)
    if isinstance(day, AnswerProblem) or day <= today:
        reason = plan_views.date_problem(context.t, day if isinstance(day, AnswerProblem) else None)
        await send(update, fresh_start_views.fresh_start_problem(context.t, reason))
        return
    await context.services.accounts.set_fresh_start(user.user_id, day)
    await send(update, fresh_start_views.fresh_start_set(context.t, day, today))


async def _commit(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    user = context.user
    commit = cb.CommitTo.parse(query.data)
    try:
        if commit is None or not user.is_onboarded:
            raise Refused(RefusalReason.GOAL_GONE)
        goal, target = await context.services.habits.commit_fresh_start(user, commit.goal_id)
    except Refused as refused:
        await query.answer(win_views.refusal_toast(context.t, refused))
        return
    await query.answer()
    await send(update, fresh_start_views.committed(context.t, goal, target))


MAX_AHEAD_DAYS = 3650
"""A fresh start at most ten years ahead (button data is the client's)."""


QUESTIONS = (Asking(Question.FRESH_START_DATE, _typed_fresh_start),)


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """/week, /freshstart and their buttons."""
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("week", _week, filters=private),
        CommandHandler("freshstart", _freshstart, filters=private),
        CallbackQueryHandler(_accept_weekly, pattern=cb.AcceptWeekly.pattern()),
        CallbackQueryHandler(_replan, pattern=cb.REPLAN_PATTERN),
        CallbackQueryHandler(_pick_fresh_start, pattern=cb.PickFreshStart.pattern()),
        CallbackQueryHandler(_commit, pattern=cb.CommitTo.pattern()),
    ]
