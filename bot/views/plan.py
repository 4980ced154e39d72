"""Every text and keyboard of the /plan conversation."""

from __future__ import annotations

from datetime import date, time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.coach.clock_time import format_clock_time, part_of_day
from bot.coach.dates import format_date
from bot.coach.landmarks import first_of_next_month, next_birthday, next_monday, next_quarter_start
from bot.coach.models import Goal, GoalStatus
from bot.coach.planning import (
    LEVEL_ORDER,
    MAX_LEVEL_TEXT,
    AnswerProblem,
    PlanLevel,
    Proposal,
    Theme,
    is_filled,
    is_rate,
    lower_first,
    monthly_shortfall,
    propose,
    says_how_often,
    step_number,
    theme,
)
from bot.coach.quantities import format_measure, format_quantity
from bot.coach.wording import BigVerdict, VaguenessVerdict
from bot.views import plan_callbacks as cb
from bot.views.reply import Reply, clip, esc

STEPS = len(LEVEL_ORDER)

_TITLES = {
    PlanLevel.VISION: "🏔 The vision",
    PlanLevel.OUTCOME: "🎯 12 weeks from now",
    PlanLevel.MONTHLY: "🗓 Each plan month (4 weeks)",
    PlanLevel.WEEKLY: "📅 Each week",
    PlanLevel.DAILY: "✅ The daily micro-action",
    PlanLevel.MVA: "🪶 The minimum on hard days",
    PlanLevel.IDENTITY: "🪪 Who you're becoming (optional)",
    PlanLevel.START: "🚀 When do you start?",
    PlanLevel.DUE: "🏁 The 12-week date",
}

_PROBLEMS = {
    AnswerProblem.EMPTY: "I need a few words to go on.",
    AnswerProblem.TOO_LONG: f"Let's keep it under {MAX_LEVEL_TEXT} characters — short is strong.",
    AnswerProblem.NO_LETTERS: "I need a few words, not just symbols.",
    AnswerProblem.ZERO: "Zero won't move the needle — pick a number above 0.",
    AnswerProblem.NEGATIVE: "Let's keep numbers positive — how much do you want to do?",
    AnswerProblem.TOO_LARGE: "That number is too big to plan with — try a realistic amount.",
    AnswerProblem.MVA_NOT_SMALLER: "The hard-day version should be smaller than the daily action.",
    AnswerProblem.DATE_UNREADABLE: "I couldn't read that date — try <i>Monday</i>, "
    "<i>15 March</i> or <i>2027-03-15</i>.",
    AnswerProblem.DATE_INVALID: "That date doesn't exist on the calendar — mind checking it?",
    AnswerProblem.DATE_PAST: "That date has already passed — pick today or later.",
    AnswerProblem.DATE_TOO_FAR: "That's very far away — let's plan within the next year or two.",
    AnswerProblem.DUE_BEFORE_START: "The 12-week date has to come after your start date.",
    AnswerProblem.ALREADY_STARTED: "This plan is already running, so its start stays — every "
    "day you kept still counts.",
    AnswerProblem.NOTHING_PROPOSED: "There's no suggestion of mine to say yes to here — "
    "tell me in your own words.",
}


def _mid(text: str) -> str:
    """A quoted action in the middle of a sentence, escaped: "Run 83 km" reads "run 83 km"."""
    return esc(lower_first(text))


def _header(level: PlanLevel) -> str:
    return f"<b>{_TITLES[level]}</b> · step {step_number(level)} of {STEPS}"


def _back_row(goal: Goal, level: PlanLevel) -> list[InlineKeyboardButton]:
    if level is PlanLevel.VISION:
        return []
    return [InlineKeyboardButton("⬅️ Back", callback_data=cb.build("back", goal.goal_id))]


def _current(goal: Goal, level: PlanLevel) -> str:
    value = _current_value(goal, level)
    return f"\nNow: <i>{esc(value)}</i>" if value else ""


