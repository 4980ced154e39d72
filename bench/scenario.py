"""A benchmark scenario: a name, two sizes (full and ``--quick``) and an async ``run``.

Sizes are plain frozen dataclasses owned by each scenario module, so a smoke test can run the
same code on a tiny size without going through the command line.
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from bench.report import Report

S = TypeVar("S")


def _to_stderr(message: str) -> None:
    print(f"  … {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class RunContext:
    """What a running scenario may use.

    Attributes:
        workdir: A private temporary folder, deleted afterwards (databases go here).
        progress: Reports what is happening (stderr by default), so a minutes-long run is not
            silent and stdout keeps only the tables.
        database_url: Where a scenario that supports it builds its databases
            (``--database-url``); ``None``: its own choice, SQLite files in ``workdir``.
        engines: The storage engines a scenario that supports it measures (``--engines``:
            ``sqlite``, ``postgresql``); ``None``: its own choice.
        keep: Keep the server databases a scenario builds (``--keep``) instead of dropping
            them at the end.
        million: Also measure a wave of 1,000,000 users where a scenario offers it
            (``--million``: ``tick``; minutes per engine).
    """

    workdir: Path
    progress: Callable[[str], None] = field(default=_to_stderr)
    database_url: str | None = None
    engines: tuple[str, ...] | None = None
    keep: bool = False
    million: bool = False


@dataclass(frozen=True)
class Scenario(Generic[S]):
    """One registered benchmark.

    Attributes:
        name: What to type after ``python -m bench``.
        summary: One line for ``--list``.
        full: The size recorded in BENCHMARKS.md.
        quick: A size that finishes in seconds (``--quick``).
        run: Measures at a given size and returns the report.
    """

    name: str
    summary: str
    full: S
    quick: S
    run: Callable[[S, RunContext], Awaitable[Report]]

    async def execute(self, context: RunContext, *, quick: bool = False) -> Report:
        """Run at the full or the quick size."""
        return await self.run(self.quick if quick else self.full, context)
