"""Texts and keyboards of a milestone's date: the deadline question and its answers, and the
morning's word when the date is near or has passed (rule 12)."""

from __future__ import annotations

from datetime import date, timedelta

from telegram import InlineKeyboardMarkup

from bot.coach.dates import DateProblem, last_day_of_month, next_weekday
from bot.coach.models import Goal, Milestone
from bot.services.milestones import DueRejected, DueSet, MilestoneAdded
from bot.views import goal_callbacks as cb
from bot.views.goal_callbacks import MilestoneAction
from bot.views.goals import button, due_phrase, goal_name, with_lead
from bot.views.i18n import Translator
from bot.views.milestones import milestone_card
from bot.views.reply import Reply, clip, esc

FRIDAY = 4


def _date_examples(t: Translator) -> str:
    return t("<i>Friday</i>, <i>15 March</i>, <i>in 2 weeks</i>")


def _date_problem(t: Translator, problem: DateProblem) -> str | None:
    if problem is DateProblem.EMPTY:
        return t("I need a date — like {examples}.", examples=_date_examples(t))
    if problem is DateProblem.TOO_LONG:
        return t("Just the date is plenty — like <i>in 2 weeks</i>.")
    if problem is DateProblem.PAST:
        return t("That date has already gone by — pick today or a day ahead.")
    if problem is DateProblem.TOO_FAR:
        return t("That's more than 10 years away — pick something closer, like <i>in 3 months</i>.")
    return None


def passed_note(t: Translator, milestone: Milestone, goal: Goal, today: date) -> Reply:
    """The morning after a milestone's date went by, still open: a kind word, a new date.

    Dates are guesses; a missed one only needs moving. One tap picks a new date, another says
    it was done after all, a third opens the question for any date.
    """
    values = {"title": esc(clip(milestone.title, 80)), "goal": goal_name(t, goal, 40)}
    due = milestone.due_date
    if due == today - timedelta(days=1):
        text = t(
            "📌 <b>{title}</b> ({goal}) was due yesterday. Dates are only guesses — this one "
            "just wants a new one. When suits you?",
            **values,
        )
    elif due is not None:
        text = t(
            "📌 <b>{title}</b> ({goal}) was due {day}. Dates are only guesses — this one just "
            "wants a new one. When suits you?",
            day=t.day(due, today),
            **values,
        )
    else:
        text = t(
            "📌 <b>{title}</b> ({goal}) was due a while ago. Dates are only guesses — this one "
            "just wants a new one. When suits you?",
            **values,
        )
    milestone_id = milestone.milestone_id
    picks = [
        button(t.day(day, today), cb.NewDate(milestone_id, day).pack())
        for day in quick_deadlines(today)
    ]
    rows = [
        picks,
        [
            button(
                t("🏁 Done already"), cb.MilestoneButton(MilestoneAction.TICK, milestone_id).pack()
            ),
            button(
                t("📅 Another date"), cb.MilestoneButton(MilestoneAction.MOVE, milestone_id).pack()
            ),
        ],
    ]
    return Reply(text, InlineKeyboardMarkup(rows))


def due_soon_note(
    t: Translator, milestone: Milestone, goal: Goal, *, tomorrow: bool = False
) -> Reply:
    """The morning of a milestone's date (or the day before it, for a user without the evening
    message) when today's step is already kept, so no card goes."""
    values = {"title": esc(clip(milestone.title, 80)), "goal": goal_name(t, goal, 40)}
    milestone_id = milestone.milestone_id
    if tomorrow:
        text = t(
            "🏁 Tomorrow: <b>{title}</b> ({goal}) is due. Today's step is kept already — room "
            "for a head start, if you fancy one.",
            **values,
        )
    else:
        text = t(
            "🏁 Due today: <b>{title}</b> ({goal}). Today's step is kept already — this is the "
            "one thing left on the list.",
            **values,
        )
    rows = [
        [
            button(t("🏁 Done!"), cb.MilestoneButton(MilestoneAction.TICK, milestone_id).pack()),
            button(
                t("📅 Move the date"), cb.MilestoneButton(MilestoneAction.MOVE, milestone_id).pack()
            ),
        ]
    ]
    return Reply(text, InlineKeyboardMarkup(rows))