def _current_value(goal: Goal, level: PlanLevel) -> str | None:
    return {
        PlanLevel.VISION: goal.vision,
        PlanLevel.OUTCOME: goal.outcome,
        PlanLevel.MONTHLY: goal.monthly,
        PlanLevel.WEEKLY: goal.weekly,
        PlanLevel.DAILY: goal.daily,
        PlanLevel.MVA: goal.mva,
        PlanLevel.IDENTITY: goal.identity,
    }.get(level)


def question(goal: Goal, level: PlanLevel, today: date, birthday: date | None) -> Reply:
    """Ask for one level, with the bot's proposal as a button where it has one."""
    proposal = propose(goal, level)
    rows: list[list[InlineKeyboardButton]] = []
    body = _QUESTIONS[level](goal, proposal)
    if proposal is not None and level is not PlanLevel.IDENTITY:
        label = f"👍 {clip(proposal.text, 40)}"
        rows.append(
            [InlineKeyboardButton(label, callback_data=cb.build("ok", goal.goal_id, level))]
        )
    if level is PlanLevel.IDENTITY:
        if proposal is not None:
            rows.append(
                [
                    InlineKeyboardButton(
                        f"👍 {clip(proposal.text, 40)}",
                        callback_data=cb.build("ok", goal.goal_id, level),
                    )
                ]
            )
        rows.append([InlineKeyboardButton("Skip", callback_data=cb.build("skip", goal.goal_id))])
    if level in (PlanLevel.START, PlanLevel.DUE):
        rows.extend(_date_rows(goal, level, today, birthday))
    if is_filled(goal, level) and level not in (PlanLevel.START, PlanLevel.DUE):
        body += _current(goal, level)
        current = _current_value(goal, level)
        if current:
            # Back on an answered step: one tap keeps it and moves on.
            keep = InlineKeyboardButton(
                f"✓ Keep “{clip(current, 36)}”", callback_data=cb.build("keep", goal.goal_id)
            )
            rows.insert(0, [keep])
    back = _back_row(goal, level)
    if back:
        rows.append(back)
    return Reply(f"{_header(level)}\n\n{body}", InlineKeyboardMarkup(rows) if rows else None)


def _vision(goal: Goal, proposal: Proposal | None) -> str:
    return (
        "What's the big thing you want? One sentence is plenty — e.g. <i>write a novel</i>, "
        "<i>run a half marathon</i>, <i>grow my side business</i>."
    )


def _outcome(goal: Goal, proposal: Proposal | None) -> str:
    return (
        f"Toward <b>{_mid(goal.vision)}</b>: where do you want to be in 12 weeks? Make it "
        "something you could measure — e.g. <i>40,000 words of my first draft</i> or "
        "<i>run 5 km without stopping</i>."
    )


def _monthly(goal: Goal, proposal: Proposal | None) -> str:
    short = monthly_shortfall(goal)
    if short is not None and proposal is not None:
        # Said once, kindly, with the numbers: the user keeps theirs or takes the proposal.
        return (
            f"{short.months} months of <b>{esc(format_measure(short.monthly))}</b> make "
            f"{esc(format_quantity(short.reached.quantity))} of the "
            f"{esc(format_measure(short.outcome))} — a real start, just not all the way in 12 "
            f"weeks. Keep yours (you can aim lower, that's fine), or take about "
            f"<b>{_mid(proposal.text)}</b> a month to get there?"
        )
    if proposal is not None and goal.outcome and is_rate(goal.outcome):
        # A pace is not a total to divide: the month is the same pace, added up.
        return (
            f"<i>{esc(goal.outcome)}</i> is a steady pace — over a 4-week month it adds up to "
            f"about <b>{_mid(proposal.text)}</b>. Take that, or type your own number."
        )
    if proposal is not None and goal.outcome:
        return (
            f"<i>{esc(goal.outcome)}</i> in 12 weeks is about <b>{_mid(proposal.text)}</b> a "
            "month. Take that, or type your own number."
        )
    return (
        "What would you reach by the end of the first plan month (four weeks)? "
        f"e.g. <i>{_EXAMPLES[theme(goal)][0]}</i>."
    )


