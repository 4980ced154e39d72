"""Every text and keyboard of the /plan conversation."""

from __future__ import annotations

from datetime import date, time, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.coach.clock_time import format_clock_time
from bot.coach.goal_words import Theme, is_rate, says_how_often, theme
from bot.coach.landmarks import first_of_next_month, next_birthday, next_monday, next_quarter_start
from bot.coach.languages import ENGLISH
from bot.coach.models import Goal, GoalStatus
from bot.coach.plan_ladder import (
    LEVEL_ORDER,
    MAX_LEVEL_TEXT,
    AnswerProblem,
    PlanLevel,
    step_number,
)
from bot.coach.planning import is_filled, monthly_shortfall
from bot.coach.proposals import Proposal, lower_first, propose
from bot.coach.two_minute import BigVerdict
from bot.coach.vagueness import VaguenessVerdict
from bot.views import identity as identity_views
from bot.views import plan_callbacks as cb
from bot.views.i18n import Translator
from bot.views.minimum import minimum as shown_minimum
from bot.views.reply import Reply, clip, esc

STEPS = len(LEVEL_ORDER)


def _title(t: Translator, level: PlanLevel) -> str:
    titles = {
        PlanLevel.VISION: t("🏔 The vision"),
        PlanLevel.OUTCOME: t("🎯 12 weeks from now"),
        PlanLevel.MONTHLY: t("🗓 Each plan month (4 weeks)"),
        PlanLevel.WEEKLY: t("📅 Each week"),
        PlanLevel.DAILY: t("✅ The daily micro-action"),
        PlanLevel.MVA: t("🪶 The minimum on hard days"),
        PlanLevel.IDENTITY: t("🪪 Who you're becoming (optional)"),
        PlanLevel.START: t("🚀 When do you start?"),
        PlanLevel.DUE: t("🏁 The 12-week date"),
    }
    return titles[level]


def _problem(t: Translator, issue: AnswerProblem) -> str:
    problems = {
        AnswerProblem.EMPTY: t("I need a few words to go on."),
        AnswerProblem.TOO_LONG: t(
            "Let's keep it under {limit} characters — short is strong.",
            limit=t.number(MAX_LEVEL_TEXT),
        ),
        AnswerProblem.NO_LETTERS: t("I need a few words, not just symbols."),
        AnswerProblem.ZERO: t("Zero won't move the needle — pick a number above 0."),
        AnswerProblem.NEGATIVE: t("Let's keep numbers positive — how much do you want to do?"),
        AnswerProblem.TOO_LARGE: t("That number is too big to plan with — try a realistic amount."),
        AnswerProblem.MVA_NOT_SMALLER: t(
            "The hard-day version should be smaller than the daily action."
        ),
        AnswerProblem.DATE_UNREADABLE: t(
            "I couldn't read that date — try <i>Monday</i>, <i>15 March</i> or <i>2027-03-15</i>."
        ),
        AnswerProblem.DATE_INVALID: t(
            "That date doesn't exist on the calendar — mind checking it?"
        ),
        AnswerProblem.DATE_PAST: t("That date has already passed — pick today or later."),
        AnswerProblem.DATE_TOO_FAR: t(
            "That's very far away — let's plan within the next year or two."
        ),
        AnswerProblem.DUE_BEFORE_START: t("The 12-week date has to come after your start date."),
        AnswerProblem.ALREADY_STARTED: t(
            "This plan is already running, so its start stays — every day you kept still counts."
        ),
        AnswerProblem.NOTHING_PROPOSED: t(
            "There's no suggestion of mine to say yes to here — tell me in your own words."
        ),
    }
    return problems[issue]


def _mid(text: str) -> str:
    """A quoted action in the middle of a sentence, escaped: "Run 83 km" reads "run 83 km"."""
    return esc(lower_first(text))


def _header(t: Translator, level: PlanLevel) -> str:
    return t(
        "<b>{title}</b> · step {step} of {steps}",
        title=_title(t, level),
        step=t.number(step_number(level)),
        steps=t.number(STEPS),
    )


