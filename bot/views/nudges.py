"""Texts and buttons of the messages the bot sends by itself."""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.coach.breakdown import round_level
from bot.coach.deadlines import DeadlineMoment
from bot.coach.landmarks import Landmark, LandmarkKind
from bot.coach.models import Goal, Measure
from bot.coach.progress import Replan
from bot.coach.schedule import ReviewBasis, ReviewProposal
from bot.coach.streaks import chain
from bot.coach.wording import (
    Figures,
    Momentum,
    MomentumKind,
    figures,
    momentum,
    variant,
    weekly_variant,
)
from bot.services.deliveries import (
    CycleInvite,
    EveningReminder,
    FreshStartEve,
    MilestoneNote,
    MonthReview,
    MorningNudge,
    NotStartedYet,
    NudgeCard,
    ReviewItem,
    WeeklyReview,
)
from bot.services.habits import GoalDay, Target
from bot.views import coaching_callbacks as cb
from bot.views import comeback as comeback_views
from bot.views import goals as goal_views
from bot.views import identity as identity_views
from bot.views import plan_callbacks as plan_cb
from bot.views import wins as win_views
from bot.views.i18n import ENGLISH_TRANSLATOR, Translator
from bot.views.minimum import minimum as shown_minimum
from bot.views.reply import Reply, clip, esc

# Rule 15: every rotating line has at least eight templates (wording.VARIANTS), chosen by
# (user, date) in bot.coach.wording, so no sentence comes back within a week. Each template is
# unique across all scheduled messages, even with the user's goal text taken out.


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


def _fresh_start_lines(t: Translator) -> tuple[str, ...]:
    return (
        t("A perfect day to commit: one small action, every day."),
        t("New page, same small step — want to commit to it?"),
        t("Landmarks make restarts stick. Commit to one small thing?"),
        t("A good day to promise yourself something small."),
        t("Fresh starts love small promises. Make one?"),
        t("The calendar turned a page — pick your one small thing."),
        t("Days like this make new habits stick. Commit?"),
        t("Start clean: one small action, from today on."),
    )


def _strongest_weekday(t: Translator, weekday: int, kept: str, days: str) -> str:
    # Each day its own sentence: "Mondays are" is a different phrase in every language.
    sentences = (
        t("Mondays are your strongest: {kept} of {days} kept.", kept=kept, days=days),
        t("Tuesdays are your strongest: {kept} of {days} kept.", kept=kept, days=days),
        t("Wednesdays are your strongest: {kept} of {days} kept.", kept=kept, days=days),
        t("Thursdays are your strongest: {kept} of {days} kept.", kept=kept, days=days),
        t("Fridays are your strongest: {kept} of {days} kept.", kept=kept, days=days),
        t("Saturdays are your strongest: {kept} of {days} kept.", kept=kept, days=days),
        t("Sundays are your strongest: {kept} of {days} kept.", kept=kept, days=days),
    )
    return sentences[weekday]


def _streak_momentum(t: Translator, index: int, f: Figures) -> str:
    n = t.number
    if index == 0:
        return t("{days} days in a row now — each one a quiet yes.", days=n(f.streak))
    if index == 1:
        return t(
            "{wins} wins so far; today can make it {next}.", wins=n(f.votes), next=n(f.votes + 1)
        )
    if index == 2:
        return t(
            "{kept} of your last {days} days kept. That's a rhythm.",
            kept=n(f.kept_week),
            days=n(f.days_week),
        )
    if index == 3:
        return t(
            "Habit strength {strength}% and climbing: every kept day adds a little.",
            strength=n(f.strength),
        )
    if index == 4:
        if f.streak >= f.best:
            return t("This is your longest run yet: {days} days.", days=n(f.streak))
        return t(
            "Your best run is {best} days — this one is at {days}.",
            best=n(f.best),
            days=n(f.streak),
        )
    if index == 5:
        if f.weekday is not None and f.weekday_days >= 2:
            return _strongest_weekday(t, f.weekday, n(f.weekday_kept), n(f.weekday_days))
        return t(
            "Day {next} of the chain is waiting; the minimum keeps it too.", next=n(f.streak + 1)
        )
    if index == 6:
        return _plan_week(t, f.plan_week)
    return t(
        "{days} days strong — today's small action makes it {next}.",
        days=n(f.streak),
        next=n(f.streak + 1),
    )


def _plan_week(t: Translator, week: int) -> str:
    """Rule 11's 30-day system, one sentence per phase."""
    if week <= 1:
        return t("Week 1 of your plan: showing up matters more than size.")
    if week <= 3:
        return t(
            "Week {week}: small, boring repeats are what momentum is made of.",
            week=t.number(week),
        )
    if week == 4:
        return t("Week 4: the habit is settling in — soon it can grow a little.")
    return t("Week {week} of your plan: by now this is simply what you do.", week=t.number(week))


