"""The answer to a win: what was logged, the chain and the streak, what it adds up to, and a
celebration or a cheer (rule 15); the offers that come with it (step up, grow)."""

from __future__ import annotations

from datetime import timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.coach.celebrations import Period, TargetReached
from bot.coach.figures import CURVE_MILESTONES
from bot.coach.languages import ENGLISH
from bot.coach.models import EntryStatus, Measure
from bot.coach.progress.ladder import LadderProgress
from bot.coach.streaks.days import chain
from bot.services.goal_day import GoalDay
from bot.services.habit_results import Logged
from bot.views import identity as identity_views
from bot.views import win_callbacks as cb
from bot.views.cheers import cheer_line
from bot.views.i18n import Translator
from bot.views.reply import Reply, esc
from bot.views.wins import goal_title, percent, streak_line


def _milestone(t: Translator, days: int) -> str:
    if days == 7:
        return t("🏅 <b>A full week in a row!</b> The first week is the hardest — you did it.")
    if days == 14:
        return t("🏅 <b>Two weeks straight!</b> This is becoming a rhythm.")
    if days == 21:
        return t("🏅 <b>21 days!</b> Three weeks of showing up. Momentum is real now.")
    if days == 30:
        return t("🏆 <b>30 days in a row!</b> A whole month of small wins.")
    if days == 66:
        return t("🌱 <b>66 days!</b> Research says this is about when a habit becomes automatic.")
    if days == 100:
        return t("💯 <b>100 days in a row!</b> Triple digits. Take a moment to feel that.")
    if days == 365:
        return t("🎆 <b>365 days!</b> A full year, every single day. Legendary.")
    return t.plural("🏅 <b>{n} day!</b>", "🏅 <b>{n} days!</b>", days)


def _week_again(t: Translator) -> str:
    """A later 7-day streak: "the first week is the hardest" is only for the first one."""
    return t("🏅 <b>Back to a full week in a row!</b> You know the way now — and you found it.")


LONG_BREAK = 7
"""Quiet days in a row after which the first win back offers the comeback's smaller steps."""


def logged(t: Translator, result: Logged) -> Reply:
    """The reply to a win: the chain, the streak, what it adds up to, a celebration."""
    view = result.view
    goal = view.goal
    lines = [_headline(t, result)]
    if result.unconverted is not None:
        lines.append(_unconverted_line(t, result.unconverted, view))
    lines.append(chain(view.states, view.day))
    lines.append(streak_line(t, view))
    if result.progress is not None:
        ladder = _ladder_line(t, result.progress)
        if ladder:
            lines.append(f"📈 {ladder}")
    if goal.identity and result.status is not EntryStatus.SKIP and view.summary.votes:
        lines.append(
            t(
                "🪪 Vote {votes} for “{identity}”",
                votes=t.number(view.summary.votes),
                identity=esc(identity_views.statement(t, goal.identity)),
            )
        )
    beats = []
    if result.milestone is not None:
        beats.append(_milestone_line(t, result.milestone, view))
    if result.identity_day:
        beats.append(_identity_marked_line(t, view))
    if result.identity_forming:
        beats.append(_belief_forming_line(t, view))
    beats.extend(_reached_line(t, reached) for reached in result.reached)
    if beats:
        lines.append("")
        lines.extend(beats)
    elif result.cheer is not None:
        lines.append(cheer_line(t, result.cheer, view.day, yesterday=not result.is_today))
    if result.back_after >= LONG_BREAK and view.target.ramp is None:
        # Rule 8: after a long break the full size is not asked for straight away.
        lines.append(
            t(
                "👋 Welcome back! If the full size feels big after a break, /comeback scales "
                "it down for a while."
            )
        )
    # The day goes into the button: an Undo pressed tomorrow still undoes this day's entry.
    logged_day = view.day if result.is_today else view.day - timedelta(days=1)
    rows = [
        [InlineKeyboardButton(t("↩️ Undo"), callback_data=cb.Undo(goal.goal_id, logged_day).pack())]
    ]
    if result.milestone in CURVE_MILESTONES:
        # The picture is one tap away rather than sent unasked: the celebration stays the
        # message, and the drawing is only paid for by those who want to look.
        data = cb.Curve(goal.goal_id, result.milestone).pack()
        rows.append([InlineKeyboardButton(t("📈 See it on the 1% curve"), callback_data=data)])
    if result.step_up_ready and view.target.ramp is not None:
        step, steps = view.target.ramp
        lines.append("")
        lines.append(
            t(
                "7 kept days at step {step} of {steps}. Ready to grow it a little?",
                step=t.number(step),
                steps=t.number(steps),
            )
        )
        rows.insert(0, _step_buttons(t, goal.goal_id, can_step_down=step > 1))
    elif result.scale_up_offer is not None:
        lines.append("")
        lines.append(
            t(
                "{days} steady days! Ready for 10–15% more: <b>{amount}</b> a day?",
                days=t.number(view.summary.current),
                amount=esc(t.measure(result.scale_up_offer)),
            )
        )
        rows.insert(
            0,
            [
                InlineKeyboardButton(
                    f"⬆️ {t.measure(result.scale_up_offer)}",
                    callback_data=cb.Comeback("grow", goal.goal_id).pack(),
                ),
                InlineKeyboardButton(
                    t("Keep it as is"), callback_data=cb.Comeback("keep", goal.goal_id).pack()
                ),
            ],
        )
    return Reply("\n".join(lines), InlineKeyboardMarkup(rows))


