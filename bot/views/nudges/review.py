"""The weekly review (the scheduled one and /week), next week's goal and its answers."""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.coach.progress.periods import DayTally
from bot.coach.schedule.review import ReviewBasis, ReviewProposal
from bot.coach.wording import weekly_variant
from bot.services.weekly_review import NotStartedYet, ReviewItem, WeeklyReview
from bot.views import coaching_callbacks as cb
from bot.views import identity as identity_views
from bot.views.i18n import Translator, marked
from bot.views.nudges.common import done_of_target, percent
from bot.views.nudges.replan import replan_line, replan_rows
from bot.views.reply import Reply, clip, esc

# Rule 15: each rotating line below has eight templates or more (see the package's docstring).


def review(t: Translator, weekly: WeeklyReview) -> list[Reply]:
    """The user's week in review (or so far, mid-week), one message."""
    today = weekly.today
    # A plan that began this week is reviewed from its first day; mid-week, up to today.
    starts = [item.view.goal.start_date or weekly.week_start for item in weekly.items]
    first = max(weekly.week_start, min(starts))
    until = today if weekly.so_far else weekly.week_end
    span = t.day(first, today)
    if until != first:
        span += f" – {t.day(until, today)}"
    title = t("Your week so far") if weekly.so_far else t("Your week in review")
    lines = [f"📅 <b>{title}</b> · {span}", ""]
    user_id, week_end = weekly.user.user_id, weekly.week_end
    rows: list[list[InlineKeyboardButton]] = []
    for item in weekly.items:
        goal = item.view.goal
        this, last = item.this_week, item.last_week
        rate = this.hit_rate
        lines.append(f"<b>{esc(clip(goal.vision, 48))}</b>")
        days = {"kept": t.number(this.kept), "elapsed": t.number(this.elapsed)}
        streak = t.number(item.view.summary.current)
        if rate is not None:
            lines.append(
                t(
                    "✅ {kept}/{elapsed} days ({percent}) · 🔥 streak {streak}",
                    percent=percent(t, rate * 100),
                    streak=streak,
                    **days,
                )
            )
        else:
            lines.append(t("✅ {kept}/{elapsed} days · 🔥 streak {streak}", streak=streak, **days))
        if item.week is not None:
            lines.append(t("📈 {amount} this week", amount=_week_amount(t, item)))
        if goal.identity and item.view.summary.votes:
            lines.append(
                t.plural(
                    "🪪 {n} vote for “{identity}”",
                    "🪪 {n} votes for “{identity}”",
                    item.view.summary.votes,
                    identity=esc(identity_views.statement(t, goal.identity)),
                )
            )
        if last.elapsed:
            trend = _trend(this, last)
            lines.append(
                t(
                    "Last week: {kept}/{elapsed} {trend}",
                    kept=t.number(last.kept),
                    elapsed=t.number(last.elapsed),
                    trend=trend,
                )
            )
        next_line = _next_week_line(t, item, weekly)
        if next_line:
            lines.append(next_line)
        if item.replan is not None:
            lines.append(replan_line(t, item.replan, weekly.today))
            rows.extend(replan_rows(t, goal.goal_id, item.replan, weekly.today))
        verdict, proposed = item.verdict, item.next_weekly
        if (
            verdict is not None
            and proposed is not None
            and verdict.proposal is not ReviewProposal.HOLD
        ):
            rows.append(
                [
                    InlineKeyboardButton(
                        f"👍 {clip(goal.vision, 24)}: {t.measure(proposed)}",
                        callback_data=cb.AcceptWeekly(
                            goal.goal_id, proposed.quantity, weekly.next_week_starts
                        ).pack(),
                    )
                ]
            )
        lines.append("")
    kept = sum(item.this_week.kept for item in weekly.items)
    streak_days = max(item.view.summary.current for item in weekly.items)
    if weekly.so_far:
        lines.append(
            t.plural(
                "{n} kept day so far; the week runs until {day}. 🌱",
                "{n} kept days so far; the week runs until {day}. 🌱",
                kept,
                day=t.day(weekly.week_end, today),
            )
        )
    else:
        closings = _closings(t, kept, streak_days) if kept else t.each(QUIET_WEEK_CLOSINGS)
        lines.append(closings[weekly_variant(user_id, week_end, len(closings), salt=12)])
    return [Reply("\n".join(lines).strip(), InlineKeyboardMarkup(rows) if rows else None)]


