"""Texts and keyboards for "where are you?" and "when should I nudge you?"."""

from __future__ import annotations

from datetime import datetime, time

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.coach.clock_time import ClockTimeProblem, format_clock_time
from bot.coach.timezones import ZoneChoices, ZoneProblem, zone_label
from bot.views import callbacks
from bot.views.reply import Reply, clip, esc

SHARE_LOCATION = "📍 Share my location"
NUDGE_CHOICES = (time(6, 30), time(7, 0), time(7, 30), time(8, 0), time(8, 30), time(9, 0))

_ZONE_QUESTION = (
    "Where are you? Send a city (<i>Lisbon</i>), a time zone (<i>Europe/Lisbon</i>), "
    "or just your local time right now (<i>21:40</i>). Or tap 📍 below."
)

_ZONE_PROBLEMS = {
    ZoneProblem.EMPTY: "I need a few letters to go on — a city, a time zone or your local time.",
    ZoneProblem.TOO_LONG: "That's a lot of text! A city name or your local time is plenty.",
    ZoneProblem.OFFSET_OUT_OF_RANGE: "UTC offsets only run from −12 to +14 — mind checking that?",
    ZoneProblem.TIME_INVALID: "That time isn't on any clock — try it like <i>21:40</i>.",
}

_NUDGE_PROBLEMS = {
    ClockTimeProblem.EMPTY: "I need a time, like <i>7:30</i>.",
    ClockTimeProblem.TOO_LONG: "Just the time is plenty — like <i>7:30</i>.",
    ClockTimeProblem.OUT_OF_RANGE: "Clocks run from 0:00 to 23:59 — try something like "
    "<i>7:30</i>.",
    ClockTimeProblem.NIGHT: "That's the middle of the night — I won't wake you. Pick a time "
    "between 5:00 and 21:59.",
    ClockTimeProblem.UNPARSEABLE: "I didn't catch a time there. Try <i>7:30</i>, <i>7am</i> or "
    "<i>19:00</i>.",
}


def zone_question(*, lead: str = "", suggested: str | None = None) -> Reply:
    """Ask for the time zone, with a reply keyboard to share a location (or take a suggestion).

    Args:
        lead: A line before the question.
        suggested: The zone most users of this bot live in (DEFAULT_TIMEZONE); a one-tap answer.
    """
    rows = [[KeyboardButton(SHARE_LOCATION, request_location=True)]]
    if suggested and suggested not in ("UTC", "Etc/UTC"):
        rows.append([KeyboardButton(suggested)])
    keyboard = ReplyKeyboardMarkup(
        rows,
        resize_keyboard=True,
        one_time_keyboard=True,
        input_field_placeholder="City, time zone or local time",
    )
    text = f"{lead}\n\n{_ZONE_QUESTION}" if lead else _ZONE_QUESTION
    return Reply(text, keyboard)


def none_of_these(suggested: str | None) -> Reply:
    """After "None of these" under the zone choices: ask again, kindly."""
    return zone_question(lead="No problem — a nearby big city works best.", suggested=suggested)


def zone_problem(problem: ZoneProblem, answer: str, suggested: str | None = None) -> Reply:
    """One friendly line about what was wrong, then the question again."""
    line = _ZONE_PROBLEMS.get(problem)
    if line is None:
        line = (
            f"I couldn't find “{esc(clip(answer))}” on the map. Try a big city near you "
            "(<i>Berlin</i>) or your local time (<i>21:40</i>)."
            if answer.strip()
            else _ZONE_PROBLEMS[ZoneProblem.EMPTY]
        )
    return zone_question(lead=line, suggested=suggested)


def zone_choices(choices: ZoneChoices) -> Reply:
    """Several zones fit: offer them as buttons."""
    rows = [
        [InlineKeyboardButton(zone_label(zone), callback_data=callbacks.pick_zone(zone))]
        for zone in choices.candidates
    ]
    rows.append([InlineKeyboardButton("None of these", callback_data=callbacks.type_zone())])
    text = f"A few places fit <b>{esc(choices.hint)}</b>. Which one is yours?"
    return Reply(text, InlineKeyboardMarkup(rows))


def zone_saved(label: str, local_now: datetime) -> Reply:
    """Confirm the zone (and take the location keyboard away)."""
    text = f"Got it: <b>{esc(label)}</b>, where it's {format_clock_time(local_now.time())} now."
    return Reply(text, ReplyKeyboardRemove())


def nudge_question(*, lead: str = "") -> Reply:
    """Ask for the morning nudge time with buttons for common times."""
    buttons = [
        InlineKeyboardButton(
            format_clock_time(value), callback_data=callbacks.pick_nudge_time(value)
        )
        for value in NUDGE_CHOICES
    ]
    rows = [buttons[:3], buttons[3:]]
    rows.append([InlineKeyboardButton("Another time…", callback_data=callbacks.type_nudge_time())])
    question = "When should your morning nudge arrive? Tap a time or type one, like <i>7:15</i>."
    return Reply(f"{lead}\n\n{question}" if lead else question, InlineKeyboardMarkup(rows))


def nudge_type_prompt() -> Reply:
    """After "Another time…": ask for a typed time."""
    return Reply("Type the time you'd like, like <i>6:45</i> or <i>7pm</i>.")


def nudge_problem(problem: ClockTimeProblem) -> Reply:
    """One friendly line about the time, then the question again."""
    return nudge_question(lead=_NUDGE_PROBLEMS[problem])
