"""Smoke test: the benchmark code runs end to end on tiny sizes (the figures are not checked).

The benchmarks themselves run only with ``make bench``; this keeps them from rotting.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import asyncpg
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest

from bench import population, population_postgres, wave
from bench.bots import PINNED_NOW
from bench.cli import main, parse_args
from bench.offline import BOT_TOKEN, OfflineBotApi, UpdateFactory
from bench.registry import SCENARIOS, find
from bench.report import Report, render
from bench.scenario import RunContext
from bench.scenarios import budgets, interactive, parsing, scheduler, send, storage, tick, wins
from bench.timing import Summary
from bench.wins import databases as win_databases
from bench.wins import sizes as win_sizes
from bot.coach.models import StreakState
from bot.coach.progress.amounts import advance_goal
from bot.coach.streaks.log import fold_days
from bot.scheduler import sender as sender_module
from bot.services.goal_day import WINDOW_DAYS
from storage.base import Repository
from storage.open import open_repository
from tests.databases import ADMIN_URL


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


async def test_budgets_time_every_case_once_and_name_its_budget(tmp_path: Path) -> None:
    report = await budgets.run(budgets.BudgetSizes(calls=1), quiet(tmp_path))
    assert_filled(report)
    [table] = report.tables
    assert [row[0] for row in table.rows] == [case.name for case in budgets.cases()]
    assert table.rows[0][-1].startswith("1")  # summarize's budget: 1 ms


async def test_wins_runs_on_tiny_databases_at_the_url_given(tmp_path: Path) -> None:
    sizes = wins.WinsSizes(
        users=40,
        days=14,
        growth_days=(7, 28),
        warmup=2,
        per_round=4,
        rounds=2,
        renders=2,
        cold_runs=1,
    )
    context = RunContext(
        workdir=tmp_path,
        progress=lambda _message: None,
        database_url=f"sqlite:///{tmp_path / 'mine.db'}",
    )
    report = await wins.run(sizes, context)
    assert_filled(report)
    databases = report.tables[0]
    assert databases.title.startswith("SQLite")  # the URL's engine only
    assert [row[0] for row in databases.rows] == ["7", "14", "28"]
    assert [row[3] for row in databases.rows] == ["40"] * 3  # a checkpoint per goal
    assert all((tmp_path / f"mine_{days}d.db").exists() for days in (7, 14, 28))
    main = report.tables[1]
    assert main.markdown
    # The baseline, PTB sending the bot's reply with no work, and the bot.
    assert [row[0] for row in main.rows] == [
        "PTB baseline (replies only)",
        "PTB, the bot's reply, no work",
        "Small Wins, 14 days",
    ]
    assert [row[1] for row in main.rows] == ["8", "8", "8"]  # rounds x per_round each
    # API calls per update: a reply, or an answer and an edit (the 1% curve of a 7-day streak
    # waits for a tap).
    assert [row[7] for row in main.rows] == ["1.50", "1.50", "1.50"]
    assert main.rows[2][10] == "1.00"  # one write transaction per win
    ratios = report.tables[2]
    assert [row[0] for row in ratios.rows][-1] == "updates/s, the bot's reply with no work"
    kinds = report.tables[3]
    assert [row[1] for row in kinds.rows] == [kind.value for kind in win_sizes.KINDS] * 3
    assert [row[5] for row in kinds.rows][:4] == ["—"] * 4  # neither PTB app has SQL
    assert all(float(row[7]) == 1.0 for row in kinds.rows[4:])  # split by kind
    assert [row[0] for row in report.tables[4].rows] == ["7", "14", "28"]
    summary = next(table for table in report.tables if table.title.startswith("Summary"))
    assert [row[0] for row in summary.rows] == ["SQLite"]
    assert summary.rows[0][4].endswith("×")  # the same reply's ratio


def test_statuses_repeat_every_status_period() -> None:
    for goal_id in (1, 7, 299, 1_234):
        assert [population.entry_status(goal_id, k) for k in range(400)] == [
            population.entry_status(goal_id + population.STATUS_PERIOD, k) for k in range(400)
        ]


async def assert_checkpoints_are_the_folds(
    repository: Repository, spec: population.PopulationSpec, goals: tuple[tuple[int, int], ...]
) -> None:
    """Every goal's stored checkpoint is the fold of the log read back, through today - 35."""
    for user_id, goal_id in goals:
        read = await repository.get_goal_and_state(user_id, goal_id)
        assert read is not None
        goal, state = read
        through = spec.checkpoint_through(user_id)
        assert state is not None
        assert state.judged_through == through
        entries = await repository.list_entries(user_id, goal_id)
        assert state == advance_goal(goal, StreakState(), fold_days(entries), through)


