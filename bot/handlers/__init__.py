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
from bot.handlers.router import dialog_router


def register(application: BotApplication) -> None:
    """Add every handler: commands and buttons first, then plain messages, then fallbacks."""
    # The coach is one-to-one: groups, channels, edits and the like end here, changing nothing.
    application.add_handlers(outside.handlers(), group=outside.GROUP)
    # Who wrote is loaded once, before anything else, and travels on the context.
    application.add_handlers(users.handlers(), group=users.GROUP)
    # Any command but /cancel closes a question left open: the next plain message is then read
    # afresh instead of being taken as the old question's answer.
    application.add_handler(help.close_open_question(), group=-1)
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
    routes = {
        **places.dialog_routes(),
        **settings.dialog_routes(),
        **plan.dialog_routes(),
        **goals.dialog_routes(),
        **comeback.dialog_routes(),
        **coaching.dialog_routes(),
        **partner.dialog_routes(),
    }
    # With no question open, a message is read as a win ("wrote 400 words") before anything else;
    # with one open, it is the answer (a bare "done" keeps the question and says how to log).
    application.add_handler(
        dialog_router(
            routes,
            fallback=wins.free_text(help.idle),
            held=wins.question_still_open,
            verbatim=frozenset(partner.dialog_routes()),
        )
    )
    application.add_handlers(help.last_resort_handlers())
    application.add_error_handler(errors.on_error)
