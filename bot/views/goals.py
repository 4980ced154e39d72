"""Texts and keyboards of /goals: the goal list, a goal's card, milestones and their steps.

Every user-provided text (goal levels, milestone and step titles, a typed date) is clipped and
escaped here. Messages stay well under Telegram's 4096 characters however long the lists get:
titles are clipped, and the goal list stops adding detail once it is long.
"""

from __future__ import annotations

from datetime import date, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.coach.dates import (
    DateProblem,
    format_date,
    last_day_of_month,
    next_weekday,
)
from bot.coach.models import Goal, GoalStatus, Milestone
from bot.coach.quantities import format_measure, format_quantity
from bot.services.dialogs import Dialog
from bot.services.goals import (
    MAX_TITLE_LENGTH,
    Archived,
    ArchivedGoals,
    DueRejected,
    DueSet,
    GoalCard,
    GoalsError,
    GoalsOverview,
    GoalSummary,
    ListFullError,
    ListKind,
    MilestoneAdded,
    MilestoneCard,
    MilestoneList,
    MilestoneTitleRejected,
    Moved,
    QuestionClosedError,
    Restored,
    Resumed,
    StepAdded,
    StepTitleRejected,
    StepToggled,
    TextProblem,
    TextRejected,
    Ticked,
)
from bot.views import goal_callbacks as cb
from bot.views import plan_callbacks
from bot.views.goal_callbacks import GoalAction, MilestoneAction, StepAction
from bot.views.reply import Reply, clip, esc

FRIDAY = 4
MAX_TEXT = 3800
"""Stop adding goals to the list text past this length (Telegram's limit is 4096)."""
MAX_GOAL_BUTTONS = 40

_CHEERS = (
    "🎉 <b>{title}</b> — done! That's real progress.",
    "🙌 You finished <b>{title}</b>. Take a second to enjoy that.",
    "✨ <b>{title}</b>: ticked off. One more stone on the path.",
    "💪 <b>{title}</b> is done. That's what showing up looks like.",
    "🏁 Done: <b>{title}</b>. Nicely finished.",
)

_DATE_EXAMPLES = "<i>Friday</i>, <i>15 March</i>, <i>in 2 weeks</i>"

_DATE_PROBLEMS = {
    DateProblem.EMPTY: f"I need a date — like {_DATE_EXAMPLES}.",
    DateProblem.TOO_LONG: "Just the date is plenty — like <i>in 2 weeks</i>.",
    DateProblem.PAST: "That date has already gone by — pick today or a day ahead.",
    DateProblem.TOO_FAR: "That's more than 10 years away — pick something closer, like "
    "<i>in 3 months</i>.",
}


# --- small pieces --------------------------------------------------------------------------------


def goal_name(goal: Goal, limit: int = 60) -> str:
    """The goal's name for a message (escaped): its vision, else its outcome or daily action."""
    for text in (goal.vision, goal.outcome, goal.daily):
        if text and text.strip():
            return esc(clip(text, limit))
    return f"Goal {goal.goal_id}"


def daily_line(goal: Goal, limit: int = 80) -> str:
    """ "Write 300 words", with the target added when the wording lacks it."""
    if not goal.daily:
        return "not set yet — /plan"
    text = esc(clip(goal.daily, limit))
    measure = goal.daily_measure
    if measure is not None and format_quantity(measure.quantity) not in goal.daily:
        text += f" ({esc(format_measure(measure))})"
    return text


def due_phrase(milestone: Milestone, today: date) -> str:
    """When a milestone is due, kindly: never a telling-off for a date that has passed."""
    due = milestone.due_date
    if milestone.done_at is not None:
        return "done"
    if due is None:
        return "no deadline"
    if due < today:
        return f"was due {format_date(due, today)} — still worth doing"
    if due == today:
        return "due today"
    if due == today + timedelta(days=1):
        return "due tomorrow"
    return f"due {format_date(due, today)}"


def _tick(done: bool) -> str:
    return "✅" if done else "⬜"


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


def _with_lead(lead: str, text: str) -> str:
    return f"{lead}\n\n{text}" if lead else text


# --- the goal list -------------------------------------------------------------------------------


