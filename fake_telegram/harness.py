"""Running a real PTB Application against the fake, with synchronisation hooks.

``TrackingApplication`` tells listeners when an update has been fully processed
and records every exception PTB routes to the error handlers, so tests wait on
events instead of sleeping and can fail on any bot error.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

from telegram import Bot
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackContext,
    ContextTypes,
    ExtBot,
    Job,
    JobQueue,
)

from fake_telegram.hub import Hub, RecordedError

BT = TypeVar("BT", bound=Bot)
CCT = TypeVar("CCT", bound=CallbackContext[Any, Any, Any, Any])
UD = TypeVar("UD")
CD = TypeVar("CD")
BD = TypeVar("BD")
JQ = TypeVar("JQ", bound=JobQueue[Any] | None)

DefaultBuilder = ApplicationBuilder[
    ExtBot[None],
    ContextTypes.DEFAULT_TYPE,
    dict[Any, Any],
    dict[Any, Any],
    dict[Any, Any],
    JobQueue[ContextTypes.DEFAULT_TYPE],
]


class TrackingApplication(Application[BT, CCT, UD, CD, BD, JQ]):
    """An ``Application`` that reports processed updates and records errors.

    Use it with ``ApplicationBuilder().application_class(TrackingApplication)``.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.errors: list[RecordedError] = []
        self._update_listeners: list[Callable[[object], None]] = []
        self._error_listeners: list[Callable[[RecordedError], None]] = []

    def add_update_listener(self, callback: Callable[[object], None]) -> None:
        """Call ``callback(update)`` after each ``process_update`` completes."""
        if callback not in self._update_listeners:
            self._update_listeners.append(callback)

    def remove_update_listener(self, callback: Callable[[object], None]) -> None:
        """Undo :meth:`add_update_listener`."""
        if callback in self._update_listeners:
            self._update_listeners.remove(callback)

    def add_error_listener(self, callback: Callable[[RecordedError], None]) -> None:
        """Call ``callback(recorded)`` for every error routed to ``process_error``."""
        if callback not in self._error_listeners:
            self._error_listeners.append(callback)

    def remove_error_listener(self, callback: Callable[[RecordedError], None]) -> None:
        """Undo :meth:`add_error_listener`."""
        if callback in self._error_listeners:
            self._error_listeners.remove(callback)

    async def process_update(self, update: object) -> None:
        """Process like PTB, then notify listeners (also when processing failed)."""
        try:
            await super().process_update(update)
        finally:
            for callback in list(self._update_listeners):
                callback(update)

    async def process_error(
        self,
        update: object | None,
        error: Exception,
        job: Job[Any] | None = None,
        coroutine: Any = None,
    ) -> bool:
        """Record the error, then let the registered error handlers run."""
        recorded = RecordedError(update, error, job)
        self.errors.append(recorded)
        for callback in list(self._error_listeners):
            callback(recorded)
        return await super().process_error(update, error, job, coroutine)


def application_builder(fake: Hub) -> DefaultBuilder:
    """An ``ApplicationBuilder`` wired to ``fake``: token, URLs and TrackingApplication."""
    return (
        ApplicationBuilder()
        .token(fake.token)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .application_class(TrackingApplication)
    )


@contextlib.asynccontextmanager
async def running(
    fake: Hub,
    app: Application[Any, Any, Any, Any, Any, Any],
    *,
    poll_timeout: float = 10.0,
    raise_errors: bool = True,
    drop_pending_updates: bool = False,
    allowed_updates: list[str] | None = None,
) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    """Attach ``app`` to ``fake`` and run it like ``run_polling`` does, then shut it down.

    Lifecycle order matches PTB: initialize, post_init, start_polling, start ...
    updater.stop, stop, post_stop, shutdown, post_shutdown.
    """
    if app.updater is None:
        raise ValueError("the application needs an Updater to poll the fake")
    fake.attach(app, raise_errors=raise_errors)
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        await app.updater.start_polling(
            poll_interval=0.0,
            timeout=int(poll_timeout),
            drop_pending_updates=drop_pending_updates,
            allowed_updates=allowed_updates,
        )
        await app.start()
        try:
            yield app
        finally:
            if app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
                if app.post_stop is not None:
                    await app.post_stop(app)
    finally:
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)
        fake.detach(app)