async def test_every_goal_gets_the_checkpoint_a_running_bot_keeps(tmp_path: Path) -> None:
    spec = population.PopulationSpec(users=24, days=60, today_at=PINNED_NOW)
    built = await population.build_population(tmp_path / "p.db", spec)
    assert (built.entries, built.checkpoints) == (24 * 60, 24)
    # Zones east of UTC are already on the next day at the pinned instant.
    assert {spec.today(user_id) for user_id in spec.user_ids} == {
        date(2026, 11, 22),
        date(2026, 11, 23),
    }
    assert spec.checkpoint_through(spec.first_user_id) == date(2026, 11, 22) - timedelta(
        days=WINDOW_DAYS
    )
    repository = await open_repository(built.url)
    try:
        await assert_checkpoints_are_the_folds(repository, spec, built.goals)
    finally:
        await repository.close()


def postgres_url(name: str) -> str:
    base, _, _ = ADMIN_URL.rpartition("/")
    return f"{base}/{name}_{os.getpid()}_{uuid.uuid4().hex[:8]}"


async def database_exists(url: str) -> bool:
    conn = await asyncpg.connect(ADMIN_URL)
    try:
        name = population_postgres.database_name(url)
        return bool(await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name))
    finally:
        await conn.close()


async def test_postgresql_gets_the_same_rows_by_copy(tmp_path: Path) -> None:
    spec = population.PopulationSpec(users=12, days=40, today_at=PINNED_NOW)
    url = postgres_url("bench_population")
    try:
        built = await population_postgres.build_postgres_population(url, spec)
        with pytest.raises(FileExistsError):
            await population_postgres.create_database(url)
        sqlite = await population.build_population(tmp_path / "p.db", spec)
        assert (built.entries, built.checkpoints) == (sqlite.entries, sqlite.checkpoints)
        assert built.goals == sqlite.goals
        assert built.file is None
        assert built.size_bytes > 0
        postgres, lite = await open_repository(url), await open_repository(sqlite.url)
        try:
            await assert_checkpoints_are_the_folds(postgres, spec, built.goals)
            for user_id, goal_id in built.goals:
                assert await postgres.get_goal_and_state(
                    user_id, goal_id
                ) == await lite.get_goal_and_state(user_id, goal_id)
                ours = await postgres.list_entries(user_id, goal_id)
                theirs = await lite.list_entries(user_id, goal_id)
                assert [
                    (e.local_date, e.status, e.quantity, e.target, e.recorded_at) for e in ours
                ] == [(e.local_date, e.status, e.quantity, e.target, e.recorded_at) for e in theirs]
            assert await postgres.get_user(spec.first_user_id) == await lite.get_user(
                spec.first_user_id
            )
        finally:
            await postgres.close()
            await lite.close()
    finally:
        await population_postgres.drop_database(url)
    assert not await database_exists(url)


TINY = wins.WinsSizes(
    users=30, days=14, growth_days=(7, 28), warmup=2, per_round=4, rounds=2, renders=2, cold_runs=0
)


async def test_wins_measures_postgresql_and_drops_its_databases(tmp_path: Path) -> None:
    url = postgres_url("bench_wins")
    context = RunContext(
        workdir=tmp_path, progress=lambda _message: None, database_url=url, engines=("postgresql",)
    )
    report = await wins.run(TINY, context)
    assert_filled(report)
    assert report.tables[0].title.startswith("PostgreSQL")
    assert report.tables[1].rows[2][10] == "1.00"  # one write transaction per win
    for days in TINY.histories:
        assert not await database_exists(win_databases.database_url_for(url, days))


