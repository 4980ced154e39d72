"""Texts and keyboards of /goals: the goal list, a goal's card, milestones and their steps.

Every user-provided text (goal levels, milestone and step titles, a typed date) is clipped and
escaped here. Messages stay well under Telegram's 4096 characters however long the lists get:
titles are clipped, and the goal list stops adding detail once it is long.
"""

from __future__ import annotations

from datetime import date, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.coach.dates import DateProblem, last_day_of_month, next_weekday
from bot.coach.models import Goal, GoalStatus, Milestone
from bot.coach.quantities import format_quantity
from bot.services.goal_access import (
    MAX_TITLE_LENGTH,
    GoalsError,
    ListFullError,
    ListKind,
    MilestoneCard,
    QuestionClosedError,
    TextProblem,
)
from bot.services.goals import (
    Archived,
    ArchivedGoals,
    GoalCard,
    GoalsOverview,
    GoalSummary,
    Moved,
    Restored,
    Resumed,
)
from bot.services.milestones import (
    DueRejected,
    DueSet,
    MilestoneAdded,
    MilestoneList,
    MilestoneTitleRejected,
    Ticked,
)
from bot.services.steps import StepAdded, StepTitleRejected, StepToggled
from bot.views import goal_callbacks as cb
from bot.views import plan_callbacks
from bot.views.goal_callbacks import GoalAction, MilestoneAction, StepAction
from bot.views.i18n import Translator
from bot.views.reply import Reply, clip, esc

FRIDAY = 4
MAX_TEXT = 3800
"""Stop adding goals to the list text past this length (Telegram's limit is 4096)."""
MAX_GOAL_BUTTONS = 40


def _cheer(t: Translator, index: int, title: str) -> str:
    cheers = (
        t("🎉 <b>{title}</b> — done! That's real progress.", title=title),
        t("🙌 You finished <b>{title}</b>. Take a second to enjoy that.", title=title),
        t("✨ <b>{title}</b>: ticked off. One more stone on the path.", title=title),
        t("💪 <b>{title}</b> is done. That's what showing up looks like.", title=title),
        t("🏁 Done: <b>{title}</b>. Nicely finished.", title=title),
    )
    return cheers[index % len(cheers)]


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


# --- small pieces --------------------------------------------------------------------------------


def goal_name(t: Translator, goal: Goal, limit: int = 60) -> str:
    """The goal's name for a message (escaped): its vision, else its outcome or daily action."""
    for text in (goal.vision, goal.outcome, goal.daily):
        if text and text.strip():
            return esc(clip(text, limit))
    return t("Goal {number}", number=goal.goal_id)


def daily_line(t: Translator, goal: Goal, limit: int = 80) -> str:
    """ "Write 300 words", with the target added when the wording lacks it."""
    if not goal.daily:
        return t("not set yet — /plan")
    text = esc(clip(goal.daily, limit))
    measure = goal.daily_measure
    said = (format_quantity(measure.quantity), t.quantity(measure.quantity)) if measure else ()
    if measure is not None and not any(number in goal.daily for number in said):
        text += f" ({esc(t.measure(measure))})"
    return text


def due_phrase(t: Translator, milestone: Milestone, today: date) -> str:
    """When a milestone is due, kindly: never a telling-off for a date that has passed."""
    due = milestone.due_date
    if milestone.done_at is not None:
        return t("done")
    if due is None:
        return t("no deadline")
    if due < today:
        return t("was due {day} — still worth doing", day=t.day(due, today))
    if due == today:
        return t("due today")
    if due == today + timedelta(days=1):
        return t("due tomorrow")
    return t("due {day}", day=t.day(due, today))


def _tick(done: bool) -> str:
    return "✅" if done else "⬜"


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


def _with_lead(lead: str, text: str) -> str:
    return f"{lead}\n\n{text}" if lead else text


# --- the goal list -------------------------------------------------------------------------------


