"""Running the bot until a signal, and stopping it in bounded time whatever step it is at.

PTB's ``run_polling`` turns a signal into ``SystemExit`` raised wherever the event loop happens
to be. During start-up that skips ``post_stop`` (and with it the outbox sender's stop), and a
second signal during shutdown skips the steps after the one it lands in; either way the process
could stay alive until SIGKILL. Here instead:

* a signal during start-up cancels start-up; a signal once the bot serves asks it to stop;
* stopping runs every step that applies, each bounded in time, and goes on past a step that
  fails: stop taking updates, finish the ones in hand, ``post_stop`` (the scheduler, the last
  "last seen" times), shut down, ``post_shutdown`` (the database);
* further signals only say that the bot is stopping;
* whatever happens, the process ends :data:`DEADLINE` seconds after the first signal.

Nothing stored is lost by stopping early: every answer is committed in its own unit of work
before the reply goes out, and a scheduled message is recorded before it is sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import signal
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any

from telegram.ext import Application

log = logging.getLogger(__name__)

DEADLINE = 9.5
"""Seconds from the first signal to the end of the process, at the latest (the promise is 10)."""

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)

FORCED_EXIT = 1
"""The exit code when the deadline cut the shutdown short."""

# Each shutdown step's share of the deadline; together well under it.
_STEP_SECONDS = {
    "updater.stop": 1.5,  # stop polling and confirm the updates fetched
    "stop": 3.0,  # finish the updates in hand
    "post_stop": 2.5,  # the scheduler's sender ends its message in hand
    "shutdown": 1.0,
    "post_shutdown": 1.0,  # close the database
}

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


class Lifecycle:
    """What the serving coroutine is told: when to stop, and how to say it is up."""

    def __init__(self) -> None:
        """Nothing is up yet."""
        self.stop = asyncio.Event()
        self._serving = False

    @property
    def is_serving(self) -> bool:
        """Whether start-up is over (a signal then stops the bot instead of cancelling it)."""
        return self._serving

    def serving(self) -> None:
        """Start-up is over: from now on a signal lets the bot finish what it has in hand."""
        self._serving = True


Serve = Callable[[Lifecycle], Coroutine[Any, Any, int]]


def run(serve: Serve, *, deadline: float = DEADLINE) -> int:
    """Run ``serve`` until it returns or a signal stops it; returns the exit code.

    Args:
        serve: Starts the bot, calls ``lifecycle.serving()`` once up, waits for
            ``lifecycle.stop`` and stops the bot; returns the exit code.
        deadline: Seconds from the first signal to the end of the process, at the latest.
    """
    return asyncio.run(_run(serve, deadline))


async def _run(serve: Serve, deadline: float) -> int:
    loop = asyncio.get_running_loop()
    lifecycle = Lifecycle()
    main = asyncio.create_task(serve(lifecycle), name="serve")
    received: list[int] = []

    def on_signal(signum: int) -> None:
        received.append(signum)
        name = signal.Signals(signum).name
        if len(received) > 1:
            log.info(
                "Received %s: already stopping (within %g s of the first signal)", name, deadline
            )
            return
        _exit_after(deadline)
        if lifecycle.is_serving:
            log.info("Received %s: stopping", name)
            lifecycle.stop.set()
        else:
            log.info("Received %s during start-up: stopping", name)
            lifecycle.stop.set()
            main.cancel()

    for signum in STOP_SIGNALS:
        loop.add_signal_handler(signum, on_signal, signum)
    try:
        return await main
    except asyncio.CancelledError:
        if not received:
            raise
        return 0
    finally:
        for signum in STOP_SIGNALS:
            loop.remove_signal_handler(signum)
            # The bot has stopped: a late signal must not kill the process on its way out.
            signal.signal(signum, signal.SIG_IGN)


def _exit_after(seconds: float) -> None:
    """End the process ``seconds`` from now if it is still alive (a stuck step, a thread)."""

    def force() -> None:
        os.write(2, b"Small Wins: stopping took too long; exiting now.\n")
        os._exit(FORCED_EXIT)

    timer = threading.Timer(seconds, force)
    timer.daemon = True  # never what keeps the process alive
    timer.start()


@contextlib.asynccontextmanager
async def polling(
    application: AnyApplication, *, allowed_updates: list[str]
) -> AsyncIterator[None]:
    """Run ``application`` polling Telegram until the block ends, then stop it (see the module).

    The steps of PTB's ``run_polling``; if start-up is cancelled or fails half-way, what was
    started is stopped all the same.
    """
    updater = application.updater
    if updater is None:
        raise ValueError("polling needs the Application's Updater")
    initialised = False
    try:
        await application.initialize()
        initialised = True
        if application.post_init is not None:
            await application.post_init(application)
        await updater.start_polling(allowed_updates=allowed_updates)
        await application.start()
        yield
    finally:
        await stop(application, initialised=initialised)


async def stop(application: AnyApplication, *, initialised: bool = True) -> None:
    """Stop whatever of ``application`` runs: every step bounded, none skipped for another.

    Args:
        application: The bot, at any point of its start-up or running.
        initialised: Whether ``initialize`` completed (``post_stop`` and ``post_shutdown``
            then run, to stop the scheduler and close the database).
    """
    updater = application.updater
    if updater is not None and updater.running:
        await _step("updater.stop", updater.stop)
    if application.running:
        await _step("stop", application.stop)
    if initialised and application.post_stop is not None:
        post_stop = application.post_stop
        await _step("post_stop", lambda: post_stop(application))
    await _step("shutdown", application.shutdown)
    if initialised and application.post_shutdown is not None:
        post_shutdown = application.post_shutdown
        await _step("post_shutdown", lambda: post_shutdown(application))


async def _step(name: str, action: Callable[[], Awaitable[object]]) -> None:
    """One shutdown step, given its share of the deadline; a failure is logged, not raised."""
    try:
        await asyncio.wait_for(action(), _STEP_SECONDS[name])
    except TimeoutError:
        log.warning("Shutdown step %s took longer than %g s; going on", name, _STEP_SECONDS[name])
    except Exception:
        log.exception("Shutdown step %s failed; going on", name)


def settle_heap() -> None:
    """Move everything alive once the bot is up (modules, catalogues, place and zone tables) out
    of the garbage collector's sight: they live as long as the process, and every full
    collection walked them all again, holding the event loop 38-65 ms each time (a send wave at
    30/s saw a message held up that long, and one second then carried 31)."""
    gc.collect()
    gc.freeze()
