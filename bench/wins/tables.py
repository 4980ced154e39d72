"""The ``wins`` report: one engine's measurement and the tables and notes made of it."""

from __future__ import annotations

from dataclasses import dataclass

from bench.bots import PINNED_NOW
from bench.population import DAILY_UNIT, Population, PopulationSpec
from bench.report import (
    Report,
    fmt_bytes,
    fmt_count,
    fmt_ms,
    fmt_rate,
    fmt_ratio,
    fmt_s,
)
from bench.timing import median, percentile
from bench.wins.databases import ENGINE_NAMES, SQLITE_ENGINE
from bench.wins.pictures import COLD_STEPS, Rendered
from bench.wins.sizes import DAILY_WORDS, DONE_BUTTON, KINDS, SEED, TYPED_WIN, WinsSizes
from bench.wins.stream import Contender, SqlCount
from bot.services.goal_day import WINDOW_DAYS

BASELINE = "PTB baseline (replies only)"
SAME_REPLY = "PTB, the bot's reply, no work"


def bot_label(days: int) -> str:
    return f"Small Wins, {days:,} days"


@dataclass
class EngineRun:
    """What one engine's measurement leaves for the report."""

    engine: str
    base_url: str
    server: str  # the engine's version
    populations: dict[int, Population]
    contenders: list[Contender]

    @property
    def name(self) -> str:
        """``SQLite`` or ``PostgreSQL``."""
        return ENGINE_NAMES[self.engine]

    @property
    def by_days(self) -> dict[int | None, Contender]:
        """The bots by days of history, and the baseline under ``None``."""
        return {c.days: c for c in self.contenders if not c.same_reply}

    @property
    def same_reply(self) -> Contender | None:
        """The PTB application sending the bot's reply with no work, if it was measured."""
        return next((c for c in self.contenders if c.same_reply), None)


def _per_update(value: int, updates: int) -> str:
    return f"{value / updates:.2f}"


def _sql_cells(contender: Contender) -> tuple[str, str, str]:
    if contender.repository is None:
        return "—", "—", "—"
    total = contender.sql_total()
    if total is None:
        return "n/a", "n/a", "n/a"
    return _count_cells(total, contender.updates_timed)


def _count_cells(total: SqlCount, updates: int) -> tuple[str, str, str]:
    return (
        _per_update(total.statements, updates),
        _per_update(total.transactions, updates),
        _per_update(total.write_transactions, updates),
    )


def _speed_cells(contender: Contender) -> list[str]:
    durations = sorted(contender.durations)
    rates = [round_.rate for round_ in contender.rounds]
    updates = contender.updates_timed
    cpu = sum(round_.clock.cpu for round_ in contender.rounds)
    api_calls = sum(round_.api_calls for round_ in contender.rounds)
    return [
        fmt_count(updates),
        fmt_rate(contender.typical().rate),
        f"{fmt_rate(min(rates))}-{fmt_rate(max(rates))}" if len(rates) > 1 else "—",
        fmt_ms(percentile(durations, 0.50)),
        fmt_ms(percentile(durations, 0.99)),
        fmt_ms(cpu / updates),
        _per_update(api_calls, updates),
        *_sql_cells(contender),
    ]


SPEED_COLUMNS = (
    "updates",
    "updates/s",
    "range of rounds",
    "p50 ms",
    "p99 ms",
    "CPU ms/upd",
    "API calls/upd",
    "SQL stmts/upd",
    "transactions/upd",
    "write tx/upd",
)
SQL_COLUMNS = ("SQL stmts/upd", "transactions/upd", "write tx/upd")


def database_table(report: Report, measured: EngineRun) -> None:
    built = report.table(
        f"{measured.name}: databases",
        "history days",
        "users",
        "entries",
        "checkpoints",
        "build s",
        "size",
        markdown=True,
    )
    for days, population in measured.populations.items():
        built.add(
            f"{days:,}",
            fmt_count(population.spec.users),
            fmt_count(population.entries),
            fmt_count(population.checkpoints),
            fmt_s(population.build_seconds),
            fmt_bytes(population.size_bytes),
        )


def _growth(measured: EngineRun, sizes: WinsSizes) -> tuple[Contender, Contender]:
    by_days = measured.by_days
    short, long = (by_days[days] for days in sizes.growth_days)
    return short, long


