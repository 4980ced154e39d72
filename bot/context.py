"""The typed callback context: handlers reach services and the clock through it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.coach.models import User
from bot.monitoring import Monitor
from bot.services.container import Services
from bot.views.i18n import Translator, translator


class BotData:
    """Application-wide state, instead of untyped ``bot_data["key"]`` lookups."""

    def __init__(self) -> None:
        """Start empty; the composition root sets ``services`` during start-up."""
        self._services: Services | None = None
        self._monitor: Monitor | None = None
        self.exports_in_progress: set[int] = set()
        """Users whose /export is being made or sent (``bot.handlers.account``)."""

    @property
    def ready(self) -> bool:
        """Whether the services are set (start-up may be stopped before they are)."""
        return self._services is not None

    @property
    def services(self) -> Services:
        """The use cases. Set by the composition root before any update is handled."""
        if self._services is None:
            raise RuntimeError("services are not ready: post_init has not run")
        return self._services

    @services.setter
    def services(self, value: Services) -> None:
        self._services = value

    @property
    def monitor(self) -> Monitor:
        """The bot's metrics and scheduler heartbeat. Set by the composition root at build time."""
        if self._monitor is None:
            raise RuntimeError("the monitor is not set: the Application was not built by bot.app")
        return self._monitor

    @monitor.setter
    def monitor(self, value: Monitor) -> None:
        self._monitor = value


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """The context every handler receives.

    PTB builds one context per update and hands it to every handler that runs for it, in every
    group: the user loaded before the feature handlers (``bot.handlers.users``) travels on it.
    """

    def __init__(
        self,
        application: BotApplication,
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        """Build the context PTB asks for; no user is known yet."""
        super().__init__(application, chat_id, user_id)
        self._user: User | None = None
        self._is_new_user = False

    @property
    def user(self) -> User:
        """Who sent this update, as loaded once before the feature handlers ran.

        Raises:
            RuntimeError: No user was loaded: the update has no private-chat sender (a channel
                post, a group message) or the handler runs outside an update (a job).
        """
        if self._user is None:
            raise RuntimeError(
                "context.user is not set: only updates from a user in a private chat load one"
            )
        return self._user

    @user.setter
    def user(self, value: User) -> None:
        self._user = value

    @property
    def has_user(self) -> bool:
        """Whether this update's user is loaded (see :attr:`user`)."""
        return self._user is not None

    @property
    def is_new_user(self) -> bool:
        """Whether this update created the user (their first contact with the bot)."""
        return self._is_new_user

    def arrived(self, user: User, *, is_new: bool) -> None:
        """Attach the loaded sender to this update's context (the group -2 handler does)."""
        self._user = user
        self._is_new_user = is_new

    @property
    def t(self) -> Translator:
        """The words of this update's user: their language, English before one is loaded."""
        return translator(self._user.language if self._user is not None else None)

    @property
    def services(self) -> Services:
        """The use cases."""
        return self.bot_data.services

    def now(self) -> datetime:
        """The current time from the injected clock (aware UTC)."""
        return self.bot_data.services.clock()


BotApplication = Application[ExtBot[None], BotContext, dict[Any, Any], dict[Any, Any], BotData, Any]
