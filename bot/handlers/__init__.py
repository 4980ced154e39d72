"""Telegram handlers, one module per feature; ``register`` wires them all in order."""

from __future__ import annotations

from bot.context import BotApplication
from bot.handlers import errors, goals, help, places, plan, settings, start
from bot.handlers.router import dialog_router


def register(application: BotApplication) -> None:
    """Add every handler: commands and buttons first, then plain messages, then fallbacks."""
    for feature in (start, settings, places, plan, goals, help):
        application.add_handlers(feature.handlers())
    routes = {**places.dialog_routes(), **plan.dialog_routes(), **goals.dialog_routes()}
    application.add_handler(dialog_router(routes, fallback=help.idle))
    application.add_handlers(help.last_resort_handlers())
    application.add_error_handler(errors.on_error)
