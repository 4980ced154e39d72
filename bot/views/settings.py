"""Texts and keyboards of /settings."""

from __future__ import annotations

from datetime import datetime, time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.coach.clock_time import format_clock_time
from bot.coach.timezones import utc_offset_label, zone_label
from bot.views import callbacks
from bot.views.reply import Reply, esc


def overview(zone: str, nudge: time, local_now: datetime, now_utc: datetime) -> Reply:
    """The user's settings with buttons to change them."""
    text = (
        "⚙️ <b>Your settings</b>\n"
        f"🌍 Time zone: {esc(zone_label(zone))} ({esc(utc_offset_label(zone, now_utc))}, "
        f"it's {format_clock_time(local_now.time())} there now)\n"
        f"⏰ Morning nudge: {format_clock_time(nudge)}"
    )
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "🌍 Change time zone", callback_data=callbacks.change_setting("tz")
                )
            ],
            [
                InlineKeyboardButton(
                    "⏰ Change nudge time", callback_data=callbacks.change_setting("nudge")
                )
            ],
        ]
    )
    return Reply(text, keyboard)


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