def due_question(t: Translator, milestone: Milestone, today: date, *, lead: str = "") -> Reply:
    """ "When should it be done?", with a few dates and "No deadline" as buttons."""
    text = t(
        "When should <b>{title}</b> be done? Type a date — {examples} — or tap one.\n/cancel to "
        "stop.",
        title=esc(clip(milestone.title, 80)),
        examples=_date_examples(t),
    )
    if milestone.due_date is not None:
        text = t("It's {due} now.", due=due_phrase(t, milestone, today)) + "\n" + text
    milestone_id = milestone.milestone_id
    picks = [
        button(t.day(day, today), cb.PickDeadline(milestone_id, day).pack())
        for day in quick_deadlines(today)
    ]
    keyboard = InlineKeyboardMarkup(
        [
            picks,
            [
                button(
                    t("No deadline"),
                    cb.MilestoneButton(MilestoneAction.NO_DEADLINE, milestone_id).pack(),
                )
            ],
        ]
    )
    return Reply(with_lead(lead, text), keyboard)


def quick_deadlines(today: date) -> list[date]:
    """Dates offered as buttons: this coming Friday, two weeks out, the end of the month."""
    end_of_month = last_day_of_month(today)
    if end_of_month <= today + timedelta(days=2):
        end_of_month = last_day_of_month(end_of_month + timedelta(days=1))
    days = {next_weekday(today, FRIDAY), today + timedelta(weeks=2), end_of_month}
    return sorted(days)


def milestone_added(t: Translator, added: MilestoneAdded) -> Reply:
    """The title is saved; now the deadline (or the card, when the title carried it)."""
    title = esc(clip(added.milestone.title, 80))
    if added.card is not None:
        due = due_phrase(t, added.card.milestone, added.card.today)
        lead = t("Added <b>{title}</b> — {due} ✍️", title=title, due=due)
        return milestone_card(t, added.card, lead=lead)
    lead = t("Added <b>{title}</b> ✍️", title=title)
    return due_question(t, added.milestone, added.today, lead=lead)


def due_problem(t: Translator, rejected: DueRejected, answer: str | None) -> Reply:
    """One friendly line about a refused date, then the question again."""
    line = _date_problem(t, rejected.problem)
    if line is None:
        typed = esc(clip(answer or "", 30))
        if rejected.problem is DateProblem.INVALID:
            line = t(
                "“{typed}” isn't on the calendar — mind checking the day and month?", typed=typed
            )
        else:
            line = t(
                "I couldn't read “{typed}” as a date. Try {examples}.",
                typed=typed,
                examples=_date_examples(t),
            )
    return due_question(t, rejected.milestone, rejected.today, lead=line)


def due_set(t: Translator, result: DueSet) -> Reply:
    """The deadline is saved (or there is none)."""
    milestone = result.card.milestone
    title = esc(clip(milestone.title, 80))
    if milestone.due_date is None:
        lead = t("📌 <b>{title}</b> — saved without a deadline.", title=title)
    else:
        lead = t(
            "📌 <b>{title}</b> — {due}. Saved.",
            title=title,
            due=due_phrase(t, milestone, result.card.today),
        )
    return milestone_card(t, result.card, lead=lead)


def due_toast(t: Translator, *, saved: bool) -> str:
    """The toast of a date button: saved, or another date needed."""
    return t("Saved") if saved else t("Pick another date")


def due_cancelled(t: Translator) -> Reply:
    """/cancel while a milestone's deadline is asked."""
    return Reply(t("Okay, the deadline stays as it was. /goals is here when you need it."))
