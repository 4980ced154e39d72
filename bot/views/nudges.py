"""Texts and buttons of the messages the bot sends by itself."""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.coach.breakdown import round_level
from bot.coach.dates import format_date
from bot.coach.deadlines import DeadlineMoment
from bot.coach.landmarks import Landmark, LandmarkKind
from bot.coach.models import Goal
from bot.coach.progress import Replan
from bot.coach.quantities import format_measure, format_quantity
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
from bot.views import plan_callbacks as plan_cb
from bot.views import wins as win_views
from bot.views.i18n import ENGLISH_TRANSLATOR
from bot.views.reply import Reply, clip, esc

# Rule 15: every rotating line has at least eight templates (wording.VARIANTS), chosen by
# (user, date) in bot.coach.wording, so no sentence comes back within a week. Each template is
# unique across all scheduled messages, even with the user's goal text taken out.

_GREETINGS = (
    "☀️ Good morning, {name}!",
    "☀️ Morning, {name}!",
    "☀️ Hello, {name} — a new day.",
    "☀️ Rise and shine, {name}!",
    "☀️ Hi {name}, here's your day.",
    "☀️ Good morning, {name} — ready when you are.",
    "☀️ Hey {name}!",
    "☀️ Morning, {name} — let's keep it light.",
)

_ACTION_LEADS = (
    "Today: {action}",
    "Today's one thing: {action}",
    "On the list today: {action}",
    "Today's small win: {action}",
    "Up next: {action}",
    "Your step today: {action}",
    "For today: {action}",
    "Today's action: {action}",
)

_MINIMUM_LINES = (
    "Hard day? The minimum counts: {mva}",
    "Short on time? Just {mva} still keeps the day.",
    "Busy day? Then {mva} is enough.",
    "Low on energy? Even {mva} counts in full.",
    "The floor is {mva} — a kept day too.",
    "If the day gets away from you: {mva}.",
    "Tight day? Just {mva}, and the chain holds.",
    "Smallest version, same credit: {mva}.",
)

SLIPPED_LINES = (
    "Yesterday slipped — an accident, not a pattern. Today's a good day.",
    "One quiet day is just a day. Today picks the thread back up.",
    "Yesterday got away; today is wide open.",
    "A single miss changes nothing — today counts just the same.",
    "Yesterday was a pause, not a verdict.",
    "Missed one? Happens to everyone. Today's step is right here.",
    "Back on it today — one small action is all it takes.",
    "Yesterday's gone; today's square is still yours.",
)

_FRESH_START_LINES = (
    "A perfect day to commit: one small action, every day.",
    "New page, same small step — want to commit to it?",
    "Landmarks make restarts stick. Commit to one small thing?",
    "A good day to promise yourself something small.",
    "Fresh starts love small promises. Make one?",
    "The calendar turned a page — pick your one small thing.",
    "Days like this make new habits stick. Commit?",
    "Start clean: one small action, from today on.",
)

_WEEKDAYS = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")


def _streak_momentum(index: int, f: Figures) -> str:
    nxt = f.streak + 1
    if index == 0:
        return f"{f.streak} days in a row now — each one a quiet yes."
    if index == 1:
        return f"{f.votes} wins so far; today can make it {f.votes + 1}."
    if index == 2:
        return f"{f.kept_week} of your last {f.days_week} days kept. That's a rhythm."
    if index == 3:
        return f"Habit strength {f.strength}% and climbing: every kept day adds a little."
    if index == 4:
        if f.streak >= f.best:
            return f"This is your longest run yet: {f.streak} days."
        return f"Your best run is {f.best} days — this one is at {f.streak}."
    if index == 5:
        if f.weekday is not None and f.weekday_days >= 2:
            return (
                f"{_WEEKDAYS[f.weekday]} are your strongest: "
                f"{f.weekday_kept} of {f.weekday_days} kept."
            )
        return f"Day {nxt} of the chain is waiting; the minimum keeps it too."
    if index == 6:
        return _plan_week(f.plan_week)
    return f"{f.streak} days strong — today's small action makes it {nxt}."


