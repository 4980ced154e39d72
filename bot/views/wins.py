"""Texts and buttons of the daily loop: /today, logging a win, undo, refusals."""

from __future__ import annotations

from datetime import date, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.coach.celebrations import Period, TargetReached
from bot.coach.cheers import Cheer, CheerKind
from bot.coach.deadlines import DeadlineMoment
from bot.coach.figures import CURVE_MILESTONES
from bot.coach.languages import ENGLISH
from bot.coach.models import EntryStatus, Goal, Measure
from bot.coach.progress.ladder import LadderProgress
from bot.coach.streaks import DayState, chain
from bot.services.goal_day import GoalDay
from bot.services.habit_results import Ambiguous, Logged, RefusalReason, Refused, Undone
from bot.views import goal_callbacks as goal_cb
from bot.views import identity as identity_views
from bot.views import win_callbacks as cb
from bot.views.goal_callbacks import MilestoneAction
from bot.views.i18n import Translator
from bot.views.minimum import minimum as shown_minimum
from bot.views.reply import Reply, clip, esc


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


def _refusal(t: Translator, reason: str) -> str:
    texts = {
        "no_goals": t(
            "You don't have an active goal yet — /plan sets one up in a couple of minutes."
        ),
        "goal_gone": t("That goal isn't available any more — /today shows your current ones."),
        "goal_paused": t("That goal is paused. Resume it in /goals whenever you're ready."),
        "too_late": t(
            "That day is closed now (yesterday stays open until midday). "
            "Today's a fresh one — /today."
        ),
        "skip_limit": t(
            "You've had your rest day this week. How about the minimum instead? "
            "It keeps the chain and takes two minutes."
        ),
        "nothing_to_undo": t("Nothing logged today yet, so nothing to undo."),
        "not_ramping": t("This habit is at its full size already — nothing to step."),
        "not_measurable": t(
            "This daily action has no number to grow — edit it in /goals if you like."
        ),
        "negative": t("Negative amounts don't count — how much did you do?"),
        "zero": t("Zero is a rest, not a win — if you did some, tell me how much."),
        "too_large": t("That's more than one day can hold — mind checking the number?"),
        "not_a_number": t(
            "That number doesn't look right — try something like <i>wrote 400 words</i>."
        ),
        "vague_amount": t(
            "Love the energy! How much, roughly? e.g. <i>wrote 400 words</i> — or just "
            "say <i>done</i>."
        ),
        "too_long": t(
            "That's a long message — for a win, <i>done</i> or <i>wrote 400 words</i> is plenty."
        ),
    }
    return texts.get(reason, t("I couldn't log that one — /today has the buttons."))


def _name(goal: Goal) -> str:
    return esc(clip(goal.vision, 48))


def _target_text(t: Translator, view: GoalDay) -> str:
    text = esc(view.target.text) if view.target.text else t("your daily action")
    ramp = view.target.ramp
    if not ramp:
        return text
    return t(
        "{action} (step {step} of {steps})",
        action=text,
        step=t.number(ramp[0]),
        steps=t.number(ramp[1]),
    )


def _percent(t: Translator, value: float) -> str:
    return t("{value}%", value=t.number(round(value)))


def _streak_line(t: Translator, view: GoalDay) -> str:
    summary = view.summary
    return t(
        "🔥 Streak {streak} · best {best} · strength {strength}",
        streak=t.number(summary.current),
        best=t.number(summary.best),
        strength=_percent(t, summary.strength * 100),
    )


def day_buttons(t: Translator, view: GoalDay) -> InlineKeyboardMarkup:
    """Done / minimum / rest for today, or Undo once the day is kept."""
    goal_id = view.goal.goal_id
    if view.record is not None:
        return InlineKeyboardMarkup(
            [[InlineKeyboardButton(t("↩️ Undo"), callback_data=cb.Undo(goal_id, view.day).pack())]]
        )
    rows = [
        [
            InlineKeyboardButton(
                t("✅ Done"), callback_data=cb.LogDay(EntryStatus.DONE, goal_id, view.day).pack()
            )
        ],
        [
            InlineKeyboardButton(
                t("🪶 Did the minimum"),
                callback_data=cb.LogDay(EntryStatus.MVA, goal_id, view.day).pack(),
            ),
            InlineKeyboardButton(
                t("😴 Rest day"),
                callback_data=cb.LogDay(EntryStatus.SKIP, goal_id, view.day).pack(),
            ),
        ],
    ]
    return InlineKeyboardMarkup(rows)


