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
from bot.coach.timezones import ZoneChoices, ZoneProblem
from bot.coach.zones import zone_label
from bot.views import callbacks
from bot.views.i18n import Translator
from bot.views.reply import Reply, clip, esc

NUDGE_CHOICES = (time(6, 30), time(7, 0), time(7, 30), time(8, 0), time(8, 30), time(9, 0))


def share_location(t: Translator) -> str:
    """The label of the reply-keyboard button that shares the user's location."""
    return t("📍 Share my location")


def _zone_question(t: Translator) -> str:
    return t(
        "Where are you? Send a city (<i>Lisbon</i>), a time zone (<i>Europe/Lisbon</i>), "
        "or just your local time right now (<i>21:40</i>). Or tap 📍 below."
    )


def _zone_problem(t: Translator, problem: ZoneProblem) -> str | None:
    if problem is ZoneProblem.EMPTY:
        return t("I need a few letters to go on — a city, a time zone or your local time.")
    if problem is ZoneProblem.TOO_LONG:
        return t("That's a lot of text! A city name or your local time is plenty.")
    if problem is ZoneProblem.OFFSET_OUT_OF_RANGE:
        return t("UTC offsets only run from −12 to +14 — mind checking that?")
    if problem is ZoneProblem.TIME_INVALID:
        return t("That time isn't on any clock — try it like <i>21:40</i>.")
    return None


def _nudge_problem(t: Translator, problem: ClockTimeProblem) -> str:
    if problem is ClockTimeProblem.EMPTY:
        return t("I need a time, like <i>7:30</i>.")
    if problem is ClockTimeProblem.TOO_LONG:
        return t("Just the time is plenty — like <i>7:30</i>.")
    if problem is ClockTimeProblem.OUT_OF_RANGE:
        return t("Clocks run from 0:00 to 23:59 — try something like <i>7:30</i>.")
    if problem is ClockTimeProblem.NIGHT:
        return t(
            "That's the middle of the night — I won't wake you. Pick a time between 5:00 and 21:59."
        )
    return t("I didn't catch a time there. Try <i>7:30</i>, <i>7am</i> or <i>19:00</i>.")


def zone_question(t: Translator, *, lead: str = "", suggested: str | None = None) -> Reply:
    """Ask for the time zone, with a reply keyboard to share a location (or take a suggestion).

    Args:
        t: The user's language.
        lead: A line before the question.
        suggested: The zone most users of this bot live in (DEFAULT_TIMEZONE); a one-tap answer.
    """
    rows = [[KeyboardButton(share_location(t), request_location=True)]]
    if suggested and suggested not in ("UTC", "Etc/UTC"):
        rows.append([KeyboardButton(suggested)])
    keyboard = ReplyKeyboardMarkup(
        rows,
        resize_keyboard=True,
        one_time_keyboard=True,
        input_field_placeholder=t("City, time zone or local time"),
    )
    question = _zone_question(t)
    text = f"{lead}\n\n{question}" if lead else question
    return Reply(text, keyboard)


def none_of_these(t: Translator, suggested: str | None) -> Reply:
    """After "None of these" under the zone choices: ask again, kindly."""
    return zone_question(
        t, lead=t("No problem — a nearby big city works best."), suggested=suggested
    )


def zone_problem(
    t: Translator, problem: ZoneProblem, answer: str, suggested: str | None = None
) -> Reply:
    """One friendly line about what was wrong, then the question again."""
    line = _zone_problem(t, problem)
    if line is None:
        if answer.strip():
            line = t(
                "I couldn't find “{place}” on the map. Try a big city near you "
                "(<i>Berlin</i>) or your local time (<i>21:40</i>).",
                place=esc(clip(answer)),
            )
        else:
            line = _zone_problem(t, ZoneProblem.EMPTY) or ""
    return zone_question(t, lead=line, suggested=suggested)


def zone_choices(t: Translator, choices: ZoneChoices) -> Reply:
    """Several zones fit: offer them as buttons."""
    rows = [
        [InlineKeyboardButton(t.zone(zone), callback_data=callbacks.PickZone(zone).pack())]
        for zone in choices.candidates
    ]
    rows.append(
        [InlineKeyboardButton(t("None of these"), callback_data=callbacks.TypeZone().pack())]
    )
    text = t("A few places fit <b>{place}</b>. Which one is yours?", place=esc(choices.hint))
    return Reply(text, InlineKeyboardMarkup(rows))


def location_zone(t: Translator, zone: str, local_now: datetime, current: str | None) -> Reply:
    """A location shared outside a question: its time zone, offered with one button."""
    if zone == current:
        return Reply(
            t(
                "📍 That's <b>{place}</b> time, where it's {time} now — your nudges already "
                "follow it ✓",
                place=esc(t.zone(zone)),
                time=format_clock_time(local_now.time()),
            )
        )
    text = t(
        "📍 That place is on <b>{place}</b> time, where it's {time} now. Move your nudges there?",
        place=esc(t.zone(zone)),
        time=format_clock_time(local_now.time()),
    )
    button = InlineKeyboardButton(
        t("🌍 Use {place} time", place=t.zone(zone)), callback_data=callbacks.PickZone(zone).pack()
    )
    return Reply(text, InlineKeyboardMarkup([[button]]))


def zone_saved(t: Translator, label: str, zone: str, local_now: datetime) -> Reply:
    """Confirm the zone (and take the location keyboard away).

    ``label`` is the place as found (a city the user named, else the zone's city in English).
    """
    place = t.zone(zone) if label == zone_label(zone) else label
    text = t(
        "Got it: <b>{place}</b>, where it's {time} now.",
        place=esc(place),
        time=format_clock_time(local_now.time()),
    )
    return Reply(text, ReplyKeyboardRemove())


def nudge_question(t: Translator, *, lead: str = "") -> Reply:
    """Ask for the morning nudge time with buttons for common times."""
    buttons = [
        InlineKeyboardButton(
            format_clock_time(value), callback_data=callbacks.PickNudgeTime(value).pack()
        )
        for value in NUDGE_CHOICES
    ]
    rows = [buttons[:3], buttons[3:]]
    rows.append(
        [InlineKeyboardButton(t("Another time…"), callback_data=callbacks.TypeNudgeTime().pack())]
    )
    question = t("When should your morning nudge arrive? Tap a time or type one, like <i>7:15</i>.")
    return Reply(f"{lead}\n\n{question}" if lead else question, InlineKeyboardMarkup(rows))


def nudge_type_prompt(t: Translator) -> Reply:
    """After "Another time…": ask for a typed time."""
    return Reply(t("Type the time you'd like, like <i>6:45</i> or <i>7pm</i>."))


def nudge_problem(t: Translator, problem: ClockTimeProblem) -> Reply:
    """One friendly line about the time, then the question again."""
    return nudge_question(t, lead=_nudge_problem(t, problem))