def _plan_week(week: int) -> str:
    """Rule 11's 30-day system, one sentence per phase."""
    if week <= 1:
        return "Week 1 of your plan: showing up matters more than size."
    if week <= 3:
        return f"Week {week}: small, boring repeats are what momentum is made of."
    if week == 4:
        return "Week 4: the habit is settling in — soon it can grow a little."
    return f"Week {week} of your plan: by now this is simply what you do."


def _restart_momentum(index: int, f: Figures) -> str:
    if index == 0:
        return f"{f.votes} wins already in the bank — a miss doesn't take them back."
    if index == 1:
        return f"Your best run so far: {f.best} days. A new one starts with today."
    if index == 2:
        return f"Habit strength is still {f.strength}% — one day barely moves it."
    if index == 3:
        if f.kept_week:
            return f"{f.kept_week} of the last {f.days_week} days kept. Today adds one more."
        return "Every run starts with a single day — today's can be tiny."
    if index == 4:
        return "One kept day starts a chain. Today can be that day."
    if index == 5:
        return f"You've shown up {f.votes} times before. Once more today."
    if index == 6:
        return f"Week {f.plan_week} of your plan: the smallest version is a fine way back in."
    return "Long streaks are made of restarts like this one."


_FIRST_MOMENTUM = (
    "Day one of the chain: tiny is perfect.",
    "The first square is the hardest — and the smallest version counts.",
    "Start so small it feels silly. That's the trick.",
    "Nothing to prove today, just one small action.",
    "The first win is the one that counts most.",
    "Showing up beats size, especially at the start.",
    "One tap on Done starts your chain.",
    "Small today, steady tomorrow.",
)


def momentum_line(choice: Momentum) -> str:
    """The morning's line about the user's own figures (plain text, nothing to escape)."""
    if choice.kind is MomentumKind.STREAK:
        return _streak_momentum(choice.index, choice.figures)
    if choice.kind is MomentumKind.RESTART:
        return _restart_momentum(choice.index, choice.figures)
    return _FIRST_MOMENTUM[choice.index % len(_FIRST_MOMENTUM)]


_LANDMARKS = {
    LandmarkKind.MONDAY: "a new week",
    LandmarkKind.MONTH_START: "a new month",
    LandmarkKind.QUARTER_START: "a new quarter",
    LandmarkKind.BIRTHDAY: "your birthday 🎂",
    LandmarkKind.CUSTOM: "the day you picked",
}


NEW_YEAR = "the New Year"
"""1 January is a quarter's and a month's start too, but people call it the New Year (as the
plan's start buttons do)."""


def landmark_name(landmark: Landmark) -> str:
    """ "a new month", "your birthday", "the New Year", …"""
    day = landmark.day
    new_year = (day.month, day.day) == (1, 1)
    if new_year and landmark.kind in (LandmarkKind.QUARTER_START, LandmarkKind.MONTH_START):
        return NEW_YEAR
    return _LANDMARKS[landmark.kind]


def morning(nudge: MorningNudge) -> list[Reply]:
    """One message per goal: today's action with Done / minimum / rest (or a comeback offer)."""
    name = esc(nudge.user.first_name) if nudge.user.first_name else "there"
    if nudge.gentle:
        return [_gentle(nudge.cards[0], name)]
    replies = []
    user_id = nudge.user.user_id
    for index, card in enumerate(nudge.cards):
        lead = ""
        day = card.view.day
        if index == 0:
            lead = _pick(_GREETINGS, user_id, day, salt=1).format(name=name)
            if nudge.landmark is not None:
                lead += f"\n✨ Today is a fresh start — {landmark_name(nudge.landmark)}. " + _pick(
                    _FRESH_START_LINES, user_id, day, salt=2
                )
            lead += "\n\n"
        reply = _card(card, lead, user_id)
        if index == 0 and nudge.landmark is not None and card.comeback is None:
            reply = _with_commitment(reply, card)
        replies.append(reply)
    replies.extend(_note(note) for note in nudge.notes)
    for beat in nudge.system:
        replies.append(month_review(beat) if isinstance(beat, MonthReview) else cycle_invite(beat))
    return replies


