"""Texts and keyboards of /settings."""

from __future__ import annotations

from datetime import date, datetime, time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.coach.clock_time import format_clock_time
from bot.coach.dates import DateProblem
from bot.coach.languages import LANGUAGES
from bot.coach.models import User
from bot.coach.zones import utc_offset_label
from bot.views import callbacks
from bot.views.i18n import Translator
from bot.views.reply import Reply, esc

"""Data of "« Back" under the holiday lengths: no holiday, back to the settings."""


def overview(
    t: Translator,
    user: User,
    local_now: datetime,
    now_utc: datetime,
    today: date,
    *,
    lead: str = "",
) -> Reply:
    """The user's settings with buttons to change them (``lead``: a line above them)."""
    zone, nudge = user.timezone or "UTC", user.nudge_time or time(7, 0)
    if user.evening_enabled:
        evening = t("{time} (on)", time=format_clock_time(user.evening_time))
    else:
        evening = t("off")
    birthday = t.day_month(user.birthday) if user.birthday else t("not set")
    on_holiday = user.paused_until is not None and user.paused_until >= today
    if user.paused_until is not None and on_holiday:
        holiday = t("until {day}", day=t.day(user.paused_until, today))
    else:
        holiday = t("none")
    lines = (
        t("⚙️ <b>Your settings</b>"),
        t("🗣 Language: {language}", language=t.language_name(t.language)),
        t(
            "🌍 Time zone: {place} ({offset}, it's {time} there now)",
            place=esc(t.zone(zone)),
            offset=esc(utc_offset_label(zone, now_utc)),
            time=format_clock_time(local_now.time()),
        ),
        t("⏰ Morning nudge: {time}", time=format_clock_time(nudge)),
        t("🌙 Evening streak reminder: {evening}", evening=evening),
        t(
            "📅 Weekly review: {weekday} {time}",
            weekday=t.weekday(user.review_weekday),
            time=format_clock_time(user.review_time),
        ),
        t("🎂 Birthday (a fresh start): {birthday}", birthday=birthday),
        t("🏖 Holiday: {holiday}", holiday=holiday),
    )
    text = "\n".join(lines)
    if lead:
        text = f"{lead}\n\n{text}"

    def button(label: str, name: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=callbacks.ChangeSetting(name).pack())

    rows = [
        [button(t("🌍 Time zone"), "tz"), button(t("⏰ Nudge time"), "nudge")],
        [
            button(
                t("🌙 Evening: turn off") if user.evening_enabled else t("🌙 Evening: turn on"),
                "evening",
            ),
            button(t("📅 Review day"), "review"),
        ],
        [
            button(t("🎂 Birthday"), "birthday"),
            button(t("▶️ End holiday"), "resume") if on_holiday else button(t("🏖 Holiday"), "pause"),
        ],
        [button(t("🗣 Language"), "lang")],
    ]
    return Reply(text, InlineKeyboardMarkup(rows))


def languages(t: Translator) -> Reply:
    """Pick the language the coach speaks, each named in its own words."""
    rows = [
        [
            InlineKeyboardButton(
                ("✓ " if language == t.language else "") + t.language_name(language),
                callback_data=callbacks.PickLanguage(language).pack(),
            )
        ]
        for language in LANGUAGES
    ]
    return Reply(t("🗣 Which language should I speak?"), InlineKeyboardMarkup(rows))


def language_changed(t: Translator) -> Reply:
    """After choosing a language, said in it."""
    return Reply(t("🗣 Done — I'll speak English from now on. /help shows what I can do."))


def not_set_up(t: Translator) -> Reply:
    """/settings before /start has finished."""
    return Reply(t("You're not set up yet — /start takes under a minute."))


def nudge_changed(t: Translator, nudge: time) -> Reply:
    """Confirmation of a new nudge time."""
    return Reply(
        t(
            "Done — your morning nudge comes at <b>{time}</b> from now on.",
            time=format_clock_time(nudge),
        )
    )


def change_cancelled(t: Translator) -> Reply:
    """/cancel while changing a setting."""
    return Reply(t("Okay, nothing changed. /settings is here when you need it."))


