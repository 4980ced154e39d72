"""Texts and keyboards of /goals: the goal list and a goal's card; the refusals of /goals.

A goal's milestones and steps are in :mod:`bot.views.milestones`, a milestone's date in
:mod:`bot.views.deadlines`.

Every user-provided text (goal levels, milestone and step titles, a typed date) is clipped and
escaped here. Messages stay well under Telegram's 4096 characters however long the lists get:
titles are clipped, and the goal list stops adding detail once it is long.
"""

from __future__ import annotations

from datetime import date, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.coach.models import Goal, GoalStatus, Milestone
from bot.coach.quantities.writing import format_quantity
from bot.services.goal_access import GoalsError, ListFullError, ListKind, QuestionClosedError
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
from bot.views import goal_callbacks as cb
from bot.views import plan_callbacks
from bot.views.goal_callbacks import GoalAction
from bot.views.i18n import Translator
from bot.views.reply import Reply, clip, esc

MAX_TEXT = 3800
"""Stop adding goals to the list text past this length (Telegram's limit is 4096)."""
MAX_GOAL_BUTTONS = 40


# --- small pieces (the milestone and deadline views use them too) --------------------------------


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


def tick_mark(done: bool) -> str:
    """A done or open box in a list."""
    return "✅" if done else "⬜"


def button(label: str, data: str) -> InlineKeyboardButton:
    """An inline button carrying ``data``."""
    return InlineKeyboardButton(label, callback_data=data)


def with_lead(lead: str, text: str) -> str:
    """``text`` after a line saying what just happened (none: ``text`` alone)."""
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
                [button(label, cb.GoalButton(GoalAction.OPEN, summary.goal.goal_id).pack())]
            )
    if shown.archived:
        rows.append(
            [
                button(
                    t("🗄 Archived ({count})", count=t.number(shown.archived)),
                    cb.ShowArchived().pack(),
                )
            ]
        )
    return Reply(with_lead(lead, text), InlineKeyboardMarkup(rows) if rows else None)


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
            "   "
            + t.plural(
                "The milestone is done ✅",
                "All {n} milestones done ✅",
                summary.milestones_total,
            )
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
        [button(clip(_plain_name(t, g), 40), cb.GoalButton(GoalAction.OPEN, g.goal_id).pack())]
        for g in archived.goals[:MAX_GOAL_BUTTONS]
    ]
    rows.append([button(t("« All goals"), cb.ShowGoals().pack())])
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
    return Reply(with_lead(lead, "\n".join(lines)), _goal_keyboard(t, card))


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
                button(t("♻️ Restore"), cb.GoalButton(GoalAction.RESTORE, goal_id).pack()),
                button(t("🏁 Milestones"), cb.GoalButton(GoalAction.MILESTONES, goal_id).pack()),
            ]
        )
        rows.append([button(t("« Archived goals"), cb.ShowArchived().pack())])
        return InlineKeyboardMarkup(rows)
    moves = []
    if card.rank > 1:
        moves.append(button(t("⬆️ Move up"), cb.GoalButton(GoalAction.UP, goal_id).pack()))
    if card.rank < card.group_size:
        moves.append(button(t("⬇️ Move down"), cb.GoalButton(GoalAction.DOWN, goal_id).pack()))
    if moves:
        rows.append(moves)
    if card.goal.status is GoalStatus.ACTIVE:
        switch = button(t("⏸ Pause"), cb.GoalButton(GoalAction.PAUSE, goal_id).pack())
    else:
        switch = button(t("▶️ Resume"), cb.GoalButton(GoalAction.RESUME, goal_id).pack())
    rows.append([switch, button(t("🗄 Archive"), cb.GoalButton(GoalAction.ARCHIVE, goal_id).pack())])
    rows.append(
        [
            button(t("✏️ Edit plan"), plan_callbacks.Show(goal_id).pack()),
            button(t("🏁 Milestones"), cb.GoalButton(GoalAction.MILESTONES, goal_id).pack()),
        ]
    )
    rows.append([button(t("« All goals"), cb.ShowGoals().pack())])
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
                button(
                    t("Yes, archive"), cb.GoalButton(GoalAction.ARCHIVE_CONFIRMED, goal_id).pack()
                ),
                button(t("Keep it"), cb.GoalButton(GoalAction.OPEN, goal_id).pack()),
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


# --- refusals (of any /goals button or answer) ------------------------------------------------


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
