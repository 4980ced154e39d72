"""Texts and buttons of /export and /delete."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.coach.models import StoreCounts
from bot.views.callback_data import CallbackData, pattern_of
from bot.views.i18n import Translator
from bot.views.reply import Reply, esc


def export_caption(t: Translator) -> str:
    """The caption of the export file."""
    return t("📦 Everything I store about you: settings, goals, milestones and every logged day.")


def export_on_its_way(t: Translator) -> Reply:
    """/export again while the last one is still being made or sent."""
    return Reply(t("Your export is on its way — it'll be here in a moment. 📦"))


@dataclass(frozen=True)
class EraseEverything(CallbackData, prefix="acct:delete:yes"):
    """ "Yes, erase everything", and the day it was asked.

    The confirmation carries that day: an old button pressed weeks later, after the user
    started again, must not erase their new data.
    """

    asked_on: date


@dataclass(frozen=True)
class KeepEverything(CallbackData, prefix="acct:delete:no"):
    """ "Keep my data"."""


DELETE_BUTTONS = (EraseEverything, KeepEverything)
DELETE_PATTERN = pattern_of(*DELETE_BUTTONS)


def confirm_delete(t: Translator, today: date) -> Reply:
    """Ask before erasing everything."""
    confirm, keep = EraseEverything(today).pack(), KeepEverything().pack()
    return Reply(
        t(
            "This erases <b>everything</b>: your settings, goals, milestones and every win you "
            "logged. It can't be undone. (Tip: /export first if you want a copy.)"
        ),
        InlineKeyboardMarkup(
            [
                [InlineKeyboardButton(t("🗑 Yes, erase everything"), callback_data=confirm)],
                [InlineKeyboardButton(t("Keep my data"), callback_data=keep)],
            ]
        ),
    )


def deleted(t: Translator) -> Reply:
    """After erasing."""
    return Reply(
        t("Done — everything is erased. If you ever want to start again, /start is here. 👋")
    )


def delete_expired(t: Translator) -> Reply:
    """An erase button from another day."""
    return Reply(
        t("That button has expired, so nothing was deleted. Send /delete if you meant it.")
    )


def kept(t: Translator) -> Reply:
    """After "Keep my data"."""
    return Reply(t("Nothing was deleted. Your wins are safe. 🌱"))


def stats(t: Translator, counts: StoreCounts) -> Reply:
    """/stats for admins: a health check of the bot."""

    def line(title: str, tally: dict[str, int]) -> str:
        parts = " · ".join(
            f"{esc(status)} {t.number(count)}" for status, count in sorted(tally.items())
        )
        return f"<b>{title}</b>: {parts or t('none')}"

    lines = [
        line(t("Users"), counts.users),
        line(t("Goals"), counts.goals),
        line(t("Scheduled messages"), counts.deliveries),
    ]
    if counts.deliveries.get("uncertain"):
        lines.append(
            t(
                "<i>Uncertain: Telegram's answer was lost after sending, so they may have "
                "arrived; they are never sent twice.</i>"
            )
        )
    return Reply("📊 <b>Small Wins</b>\n" + "\n".join(lines))