def month_review(review: MonthReview) -> Reply:
    """A plan month has ended: its numbers, and the month ahead to keep or adjust (rule 11)."""
    view, month, ladder = review.view, review.month, review.ladder
    goal, today = view.goal, view.day
    span = f"{format_date(month.first, today)} – {format_date(month.last, today)}"
    days = ladder.month_days
    lines = [
        f"🗓 <b>Plan month {month.number} of {esc(clip(goal.vision, 48))} is done</b> ({span})",
    ]
    numbers = f"✅ {days.kept} of {days.elapsed} days kept"
    amount = ladder.month
    if amount is not None:
        numbers += (
            f" · {format_quantity(amount.done.quantity)}/{esc(format_measure(amount.target))}"
            f" ({amount.percent}%)"
        )
    lines.append(numbers + f" · best run {view.summary.best}")
    if amount is not None and amount.fraction >= 1:
        lines.append("The month's target, met: four weeks of small wins, added up. 🏆")
    elif amount is not None and amount.fraction >= 0.75:
        lines.append("Most of the way there — a strong month.")
    else:
        lines.append(f"A month with gaps is still a month of work: {days.kept} days of it count.")
    sizes = view.target.sizes
    ahead = [f"<b>{esc(view.target.text)}</b> a day"] if view.target.text else []
    if sizes.weekly is not None:
        ahead.append(f"{esc(format_measure(sizes.weekly))} a week")
    if sizes.monthly is not None:
        ahead.append(f"{esc(format_measure(sizes.monthly))} this plan month")
    week = month.number * 4 + 1
    lines.append(
        f"\nPlan month {month.number + 1} starts now (week {week}): {', '.join(ahead)}. "
        "A good moment to adjust — keep the plan, or change it?"
    )
    rows = [
        [
            InlineKeyboardButton("👍 Keep the plan", callback_data=cb.replan_keep(goal.goal_id)),
            InlineKeyboardButton(
                "✏️ Adjust the plan", callback_data=plan_cb.build("show", goal.goal_id)
            ),
        ]
    ]
    return Reply("\n".join(lines), InlineKeyboardMarkup(rows))


def cycle_invite(invite: CycleInvite) -> Reply:
    """The 12-week date is a week away: invite the next cycle (rule 11)."""
    view, goal = invite.view, invite.view.goal
    today = view.day
    due = format_date(invite.due, today)
    lines = [
        f"🏁 <b>The last week of your 12 weeks</b> for <b>{esc(clip(goal.vision, 48))}</b>: "
        f"the date is {due}."
    ]
    outcome = invite.ladder.outcome if invite.ladder is not None else None
    rows = []
    if outcome is not None and goal.outcome_measure is not None:
        lines.append(
            f"So far: {format_quantity(outcome.done.quantity)}/"
            f"{esc(format_measure(outcome.target))} ({outcome.percent}%)."
        )
        again = esc(format_measure(goal.outcome_measure))
        lines.append(
            f"The next 12 weeks can follow straight on — another {again}, the same small "
            "daily step. Plan them now?"
        )
        rows.append(
            [
                InlineKeyboardButton(
                    f"🗺 Next 12 weeks: another {format_measure(goal.outcome_measure)}",
                    callback_data=cb.next_cycle(goal.goal_id),
                )
            ]
        )
    else:
        lines.append("The next 12 weeks can follow straight on. Plan them now?")
    rows.append(
        [
            InlineKeyboardButton(
                "✏️ Plan them my way", callback_data=plan_cb.build("show", goal.goal_id)
            )
        ]
    )
    return Reply("\n".join(lines), InlineKeyboardMarkup(rows))


def _note(note: MilestoneNote) -> Reply:
    """A milestone's word on its own: its date passed, or it is near on a day already kept."""
    milestone = note.deadline.milestone
    if note.deadline.moment is DeadlineMoment.PASSED:
        return goal_views.passed_note(ENGLISH_TRANSLATOR, milestone, note.goal, note.today)
    return goal_views.due_soon_note(
        ENGLISH_TRANSLATOR,
        milestone,
        note.goal,
        tomorrow=note.deadline.moment is DeadlineMoment.EVE,
    )


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


def _pick(templates: tuple[str, ...], user_id: int, day: date, *, salt: int) -> str:
    return templates[variant(user_id, day, len(templates), salt=salt)]