def _state_line(t: Translator, state: DayState) -> str:
    if state is DayState.DONE:
        return t("✅ Done today")
    if state is DayState.PARTIAL:
        return t("🟧 Part done today — every bit counts")
    if state is DayState.MVA:
        return t("🪶 Minimum done today — day kept")
    if state is DayState.SKIP:
        return t("😴 Rest day today — the chain holds")
    if state is DayState.PAUSED:
        return t("⏸️ Paused")
    if state is DayState.MISSED:
        return t("Not kept today")
    if state is DayState.PENDING:
        return t("Not logged yet today")
    return ""


def deadline_lines(
    t: Translator,
    view: GoalDay,
    moments: frozenset[DeadlineMoment] = frozenset(DeadlineMoment),
) -> list[str]:
    """The goal's milestones due tomorrow, today or past their date (rule 12), kindly."""
    lines = []
    for deadline in view.deadlines:
        if deadline.moment not in moments:
            continue
        title = esc(clip(deadline.milestone.title, 80))
        if deadline.moment is DeadlineMoment.EVE:
            lines.append(t("🏁 Tomorrow: <b>{title}</b> is due.", title=title))
        elif deadline.moment is DeadlineMoment.DAY:
            lines.append(t("🏁 Due today: <b>{title}</b> — one push and it's done.", title=title))
        else:
            lines.append(
                t(
                    "📌 <b>{title}</b> was due {day} — still worth doing, or give it a new date "
                    "in /goals.",
                    title=title,
                    day=t.day(deadline.due, view.day),
                )
            )
    return lines


def deadline_rows(
    t: Translator,
    view: GoalDay,
    moments: frozenset[DeadlineMoment] = frozenset(DeadlineMoment),
) -> list[list[InlineKeyboardButton]]:
    """One-tap "done" rows for the milestones :func:`deadline_lines` speaks of."""
    return [
        [
            InlineKeyboardButton(
                t("🏁 {title} — done", title=clip(deadline.milestone.title, 32)),
                callback_data=goal_cb.MilestoneButton(
                    MilestoneAction.DONE_HERE, deadline.milestone.milestone_id
                ).pack(),
            )
        ]
        for deadline in view.deadlines
        if deadline.moment in moments
    ]


def with_rows(
    keyboard: InlineKeyboardMarkup, rows: list[list[InlineKeyboardButton]]
) -> InlineKeyboardMarkup:
    """A keyboard with more rows under it."""
    return InlineKeyboardMarkup([*[list(row) for row in keyboard.inline_keyboard], *rows])


def goal_today(t: Translator, view: GoalDay) -> Reply:
    """One goal in /today: today's action, its state, the chain and the buttons."""
    goal = view.goal
    if not view.started and goal.start_date is not None:
        return Reply(
            f"<b>{_name(goal)}</b>\n"
            + t(
                "Starts {day} — then: {action}. Enjoy the run-up!",
                day=t.day(goal.start_date, view.day),
                action=esc(goal.daily or ""),
            )
        )
    lines = [f"<b>{_name(goal)}</b>", t("Today: {action}", action=_target_text(t, view))]
    if goal.mva and goal.mva != view.target.text:
        hard_day = esc(shown_minimum(t, goal.mva))
        lines.append(t("Hard day? The minimum counts: {minimum}", minimum=hard_day))
    lines.append(_state_line(t, view.state))
    lines.append(chain(view.states, view.day))
    lines.append(_streak_line(t, view))
    level = view.target.level
    restarted_today = level is not None and level.effective_from >= view.day
    if view.summary.missed_in_a_row >= 2 and view.record is None and not restarted_today:
        lines.append(t("A couple of quiet days — /comeback makes restarting tiny."))
    elif view.summary.missed_in_a_row == 1 and view.record is None:
        lines.append(t("Yesterday slipped — an accident, not a pattern. Today's a good day."))
    lines.extend(deadline_lines(t, view))
    keyboard = with_rows(day_buttons(t, view), deadline_rows(t, view))
    return Reply("\n".join(line for line in lines if line), keyboard)


def no_goals(t: Translator) -> Reply:
    """/today or /done without an active goal."""
    return Reply(_refusal(t, "no_goals"))