def overview(t: Translator, shown: GoalsOverview, *, lead: str = "") -> Reply:
    """/goals: active then paused goals, each with its daily action and next milestone."""
    rows: list[list[InlineKeyboardButton]] = []
    if not shown.goals:
        text = _empty_list(t, shown)
    else:
        blocks = [t("🎯 <b>Your goals</b>, top priority first")]
        left_out = 0
        for number, summary in enumerate(shown.goals, start=1):
            block = _summary_block(t, number, summary, shown.today)
            if sum(len(b) + 2 for b in blocks) + len(block) > MAX_TEXT:
                left_out += 1
                continue
            blocks.append(block)
        if left_out:
            blocks.append(t("…and {count} more — tap one below.", count=t.number(left_out)))
        blocks.append(t("Tap a goal to reorder it, pause it or work on its milestones."))
        text = "\n\n".join(blocks)
        for number, summary in enumerate(shown.goals[:MAX_GOAL_BUTTONS], start=1):
            label = f"{number}. {clip(_plain_name(t, summary.goal), 40)}"
            if summary.goal.status is GoalStatus.PAUSED:
                label += " ⏸"
            rows.append(
                [_button(label, cb.GoalButton(GoalAction.OPEN, summary.goal.goal_id).pack())]
            )
    if shown.archived:
        rows.append(
            [
                _button(
                    t("🗄 Archived ({count})", count=t.number(shown.archived)),
                    cb.ShowArchived().pack(),
                )
            ]
        )
    return Reply(_with_lead(lead, text), InlineKeyboardMarkup(rows) if rows else None)


def _empty_list(t: Translator, shown: GoalsOverview) -> str:
    if shown.drafts:
        return t(
            "No active goals yet — but you have a plan in progress. "
            "/plan picks up right where you left off."
        )
    if shown.archived:
        return t("No active goals right now. Restore one from the archive, or /plan a new one.")
    return t("No goals yet. /plan turns one big goal into a tiny daily action — let's start there.")


def _summary_block(t: Translator, number: int, summary: GoalSummary, today: date) -> str:
    goal = summary.goal
    head = f"{number}. <b>{goal_name(t, goal)}</b>"
    if goal.status is GoalStatus.PAUSED:
        head += " · " + t("⏸ paused")
    lines = [head, "   " + t("Daily: {action}", action=daily_line(t, goal))]
    upcoming = summary.next_milestone
    if upcoming is not None:
        lines.append(
            "   "
            + t(
                "Next: {title} · {due}",
                title=esc(clip(upcoming.title, 60)),
                due=due_phrase(t, upcoming, today),
            )
        )
    elif summary.milestones_total:
        lines.append(
            "   " + t("All {count} milestones done ✅", count=t.number(summary.milestones_total))
        )
    return "\n".join(lines)


def _plain_name(t: Translator, goal: Goal) -> str:
    for text in (goal.vision, goal.outcome, goal.daily):
        if text and text.strip():
            return text
    return t("Goal {number}", number=goal.goal_id)


def archived_list(t: Translator, archived: ArchivedGoals) -> Reply:
    """The archived goals, each openable to restore it."""
    rows = [
        [_button(clip(_plain_name(t, g), 40), cb.GoalButton(GoalAction.OPEN, g.goal_id).pack())]
        for g in archived.goals[:MAX_GOAL_BUTTONS]
    ]
    rows.append([_button(t("« All goals"), cb.ShowGoals().pack())])
    if not archived.goals:
        return Reply(t("Nothing in the archive."), InlineKeyboardMarkup(rows))
    text = t(
        "🗄 <b>Archived goals</b>\nTheir history and milestones are kept. Open one to bring it back."
    )
    return Reply(text, InlineKeyboardMarkup(rows))


def archived_done(t: Translator, result: Archived) -> tuple[Reply, str]:
    """After archiving: the list, with a word on where the goal went."""
    lead = t(
        "🗄 Archived <b>{goal}</b>. It's kept safe — restore it any time.",
        goal=goal_name(t, result.goal),
    )
    return overview(t, result.overview, lead=lead), t("Archived")


# --- one goal -------------------------------------------------------------------------------------


