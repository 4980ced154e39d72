"""A plan's checkpoints (rule 11): a plan month's review, the next 12 weeks' invitation, the
re-plan offer of the weekly review and the answers to its buttons."""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.coach.breakdown import round_level
from bot.coach.models import Goal
from bot.coach.progress.pace import Replan
from bot.services.scheduled_messages import CycleInvite, MonthReview
from bot.views import coaching_callbacks as cb
from bot.views import plan_callbacks as plan_cb
from bot.views.i18n import Translator
from bot.views.nudges.common import done_of_target, percent
from bot.views.reply import Reply, clip, esc


def month_review(t: Translator, review: MonthReview) -> Reply:
    """A plan month has ended: its numbers, and the month ahead to keep or adjust (rule 11)."""
    view, month, ladder = review.view, review.month, review.ladder
    goal, today = view.goal, view.day
    days = ladder.month_days
    lines = [
        t(
            "🗓 <b>Plan month {number} of {goal} is done</b> ({first} – {last})",
            number=t.number(month.number),
            goal=esc(clip(goal.vision, 48)),
            first=t.day(month.first, today),
            last=t.day(month.last, today),
        ),
    ]
    # Days of a break keep the chain but were not the user's to keep: they are told apart.
    kept, planned = days.wins + days.skips, days.elapsed - days.paused
    numbers = t("✅ {kept} of {elapsed} days kept", kept=t.number(kept), elapsed=t.number(planned))
    if days.paused:
        numbers += " · " + t.plural("⏸️ {n} day on a break", "⏸️ {n} days on a break", days.paused)
    amount = ladder.month
    if amount is not None:
        shown = done_of_target(t, amount.done.quantity, amount.target)
        numbers += f" · {shown} ({percent(t, amount.percent)})"
    lines.append(numbers + " · " + t("best run {days}", days=t.number(view.summary.best)))
    if amount is not None and amount.fraction >= 1:
        lines.append(t("The month's target, met: four weeks of small wins, added up. 🏆"))
    elif amount is not None and amount.fraction >= 0.75:
        lines.append(t("Most of the way there — a strong month."))
    else:
        lines.append(
            t(
                "A month with gaps is still a month of work: {days} days of it count.",
                days=t.number(kept),
            )
        )
    sizes = view.target.sizes
    ahead = [t("<b>{action}</b> a day", action=esc(view.target.text))] if view.target.text else []
    if sizes.weekly is not None:
        ahead.append(t("{amount} a week", amount=esc(t.measure(sizes.weekly))))
    if sizes.monthly is not None:
        ahead.append(t("{amount} this plan month", amount=esc(t.measure(sizes.monthly))))
    lines.append(
        "\n"
        + t(
            "Plan month {number} starts now (week {week}): {levels}. A good moment to adjust — "
            "keep the plan, or change it?",
            number=t.number(month.number + 1),
            week=t.number(month.number * 4 + 1),
            levels=", ".join(ahead),
        )
    )
    rows = [
        [
            InlineKeyboardButton(
                t("👍 Keep the plan"), callback_data=cb.KeepPlan(goal.goal_id).pack()
            ),
            InlineKeyboardButton(
                t("✏️ Adjust the plan"), callback_data=plan_cb.Show(goal.goal_id).pack()
            ),
        ]
    ]
    return Reply("\n".join(lines), InlineKeyboardMarkup(rows))


def cycle_invite(t: Translator, invite: CycleInvite) -> Reply:
    """The 12-week date is a week away: invite the next cycle (rule 11)."""
    view, goal = invite.view, invite.view.goal
    today = view.day
    lines = [
        t(
            "🏁 <b>The last week of your 12 weeks</b> for <b>{goal}</b>: the date is {day}.",
            goal=esc(clip(goal.vision, 48)),
            day=t.day(invite.due, today),
        )
    ]
    outcome = invite.ladder.outcome if invite.ladder is not None else None
    rows = []
    if outcome is not None and goal.outcome_measure is not None:
        lines.append(
            t(
                "So far: {amount} ({percent}).",
                amount=done_of_target(t, outcome.done.quantity, outcome.target),
                percent=percent(t, outcome.percent),
            )
        )
        lines.append(
            t(
                "The next 12 weeks can follow straight on — another {amount}, the same small "
                "daily step. Plan them now?",
                amount=esc(t.measure(goal.outcome_measure)),
            )
        )
        rows.append(
            [
                InlineKeyboardButton(
                    t("🗺 Next 12 weeks: another {amount}", amount=t.measure(goal.outcome_measure)),
                    callback_data=cb.NextCycle(goal.goal_id).pack(),
                )
            ]
        )
    else:
        lines.append(t("The next 12 weeks can follow straight on. Plan them now?"))
    rows.append(
        [
            InlineKeyboardButton(
                t("✏️ Plan them my way"), callback_data=plan_cb.Show(goal.goal_id).pack()
            )
        ]
    )
    return Reply("\n".join(lines), InlineKeyboardMarkup(rows))


