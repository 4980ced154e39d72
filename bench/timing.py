"""Timing with ``time.perf_counter``: durations in, median / p95 / rate out.

Every figure the benchmarks print comes through :class:`Summary`, so "p95" and "rate" mean the
same thing in every table:

* ``p50`` / ``p95`` are nearest-rank percentiles of the individual durations (no
  interpolation: the p95 is a duration that was actually observed).
* ``rate`` is ``count / elapsed``, where ``elapsed`` is the wall time of the whole measured
  stretch (first start to last finish). For sequential calls that is about ``count / sum``; for
  overlapping work (many simulated users at once) it is the throughput, which the durations
  alone cannot give.

The sender benchmarks also take from here the clock they run on (:class:`RunningClock`) and
the rate and busiest second of arrival times (:func:`rate_between`, :func:`busiest_second`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

T = TypeVar("T")


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of already sorted values (``fraction`` 0.95 for p95)."""
    if not sorted_values:
        return math.nan
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"fraction must be within 0..1, got {fraction}")
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


@dataclass(frozen=True, slots=True)
class Summary:
    """What a batch of timed operations comes to (all times in seconds)."""

    count: int
    elapsed: float
    p50: float
    p95: float
    max: float

    @property
    def rate(self) -> float:
        """Operations per second over the measured stretch."""
        return self.count / self.elapsed if self.elapsed > 0 else math.nan

    @classmethod
    def of(cls, durations: Iterable[float], elapsed: float | None = None) -> Summary:
        """Summarise durations; ``elapsed`` defaults to their sum (sequential work)."""
        values = sorted(durations)
        total = math.fsum(values) if elapsed is None else elapsed
        return cls(
            count=len(values),
            elapsed=total,
            p50=percentile(values, 0.50),
            p95=percentile(values, 0.95),
            max=values[-1] if values else math.nan,
        )


class Stopwatch:
    """Wall time (``perf_counter``) and CPU time (``process_time``, all threads) of a stretch.

    CPU time is reported beside wall time because this machine is shared: other work slows the
    wall clock, while the CPU seconds a run needed stay comparable between runs. It includes the
    aiosqlite worker thread, so CPU seconds may exceed wall seconds on a multi-core machine.
    """

    def __init__(self) -> None:
        """Start timing now."""
        self.started = time.perf_counter()
        self._cpu_started = time.process_time()
        self.wall = math.nan
        self.cpu = math.nan

    def stop(self) -> Stopwatch:
        """Freeze the figures (returns itself for chaining)."""
        self.wall = time.perf_counter() - self.started
        self.cpu = time.process_time() - self._cpu_started
        return self


def time_each(function: Callable[[T], object], inputs: Iterable[T]) -> Summary:
    """Call ``function`` once per input, timing each call; rate over the whole loop."""
    durations: list[float] = []
    clock = time.perf_counter
    started = clock()
    for item in inputs:
        before = clock()
        function(item)
        durations.append(clock() - before)
    return Summary.of(durations, clock() - started)


async def time_each_async(call: Callable[[int], Awaitable[object]], count: int) -> Summary:
    """Await ``call(i)`` for ``i`` in ``range(count)`` one after the other, timing each."""
    durations: list[float] = []
    clock = time.perf_counter
    started = clock()
    for index in range(count):
        before = clock()
        await call(index)
        durations.append(clock() - before)
    return Summary.of(durations, clock() - started)


def median(values: Sequence[float]) -> float:
    """The middle value (upper middle for an even count: an observed value, like percentile)."""
    return percentile(sorted(values), 0.5)


def rate_between(times: Sequence[float]) -> float:
    """Events per second between the first and the last of ``times`` (seconds, in order)."""
    if len(times) < 2:
        return math.nan
    return (len(times) - 1) / (times[-1] - times[0])


def busiest_second(times: Sequence[float]) -> int:
    """The most of ``times`` (seconds, in order) within any one second (a sliding window)."""
    best = first = 0
    for last, at in enumerate(times):
        while at - times[first] >= 1.0:
            first += 1
        best = max(best, last - first + 1)
    return best


class RunningClock:
    """Pinned at ``start`` until :meth:`run`, then ``start`` plus the real time elapsed.

    The tick needs a pinned instant; the sender needs time to pass (a 429 pauses it until a
    later instant, and a pinned clock would never get there).
    """

    def __init__(self, start: datetime) -> None:
        """Pinned at ``start``."""
        self._start = start
        self._since: float | None = None

    def run(self) -> None:
        """Let time pass from now on."""
        if self._since is None:
            self._since = time.perf_counter()

    def __call__(self) -> datetime:
        """The current instant."""
        if self._since is None:
            return self._start
        return self._start + timedelta(seconds=time.perf_counter() - self._since)