def overview(shown: GoalsOverview, *, lead: str = "") -> Reply:
    """/goals: active then paused goals, each with its daily action and next milestone."""
    rows: list[list[InlineKeyboardButton]] = []
    if not shown.goals:
        text = _empty_list(shown)
    else:
        blocks = ["🎯 <b>Your goals</b>, top priority first"]
        left_out = 0
        for number, summary in enumerate(shown.goals, start=1):
            block = _summary_block(number, summary, shown.today)
            if sum(len(b) + 2 for b in blocks) + len(block) > MAX_TEXT:
                left_out += 1
                continue
            blocks.append(block)
        if left_out:
            blocks.append(f"…and {left_out} more — tap one below.")
        blocks.append("Tap a goal to reorder it, pause it or work on its milestones.")
        text = "\n\n".join(blocks)
        for number, summary in enumerate(shown.goals[:MAX_GOAL_BUTTONS], start=1):
            label = f"{number}. {clip(_plain_name(summary.goal), 40)}"
            if summary.goal.status is GoalStatus.PAUSED:
                label += " ⏸"
            rows.append([_button(label, cb.goal(GoalAction.OPEN, summary.goal.goal_id))])
    if shown.archived:
        rows.append([_button(f"🗄 Archived ({shown.archived})", cb.show_archived())])
    return Reply(_with_lead(lead, text), InlineKeyboardMarkup(rows) if rows else None)


def _empty_list(shown: GoalsOverview) -> str:
    if shown.drafts:
        return (
            "No active goals yet — but you have a plan in progress. "
            "/plan picks up right where you left off."
        )
    if shown.archived:
        return "No active goals right now. Restore one from the archive, or /plan a new one."
    return "No goals yet. /plan turns one big goal into a tiny daily action — let's start there."


def _summary_block(number: int, summary: GoalSummary, today: date) -> str:
    goal = summary.goal
    head = f"{number}. <b>{goal_name(goal)}</b>"
    if goal.status is GoalStatus.PAUSED:
        head += " · ⏸ paused"
    lines = [head, f"   Daily: {daily_line(goal)}"]
    upcoming = summary.next_milestone
    if upcoming is not None:
        lines.append(f"   Next: {esc(clip(upcoming.title, 60))} · {due_phrase(upcoming, today)}")
    elif summary.milestones_total:
        lines.append(f"   All {summary.milestones_total} milestones done ✅")
    return "\n".join(lines)


def _plain_name(goal: Goal) -> str:
    for text in (goal.vision, goal.outcome, goal.daily):
        if text and text.strip():
            return text
    return f"Goal {goal.goal_id}"


def archived_list(archived: ArchivedGoals) -> Reply:
    """The archived goals, each openable to restore it."""
    rows = [
        [_button(clip(_plain_name(g), 40), cb.goal(GoalAction.OPEN, g.goal_id))]
        for g in archived.goals[:MAX_GOAL_BUTTONS]
    ]
    rows.append([_button("« All goals", cb.show_goals())])
    if not archived.goals:
        return Reply("Nothing in the archive.", InlineKeyboardMarkup(rows))
    text = (
        "🗄 <b>Archived goals</b>\nTheir history and milestones are kept. Open one to bring it back."
    )
    return Reply(text, InlineKeyboardMarkup(rows))


def archived_done(result: Archived) -> tuple[Reply, str]:
    """After archiving: the list, with a word on where the goal went."""
    lead = f"🗄 Archived <b>{goal_name(result.goal)}</b>. It's kept safe — restore it any time."
    return overview(result.overview, lead=lead), "Archived"


# --- one goal -------------------------------------------------------------------------------------


def goal_card(card: GoalCard, *, lead: str = "") -> Reply:
    """A goal in detail, with what can be done to it."""
    goal = card.goal
    lines = [f"🎯 <b>{goal_name(goal, 200)}</b>", _status_line(card)]
    if goal.outcome:
        outcome = f"12 weeks: {esc(clip(goal.outcome, 200))}"
        if goal.outcome_due is not None:
            outcome += f" (by {format_date(goal.outcome_due, card.today)})"
        lines.append(outcome)
    lines.append(f"Daily: {daily_line(goal, 200)}")
    upcoming = card.next_milestone
    if upcoming is not None:
        phrase = due_phrase(upcoming, card.today)
        lines.append(f"Next milestone: {esc(clip(upcoming.title, 100))} · {phrase}")
    if card.milestones:
        done = sum(1 for m in card.milestones if m.done_at is not None)
        lines.append(f"Milestones: {done} of {len(card.milestones)} done")
    return Reply(_with_lead(lead, "\n".join(lines)), _goal_keyboard(card))