def _card(card: NudgeCard, lead: str, user_id: int) -> Reply:
    """One goal's morning card: today's action, the minimum, the chain and a line of their own."""
    if card.comeback is not None:
        # The scheduled messages are not translated yet: the offer in them stays English.
        offer = comeback_views.offer(ENGLISH_TRANSLATOR, card.comeback)
        return Reply(lead + offer.text, offer.keyboard)
    view, goal = card.view, card.view.goal
    day, summary = view.day, view.summary
    ramp = view.target.ramp
    step = f" (step {ramp[0]} of {ramp[1]})" if ramp else ""
    action = f"{esc(view.target.text or 'your daily action')}{step}"
    lines = [
        f"{lead}<b>{esc(clip(goal.vision, 48))}</b>",
        _pick(_ACTION_LEADS, user_id, day, salt=4).format(action=action),
    ]
    if goal.mva and goal.mva != view.target.text:
        minimum = f"<i>{esc(goal.mva)}</i>"
        lines.append(_pick(_MINIMUM_LINES, user_id, day, salt=5).format(mva=minimum))
    lines.append(chain(view.states, day))
    strength = round(summary.strength * 100)
    lines.append(f"🔥 Streak {summary.current} · best {summary.best} · strength {strength}%")
    level = view.target.level
    restarted_today = level is not None and level.effective_from >= day
    if summary.missed_in_a_row >= 2 and not restarted_today:
        lines.append("A couple of quiet days — /comeback makes restarting tiny.")
    elif summary.missed_in_a_row == 1:
        lines.append(_pick(SLIPPED_LINES, user_id, day, salt=6))
    found = figures(
        view.states,
        day,
        streak=summary.current,
        best=summary.best,
        votes=summary.votes,
        strength=summary.strength,
        plan_week=card.week_number,
    )
    lines.extend(win_views.deadline_lines(ENGLISH_TRANSLATOR, view, card.deadlines))
    lines.append(f"\n<i>{esc(momentum_line(momentum(user_id, day, found)))}</i>")
    keyboard = win_views.with_rows(
        win_views.day_buttons(ENGLISH_TRANSLATOR, view),
        win_views.deadline_rows(ENGLISH_TRANSLATOR, view, card.deadlines),
    )
    return Reply("\n".join(line for line in lines if line), keyboard)


_EVE = frozenset({DeadlineMoment.EVE})


def evening(reminder: EveningReminder) -> list[Reply]:
    """Tonight's open streaks, each with its buttons; milestones due tomorrow (rule 12)."""
    replies = []
    at_risk = {view.goal.goal_id for view in reminder.views}
    for view in reminder.eve:
        if view.goal.goal_id not in at_risk:
            lines = [_pick(_MILESTONE_EVES, reminder.user.user_id, view.day, salt=14)]
            lines.extend(win_views.deadline_lines(ENGLISH_TRANSLATOR, view, _EVE))
            keyboard = InlineKeyboardMarkup(win_views.deadline_rows(ENGLISH_TRANSLATOR, view, _EVE))
            replies.append(Reply("\n".join(lines), keyboard))
    for index, view in enumerate(reminder.views):
        summary = view.summary
        template = _pick(_EVENINGS, reminder.user.user_id, view.day, salt=7 + index)
        text = template.format(
            streak=summary.current,
            next=summary.current + 1,
            votes=summary.votes,
            name=f"<b>{esc(clip(view.goal.vision, 48))}</b>",
            mva=f"<i>{esc(view.goal.mva or view.target.text)}</i>",
        )
        eve = win_views.deadline_lines(ENGLISH_TRANSLATOR, view, _EVE)
        if eve:
            text += "\n\n" + "\n".join(eve)
        keyboard = win_views.with_rows(
            win_views.day_buttons(ENGLISH_TRANSLATOR, view),
            win_views.deadline_rows(ENGLISH_TRANSLATOR, view, _EVE),
        )
        replies.append(Reply(text, keyboard))
    return replies


