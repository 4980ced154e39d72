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
from bot.views.i18n import ENGLISH_TRANSLATOR, Translator
from bot.views.minimum import minimum as shown_minimum
from bot.views.nudges.common import percent, pick
from bot.views.nudges.fresh_start import fresh_start_lines, landmark_name, with_commitment
from bot.views.nudges.momentum import momentum_line
from bot.views.nudges.replan import cycle_invite, month_review
from bot.views.reply import Reply, clip, esc

# Rule 15: each rotating line below has eight templates or more (see the package's docstring).


def _greetings(t: Translator, name: str) -> tuple[str, ...]:
    return (
        t("☀️ Good morning, {name}!", name=name),
        t("☀️ Morning, {name}!", name=name),
        t("☀️ Hello, {name} — a new day.", name=name),
        t("☀️ Rise and shine, {name}!", name=name),
        t("☀️ Hi {name}, here's your day.", name=name),
        t("☀️ Good morning, {name} — ready when you are.", name=name),
        t("☀️ Hey {name}!", name=name),
        t("☀️ Morning, {name} — let's keep it light.", name=name),
    )


def _greetings_unnamed(t: Translator) -> tuple[str, ...]:
    return (
        t("☀️ Good morning!"),
        t("☀️ Morning!"),
        t("☀️ Hello — a new day."),
        t("☀️ Rise and shine!"),
        t("☀️ Hi, here's your day."),
        t("☀️ Good morning — ready when you are."),
        t("☀️ Hey there!"),
        t("☀️ Morning — let's keep it light."),
    )


def _action_leads(t: Translator, action: str) -> tuple[str, ...]:
    return (
        t("Today: {action}", action=action),
        t("Today's one thing: {action}", action=action),
        t("On the list today: {action}", action=action),
        t("Today's small win: {action}", action=action),
        t("Up next: {action}", action=action),
        t("Your step today: {action}", action=action),
        t("For today: {action}", action=action),
        t("Today's action: {action}", action=action),
    )


def _minimum_lines(t: Translator, mva: str) -> tuple[str, ...]:
    return (
        t("Hard day? The minimum counts: {mva}", mva=mva),
        t("Short on time? Just {mva} still keeps the day.", mva=mva),
        t("Busy day? Then {mva} is enough.", mva=mva),
        t("Low on energy? Even {mva} counts in full.", mva=mva),
        t("The floor is {mva} — a kept day too.", mva=mva),
        t("If the day gets away from you: {mva}.", mva=mva),
        t("Tight day? Just {mva}, and the chain holds.", mva=mva),
        t("Smallest version, same credit: {mva}.", mva=mva),
    )


def slipped_lines(t: Translator) -> tuple[str, ...]:
    """The morning's word after one missed day: an accident, not a pattern (rule 9)."""
    return (
        t("Yesterday slipped — an accident, not a pattern. Today's a good day."),
        t("One quiet day is just a day. Today picks the thread back up."),
        t("Yesterday got away; today is wide open."),
        t("A single miss changes nothing — today counts just the same."),
        t("Yesterday was a pause, not a verdict."),
        t("Missed one? Happens to everyone. Today's step is right here."),
        t("Back on it today — one small action is all it takes."),
        t("Yesterday's gone; today's square is still yours."),
    )


SLIPPED_LINES = slipped_lines(ENGLISH_TRANSLATOR)


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
            greetings = _greetings(t, name) if name else _greetings_unnamed(t)
            lead = pick(greetings, user_id, day, salt=1)
            if nudge.landmark is not None:
                lead += "\n" + t(
                    "✨ Today is a fresh start — {landmark}.",
                    landmark=landmark_name(t, nudge.landmark),
                )
                if card.comeback is None:
                    # The invitation asks to commit with the 🤝 button; a comeback morning has
                    # none: its own "start with the minimum" is the one thing to say yes to.
                    lead += " " + pick(fresh_start_lines(t), user_id, day, salt=2)
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
        pick(_action_leads(t, action), user_id, day, salt=4),
    ]
    if goal.mva and goal.mva != view.target.text:
        minimum = f"<i>{esc(shown_minimum(t, goal.mva))}</i>"
        lines.append(pick(_minimum_lines(t, minimum), user_id, day, salt=5))
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
    if summary.missed_in_a_row >= 2 and not restarted_today:
        lines.append(t("A couple of quiet days — /comeback makes restarting tiny."))
    elif summary.missed_in_a_row == 1:
        lines.append(pick(slipped_lines(t), user_id, day, salt=6))
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