def _weekly(goal: Goal, proposal: Proposal | None) -> str:
    if proposal is not None:
        return (
            f"That makes about <b>{_mid(proposal.text)}</b> a week — your weekly micro-goal. "
            "Take it, or type your own."
        )
    return f"And this week? One small, clear win — e.g. <i>{_EXAMPLES[theme(goal)][1]}</i>."


def _daily(goal: Goal, proposal: Proposal | None) -> str:
    if proposal is not None:
        a_day = "" if says_how_often(proposal.text) else " a day"
        return (
            f"Now the atomic unit: <b>{_mid(proposal.text)}</b>{a_day} gets you there. Take it, "
            f"or type your own daily action — e.g. <i>{_EXAMPLES[theme(goal)][2]}</i>."
        )
    return (
        "Now the atomic unit: one small thing you'll do every day, with a clear done test — "
        f"e.g. <i>{_EXAMPLES[theme(goal)][2]}</i>."
    )


_EXAMPLES: dict[Theme, tuple[str, str, str]] = {
    # (a month, a week, a day) that fit the kind of goal; the last one fits any goal.
    Theme.WRITING: (
        "a full outline and chapter one",
        "draft the opening scene",
        "write 500 words before breakfast",
    ),
    Theme.READING: ("finish two books", "read 100 pages", "read 10 pages before bed"),
    Theme.MOVING: (
        "60 km in total",
        "three easy outings",
        "a 20-minute session after work",
    ),
    Theme.PRACTICE: (
        "ten sessions in a row",
        "five short sessions",
        "10 minutes right after breakfast",
    ),
    Theme.MONEY: (
        "the first 10% of the target put aside",
        "set up an automatic transfer",
        "put a small amount aside each evening",
    ),
    Theme.OTHER: (
        "one clear milestone you can tick off",
        "one small, clear step finished",
        "one 25-minute focus block",
    ),
}


def _mva(goal: Goal, proposal: Proposal | None) -> str:
    suggestion = f" I'd suggest <b>{_mid(proposal.text)}</b>." if proposal else ""
    return (
        "Some days will be rough. What's the smallest version that still counts — so small "
        f"you'd never skip it?{suggestion} Take it, or type your own."
    )


def _identity(goal: Goal, proposal: Proposal | None) -> str:
    suggestion = f"\nSuggestion: <b>{esc(proposal.text)}</b>" if proposal else ""
    return (
        "Every win is a vote for the person you're becoming. Finish the sentence "
        f"<i>I am …</i> — a writer, a runner, someone who moves every day.{suggestion}"
    )


def _start(goal: Goal, proposal: Proposal | None) -> str:
    return (
        "Fresh starts stick better on a landmark — a Monday, a new month, your birthday. "
        "Pick one, or type a date (e.g. <i>15 January</i>)."
    )


def _due(goal: Goal, proposal: Proposal | None) -> str:
    now = f" Now: <b>{goal.outcome_due:%a %d %b %Y}</b>." if goal.outcome_due else ""
    return f"By when should <i>{_mid(goal.outcome or goal.vision)}</i> be done?{now} Type a date."


_QUESTIONS = {
    PlanLevel.VISION: _vision,
    PlanLevel.OUTCOME: _outcome,
    PlanLevel.MONTHLY: _monthly,
    PlanLevel.WEEKLY: _weekly,
    PlanLevel.DAILY: _daily,
    PlanLevel.MVA: _mva,
    PlanLevel.IDENTITY: _identity,
    PlanLevel.START: _start,
    PlanLevel.DUE: _due,
}