_MILESTONE_EVES = (
    "🌙 A quick heads-up for tomorrow.",
    "🌙 One for tomorrow's list.",
    "🌙 Before you wind down: tomorrow has a date on it.",
    "🌙 Tomorrow brings a deadline you set.",
    "🌙 Just so tomorrow doesn't surprise you.",
    "🌙 A note for the morning.",
    "🌙 Tomorrow's the day you picked for this one.",
    "🌙 Looking ahead to tomorrow.",
)


_EVENINGS = (
    "🌙 Your <b>{streak}-day streak</b> for {name} is still open tonight. "
    "Even the minimum counts: {mva}.",
    "🌙 {streak} days in a row for {name} — tonight's square is still empty. Just {mva} fills it.",
    "🌙 Still time tonight for {name}: {streak} days so far, day {next} is one small "
    "action away. "
    "The minimum will do: {mva}.",
    "🌙 A quick one before bed? {name} is on {streak} days. Even {mva} keeps them going.",
    "🌙 Day {next} of {name} is up for grabs tonight, after {streak} in a row. "
    "Go small if you like: {mva}.",
    "🌙 {votes} wins so far for {name}, the last {streak} in a row — and today's still "
    "open. Just {mva} would be plenty.",
    "🌙 Your chain for {name} has {streak} links — room for one more tonight. "
    "Smallest version: {mva}.",
    "🌙 Evening check-in for {name}: {streak} days and counting. Even {mva} adds one.",
)


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
        lines.append(_eve_running(eve.running, eve.user.user_id))
    return [Reply("\n".join(lines))]


def _eve_running(running: tuple[GoalDay, ...], user_id: int) -> str:
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
            template = _pick(_EVE_STREAK, user_id, view.day, salt=9)
            return template.format(streak=view.summary.current, name=name, action=action)
        return _pick(_EVE_CLEAN, user_id, view.day, salt=10).format(name=name, action=action)
    return "Want to begin something small? /plan sets up a new habit."


_EVE_STREAK = (
    "Your {streak}-day streak for <b>{name}</b> comes along — tomorrow, as ever: <b>{action}</b>.",
    "{streak} days of <b>{name}</b> behind you; tomorrow adds one more: <b>{action}</b>.",
    "Bring your {streak}-day run for <b>{name}</b> into it: <b>{action}</b>, same as ever.",
    "A new page, an old friend: <b>{name}</b>, {streak} days strong. Up tomorrow: <b>{action}</b>.",
    "Nothing to reset for <b>{name}</b> — {streak} days and going. Tomorrow: <b>{action}</b>.",
    "Your {streak} days of <b>{name}</b> roll right on. Tomorrow's step: <b>{action}</b>.",
    "Keep the {streak}-day chain for <b>{name}</b> rolling: tomorrow, <b>{action}</b>.",
    "{streak} kept days of <b>{name}</b> meet a fresh page tomorrow: <b>{action}</b>.",
)

_EVE_CLEAN = (
    "A clean page for <b>{name}</b>: tomorrow, just <b>{action}</b>.",
    "Tomorrow starts fresh for <b>{name}</b>: <b>{action}</b>, nothing more.",
    "A new run of <b>{name}</b> can begin tomorrow: <b>{action}</b>.",
    "Tomorrow, day one of a new chain for <b>{name}</b>: <b>{action}</b>.",
    "A blank square waits for <b>{name}</b> tomorrow: <b>{action}</b> fills it.",
    "Fresh start for <b>{name}</b> tomorrow — just <b>{action}</b>.",
    "Let tomorrow be the first of many for <b>{name}</b>: <b>{action}</b>.",
    "Tomorrow is open for <b>{name}</b>: <b>{action}</b> is all it asks.",
)


