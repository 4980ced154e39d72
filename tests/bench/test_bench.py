"""Smoke test: the benchmark code runs end to end on tiny sizes (the figures are not checked).

The benchmarks themselves run only with ``make bench``; this keeps them from rotting.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import population
from bench.cli import main, parse_args
from bench.registry import SCENARIOS, find
from bench.report import Report, render
from bench.scenario import RunContext
from bench.scenarios import interactive, parsing, scheduler, storage, wins
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


async def test_wins_runs_on_a_tiny_database(tmp_path: Path) -> None:
    sizes = wins.WinsSizes(
        users=40,
        days=14,
        serial_wins=3,
        concurrent=2,
        wins_per_user=2,
        repeats=1,
        renders=2,
        cold_runs=1,
    )
    report = await wins.run(sizes, quiet(tmp_path))
    assert_filled(report)
    routes = report.tables[4]
    assert [row[0] for row in routes.rows] == [route.value for route in wins.ROUTES]


async def test_scheduler_runs_on_a_tiny_wave(tmp_path: Path) -> None:
    sizes = scheduler.SchedulerSizes(
        users=60,
        small_users=20,
        days=3,
        drains=(scheduler.Drain(rate=1000, messages=10), scheduler.Drain(rate=500, messages=5)),
    )
    report = await scheduler.run(sizes, quiet(tmp_path))
    assert_filled(report)
    ticks = report.tables[1]
    assert [row[3] for row in ticks.rows] == ["60", "0", "20", "0", "0"]  # rows written
    order = {row[0]: row[1] for row in report.tables[-1].rows}
    assert order["messages received"] == "15"
    assert order["in due-time order"] == "yes"


def test_a_wave_gives_every_zone_the_local_time_of_one_instant() -> None:
    spec = population.PopulationSpec(
        users=1, days=0, zones=scheduler.WAVE_ZONES, nudge_at=scheduler.WAVE
    )
    assert spec.nudge_time("Europe/London") == "07:00"
    assert spec.nudge_time("Asia/Tehran") == "10:30"


def test_every_scenario_is_registered_once() -> None:
    names = [scenario.name for scenario in SCENARIOS]
    assert names == ["interactive", "wins", "storage", "scheduler", "parsing"]
    assert all(find(name).name == name for name in names)


def test_the_command_line_lists_and_rejects(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list"]) == 0
    assert "storage" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        parse_args(["no-such-scenario"])


def test_percentiles_are_nearest_rank() -> None:
    summary = Summary.of([float(n) for n in range(1, 101)], elapsed=50.0)
    assert (summary.p50, summary.p95, summary.max, summary.rate) == (50.0, 95.0, 100.0, 2.0)
