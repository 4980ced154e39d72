"""Run in a fresh interpreter by the ``scheduler`` scenario: one tick, its time and its memory.

A process of its own, so that its peak resident memory belongs to the tick alone and a tick
over 10,000 users can be compared with one over 100,000. Usage::

    python -m bench.scenarios.scheduler_tick DATABASE INSTANT [TICKS]

Runs ``SchedulerService.tick()`` ``TICKS`` times (default 2) on the SQLite file with the clock
pinned at ``INSTANT`` (ISO 8601, aware), and prints one JSON object on stdout: per tick the
``TickReport`` figures, wall and CPU seconds, repository calls and the longest stall of the event
loop; then resident memory (Linux ``/proc``; ``null`` elsewhere): before the first tick, the
peak until then (imports, opening the database), and the peak from the first tick on (the peak
is reset just before it).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from bot.coach.models import SchedulePlan, User
from bot.services.scheduling import SchedulerService
from storage.sqlite import SqliteRepository

LAG_PROBE = 0.005
"""How often (seconds) the probe task asks the event loop to wake it."""


class CountingRepository(SqliteRepository):
    """The SQLite repository, counting the two calls a tick makes."""

    due_calls = 0
    apply_calls = 0

    async def due_users(self, now: datetime, limit: int) -> list[User]:
        """Counted, then as in SQLite."""
        self.due_calls += 1
        return await super().due_users(now, limit)

    async def apply_schedule(self, plans: Sequence[SchedulePlan], now: datetime) -> int:
        """Counted, then as in SQLite."""
        self.apply_calls += 1
        return await super().apply_schedule(plans, now)


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


async def _probe(stop: asyncio.Event, stalls: list[float]) -> None:
    """Note how late the loop wakes this task: the longest time a tick step held the loop."""
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        asked = loop.time()
        await asyncio.sleep(LAG_PROBE)
        stalls.append(loop.time() - asked - LAG_PROBE)


async def measure(database: Path, instant: datetime, ticks: int) -> dict[str, object]:
    """Tick ``ticks`` times; the figures as a JSON-ready dict."""
    repository = await CountingRepository.open(database)
    try:
        service = SchedulerService(repository, lambda: instant)
        peak_before = peak_kb()
        reset = reset_peak()
        rss_before = resident_kb()
        results = []
        for _ in range(ticks):
            repository.due_calls = repository.apply_calls = 0
            stop, stalls = asyncio.Event(), [0.0]
            probe = asyncio.create_task(_probe(stop, stalls))
            started, cpu = time.perf_counter(), time.process_time()
            report = await service.tick()
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu
            stop.set()
            await probe
            results.append(
                {
                    "users": report.users,
                    "enqueued": report.enqueued,
                    "seconds": report.seconds,
                    "wall": wall,
                    "cpu": cpu,
                    "due_calls": repository.due_calls,
                    "apply_calls": repository.apply_calls,
                    "longest_stall": max(stalls),
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
    print(json.dumps(asyncio.run(measure(Path(sys.argv[1]), at, count))))