def _date_rows(
    goal: Goal, level: PlanLevel, today: date, birthday: date | None
) -> list[list[InlineKeyboardButton]]:
    if level is PlanLevel.DUE:
        return []
    # Landmarks on one date make one button, named after the strongest (a Monday that is
    # also the 1st is "New month"; a 1 January is "New Year").
    strongest: dict[date, tuple[int, str]] = {today: (_TODAY, "Today")}
    quarter = next_quarter_start(today)
    candidates = [
        (next_monday(today), 1, "Monday"),
        (first_of_next_month(today), 2, "New month"),
        (quarter, 3, "New quarter"),
        (quarter if quarter.month == 1 else None, 4, "New Year"),
        (next_birthday(birthday, today) if birthday else None, 5, "🎂 Birthday"),
    ]
    for day, strength, name in candidates:
        if day is not None and strength > strongest.get(day, (0, ""))[0]:
            strongest[day] = (strength, name)
    return [
        [
            InlineKeyboardButton(
                f"{name} · {format_date(day, today)}",
                callback_data=cb.build("date", goal.goal_id, level, day),
            )
        ]
        for day, (_, name) in sorted(strongest.items())
    ]


_TODAY = 99
"""Today is never renamed (every other landmark is after it)."""


def problem(
    goal: Goal, level: PlanLevel, issue: AnswerProblem, today: date, birthday: date | None
) -> Reply:
    """One friendly line about the answer, then the same question."""
    asked = question(goal, level, today, birthday)
    return Reply(f"{_PROBLEMS[issue]}\n\n{asked.text}", asked.keyboard)


def too_vague(goal: Goal, verdict: VaguenessVerdict) -> Reply:
    """The outcome is hard to measure: offer a rewrite, let the user keep theirs."""
    suggestion = verdict.suggestion or ""
    rows = [
        [
            InlineKeyboardButton(
                f"✏️ {clip(suggestion, 40)}",
                callback_data=cb.build("alt", goal.goal_id, PlanLevel.OUTCOME),
            )
        ],
        [InlineKeyboardButton("Keep mine", callback_data=cb.build("keep", goal.goal_id))],
    ]
    return Reply(
        "Good direction — but in 12 weeks you'll want to know for sure you got there, and "
        f"<i>{esc(clip(goal.outcome or '', 80))}</i> is hard to measure. How about "
        f"<b>{_mid(suggestion)}</b>? Or type a new version.",
        InlineKeyboardMarkup(rows),
    )


def too_big(goal: Goal, verdict: BigVerdict) -> Reply:
    """The two-minute rule: offer a smaller daily action; the user decides."""
    rows = [
        [
            InlineKeyboardButton(
                f"🤏 {clip(verdict.smaller_text, 40)}",
                callback_data=cb.build("alt", goal.goal_id, PlanLevel.DAILY),
            )
        ],
        [InlineKeyboardButton("Keep mine", callback_data=cb.build("keep", goal.goal_id))],
    ]
    often = "" if says_how_often(goal.daily) else " every single day"
    return Reply(
        f"<i>{esc(clip(goal.daily or '', 80))}</i>{often} is a big ask. The trick is "
        "a daily action so small you can't say no — and doing more is always allowed. "
        f"Make it <b>{_mid(verdict.smaller_text)}</b>?",
        InlineKeyboardMarkup(rows),
    )