def goal_card(t: Translator, card: GoalCard, *, lead: str = "") -> Reply:
    """A goal in detail, with what can be done to it."""
    goal = card.goal
    lines = [f"🎯 <b>{goal_name(t, goal, 200)}</b>", _status_line(t, card)]
    if goal.outcome:
        outcome = esc(clip(goal.outcome, 200))
        if goal.outcome_due is not None:
            lines.append(
                t(
                    "12 weeks: {outcome} (by {day})",
                    outcome=outcome,
                    day=t.day(goal.outcome_due, card.today),
                )
            )
        else:
            lines.append(t("12 weeks: {outcome}", outcome=outcome))
    lines.append(t("Daily: {action}", action=daily_line(t, goal, 200)))
    upcoming = card.next_milestone
    if upcoming is not None:
        lines.append(
            t(
                "Next milestone: {title} · {due}",
                title=esc(clip(upcoming.title, 100)),
                due=due_phrase(t, upcoming, card.today),
            )
        )
    if card.milestones:
        done = sum(1 for m in card.milestones if m.done_at is not None)
        lines.append(
            t(
                "Milestones: {done} of {total} done",
                done=t.number(done),
                total=t.number(len(card.milestones)),
            )
        )
    return Reply(_with_lead(lead, "\n".join(lines)), _goal_keyboard(t, card))


def _status_line(t: Translator, card: GoalCard) -> str:
    status = card.goal.status
    values = {"rank": t.number(card.rank), "size": t.number(card.group_size)}
    if status is GoalStatus.ARCHIVED:
        return t("🗄 Archived")
    if status is GoalStatus.PAUSED:
        return t("⏸ Paused · {rank} of {size} paused", **values)
    return t("Priority {rank} of {size} active", **values)


def _goal_keyboard(t: Translator, card: GoalCard) -> InlineKeyboardMarkup:
    goal_id = card.goal.goal_id
    rows: list[list[InlineKeyboardButton]] = []
    if card.goal.status is GoalStatus.ARCHIVED:
        rows.append(
            [
                _button(t("♻️ Restore"), cb.GoalButton(GoalAction.RESTORE, goal_id).pack()),
                _button(t("🏁 Milestones"), cb.GoalButton(GoalAction.MILESTONES, goal_id).pack()),
            ]
        )
        rows.append([_button(t("« Archived goals"), cb.ShowArchived().pack())])
        return InlineKeyboardMarkup(rows)
    moves = []
    if card.rank > 1:
        moves.append(_button(t("⬆️ Move up"), cb.GoalButton(GoalAction.UP, goal_id).pack()))
    if card.rank < card.group_size:
        moves.append(_button(t("⬇️ Move down"), cb.GoalButton(GoalAction.DOWN, goal_id).pack()))
    if moves:
        rows.append(moves)
    if card.goal.status is GoalStatus.ACTIVE:
        switch = _button(t("⏸ Pause"), cb.GoalButton(GoalAction.PAUSE, goal_id).pack())
    else:
        switch = _button(t("▶️ Resume"), cb.GoalButton(GoalAction.RESUME, goal_id).pack())
    rows.append(
        [switch, _button(t("🗄 Archive"), cb.GoalButton(GoalAction.ARCHIVE, goal_id).pack())]
    )
    rows.append(
        [
            _button(t("✏️ Edit plan"), plan_callbacks.Show(goal_id).pack()),
            _button(t("🏁 Milestones"), cb.GoalButton(GoalAction.MILESTONES, goal_id).pack()),
        ]
    )
    rows.append([_button(t("« All goals"), cb.ShowGoals().pack())])
    return InlineKeyboardMarkup(rows)


def moved(t: Translator, result: Moved, *, up: bool) -> tuple[Reply, str]:
    """After "move up" / "move down": the card and a toast."""
    rank = t.number(result.card.rank)
    if not result.moved:
        toast = t("Already at the top.") if up else t("Already at the bottom.")
    elif up:
        toast = t("Moved up — now number {rank}.", rank=rank)
    else:
        toast = t("Moved down — now number {rank}.", rank=rank)
    return goal_card(t, result.card), toast


