"""Send times for scheduled messages: one every 1/rate seconds, never more than the rate a second.

The sender asks for a turn before each message. Turns fall at fixed times, ``1/rate`` apart,
counted from the first one and not from when the previous message was done: the time spent
preparing and sending a message is taken out of the wait for the next, so a sender at 1,000 a
second sends a thousand (a limiter that waits 1/rate after each message gives 1/(1/rate + work)).
Falling behind (a slow database, a pause Telegram asked for) never brings a burst to catch up:
the next turn is then now, and the ones after it 1/rate apart again. Only a hiccup of the event
loop (:data:`CATCH_UP`: a few milliseconds spent on another message's work, a pass claiming its
deliveries) is made up: the turns it held back go at twice the rate until they are on time
again. On top of that a sliding window keeps the last second's turns: never more than the rate
in any one second, whatever happened before.

Between its turn and its request a message still has work to do (its mark written and
committed, which takes a varying time), so the instants requests leave are not the turns: one
held up by a slow commit and the next not can leave closer than 1/rate apart. So the sender also
asks to :meth:`Pacer.depart` right before each request, and a second window, of the instants
requests really left, holds it back until it would not make more than the rate in any second.
Both seconds are counted a little long (:data:`JITTER`), so that requests held up on their way
by a few milliseconds still arrive no more than the rate in any second.

Time comes from a :class:`Timer`, so that tests can count what goes out in each second
without sleeping (``tests`` step a fake one).
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections import deque
from typing import Protocol

JITTER = 0.03
"""Seconds added to the window of one second, for the way from the sender to Telegram: requests
held up on it by up to 30 ms more than the ones a second before them still arrive no more than
the rate in any second (a busy machine's local Bot API saw up to 20 ms). The pace is then
rate/1.03 a second: 0.97 of it."""


EARLY = 0.002
"""Seconds ahead of its turn that a message may go instead of waiting for it. At 1,000 a second
every turn is a millisecond away, and a wait that short mostly costs the sender's one core a
turn of the event loop (PostgreSQL at 1,000/s, alternating runs: 0.75-0.76 of the rate
without, 0.77-0.82 with). Leaving a little early never puts more than the rate in any second:
:meth:`Pacer.depart` counts the instants requests leave."""


CATCH_UP = 0.02
"""Seconds a turn may fall behind its fixed time and keep its place. At 1,000 a second every turn
is a millisecond away, and the sleep of the one before it wakes late whenever the event loop is
busy for a few milliseconds (deciding a group's messages, rendering a card): starting afresh
after each such hiccup lost one turn in seven (SQLite at 1,000/s: 0.85-0.86 of the rate; with
this, 0.95-0.97 on both engines, the same machine minutes apart). The turns held back catch up
at twice the rate. Not more than this: a sender catching up a tenth of a second (0.98 of the
rate) kept its core so busy that requests waited on it after their departure longer than
:data:`JITTER`: 1,003-1,006 arrived in one second (two instances); at 20 ms none did. At low
rates, where a turn is further away than this, a late one starts afresh."""


class Timer(Protocol):
    """Seconds on a monotonic clock, and waiting for an instant on it."""

    def now(self) -> float:
        """The current instant, in seconds."""
        ...

    async def sleep_until(self, instant: float) -> None:
        """Return at ``instant`` (at once if it has passed)."""
        ...

    async def wait(self, event: asyncio.Event, seconds: float) -> None:
        """Return when ``event`` is set, or after ``seconds``, whichever comes first."""
        ...


class LoopTimer:
    """The event loop's own clock."""

    def now(self) -> float:
        """``loop.time()``."""
        return asyncio.get_running_loop().time()

    async def sleep_until(self, instant: float) -> None:
        """``asyncio.sleep`` until ``instant``."""
        wait = instant - self.now()
        if wait > 0:
            await asyncio.sleep(wait)

    async def wait(self, event: asyncio.Event, seconds: float) -> None:
        """``event.wait()`` for at most ``seconds``."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout=seconds)


class Pacer:
    """Hands out send times ``1/rate`` apart, at most ``rate`` in any one second."""

    def __init__(self, rate: float, timer: Timer | None = None) -> None:
        """Create the pacer.

        Args:
            rate: Messages per second at most (a fraction: one every few seconds).
            timer: Where time comes from (default: the event loop's clock).
        """
        if rate <= 0:
            raise ValueError(f"the send rate must be positive, got {rate}")
        self.timer: Timer = timer or LoopTimer()
        self._interval = 1.0 / rate
        # The window: turns in any one second, ``rate`` at most (one for a rate below 1).
        self._last_second: deque[float] = deque(maxlen=max(1, math.floor(rate)))
        self._next: float | None = None
        self._given = -math.inf  # the instant the last turn was given
        self._turns = asyncio.Lock()
        # The instants requests left, the last ``rate`` of them (:meth:`depart`).
        self._departures: deque[float] = deque(maxlen=self._last_second.maxlen)
        self._departing = asyncio.Lock()

    async def turn(self) -> float:
        """Wait for the next send time; returns it.

        Callers queue in order (one sleeps at a time), so turns go out in the order asked.
        """
        async with self._turns:
            now = self.timer.now()
            planned = self._next
            if planned is None or planned < now - max(self._interval, CATCH_UP):
                planned = now  # idle, or fell behind: start afresh, no burst to catch up
            window = self._last_second
            if len(window) == window.maxlen:
                planned = max(planned, window[0] + 1.0 + JITTER)
            self._next = planned + self._interval
            # Behind its fixed time (a hiccup), a turn goes half an interval after the one
            # before: the turns held back catch up at twice the rate, not in one clump.
            at = max(planned, self._given + self._interval / 2)
            if at > now + EARLY:
                await self.timer.sleep_until(at)
            self._given = max(at, now)
            window.append(at)
            return at

    async def depart(self) -> float:
        """Wait, right before a request leaves, until it may: the instants requests left (not
        their turns) are never more than the rate in any one second. Returns the instant.

        A request whose turn came on time rarely waits here: only one whose predecessor a
        second before was held up on its way (a slow commit between its turn and its request).
        """
        async with self._departing:
            window = self._departures
            earliest = -math.inf
            if len(window) == window.maxlen:
                earliest = window[0] + 1.0 + JITTER
                await self.timer.sleep_until(earliest)
            # A wake a hair early (the loop's clock resolution) still counts as on time.
            left = max(self.timer.now(), earliest)
            window.append(left)
            return left