def _unconverted_line(t: Translator, typed: Measure, view: GoalDay) -> str:
    """A typed amount in a unit that does not convert: the day counts, the number does not."""
    target = view.target.measure
    if target is not None and target.unit:
        return t(
            "{typed} don't add up to {unit}, so I counted the day without the number.",
            typed=esc(t.unit(typed.unit)),
            unit=esc(t.unit(target.unit)),
        )
    return t(
        "{typed} don't add up to this goal's unit, so I counted the day without the number.",
        typed=esc(t.unit(typed.unit)),
    )


def _milestone_line(t: Translator, days: int, view: GoalDay) -> str:
    summary = view.summary
    # Kept days before this run: fewer than 7 means no earlier run can have reached a week.
    first_week = summary.best <= days and summary.kept_days - summary.current < days
    if days == 7 and not first_week:
        return _week_again(t)
    return _milestone(t, days)


def _reached_line(t: Translator, reached: TargetReached) -> str:
    """A level's target reached by this win, with the numbers (once per period)."""
    values = {
        "done": t.quantity(reached.progress.done.quantity),
        "target": esc(t.measure(reached.progress.target)),
    }
    if reached.period is Period.OUTCOME:
        return t(
            "🏁 <b>Your 12-week outcome is reached: {done}/{target}!</b> Every small win "
            "added up to this one. 🎉",
            **values,
        )
    if reached.period is Period.WEEK:
        line = t("🎯 <b>This week's target reached: {done}/{target}!</b>", **values)
    else:
        line = t("🏆 <b>This plan month's target reached: {done}/{target}!</b>", **values)
    left = reached.days_left
    if left == 0 and reached.period is Period.WEEK:
        when = t("On the week's last day — right on time.")
    elif left == 0:
        when = t("On the plan month's last day — right on time.")
    else:
        when = t.plural("With a day to spare.", "With {n} days to spare.", left)
    return f"{line} {when}"


def _belief_forming_line(t: Translator, view: GoalDay) -> str:
    """Rule 6, once between votes 7 and 14: the belief is forming, in the user's own words."""
    votes = t.number(view.summary.votes)
    identity = view.goal.identity
    if identity:
        return t(
            "🌱 {votes} days of proof for “{identity}”. The belief is forming: it's starting "
            "to feel true, not just hoped for.",
            votes=votes,
            identity=esc(identity_views.statement(t, identity)),
        )
    return t(
        "🌱 {votes} days of proof. The belief is forming: this is turning into something you "
        "simply do.",
        votes=votes,
    )