def paused(t: Translator, card: GoalCard) -> tuple[Reply, str]:
    """After "pause"."""
    lead = t("⏸ Paused. Nothing is lost — resume whenever you're ready.")
    return goal_card(t, card, lead=lead), t("Paused")


def resumed(t: Translator, result: Resumed) -> tuple[Reply, str]:
    """After "resume": welcome back, or a kind word about the active-goal limit."""
    if result.refused_limit is not None:
        limit = t.number(result.refused_limit)
        lead = t(
            "You already have {count} active goals — the most I keep going at once, so each one "
            "gets real attention. Pause or archive one, then resume this.",
            count=limit,
        )
        return goal_card(t, result.card, lead=lead), t("{count} goals are active", count=limit)
    return goal_card(t, result.card, lead=t("▶️ Welcome back! It's active again.")), t("Resumed")


def archive_confirm(t: Translator, card: GoalCard) -> Reply:
    """ "Archive" asks first."""
    goal_id = card.goal.goal_id
    text = t(
        "Archive <b>{goal}</b>?\nIt leaves your list and stops its reminders. Its history and "
        "milestones are kept, and you can restore it any time.",
        goal=goal_name(t, card.goal),
    )
    keyboard = InlineKeyboardMarkup(
        [
            [
                _button(
                    t("Yes, archive"), cb.GoalButton(GoalAction.ARCHIVE_CONFIRMED, goal_id).pack()
                ),
                _button(t("Keep it"), cb.GoalButton(GoalAction.OPEN, goal_id).pack()),
            ]
        ]
    )
    return Reply(text, keyboard)


def restored(t: Translator, result: Restored) -> tuple[Reply, str]:
    """After "restore": active again, or paused when the active list is full."""
    if result.paused_for_room:
        lead = t(
            "♻️ Restored as paused — your active list is full. "
            "Resume it when one of the others is done or paused."
        )
    else:
        lead = t("♻️ Restored — it's active again.")
    return goal_card(t, result.card, lead=lead), t("Restored")


# --- milestones ----------------------------------------------------------------------------------


def milestone_list(t: Translator, listed: MilestoneList, *, lead: str = "") -> Reply:
    """A goal's milestones, each openable, with "add"."""
    goal_id = listed.goal.goal_id
    head = t("🏁 <b>Milestones</b> · {goal}", goal=goal_name(t, listed.goal))
    if not listed.milestones:
        body = t(
            "None yet. A milestone is one thing you can finish, like "
            "<i>outline the plot by Friday</i>."
        )
    else:
        body = "\n".join(_milestone_line(t, m, listed.today) for m in listed.milestones)
    rows = [
        [_button(f"{_tick(m.done_at is not None)} {clip(m.title, 40)}", _open(m))]
        for m in listed.milestones
    ]
    rows.append([_add_milestone_button(t, goal_id)])
    rows.append([_button(t("« Back to goal"), cb.GoalButton(GoalAction.OPEN, goal_id).pack())])
    return Reply(_with_lead(lead, f"{head}\n\n{body}"), InlineKeyboardMarkup(rows))


def _add_milestone_button(t: Translator, goal_id: int) -> InlineKeyboardButton:
    return _button(t("➕ Add milestone"), cb.GoalButton(GoalAction.ADD_MILESTONE, goal_id).pack())


def _open(milestone: Milestone) -> str:
    return cb.MilestoneButton(MilestoneAction.OPEN, milestone.milestone_id).pack()


def _milestone_line(t: Translator, milestone: Milestone, today: date) -> str:
    line = f"{_tick(milestone.done_at is not None)} {esc(clip(milestone.title, 80))}"
    line += f" · {due_phrase(t, milestone, today)}"
    if milestone.steps and milestone.done_at is None:
        done = sum(1 for s in milestone.steps if s.done_at is not None)
        line += " · " + t(
            "{done}/{total} steps", done=t.number(done), total=t.number(len(milestone.steps))
        )
    return line