def _status_line(card: GoalCard) -> str:
    status = card.goal.status
    if status is GoalStatus.ARCHIVED:
        return "🗄 Archived"
    if status is GoalStatus.PAUSED:
        return f"⏸ Paused · {card.rank} of {card.group_size} paused"
    return f"Priority {card.rank} of {card.group_size} active"


def _goal_keyboard(card: GoalCard) -> InlineKeyboardMarkup:
    goal_id = card.goal.goal_id
    rows: list[list[InlineKeyboardButton]] = []
    if card.goal.status is GoalStatus.ARCHIVED:
        rows.append(
            [
                _button("♻️ Restore", cb.goal(GoalAction.RESTORE, goal_id)),
                _button("🏁 Milestones", cb.goal(GoalAction.MILESTONES, goal_id)),
            ]
        )
        rows.append([_button("« Archived goals", cb.show_archived())])
        return InlineKeyboardMarkup(rows)
    moves = []
    if card.rank > 1:
        moves.append(_button("⬆️ Move up", cb.goal(GoalAction.UP, goal_id)))
    if card.rank < card.group_size:
        moves.append(_button("⬇️ Move down", cb.goal(GoalAction.DOWN, goal_id)))
    if moves:
        rows.append(moves)
    if card.goal.status is GoalStatus.ACTIVE:
        switch = _button("⏸ Pause", cb.goal(GoalAction.PAUSE, goal_id))
    else:
        switch = _button("▶️ Resume", cb.goal(GoalAction.RESUME, goal_id))
    rows.append([switch, _button("🗄 Archive", cb.goal(GoalAction.ARCHIVE, goal_id))])
    rows.append(
        [
            _button("✏️ Edit plan", plan_callbacks.build("show", goal_id)),
            _button("🏁 Milestones", cb.goal(GoalAction.MILESTONES, goal_id)),
        ]
    )
    rows.append([_button("« All goals", cb.show_goals())])
    return InlineKeyboardMarkup(rows)


def moved(result: Moved, *, up: bool) -> tuple[Reply, str]:
    """After "move up" / "move down": the card and a toast."""
    if not result.moved:
        toast = "Already at the top." if up else "Already at the bottom."
    else:
        toast = f"Moved {'up' if up else 'down'} — now number {result.card.rank}."
    return goal_card(result.card), toast


def paused(card: GoalCard) -> tuple[Reply, str]:
    """After "pause"."""
    lead = "⏸ Paused. Nothing is lost — resume whenever you're ready."
    return goal_card(card, lead=lead), "Paused"


def resumed(result: Resumed) -> tuple[Reply, str]:
    """After "resume": welcome back, or a kind word about the active-goal limit."""
    if result.refused_limit is not None:
        lead = (
            f"You already have {result.refused_limit} active goals — the most I keep going "
            "at once, so each one gets real attention. Pause or archive one, then resume this."
        )
        return goal_card(result.card, lead=lead), f"{result.refused_limit} goals are active"
    return goal_card(result.card, lead="▶️ Welcome back! It's active again."), "Resumed"


def archive_confirm(card: GoalCard) -> Reply:
    """ "Archive" asks first."""
    goal_id = card.goal.goal_id
    text = (
        f"Archive <b>{goal_name(card.goal)}</b>?\n"
        "It leaves your list and stops its reminders. Its history and milestones are kept, "
        "and you can restore it any time."
    )
    keyboard = InlineKeyboardMarkup(
        [
            [
                _button("Yes, archive", cb.goal(GoalAction.ARCHIVE_CONFIRMED, goal_id)),
                _button("Keep it", cb.goal(GoalAction.OPEN, goal_id)),
            ]
        ]
    )
    return Reply(text, keyboard)


