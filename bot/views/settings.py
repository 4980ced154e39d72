"""Texts and keyboards of /settings."""

from __future__ import annotations

from datetime import date, datetime, time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.coach.clock_time import format_clock_time
from bot.coach.dates import DateProblem, format_date
from bot.coach.models import User
from bot.coach.timezones import utc_offset_label, zone_label
from bot.views import callbacks
from bot.views.reply import Reply, esc

HOLIDAY_BACK = "hol:back"
"""Data of "« Back" under the holiday lengths: no holiday, back to the settings."""

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def overview(
    user: User, local_now: datetime, now_utc: datetime, today: date, *, lead: str = ""
) -> Reply:
    """The user's settings with buttons to change them (``lead``: a line above them)."""
    zone, nudge = user.timezone or "UTC", user.nudge_time or time(7, 0)
    evening = f"{format_clock_time(user.evening_time)} (on)" if user.evening_enabled else "off"
    birthday = f"{user.birthday.day} {user.birthday:%B}" if user.birthday else "not set"
    holiday = (
        f"until {format_date(user.paused_until, today)}"
        if user.paused_until is not None and user.paused_until >= today
        else "none"
    )
    text = (
        "⚙️ <b>Your settings</b>\n"
        f"🌍 Time zone: {esc(zone_label(zone))} ({esc(utc_offset_label(zone, now_utc))}, "
        f"it's {format_clock_time(local_now.time())} there now)\n"
        f"⏰ Morning nudge: {format_clock_time(nudge)}\n"
        f"🌙 Evening streak reminder: {evening}\n"
        f"📅 Weekly review: {WEEKDAYS[user.review_weekday]} "
        f"{format_clock_time(user.review_time)}\n"
        f"🎂 Birthday (a fresh start): {birthday}\n"
        f"🏖 Holiday: {holiday}"
    )
    if lead:
        text = f"{lead}\n\n{text}"

    def button(label: str, name: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=callbacks.change_setting(name))

    on_holiday = user.paused_until is not None and user.paused_until >= today
    rows = [
        [button("🌍 Time zone", "tz"), button("⏰ Nudge time", "nudge")],
        [
            button(
                "🌙 Evening: turn off" if user.evening_enabled else "🌙 Evening: turn on", "evening"
            ),
            button("📅 Review day", "review"),
        ],
        [
            button("🎂 Birthday", "birthday"),
            button(
                "▶️ End holiday" if on_holiday else "🏖 Holiday", "resume" if on_holiday else "pause"
            ),
        ],
    ]
    return Reply(text, InlineKeyboardMarkup(rows))


def not_set_up() -> Reply:
    """/settings before /start has finished."""
    return Reply("You're not set up yet — /start takes under a minute.")


def nudge_changed(nudge: time) -> Reply:
    """Confirmation of a new nudge time."""
    return Reply(
        f"Done — your morning nudge comes at <b>{format_clock_time(nudge)}</b> from now on."
    )


def change_cancelled() -> Reply:
    """/cancel while changing a setting."""
    return Reply("Okay, nothing changed. /settings is here when you need it.")


def evening_changed(enabled: bool, at: time) -> Reply:
    """After switching the evening reminder."""
    if enabled:
        return Reply(
            f"🌙 Evening reminder on: at {format_clock_time(at)}, only when a streak is still open."
        )
    return Reply("🌙 Evening reminder off. Mornings only — you can switch it back any time.")


def review_days() -> Reply:
    """Pick the weekday of the weekly review."""
    rows = [
        [
            InlineKeyboardButton(day[:3], callback_data=callbacks.review_day(index))
            for index, day in enumerate(WEEKDAYS[:4])
        ],
        [
            InlineKeyboardButton(day[:3], callback_data=callbacks.review_day(index + 4))
            for index, day in enumerate(WEEKDAYS[4:])
        ],
    ]
    return Reply("Which day should your weekly review come?", InlineKeyboardMarkup(rows))


def review_changed(weekday: int, at: time) -> Reply:
    """After choosing the review day."""
    return Reply(f"📅 Your weekly review comes on {WEEKDAYS[weekday]}s at {format_clock_time(at)}.")


def ask_birthday() -> Reply:
    """Ask for the birthday."""
    return Reply(
        "When's your birthday? Day and month are enough, e.g. <i>14 March</i>. "
        "It becomes a fresh-start day each year."
    )


_BIRTHDAY_PROBLEMS = {
    DateProblem.EMPTY: "I need a date, like <i>14 March</i>.",
    DateProblem.TOO_LONG: "Just the date is plenty — like <i>14 March</i>.",
    DateProblem.INVALID: "That date isn't on the calendar — mind checking it?",
}


def birthday_problem(problem: DateProblem) -> Reply:
    """A typed birthday that can't be read."""
    line = _BIRTHDAY_PROBLEMS.get(problem, "I couldn't read that date — try <i>14 March</i>.")
    return Reply(line)


def birthday_changed(birthday: date) -> Reply:
    """After storing the birthday."""
    return Reply(f"🎂 Noted: {birthday.day} {birthday:%B}. A fresh start every year.")


def holiday_lengths() -> Reply:
    """Pick how long the holiday lasts."""
    rows = [
        [
            InlineKeyboardButton(
                f"{weeks} week{'s' if weeks > 1 else ''}", callback_data=callbacks.pause_for(weeks)
            )
            for weeks in callbacks.HOLIDAY_WEEKS
        ],
        [InlineKeyboardButton("« Back, no holiday", callback_data=HOLIDAY_BACK)],
    ]
    return Reply(
        "🏖 Holiday mode: paused days keep every streak alive and I stay quiet. How long?",
        InlineKeyboardMarkup(rows),
    )


HOLIDAY_CANCELLED = "🏖 No holiday — nothing changed."


def paused(until: date, today: date) -> Reply:
    """After starting a holiday."""
    return Reply(
        f"🏖 Enjoy it! Paused until <b>{format_date(until, today)}</b>. Your streaks are safe, "
        "and the day after is a fresh start."
    )


def already_on_holiday(until: date, today: date) -> Reply:
    """A holiday button pressed during a holiday."""
    return Reply(
        f"🏖 You're already on holiday until {format_date(until, today)}. End it in /settings "
        "first if you want a different length."
    )


def resumed() -> Reply:
    """After ending a holiday early."""
    return Reply("▶️ Welcome back! Today is open again — /today has your action.")
