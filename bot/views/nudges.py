"""Texts and buttons of the messages the bot sends by itself."""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.coach.dates import format_date
from bot.coach.landmarks import Landmark, LandmarkKind
from bot.coach.models import Goal
from bot.coach.quantities import format_measure
from bot.coach.schedule import ReviewProposal
from bot.services.deliveries import (
    EveningReminder,
    FreshStartEve,
    MorningNudge,
    NudgeCard,
    WeeklyReview,
)
from bot.services.habits import GoalDay, Target
from bot.views import coaching_callbacks as cb
from bot.views import comeback as comeback_views
from bot.views import wins as win_views
from bot.views.reply import Reply, clip, esc

_MOMENTUM = {
    1: "Week 1 is about showing up, not about size. Tiny is perfect.",
    2: "Week 2: momentum comes from small, boring repeats. Keep them boring.",
    3: "Week 3: a rhythm is forming — protect the chain, even with the minimum.",
}

_LANDMARKS = {
    LandmarkKind.MONDAY: "a new week",
    LandmarkKind.MONTH_START: "a new month",
    LandmarkKind.QUARTER_START: "a new quarter",
    LandmarkKind.BIRTHDAY: "your birthday 🎂",
    LandmarkKind.CUSTOM: "the day you picked",
}


def landmark_name(landmark: Landmark) -> str:
    """ "a new month", "your birthday", …"""
    return _LANDMARKS[landmark.kind]


def morning(nudge: MorningNudge) -> list[Reply]:
    """One message per goal: today's action with Done / minimum / rest (or a comeback offer)."""
    name = esc(nudge.user.first_name) if nudge.user.first_name else "there"
    if nudge.gentle:
        return [_gentle(nudge.cards[0], name)]
    replies = []
    for index, card in enumerate(nudge.cards):
        lead = ""
        if index == 0:
            lead = f"☀️ Good morning, {name}!"
            if nudge.landmark is not None:
                lead += (
                    f"\n✨ Today is a fresh start — {landmark_name(nudge.landmark)}. "
                    "A perfect day to commit: one small action, every day."
                )
            lead += "\n\n"
        reply = _card(card, lead)
        if index == 0 and nudge.landmark is not None and card.comeback is None:
            reply = _with_commitment(reply, card)
        replies.append(reply)
    return replies


def _gentle(card: NudgeCard, name: str) -> Reply:
    """After a silent week: one soft message; /comeback only for a habit that lapsed (rule 9)."""
    view = card.view
    smallest = esc(view.goal.mva or view.target.text)
    if view.summary.missed_in_a_row >= 2:
        return Reply(
            f"👋 Hi {name} — it's been a week. No pressure and nothing to catch up on. "
            f"Whenever you like, one tiny step is enough: <b>{smallest}</b>. "
            "/comeback makes restarting easy."
        )
    streak = view.summary.current
    if streak >= 2:
        return Reply(
            f"👋 Hi {name} — a quiet week between us, and your <b>{streak}-day streak</b> for "
            f"<b>{esc(clip(view.goal.vision, 48))}</b> kept going. Today's step, as ever: "
            f"<b>{esc(view.target.text)}</b>."
        )
    return Reply(
        f"👋 Hi {name} — it's been a week. No pressure and nothing to catch up on. "
        f"Whenever you like, one tiny step is enough: <b>{smallest}</b>."
    )


def _with_commitment(reply: Reply, card: NudgeCard) -> Reply:
    """A fresh-start morning asks for a concrete commitment, one tap."""
    goal = card.view.goal
    label = f"🤝 I'm in: {clip(card.view.target.text or goal.vision, 40)}"
    row = [InlineKeyboardButton(label, callback_data=cb.commit(goal.goal_id))]
    existing = reply.keyboard
    rows = [row]
    if isinstance(existing, InlineKeyboardMarkup):
        rows = [row, *[list(r) for r in existing.inline_keyboard]]
    return Reply(reply.text, InlineKeyboardMarkup(rows))


def committed(goal: Goal, target: Target) -> Reply:
    """After committing on a fresh-start morning: the action in force today, not the plan's.

    During a comeback that is the step's size; the climb back up is mentioned, so the user
    knows the full size is still the plan.
    """
    action = target.text or goal.daily or ""
    minimum = goal.mva if goal.mva and goal.mva != action else None
    hard_days = f" On hard days, <i>{esc(minimum)}</i> counts." if minimum else ""
    ramp = target.ramp
    climb = (
        f" — step {ramp[0]} of {ramp[1]} on the way back to full size"
        if ramp is not None and ramp[0] < ramp[1]
        else ""
    )
    return Reply(
        f"🤝 Committed. From today: <b>{esc(action)}</b>, every day, for "
        f"<b>{esc(clip(goal.vision, 48))}</b>{climb}.{hard_days} I'll be counting with you."
    )


def _card(card: NudgeCard, lead: str) -> Reply:
    if card.comeback is not None:
        offer = comeback_views.offer(card.comeback)
        return Reply(lead + offer.text, offer.keyboard)
    today = win_views.goal_today(card.view)
    momentum = _MOMENTUM.get(card.week_number)
    text = lead + today.text + (f"\n\n<i>{momentum}</i>" if momentum else "")
    return Reply(text, today.keyboard)


def evening(reminder: EveningReminder) -> list[Reply]:
    """Tonight's open streaks, each with its buttons."""
    replies = []
    for view in reminder.views:
        minimum = view.goal.mva or view.target.text
        text = (
            f"🌙 Your <b>{view.summary.current}-day streak</b> for "
            f"<b>{esc(clip(view.goal.vision, 48))}</b> is still open tonight. "
            f"Even the minimum counts: <i>{esc(minimum)}</i>."
        )
        replies.append(Reply(text, win_views.day_buttons(view)))
    return replies