def _restart_momentum(t: Translator, index: int, f: Figures) -> str:
    n = t.number
    if index == 0:
        return t(
            "{wins} wins already in the bank — a miss doesn't take them back.", wins=n(f.votes)
        )
    if index == 1:
        return t("Your best run so far: {best} days. A new one starts with today.", best=n(f.best))
    if index == 2:
        return t(
            "Habit strength is still {strength}% — one day barely moves it.", strength=n(f.strength)
        )
    if index == 3:
        if f.kept_week:
            return t(
                "{kept} of the last {days} days kept. Today adds one more.",
                kept=n(f.kept_week),
                days=n(f.days_week),
            )
        return t("Every run starts with a single day — today's can be tiny.")
    if index == 4:
        return t("One kept day starts a chain. Today can be that day.")
    if index == 5:
        return t("You've shown up {wins} times before. Once more today.", wins=n(f.votes))
    if index == 6:
        return t(
            "Week {week} of your plan: the smallest version is a fine way back in.",
            week=n(f.plan_week),
        )
    return t("Long streaks are made of restarts like this one.")


def _first_momentum(t: Translator) -> tuple[str, ...]:
    return (
        t("Day one of the chain: tiny is perfect."),
        t("The first square is the hardest — and the smallest version counts."),
        t("Start so small it feels silly. That's the trick."),
        t("Nothing to prove today, just one small action."),
        t("The first win is the one that counts most."),
        t("Showing up beats size, especially at the start."),
        t("One tap on Done starts your chain."),
        t("Small today, steady tomorrow."),
    )


def momentum_line(t: Translator, choice: Momentum) -> str:
    """The morning's line about the user's own figures (plain text, nothing to escape)."""
    if choice.kind is MomentumKind.STREAK:
        return _streak_momentum(t, choice.index, choice.figures)
    if choice.kind is MomentumKind.RESTART:
        return _restart_momentum(t, choice.index, choice.figures)
    lines = _first_momentum(t)
    return lines[choice.index % len(lines)]


def landmark_name(t: Translator, landmark: Landmark) -> str:
    """ "a new month", "your birthday", "the New Year", …

    1 January is a quarter's and a month's start too, but people call it the New Year (as the
    plan's start buttons do).
    """
    day = landmark.day
    new_year = (day.month, day.day) == (1, 1)
    if new_year and landmark.kind in (LandmarkKind.QUARTER_START, LandmarkKind.MONTH_START):
        return t("the New Year")
    names = {
        LandmarkKind.MONDAY: t("a new week"),
        LandmarkKind.MONTH_START: t("a new month"),
        LandmarkKind.QUARTER_START: t("a new quarter"),
        LandmarkKind.BIRTHDAY: t("your birthday 🎂"),
        LandmarkKind.CUSTOM: t("the day you picked"),
    }
    return names[landmark.kind]


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
            lead = _pick(greetings, user_id, day, salt=1)
            if nudge.landmark is not None:
                lead += "\n" + t(
                    "✨ Today is a fresh start — {landmark}.",
                    landmark=landmark_name(t, nudge.landmark),
                )
                lead += " " + _pick(_fresh_start_lines(t), user_id, day, salt=2)
            lead += "\n\n"
        reply = _card(t, card, lead, user_id)
        if index == 0 and nudge.landmark is not None and card.comeback is None:
            reply = _with_commitment(t, reply, card)
        replies.append(reply)
    replies.extend(_note(t, note) for note in nudge.notes)
    for beat in nudge.system:
        if isinstance(beat, MonthReview):
            replies.append(month_review(t, beat))
        else:
            replies.append(cycle_invite(t, beat))
    return replies


def _amount(t: Translator, done: float, target: Measure) -> str:
    return f"{t.quantity(done)}/{esc(t.measure(target))}"