def restored(result: Restored) -> tuple[Reply, str]:
    """After "restore": active again, or paused when the active list is full."""
    if result.paused_for_room:
        lead = (
            "♻️ Restored as paused — your active list is full. "
            "Resume it when one of the others is done or paused."
        )
    else:
        lead = "♻️ Restored — it's active again."
    return goal_card(result.card, lead=lead), "Restored"


# --- milestones ----------------------------------------------------------------------------------


def milestone_list(listed: MilestoneList, *, lead: str = "") -> Reply:
    """A goal's milestones, each openable, with "add"."""
    goal_id = listed.goal.goal_id
    head = f"🏁 <b>Milestones</b> · {goal_name(listed.goal)}"
    if not listed.milestones:
        body = (
            "None yet. A milestone is one thing you can finish, like "
            "<i>outline the plot by Friday</i>."
        )
    else:
        body = "\n".join(_milestone_line(m, listed.today) for m in listed.milestones)
    rows = [
        [_button(f"{_tick(m.done_at is not None)} {clip(m.title, 40)}", _open(m))]
        for m in listed.milestones
    ]
    rows.append([_add_milestone_button(goal_id)])
    rows.append([_button("« Back to goal", cb.goal(GoalAction.OPEN, goal_id))])
    return Reply(_with_lead(lead, f"{head}\n\n{body}"), InlineKeyboardMarkup(rows))


def _add_milestone_button(goal_id: int) -> InlineKeyboardButton:
    return _button("➕ Add milestone", cb.goal(GoalAction.ADD_MILESTONE, goal_id))


def _open(milestone: Milestone) -> str:
    return cb.milestone(MilestoneAction.OPEN, milestone.milestone_id)


def _milestone_line(milestone: Milestone, today: date) -> str:
    line = f"{_tick(milestone.done_at is not None)} {esc(clip(milestone.title, 80))}"
    line += f" · {due_phrase(milestone, today)}"
    if milestone.steps and milestone.done_at is None:
        done = sum(1 for s in milestone.steps if s.done_at is not None)
        line += f" · {done}/{len(milestone.steps)} steps"
    return line


def milestone_card(card: MilestoneCard, *, lead: str = "", add_milestone: bool = False) -> Reply:
    """A milestone in detail, with its steps and what can be done to it.

    ``add_milestone`` puts "➕ Add milestone" on top (after the goal's last one is ticked).
    """
    milestone = card.milestone
    done = milestone.done_at is not None
    lines = [
        f"{_tick(done)} <b>{esc(clip(milestone.title, MAX_TITLE_LENGTH))}</b>",
        f"Goal: {goal_name(card.goal)}",
        f"📅 {_capital(due_phrase(milestone, card.today)) if not done else _done_phrase(card)}",
    ]
    if milestone.steps:
        lines.append("")
        lines.append("Steps:")
        lines.extend(
            f"{_tick(s.done_at is not None)} {esc(clip(s.title, 100))}" for s in milestone.steps
        )
    return Reply(_with_lead(lead, "\n".join(lines)), _milestone_keyboard(card, add_milestone))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _done_phrase(card: MilestoneCard) -> str:
    due = card.milestone.due_date
    return "Done" if due is None else f"Done (was due {format_date(due, card.today)})"


def _milestone_keyboard(card: MilestoneCard, add_milestone: bool) -> InlineKeyboardMarkup:
    milestone = card.milestone
    milestone_id = milestone.milestone_id
    rows = [] if not add_milestone else [[_add_milestone_button(card.goal.goal_id)]]
    rows += [
        [
            _button(
                f"{_tick(s.done_at is not None)} {clip(s.title, 30)}",
                cb.step(StepAction.TICK, milestone_id, s.step_id),
            ),
            _button("🗑", cb.step(StepAction.DELETE, milestone_id, s.step_id)),
        ]
        for s in milestone.steps
    ]
    if milestone.done_at is None:
        toggle = _button("✅ Tick off", cb.milestone(MilestoneAction.TICK, milestone_id))
    else:
        toggle = _button("↩️ Reopen", cb.milestone(MilestoneAction.REOPEN, milestone_id))
    date_label = "📅 Move date" if milestone.due_date is not None else "📅 Set date"
    rows.append([toggle, _button(date_label, cb.milestone(MilestoneAction.MOVE, milestone_id))])
    rows.append(
        [
            _button("➕ Add step", cb.milestone(MilestoneAction.ADD_STEP, milestone_id)),
            _button("🗑 Delete", cb.milestone(MilestoneAction.DELETE, milestone_id)),
        ]
    )
    rows.append([_button("« Milestones", cb.goal(GoalAction.MILESTONES, card.goal.goal_id))])
    return InlineKeyboardMarkup(rows)