def fresh_start_eve(eve: FreshStartEve) -> list[Reply]:
    """The evening before a landmark or a plan's day one: anticipation."""
    lines = []
    if eve.landmark is not None:
        lines.append(f"✨ Tomorrow is a fresh start — {landmark_name(eve.landmark)}.")
    for view in eve.day_one:
        action = view.target.text or view.goal.daily or ""
        lines.append(
            f"🚀 Tomorrow is day one of <b>{esc(clip(view.goal.vision, 48))}</b>: "
            f"<b>{esc(action)}</b>. That's the whole job — small on purpose."
        )
    if not eve.day_one:
        lines.append(_eve_running(eve.running))
    return [Reply("\n".join(lines))]


def _eve_running(running: tuple[GoalDay, ...]) -> str:
    """What the fresh start means for this user: a restart after a lapse, or more of the same.

    Only a habit that lapsed (two misses in a row) is pointed to /comeback (rule 9).
    """
    lapsed = [view for view in running if view.summary.missed_in_a_row >= 2]
    if lapsed:
        view = lapsed[0]
        smallest = view.goal.mva or view.target.text
        return (
            f"A good moment to restart small: /comeback takes "
            f"<b>{esc(clip(view.goal.vision, 48))}</b> down to <i>{esc(smallest)}</i>."
        )
    if running:
        view = max(running, key=lambda v: v.summary.current)
        name, action = esc(clip(view.goal.vision, 48)), esc(view.target.text)
        if view.summary.current >= 2:
            return (
                f"Your {view.summary.current}-day streak for <b>{name}</b> comes along — "
                f"tomorrow, as ever: <b>{action}</b>."
            )
        return f"A clean page for <b>{name}</b>: tomorrow, just <b>{action}</b>."
    return "Want to begin something small? /plan sets up a new habit."


def review(weekly: WeeklyReview) -> list[Reply]:
    """The week in review, one message."""
    lines = ["📅 <b>Your week in review</b>", ""]
    rows: list[list[InlineKeyboardButton]] = []
    for item in weekly.items:
        goal = item.view.goal
        this, last = item.this_week, item.last_week
        rate = this.hit_rate
        percent = f" ({round(rate * 100)}%)" if rate is not None else ""
        lines.append(f"<b>{esc(clip(goal.vision, 48))}</b>")
        lines.append(
            f"✅ {this.kept}/{this.elapsed} days{percent} · 🔥 streak {item.view.summary.current}"
        )
        if goal.identity and item.view.summary.votes:
            votes = item.view.summary.votes
            plural = "vote" if votes == 1 else "votes"
            lines.append(f"🪪 {votes} {plural} for “{esc(goal.identity)}”")
        if last.elapsed:
            trend = "↗️" if this.kept > last.kept else ("↘️" if this.kept < last.kept else "→")
            lines.append(f"Last week: {last.kept}/{last.elapsed} {trend}")
        if item.proposal is not None and item.next_weekly is not None:
            lines.append(_PROPOSALS[item.proposal].format(esc(format_measure(item.next_weekly))))
            rows.append(
                [
                    InlineKeyboardButton(
                        f"👍 {clip(goal.vision, 24)}: {format_measure(item.next_weekly)}",
                        callback_data=cb.accept_weekly(goal.goal_id, item.next_weekly.quantity),
                    )
                ]
            )
        lines.append("")
    lines.append("Small wins add up. Here's to next week. 🌱")
    return [Reply("\n".join(lines).strip(), InlineKeyboardMarkup(rows) if rows else None)]


_PROPOSALS = {
    ReviewProposal.GROW: "A strong week! Next week, a little more: <b>{}</b>?",
    ReviewProposal.HOLD: "Solid. Keep next week's micro-goal at <b>{}</b>?",
    ReviewProposal.EASE: "A tough week happens. Make next week lighter: <b>{}</b>?",
}


def weekly_set(goal_name: str, weekly: str) -> Reply:
    """After accepting next week's micro-goal."""
    return Reply(f"👍 Next week for <b>{esc(clip(goal_name, 48))}</b>: {esc(weekly)}. Go get it.")


def no_review() -> Reply:
    """/week without an active goal."""
    return Reply("No active goal to review yet — /plan sets one up.")


def fresh_start_choices(landmarks: list[Landmark], today: date) -> Reply:
    """/freshstart: the next landmarks as buttons, or a typed date."""
    rows = [
        [
            InlineKeyboardButton(
                f"{format_date(landmark.day, today)} · {landmark_name(landmark)}",
                callback_data=cb.pick_fresh_start(landmark.day),
            )
        ]
        for landmark in landmarks
    ]
    return Reply(
        "✨ Fresh starts stick: a new week, a new month, a birthday. Pick your day — or type "
        "one, like <i>15 January</i>.",
        InlineKeyboardMarkup(rows),
    )


def fresh_start_set(day: date, today: date) -> Reply:
    """After picking a fresh-start date."""
    return Reply(
        f"✨ Your fresh start: <b>{format_date(day, today)}</b>. The evening before I'll remind "
        "you, and that morning we commit to one small thing."
    )


def fresh_start_problem(text: str) -> Reply:
    """A typed date that can't be used."""
    return Reply(f"{text} Try <i>Monday</i>, <i>1 December</i> or <i>2027-01-01</i>.")