async def test_an_unreachable_postgresql_is_skipped_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        win_databases.POSTGRES_URL_VARIABLE, "postgresql://postgres@127.0.0.1:1/nowhere"
    )
    report = await wins.run(TINY, quiet(tmp_path))  # both engines by default
    assert [table.title.split(":")[0] for table in report.tables[:1]] == ["SQLite"]
    assert any(note.startswith("PostgreSQL skipped") for note in report.notes)


def test_engines_default_to_both_or_to_the_url_given(tmp_path: Path) -> None:
    def urls(**kwargs: object) -> dict[str, str]:
        return win_databases.base_urls(RunContext(workdir=tmp_path, **kwargs))  # type: ignore[arg-type]

    assert list(urls()) == ["sqlite", "postgresql"]
    assert urls()["sqlite"] == f"sqlite:///{tmp_path / 'wins.db'}"
    assert urls(database_url="postgresql://me@db/b") == {"postgresql": "postgresql://me@db/b"}
    both = urls(database_url="postgres://me@db/b", engines=("sqlite", "postgresql"))
    assert both["postgresql"] == "postgres://me@db/b"
    assert both["sqlite"].startswith("sqlite:///")
    with pytest.raises(win_databases.UnsupportedDatabase):
        urls(database_url="mysql://me@db/b")


def test_each_history_gets_its_own_database_url() -> None:
    assert win_databases.database_url_for("sqlite:////tmp/x/bench.db", 365) == (
        "sqlite:////tmp/x/bench_365d.db"
    )
    assert win_databases.database_url_for("postgresql://me@db:5432/bench?sslmode=off", 30) == (
        "postgresql://me@db:5432/bench_30d?sslmode=off"
    )


async def test_unknown_database_urls_are_refused() -> None:
    with pytest.raises(win_databases.UnsupportedDatabase):
        await win_databases.open_repository("mysql://me@db/bench")


async def test_the_offline_bot_api_answers_in_process_and_refuses_the_rest() -> None:
    api = OfflineBotApi(now=PINNED_NOW)
    async with Bot(BOT_TOKEN, request=api, get_updates_request=api) as bot:
        sent = await bot.send_message(5, "hello")
        assert (sent.chat_id, sent.text) == (5, "hello")
        with pytest.raises(BadRequest):
            await bot.get_chat(5)
    assert api.calls == Counter({"getMe": 1, "sendMessage": 1})
    assert api.refused == Counter({"getChat": 1})
    assert api.last_text == {5: "hello"}


async def test_updates_are_bound_to_the_bot_and_press_real_buttons() -> None:
    api = OfflineBotApi(now=PINNED_NOW)
    async with Bot(BOT_TOKEN, request=api, get_updates_request=api) as bot:
        factory = UpdateFactory(bot, now=PINNED_NOW)
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("✅ Done", callback_data="w:x")]])
        pressed = factory.press(7, "Ann", data="w:x", message_text="card", keyboard=keyboard)
        assert pressed.callback_query is not None
        assert pressed.callback_query.get_bot() is bot
        assert factory.text(7, "Ann", "done").update_id == pressed.update_id + 1
        with pytest.raises(ValueError, match="no button"):
            factory.press(7, "Ann", data="w:y", message_text="card", keyboard=keyboard)


def test_markdown_tables_render_as_pipe_tables() -> None:
    report = Report("x", "y")
    table = report.table("T", "app", "updates/s", markdown=True)
    table.add("bot", "1,234")
    assert render(report).splitlines()[-4:] == [
        "",
        "| app | updates/s |",
        "|-----|----------:|",
        "| bot |     1,234 |",
    ]


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