def speed_tables(report: Report, measured: EngineRun, sizes: WinsSizes) -> None:
    name = measured.name
    by_days = measured.by_days
    baseline, bot = by_days[None], by_days[sizes.days]
    shown = [baseline, *([measured.same_reply] if measured.same_reply else []), bot]
    main = report.table(
        f"{name}: a win per update, {sizes.days:,} days of history, Small Wins beside the PTB "
        "baseline (process_update, one at a time)",
        "application",
        *SPEED_COLUMNS,
        markdown=True,
    )
    for contender in shown:
        main.add(contender.label, *_speed_cells(contender))
    base_durations, bot_durations = sorted(baseline.durations), sorted(bot.durations)
    ratio = report.table(
        f"{name}: Small Wins relative to the baseline",
        "figure",
        "Small Wins",
        "baseline",
        "ratio",
        markdown=True,
    )
    ratio.add(
        "updates/s",
        fmt_rate(bot.typical().rate),
        fmt_rate(baseline.typical().rate),
        fmt_ratio(bot.typical().rate / baseline.typical().rate),
    )
    for label, fraction in (("p50 ms", 0.50), ("p99 ms", 0.99)):
        ours, theirs = percentile(bot_durations, fraction), percentile(base_durations, fraction)
        ratio.add(label, fmt_ms(ours), fmt_ms(theirs), fmt_ratio(ours / theirs))
    if measured.same_reply is not None:
        # What PTB alone costs for the bot's reply: the most a win could reach.
        alike = measured.same_reply.typical().rate
        ratio.add(
            "updates/s, the bot's reply with no work",
            fmt_rate(alike),
            fmt_rate(baseline.typical().rate),
            fmt_ratio(alike / baseline.typical().rate),
        )

    kinds = report.table(
        f"{name}: by kind of update (all rounds)",
        "application",
        "update",
        "updates",
        "p50 ms",
        "p99 ms",
        *SQL_COLUMNS,
        markdown=True,
    )
    for contender in shown:
        for kind in KINDS:
            durations = sorted(
                seconds
                for round_ in contender.rounds
                for seconds, seen in zip(round_.durations, round_.kinds, strict=True)
                if seen is kind
            )
            counted = contender.sql_of(kind)
            if contender.repository is None:
                sql: tuple[str, ...] = ("—", "—", "—")
            elif counted is None:
                sql = ("n/a", "n/a", "n/a")
            else:
                sql = _count_cells(*counted)
            kinds.add(
                contender.label,
                kind.value,
                fmt_count(len(durations)),
                fmt_ms(percentile(durations, 0.50)),
                fmt_ms(percentile(durations, 0.99)),
                *sql,
            )

    short, long = _growth(measured, sizes)
    growth = report.table(
        f"{name}: growth with the length of history (Small Wins, same users and updates)",
        "history days",
        *SPEED_COLUMNS,
        markdown=True,
    )
    for days in sizes.histories:
        growth.add(f"{days:,}", *_speed_cells(by_days[days]))
    growth_ratio = report.table(
        f"{name}: {sizes.growth_days[1]:,} days of history relative to {sizes.growth_days[0]:,}",
        "figure",
        f"{sizes.growth_days[1]:,} days",
        f"{sizes.growth_days[0]:,} days",
        "ratio",
        markdown=True,
    )
    growth_ratio.add(
        "updates/s",
        fmt_rate(long.typical().rate),
        fmt_rate(short.typical().rate),
        fmt_ratio(long.typical().rate / short.typical().rate),
    )
    long_p50, short_p50 = median(long.durations), median(short.durations)
    growth_ratio.add("p50 ms", fmt_ms(long_p50), fmt_ms(short_p50), fmt_ratio(long_p50 / short_p50))


def summary_table(report: Report, runs: list[EngineRun], sizes: WinsSizes) -> None:
    summary = report.table(
        f"Summary by engine ({sizes.days:,} days of history; growth = "
        f"{sizes.growth_days[1]:,}-day rate / {sizes.growth_days[0]:,}-day rate)",
        "engine",
        "Small Wins upd/s",
        "baseline upd/s",
        "ratio",
        "same reply, no work: ratio",
        "p50 ms",
        "p99 ms",
        *SQL_COLUMNS,
        "growth",
        markdown=True,
    )
    for measured in runs:
        by_days = measured.by_days
        baseline, bot = by_days[None], by_days[sizes.days]
        alike = measured.same_reply
        short, long = _growth(measured, sizes)
        durations = sorted(bot.durations)
        summary.add(
            measured.name,
            fmt_rate(bot.typical().rate),
            fmt_rate(baseline.typical().rate),
            fmt_ratio(bot.typical().rate / baseline.typical().rate),
            "—" if alike is None else fmt_ratio(alike.typical().rate / baseline.typical().rate),
            fmt_ms(percentile(durations, 0.50)),
            fmt_ms(percentile(durations, 0.99)),
            *_sql_cells(bot),
            fmt_ratio(long.typical().rate / short.typical().rate),
        )