def _back_row(t: Translator, goal: Goal, level: PlanLevel) -> list[InlineKeyboardButton]:
    if level is PlanLevel.VISION:
        return []
    return [InlineKeyboardButton(t("⬅️ Back"), callback_data=cb.Back(goal.goal_id).pack())]


def _current(t: Translator, goal: Goal, level: PlanLevel) -> str:
    value = _current_value(t, goal, level)
    return "\n" + t("Now: <i>{value}</i>", value=esc(value)) if value else ""


def _current_value(t: Translator, goal: Goal, level: PlanLevel) -> str | None:
    if level is PlanLevel.IDENTITY and goal.identity:
        return identity_views.statement(t, goal.identity)
    if level is PlanLevel.MVA and goal.mva:
        return shown_minimum(t, goal.mva)
    return {
        PlanLevel.VISION: goal.vision,
        PlanLevel.OUTCOME: goal.outcome,
        PlanLevel.MONTHLY: goal.monthly,
        PlanLevel.WEEKLY: goal.weekly,
        PlanLevel.DAILY: goal.daily,
        PlanLevel.MVA: goal.mva,
        PlanLevel.IDENTITY: goal.identity,
    }.get(level)


def question(
    t: Translator,
    goal: Goal,
    level: PlanLevel,
    today: date,
    birthday: date | None,
    *,
    evening: bool = False,
) -> Reply:
    """Ask for one level, with the bot's proposal as a button where it has one."""
    proposal = propose(goal, level, t.language)
    rows: list[list[InlineKeyboardButton]] = []
    body = _question(t, level, goal, proposal)
    if proposal is not None and level is not PlanLevel.IDENTITY:
        offered = shown_minimum(t, proposal.text) if level is PlanLevel.MVA else proposal.text
        label = f"👍 {clip(offered, 40)}"
        rows.append(
            [
                InlineKeyboardButton(
                    label,
                    callback_data=cb.AtLevel(cb.LevelAction.ACCEPT, level, goal.goal_id).pack(),
                )
            ]
        )
    if level is PlanLevel.IDENTITY:
        if proposal is not None:
            rows.append(
                [
                    InlineKeyboardButton(
                        f"👍 {clip(identity_views.statement(t, proposal.text), 40)}",
                        callback_data=cb.AtLevel(cb.LevelAction.ACCEPT, level, goal.goal_id).pack(),
                    )
                ]
            )
        rows.append([InlineKeyboardButton(t("Skip"), callback_data=cb.Skip(goal.goal_id).pack())])
    if level in (PlanLevel.START, PlanLevel.DUE):
        rows.extend(_date_rows(t, goal, level, today, birthday, evening=evening))
    if is_filled(goal, level) and level not in (PlanLevel.START, PlanLevel.DUE):
        body += _current(t, goal, level)
        current = _current_value(t, goal, level)
        if current:
            # Back on an answered step: one tap keeps it and moves on.
            keep = InlineKeyboardButton(
                t("✓ Keep “{answer}”", answer=clip(current, 36)),
                callback_data=cb.KeepMine(goal.goal_id).pack(),
            )
            rows.insert(0, [keep])
    back = _back_row(t, goal, level)
    if back:
        rows.append(back)
    return Reply(f"{_header(t, level)}\n\n{body}", InlineKeyboardMarkup(rows) if rows else None)


