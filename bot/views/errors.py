"""What the user sees when something fails on our side."""

from __future__ import annotations

from bot.views.i18n import Translator
from bot.views.reply import Reply


def apology(t: Translator) -> Reply:
    """An unexpected error: nothing the user did wrong."""
    return Reply(t("Sorry — something went wrong on my side. Please try that again in a moment."))


def stale_button(t: Translator) -> str:
    """Answer to a button this version no longer understands (a short callback toast)."""
    return t("That button has expired — try the command again.")