def which_goal(t: Translator, views: list[GoalDay], status: EntryStatus) -> Reply:
    """/done with several goals: which one?"""
    rows = [
        [
            InlineKeyboardButton(
                f"{'✅' if v.record else '▫️'} {clip(v.goal.vision, 40)}",
                callback_data=cb.LogDay(status, v.goal.goal_id, v.day).pack(),
            )
        ]
        for v in views
    ]
    return Reply(t("Nice! Which goal was it for?"), InlineKeyboardMarkup(rows))


def ambiguous(t: Translator, result: Ambiguous) -> Reply:
    """A typed win that fits several goals."""
    rows = [
        [
            InlineKeyboardButton(
                clip(goal.vision, 40),
                callback_data=cb.PickGoal.of(goal.goal_id, result.win, result.day).pack(),
            )
        ]
        for goal in result.goals
    ]
    return Reply(t("Nice! Which goal was that for?"), InlineKeyboardMarkup(rows))


def refused(t: Translator, result: Refused) -> Reply:
    """Why nothing was logged, kindly."""
    if (
        result.reason is RefusalReason.NOT_STARTED
        and result.goal is not None
        and result.day is not None
    ):
        return Reply(
            t(
                "<b>{goal}</b> starts {day} — save the energy for day one!",
                goal=_name(result.goal),
                day=t.day(result.day, result.day),
            )
        )
    return Reply(_refusal(t, result.reason))


def question_still_open(t: Translator, *, undo: bool) -> Reply:
    """A bare "done" (or "undo") typed while a question is open: it stays open."""
    if undo:
        return Reply(
            t(
                "The question above is still open — answer it, or /cancel it, and then send "
                "<i>undo</i> again."
            )
        )
    return Reply(
        t(
            "Sounds like a win! 🎉 The question above is still open, though: answer it, or "
            "send /done to log the win (that closes the question)."
        )
    )


def refusal_toast(t: Translator, result: Refused) -> str:
    """The same, short enough for a button's toast (no HTML)."""
    toasts = {
        "goal_gone": t("That goal isn't available any more."),
        "goal_paused": t("That goal is paused — resume it in /goals."),
        "too_late": t("That day is closed now — today's a fresh one."),
        "skip_limit": t("Rest day already taken this week — try the minimum?"),
        "nothing_to_undo": t("Nothing to undo today."),
        "not_started": t("This plan hasn't started yet."),
        "not_ramping": t("This habit is at its full size already."),
        "not_measurable": t("This daily action has no number to grow."),
        "on_ramp": t("Let's finish the climb back first."),
        "stepped_today": t("One step a day — the next one can wait."),
        "grown_today": t("Already grown today ✓"),
    }
    return toasts.get(result.reason, t("Couldn't log that one."))


def logged(t: Translator, result: Logged) -> Reply:
    """The reply to a win: the chain, the streak, what it adds up to, a celebration."""
    view = result.view
    goal = view.goal
    lines = [_headline(t, result)]
    if result.unconverted is not None:
        lines.append(_unconverted_line(t, result.unconverted, view))
    lines.append(chain(view.states, view.day))
    lines.append(_streak_line(t, view))
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
        lines.append(cheer_line(t, result.cheer, view.day))
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
        rows.insert(0, _step_buttons(t, goal.goal_id))
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