def _question(t: Translator, level: PlanLevel, goal: Goal, proposal: Proposal | None) -> str:
    if level is PlanLevel.VISION:
        return t(
            "What's the big thing you want? One sentence is plenty — e.g. <i>write a novel</i>, "
            "<i>run a half marathon</i>, <i>grow my side business</i>."
        )
    if level is PlanLevel.OUTCOME:
        return t(
            "Toward <b>{vision}</b>: where do you want to be in 12 weeks? Make it something you "
            "could measure — e.g. <i>40,000 words of my first draft</i> or <i>run 5 km without "
            "stopping</i>.",
            vision=_mid(goal.vision),
        )
    if level is PlanLevel.MONTHLY:
        return _monthly(t, goal, proposal)
    if level is PlanLevel.WEEKLY:
        if proposal is not None:
            return t(
                "That makes about <b>{week}</b> a week — your weekly micro-goal. Take it, or type "
                "your own.",
                week=_mid(proposal.text),
            )
        return t(
            "And this week? One small, clear win — e.g. <i>{example}</i>.",
            example=_examples(t, theme(goal, t.language))[1],
        )
    if level is PlanLevel.DAILY:
        example = _examples(t, theme(goal, t.language))[2]
        if proposal is not None and says_how_often(proposal.text, t.language):
            return t(
                "Now the atomic unit: <b>{action}</b> gets you there. Take it, or type your own "
                "daily action — e.g. <i>{example}</i>.",
                action=_mid(proposal.text),
                example=example,
            )
        if proposal is not None:
            return t(
                "Now the atomic unit: <b>{action}</b> a day gets you there. Take it, or type "
                "your own daily action — e.g. <i>{example}</i>.",
                action=_mid(proposal.text),
                example=example,
            )
        return t(
            "Now the atomic unit: one small thing you'll do every day, with a clear done test — "
            "e.g. <i>{example}</i>.",
            example=example,
        )
    if level is PlanLevel.MVA:
        ask = t(
            "Some days will be rough. What's the smallest version that still counts — so small "
            "you'd never skip it?"
        )
        if proposal:
            suggested = _mid(shown_minimum(t, proposal.text))
            ask += " " + t("I'd suggest <b>{minimum}</b>.", minimum=suggested)
        return ask + " " + t("Take it, or type your own.")
    if level is PlanLevel.IDENTITY:
        ask = t(
            "Every win is a vote for the person you're becoming. Finish the sentence "
            "<i>I am …</i> — a writer, a runner, someone who moves every day."
        )
        if proposal:
            suggestion = esc(identity_views.statement(t, proposal.text))
            ask += "\n" + t("Suggestion: <b>{identity}</b>", identity=suggestion)
        return ask
    if level is PlanLevel.START:
        return t(
            "Fresh starts stick better on a landmark — a Monday, a new month, your birthday. "
            "Pick one, or type a date (e.g. <i>15 January</i>)."
        )
    outcome = _mid(goal.outcome or goal.vision)
    if goal.outcome_due:
        return t(
            "By when should <i>{outcome}</i> be done? Now: <b>{day}</b>. Type a date.",
            outcome=outcome,
            day=_full_date(t, goal.outcome_due),
        )
    return t("By when should <i>{outcome}</i> be done? Type a date.", outcome=outcome)


def _full_date(t: Translator, day: date) -> str:
    if t.language == ENGLISH:
        return f"{day:%a %d %b %Y}"
    return t.day(day, date.min)


def _monthly(t: Translator, goal: Goal, proposal: Proposal | None) -> str:
    short = monthly_shortfall(goal)
    if short is not None and proposal is not None:
        # Said once, kindly, with the numbers: the user keeps theirs or takes the proposal.
        return t.plural(
            "{n} month of <b>{monthly}</b> makes {reached} of the {outcome} — a real start, just "
            "not all the way in 12 weeks. Keep yours (you can aim lower, that's fine), or take "
            "about <b>{proposal}</b> a month to get there?",
            "{n} months of <b>{monthly}</b> make {reached} of the {outcome} — a real start, just "
            "not all the way in 12 weeks. Keep yours (you can aim lower, that's fine), or take "
            "about <b>{proposal}</b> a month to get there?",
            short.months,
            monthly=esc(t.measure(short.monthly)),
            reached=esc(t.quantity(short.reached.quantity)),
            outcome=esc(t.measure(short.outcome)),
            proposal=_mid(proposal.text),
        )
    if proposal is not None and goal.outcome and is_rate(goal.outcome, t.language):
        # A pace is not a total to divide: the month is the same pace, added up.
        return t(
            "<i>{outcome}</i> is a steady pace — over a 4-week month it adds up to about "
            "<b>{month}</b>. Take that, or type your own number.",
            outcome=esc(goal.outcome),
            month=_mid(proposal.text),
        )
    if proposal is not None and goal.outcome:
        return t(
            "<i>{outcome}</i> in 12 weeks is about <b>{month}</b> a month. Take that, or type "
            "your own number.",
            outcome=esc(goal.outcome),
            month=_mid(proposal.text),
        )
    return t(
        "What would you reach by the end of the first plan month (four weeks)? "
        "e.g. <i>{example}</i>.",
        example=_examples(t, theme(goal, t.language))[0],
    )