def milestone_card(
    t: Translator, card: MilestoneCard, *, lead: str = "", add_milestone: bool = False
) -> Reply:
    """A milestone in detail, with its steps and what can be done to it.

    ``add_milestone`` puts "➕ Add milestone" on top (after the goal's last one is ticked).
    """
    milestone = card.milestone
    done = milestone.done_at is not None
    when = _done_phrase(t, card) if done else _capital(due_phrase(t, milestone, card.today))
    lines = [
        f"{_tick(done)} <b>{esc(clip(milestone.title, MAX_TITLE_LENGTH))}</b>",
        t("Goal: {goal}", goal=goal_name(t, card.goal)),
        f"📅 {when}",
    ]
    if milestone.steps:
        lines.append("")
        lines.append(t("Steps:"))
        lines.extend(
            f"{_tick(s.done_at is not None)} {esc(clip(s.title, 100))}" for s in milestone.steps
        )
    return Reply(_with_lead(lead, "\n".join(lines)), _milestone_keyboard(t, card, add_milestone))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _done_phrase(t: Translator, card: MilestoneCard) -> str:
    due = card.milestone.due_date
    if due is None:
        return t("Done")
    return t("Done (was due {day})", day=t.day(due, card.today))


def _milestone_keyboard(
    t: Translator, card: MilestoneCard, add_milestone: bool
) -> InlineKeyboardMarkup:
    milestone = card.milestone
    milestone_id = milestone.milestone_id
    rows = [] if not add_milestone else [[_add_milestone_button(t, card.goal.goal_id)]]
    rows += [
        [
            _button(
                f"{_tick(s.done_at is not None)} {clip(s.title, 30)}",
                cb.StepButton(StepAction.TICK, milestone_id, s.step_id).pack(),
            ),
            _button("🗑", cb.StepButton(StepAction.DELETE, milestone_id, s.step_id).pack()),
        ]
        for s in milestone.steps
    ]
    if milestone.done_at is None:
        toggle = _button(
            t("✅ Tick off"), cb.MilestoneButton(MilestoneAction.TICK, milestone_id).pack()
        )
    else:
        toggle = _button(
            t("↩️ Reopen"), cb.MilestoneButton(MilestoneAction.REOPEN, milestone_id).pack()
        )
    date_label = t("📅 Move date") if milestone.due_date is not None else t("📅 Set date")
    rows.append(
        [toggle, _button(date_label, cb.MilestoneButton(MilestoneAction.MOVE, milestone_id).pack())]
    )
    rows.append(
        [
            _button(
                t("➕ Add step"), cb.MilestoneButton(MilestoneAction.ADD_STEP, milestone_id).pack()
            ),
            _button(t("🗑 Delete"), cb.MilestoneButton(MilestoneAction.DELETE, milestone_id).pack()),
        ]
    )
    rows.append(
        [_button(t("« Milestones"), cb.GoalButton(GoalAction.MILESTONES, card.goal.goal_id).pack())]
    )
    return InlineKeyboardMarkup(rows)


def _every_milestone(t: Translator) -> str:
    return t("That's every milestone on this goal — ready to set the next one?")


def ticked(t: Translator, result: Ticked) -> tuple[Reply, str]:
    """A milestone ticked off: a short, warm, varied cheer."""
    if not result.celebrate:
        return milestone_card(t, result.card), t("Already done ✅")
    lead = _tick_word(t, result)
    if result.all_done:
        lead += "\n" + _every_milestone(t)
        return milestone_card(t, result.card, lead=lead, add_milestone=True), t("🎉 Done!")
    return milestone_card(t, result.card, lead=lead), t("🎉 Done!")


def ticked_here(t: Translator, result: Ticked) -> tuple[Reply, str]:
    """A milestone ticked from a row on a daily message: the word, as a message of its own.

    The daily message keeps its other buttons; this one offers the way back (reopen) and, after
    the goal's last milestone, the next one.
    """
    milestone = result.card.milestone
    if not result.celebrate:
        return milestone_card(t, result.card), t("Already done ✅")
    rows = [
        [
            _button(
                t("↩️ Reopen"),
                cb.MilestoneButton(MilestoneAction.REOPEN, milestone.milestone_id).pack(),
            )
        ]
    ]
    lead = _tick_word(t, result)
    if result.all_done:
        lead += "\n" + _every_milestone(t)
        rows.insert(0, [_add_milestone_button(t, milestone.goal_id)])
    return Reply(lead, InlineKeyboardMarkup(rows)), t("🎉 Done!")


