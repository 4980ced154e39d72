"""Texts of /start: the welcome and the end of set-up."""

from __future__ import annotations

from datetime import time

from bot.coach.clock_time import format_clock_time
from bot.views.i18n import Translator
from bot.views.reply import Reply, esc


def welcome_new(t: Translator, first_name: str) -> str:
    """The very first words to a new user."""
    if first_name.strip():
        hello = t("👋 Hi, {name}! I'm <b>Small Wins</b>.", name=esc(first_name))
    else:
        hello = t("👋 Hi! I'm <b>Small Wins</b>.")
    return (
        hello
        + "\n\n"
        + t(
            "I help you turn a big goal into one tiny daily action — so small it's hard to "
            "skip — and I count every win with you."
        )
        + "\n\n"
        + t("First, so I nudge you at the right hour:")
    )


def welcome_back_unfinished(t: Translator, first_name: str) -> str:
    """/start again before set-up was finished."""
    if first_name.strip():
        return t(
            "Welcome back, {name}! Let's finish setting up — it only takes a moment.",
            name=esc(first_name),
        )
    return t("Welcome back! Let's finish setting up — it only takes a moment.")


def welcome_back(t: Translator, first_name: str, zone: str, nudge: time) -> Reply:
    """/start again when everything is set: nothing is wiped."""
    where = {"place": esc(t.zone(zone)), "time": format_clock_time(nudge)}
    if first_name.strip():
        back = t(
            "Welcome back, {name}! Everything is as you left it: {place} time, morning nudge "
            "at {time}.",
            name=esc(first_name),
            **where,
        )
    else:
        back = t(
            "Welcome back! Everything is as you left it: {place} time, morning nudge at {time}.",
            **where,
        )
    return Reply(
        back
        + "\n\n"
        + t("/plan — plan a goal · /settings — change things · /help — everything else")
    )


def setup_done(t: Translator, zone: str, nudge: time) -> Reply:
    """The end of /start: point to planning."""
    values = {"time": format_clock_time(nudge), "place": esc(t.zone(zone))}
    if nudge.hour < 12:
        nudged = t(
            "All set ✅ I'll nudge you at <b>{time}</b> each morning ({place} time).", **values
        )
    elif nudge.hour < 17:
        nudged = t(
            "All set ✅ I'll nudge you at <b>{time}</b> each afternoon ({place} time).", **values
        )
    else:
        nudged = t(
            "All set ✅ I'll nudge you at <b>{time}</b> each evening ({place} time).", **values
        )
    return Reply(
        nudged
        + "\n\n"
        + t(
            "Now the good part: let's turn one big goal into a tiny daily action. Tap /plan to "
            "start."
        )
    )


def setup_paused(t: Translator) -> Reply:
    """/cancel during set-up."""
    return Reply(t("No problem — set-up is paused. Tap /start whenever you're ready."))