def ticked(result: Ticked) -> tuple[Reply, str]:
    """A milestone ticked off: a short, warm, varied cheer."""
    if not result.celebrate:
        return milestone_card(result.card), "Already done ✅"
    lead = _tick_word(result)
    if result.all_done:
        lead += "\nThat's every milestone on this goal — ready to set the next one?"
        return milestone_card(result.card, lead=lead, add_milestone=True), "🎉 Done!"
    return milestone_card(result.card, lead=lead), "🎉 Done!"


def ticked_here(result: Ticked) -> tuple[Reply, str]:
    """A milestone ticked from a row on a daily message: the word, as a message of its own.

    The daily message keeps its other buttons; this one offers the way back (reopen) and, after
    the goal's last milestone, the next one.
    """
    milestone = result.card.milestone
    if not result.celebrate:
        return milestone_card(result.card), "Already done ✅"
    rows = [[_button("↩️ Reopen", cb.milestone(MilestoneAction.REOPEN, milestone.milestone_id))]]
    lead = _tick_word(result)
    if result.all_done:
        lead += "\nThat's every milestone on this goal — ready to set the next one?"
        rows.insert(0, [_add_milestone_button(milestone.goal_id)])
    return Reply(lead, InlineKeyboardMarkup(rows)), "🎉 Done!"


def _tick_word(result: Ticked) -> str:
    """The cheer for a ticked milestone, and a kind word about its date."""
    milestone = result.card.milestone
    title = esc(clip(milestone.title, 80))
    # Consecutive ticks on a goal raise done_count by one, so they never repeat a cheer.
    cheer = _CHEERS[(result.done_count + milestone.goal_id) % len(_CHEERS)]
    lead = cheer.format(title=title)
    due, today = milestone.due_date, result.card.today
    if due is None:
        return lead
    if today < due:
        return lead + "\nAnd ahead of the deadline, too."
    if today == due:
        return lead + "\nRight on the day you set — nicely judged."
    return lead + "\nLater than planned and done all the same — that's what counts."


def passed_note(milestone: Milestone, goal: Goal, today: date) -> Reply:
    """The morning after a milestone's date went by, still open: a kind word, a new date.

    Dates are guesses; a missed one only needs moving. One tap picks a new date, another says
    it was done after all, a third opens the question for any date.
    """
    title = esc(clip(milestone.title, 80))
    due = milestone.due_date
    when = (
        "yesterday"
        if due == today - timedelta(days=1)
        else (format_date(due, today) if due else "a while ago")
    )
    text = (
        f"📌 <b>{title}</b> ({goal_name(goal, 40)}) was due {when}. Dates are only guesses — "
        "this one just wants a new one. When suits you?"
    )
    milestone_id = milestone.milestone_id
    picks = [
        _button(format_date(day, today), cb.new_date(milestone_id, day))
        for day in quick_deadlines(today)
    ]
    rows = [
        picks,
        [
            _button("🏁 Done already", cb.milestone(MilestoneAction.TICK, milestone_id)),
            _button("📅 Another date", cb.milestone(MilestoneAction.MOVE, milestone_id)),
        ],
    ]
    return Reply(text, InlineKeyboardMarkup(rows))


def due_soon_note(milestone: Milestone, goal: Goal, *, tomorrow: bool = False) -> Reply:
    """The morning of a milestone's date (or the day before it, for a user without the evening
    message) when today's step is already kept, so no card goes."""
    title = esc(clip(milestone.title, 80))
    milestone_id = milestone.milestone_id
    if tomorrow:
        text = (
            f"🏁 Tomorrow: <b>{title}</b> ({goal_name(goal, 40)}) is due. Today's step is kept "
            "already — room for a head start, if you fancy one."
        )
    else:
        text = (
            f"🏁 Due today: <b>{title}</b> ({goal_name(goal, 40)}). Today's step is kept "
            "already — this is the one thing left on the list."
        )
    rows = [
        [
            _button("🏁 Done!", cb.milestone(MilestoneAction.TICK, milestone_id)),
            _button("📅 Move the date", cb.milestone(MilestoneAction.MOVE, milestone_id)),
        ]
    ]
    return Reply(text, InlineKeyboardMarkup(rows))