def _examples(t: Translator, kind: Theme) -> tuple[str, str, str]:
    """(a month, a week, a day) that fit the kind of goal; the last one fits any goal."""
    if kind is Theme.WRITING:
        return (
            t("a full outline and chapter one"),
            t("draft the opening scene"),
            t("write 500 words before breakfast"),
        )
    if kind is Theme.READING:
        return (t("finish two books"), t("read 100 pages"), t("read 10 pages before bed"))
    if kind is Theme.MOVING:
        return (
            t("60 km in total"),
            t("three easy outings"),
            t("a 20-minute session after work"),
        )
    if kind is Theme.PRACTICE:
        return (
            t("ten sessions in a row"),
            t("five short sessions"),
            t("10 minutes right after breakfast"),
        )
    if kind is Theme.MONEY:
        return (
            t("the first 10% of the target put aside"),
            t("set up an automatic transfer"),
            t("put a small amount aside each evening"),
        )
    return (
        t("one clear milestone you can tick off"),
        t("one small, clear step finished"),
        t("one 25-minute focus block"),
    )


def _date_rows(
    t: Translator,
    goal: Goal,
    level: PlanLevel,
    today: date,
    birthday: date | None,
    *,
    evening: bool = False,
) -> list[list[InlineKeyboardButton]]:
    if level is PlanLevel.DUE:
        return []
    # Landmarks on one date make one button, named after the strongest (a Monday that is
    # also the 1st is "New month"; a 1 January is "New Year").
    strongest: dict[date, tuple[int, str]] = {today: (_TODAY, t("Today"))}
    if evening:  # a day that is nearly over: tomorrow, unless a landmark names it already
        strongest[today + timedelta(days=1)] = (0, t("Tomorrow"))
    quarter = next_quarter_start(today)
    candidates = [
        (next_monday(today), 1, t("Monday")),
        (first_of_next_month(today), 2, t("New month")),
        (quarter, 3, t("New quarter")),
        (quarter if quarter.month == 1 else None, 4, t("New Year")),
        (next_birthday(birthday, today) if birthday else None, 5, t("🎂 Birthday")),
    ]
    for day, strength, name in candidates:
        if day is not None and strength > strongest.get(day, (0, ""))[0]:
            strongest[day] = (strength, name)
    return [
        [
            InlineKeyboardButton(
                f"{name} · {t.day(day, today)}",
                callback_data=cb.PickDate(level, goal.goal_id, day).pack(),
            )
        ]
        for day, (_, name) in sorted(strongest.items())
    ]


_TODAY = 99
"""Today is never renamed (every other landmark is after it)."""


def problem(
    t: Translator,
    goal: Goal,
    level: PlanLevel,
    issue: AnswerProblem,
    today: date,
    *,
    birthday: date | None,
    evening: bool = False,
) -> Reply:
    """One friendly line about the answer, then the same question."""
    asked = question(t, goal, level, today, birthday, evening=evening)
    return Reply(f"{_problem(t, issue)}\n\n{asked.text}", asked.keyboard)