def review(weekly: WeeklyReview) -> list[Reply]:
    """The user's week in review (or so far, mid-week), one message."""
    today = weekly.today
    # A plan that began this week is reviewed from its first day; mid-week, up to today.
    starts = [item.view.goal.start_date or weekly.week_start for item in weekly.items]
    first = max(weekly.week_start, min(starts))
    until = today if weekly.so_far else weekly.week_end
    span = format_date(first, today)
    if until != first:
        span += f" – {format_date(until, today)}"
    title = "Your week so far" if weekly.so_far else "Your week in review"
    lines = [f"📅 <b>{title}</b> · {span}", ""]
    user_id, week_end = weekly.user.user_id, weekly.week_end
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
        if item.week is not None:
            lines.append(f"📈 {_week_amount(item)} this week")
        if goal.identity and item.view.summary.votes:
            votes = item.view.summary.votes
            plural = "vote" if votes == 1 else "votes"
            lines.append(f"🪪 {votes} {plural} for “{esc(goal.identity)}”")
        if last.elapsed:
            trend = "↗️" if this.kept > last.kept else ("↘️" if this.kept < last.kept else "→")
            lines.append(f"Last week: {last.kept}/{last.elapsed} {trend}")
        next_line = _next_week_line(item, weekly)
        if next_line:
            lines.append(next_line)
        if item.replan is not None:
            lines.append(_replan_line(item.replan, weekly.today))
            rows.extend(_replan_rows(goal.goal_id, item.replan, weekly.today))
        verdict, proposed = item.verdict, item.next_weekly
        if (
            verdict is not None
            and proposed is not None
            and verdict.proposal is not ReviewProposal.HOLD
        ):
            rows.append(
                [
                    InlineKeyboardButton(
                        f"👍 {clip(goal.vision, 24)}: {format_measure(proposed)}",
                        callback_data=cb.accept_weekly(
                            goal.goal_id, proposed.quantity, weekly.next_week_starts
                        ),
                    )
                ]
            )
        lines.append("")
    kept = sum(item.this_week.kept for item in weekly.items)
    streak = max(item.view.summary.current for item in weekly.items)
    days = "day" if kept == 1 else "days"
    if weekly.so_far:
        ends = format_date(weekly.week_end, today)
        lines.append(f"{kept} kept {days} so far; the week runs until {ends}. 🌱")
    else:
        closing = _CLOSINGS[weekly_variant(user_id, week_end, len(_CLOSINGS), salt=12)]
        lines.append(closing.format(kept=kept, streak=streak, days=days))
    return [Reply("\n".join(lines).strip(), InlineKeyboardMarkup(rows) if rows else None)]


def _week_amount(item: ReviewItem) -> str:
    week = item.week
    if week is None:
        return ""
    return f"{format_quantity(week.done.quantity)}/{esc(format_measure(week.target))}"


def _next_week_line(item: ReviewItem, weekly: WeeklyReview) -> str:
    """What next week holds: accepted already, a proposal judged by its own measure, or why
    nothing changes (climbing back, too few days, no amount to judge)."""
    pick = weekly_variant(weekly.user.user_id, weekly.week_end, 4, salt=11)
    if item.accepted is not None:
        starts = format_date(weekly.next_week_starts, weekly.today)
        accepted = esc(format_measure(item.accepted))
        return f"✓ Next week's goal is set: <b>{accepted}</b>, from {starts}."
    if item.climbing is not None:
        step, steps = item.climbing
        return (
            f"Climbing back: step {step} of {steps}. The steps set the size for now — "
            "nothing to change."
        )
    verdict = item.verdict
    if verdict is None:
        return ""
    days = verdict.planned_days
    fields = {
        "days": f"{days} day" if days == 1 else f"{days} days",
        "next": esc(format_measure(item.next_weekly)) if item.next_weekly else "",
        "done": _week_amount(item).split("/", 1)[0],
        "target": esc(format_measure(item.week.target)) if item.week else "",
    }
    if verdict.basis is ReviewBasis.SHORT:
        templates = _SHORT if item.next_weekly else _SHORT_DAYS
    elif verdict.basis is ReviewBasis.AMOUNT and item.next_weekly is not None:
        templates = _BY_AMOUNT[verdict.proposal]
    else:
        templates = _BY_DAYS[verdict.proposal]
    return templates[pick % len(templates)].format(**fields)


def _about(amount: float, unit: str) -> str:
    """An amount a day, read the way a level reads ("about 310 words")."""
    return esc(format_measure(round_level(amount, unit))) if amount > 0 else "nothing"