async def test_tick_writes_the_floors_rows_on_both_engines_and_drops_its_databases(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = postgres_url("bench_tick")
    monkeypatch.setenv(tick.POSTGRES_URL_VARIABLE, base)
    context = RunContext(
        workdir=tmp_path, progress=lambda _message: None, engines=("sqlite", "postgresql")
    )

    report = await tick.run(tick.TickSizes(users=(30, 90), rounds=2), context)

    assert_filled(report)
    checks = report.tables[2]
    assert [(row[0], row[1], row[3], row[4], row[5], row[6]) for row in checks.rows] == [
        (engine, users, users, "yes", "0", "0")
        for engine in ("SQLite", "PostgreSQL")
        for users in ("30", "90")
    ]
    assert [len(row[2].split()) for row in report.tables[1].rows] == [2] * 4  # two rounds
    for name in ("wave", "floor", "tick"):
        assert not await database_exists(f"{base}_{name}_30")
    assert await asyncio.to_thread(lambda: list(tmp_path.glob("*.db"))) == []


async def test_send_drains_into_the_local_bot_api_at_each_rate(tmp_path: Path) -> None:
    sizes = send.SendSizes(days=3, drains=(send.Drain(30, 6), send.Drain(1000, 30)))
    context = RunContext(workdir=tmp_path, progress=lambda _message: None, engines=("sqlite",))

    report = await send.run(sizes, context)

    assert_filled(report)
    [table] = report.tables
    assert [(row[1], row[2], row[3]) for row in table.rows] == [
        ("30/s", "6 sent", "6"),
        ("1000/s", "30 sent", "30"),
    ]
    assert int(table.rows[0][6]) <= 30  # never above the limit in any second


async def test_send_moves_the_sending_between_two_instances_on_postgresql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(send.POSTGRES_URL_VARIABLE, postgres_url("bench_send"))
    # Seconds in production: the takeover without the waits.
    monkeypatch.setattr(sender_module, "LEAD_RETRY", 0.05)
    monkeypatch.setattr(sender_module, "LEAD_GRACE", 0.05)
    sizes = send.SendSizes(days=3, drains=(send.Drain(1000, 40, instances=2),))
    context = RunContext(workdir=tmp_path, progress=lambda _message: None, engines=("postgresql",))

    report = await send.run(sizes, context)

    assert_filled(report)
    [table] = report.tables
    [row] = table.rows
    assert (row[0], row[1], row[2], row[3], row[7]) == (
        "PostgreSQL",
        "1000/s, 2 instances",
        "40 sent",
        "40",
        "40, yes",
    )
    assert row[-1].endswith("lock cut 1× met")  # cut once, never above the limit


def test_a_wave_gives_every_zone_the_local_time_of_one_instant() -> None:
    spec = population.PopulationSpec(users=1, days=0, zones=wave.WAVE_ZONES, nudge_at=wave.WAVE)
    assert spec.nudge_time("Europe/London") == "07:00"
    assert spec.nudge_time("Asia/Tehran") == "10:30"


def test_every_scenario_is_registered_once() -> None:
    names = [scenario.name for scenario in SCENARIOS]
    assert names == [
        "interactive",
        "wins",
        "storage",
        "scheduler",
        "tick",
        "send",
        "parsing",
        "budgets",
    ]
    assert all(find(name).name == name for name in names)


def test_the_command_line_lists_and_rejects(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list"]) == 0
    assert "storage" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        parse_args(["no-such-scenario"])
    assert parse_args(["wins", "--database-url", "sqlite:///b.db"]).database_url == "sqlite:///b.db"
    args = parse_args(["wins", "--engines", "postgresql,sqlite", "--keep"])
    assert (args.engines, args.keep) == (("postgresql", "sqlite"), True)
    assert parse_args(["wins"]).engines is None
    assert parse_args(["tick", "--million"]).million
    with pytest.raises(SystemExit):
        parse_args(["wins", "--engines", "mysql"])


def test_percentiles_are_nearest_rank() -> None:
    summary = Summary.of([float(n) for n in range(1, 101)], elapsed=50.0)
    assert (summary.p50, summary.p95, summary.max, summary.rate) == (50.0, 95.0, 100.0, 2.0)
