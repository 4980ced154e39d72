"""Telegram handlers, one module per feature; ``register`` wires them all in order."""

from __future__ import annotations

from bot.context import BotApplication
from bot.handlers import (
    account,
    coaching,
    comeback,
    errors,
    goals,
    help,
    outside,
    partner,
    places,
    plan,
    settings,
    start,
    streak,
    users,
    wins,
)
from bot.handlers.questions import Conversation


def questions() -> Conversation:
    """Every feature's questions: one row each in its handler module's ``QUESTIONS`` table."""
    return Conversation(
        places.QUESTIONS,
        settings.QUESTIONS,
        plan.QUESTIONS,
        goals.QUESTIONS,
        comeback.QUESTIONS,
        coaching.QUESTIONS,
        partner.QUESTIONS,
    )


def register(application: BotApplication) -> None:
    """Add every handler: commands and buttons first, then plain messages, then fallbacks."""
    # The coach is one-to-one: groups, channels, edits and the like end here, changing nothing.
    application.add_handlers(outside.handlers(), group=outside.GROUP)
    # Who wrote is loaded once, before anything else, and travels on the context.
    application.add_handlers(users.handlers(), group=users.GROUP)
    conversation = questions()
    # Any command but /cancel closes a question left open: the next plain message is then read
    # afresh instead of being taken as the old question's answer.
    application.add_handler(conversation.close_on_command(), group=-1)
    for feature in (
        partner,  # before start: "/start p-…" is a friend's invite link
        start,
        settings,
        places,
        plan,
        goals,
        wins,
        streak,
        comeback,
        coaching,
        account,
        help,
    ):
        application.add_handlers(feature.handlers())
    application.add_handler(conversation.cancel_command())
    # With no question open, a message is read as a win ("wrote 400 words") before anything else;
    # with one open, it is the answer (a bare "done" keeps the question and says how to log).
    application.add_handler(
        conversation.router(
            fallback=places.shared_location(wins.free_text(help.idle)),
            held=wins.question_still_open,
        )
    )
    application.add_handlers(help.last_resort_handlers())
    application.add_error_handler(errors.on_error)
