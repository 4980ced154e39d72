"""The morning nudge: one card per goal with today's action, the minimum and the chain; the
gentle word after a silent week; a milestone's note."""

from __future__ import annotations

from bot.coach.deadlines import DeadlineMoment
from bot.coach.streaks.days import chain
from bot.coach.wording import figures, momentum
from bot.services.scheduled_messages import MilestoneNote, MonthReview, MorningNudge, NudgeCard
from bot.views import comeback as comeback_views
from bot.views import deadlines as deadline_views
from bot.views import wins as win_views
from bot.views.i18n import Translator
from bot.views.minimum import minimum as shown_minimum
from bot.views.nudges.common import percent, pick, rotating
from bot.views.nudges.fresh_start import (
    FRESH_START_LINES,
    landmark_name,
    with_commitment,
)
from bot.views.nudges.momentum import momentum_line
from bot.views.nudges.replan import cycle_invite, month_review
from bot.views.reply import Reply, clip, esc

# Rule 15: each rotating line below has eight templates or more (``rotating`` checks it).


GREETINGS = rotating(
    "☀️ Good morning, {name}!",
    "☀️ Morning, {name}!",
    "☀️ Hello, {name} — a new day.",
    "☀️ Rise and shine, {name}!",
    "☀️ Hi {name}, here's your day.",
    "☀️ Good morning, {name} — ready when you are.",
    "☀️ Hey {name}!",
    "☀️ Morning, {name} — let's keep it light.",
)


GREETINGS_UNNAMED = rotating(
    "☀️ Good morning!",
    "☀️ Morning!",
    "☀️ Hello — a new day.",
    "☀️ Rise and shine!",
    "☀️ Hi, here's your day.",
    "☀️ Good morning — ready when you are.",
    "☀️ Hey there!",
    "☀️ Morning — let's keep it light.",
)


ACTION_LEADS = rotating(
    "Today: {action}",
    "Today's one thing: {action}",
    "On the list today: {action}",
    "Today's small win: {action}",
    "Up next: {action}",
    "Your step today: {action}",
    "For today: {action}",
    "Today's action: {action}",
)


MINIMUM_LINES = rotating(
    "Hard day? The minimum counts: {mva}",
    "Short on time? Just {mva} still keeps the day.",
    "Busy day? Then {mva} is enough.",
    "Low on energy? Even {mva} counts in full.",
    "The floor is {mva} — a kept day too.",
    "If the day gets away from you: {mva}.",
    "Tight day? Just {mva}, and the chain holds.",
    "Smallest version, same credit: {mva}.",
)


SLIPPED_LINES = rotating(
    "Yesterday slipped — an accident, not a pattern. Today's a good day.",
    "One quiet day is just a day. Today picks the thread back up.",
    "Yesterday got away; today is wide open.",
    "A single miss changes nothing — today counts just the same.",
    "Yesterday was a pause, not a verdict.",
    "Missed one? Happens to everyone. Today's step is right here.",
    "Back on it today — one small action is all it takes.",
    "Yesterday's gone; today's square is still yours.",
)
"""The morning's word after one missed day: an accident, not a pattern (rule 9)."""


def morning(t: Translator, nudge: MorningNudge) -> list[Reply]:
    """One message per goal: today's action with Done / minimum / rest (or a comeback offer)."""
    first_name = nudge.user.first_name.strip()
    name = esc(first_name)
    if nudge.gentle:
        return [_gentle(t, nudge.cards[0], name)]
    replies = []
    user_id = nudge.user.user_id
    for index, card in enumerate(nudge.cards):
        lead = ""
        day = card.view.day
        if index == 0:
            greetings = GREETINGS if name else GREETINGS_UNNAMED
            lead = t.marked(pick(greetings, user_id, day, salt=1), name=name)
            if nudge.landmark is not None:
                lead += "\n" + t(
                    "✨ Today is a fresh start — {landmark}.",
                    landmark=landmark_name(t, nudge.landmark, nudge.user),
                )
                if card.comeback is None:
                    # The invitation asks to commit with the 🤝 button; a comeback morning has
                    # none: its own "start with the minimum" is the one thing to say yes to.
                    lead += " " + t.marked(pick(FRESH_START_LINES, user_id, day, salt=2))
            lead += "\n\n"
        reply = _card(t, card, lead, user_id)
        if index == 0 and nudge.landmark is not None and card.comeback is None:
            reply = with_commitment(t, reply, card)
        replies.append(reply)
    replies.extend(_note(t, note) for note in nudge.notes)
    for beat in nudge.system:
        if isinstance(beat, MonthReview):
            replies.append(month_review(t, beat))
        else:
            replies.append(cycle_invite(t, beat))
    return replies