def render_tables(
    report: Report,
    rendered: dict[str, Rendered],
    cold: dict[str, list[float]],
    sizes: WinsSizes,
) -> None:
    table = report.table(
        f"PNG rendering, warm (each call a different user's year, {sizes.renders} users)",
        "chart",
        "calls",
        "p50 ms",
        "p95 ms",
        "max ms",
        "PNG p50",
        "PNG range",
    )
    for name, measured in rendered.items():
        ordered = sorted(measured.sizes)
        table.add(
            name,
            fmt_count(measured.timing.count),
            fmt_ms(measured.timing.p50),
            fmt_ms(measured.timing.p95),
            fmt_ms(measured.timing.max),
            fmt_bytes(int(percentile(ordered, 0.5))),
            f"{fmt_bytes(ordered[0])}-{fmt_bytes(ordered[-1])}",
        )
    if not cold:
        return
    first = report.table(
        f"First calls in a fresh interpreter (median of {sizes.cold_runs})",
        "step",
        "ms",
        "range ms",
    )
    for key, label in COLD_STEPS:
        values = cold.get(key, [])
        if values:
            first.add(
                label,
                fmt_ms(median(values)),
                f"{fmt_ms(min(values))}-{fmt_ms(max(values))}",
            )


def add_notes(report: Report, runs: list[EngineRun], sizes: WinsSizes, keep: bool) -> None:
    calls: dict[str, int] = {}
    for measured in runs:
        for contender in measured.contenders:
            for name, count in contender.api.calls.items():
                calls[name] = calls.get(name, 0) + count
    spec = PopulationSpec(users=sizes.users, days=sizes.days, today_at=PINNED_NOW)
    kept = "kept (--keep)" if keep else "dropped after it"
    where = "; ".join(
        f"{measured.name} {measured.server} ({measured.base_url} with a _<days>d suffix"
        + ("" if measured.engine == SQLITE_ENGINE else f", created for the run and {kept}")
        + ")"
        for measured in runs
    )
    report.notes += [
        f"Databases: {fmt_count(spec.users)} onboarded users in {len(spec.zones)} time zones, one "
        f"active goal each (daily target {DAILY_WORDS:g} {DAILY_UNIT}, minimum one sentence), "
        f"entries up to {spec.last_day} (per goal 5-29 % missed days, about one day in ten at "
        "the minimum, a weekly rest day for a third of the goals); one database per history "
        f"length and engine: {where}. Built by bench.population (SQLite: INSERT ... SELECT; "
        "PostgreSQL: COPY, then VACUUM ANALYZE as autovacuum would).",
        f"Checkpoints: every goal has its goal_states row, advance_goal from StreakState() over "
        f"its folded log through {WINDOW_DAYS} days before the user's local today, as the day's "
        "first win leaves it in a running bot; a win reads it and the last "
        f"{WINDOW_DAYS} days of the log.",
        f"Updates: {sizes.wins_needed:,} users picked at random (seed {SEED}), each logging "
        f"their first win of today once (clock pinned at {PINNED_NOW:%Y-%m-%d %H:%M} UTC), "
        f'alternately typing "{TYPED_WIN}" and pressing {DONE_BUTTON} under their /today card '
        "(callback data w:d:<goal>:<local yyyymmdd>). Every application gets the same stream; "
        "the baseline replies to the message, or answers the query and edits its message; "
        f"'{SAME_REPLY}' does the same with the reply Small Wins ({sizes.days:,} days) sent "
        "last (its HTML text, parse mode and Undo button, built on every update): what PTB "
        "alone costs for the bot's reply, so the most a win could reach.",
        f"Timing, per engine: each application first handles {sizes.warmup} updates untimed; "
        f"then {sizes.rounds} rounds in which each handles {sizes.per_round} updates in turn "
        "(the order rotates), awaiting Application.process_update(update) for one update after "
        "another; latency = that call. updates/s: the round with the median rate, 'range of "
        "rounds' spans all; p50/p99 over every timed update. A full garbage collection before "
        "each round; the prepared updates are frozen out of the collector. The baseline is "
        "measured again beside each engine's bots.",
        "Bot API: bench.offline.OfflineBotApi, a telegram.request.BaseRequest answering in-process "
        "(no network, no HTTP); requests are still built and JSON-encoded by PTB, and answers "
        "decoded. API calls answered, all applications: "
        + ", ".join(f"{name} {count:,}" for name, count in sorted(calls.items()))
        + ". Small Wins as built by bot.app.build_application (its AIORateLimiter, Defaults, "
        "run_scheduler=False); the baseline with PTB's defaults and no rate limiter.",
        "SQL statements and transactions: the repository's own counters (repository.stats), "
        "read after every update (outside its time) to split them by kind.",
        "CPU ms/upd: this process's CPU time per update (all its threads); PostgreSQL's server "
        "processes are not counted.",
        "Rendering: states from HabitService.goal_day, as /streak draws them (the handler runs "
        "the renderer in a worker thread); render_pace from HabitService.progress and "
        "daily_totals, as /progress draws it; render_curve at the win count it reads; "
        "render_week from DeliveryService.review_now, as /week draws it; render_strength from "
        "HabitService.strength_series; read "
        "from the first engine's main database; warm = after one untimed call of each.",
    ]