def _replan_line(replan: Replan, today: date) -> str:
    """The outcome will be missed at this pace: said once, kindly, with the numbers."""
    outcome, due = esc(format_measure(replan.outcome)), format_date(replan.due, today)
    pace = _about(replan.per_day, replan.outcome.unit)
    if replan.finish is not None:
        text = (
            f"📐 At your pace, about {pace} a day, {outcome} comes on "
            f"{format_date(replan.finish, today)} rather than {due}."
        )
    else:
        text = f"📐 At your pace, about {pace} a day, {outcome} is more than {due} allows."
    options = []
    if replan.finish is not None:
        options.append("move the date")
    if replan.reachable is not None:
        options.append(f"aim for {esc(format_measure(replan.reachable))} by {due}")
    text += " Plans are for adjusting — " + " or ".join(options) + "?"
    if replan.needed_per_day is not None:
        needed = _about(replan.needed_per_day, replan.outcome.unit)
        text += f" Keeping it asks about {needed} a day from here."
    return text


def _replan_rows(goal_id: int, replan: Replan, today: date) -> list[list[InlineKeyboardButton]]:
    choices = []
    if replan.finish is not None:
        label = f"📅 Move to {format_date(replan.finish, today)}"
        choices.append(
            InlineKeyboardButton(label, callback_data=cb.replan_date(goal_id, replan.finish))
        )
    if replan.reachable is not None:
        label = f"🎯 Aim for {format_measure(replan.reachable)}"
        data = cb.replan_size(goal_id, replan.reachable.quantity)
        choices.append(InlineKeyboardButton(label, callback_data=data))
    keep = InlineKeyboardButton("Keep the plan", callback_data=cb.replan_keep(goal_id))
    return [choices, [keep]]


def replanned(goal: Goal, before: Goal, today: date) -> Reply:
    """After a re-plan: the new outcome or date, and the levels that follow from today."""
    name = esc(clip(goal.vision, 48))
    due = format_date(goal.outcome_due, today) if goal.outcome_due else "the 12-week date"
    grew = (
        goal.outcome_measure is not None
        and before.outcome_measure is not None
        and goal.outcome_measure.quantity > before.outcome_measure.quantity
    )
    if grew and goal.outcome_due != before.outcome_due:
        head = f"🗺 The next 12 weeks for <b>{name}</b>: {esc(goal.outcome or '')} by {due}."
    elif goal.outcome_measure != before.outcome_measure and goal.outcome_measure is not None:
        head = f"🎯 New outcome for <b>{name}</b>: {esc(goal.outcome or '')}, by {due}."
    else:
        head = f"📅 New date for <b>{name}</b>: {esc(goal.outcome or '')} by <b>{due}</b>."
    levels = []
    if goal.daily:
        levels.append(f"<b>{esc(goal.daily)}</b> a day")
    if goal.weekly_measure is not None:
        levels.append(f"{esc(format_measure(goal.weekly_measure))} a week")
    if goal.monthly_measure is not None:
        levels.append(f"{esc(format_measure(goal.monthly_measure))} a plan month")
    follow = f" From today: {', '.join(levels)}." if levels else ""
    return Reply(f"{head}{follow} A plan that fits is one you keep. 🌱")


def plan_kept(goal: Goal, today: date) -> Reply:
    """The user keeps the outcome and its date."""
    due = format_date(goal.outcome_due, today) if goal.outcome_due else "the 12-week date"
    return Reply(
        f"👍 The plan stays: {esc(goal.outcome or '')} by {due}. Every day, even the minimum, "
        "counts toward it."
    )


def replan_gone() -> str:
    """A re-plan button that no longer fits (a toast: no HTML)."""
    return "That plan has changed since — /progress shows where it stands."


_CLOSINGS = (
    "Small wins add up: {kept} kept {days} this week. Here's to the next. 🌱",
    "{kept} kept {days} this week — that's the work, done. 🌱",
    "This week added {kept} {days} to your story. Rest well tonight. 🌱",
    "{kept} {days} kept, one week wiser. On to the next. 🌱",
    "A week of {kept} kept {days}. Tiny steps, real distance. 🌱",
    "Your longest chain right now: {streak}. Next week starts tomorrow. 🌱",
    "{kept} {days} of showing up this week. Be proud of the small stuff. 🌱",
    "That's the week: {kept} kept {days}. See you tomorrow morning. 🌱",
)