def too_vague(t: Translator, goal: Goal, verdict: VaguenessVerdict) -> Reply:
    """The outcome is hard to measure: offer a rewrite, let the user keep theirs."""
    suggestion = verdict.suggestion or ""
    rows = [
        [
            InlineKeyboardButton(
                f"✏️ {clip(suggestion, 40)}",
                callback_data=cb.AtLevel(
                    cb.LevelAction.ALTERNATIVE, PlanLevel.OUTCOME, goal.goal_id
                ).pack(),
            )
        ],
        [InlineKeyboardButton(t("Keep mine"), callback_data=cb.KeepMine(goal.goal_id).pack())],
    ]
    return Reply(
        t(
            "Good direction — but in 12 weeks you'll want to know for sure you got there, and "
            "<i>{outcome}</i> is hard to measure. How about <b>{suggestion}</b>? Or type a new "
            "version.",
            outcome=esc(clip(goal.outcome or "", 80)),
            suggestion=_mid(suggestion),
        ),
        InlineKeyboardMarkup(rows),
    )


def too_big(t: Translator, goal: Goal, verdict: BigVerdict) -> Reply:
    """The two-minute rule: offer a smaller daily action; the user decides."""
    rows = [
        [
            InlineKeyboardButton(
                f"🤏 {clip(verdict.smaller_text, 40)}",
                callback_data=cb.AtLevel(
                    cb.LevelAction.ALTERNATIVE, PlanLevel.DAILY, goal.goal_id
                ).pack(),
            )
        ],
        [InlineKeyboardButton(t("Keep mine"), callback_data=cb.KeepMine(goal.goal_id).pack())],
    ]
    values = {"action": esc(clip(goal.daily or "", 80)), "smaller": _mid(verdict.smaller_text)}
    if says_how_often(goal.daily, t.language):
        text = t(
            "<i>{action}</i> is a big ask. The trick is a daily action so small you can't say "
            "no — and doing more is always allowed. Make it <b>{smaller}</b>?",
            **values,
        )
    else:
        text = t(
            "<i>{action}</i> every single day is a big ask. The trick is a daily action so "
            "small you can't say no — and doing more is always allowed. Make it "
            "<b>{smaller}</b>?",
            **values,
        )
    return Reply(text, InlineKeyboardMarkup(rows))


def summary(t: Translator, goal: Goal, today: date) -> Reply:
    """The whole ladder on one screen, with buttons to confirm or edit any level."""
    lines = [t("📋 <b>Your plan</b>"), ""]
    lines.append(t("🏔 <b>Vision:</b> {vision}", vision=esc(goal.vision)))
    outcome = esc(goal.outcome or "—")
    if goal.outcome_due:
        lines.append(
            t(
                "🎯 <b>12 weeks (by {day}):</b> {outcome}",
                day=t.day(goal.outcome_due, today),
                outcome=outcome,
            )
        )
    else:
        lines.append(t("🎯 <b>12 weeks:</b> {outcome}", outcome=outcome))
    lines.append(t("🗓 <b>Each plan month:</b> {month}", month=esc(goal.monthly or "—")))
    lines.append(t("📅 <b>Each week:</b> {week}", week=esc(goal.weekly or "—")))
    lines.append(t("✅ <b>Every day:</b> {daily}", daily=esc(goal.daily or "—")))
    hard_days = esc(shown_minimum(t, goal.mva)) if goal.mva else "—"
    lines.append(t("🪶 <b>On hard days:</b> {minimum}", minimum=hard_days))
    if goal.identity:
        identity = esc(identity_views.statement(t, goal.identity))
        lines.append(t("🪪 <b>Identity:</b> {identity}", identity=identity))
    if goal.start_date:
        lines.append(t("🚀 <b>Start:</b> {day}", day=t.day(goal.start_date, today)))
    confirm = t("✅ Looks good — let's go") if goal.status is GoalStatus.DRAFT else t("✅ Done")
    gid = goal.goal_id

    def edit(label: str, level: PlanLevel) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            label, callback_data=cb.AtLevel(cb.LevelAction.EDIT, level, gid).pack()
        )

    rows = [
        [InlineKeyboardButton(confirm, callback_data=cb.Confirm(gid).pack())],
        [
            edit(t.ctx("plan level", "Vision"), PlanLevel.VISION),
            edit(t.ctx("plan level", "12 weeks"), PlanLevel.OUTCOME),
            edit(t.ctx("plan level", "Date"), PlanLevel.DUE),
        ],
        [
            edit(t.ctx("plan level", "Month"), PlanLevel.MONTHLY),
            edit(t.ctx("plan level", "Week"), PlanLevel.WEEKLY),
            edit(t.ctx("plan level", "Daily"), PlanLevel.DAILY),
        ],
        [
            edit(t.ctx("plan level", "Hard days"), PlanLevel.MVA),
            edit(t.ctx("plan level", "Identity"), PlanLevel.IDENTITY),
            edit(t.ctx("plan level", "Start"), PlanLevel.START),
        ],
    ]
    return Reply("\n".join(lines), InlineKeyboardMarkup(rows))


