"""The scheduler benchmark's tick, run in a fresh interpreter (``bench.scenarios.tick_process``)
so that its peak memory is its own."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.wave import WAVE


@dataclass(frozen=True)
class Tick:
    """One tick as ``bench.scenarios.tick_process`` measured it."""

    users: int
    enqueued: int
    wall: float
    cpu: float
    batches: int
    longest_stall: float


@dataclass(frozen=True)
class TickRun:
    """A fresh interpreter's ticks and memory."""

    ticks: list[Tick]
    rss_before_kb: int | None  # resident just before the first tick
    peak_before_kb: int | None  # peak until then: imports, opening the database
    peak_reset: bool  # whether the peak was reset before the first tick
    peak_kb: int | None  # peak from the first tick on (since start if it could not be reset)

    @property
    def growth_kb(self) -> int | None:
        """Peak resident memory above what the process held before the first tick."""
        if self.rss_before_kb is None or self.peak_kb is None:
            return None
        return self.peak_kb - self.rss_before_kb


def _kb(value: object) -> int | None:
    return None if value is None else int(str(value))


def _tick_process(database: Path, ticks: int) -> TickRun:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.scenarios.tick_process",
            f"sqlite:///{database}",
            WAVE.isoformat(),
            str(ticks),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=900,
    )
    raw = json.loads(done.stdout)
    return TickRun(
        ticks=[
            Tick(
                users=int(tick["users"]),
                enqueued=int(tick["enqueued"]),
                wall=float(tick["wall"]),
                cpu=float(tick["cpu"]),
                batches=int(tick["batches"]),
                longest_stall=float(tick["longest_stall"]),
            )
            for tick in raw["ticks"]
        ],
        rss_before_kb=_kb(raw["rss_before_kb"]),
        peak_before_kb=_kb(raw["peak_before_kb"]),
        peak_reset=bool(raw["peak_reset"]),
        peak_kb=_kb(raw["peak_kb"]),
    )


async def tick_in_process(database: Path, ticks: int = 2) -> TickRun:
    """Run ``ticks`` ticks on ``database`` in a fresh interpreter (off the event loop)."""
    return await asyncio.to_thread(_tick_process, database, ticks)
