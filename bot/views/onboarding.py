"""Texts of /start: the welcome and the end of set-up."""

from __future__ import annotations

from datetime import time

from bot.coach.clock_time import format_clock_time, part_of_day
from bot.coach.timezones import zone_label
from bot.views.reply import Reply, esc


def _name(first_name: str) -> str:
    return f", {esc(first_name)}" if first_name.strip() else ""


def welcome_new(first_name: str) -> str:
    """The very first words to a new user."""
    return (
        f"👋 Hi{_name(first_name)}! I'm <b>Small Wins</b>.\n\n"
        "I help you turn a big goal into one tiny daily action — so small it's hard to skip — "
        "and I count every win with you.\n\n"
        "First, so I nudge you at the right hour:"
    )


def welcome_back_unfinished(first_name: str) -> str:
    """/start again before set-up was finished."""
    return f"Welcome back{_name(first_name)}! Let's finish setting up — it only takes a moment."


def welcome_back(first_name: str, zone: str, nudge: time) -> Reply:
    """/start again when everything is set: nothing is wiped."""
    return Reply(
        f"Welcome back{_name(first_name)}! Everything is as you left it: "
        f"{esc(zone_label(zone))} time, morning nudge at {format_clock_time(nudge)}.\n\n"
        "/plan — plan a goal · /settings — change things · /help — everything else"
    )


def setup_done(zone: str, nudge: time) -> Reply:
    """The end of /start: point to planning."""
    return Reply(
        f"All set ✅ I'll nudge you at <b>{format_clock_time(nudge)}</b> each {part_of_day(nudge)} "
        f"({esc(zone_label(zone))} time).\n\n"
        "Now the good part: let's turn one big goal into a tiny daily action. Tap /plan to start."
    )


def setup_paused() -> Reply:
    """/cancel during set-up."""
    return Reply("No problem — set-up is paused. Tap /start whenever you're ready.")