def _percent(t: Translator, value: float) -> str:
    return t("{value}%", value=t.number(round(value)))


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
    numbers = t(
        "✅ {kept} of {elapsed} days kept", kept=t.number(days.kept), elapsed=t.number(days.elapsed)
    )
    amount = ladder.month
    if amount is not None:
        numbers += (
            f" · {_amount(t, amount.done.quantity, amount.target)} ({_percent(t, amount.percent)})"
        )
    lines.append(numbers + " · " + t("best run {days}", days=t.number(view.summary.best)))
    if amount is not None and amount.fraction >= 1:
        lines.append(t("The month's target, met: four weeks of small wins, added up. 🏆"))
    elif amount is not None and amount.fraction >= 0.75:
        lines.append(t("Most of the way there — a strong month."))
    else:
        lines.append(
            t(
                "A month with gaps is still a month of work: {days} days of it count.",
                days=t.number(days.kept),
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
                amount=_amount(t, outcome.done.quantity, outcome.target),
                percent=_percent(t, outcome.percent),
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


def _note(t: Translator, note: MilestoneNote) -> Reply:
    """A milestone's word on its own: its date passed, or it is near on a day already kept."""
    milestone = note.deadline.milestone
    if note.deadline.moment is DeadlineMoment.PASSED:
        return goal_views.passed_note(t, milestone, note.goal, note.today)
    return goal_views.due_soon_note(
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


def _with_commitment(t: Translator, reply: Reply, card: NudgeCard) -> Reply:
    """A fresh-start morning asks for a concrete commitment, one tap."""
    goal = card.view.goal
    label = t("🤝 I'm in: {action}", action=clip(card.view.target.text or goal.vision, 40))
    row = [InlineKeyboardButton(label, callback_data=cb.CommitTo(goal.goal_id).pack())]
    existing = reply.keyboard
    rows = [row]
    if isinstance(existing, InlineKeyboardMarkup):
        rows = [row, *[list(r) for r in existing.inline_keyboard]]
    return Reply(reply.text, InlineKeyboardMarkup(rows))


def committed(t: Translator, goal: Goal, target: Target) -> Reply:
    """After committing on a fresh-start morning: the action in force today, not the plan's.

    During a comeback that is the step's size; the climb back up is mentioned, so the user
    knows the full size is still the plan.
    """
    action = target.text or goal.daily or ""
    values = {"action": esc(action), "goal": esc(clip(goal.vision, 48))}
    ramp = target.ramp
    if ramp is not None and ramp[0] < ramp[1]:
        text = t(
            "🤝 Committed. From today: <b>{action}</b>, every day, for <b>{goal}</b> — step "
            "{step} of {steps} on the way back to full size.",
            step=t.number(ramp[0]),
            steps=t.number(ramp[1]),
            **values,
        )
    else:
        text = t(
            "🤝 Committed. From today: <b>{action}</b>, every day, for <b>{goal}</b>.", **values
        )
    minimum = goal.mva if goal.mva and goal.mva != action else None
    if minimum:
        text += " " + t(
            "On hard days, <i>{minimum}</i> counts.", minimum=esc(shown_minimum(t, minimum))
        )
    return Reply(text + " " + t("I'll be counting with you."))


def _pick(templates: tuple[str, ...], user_id: int, day: date, *, salt: int) -> str:
    return templates[variant(user_id, day, len(templates), salt=salt)]


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
        _pick(_action_leads(t, action), user_id, day, salt=4),
    ]
    if goal.mva and goal.mva != view.target.text:
        minimum = f"<i>{esc(shown_minimum(t, goal.mva))}</i>"
        lines.append(_pick(_minimum_lines(t, minimum), user_id, day, salt=5))
    lines.append(chain(view.states, day))
    lines.append(
        t(
            "🔥 Streak {streak} · best {best} · strength {strength}",
            streak=t.number(summary.current),
            best=t.number(summary.best),
            strength=_percent(t, summary.strength * 100),
        )
    )
    level = view.target.level
    restarted_today = level is not None and level.effective_from >= day
    if summary.missed_in_a_row >= 2 and not restarted_today:
        lines.append(t("A couple of quiet days — /comeback makes restarting tiny."))
    elif summary.missed_in_a_row == 1:
        lines.append(_pick(slipped_lines(t), user_id, day, salt=6))
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


_EVE = frozenset({DeadlineMoment.EVE})


def evening(t: Translator, reminder: EveningReminder) -> list[Reply]:
    """Tonight's open streaks, each with its buttons; milestones due tomorrow (rule 12)."""
    replies = []
    at_risk = {view.goal.goal_id for view in reminder.views}
    for view in reminder.eve:
        if view.goal.goal_id not in at_risk:
            lines = [_pick(_milestone_eves(t), reminder.user.user_id, view.day, salt=14)]
            lines.extend(win_views.deadline_lines(t, view, _EVE))
            keyboard = InlineKeyboardMarkup(win_views.deadline_rows(t, view, _EVE))
            replies.append(Reply("\n".join(lines), keyboard))
    for index, view in enumerate(reminder.views):
        summary = view.summary
        values = {
            "streak": t.number(summary.current),
            "next": t.number(summary.current + 1),
            "votes": t.number(summary.votes),
            "name": f"<b>{esc(clip(view.goal.vision, 48))}</b>",
            "mva": f"<i>{esc(shown_minimum(t, view.goal.mva or view.target.text))}</i>",
        }
        text = _pick(_evenings(t, values), reminder.user.user_id, view.day, salt=7 + index)
        eve = win_views.deadline_lines(t, view, _EVE)
        if eve:
            text += "\n\n" + "\n".join(eve)
        keyboard = win_views.with_rows(
            win_views.day_buttons(t, view), win_views.deadline_rows(t, view, _EVE)
        )
        replies.append(Reply(text, keyboard))
    return replies


def _milestone_eves(t: Translator) -> tuple[str, ...]:
    return (
        t("🌙 A quick heads-up for tomorrow."),
        t("🌙 One for tomorrow's list."),
        t("🌙 Before you wind down: tomorrow has a date on it."),
        t("🌙 Tomorrow brings a deadline you set."),
        t("🌙 Just so tomorrow doesn't surprise you."),
        t("🌙 A note for the morning."),
        t("🌙 Tomorrow's the day you picked for this one."),
        t("🌙 Looking ahead to tomorrow."),
    )


def _evenings(t: Translator, values: dict[str, str]) -> tuple[str, ...]:
    return (
        t(
            "🌙 Your <b>{streak}-day streak</b> for {name} is still open tonight. "
            "Even the minimum counts: {mva}.",
            **values,
        ),
        t(
            "🌙 {streak} days in a row for {name} — tonight's square is still empty. "
            "Just {mva} fills it.",
            **values,
        ),
        t(
            "🌙 Still time tonight for {name}: {streak} days so far, day {next} is one small "
            "action away. The minimum will do: {mva}.",
            **values,
        ),
        t(
            "🌙 A quick one before bed? {name} is on {streak} days. Even {mva} keeps them going.",
            **values,
        ),
        t(
            "🌙 Day {next} of {name} is up for grabs tonight, after {streak} in a row. "
            "Go small if you like: {mva}.",
            **values,
        ),
        t(
            "🌙 {votes} wins so far for {name}, the last {streak} in a row — and today's still "
            "open. Just {mva} would be plenty.",
            **values,
        ),
        t(
            "🌙 Your chain for {name} has {streak} links — room for one more tonight. "
            "Smallest version: {mva}.",
            **values,
        ),
        t(
            "🌙 Evening check-in for {name}: {streak} days and counting. Even {mva} adds one.",
            **values,
        ),
    )


def fresh_start_eve(t: Translator, eve: FreshStartEve) -> list[Reply]:
    """The evening before a landmark or a plan's day one: anticipation."""
    lines = []
    if eve.landmark is not None:
        lines.append(
            t(
                "✨ Tomorrow is a fresh start — {landmark}.",
                landmark=landmark_name(t, eve.landmark),
            )
        )
    for view in eve.day_one:
        action = view.target.text or view.goal.daily or ""
        lines.append(
            t(
                "🚀 Tomorrow is day one of <b>{goal}</b>: <b>{action}</b>. That's the whole job — "
                "small on purpose.",
                goal=esc(clip(view.goal.vision, 48)),
                action=esc(action),
            )
        )
    if not eve.day_one:
        lines.append(_eve_running(t, eve.running, eve.user.user_id))
    return [Reply("\n".join(lines))]


def _eve_running(t: Translator, running: tuple[GoalDay, ...], user_id: int) -> str:
    """What the fresh start means for this user: a restart after a lapse, or more of the same.

    Only a habit that lapsed (two misses in a row) is pointed to /comeback (rule 9).
    """
    lapsed = [view for view in running if view.summary.missed_in_a_row >= 2]
    if lapsed:
        view = lapsed[0]
        smallest = view.goal.mva or view.target.text
        return t(
            "A good moment to restart small: /comeback takes <b>{goal}</b> down to "
            "<i>{smallest}</i>.",
            goal=esc(clip(view.goal.vision, 48)),
            smallest=esc(shown_minimum(t, smallest)),
        )
    if running:
        view = max(running, key=lambda v: v.summary.current)
        values = {
            "name": esc(clip(view.goal.vision, 48)),
            "action": esc(view.target.text),
            "streak": t.number(view.summary.current),
        }
        if view.summary.current >= 2:
            return _pick(_eve_streak(t, values), user_id, view.day, salt=9)
        return _pick(_eve_clean(t, values), user_id, view.day, salt=10)
    return t("Want to begin something small? /plan sets up a new habit.")


def _eve_streak(t: Translator, v: dict[str, str]) -> tuple[str, ...]:
    return (
        t(
            "Your {streak}-day streak for <b>{name}</b> comes along — tomorrow, as ever: "
            "<b>{action}</b>.",
            **v,
        ),
        t(
            "{streak} days of <b>{name}</b> behind you; tomorrow adds one more: <b>{action}</b>.",
            **v,
        ),
        t(
            "Bring your {streak}-day run for <b>{name}</b> into it: <b>{action}</b>, same as ever.",
            **v,
        ),
        t(
            "A new page, an old friend: <b>{name}</b>, {streak} days strong. Up tomorrow: "
            "<b>{action}</b>.",
            **v,
        ),
        t(
            "Nothing to reset for <b>{name}</b> — {streak} days and going. Tomorrow: "
            "<b>{action}</b>.",
            **v,
        ),
        t(
            "Your {streak} days of <b>{name}</b> roll right on. Tomorrow's step: <b>{action}</b>.",
            **v,
        ),
        t(
            "Keep the {streak}-day chain for <b>{name}</b> rolling: tomorrow, <b>{action}</b>.",
            **v,
        ),
        t(
            "{streak} kept days of <b>{name}</b> meet a fresh page tomorrow: <b>{action}</b>.",
            **v,
        ),
    )


def _eve_clean(t: Translator, v: dict[str, str]) -> tuple[str, ...]:
    return (
        t("A clean page for <b>{name}</b>: tomorrow, just <b>{action}</b>.", **v),
        t("Tomorrow starts fresh for <b>{name}</b>: <b>{action}</b>, nothing more.", **v),
        t("A new run of <b>{name}</b> can begin tomorrow: <b>{action}</b>.", **v),
        t("Tomorrow, day one of a new chain for <b>{name}</b>: <b>{action}</b>.", **v),
        t("A blank square waits for <b>{name}</b> tomorrow: <b>{action}</b> fills it.", **v),
        t("Fresh start for <b>{name}</b> tomorrow — just <b>{action}</b>.", **v),
        t("Let tomorrow be the first of many for <b>{name}</b>: <b>{action}</b>.", **v),
        t("Tomorrow is open for <b>{name}</b>: <b>{action}</b> is all it asks.", **v),
    )


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
                    percent=_percent(t, rate * 100),
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
            trend = "↗️" if this.kept > last.kept else ("↘️" if this.kept < last.kept else "→")
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
            lines.append(_replan_line(t, item.replan, weekly.today))
            rows.extend(_replan_rows(t, goal.goal_id, item.replan, weekly.today))
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
        closings = _closings(t, kept, streak_days)
        lines.append(closings[weekly_variant(user_id, week_end, len(closings), salt=12)])
    return [Reply("\n".join(lines).strip(), InlineKeyboardMarkup(rows) if rows else None)]


def _week_amount(t: Translator, item: ReviewItem) -> str:
    week = item.week
    if week is None:
        return ""
    return _amount(t, week.done.quantity, week.target)


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


def _about(t: Translator, amount: float, unit: str) -> str:
    """An amount a day, read the way a level reads ("about 310 words")."""
    return esc(t.measure(round_level(amount, unit))) if amount > 0 else t("nothing")


def _replan_line(t: Translator, replan: Replan, today: date) -> str:
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


def _replan_rows(
    t: Translator, goal_id: int, replan: Replan, today: date
) -> list[list[InlineKeyboardButton]]:
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


def fresh_start_choices(t: Translator, landmarks: list[Landmark], today: date) -> Reply:
    """/freshstart: the next landmarks as buttons, or a typed date."""
    rows = [
        [
            InlineKeyboardButton(
                f"{t.day(landmark.day, today)} · {landmark_name(t, landmark)}",
                callback_data=cb.PickFreshStart(landmark.day).pack(),
            )
        ]
        for landmark in landmarks
    ]
    return Reply(
        t(
            "✨ Fresh starts stick: a new week, a new month, a birthday. Pick your day — or type "
            "one, like <i>15 January</i>."
        ),
        InlineKeyboardMarkup(rows),
    )


def fresh_start_set(t: Translator, day: date, today: date) -> Reply:
    """After picking a fresh-start date."""
    return Reply(
        t(
            "✨ Your fresh start: <b>{day}</b>. The evening before I'll remind you, and that "
            "morning we commit to one small thing.",
            day=t.day(day, today),
        )
    )


def fresh_start_problem(t: Translator, text: str) -> Reply:
    """A typed date that can't be used."""
    return Reply(text + " " + t("Try <i>Monday</i>, <i>1 December</i> or <i>2027-01-01</i>."))
