"""Smoke test: the benchmark code runs end to end on tiny sizes (the figures are not checked).

The benchmarks themselves run only with ``make bench``; this keeps them from rotting.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.cli import main, parse_args
from bench.registry import SCENARIOS, find
from bench.report import Report, render
from bench.scenario import RunContext
from bench.scenarios import interactive, parsing, storage
from bench.timing import Summary


def quiet(tmp_path: Path) -> RunContext:
    return RunContext(workdir=tmp_path, progress=lambda _message: None)


def assert_filled(report: Report) -> None:
    assert report.tables
    assert all(table.rows for table in report.tables)
    assert report.scenario in render(report)


async def test_interactive_runs_on_a_tiny_load(tmp_path: Path) -> None:
    sizes = interactive.InteractiveSizes(
        serial_journeys=1, users=2, journeys_per_user=1, repeats=1, shipped_journeys_per_user=1
    )
    assert_filled(await interactive.run(sizes, quiet(tmp_path)))


async def test_storage_runs_on_a_tiny_database(tmp_path: Path) -> None:
    sizes = storage.StorageSizes(users=20, days=7, calls=5, year_reads=3, pending_limit=3)
    report = await storage.run(sizes, quiet(tmp_path))
    assert_filled(report)
    assert report.tables[0].rows[0][2] == "140"  # 20 users x 7 days of entries


async def test_parsing_runs_a_round(tmp_path: Path) -> None:
    assert_filled(await parsing.run(parsing.ParsingSizes(rounds=1, cold_runs=0), quiet(tmp_path)))


def test_every_scenario_is_registered_once() -> None:
    names = [scenario.name for scenario in SCENARIOS]
    assert names == ["interactive", "storage", "parsing"]
    assert all(find(name).name == name for name in names)


def test_the_command_line_lists_and_rejects(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list"]) == 0
    assert "storage" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        parse_args(["no-such-scenario"])


def test_percentiles_are_nearest_rank() -> None:
    summary = Summary.of([float(n) for n in range(1, 101)], elapsed=50.0)
    assert (summary.p50, summary.p95, summary.max, summary.rate) == (50.0, 95.0, 100.0, 2.0)