def _tick_word(t: Translator, result: Ticked) -> str:
    """The cheer for a ticked milestone, and a kind word about its date."""
    milestone = result.card.milestone
    title = esc(clip(milestone.title, 80))
    # Consecutive ticks on a goal raise done_count by one, so they never repeat a cheer.
    lead = _cheer(t, result.done_count + milestone.goal_id, title)
    due, today = milestone.due_date, result.card.today
    if due is None:
        return lead
    if today < due:
        return lead + "\n" + t("And ahead of the deadline, too.")
    if today == due:
        return lead + "\n" + t("Right on the day you set — nicely judged.")
    return lead + "\n" + t("Later than planned and done all the same — that's what counts.")


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
        _button(t.day(day, today), cb.NewDate(milestone_id, day).pack())
        for day in quick_deadlines(today)
    ]
    rows = [
        picks,
        [
            _button(
                t("🏁 Done already"), cb.MilestoneButton(MilestoneAction.TICK, milestone_id).pack()
            ),
            _button(
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
            _button(t("🏁 Done!"), cb.MilestoneButton(MilestoneAction.TICK, milestone_id).pack()),
            _button(
                t("📅 Move the date"), cb.MilestoneButton(MilestoneAction.MOVE, milestone_id).pack()
            ),
        ]
    ]
    return Reply(text, InlineKeyboardMarkup(rows))


def reopened(t: Translator, card: MilestoneCard) -> tuple[Reply, str]:
    """A milestone reopened."""
    lead = t("↩️ Reopened — it's back on the list.")
    return milestone_card(t, card, lead=lead), t("Reopened")


def delete_confirm(t: Translator, card: MilestoneCard) -> Reply:
    """ "Delete" asks first."""
    milestone = card.milestone
    steps = len(milestone.steps)
    title = esc(clip(milestone.title, 80))
    if steps:
        text = t.plural(
            "Delete <b>{title}</b> and its {n} step? This can't be undone.",
            "Delete <b>{title}</b> and its {n} steps? This can't be undone.",
            steps,
            title=title,
        )
    else:
        text = t("Delete <b>{title}</b>? This can't be undone.", title=title)
    keyboard = InlineKeyboardMarkup(
        [
            [
                _button(
                    t("Yes, delete"),
                    cb.MilestoneButton(
                        MilestoneAction.DELETE_CONFIRMED, milestone.milestone_id
                    ).pack(),
                ),
                _button(t("Keep it"), _open(milestone)),
            ]
        ]
    )
    return Reply(text, keyboard)


def milestone_deleted(t: Translator, listed: MilestoneList) -> tuple[Reply, str]:
    """After deleting a milestone: the remaining ones."""
    return milestone_list(t, listed, lead=t("🗑 Deleted.")), t("Deleted")


# --- questions -----------------------------------------------------------------------------------


def milestone_question(t: Translator, goal: Goal, *, lead: str = "") -> Reply:
    """ "What's the milestone?" """
    text = t(
        "What's the next milestone for <b>{goal}</b>? One thing you can finish, like "
        "<i>outline the plot</i>.\n/cancel to stop.",
        goal=goal_name(t, goal),
    )
    return Reply(_with_lead(lead, text))


def step_question(t: Translator, card: MilestoneCard, *, lead: str = "") -> Reply:
    """ "What's the step?" """
    text = t(
        "What's a step towards <b>{milestone}</b>? Keep it small, like <i>list the main "
        "characters</i>.\n/cancel to stop.",
        milestone=esc(clip(card.milestone.title, 80)),
    )
    return Reply(_with_lead(lead, text))


def milestone_title_problem(t: Translator, refused: MilestoneTitleRejected) -> Reply:
    """One friendly line about a refused milestone title, then the question again."""
    rejected = refused.rejected
    if rejected.problem is TextProblem.TOO_LONG:
        line = t(
            "That's {length} characters — please keep the milestone to {limit} or fewer, like "
            "a headline.",
            length=t.number(rejected.length),
            limit=t.number(rejected.limit),
        )
    else:
        line = t("I need a few words for the milestone — typed text, not a sticker or a blank.")
    return milestone_question(t, refused.goal, lead=line)


def step_title_problem(t: Translator, refused: StepTitleRejected) -> Reply:
    """One friendly line about a refused step title, then the question again."""
    rejected = refused.rejected
    if rejected.problem is TextProblem.TOO_LONG:
        line = t(
            "That's {length} characters — please keep the step to {limit} or fewer, like a "
            "headline.",
            length=t.number(rejected.length),
            limit=t.number(rejected.limit),
        )
    else:
        line = t("I need a few words for the step — typed text, not a sticker or a blank.")
    return step_question(t, refused.card, lead=line)


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
        _button(t.day(day, today), cb.PickDeadline(milestone_id, day).pack())
        for day in quick_deadlines(today)
    ]
    keyboard = InlineKeyboardMarkup(
        [
            picks,
            [
                _button(
                    t("No deadline"),
                    cb.MilestoneButton(MilestoneAction.NO_DEADLINE, milestone_id).pack(),
                )
            ],
        ]
    )
    return Reply(_with_lead(lead, text), keyboard)


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