def activated(t: Translator, goal: Goal, today: date, nudge: time | None) -> Reply:
    """The plan is live: celebrate, and say what happens next."""
    start = goal.start_date or today
    action = _mid(goal.daily or "")
    if start <= today:
        line = t("🎉 <b>You're in.</b> Today is day one: <b>{action}</b>.", action=action)
    else:
        line = t(
            "🎉 <b>You're in.</b> Day one is {day}: <b>{action}</b>.",
            day=t.day(start, today),
            action=action,
        )
    if goal.mva:
        line += " " + t(
            "On hard days, <i>{minimum}</i> counts too.", minimum=_mid(shown_minimum(t, goal.mva))
        )
    if nudge is not None:
        at = format_clock_time(nudge)
        if nudge.hour < 12:
            line += " " + t("I'll nudge you at {time} each morning.", time=at)
        elif nudge.hour < 17:
            line += " " + t("I'll nudge you at {time} each afternoon.", time=at)
        else:
            line += " " + t("I'll nudge you at {time} each evening.", time=at)
    return Reply(line + "\n\n" + t("Small wins, every day. /goals shows your plan any time."))


def saved(t: Translator, goal: Goal) -> Reply:
    """An active goal's plan was edited."""
    return Reply(
        t(
            "Saved ✅ <b>{goal}</b> is up to date. /goals shows all goals.",
            goal=esc(goal.vision),
        )
    )


def draft_waiting(t: Translator, goal: Goal) -> Reply:
    """/plan while a plan is in progress."""
    rows = [
        [InlineKeyboardButton(t("▶️ Continue"), callback_data=cb.Resume().pack())],
        [InlineKeyboardButton(t("🆕 Start over"), callback_data=cb.StartOver().pack())],
    ]
    return Reply(
        t(
            "You have a plan in progress: <b>{goal}</b>. Pick up where you left off, or start "
            "over?",
            goal=esc(clip(goal.vision, 80)),
        ),
        InlineKeyboardMarkup(rows),
    )


def at_cap(t: Translator, active: int) -> Reply:
    """The user already has the maximum of active goals."""
    return Reply(
        t(
            "You already have {count} active goals — that's a full plate, and focus is a "
            "superpower. Pause or archive one in /goals, then come back to /plan.",
            count=t.number(active),
        )
    )


def not_set_up(t: Translator) -> Reply:
    """/plan before /start has finished."""
    return Reply(t("Let's get you set up first — /start takes under a minute."))


def date_problem(t: Translator, problem: AnswerProblem | None) -> str:
    """One line about a typed date (``None``: not after today)."""
    if problem is None:
        return t("A fresh start needs a day after today.")
    return _problem(t, problem)


def gone(t: Translator) -> str:
    """Toast for a button naming a goal that is not (or no longer) the user's."""
    return t("That plan isn't available any more.")


def not_available(t: Translator) -> Reply:
    """A typed answer for a plan that no longer exists (archived meanwhile)."""
    return Reply(t("That plan isn't available any more. /plan starts a new one."))


def paused(t: Translator) -> Reply:
    """/cancel during /plan: the draft is kept."""
    return Reply(
        t("Paused — everything you've answered is saved. /plan picks up where you left off.")
    )