def _about(t: Translator, amount: float, unit: str) -> str:
    """An amount a day, read the way a level reads ("about 310 words")."""
    return esc(t.measure(round_level(amount, unit))) if amount > 0 else t("nothing")


def replan_line(t: Translator, replan: Replan, today: date) -> str:
    """The outcome will be missed at this pace: said once, kindly, with the numbers."""
    values = {
        "outcome": esc(t.measure(replan.outcome)),
        "due": t.day(replan.due, today),
        "pace": _about(t, replan.per_day, replan.outcome.unit),
    }
    if replan.finish is not None:
        text = t(
            "📐 At your pace, about {pace} a day, {outcome} comes on {finish} rather than {due}.",
            finish=t.day(replan.finish, today),
            **values,
        )
    else:
        text = t(
            "📐 At your pace, about {pace} a day, {outcome} is more than {due} allows.", **values
        )
    reachable = esc(t.measure(replan.reachable)) if replan.reachable is not None else ""
    if replan.finish is not None and replan.reachable is not None:
        text += " " + t(
            "Plans are for adjusting — move the date or aim for {reachable} by {due}?",
            reachable=reachable,
            due=values["due"],
        )
    elif replan.finish is not None:
        text += " " + t("Plans are for adjusting — move the date?")
    elif replan.reachable is not None:
        text += " " + t(
            "Plans are for adjusting — aim for {reachable} by {due}?",
            reachable=reachable,
            due=values["due"],
        )
    if replan.needed_per_day is not None:
        text += " " + t(
            "Keeping it asks about {needed} a day from here.",
            needed=_about(t, replan.needed_per_day, replan.outcome.unit),
        )
    return text


def replan_rows(
    t: Translator, goal_id: int, replan: Replan, today: date
) -> list[list[InlineKeyboardButton]]:
    """The re-plan offer's buttons: move the date, aim for what is reachable, keep the plan."""
    choices = []
    if replan.finish is not None:
        label = t("📅 Move to {day}", day=t.day(replan.finish, today))
        choices.append(
            InlineKeyboardButton(label, callback_data=cb.ReplanDate(goal_id, replan.finish).pack())
        )
    if replan.reachable is not None:
        label = t("🎯 Aim for {amount}", amount=t.measure(replan.reachable))
        data = cb.ReplanSize(goal_id, replan.reachable.quantity).pack()
        choices.append(InlineKeyboardButton(label, callback_data=data))
    keep = InlineKeyboardButton(t("Keep the plan"), callback_data=cb.KeepPlan(goal_id).pack())
    return [choices, [keep]]


def _due(t: Translator, goal: Goal, today: date) -> str:
    return t.day(goal.outcome_due, today) if goal.outcome_due else t("the 12-week date")


def replanned(t: Translator, goal: Goal, before: Goal, today: date) -> Reply:
    """After a re-plan: the new outcome or date, and the levels that follow from today."""
    values = {
        "goal": esc(clip(goal.vision, 48)),
        "outcome": esc(goal.outcome or ""),
        "due": _due(t, goal, today),
    }
    grew = (
        goal.outcome_measure is not None
        and before.outcome_measure is not None
        and goal.outcome_measure.quantity > before.outcome_measure.quantity
    )
    if grew and goal.outcome_due != before.outcome_due:
        head = t("🗺 The next 12 weeks for <b>{goal}</b>: {outcome} by {due}.", **values)
    elif goal.outcome_measure != before.outcome_measure and goal.outcome_measure is not None:
        head = t("🎯 New outcome for <b>{goal}</b>: {outcome}, by {due}.", **values)
    else:
        head = t("📅 New date for <b>{goal}</b>: {outcome} by <b>{due}</b>.", **values)
    levels = []
    if goal.daily:
        levels.append(t("<b>{action}</b> a day", action=esc(goal.daily)))
    if goal.weekly_measure is not None:
        levels.append(t("{amount} a week", amount=esc(t.measure(goal.weekly_measure))))
    if goal.monthly_measure is not None:
        levels.append(t("{amount} a plan month", amount=esc(t.measure(goal.monthly_measure))))
    if levels:
        head += " " + t("From today: {levels}.", levels=", ".join(levels))
    return Reply(head + " " + t("A plan that fits is one you keep. 🌱"))


def plan_kept(t: Translator, goal: Goal, today: date) -> Reply:
    """The user keeps the outcome and its date."""
    return Reply(
        t(
            "👍 The plan stays: {outcome} by {due}. Every day, even the minimum, counts toward it.",
            outcome=esc(goal.outcome or ""),
            due=_due(t, goal, today),
        )
    )


def replan_gone(t: Translator) -> str:
    """A re-plan button that no longer fits (a toast: no HTML)."""
    return t("That plan has changed since — /progress shows where it stands.")