def evening_changed(t: Translator, enabled: bool, at: time) -> Reply:
    """After switching the evening reminder."""
    if enabled:
        return Reply(
            t(
                "🌙 Evening reminder on: at {time}, only when a streak is still open.",
                time=format_clock_time(at),
            )
        )
    return Reply(t("🌙 Evening reminder off. Mornings only — you can switch it back any time."))


def review_days(t: Translator) -> Reply:
    """Pick the weekday of the weekly review."""

    def day(weekday: int) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            t.weekday(weekday, "abbreviated"), callback_data=callbacks.PickReviewDay(weekday).pack()
        )

    rows = [[day(weekday) for weekday in range(4)], [day(weekday) for weekday in range(4, 7)]]
    return Reply(t("Which day should your weekly review come?"), InlineKeyboardMarkup(rows))


def _review_on(t: Translator, weekday: int, at: str) -> str:
    # Each day its own sentence: "on Sundays" is a different phrase in every language.
    sentences = (
        t("📅 Your weekly review comes on Mondays at {time}.", time=at),
        t("📅 Your weekly review comes on Tuesdays at {time}.", time=at),
        t("📅 Your weekly review comes on Wednesdays at {time}.", time=at),
        t("📅 Your weekly review comes on Thursdays at {time}.", time=at),
        t("📅 Your weekly review comes on Fridays at {time}.", time=at),
        t("📅 Your weekly review comes on Saturdays at {time}.", time=at),
        t("📅 Your weekly review comes on Sundays at {time}.", time=at),
    )
    return sentences[weekday]


def review_changed(t: Translator, weekday: int, at: time) -> Reply:
    """After choosing the review day."""
    return Reply(_review_on(t, weekday, format_clock_time(at)))


def ask_birthday(t: Translator) -> Reply:
    """Ask for the birthday."""
    return Reply(
        t(
            "When's your birthday? Day and month are enough, e.g. <i>14 March</i>. "
            "It becomes a fresh-start day each year."
        )
    )


def birthday_problem(t: Translator, problem: DateProblem) -> Reply:
    """A typed birthday that can't be read."""
    if problem is DateProblem.EMPTY:
        return Reply(t("I need a date, like <i>14 March</i>."))
    if problem is DateProblem.TOO_LONG:
        return Reply(t("Just the date is plenty — like <i>14 March</i>."))
    if problem is DateProblem.INVALID:
        return Reply(t("That date isn't on the calendar — mind checking it?"))
    return Reply(t("I couldn't read that date — try <i>14 March</i>."))


def birthday_changed(t: Translator, birthday: date) -> Reply:
    """After storing the birthday."""
    return Reply(t("🎂 Noted: {day}. A fresh start every year.", day=t.day_month(birthday)))


def holiday_lengths(t: Translator) -> Reply:
    """Pick how long the holiday lasts."""
    rows = [
        [
            InlineKeyboardButton(
                t.plural("{n} week", "{n} weeks", weeks),
                callback_data=callbacks.PauseFor(weeks).pack(),
            )
            for weeks in callbacks.HOLIDAY_WEEKS
        ],
        [
            InlineKeyboardButton(
                t("« Back, no holiday"), callback_data=callbacks.HolidayBack().pack()
            )
        ],
    ]
    return Reply(
        t("🏖 Holiday mode: paused days keep every streak alive and I stay quiet. How long?"),
        InlineKeyboardMarkup(rows),
    )


def holiday_cancelled(t: Translator) -> str:
    """The line above the settings after "« Back" under the holiday lengths."""
    return t("🏖 No holiday — nothing changed.")


def paused(t: Translator, until: date, today: date) -> Reply:
    """After starting a holiday."""
    return Reply(
        t(
            "🏖 Enjoy it! Paused until <b>{day}</b>. Your streaks are safe, and the day after is "
            "a fresh start.",
            day=t.day(until, today),
        )
    )


def already_on_holiday(t: Translator, until: date, today: date) -> Reply:
    """A holiday button pressed during a holiday."""
    return Reply(
        t(
            "🏖 You're already on holiday until {day}. End it in /settings first if you want a "
            "different length.",
            day=t.day(until, today),
        )
    )


def resumed(t: Translator) -> Reply:
    """After ending a holiday early."""
    return Reply(t("▶️ Welcome back! Today is open again — /today has your action."))