# Rule 13: the proposal judges the measure it proposes. A week of amounts is judged by its
# amount against its target; a week with too few days to judge holds.
_BY_AMOUNT = {
    ReviewProposal.GROW: (
        "{done} of {target}: target met. Next week, a little more: <b>{next}</b>?",
        "You did {done} of {target}. Ready for <b>{next}</b> next week?",
        "{done} of {target} — that pace can carry <b>{next}</b> next week. Take it?",
        "Target met ({done} of {target}). How about <b>{next}</b> next week?",
    ),
    ReviewProposal.HOLD: (
        "{done} of {target} — solid. Next week stays at <b>{next}</b>.",
        "A steady week: {done} of {target}. Next week holds at <b>{next}</b>.",
        "{done} of {target}: good ground to stand on. <b>{next}</b> again next week.",
        "{done} of {target}: holding the line at <b>{next}</b> next week.",
    ),
    ReviewProposal.EASE: (
        "{done} of {target} — a tough week happens. Make next week lighter: <b>{next}</b>?",
        "{done} of {target} this time. Easier to win next week: <b>{next}</b>?",
        "Lighter is smarter after {done} of {target}: <b>{next}</b> next week?",
        "{done} of {target}. A smaller target wins more days: <b>{next}</b> next week?",
    ),
}
_BY_DAYS = {
    ReviewProposal.GROW: (
        "A strong week of showing up.",
        "You made the days look easy this week.",
        "Day after day — that's a rhythm.",
        "A week to be proud of.",
    ),
    ReviewProposal.HOLD: (
        "A steady week — good ground to stand on.",
        "Solid days; next week, the same again.",
        "More kept than not. That's how habits settle.",
        "Steady is the goal, and this was steady.",
    ),
    ReviewProposal.EASE: (
        "A tough week happens — the minimum keeps the chain on hard days.",
        "A quieter week. Next week, even the smallest version counts.",
        "Some weeks are like that. Go small next week and let it count.",
        "Hard week? The minimum is there for exactly this.",
    ),
}
_SHORT = (
    "Only {days} to go on — too soon to change anything. Next week stays at <b>{next}</b>.",
    "{days} in the plan so far: too soon for a verdict. Next week holds at <b>{next}</b>.",
    "Early days ({days}), too soon to judge: next week stays at <b>{next}</b>.",
    "With {days} behind you it's too soon to change the goal: <b>{next}</b> again next week.",
)
_SHORT_DAYS = (
    "Only {days} to go on — too soon to judge; a full week will tell more.",
    "{days} in so far: too soon for a verdict.",
    "Early days ({days}), too soon to judge — keep showing up.",
    "With {days} behind you it's too soon to judge. Steady on.",
)


def weekly_set(goal_name: str, weekly: str, starts: date, today: date) -> Reply:
    """After accepting next week's micro-goal (this week keeps its own)."""
    return Reply(
        f"👍 Next week for <b>{esc(clip(goal_name, 48))}</b>: {esc(weekly)}, from "
        f"{format_date(starts, today)}. This week stays as it is. Go get it."
    )


def week_begun() -> str:
    """A review's button pressed once its week has begun (a toast: no HTML)."""
    return "That week has begun — /week has a fresh review."


def no_review() -> Reply:
    """/week without an active goal."""
    return Reply("No active goal to review yet — /plan sets one up.")


def not_started_yet(waiting: NotStartedYet) -> Reply:
    """/week before the plan's start: when it starts and when the first review comes."""
    lines = []
    for view in waiting.waiting:
        start = view.goal.start_date
        if start is None:
            continue
        action = view.target.text or view.goal.daily or ""
        lines.append(
            f"🗓 <b>{esc(clip(view.goal.vision, 48))}</b> starts "
            f"<b>{format_date(start, view.day)}</b>: {esc(action)}."
        )
    today = waiting.waiting[0].day
    lines.append(
        f"Your first week's review comes on {format_date(waiting.first_review, today)}. "
        "Until then, nothing to review — enjoy the run-up."
    )
    return Reply("\n".join(lines))


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
