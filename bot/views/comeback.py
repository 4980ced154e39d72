"""Texts and buttons of /comeback and of stepping a habit back up."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.coach.dates import format_date
from bot.coach.planning import AnswerProblem
from bot.services.comeback import ComebackOffer, Grown, RampMoved
from bot.services.habits import GoalDay
from bot.views import win_callbacks as cb
from bot.views.reply import Reply, clip, esc

_MVA_PROBLEMS = {
    AnswerProblem.EMPTY: "I need a few words — what's the tiniest version?",
    AnswerProblem.TOO_LONG: "Shorter, please — under 300 characters.",
    AnswerProblem.NO_LETTERS: "I need a few words, not just symbols.",
    AnswerProblem.ZERO: "Zero would be a rest day — pick something tiny but real.",
    AnswerProblem.NEGATIVE: "Let's keep it positive — how small can it go?",
    AnswerProblem.TOO_LARGE: "That number is too big for a minimum.",
    AnswerProblem.MVA_NOT_SMALLER: "The minimum should be smaller than the full daily action.",
}


def pick_goal(views: list[GoalDay]) -> Reply:
    """/comeback with several goals: which habit?"""
    rows = [
        [
            InlineKeyboardButton(
                clip(view.goal.vision, 40), callback_data=cb.comeback("pick", view.goal.goal_id)
            )
        ]
        for view in views
    ]
    return Reply("Which habit shall we make restarting easy for?", InlineKeyboardMarkup(rows))


def offer(offer: ComebackOffer) -> Reply:
    """The kind one-liner, the minimum and the ladder back up."""
    goal = offer.view.goal
    missed = offer.view.summary.missed_in_a_row
    if offer.current_step is not None:
        lead = (
            f"You're on step {offer.current_step} of {len(offer.ladder)} for "
            f"<b>{esc(clip(goal.vision, 48))}</b>. No need to start over — we keep going from "
            "here."
        )
        rows = [
            [InlineKeyboardButton("▶️ Keep going", callback_data=cb.comeback("start", goal.goal_id))]
        ]
        return Reply(lead, InlineKeyboardMarkup(rows))
    if not offer.lapsed:
        return _no_lapse(offer, missed)
    lead = "One miss is an accident; two is a signal to make restarting tiny. No lecture."
    ladder = " → ".join(esc(step) for step in _short(offer.ladder))
    text = (
        f"{lead}\n\nFor <b>{esc(clip(goal.vision, 48))}</b>, start at the minimum: "
        f"<b>{esc(offer.mva_text)}</b>. After 7 kept days I'll offer the next step, a little at "
        f"a time:\n{ladder}"
    )
    rows = [
        [
            InlineKeyboardButton(
                f"🪶 Start with {clip(offer.mva_text, 30)}",
                callback_data=cb.comeback("start", goal.goal_id),
            )
        ],
        [
            InlineKeyboardButton(
                "✏️ Another minimum", callback_data=cb.comeback("mine", goal.goal_id)
            )
        ],
        [InlineKeyboardButton("Not now", callback_data=cb.comeback("no", goal.goal_id))],
    ]
    return Reply(text, InlineKeyboardMarkup(rows))


def _no_lapse(offer: ComebackOffer, missed: int) -> Reply:
    """/comeback when nothing has lapsed: no offer, a kind word and the minimum for hard days."""
    goal = offer.view.goal
    name = esc(clip(goal.vision, 48))
    view = offer.view
    if not view.started and goal.start_date is not None:
        lead = (
            f"<b>{name}</b> starts {format_date(goal.start_date, view.day)} — nothing to come "
            "back from yet."
        )
    elif missed == 1:
        lead = (
            f"Yesterday slipped for <b>{name}</b> — that's an accident, not a pattern. "
            "No comeback needed: today counts in full."
        )
    else:
        lead = f"Nothing to come back from — <b>{name}</b> is on track. Keep going."
    hard_day = f" On a hard day, <i>{esc(goal.mva)}</i> keeps the chain." if goal.mva else ""
    return Reply(f"{lead}{hard_day}\n\n/comeback is here for the day you need it.")


def _short(ladder: tuple[str, ...]) -> tuple[str, ...]:
    if len(ladder) <= 6:
        return ladder
    return (*ladder[:3], "…", *ladder[-2:])


def ask_mva() -> Reply:
    """ "Another minimum": ask for it."""
    return Reply(
        "What's the smallest version that still feels like the habit? e.g. <i>100 words</i>, "
        "<i>a 10-minute walk</i>, <i>2 minutes of breathing</i>."
    )


def mva_problem(problem: AnswerProblem) -> Reply:
    """A typed minimum that can't be used."""
    return Reply(f"{_MVA_PROBLEMS.get(problem, 'Hmm, try that again?')}\n\n{ask_mva().text}")


def moved(result: RampMoved) -> Reply:
    """After starting, stepping up, holding or stepping down."""
    step = f"step {result.step} of {result.steps}"
    text = {
        "start": f"🪶 Deal. From today: <b>{esc(result.text)}</b> ({step}). Tiny on purpose — "
        "every kept day counts fully.",
        "restart": f"▶️ Back at it: <b>{esc(result.text)}</b> ({step}). The ladder waits for you.",
        "up": f"⬆️ Step up: <b>{esc(result.text)}</b> ({step}). You earned it.",
        "down": f"⬇️ Stepped down to <b>{esc(result.text)}</b> ({step}). Smart, not soft.",
        "hold": f"Holding at <b>{esc(result.text)}</b> ({step}). I'll ask again in a few days.",
        "full": f"🏁 Full size again: <b>{esc(result.text)}</b>. What a comeback!",
    }[result.action]
    return Reply(text)


def grown(result: Grown) -> Reply:
    """After accepting the 30-day scale-up."""
    return Reply(
        f"⬆️ From today: <b>{esc(result.after)}</b> (was {esc(result.before)}). "
        "Small steps, compounding."
    )


def kept_as_is() -> str:
    """Toast after declining the scale-up."""
    return "Keeping it as is — steady wins."


def not_now() -> str:
    """Toast after declining a comeback."""
    return "No problem — /comeback is here whenever you want it."
