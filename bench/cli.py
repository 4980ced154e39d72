"""The command line: pick scenarios and a size, run them, print an environment header and tables.

Each scenario runs in its own ``asyncio.run`` and its own temporary folder, so nothing one leaves
behind (event loop state, files, caches in the OS aside) leaks into the next.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import platform
import pstats
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.registry import SCENARIOS, find
from bench.report import render
from bench.scenario import RunContext, Scenario
from bench.system import (
    calibrate,
    code_version,
    cpu_model,
    cpu_sample,
    filesystem_of,
    interference,
    package_version,
)

# A 1-minute load average above this (on any core count) means something else is running: the
# figures will be low and noisy. The benchmark's own previous run also counts, for a minute.
BUSY_LOAD = 0.5


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, or "n/a"."""
    if not hasattr(os, "getloadavg"):
        return "n/a"
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def environment(quick: bool) -> str:
    """Where and when the figures were taken: they mean little without it."""
    lines = [
        f"Small Wins benchmarks - {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
        + (" - QUICK sizes (not for the record)" if quick else ""),
        f"machine: {os.cpu_count()} cores, {cpu_model()}, {platform.platform()}",
        f"software: Python {platform.python_version()}, "
        f"python-telegram-bot {package_version('python-telegram-bot')}, "
        f"asyncpg {package_version('asyncpg')}, SQLite {sqlite3.sqlite_version}, "
        f"aiohttp {package_version('aiohttp')}, httpx {package_version('httpx')}",
        f"code: {code_version()}",
        f"temporary files: {tempfile.gettempdir()} on {filesystem_of(Path(tempfile.gettempdir()))}",
        f"load average at start (1, 5, 15 min): {load_average()}",
        f"calibration at start: {asyncio.run(calibrate()).describe()}",
    ]
    if hasattr(os, "getloadavg") and os.getloadavg()[0] > BUSY_LOAD:
        lines.append(
            f"WARNING: the machine is busy (1-minute load {os.getloadavg()[0]:.2f}); other work "
            "competes for the cores, so rates will be low and noisy"
        )
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The options; scenario names are checked against the registry."""
    names = [scenario.name for scenario in SCENARIOS]
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Speed and scale figures for Small Wins (recorded in BENCHMARKS.md).",
    )
    parser.add_argument(
        "scenarios",
        nargs="*",
        metavar="scenario",
        help=f"what to run (default: all): {', '.join(names)}",
    )
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    parser.add_argument(
        "--profile",
        metavar="FILE",
        type=Path,
        help="run under cProfile (main thread only), save the stats to FILE, print the top",
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="wins: the database to build and measure on, e.g. sqlite:///tmp/bench.db or "
        "postgresql://postgres@127.0.0.1:5432/bench (one per history length, named with a "
        "_<days>d suffix; must not exist yet); alone, it picks its engine only; default: SQLite "
        "files in the scenario's temporary folder and PostgreSQL databases on "
        "$BENCH_POSTGRES_URL or postgresql://postgres@127.0.0.1:5432/bench_wins_<pid>",
    )
    parser.add_argument(
        "--engines",
        metavar="LIST",
        type=_engines,
        help="wins, tick: the storage engines to measure, comma-separated: sqlite, postgresql "
        "(default: both, or the engine of --database-url; PostgreSQL is skipped with a note "
        "when its server does not answer)",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="wins: keep the PostgreSQL databases instead of dropping them at the end",
    )
    parser.add_argument(
        "--million",
        action="store_true",
        help="tick: also a wave of 1,000,000 users (several minutes per engine)",
    )
    args = parser.parse_args(argv)
    unknown = [name for name in args.scenarios if name not in names]
    if unknown:
        parser.error(f"unknown scenario {', '.join(unknown)}; choose from {', '.join(names)}")
    return args


ENGINES = ("sqlite", "postgresql")


def _engines(text: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    unknown = [name for name in names if name not in ENGINES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown engine {', '.join(unknown) or '(none)'}; choose from {', '.join(ENGINES)}"
        )
    return tuple(dict.fromkeys(names))


def run_scenario(
    scenario: Scenario[Any],
    *,
    quick: bool,
    database_url: str | None = None,
    engines: tuple[str, ...] | None = None,
    keep: bool = False,
    million: bool = False,
) -> str:
    """Run one scenario in a fresh event loop and temporary folder; the rendered report."""
    with tempfile.TemporaryDirectory(prefix=f"smallwins-bench-{scenario.name}-") as folder:
        context = RunContext(
            workdir=Path(folder),
            database_url=database_url,
            engines=engines,
            keep=keep,
            million=million,
        )
        return render(asyncio.run(scenario.execute(context, quick=quick)))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the chosen scenarios; 0 on success."""
    args = parse_args(argv)
    if args.list:
        for scenario in SCENARIOS:
            print(f"{scenario.name:<12} {scenario.summary}")
        return 0
    chosen = [find(name) for name in args.scenarios] or list(SCENARIOS)
    print(environment(args.quick), end="\n\n", flush=True)
    profiler = cProfile.Profile() if args.profile else None
    started = time.perf_counter()
    first_sample = cpu_sample()
    for scenario in chosen:
        print(f"running {scenario.name} ...", file=sys.stderr, flush=True)
        scenario_started = time.perf_counter()
        sample = cpu_sample()
        if profiler is not None:
            profiler.enable()
        try:
            text = run_scenario(
                scenario,
                quick=args.quick,
                database_url=args.database_url,
                engines=args.engines,
                keep=args.keep,
                million=args.million,
            )
        finally:
            if profiler is not None:
                profiler.disable()
        took = time.perf_counter() - scenario_started
        others = interference(sample, cpu_sample())
        print(f"{text}\n* {scenario.name} took {took:.1f} s; {others}\n", flush=True)
    total = time.perf_counter() - started
    print(f"total: {total:.1f} s; {interference(first_sample, cpu_sample())}", flush=True)
    print(f"calibration at the end: {asyncio.run(calibrate()).describe()}", flush=True)
    if profiler is not None:
        profiler.dump_stats(args.profile)
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("tottime").print_stats(25)
        print(f"profile saved to {args.profile}", file=sys.stderr)
    return 0
