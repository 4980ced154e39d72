"""Run in a fresh interpreter by the ``tick`` and ``scheduler`` scenarios: ticks, time, memory.

A process of its own, so that its peak resident memory belongs to the tick alone and a tick
over 10,000 users can be compared with one over 100,000. Usage::

    python -m bench.scenarios.tick_process DATABASE_URL INSTANT [TICKS]

Runs ``SchedulerService.tick()`` ``TICKS`` times (default 2) on the database (``sqlite:///...``
or ``postgresql://...``) with the clock pinned at ``INSTANT`` (ISO 8601, aware), and prints one
JSON object on stdout: per tick the ``TickReport`` figures, wall and CPU seconds, the batches
claimed and the cohort writes, and the longest and 99th-percentile stall of the event loop (a
task asking to wake every 5 ms, as a chatting user's update would); then resident memory (Linux
``/proc``; ``null`` elsewhere): before the first tick, the peak until then (imports, opening the
database), and the peak from the first tick on (the peak is reset just before it); per tick,
the anonymous resident memory before it and the most seen during it (sampled every 100 ms or
so: the heap, without the pages of the database file that SQLite maps).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path

from bot.coach.cohorts import CohortPlan, DateWindow, DueBatch
from bot.services.scheduling import SchedulerService
from storage.open import open_repository
from storage.sql import SqlRepository

LAG_PROBE = 0.005
"""How often (seconds) the probe task asks the event loop to wake it."""


class CountingRepository(SqlRepository):
    """The repository, counting the batches a tick claims and its set-based writes."""

    batches = 0
    cohort_writes = 0

    @asynccontextmanager
    async def claim_due_batch(
        self, now: datetime, limit: int
    ) -> AsyncIterator[tuple[DueBatch | None, SqlRepository]]:
        """Counted when it holds a batch, then as the engine does it."""
        async with super().claim_due_batch(now, limit) as (batch, scope):
            if batch is not None:
                type(self).batches += 1
            yield batch, scope

    async def apply_cohorts(
        self, batch: DueBatch, plans: Sequence[CohortPlan], window: DateWindow, now: datetime
    ) -> tuple[int, int]:
        """Counted when it has plans to write, then as the engine does it."""
        if plans:
            type(self).cohort_writes += 1
        return await super().apply_cohorts(batch, plans, window, now)


def _status_kb(field: str) -> int | None:
    """A ``kB`` field of ``/proc/self/status`` (Linux), e.g. ``VmRSS`` or ``VmHWM``."""
    try:
        lines = Path("/proc/self/status").read_text(encoding="ascii").splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return None


def resident_kb() -> int | None:
    """This process's resident memory now, in KiB (Linux only)."""
    return _status_kb("VmRSS")


def peak_kb() -> int | None:
    """This process's peak resident memory since start or the last reset, in KiB.

    ``VmHWM``, not ``ru_maxrss``: on Linux the latter carries over the parent's peak through
    fork and exec, so a child started by a big benchmark process would report the parent's.
    """
    return _status_kb("VmHWM")


def reset_peak() -> bool:
    """Start the peak over from the current resident size (Linux 4.0+); False if refused."""
    try:
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
    except OSError:
        return False
    return True


async def _probe(stop: asyncio.Event, stalls: list[float], anon: list[int]) -> None:
    """Note how late the loop wakes this task (how long a tick step held the loop), and every
    twentieth wake the anonymous resident memory (the heap: not the database file's pages)."""
    loop = asyncio.get_running_loop()
    wakes = 0
    while not stop.is_set():
        asked = loop.time()
        await asyncio.sleep(LAG_PROBE)
        stalls.append(loop.time() - asked - LAG_PROBE)
        wakes += 1
        if wakes % 20 == 0:
            anon.append(_status_kb("RssAnon") or 0)


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


async def measure(url: str, instant: datetime, ticks: int) -> dict[str, object]:
    """Tick ``ticks`` times; the figures as a JSON-ready dict."""
    opened = await open_repository(url)
    repository = CountingRepository(opened.engine)
    try:
        service = SchedulerService(repository, lambda: instant)
        peak_before = peak_kb()
        reset = reset_peak()
        rss_before = resident_kb()
        results = []
        for _ in range(ticks):
            CountingRepository.batches = CountingRepository.cohort_writes = 0
            stop, stalls = asyncio.Event(), [0.0]
            anon_before = _status_kb("RssAnon")
            anon = [anon_before or 0]
            probe = asyncio.create_task(_probe(stop, stalls, anon))
            await asyncio.sleep(0)  # the probe is waiting before the tick starts
            started, cpu = time.perf_counter(), time.process_time()
            report = await service.tick()
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu
            stop.set()
            await probe
            anon.append(_status_kb("RssAnon") or 0)
            results.append(
                {
                    "users": report.users,
                    "enqueued": report.enqueued,
                    "seconds": report.seconds,
                    "wall": wall,
                    "cpu": cpu,
                    "batches": CountingRepository.batches,
                    "cohort_writes": CountingRepository.cohort_writes,
                    "longest_stall": max(stalls),
                    "p99_stall": _p99(stalls),
                    "anon_before_kb": anon_before,
                    "anon_peak_kb": max(anon) if anon_before is not None else None,
                }
            )
        return {
            "ticks": results,
            "rss_before_kb": rss_before,
            "peak_before_kb": peak_before,
            "peak_reset": reset,
            "peak_kb": peak_kb(),
        }
    finally:
        await repository.close()


if __name__ == "__main__":
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    at = datetime.fromisoformat(sys.argv[2])
    print(json.dumps(asyncio.run(measure(sys.argv[1], at, count))))
