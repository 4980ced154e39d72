"""wins: logging a win through the real Application, offline, beside a PTB app that only replies.

Measured the way python-telegram-bot measures itself: the real ``Application`` runs on an
in-process Bot API (:class:`bench.offline.OfflineBotApi`, a ``telegram.request.BaseRequest``
that answers with canned results and never touches a network) and is handed real
``telegram.Update`` objects straight through ``application.process_update(update)``. No HTTP,
no fake server, no polling: what is left is PTB, the bot's handlers, services and storage.

The databases: ``users`` onboarded users with one active goal each (a daily target of 480 words,
a minimum of one sentence), ``days`` of entries with gaps and every goal's streak checkpoint
(see ``bench.population``), built once per history length: the main one (a year) and the two of
the growth figure (30 days and three years) - and once per storage engine (``--engines``,
default SQLite and PostgreSQL; a PostgreSQL server that does not answer is skipped with a note;
its databases are created for the run and dropped after it unless ``--keep``). The bot is
``bot.app.build_application(settings, repository=..., clock=pinned, run_scheduler=False,
request=OfflineBotApi(...))``, one per database; each engine's bots take turns with a fresh
baseline.

The update stream: users picked at random (fixed seed), each logging their first win of today
once, alternately by typing "done" (a private message, read by the free-text win handler) and
by pressing "✅ Done" under the card ``/today`` shows (a callback query ``w:d:<goal>:<yyyymmdd>``
for the user's local date, built by ``bot.views.win_callbacks.log_day``; the bot answers the
query and edits the card). Every application gets the same stream; the baseline is a bare PTB
``Application`` on the same offline request class whose one handler replies to the message, or
answers the query and edits its message.

Timing: one process, one event loop, nothing sleeps. Each application first handles a warm-up
stretch (untimed), then the applications take turns: in each round every one of them handles
``per_round`` updates, one ``process_update`` after another, in an order that rotates from
round to round. Every reply is checked after each round (outside the timing). SQL statements
and transactions are read from the repository's ``stats`` (``statements``, ``transactions``,
``write_transactions``) when the storage offers it.

Then rendering: ``render_month`` and ``render_year`` on day states read from the main database
through ``HabitService.goal_day`` (what ``/streak`` draws), and the other pictures on inputs read
as their handlers read them (``render_pace``: ``HabitService.progress`` and ``daily_totals``,
what ``/progress`` draws; ``render_curve``: the win count ``progress`` reads; ``render_week``:
``DeliveryService.review_now``, what ``/week`` draws; ``render_strength``:
``HabitService.strength_series``, behind "what is strength"), timed warm in this process and,
for the calendar's first call, in fresh interpreters (``bench.scenarios.render_cold``).
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
from contextlib import AsyncExitStack

from bench.bots import PINNED_NOW
from bench.offline import (
    OfflineBotApi,
    serving,
)
from bench.population import Population, PopulationSpec
from bench.population_postgres import postgres_unreachable, postgres_version
from bench.report import (
    Report,
    fmt_count,
)
from bench.scenario import RunContext, Scenario
from bench.wins.databases import (
    ENGINE_NAMES,
    POSTGRES_ENGINE,
    SQLITE_ENGINE,
    base_urls,
    database_url_for,
    discard,
    open_repository,
    populate,
)
from bench.wins.pictures import Picture, read_pictures, time_cold_renders, time_warm_renders
from bench.wins.sizes import DAILY_WORDS, FULL, QUICK, SEED, WinsSizes
from bench.wins.stream import (
    Contender,
    baseline_application,
    bot_application,
    plan_wins,
    same_reply_application,
    take_turns,
)
from bench.wins.tables import (
    BASELINE,
    SAME_REPLY,
    EngineRun,
    add_notes,
    bot_label,
    database_table,
    render_tables,
    speed_tables,
    summary_table,
)


async def run(sizes: WinsSizes, context: RunContext) -> Report:
    """For each engine: build its databases, measure the applications in turns; then render."""
    report = Report(
        "wins",
        f"logging a win through Application.process_update on an offline Bot API, "
        f"{fmt_count(sizes.users)} users x {sizes.days:,} days; calendar PNGs",
    )
    runs: list[EngineRun] = []
    pictures: list[Picture] = []
    for engine, base_url in base_urls(context).items():
        if engine == POSTGRES_ENGINE:
            why = await postgres_unreachable(base_url)
            if why is not None:
                note = f"PostgreSQL skipped: its server ({base_url}) does not answer: {why}"
                context.progress(note)
                print(note, flush=True)
                report.notes.append(note)
                continue
        measured, drawn = await _run_engine(engine, base_url, sizes, context, draw=not pictures)
        runs.append(measured)
        pictures = pictures or drawn

    for measured in runs:
        database_table(report, measured)
        speed_tables(report, measured, sizes)
    if runs:
        summary_table(report, runs, sizes)
    if pictures:
        context.progress(f"rendering {sizes.renders} months and years")
        rendered = await asyncio.to_thread(time_warm_renders, pictures)
        cold: dict[str, list[float]] = {}
        if sizes.cold_runs:
            context.progress(f"first renders, {sizes.cold_runs} fresh interpreters")
            cold = await asyncio.to_thread(
                time_cold_renders, pictures[0], context.workdir, sizes.cold_runs
            )
        render_tables(report, rendered, cold, sizes)
    add_notes(report, runs, sizes, context.keep)
    return report


async def _run_engine(
    engine: str, base_url: str, sizes: WinsSizes, context: RunContext, *, draw: bool
) -> tuple[EngineRun, list[Picture]]:
    """Build one engine's databases, measure, read the render inputs, drop what it built."""
    name = ENGINE_NAMES[engine]
    specs = {
        days: PopulationSpec(
            users=sizes.users, days=days, daily_target=DAILY_WORDS, today_at=PINNED_NOW
        )
        for days in sizes.histories
    }
    urls = {days: database_url_for(base_url, days) for days in sizes.histories}
    server = sqlite3.sqlite_version if engine == SQLITE_ENGINE else await postgres_version(base_url)
    populations: dict[int, Population] = {}
    built: list[str] = []
    try:
        for days, spec in specs.items():
            context.progress(f"{name}: building {fmt_count(sizes.users)} users x {days:,} days")
            built.append(urls[days])
            populations[days] = await populate(urls[days], spec)

        main_spec = specs[sizes.days]
        picked = random.Random(SEED).sample(
            list(main_spec.user_ids), sizes.wins_needed + sizes.renders
        )
        win_users, render_users = picked[: sizes.wins_needed], picked[sizes.wins_needed :]

        contenders: list[Contender] = []
        async with AsyncExitStack() as stack:
            api = OfflineBotApi(now=PINNED_NOW)
            main_goals = dict(populations[sizes.days].goals)
            app = await stack.enter_async_context(serving(baseline_application(api)))
            wins = plan_wins(main_spec, main_goals, win_users)
            contenders.append(Contender(BASELINE, None, app, api, None, wins))
            for days in sizes.histories:
                repository = await open_repository(urls[days])
                stack.push_async_callback(repository.close)
                api = OfflineBotApi(now=PINNED_NOW)
                app = await stack.enter_async_context(serving(bot_application(api, repository)))
                wins = plan_wins(specs[days], dict(populations[days].goals), win_users)
                contenders.append(Contender(bot_label(days), days, app, api, repository, wins))
            # After the bots: each update is answered with the reply the bot last sent.
            bot_api = next(c.api for c in contenders if c.days == sizes.days)
            api = OfflineBotApi(now=PINNED_NOW)
            app = await stack.enter_async_context(serving(same_reply_application(api, bot_api)))
            wins = plan_wins(main_spec, main_goals, win_users)
            contenders.append(Contender(SAME_REPLY, None, app, api, None, wins, same_reply=True))
            context.progress(
                f"{name}: warm-up ({sizes.warmup} updates each), then {sizes.rounds} rounds of "
                f"{sizes.per_round} updates each for {len(contenders)} applications"
            )
            await take_turns(contenders, sizes, context)
        pictures = await read_pictures(urls[sizes.days], render_users) if draw else []
    finally:
        if not context.keep:
            for url in built:
                await discard(url)
    return EngineRun(engine, base_url, server, populations, contenders), pictures


SCENARIO: Scenario[WinsSizes] = Scenario(
    name="wins",
    summary="a win per update via process_update on an offline Bot API vs a replying PTB app",
    full=FULL,
    quick=QUICK,
    run=run,
)

__all__ = ["FULL", "QUICK", "SCENARIO", "WinsSizes", "run"]