def _trend(this: DayTally, last: DayTally) -> str:
    """This week against the last by the share of days kept, not their count: a week under way
    (or the first, short one) has had fewer days to keep, so a kept Monday after five of seven
    is a rise, and three of six after one of one is a fall."""
    now, before = this.hit_rate, last.hit_rate
    if now is None or before is None:  # a week spent on holiday: only its count is there
        now, before = this.kept, last.kept
    return "↗️" if now > before else ("↘️" if now < before else "→")


def _week_amount(t: Translator, item: ReviewItem) -> str:
    week = item.week
    if week is None:
        return ""
    return done_of_target(t, week.done.quantity, week.target)


def _next_week_line(t: Translator, item: ReviewItem, weekly: WeeklyReview) -> str:
    """What next week holds: accepted already, a proposal judged by its own measure, or why
    nothing changes (climbing back, too few days, no amount to judge)."""
    pick = weekly_variant(weekly.user.user_id, weekly.week_end, 4, salt=11)
    if item.accepted is not None:
        return t(
            "✓ Next week's goal is set: <b>{amount}</b>, from {day}.",
            amount=esc(t.measure(item.accepted)),
            day=t.day(weekly.next_week_starts, weekly.today),
        )
    if item.climbing is not None:
        step, steps = item.climbing
        return t(
            "Climbing back: step {step} of {steps}. The steps set the size for now — nothing to "
            "change.",
            step=t.number(step),
            steps=t.number(steps),
        )
    verdict = item.verdict
    if verdict is None:
        return ""
    fields = {
        "days": t.plural("{n} day", "{n} days", verdict.planned_days),
        "next": esc(t.measure(item.next_weekly)) if item.next_weekly else "",
        "done": t.quantity(item.week.done.quantity) if item.week else "",
        "target": esc(t.measure(item.week.target)) if item.week else "",
    }
    if verdict.basis is ReviewBasis.SHORT:
        templates = _short(t, fields) if item.next_weekly else _short_days(t, fields)
    elif verdict.basis is ReviewBasis.AMOUNT and item.next_weekly is not None:
        templates = _by_amount(t, verdict.proposal, fields)
    else:
        templates = _by_days(t, verdict.proposal)
    return templates[pick % len(templates)]


QUIET_WEEK_CLOSINGS = (
    marked("A quiet week — that happens. One tiny action is enough to begin the next. 🌱"),
    marked("Nothing logged this week, and that's okay: next week starts fresh tomorrow. 🌱"),
    marked("This week stayed quiet. /comeback shrinks the habit so starting again is easy. 🌱"),
    marked("No kept days this week — no judgement. The next one can start with two minutes. 🌱"),
)
"""The week's last line when no day was kept: praise for zero days would read as sarcasm."""


def _closings(t: Translator, kept: int, streak: int) -> tuple[str, ...]:
    return (
        t.plural(
            "Small wins add up: {n} kept day this week. Here's to the next. 🌱",
            "Small wins add up: {n} kept days this week. Here's to the next. 🌱",
            kept,
        ),
        t.plural(
            "{n} kept day this week — that's the work, done. 🌱",
            "{n} kept days this week — that's the work, done. 🌱",
            kept,
        ),
        t.plural(
            "This week added {n} day to your story. Rest well tonight. 🌱",
            "This week added {n} days to your story. Rest well tonight. 🌱",
            kept,
        ),
        t.plural(
            "{n} day kept, one week wiser. On to the next. 🌱",
            "{n} days kept, one week wiser. On to the next. 🌱",
            kept,
        ),
        t.plural(
            "A week of {n} kept day. Tiny steps, real distance. 🌱",
            "A week of {n} kept days. Tiny steps, real distance. 🌱",
            kept,
        ),
        t(
            "Your longest chain right now: {streak}. Next week starts tomorrow. 🌱",
            streak=t.number(streak),
        ),
        t.plural(
            "{n} day of showing up this week. Be proud of the small stuff. 🌱",
            "{n} days of showing up this week. Be proud of the small stuff. 🌱",
            kept,
        ),
        t.plural(
            "That's the week: {n} kept day. See you tomorrow morning. 🌱",
            "That's the week: {n} kept days. See you tomorrow morning. 🌱",
            kept,
        ),
    )


