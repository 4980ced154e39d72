"""Texts and keyboards of a goal's milestones and their steps: the list, a milestone's card,
ticking off (a varied cheer), reopening, deleting, and the questions that add them.

Titles are clipped and escaped here.
"""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.coach.models import Goal, Milestone
from bot.services.goal_access import (
    MAX_TITLE_LENGTH,
    MilestoneCard,
    TextProblem,
    TextRejected,
    TitleRejected,
)
from bot.services.milestones import MilestoneList, Ticked
from bot.services.steps import StepAdded, StepToggled
from bot.views import goal_callbacks as cb
from bot.views.goal_callbacks import GoalAction, MilestoneAction, StepAction
from bot.views.goals import button, due_phrase, goal_name, tick_mark, with_lead
from bot.views.i18n import Translator
from bot.views.reply import Reply, clip, esc


def _cheer(t: Translator, index: int, title: str) -> str:
    cheers = (
        t("🎉 <b>{title}</b> — done! That's real progress.", title=title),
        t("🙌 You finished <b>{title}</b>. Take a second to enjoy that.", title=title),
        t("✨ <b>{title}</b>: ticked off. One more stone on the path.", title=title),
        t("💪 <b>{title}</b> is done. That's what showing up looks like.", title=title),
        t("🏁 Done: <b>{title}</b>. Nicely finished.", title=title),
    )
    return cheers[index % len(cheers)]


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
        [button(f"{tick_mark(m.done_at is not None)} {clip(m.title, 40)}", _open(m))]
        for m in listed.milestones
    ]
    rows.append([_add_milestone_button(t, goal_id)])
    rows.append([button(t("« Back to goal"), cb.GoalButton(GoalAction.OPEN, goal_id).pack())])
    return Reply(with_lead(lead, f"{head}\n\n{body}"), InlineKeyboardMarkup(rows))


def _add_milestone_button(t: Translator, goal_id: int) -> InlineKeyboardButton:
    return button(t("➕ Add milestone"), cb.GoalButton(GoalAction.ADD_MILESTONE, goal_id).pack())


def _open(milestone: Milestone) -> str:
    return cb.MilestoneButton(MilestoneAction.OPEN, milestone.milestone_id).pack()


def _milestone_line(t: Translator, milestone: Milestone, today: date) -> str:
    line = f"{tick_mark(milestone.done_at is not None)} {esc(clip(milestone.title, 80))}"
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
        f"{tick_mark(done)} <b>{esc(clip(milestone.title, MAX_TITLE_LENGTH))}</b>",
        t("Goal: {goal}", goal=goal_name(t, card.goal)),
        f"📅 {when}",
    ]
    if milestone.steps:
        lines.append("")
        lines.append(t("Steps:"))
        lines.extend(
            f"{tick_mark(s.done_at is not None)} {esc(clip(s.title, 100))}" for s in milestone.steps
        )
    return Reply(with_lead(lead, "\n".join(lines)), _milestone_keyboard(t, card, add_milestone))


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
            button(
                f"{tick_mark(s.done_at is not None)} {clip(s.title, 30)}",
                cb.StepButton(StepAction.TICK, milestone_id, s.step_id).pack(),
            ),
            button("🗑", cb.StepButton(StepAction.DELETE, milestone_id, s.step_id).pack()),
        ]
        for s in milestone.steps
    ]
    if milestone.done_at is None:
        toggle = button(
            t("✅ Tick off"), cb.MilestoneButton(MilestoneAction.TICK, milestone_id).pack()
        )
    else:
        toggle = button(
            t("↩️ Reopen"), cb.MilestoneButton(MilestoneAction.REOPEN, milestone_id).pack()
        )
    date_label = t("📅 Move date") if milestone.due_date is not None else t("📅 Set date")
    rows.append(
        [toggle, button(date_label, cb.MilestoneButton(MilestoneAction.MOVE, milestone_id).pack())]
    )
    rows.append(
        [
            button(
                t("➕ Add step"), cb.MilestoneButton(MilestoneAction.ADD_STEP, milestone_id).pack()
            ),
            button(t("🗑 Delete"), cb.MilestoneButton(MilestoneAction.DELETE, milestone_id).pack()),
        ]
    )
    rows.append(
        [button(t("« Milestones"), cb.GoalButton(GoalAction.MILESTONES, card.goal.goal_id).pack())]
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
            button(
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
                button(
                    t("Yes, delete"),
                    cb.MilestoneButton(
                        MilestoneAction.DELETE_CONFIRMED, milestone.milestone_id
                    ).pack(),
                ),
                button(t("Keep it"), _open(milestone)),
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
    return Reply(with_lead(lead, text))


def step_question(t: Translator, card: MilestoneCard, *, lead: str = "") -> Reply:
    """ "What's the step?" """
    text = t(
        "What's a step towards <b>{milestone}</b>? Keep it small, like <i>list the main "
        "characters</i>.\n/cancel to stop.",
        milestone=esc(clip(card.milestone.title, 80)),
    )
    return Reply(with_lead(lead, text))


def milestone_title_problem(t: Translator, refused: TitleRejected[Goal]) -> Reply:
    """One friendly line about a refused milestone title, then the question again."""
    if refused.rejected.problem is TextProblem.TOO_LONG:
        line = t(
            "That's {length} characters — please keep the milestone to {limit} or fewer, like "
            "a headline.",
            **_lengths(t, refused.rejected),
        )
    else:
        line = t("I need a few words for the milestone — typed text, not a sticker or a blank.")
    return milestone_question(t, refused.about, lead=line)


def step_title_problem(t: Translator, refused: TitleRejected[MilestoneCard]) -> Reply:
    """One friendly line about a refused step title, then the question again."""
    if refused.rejected.problem is TextProblem.TOO_LONG:
        line = t(
            "That's {length} characters — please keep the step to {limit} or fewer, like a "
            "headline.",
            **_lengths(t, refused.rejected),
        )
    else:
        line = t("I need a few words for the step — typed text, not a sticker or a blank.")
    return step_question(t, refused.about, lead=line)


def _lengths(t: Translator, rejected: TextRejected) -> dict[str, str]:
    """A title's length and the limit, as the language writes numbers."""
    return {"length": t.number(rejected.length), "limit": t.number(rejected.limit)}


# --- steps ----------------------------------------------------------------------------------------


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


# --- /cancel --------------------------------------------------------------------------------------


def milestone_cancelled(t: Translator) -> Reply:
    """/cancel while a new milestone's title is asked."""
    return Reply(t("Okay, no new milestone. /goals is here when you need it."))


def step_cancelled(t: Translator) -> Reply:
    """/cancel while a new step's title is asked."""
    return Reply(t("Okay, no new step. /goals is here when you need it."))
