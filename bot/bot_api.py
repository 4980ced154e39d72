"""Every Bot API request but ``getUpdates`` passes here: Telegram's pauses, and retries.

* **A 429 pauses the whole bot.** Telegram's ``retry_after`` applies to the bot, not to one
  chat: after a 429, no request to anyone (a reply, a scheduled message) goes out until it has
  passed. PTB's ``AIORateLimiter`` let other requests through as soon as one retry ended, and
  raised its last 429 without waiting at all.
* **A reply that never reached Telegram is sent again**, after a short pause: a 5xx answer, a
  connection that could not be made or that dropped before an answer. The apology the error
  handler sends is the last resort. A request whose fate is unknown (the answer did not come in
  time) is not repeated: the person may already have it.
* **Scheduled messages are not retried here.** The outbox sender
  (``bot.scheduler.sender``) sends inside :func:`scheduled`; it decides itself what a failure
  means for a delivery (:func:`never_took_effect`), because a repeated nudge is the one thing the
  product promises never to do.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from contextvars import ContextVar
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import httpx
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import BaseRateLimiter

if TYPE_CHECKING:
    from bot.monitoring import Metrics

log = logging.getLogger(__name__)

RETRY_PAUSES = (0.25, 0.75, 1.5)
"""Seconds before each new try of a reply that failed before reaching Telegram."""

_SCHEDULED: ContextVar[bool] = ContextVar("scheduled_send", default=False)


class NotSent(Exception):
    """The cause of a failure of a request that surely did not leave whole (for clients other
    than PTB's, whose transport errors :func:`never_took_effect` knows by their httpx type)."""


# Transport failures after which the request surely did not reach Telegram whole.
_NOT_SENT = (
    NotSent,
    httpx.ConnectError,  # refused, unreachable, DNS
    httpx.ConnectTimeout,
    httpx.PoolTimeout,  # no free connection: never sent
    httpx.WriteError,  # the request was not written whole
    httpx.WriteTimeout,
    httpx.UnsupportedProtocol,
    httpx.ProxyError,
)
# The connection dropped before an answer: Telegram may or may not have acted on it.
_DROPPED = (httpx.RemoteProtocolError, httpx.ReadError)


@contextlib.contextmanager
def scheduled() -> Iterator[None]:
    """Requests made inside are scheduled messages: paused like all, never retried here."""
    token = _SCHEDULED.set(True)
    try:
        yield
    finally:
        _SCHEDULED.reset(token)


def never_took_effect(error: TelegramError) -> bool:
    """Whether a failed request certainly did nothing, so that sending it again is safe.

    True for a 429 or a 5xx answer (Telegram refused it) and for a request that never left
    whole (connection refused, DNS, no free connection, a write that failed). False when the
    outcome is unknown: the answer timed out, or the connection dropped after the request went.
    """
    if isinstance(error, RetryAfter):
        return True
    if isinstance(error, BadRequest):
        return False  # Telegram read it and said no (PTB counts it as a NetworkError)
    cause = error.__cause__
    if isinstance(error, TimedOut):
        return isinstance(cause, httpx.ConnectTimeout | httpx.PoolTimeout)
    if isinstance(error, NetworkError):
        # Telegram answered with a 5xx (JSON or nginx's HTML page): the error has no transport
        # cause, or only the failed parse of that page.
        return cause is None or isinstance(cause, (TelegramError, *_NOT_SENT))
    return False


def dropped(error: TelegramError) -> bool:
    """Whether the connection dropped before Telegram's answer (the request may have acted)."""
    return isinstance(error.__cause__, _DROPPED)


class BotApiLimiter(BaseRateLimiter[None]):
    """Waits out Telegram's 429 pauses for everyone, and retries replies that never got there."""

    def __init__(
        self,
        metrics: Metrics | None = None,
        *,
        pauses: tuple[float, ...] = RETRY_PAUSES,
        sleep: Callable[[float], Coroutine[Any, Any, None]] = asyncio.sleep,
    ) -> None:
        """Create the limiter.

        Args:
            metrics: Where each 429 and the pause it asked for are counted.
            pauses: Seconds before each retry; their number is the number of retries.
            sleep: How to wait (tests may pass a recording one).
        """
        self._metrics = metrics
        self._pauses = pauses
        self._sleep = sleep
        self._resume_at = 0.0  # event-loop time before which no request goes out
        # After a pause, one request at a time until one gets through: a burst of everything
        # that waited would otherwise go out at once, and all of it into the next 429's pause.
        self._after_pause = False
        self._probe = asyncio.Lock()

    @property
    def paused(self) -> bool:
        """Whether a pause Telegram asked for is running now (requests wait for its end)."""
        return self._resume_at > asyncio.get_running_loop().time()

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    async def process_request(  # noqa: PLR0917 (PTB's signature)
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Send one request: after any pause Telegram asked for, retrying what may be retried."""
        retry = not _SCHEDULED.get()
        tries = 0
        while True:
            try:
                async with self.turn():
                    result = await callback(*args, **kwargs)
                    self._after_pause = False
                    return result
            except RetryAfter:
                if not retry or tries >= len(self._pauses):
                    raise
                log.info("Telegram asked for a pause before %s; trying again after it", endpoint)
            except TelegramError as error:
                if not retry or tries >= len(self._pauses):
                    raise
                if not (never_took_effect(error) or dropped(error)):
                    raise
                wait = self._pauses[tries]
                log.info("%s failed (%s); trying again in %g s", endpoint, error, wait)
                await self._sleep(wait)
            tries += 1

    @contextlib.asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Wait out any pause; right after one, go one at a time. A 429 starts a pause.

        Every request to Telegram is made inside a turn: PTB's through :meth:`process_request`,
        the sender's own (``bot.scheduler.telegram_sends``) directly.
        """
        await self._wait_out_pause()
        try:
            if not self._after_pause:
                yield
                return
            async with self._probe:
                await self._wait_out_pause()  # another 429 may have come while waiting here
                yield
        except RetryAfter as error:
            self._pause(error)
            raise

    def _pause(self, error: RetryAfter) -> None:
        wait = error.retry_after
        seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
        if self._metrics is not None:
            self._metrics.telegram_rate_limited(timedelta(seconds=seconds))
        loop = asyncio.get_running_loop()
        # Several 429s at once: the pause ends when the longest of them does.
        self._resume_at = max(self._resume_at, loop.time() + seconds)
        self._after_pause = True
        log.warning("Telegram asked the bot to pause for %g s; everything waits", seconds)

    async def _wait_out_pause(self) -> None:
        loop = asyncio.get_running_loop()
        while (left := self._resume_at - loop.time()) > 0:
            await self._sleep(left)
