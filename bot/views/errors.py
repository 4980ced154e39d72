"""What the user sees when something fails on our side."""

from __future__ import annotations

from bot.views.reply import Reply


def apology() -> Reply:
    """An unexpected error: nothing the user did wrong."""
    return Reply("Sorry — something went wrong on my side. Please try that again in a moment.")


def stale_button() -> str:
    """Answer to a button this version no longer understands (a short callback toast)."""
    return "That button has expired — try the command again."