def _identity_marked_line(t: Translator, view: GoalDay) -> str:
    """Rule 6, once on the 66th vote: the habit is part of who the user is."""
    votes = t.number(view.summary.votes)
    identity = view.goal.identity
    if identity and t.language == ENGLISH:
        return t(
            "🪪 <b>{votes} days of proof.</b> Not a hope any more — {identity}. That's who you "
            "are now.",
            votes=votes,
            identity=esc(identity_views.said_to_them(t, identity)),
        )
    if identity:
        # "I am a writer" turned round to "you are a writer" is English grammar: other
        # languages quote the statement.
        return t(
            "🪪 <b>{votes} days of proof</b> for “{identity}”. Not a hope any more: that's who "
            "you are now.",
            votes=votes,
            identity=esc(identity_views.statement(t, identity)),
        )
    return t(
        "🪪 <b>{votes} days of proof.</b> Not something you're trying any more — it's part of "
        "who you are now.",
        votes=votes,
    )


def _step_buttons(
    t: Translator, goal_id: int, *, can_step_down: bool
) -> list[InlineKeyboardButton]:
    buttons = [
        InlineKeyboardButton(t("⬆️ Step up"), callback_data=cb.Comeback("up", goal_id).pack()),
        InlineKeyboardButton(t("Hold"), callback_data=cb.Comeback("hold", goal_id).pack()),
    ]
    if can_step_down:  # at step 1 there is nothing below the minimum: it would only hold
        buttons.append(
            InlineKeyboardButton(
                t("⬇️ Step down"), callback_data=cb.Comeback("down", goal_id).pack()
            )
        )
    return buttons


def _headline(t: Translator, result: Logged) -> str:
    view = result.view
    name = goal_title(view.goal)
    when = "" if result.is_today else f" ({t.day(view.day - timedelta(days=1), view.day)})"
    if result.duplicate:
        return t("Already counted ✓ <b>{goal}</b>{when}", goal=name, when=when)
    if result.status is EntryStatus.MVA:
        return t("🪶 The minimum counts — day kept for <b>{goal}</b>{when}.", goal=name, when=when)
    if result.status is EntryStatus.SKIP:
        return t(
            "😴 Rest day for <b>{goal}</b>{when} — enjoy it, the chain holds.",
            goal=name,
            when=when,
        )
    if result.added is not None:
        return t(
            "✅ <b>{amount}</b> logged for <b>{goal}</b>{when}!",
            amount=esc(t.measure(result.added)),
            goal=name,
            when=when,
        )
    action = esc(view.target.text) if view.target.text else t("today")
    return t(
        "✅ Done: <b>{action}</b> for <b>{goal}</b>{when}!", action=action, goal=name, when=when
    )


def _ladder_line(t: Translator, progress: LadderProgress) -> str:
    parts = [
        t(
            "{kept}/{elapsed} days this week",
            kept=t.number(progress.week_days.kept),
            elapsed=t.number(progress.week_days.elapsed or 1),
        )
    ]
    if progress.week is not None:
        parts.append(
            t(
                "{done}/{target} this week",
                done=t.quantity(progress.week.done.quantity),
                target=esc(t.measure(progress.week.target)),
            )
        )
    if progress.month is not None:
        parts.append(
            t(
                "{done}/{target} in plan month {number}",
                done=t.quantity(progress.month.done.quantity),
                target=esc(t.measure(progress.month.target)),
                number=t.number(progress.month_number),
            )
        )
    if progress.outcome is not None:
        parts.append(
            t(
                "{percent} of the 12-week outcome",
                percent=percent(t, progress.outcome.percent),
            )
        )
    return " · ".join(parts)