def reopened(card: MilestoneCard) -> tuple[Reply, str]:
    """A milestone reopened."""
    return milestone_card(card, lead="↩️ Reopened — it's back on the list."), "Reopened"


def delete_confirm(card: MilestoneCard) -> Reply:
    """ "Delete" asks first."""
    milestone = card.milestone
    steps = len(milestone.steps)
    with_steps = f" and its {steps} step{'s' if steps != 1 else ''}" if steps else ""
    text = f"Delete <b>{esc(clip(milestone.title, 80))}</b>{with_steps}? This can't be undone."
    keyboard = InlineKeyboardMarkup(
        [
            [
                _button(
                    "Yes, delete",
                    cb.milestone(MilestoneAction.DELETE_CONFIRMED, milestone.milestone_id),
                ),
                _button("Keep it", _open(milestone)),
            ]
        ]
    )
    return Reply(text, keyboard)


def milestone_deleted(listed: MilestoneList) -> tuple[Reply, str]:
    """After deleting a milestone: the remaining ones."""
    return milestone_list(listed, lead="🗑 Deleted."), "Deleted"


# --- questions -----------------------------------------------------------------------------------


def milestone_question(goal: Goal, *, lead: str = "") -> Reply:
    """ "What's the milestone?" """
    text = (
        f"What's the next milestone for <b>{goal_name(goal)}</b>? One thing you can finish, "
        "like <i>outline the plot</i>.\n/cancel to stop."
    )
    return Reply(_with_lead(lead, text))


def step_question(card: MilestoneCard, *, lead: str = "") -> Reply:
    """ "What's the step?" """
    text = (
        f"What's a step towards <b>{esc(clip(card.milestone.title, 80))}</b>? Keep it small, "
        "like <i>list the main characters</i>.\n/cancel to stop."
    )
    return Reply(_with_lead(lead, text))


def milestone_title_problem(refused: MilestoneTitleRejected) -> Reply:
    """One friendly line about a refused milestone title, then the question again."""
    return milestone_question(refused.goal, lead=_title_problem(refused.rejected, "milestone"))


def step_title_problem(refused: StepTitleRejected) -> Reply:
    """One friendly line about a refused step title, then the question again."""
    return step_question(refused.card, lead=_title_problem(refused.rejected, "step"))


def _title_problem(rejected: TextRejected, what: str) -> str:
    if rejected.problem is TextProblem.TOO_LONG:
        return (
            f"That's {rejected.length} characters — please keep the {what} to {rejected.limit} "
            "or fewer, like a headline."
        )
    return f"I need a few words for the {what} — typed text, not a sticker or a blank."


def due_question(milestone: Milestone, today: date, *, lead: str = "") -> Reply:
    """ "When should it be done?", with a few dates and "No deadline" as buttons."""
    title = esc(clip(milestone.title, 80))
    text = (
        f"When should <b>{title}</b> be done? Type a date — {_DATE_EXAMPLES} — or tap one."
        "\n/cancel to stop."
    )
    if milestone.due_date is not None:
        text = f"It's {due_phrase(milestone, today)} now.\n{text}"
    milestone_id = milestone.milestone_id
    picks = [
        _button(format_date(day, today), cb.pick_deadline(milestone_id, day))
        for day in quick_deadlines(today)
    ]
    keyboard = InlineKeyboardMarkup(
        [picks, [_button("No deadline", cb.milestone(MilestoneAction.NO_DEADLINE, milestone_id))]]
    )
    return Reply(_with_lead(lead, text), keyboard)