def step_added(t: Translator, added: StepAdded) -> Reply:
    """A step was added."""
    return milestone_card(t, added.card, lead=t("➕ Step added."))


def step_toggled(t: Translator, result: StepToggled) -> tuple[Reply, str]:
    """A step ticked or reopened."""
    if not result.done:
        return milestone_card(t, result.card), t("Step reopened")
    if result.all_steps_done and result.card.milestone.done_at is None:
        lead = t("Every step is done 👏 Tick the milestone off when it feels finished.")
        return milestone_card(t, result.card, lead=lead), t("Step done ✅")
    return milestone_card(t, result.card), t("Step done ✅")


def step_deleted(t: Translator, card: MilestoneCard) -> tuple[Reply, str]:
    """A step was deleted."""
    return milestone_card(t, card), t("Step removed")


# --- refusals and /cancel ------------------------------------------------------------------------


def refusal_toast(t: Translator, error: GoalsError) -> str:
    """A short callback answer for a refused button (Telegram shows up to 200 characters)."""
    if isinstance(error, ListFullError):
        return _full(t, error)
    if isinstance(error, QuestionClosedError):
        return t("That question is closed — open the milestone to set a date.")
    return not_available(t)


def refusal(t: Translator, error: GoalsError) -> Reply:
    """A refused answer to a question: the question is closed, say why and where to go."""
    if isinstance(error, ListFullError):
        return Reply(_full(t, error))
    return Reply(
        t("That isn't there any more, so I've closed the question. /goals shows your goals.")
    )


def not_available(t: Translator) -> str:
    """A button naming something that is not the user's (or is gone): nothing changed."""
    return t("That's not available — /goals shows your goals.")


def _full(t: Translator, error: ListFullError) -> str:
    limit = t.number(error.limit)
    if error.kind is ListKind.STEPS:
        return t(
            "A milestone holds up to {limit} steps — maybe split this one into two milestones?",
            limit=limit,
        )
    return t(
        "A goal holds up to {limit} milestones — tick some off or delete a few first.",
        limit=limit,
    )


def milestone_cancelled(t: Translator) -> Reply:
    """/cancel while a new milestone's title is asked."""
    return Reply(t("Okay, no new milestone. /goals is here when you need it."))


def due_cancelled(t: Translator) -> Reply:
    """/cancel while a milestone's deadline is asked."""
    return Reply(t("Okay, the deadline stays as it was. /goals is here when you need it."))


def step_cancelled(t: Translator) -> Reply:
    """/cancel while a new step's title is asked."""
    return Reply(t("Okay, no new step. /goals is here when you need it."))
