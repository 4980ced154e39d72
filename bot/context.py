"""The typed callback context: handlers reach services and the clock through it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.services.container import Services


class BotData:
    """Application-wide state, instead of untyped ``bot_data["key"]`` lookups."""

    def __init__(self) -> None:
        """Start empty; the composition root sets ``services`` during start-up."""
        self._services: Services | None = None

    @property
    def services(self) -> Services:
        """The use cases. Set by the composition root before any update is handled."""
        if self._services is None:
            raise RuntimeError("services are not ready: post_init has not run")
        return self._services

    @services.setter
    def services(self, value: Services) -> None:
        self._services = value


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """The context every handler receives."""

    @property
    def services(self) -> Services:
        """The use cases."""
        return self.bot_data.services

    def now(self) -> datetime:
        """The current time from the injected clock (aware UTC)."""
        return self.bot_data.services.clock()


BotApplication = Application[ExtBot[None], BotContext, dict[Any, Any], dict[Any, Any], BotData, Any]