def quick_deadlines(today: date) -> list[date]:
    """Dates offered as buttons: this coming Friday, two weeks out, the end of the month."""
    end_of_month = last_day_of_month(today)
    if end_of_month <= today + timedelta(days=2):
        end_of_month = last_day_of_month(end_of_month + timedelta(days=1))
    days = {next_weekday(today, FRIDAY), today + timedelta(weeks=2), end_of_month}
    return sorted(days)


def milestone_added(added: MilestoneAdded) -> Reply:
    """The title is saved; now the deadline (or the card, when the title carried it)."""
    title = esc(clip(added.milestone.title, 80))
    if added.card is not None:
        due = due_phrase(added.card.milestone, added.card.today)
        return milestone_card(added.card, lead=f"Added <b>{title}</b> — {due} ✍️")
    return due_question(added.milestone, added.today, lead=f"Added <b>{title}</b> ✍️")


def due_problem(rejected: DueRejected, answer: str | None) -> Reply:
    """One friendly line about a refused date, then the question again."""
    line = _DATE_PROBLEMS.get(rejected.problem)
    if line is None:
        typed = esc(clip(answer or "", 30))
        line = (
            f"“{typed}” isn't on the calendar — mind checking the day and month?"
            if rejected.problem is DateProblem.INVALID
            else f"I couldn't read “{typed}” as a date. Try {_DATE_EXAMPLES}."
        )
    return due_question(rejected.milestone, rejected.today, lead=line)


def due_set(result: DueSet) -> Reply:
    """The deadline is saved (or there is none)."""
    milestone = result.card.milestone
    title = esc(clip(milestone.title, 80))
    if milestone.due_date is None:
        lead = f"📌 <b>{title}</b> — saved without a deadline."
    else:
        lead = f"📌 <b>{title}</b> — {due_phrase(milestone, result.card.today)}. Saved."
    return milestone_card(result.card, lead=lead)


def step_added(added: StepAdded) -> Reply:
    """A step was added."""
    return milestone_card(added.card, lead="➕ Step added.")


def step_toggled(result: StepToggled) -> tuple[Reply, str]:
    """A step ticked or reopened."""
    if not result.done:
        return milestone_card(result.card), "Step reopened"
    if result.all_steps_done and result.card.milestone.done_at is None:
        lead = "Every step is done 👏 Tick the milestone off when it feels finished."
        return milestone_card(result.card, lead=lead), "Step done ✅"
    return milestone_card(result.card), "Step done ✅"


def step_deleted(card: MilestoneCard) -> tuple[Reply, str]:
    """A step was deleted."""
    return milestone_card(card), "Step removed"


# --- refusals and /cancel ------------------------------------------------------------------------


def refusal_toast(error: GoalsError) -> str:
    """A short callback answer for a refused button (Telegram shows up to 200 characters)."""
    if isinstance(error, ListFullError):
        return _full(error)
    if isinstance(error, QuestionClosedError):
        return "That question is closed — open the milestone to set a date."
    return not_available()


def refusal(error: GoalsError) -> Reply:
    """A refused answer to a question: the question is closed, say why and where to go."""
    if isinstance(error, ListFullError):
        return Reply(_full(error))
    return Reply("That isn't there any more, so I've closed the question. /goals shows your goals.")


def not_available() -> str:
    """A button naming something that is not the user's (or is gone): nothing changed."""
    return "That's not available — /goals shows your goals."


def _full(error: ListFullError) -> str:
    if error.kind is ListKind.STEPS:
        return (
            f"A milestone holds up to {error.limit} steps — maybe split this one into two "
            "milestones?"
        )
    return f"A goal holds up to {error.limit} milestones — tick some off or delete a few first."


def question_cancelled(step: Dialog) -> Reply:
    """/cancel during a /goals question (for the /cancel handler)."""
    if step is Dialog.GOALS_MILESTONE_DATE:
        return Reply("Okay, the deadline stays as it was. /goals is here when you need it.")
    what = "step" if step is Dialog.GOALS_STEP_TITLE else "milestone"
    return Reply(f"Okay, no new {what}. /goals is here when you need it.")


GOAL_QUESTIONS = (
    Dialog.GOALS_MILESTONE_TITLE,
    Dialog.GOALS_MILESTONE_DATE,
    Dialog.GOALS_STEP_TITLE,
)
"""The questions :func:`question_cancelled` answers."""