def cheer_line(t: Translator, cheer: Cheer, today: date) -> str:
    """The cheer under a win: one sentence or two about what the user just did (rule 15).

    Every rotating template, and each template's fallback when its facts are missing, says
    something no other template says, so the daily rotation never repeats a sentence in a week.
    """
    f = cheer.facts
    if cheer.kind is CheerKind.FIRST:
        return t("Your first win — the chain starts right here. 🔗")
    if cheer.kind is CheerKind.TOP_UP:
        if f.day_amount is not None and f.unit:
            return t("That makes {amount} today. 🙌", amount=_amount(t, f.day_amount, f.unit))
        return t("Counted — and the day was already kept. Bonus round! 🙌")
    index = cheer.index
    if index == 0:
        if f.streak >= 2:
            return t(
                "{days} days running now — the chain gets harder to break. 🔗",
                days=t.number(f.streak),
            )
        return t("A new run starts with today. That's how every long one began.")
    if index == 1:
        if f.day_amount is not None and f.unit and f.best_day is not None:
            if f.day_amount > f.best_day:
                return t(
                    "{amount} — your biggest day in five weeks! 🚀",
                    amount=_amount(t, f.day_amount, f.unit),
                )
            if f.best_day_on is None:
                return t(
                    "{amount} banked. Your high mark lately: {best}.",
                    amount=_amount(t, f.day_amount, f.unit),
                    best=_amount(t, f.best_day, f.unit),
                )
            return t(
                "{amount} banked. Your high mark lately: {best}, on {day}.",
                amount=_amount(t, f.day_amount, f.unit),
                best=_amount(t, f.best_day, f.unit),
                day=t.day(f.best_day_on, today),
            )
        return t("Done and counted: {wins} in the bank now.", wins=_wins(t, f.votes))
    if index == 2:
        return t(
            "Win number {number}. Every single one of them counts. ✨", number=t.number(f.votes)
        )
    if index == 3:
        if f.streak > f.best_before and f.streak >= 3:
            if f.votes > f.streak:  # wins before this run: it beats an earlier one
                return t("A new personal best: {days} days in a row! 🏆", days=t.number(f.streak))
            return t(
                "{days} days in a row — your longest run so far, and still going.",
                days=t.number(f.streak),
            )
        if f.best_before > f.streak:
            return t.plural(
                "{n} more to match your best run of {best} days.",
                "{n} more to match your best run of {best} days.",
                f.best_before - f.streak,
                best=t.number(f.best_before),
            )
        return t("Showing up, again. That's the whole trick.")
    if index == 4:
        week, target = f.week_done, f.week_target
        if week is not None and target is not None and target.quantity > week.quantity:
            left = t.measure(Measure(target.quantity - week.quantity, target.unit))
            return t(
                "{left} to go for this week's {target}.",
                left=esc(left),
                target=esc(t.measure(target)),
            )
        if week is not None and target is not None:
            return t(
                "This week's {target} is in the bag — the rest is bonus.",
                target=esc(t.measure(target)),
            )
        return t("The chain grows. Nice work, truly.")
    if index == 5:
        return t(
            "Habit strength {strength} — it remembers every kept day. 💪",
            strength=_percent(t, f.strength),
        )
    if index == 6:
        if f.streak >= 3:
            return t("Not a day dropped since {day}.", day=t.day(f.run_start, today))
        return t("Future you says thanks.")
    if f.total is not None:
        return t(
            "{total} since you started. Small wins, real distance.",
            total=esc(t.measure(f.total)),
        )
    return t("Done is better than perfect — and done it is. 💪")


def _wins(t: Translator, count: int) -> str:
    return t.plural("{n} win", "{n} wins", count)


def _amount(t: Translator, quantity: float, unit: str) -> str:
    return esc(t.measure(Measure(quantity, unit)))


def _reached_line(t: Translator, reached: TargetReached) -> str:
    """A level's target reached by this win, with the numbers (once per period)."""
    values = {
        "done": t.quantity(reached.progress.done.quantity),
        "target": esc(t.measure(reached.progress.target)),
    }
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


def _step_buttons(t: Translator, goal_id: int) -> list[InlineKeyboardButton]:
    return [
        InlineKeyboardButton(t("⬆️ Step up"), callback_data=cb.Comeback("up", goal_id).pack()),
        InlineKeyboardButton(t("Hold"), callback_data=cb.Comeback("hold", goal_id).pack()),
        InlineKeyboardButton(t("⬇️ Step down"), callback_data=cb.Comeback("down", goal_id).pack()),
    ]


def _headline(t: Translator, result: Logged) -> str:
    view = result.view
    name = _name(view.goal)
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
                percent=_percent(t, progress.outcome.percent),
            )
        )
    return " · ".join(parts)


def undone(t: Translator, result: Undone) -> Reply:
    """After Undo."""
    view = result.view
    state = _state_line(t, view.state) or t("Not logged yet today")
    values = {"goal": _name(view.goal), "state": state}
    if result.day == view.day:
        line = t("↩️ Undone. <b>{goal}</b>: {state}.", **values)
    else:
        line = t(
            "↩️ Undone for {day}. <b>{goal}</b>: {state}.",
            day=t.day(result.day, view.day),
            **values,
        )
    return Reply(f"{line}\n{chain(view.states, view.day)}", day_buttons(t, view))
