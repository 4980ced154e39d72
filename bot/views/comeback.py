"""Texts and buttons of /comeback and of stepping a habit back up."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.coach.plan_ladder import AnswerProblem
from bot.services.comeback import ComebackOffer, Grown, RampMoved
from bot.services.goal_day import GoalDay
from bot.views import win_callbacks as cb
from bot.views.i18n import Translator, marked
from bot.views.minimum import minimum as shown_minimum
from bot.views.reply import Reply, clip, esc

_MVA_PROBLEMS: Final[Mapping[AnswerProblem, str]] = {
    AnswerProblem.EMPTY: marked("I need a few words — what's the tiniest version?"),
    AnswerProblem.TOO_LONG: marked("Shorter, please — under 300 characters."),
    AnswerProblem.NO_LETTERS: marked("I need a few words, not just symbols."),
    AnswerProblem.ZERO: marked("Zero would be a rest day — pick something tiny but real."),
    AnswerProblem.NEGATIVE: marked("Let's keep it positive — how small can it go?"),
    AnswerProblem.TOO_LARGE: marked("That number is too big for a minimum."),
    AnswerProblem.MVA_NOT_SMALLER: marked(
        "The minimum should be smaller than the full daily action."
    ),
}
"""What is wrong with a typed minimum, kindly."""


def pick_goal(t: Translator, views: list[GoalDay]) -> Reply:
    """/comeback with several goals: which habit?"""
    rows = [
        [
            InlineKeyboardButton(
                clip(view.goal.vision, 40),
                callback_data=cb.Comeback("pick", view.goal.goal_id).pack(),
            )
        ]
        for view in views
    ]
    return Reply(t("Which habit shall we make restarting easy for?"), InlineKeyboardMarkup(rows))


def offer(t: Translator, offer: ComebackOffer) -> Reply:
    """The kind one-liner, the minimum and the ladder back up."""
    goal = offer.view.goal
    missed = offer.view.summary.missed_in_a_row
    name = esc(clip(goal.vision, 48))
    if offer.current_step is not None:
        lead = t(
            "You're on step {step} of {steps} for <b>{goal}</b>. No need to start over — we "
            "keep going from here.",
            step=t.number(offer.current_step),
            steps=t.number(len(offer.ladder)),
            goal=name,
        )
        rows = [
            [
                InlineKeyboardButton(
                    t("▶️ Keep going"), callback_data=cb.Comeback("start", goal.goal_id).pack()
                )
            ]
        ]
        return Reply(lead, InlineKeyboardMarkup(rows))
    if not offer.lapsed:
        return _no_lapse(t, offer, missed)
    lead = t("One miss is an accident; two is a signal to make restarting tiny. No lecture.")
    ladder = " → ".join(esc(step) for step in _short(offer.ladder))
    body = t(
        "For <b>{goal}</b>, start at the minimum: <b>{minimum}</b>. After 7 kept days I'll "
        "offer the next step, a little at a time:",
        goal=name,
        minimum=esc(shown_minimum(t, offer.mva_text)),
    )
    rows = [
        [
            InlineKeyboardButton(
                t("🪶 Start with {minimum}", minimum=clip(shown_minimum(t, offer.mva_text), 30)),
                callback_data=cb.Comeback("start", goal.goal_id).pack(),
            )
        ],
        [
            InlineKeyboardButton(
                t("✏️ Another minimum"), callback_data=cb.Comeback("mine", goal.goal_id).pack()
            )
        ],
        [InlineKeyboardButton(t("Not now"), callback_data=cb.Comeback("no", goal.goal_id).pack())],
    ]
    return Reply(f"{lead}\n\n{body}\n{ladder}", InlineKeyboardMarkup(rows))


def _no_lapse(t: Translator, offer: ComebackOffer, missed: int) -> Reply:
    """/comeback when nothing has lapsed: no offer, a kind word and the minimum for hard days."""
    goal = offer.view.goal
    name = esc(clip(goal.vision, 48))
    view = offer.view
    if not view.started and goal.start_date is not None:
        lead = t(
            "<b>{goal}</b> starts {day} — nothing to come back from yet.",
            goal=name,
            day=t.day(goal.start_date, view.day),
        )
    elif missed == 1:
        lead = t(
            "Yesterday slipped for <b>{goal}</b> — that's an accident, not a pattern. "
            "No comeback needed: today counts in full.",
            goal=name,
        )
    else:
        lead = t("Nothing to come back from — <b>{goal}</b> is on track. Keep going.", goal=name)
    if goal.mva:
        lead += " " + t(
            "On a hard day, <i>{minimum}</i> keeps the chain.",
            minimum=esc(shown_minimum(t, goal.mva)),
        )
    return Reply(f"{lead}\n\n" + t("/comeback is here for the day you need it."))


def _short(ladder: tuple[str, ...]) -> tuple[str, ...]:
    if len(ladder) <= 6:
        return ladder
    return (*ladder[:3], "…", *ladder[-2:])


def ask_mva(t: Translator) -> Reply:
    """ "Another minimum": ask for it."""
    return Reply(
        t(
            "What's the smallest version that still feels like the habit? e.g. <i>100 words</i>, "
            "<i>a 10-minute walk</i>, <i>2 minutes of breathing</i>."
        )
    )


def mva_problem(t: Translator, problem: AnswerProblem) -> Reply:
    """A typed minimum that can't be used."""
    line = t.lookup(_MVA_PROBLEMS, problem) or t("Hmm, try that again?")
    return Reply(f"{line}\n\n{ask_mva(t).text}")