# Rule 13: the proposal judges the measure it proposes. A week of amounts is judged by its
# amount against its target; a week with too few days to judge holds.
def _by_amount(t: Translator, proposal: ReviewProposal, f: dict[str, str]) -> tuple[str, ...]:
    if proposal is ReviewProposal.GROW:
        return (
            t("{done} of {target}: target met. Next week, a little more: <b>{next}</b>?", **f),
            t("You did {done} of {target}. Ready for <b>{next}</b> next week?", **f),
            t("{done} of {target} — that pace can carry <b>{next}</b> next week. Take it?", **f),
            t("Target met ({done} of {target}). How about <b>{next}</b> next week?", **f),
        )
    if proposal is ReviewProposal.HOLD:
        return (
            t("{done} of {target} — solid. Next week stays at <b>{next}</b>.", **f),
            t("A steady week: {done} of {target}. Next week holds at <b>{next}</b>.", **f),
            t("{done} of {target}: good ground to stand on. <b>{next}</b> again next week.", **f),
            t("{done} of {target}: holding the line at <b>{next}</b> next week.", **f),
        )
    return (
        t(
            "{done} of {target} — a tough week happens. Make next week lighter: <b>{next}</b>?",
            **f,
        ),
        t("{done} of {target} this time. Easier to win next week: <b>{next}</b>?", **f),
        t("Lighter is smarter after {done} of {target}: <b>{next}</b> next week?", **f),
        t(
            "{done} of {target}. A smaller target wins more days: <b>{next}</b> next week?",
            **f,
        ),
    )


def _by_days(t: Translator, proposal: ReviewProposal) -> tuple[str, ...]:
    if proposal is ReviewProposal.GROW:
        return (
            t("A strong week of showing up."),
            t("You made the days look easy this week."),
            t("Day after day — that's a rhythm."),
            t("A week to be proud of."),
        )
    if proposal is ReviewProposal.HOLD:
        return (
            t("A steady week — good ground to stand on."),
            t("Solid days; next week, the same again."),
            t("More kept than not. That's how habits settle."),
            t("Steady is the goal, and this was steady."),
        )
    return (
        t("A tough week happens — the minimum keeps the chain on hard days."),
        t("A quieter week. Next week, even the smallest version counts."),
        t("Some weeks are like that. Go small next week and let it count."),
        t("Hard week? The minimum is there for exactly this."),
    )


def _short(t: Translator, f: dict[str, str]) -> tuple[str, ...]:
    return (
        t(
            "Only {days} to go on — too soon to change anything. Next week stays at <b>{next}</b>.",
            **f,
        ),
        t(
            "{days} in the plan so far: too soon for a verdict. Next week holds at <b>{next}</b>.",
            **f,
        ),
        t("Early days ({days}), too soon to judge: next week stays at <b>{next}</b>.", **f),
        t(
            "With {days} behind you it's too soon to change the goal: <b>{next}</b> again next "
            "week.",
            **f,
        ),
    )


def _short_days(t: Translator, f: dict[str, str]) -> tuple[str, ...]:
    return (
        t("Only {days} to go on — too soon to judge; a full week will tell more.", **f),
        t("{days} in so far: too soon for a verdict.", **f),
        t("Early days ({days}), too soon to judge — keep showing up.", **f),
        t("With {days} behind you it's too soon to judge. Steady on.", **f),
    )


def weekly_set(t: Translator, goal_name: str, weekly: str, starts: date, today: date) -> Reply:
    """After accepting next week's micro-goal (this week keeps its own)."""
    return Reply(
        t(
            "👍 Next week for <b>{goal}</b>: {weekly}, from {day}. This week stays as it is. "
            "Go get it.",
            goal=esc(clip(goal_name, 48)),
            weekly=esc(weekly),
            day=t.day(starts, today),
        )
    )


def week_begun(t: Translator) -> str:
    """A review's button pressed once its week has begun (a toast: no HTML)."""
    return t("That week has begun — /week has a fresh review.")


def no_review(t: Translator) -> Reply:
    """/week without an active goal."""
    return Reply(t("No active goal to review yet — /plan sets one up."))


def not_started_yet(t: Translator, waiting: NotStartedYet) -> Reply:
    """/week before the plan's start: when it starts and when the first review comes."""
    lines = []
    for view in waiting.waiting:
        start = view.goal.start_date
        if start is None:
            continue
        action = view.target.text or view.goal.daily or ""
        lines.append(
            t(
                "🗓 <b>{goal}</b> starts <b>{day}</b>: {action}.",
                goal=esc(clip(view.goal.vision, 48)),
                day=t.day(start, view.day),
                action=esc(action),
            )
        )
    today = waiting.waiting[0].day
    lines.append(
        t(
            "Your first week's review comes on {day}. Until then, nothing to review — enjoy the "
            "run-up.",
            day=t.day(waiting.first_review, today),
        )
    )
    return Reply("\n".join(lines))