def summary(goal: Goal, today: date) -> Reply:
    """The whole ladder on one screen, with buttons to confirm or edit any level."""
    lines = ["📋 <b>Your plan</b>", ""]
    lines.append(f"🏔 <b>Vision:</b> {esc(goal.vision)}")
    due = f" (by {format_date(goal.outcome_due, today)})" if goal.outcome_due else ""
    lines.append(f"🎯 <b>12 weeks{due}:</b> {esc(goal.outcome or '—')}")
    lines.append(f"🗓 <b>Each plan month:</b> {esc(goal.monthly or '—')}")
    lines.append(f"📅 <b>Each week:</b> {esc(goal.weekly or '—')}")
    lines.append(f"✅ <b>Every day:</b> {esc(goal.daily or '—')}")
    lines.append(f"🪶 <b>On hard days:</b> {esc(goal.mva or '—')}")
    if goal.identity:
        lines.append(f"🪪 <b>Identity:</b> {esc(goal.identity)}")
    if goal.start_date:
        lines.append(f"🚀 <b>Start:</b> {format_date(goal.start_date, today)}")
    confirm = "✅ Looks good — let's go" if goal.status is GoalStatus.DRAFT else "✅ Done"
    gid = goal.goal_id

    def edit(label: str, level: PlanLevel) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=cb.build("edit", gid, level))

    rows = [
        [InlineKeyboardButton(confirm, callback_data=cb.build("go", gid))],
        [
            edit("Vision", PlanLevel.VISION),
            edit("12 weeks", PlanLevel.OUTCOME),
            edit("Date", PlanLevel.DUE),
        ],
        [
            edit("Month", PlanLevel.MONTHLY),
            edit("Week", PlanLevel.WEEKLY),
            edit("Daily", PlanLevel.DAILY),
        ],
        [
            edit("Hard days", PlanLevel.MVA),
            edit("Identity", PlanLevel.IDENTITY),
            edit("Start", PlanLevel.START),
        ],
    ]
    return Reply("\n".join(lines), InlineKeyboardMarkup(rows))


def activated(goal: Goal, today: date, nudge: time | None) -> Reply:
    """The plan is live: celebrate, and say what happens next."""
    start = goal.start_date or today
    when = "Today is day one" if start <= today else f"Day one is {format_date(start, today)}"
    nudge_line = (
        f" I'll nudge you at {format_clock_time(nudge)} each {part_of_day(nudge)}." if nudge else ""
    )
    mva = f" On hard days, <i>{_mid(goal.mva)}</i> counts too." if goal.mva else ""
    return Reply(
        f"🎉 <b>You're in.</b> {when}: <b>{_mid(goal.daily or '')}</b>.{mva}{nudge_line}\n\n"
        "Small wins, every day. /goals shows your plan any time."
    )


def saved(goal: Goal) -> Reply:
    """An active goal's plan was edited."""
    return Reply(f"Saved ✅ <b>{esc(goal.vision)}</b> is up to date. /goals shows all goals.")


def draft_waiting(goal: Goal) -> Reply:
    """/plan while a plan is in progress."""
    rows = [
        [InlineKeyboardButton("▶️ Continue", callback_data=cb.resume())],
        [InlineKeyboardButton("🆕 Start over", callback_data=cb.fresh())],
    ]
    return Reply(
        f"You have a plan in progress: <b>{esc(clip(goal.vision, 80))}</b>. Pick up where you "
        "left off, or start over?",
        InlineKeyboardMarkup(rows),
    )


def at_cap(active: int) -> Reply:
    """The user already has the maximum of active goals."""
    return Reply(
        f"You already have {active} active goals — that's a full plate, and focus is a "
        "superpower. Pause or archive one in /goals, then come back to /plan."
    )


def not_set_up() -> Reply:
    """/plan before /start has finished."""
    return Reply("Let's get you set up first — /start takes under a minute.")


def date_problem(problem: AnswerProblem | None) -> str:
    """One line about a typed date (``None``: not after today)."""
    if problem is None:
        return "A fresh start needs a day after today."
    return _PROBLEMS[problem]


def gone() -> str:
    """Toast for a button naming a goal that is not (or no longer) the user's."""
    return "That plan isn't available any more."


def not_available() -> Reply:
    """A typed answer for a plan that no longer exists (archived meanwhile)."""
    return Reply("That plan isn't available any more. /plan starts a new one.")


def paused() -> Reply:
    """/cancel during /plan: the draft is kept."""
    return Reply("Paused — everything you've answered is saved. /plan picks up where you left off.")