def _note(t: Translator, note: MilestoneNote) -> Reply:
    """A milestone's word on its own: its date passed, or it is near on a day already kept."""
    milestone = note.deadline.milestone
    if note.deadline.moment is DeadlineMoment.PASSED:
        return deadline_views.passed_note(t, milestone, note.goal, note.today)
    return deadline_views.due_soon_note(
        t, milestone, note.goal, tomorrow=note.deadline.moment is DeadlineMoment.EVE
    )


def _gentle(t: Translator, card: NudgeCard, name: str) -> Reply:
    """After a silent week: one soft message; /comeback only for a habit that lapsed (rule 9)."""
    view = card.view
    hello = t("👋 Hi {name}", name=name) if name else t("👋 Hi there")
    smallest = esc(shown_minimum(t, view.goal.mva or view.target.text))
    if view.summary.missed_in_a_row >= 2:
        return Reply(
            t(
                "{hello} — it's been a week. No pressure and nothing to catch up on. Whenever "
                "you like, one tiny step is enough: <b>{smallest}</b>. /comeback makes "
                "restarting easy.",
                hello=hello,
                smallest=smallest,
            )
        )
    streak = view.summary.current
    if streak >= 2:
        return Reply(
            t(
                "{hello} — a quiet week between us, and your <b>{days}-day streak</b> for "
                "<b>{goal}</b> kept going. Today's step, as ever: <b>{action}</b>.",
                hello=hello,
                days=t.number(streak),
                goal=esc(clip(view.goal.vision, 48)),
                action=esc(view.target.text),
            )
        )
    return Reply(
        t(
            "{hello} — it's been a week. No pressure and nothing to catch up on. Whenever you "
            "like, one tiny step is enough: <b>{smallest}</b>.",
            hello=hello,
            smallest=smallest,
        )
    )


def _card(t: Translator, card: NudgeCard, lead: str, user_id: int) -> Reply:
    """One goal's morning card: today's action, the minimum, the chain and a line of their own."""
    if card.comeback is not None:
        offer = comeback_views.offer(t, card.comeback)
        return Reply(lead + offer.text, offer.keyboard)
    view, goal = card.view, card.view.goal
    day, summary = view.day, view.summary
    ramp = view.target.ramp
    action = esc(view.target.text) if view.target.text else t("your daily action")
    if ramp:
        action = t(
            "{action} (step {step} of {steps})",
            action=action,
            step=t.number(ramp[0]),
            steps=t.number(ramp[1]),
        )
    lines = [
        f"{lead}<b>{esc(clip(goal.vision, 48))}</b>",
        t.marked(pick(ACTION_LEADS, user_id, day, salt=4), action=action),
    ]
    if goal.mva and goal.mva != view.target.text:
        minimum = f"<i>{esc(shown_minimum(t, goal.mva))}</i>"
        lines.append(t.marked(pick(MINIMUM_LINES, user_id, day, salt=5), mva=minimum))
    lines.append(chain(view.states, day))
    lines.append(
        t(
            "🔥 Streak {streak} · best {best} · strength {strength}",
            streak=t.number(summary.current),
            best=t.number(summary.best),
            strength=percent(t, summary.strength * 100),
        )
    )
    level = view.target.level
    restarted_today = level is not None and level.effective_from >= day
    if comeback_views.quiet_days_this_morning(summary.missed_in_a_row) and not restarted_today:
        couple = t("A couple of quiet days — /comeback makes restarting tiny.")
        lines.append(comeback_views.quiet_days(t, summary.missed_in_a_row, couple))
    elif summary.missed_in_a_row == 1:
        lines.append(t.marked(pick(SLIPPED_LINES, user_id, day, salt=6)))
    found = figures(
        view.states,
        day,
        streak=summary.current,
        best=summary.best,
        votes=summary.votes,
        strength=summary.strength,
        plan_week=card.week_number,
    )
    lines.extend(win_views.deadline_lines(t, view, card.deadlines))
    lines.append(f"\n<i>{esc(momentum_line(t, momentum(user_id, day, found)))}</i>")
    keyboard = win_views.with_rows(
        win_views.day_buttons(t, view), win_views.deadline_rows(t, view, card.deadlines)
    )
    return Reply("\n".join(line for line in lines if line), keyboard)