def moved(t: Translator, result: RampMoved) -> Reply:
    """After starting, stepping up, holding or stepping down."""
    values = {
        "text": esc(result.text),
        "step": t.number(result.step),
        "steps": t.number(result.steps),
    }
    if result.action == "start":
        line = t(
            "🪶 Deal. From today: <b>{text}</b> (step {step} of {steps}). Tiny on purpose — "
            "every kept day counts fully.",
            **values,
        )
    elif result.action == "restart":
        line = t(
            "▶️ Back at it: <b>{text}</b> (step {step} of {steps}). The ladder waits for you.",
            **values,
        )
    elif result.action == "up":
        line = t("⬆️ Step up: <b>{text}</b> (step {step} of {steps}). You earned it.", **values)
    elif result.action == "down":
        line = t(
            "⬇️ Stepped down to <b>{text}</b> (step {step} of {steps}). Smart, not soft.",
            **values,
        )
    elif result.action == "hold":
        line = t(
            "Holding at <b>{text}</b> (step {step} of {steps}). I'll ask again in a few days.",
            **values,
        )
    else:
        line = t("🏁 Full size again: <b>{text}</b>. What a comeback!", **values)
    return Reply(line)


def grown(t: Translator, result: Grown) -> Reply:
    """After accepting the 30-day scale-up."""
    return Reply(
        t(
            "⬆️ From today: <b>{after}</b> (was {before}). Small steps, compounding.",
            after=esc(result.after),
            before=esc(result.before),
        )
    )


def kept_as_is(t: Translator) -> str:
    """Toast after declining the scale-up."""
    return t("Keeping it as is — steady wins.")


def not_now(t: Translator) -> str:
    """Toast after declining a comeback."""
    return t("No problem — /comeback is here whenever you want it.")


A_WHILE = 14
"""Quiet days in a row from which the line says "a while" instead of "a few days"."""


def quiet_days(t: Translator, missed: int, couple: str) -> str:
    """The line under a chain that has been quiet for ``missed`` days in a row (two or more),
    pointing to /comeback. ``couple``: the caller's own words for two or three days (each screen
    says it its way). The days are never counted: a tally of misses is no way back in."""
    if missed <= 3:
        return couple
    if missed < A_WHILE:
        return t("A few quiet days — /comeback scales the habit down so starting again is easy.")
    return t(
        "It's been a while, and that's fine. /comeback starts you again from the smallest step."
    )


def quiet_days_this_morning(missed: int) -> bool:
    """Whether this morning's card says :func:`quiet_days`: on the second and fourth quiet
    day, and once a week from :data:`A_WHILE` on, never the same line every morning."""
    return missed in (2, 4) or (missed >= A_WHILE and (missed - A_WHILE) % 7 == 0)
