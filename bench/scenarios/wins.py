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
import functools
import gc
import itertools
import json
import os
import random
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Sequence
from contextlib import AsyncExitStack
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import Enum
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ApplicationBuilder, ContextTypes, TypeHandler

from bench.bots import PINNED_NOW, pinned_clock
from bench.offline import (
    BOT_TOKEN,
    AnyApplication,
    OfflineBotApi,
    UpdateFactory,
    feed,
    serving,
)
from bench.population import (
    DAILY_UNIT,
    Population,
    PopulationSpec,
    build_population,
    build_postgres_population,
    drop_database,
    postgres_unreachable,
    postgres_version,
)
from bench.report import (
    Report,
    fmt_bytes,
    fmt_count,
    fmt_ms,
    fmt_rate,
    fmt_ratio,
    fmt_s,
)
from bench.scenario import RunContext, Scenario
from bench.timing import Stopwatch, Summary, median, percentile, time_each
from bot.app import build_application
from bot.charts.calendar import CalendarCaption, render_month, render_year
from bot.charts.curve import render_curve
from bot.charts.pace import render_pace
from bot.charts.strength import render_strength
from bot.charts.week import render_week
from bot.coach.figures import curve_figure, pace_figure, strength_figure
from bot.coach.models import EntryStatus, Goal, User
from bot.config import Settings
from bot.services.container import Services
from bot.services.deliveries import WeeklyReview
from bot.services.goal_day import WINDOW_DAYS
from bot.views import streak as streak_views
from bot.views import week_card, win_callbacks
from bot.views.i18n import ENGLISH_TRANSLATOR
from storage.base import Repository
from storage.open import open_repository as open_any_repository

SEED = 20261122  # fixed, so every run picks the same users in the same order
DAILY_WORDS = 480.0
TYPED_WIN = "done"
DONE_BUTTON = "✅ Done"
# Every answer to a win starts like this: the bot's "✅ Done: <b>Write</b> for ..." (typed or
# pressed alike), and the baseline's reply, which is just this.
WIN_REPLY = "✅ Done"


class Kind(Enum):
    """The two ways a win arrives in this benchmark."""

    TYPED = f'typed "{TYPED_WIN}"'
    BUTTON = f"{DONE_BUTTON} button"


KINDS = tuple(Kind)


class WinError(AssertionError):
    """An application did not answer a win as expected; the figures would be meaningless."""


class UnsupportedDatabase(ValueError):
    """The benchmark cannot build or open a database at this URL yet."""


@dataclass(frozen=True)
class WinsSizes:
    """How big the databases are and how many updates each application handles.

    Attributes:
        users: Users in each database (one goal each).
        days: Days of history in the main database.
        growth_days: The short and the long history of the growth figure (a database each).
        warmup: Updates each application handles before anything is timed.
        per_round: Updates each application handles per round.
        rounds: Rounds; the applications take turns within each.
        renders: Warm calls of each renderer, each on a different user's year.
        cold_runs: Fresh interpreters for the first-call render figures (0: skip).
    """

    users: int
    days: int
    growth_days: tuple[int, int]
    warmup: int
    per_round: int
    rounds: int
    renders: int
    cold_runs: int

    def __post_init__(self) -> None:
        if min(self.users, self.per_round, self.rounds, self.renders) < 1 or self.warmup < 0:
            raise ValueError("users, per_round, rounds and renders must be at least 1")
        if min(self.days, *self.growth_days) < 1:
            raise ValueError("every database needs at least one day of history")
        if self.growth_days[0] >= self.growth_days[1]:
            raise ValueError("growth_days is (short, long)")
        if self.wins_needed + self.renders > self.users:
            raise ValueError(f"{self.users} users are too few for this much traffic")

    @property
    def wins_needed(self) -> int:
        """Users who log a win (each once), the warm-up included."""
        return self.warmup + self.rounds * self.per_round

    @property
    def histories(self) -> tuple[int, ...]:
        """Every history length a database is built for, shortest first."""
        return tuple(sorted({self.days, *self.growth_days}))


FULL = WinsSizes(
    users=10_000,
    days=365,
    growth_days=(30, 1_095),
    warmup=200,
    per_round=500,
    rounds=4,
    renders=40,
    cold_runs=3,
)
QUICK = WinsSizes(
    users=400,
    days=365,
    growth_days=(30, 1_095),
    warmup=20,
    per_round=40,
    rounds=3,
    renders=5,
    cold_runs=1,
)


# --- where the databases live: the two functions a new storage backend plugs into -----------


def database_url_for(base_url: str, days: int) -> str:
    """The URL of the database with ``days`` of history: ``_<days>d`` added to the last name.

    ``sqlite:///tmp/bench.db`` -> ``sqlite:///tmp/bench_365d.db``;
    ``postgresql://me@db/bench?sslmode=off`` -> ``postgresql://me@db/bench_365d?sslmode=off``.
    """
    url, mark, query = base_url.partition("?")
    head, slash, name = url.rpartition("/")
    if not slash or not name:
        raise UnsupportedDatabase(f"{base_url!r} names no database (nothing after the last /)")
    stem, dot, extension = name.rpartition(".") if "." in name else (name, "", "")
    return f"{head}/{stem}_{days}d{dot}{extension}{mark}{query}"


SQLITE = "sqlite:///"


def _sqlite_path(database_url: str) -> Path | None:
    """The file of a ``sqlite:///`` URL (``sqlite:////abs/x.db`` or ``sqlite:///rel/x.db``)."""
    if not database_url.startswith(SQLITE):
        return None
    path = database_url.removeprefix(SQLITE)
    if not path or path == ":memory:":
        raise UnsupportedDatabase(f"{database_url!r}: the benchmark needs a database file")
    return Path(path)


SQLITE_ENGINE = "sqlite"
POSTGRES_ENGINE = "postgresql"
ENGINES = (SQLITE_ENGINE, POSTGRES_ENGINE)
ENGINE_NAMES = {SQLITE_ENGINE: "SQLite", POSTGRES_ENGINE: "PostgreSQL"}
POSTGRES_URL_VARIABLE = "BENCH_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/bench_wins_{pid}"
"""Where PostgreSQL databases go without ``--database-url`` (or ``$BENCH_POSTGRES_URL``)."""


def engine_of(database_url: str) -> str:
    """``"sqlite"`` or ``"postgresql"``: the engine a URL names.

    Raises:
        UnsupportedDatabase: Any other scheme.
    """
    if database_url.startswith(SQLITE):
        return SQLITE_ENGINE
    scheme = database_url.split(":", 1)[0]
    if scheme in ("postgresql", "postgres"):
        return POSTGRES_ENGINE
    raise UnsupportedDatabase(f"no repository for {scheme!r} URLs; use sqlite:/// or postgresql://")


def base_urls(context: RunContext) -> dict[str, str]:
    """The base URL of each engine to measure, in order (``_<days>d`` is added per history).

    ``--engines`` picks the engines (default: both; with only ``--database-url``, its engine);
    ``--database-url`` is the base for its own engine. Otherwise SQLite files go in the
    scenario's folder and PostgreSQL databases on ``$BENCH_POSTGRES_URL`` or
    :data:`DEFAULT_POSTGRES_URL`.
    """
    given = context.database_url
    given_engine = None if given is None else engine_of(given)
    engines = context.engines or ((given_engine,) if given_engine else ENGINES)
    urls = {}
    for engine in engines:
        if engine not in ENGINES:
            raise UnsupportedDatabase(
                f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}"
            )
        if given is not None and engine == given_engine:
            urls[engine] = given
        elif engine == SQLITE_ENGINE:
            urls[engine] = f"{SQLITE}{context.workdir / 'wins.db'}"
        else:
            urls[engine] = os.environ.get(POSTGRES_URL_VARIABLE) or DEFAULT_POSTGRES_URL.format(
                pid=os.getpid()
            )
    return urls


async def populate(database_url: str, spec: PopulationSpec) -> Population:
    """Create the database at ``database_url`` and fill it as ``spec`` says (verified).

    Raises:
        UnsupportedDatabase: Neither a ``sqlite:///`` file nor a ``postgresql://`` database.
        FileExistsError: The SQLite file or the PostgreSQL database exists already (a
            benchmark never reuses one).
    """
    if engine_of(database_url) == POSTGRES_ENGINE:
        return await build_postgres_population(database_url, spec)
    path = _sqlite_path(database_url)
    assert path is not None
    return await build_population(path, spec)


async def discard(database_url: str) -> None:
    """Drop a PostgreSQL database the benchmark built (SQLite files stay where they are)."""
    if engine_of(database_url) == POSTGRES_ENGINE:
        await drop_database(database_url)


async def open_repository(database_url: str) -> Repository:
    """The repository on ``database_url``: the one place this scenario opens storage.

    Raises:
        UnsupportedDatabase: Neither ``sqlite:///`` nor ``postgresql://``.
    """
    engine_of(database_url)
    return await open_any_repository(database_url)


# --- SQL counts --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SqlCount:
    """The storage engine's counters (``repository.stats``) at one moment, or a difference."""

    statements: int
    transactions: int
    write_transactions: int

    def __sub__(self, other: SqlCount) -> SqlCount:
        return SqlCount(
            self.statements - other.statements,
            self.transactions - other.transactions,
            self.write_transactions - other.write_transactions,
        )

    def __add__(self, other: SqlCount) -> SqlCount:
        return SqlCount(
            self.statements + other.statements,
            self.transactions + other.transactions,
            self.write_transactions + other.write_transactions,
        )


def sql_count(repository: Repository | None) -> SqlCount | None:
    """The repository's ``stats`` counters, or ``None`` when it keeps none."""
    stats = getattr(repository, "stats", None)
    statements = getattr(stats, "statements", None)
    transactions = getattr(stats, "transactions", None)
    writes = getattr(stats, "write_transactions", None)
    if isinstance(statements, int) and isinstance(transactions, int) and isinstance(writes, int):
        return SqlCount(statements, transactions, writes)
    return None


# --- the update stream -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Win:
    """One user's win of today, as one update."""

    user_id: int
    first_name: str
    kind: Kind
    goal_id: int
    day: date  # the user's local today at the pinned instant


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def plan_wins(spec: PopulationSpec, goals: dict[int, int], user_ids: Sequence[int]) -> list[Win]:
    """A win for each user in turn, typed and pressed alternately."""
    wins = []
    for index, user_id in enumerate(user_ids):
        number = user_id - spec.first_user_id  # bench.population names and zones users by it
        zone = spec.zones[number % len(spec.zones)]
        wins.append(
            Win(
                user_id=user_id,
                first_name=f"User {number}",
                kind=KINDS[index % len(KINDS)],
                goal_id=goals[user_id],
                day=PINNED_NOW.astimezone(_zone(zone)).date(),
            )
        )
    return wins


def today_card(win: Win) -> tuple[str, InlineKeyboardMarkup]:
    """The message the ✅ Done button sits under: the goal's card from ``/today``.

    The text is what Telegram would hand back (no HTML tags; the handler never reads it); the
    buttons are those of ``bot.views.wins.day_buttons`` for a day not logged yet.
    """
    text = (
        f"Write a novel (1)\nToday: Write {DAILY_WORDS:g} {DAILY_UNIT}\n"
        "Hard day? The minimum counts: Write one sentence\nNot logged yet today"
    )

    def button(label: str, status: EntryStatus) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            label, callback_data=win_callbacks.LogDay(status, win.goal_id, win.day).pack()
        )

    keyboard = InlineKeyboardMarkup(
        [
            [button(DONE_BUTTON, EntryStatus.DONE)],
            [
                button("🪶 Did the minimum", EntryStatus.MVA),
                button("😴 Rest day", EntryStatus.SKIP),
            ],
        ]
    )
    return text, keyboard


def build_updates(factory: UpdateFactory, wins: Sequence[Win]) -> list[Update]:
    """The ``Update`` objects of ``wins``, bound to the factory's bot."""
    updates = []
    for win in wins:
        if win.kind is Kind.TYPED:
            updates.append(factory.text(win.user_id, win.first_name, TYPED_WIN))
            continue
        text, keyboard = today_card(win)
        data = win_callbacks.LogDay(EntryStatus.DONE, win.goal_id, win.day).pack()
        if win_callbacks.parse(data) != win_callbacks.LogDay(
            EntryStatus.DONE, win.goal_id, win.day
        ):
            raise WinError(f"the Done button's data {data!r} does not parse back")
        updates.append(
            factory.press(
                win.user_id, win.first_name, data=data, message_text=text, keyboard=keyboard
            )
        )
    return updates


# --- the applications --------------------------------------------------------------------


async def _reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The baseline's only handler: reply to a message; answer a button and edit its message."""
    query = update.callback_query
    if query is not None:
        await query.answer()
        await query.edit_message_text(WIN_REPLY)
    elif update.effective_chat is not None:
        await update.effective_chat.send_message(WIN_REPLY)


def baseline_application(api: OfflineBotApi) -> AnyApplication:
    """A bare PTB application (PTB's defaults, no rate limiter) on ``api``, replying only."""
    app: AnyApplication = (
        ApplicationBuilder().token(BOT_TOKEN).request(api).get_updates_request(api).build()
    )
    app.add_handler(TypeHandler(Update, _reply))
    return app


def bot_application(api: OfflineBotApi, repository: Repository) -> AnyApplication:
    """Small Wins from its composition root, on ``repository`` and ``api``."""
    settings = Settings(_env_file=None, telegram_bot_token=BOT_TOKEN)
    return build_application(
        settings, repository=repository, clock=pinned_clock(), run_scheduler=False, request=api
    )


@dataclass(frozen=True)
class Round:
    """One stretch of ``per_round`` updates handled by one application."""

    durations: tuple[float, ...]
    kinds: tuple[Kind, ...]
    clock: Stopwatch
    api_calls: int
    sql: SqlCount | None
    sql_each: tuple[SqlCount, ...] | None  # per update, in order (None: no counters)

    @property
    def rate(self) -> float:
        """Updates handled per second of the round's wall time."""
        return len(self.durations) / self.clock.wall


@dataclass
class Contender:
    """An application under measurement, its stream and its rounds."""

    label: str
    days: int | None  # history of its database; None for the baseline (no storage)
    app: AnyApplication
    api: OfflineBotApi
    repository: Repository | None
    wins: list[Win]
    updates: list[Update] = field(default_factory=list)
    position: int = 0
    rounds: list[Round] = field(default_factory=list)

    async def handle(self, count: int) -> Round:
        """The next ``count`` updates of the stream, timed one by one, then checked."""
        start, self.position = self.position, self.position + count
        wins = self.wins[start : self.position]
        calls_before = self.api.total
        sql_before = sql_count(self.repository)
        readings: list[SqlCount | None] = [sql_before]
        repository = self.repository

        def read_counters() -> None:
            readings.append(sql_count(repository))

        clock = Stopwatch()
        durations = await feed(
            self.app,
            self.updates[start : self.position],
            read_counters if sql_before is not None else None,
        )
        clock.stop()
        sql_after = sql_count(self.repository)
        self._check(wins)
        sql = None if sql_before is None or sql_after is None else sql_after - sql_before
        each = None
        if sql is not None:
            counted = [reading for reading in readings if reading is not None]
            each = tuple(later - earlier for earlier, later in itertools.pairwise(counted))
        kinds = tuple(win.kind for win in wins)
        return Round(tuple(durations), kinds, clock, self.api.total - calls_before, sql, each)

    def _check(self, wins: Sequence[Win]) -> None:
        if self.api.refused:
            raise WinError(f"{self.label}: Bot API calls nobody answers: {dict(self.api.refused)}")
        for win in wins:
            shown = self.api.last_text.get(win.user_id, "(nothing)")
            if not shown.startswith(WIN_REPLY):
                raise WinError(
                    f"{self.label}: user {win.user_id} after {win.kind.value}: {shown[:200]!r}"
                )

    @property
    def durations(self) -> list[float]:
        """Every timed update's seconds, all rounds."""
        return [seconds for round_ in self.rounds for seconds in round_.durations]

    def typical(self) -> Round:
        """The round with the median rate (the upper one of an even count)."""
        return sorted(self.rounds, key=lambda round_: round_.rate)[len(self.rounds) // 2]

    @property
    def updates_timed(self) -> int:
        """Updates in all rounds."""
        return sum(len(round_.durations) for round_ in self.rounds)

    def sql_of(self, kind: Kind) -> tuple[SqlCount, int] | None:
        """SQL counts of the timed updates of one kind, and how many there were."""
        total, updates = SqlCount(0, 0, 0), 0
        for round_ in self.rounds:
            if round_.sql_each is None:
                return None
            for count, seen in zip(round_.sql_each, round_.kinds, strict=True):
                if seen is kind:
                    total, updates = total + count, updates + 1
        return (total, updates) if updates else None

    def sql_total(self) -> SqlCount | None:
        """SQL counts over all rounds, when the storage keeps them."""
        counts = [round_.sql for round_ in self.rounds]
        if not counts or any(count is None for count in counts):
            return None
        total = SqlCount(0, 0, 0)
        for count in counts:
            if count is not None:
                total = total + count
        return total


async def _measure(contenders: list[Contender], sizes: WinsSizes, context: RunContext) -> None:
    """Warm every application up, then let them take turns, round after round."""
    for contender in contenders:
        factory = UpdateFactory(contender.app.bot, now=PINNED_NOW)
        contender.updates = build_updates(factory, contender.wins)
        if sizes.warmup:
            await contender.handle(sizes.warmup)
    # The prepared updates (thousands per application) would otherwise be rescanned by every
    # full garbage collection in the timed rounds: a cost of this harness, not of handling.
    gc.collect()
    gc.freeze()
    try:
        for number in range(sizes.rounds):
            shift = number % len(contenders)
            order = contenders[shift:] + contenders[:shift]
            context.progress(
                f"round {number + 1}/{sizes.rounds}: {sizes.per_round} updates each, "
                + ", ".join(contender.label for contender in order)
            )
            for contender in order:
                gc.collect()
                contender.rounds.append(await contender.handle(sizes.per_round))
    finally:
        gc.unfreeze()


# --- rendering ----------------------------------------------------------------------------


Render = Callable[[], bytes]
"""One renderer called on one user's inputs, read beforehand (so only the drawing is timed)."""


@dataclass(frozen=True)
class Picture:
    """What ``/streak`` would draw for one user (day states, today and the caption), and the
    other pictures of that user, ready to draw."""

    states: dict[str, str]  # ISO date -> state, as the handler passes them (JSON-friendly)
    today: str
    title: str
    subtitle: str
    charts: tuple[tuple[str, Render], ...] = field(default=(), compare=False)
    """(renderer name, the call) of the pictures other than the calendar's."""

    def calendar_inputs(self) -> dict[str, object]:
        """The calendar's inputs as JSON, for ``bench.scenarios.render_cold``."""
        return {k: v for k, v in asdict(self).items() if k != "charts"}


async def _pictures(database_url: str, user_ids: Sequence[int]) -> list[Picture]:
    """Inputs read the way the handlers read them (``/streak``: ``HabitService.goal_day``;
    ``/progress``: ``progress`` and ``daily_totals``; ``/week``: ``review_now``)."""
    repository = await open_repository(database_url)
    try:
        services = Services.build(repository, pinned_clock())
        habits = services.habits
        pictures = []
        for user_id in user_ids:
            user = await repository.get_user(user_id)
            assert user is not None
            goal = (await habits.active_goals(user))[0]
            view = await habits.goal_day(user, goal)
            pictures.append(
                Picture(
                    states={day.isoformat(): state.value for day, state in view.states.items()},
                    today=view.day.isoformat(),
                    title=streak_views.caption_title(goal),
                    subtitle=streak_views.caption_subtitle(ENGLISH_TRANSLATOR, view),
                    charts=await _other_charts(services, user, goal),
                )
            )
        return pictures
    finally:
        await repository.close()


async def _other_charts(
    services: Services, user: User, goal: Goal
) -> tuple[tuple[str, Render], ...]:
    """The pictures besides the calendar, with their inputs read as the handlers read them."""
    habits = services.habits
    charts: list[tuple[str, Render]] = []
    view, ladder, pace = await habits.progress(user, goal)
    totals = await habits.daily_totals(user, view.goal)
    if ladder is not None and pace is not None and totals is not None:
        figure = pace_figure(view.goal, ladder, pace, totals)
        words = streak_views.pace_words(ENGLISH_TRANSLATOR, view, ladder, pace, figure)
        charts.append(("render_pace", functools.partial(render_pace, figure, words)))
    curve = curve_figure(view.summary.votes)
    curve_words = streak_views.curve_words(ENGLISH_TRANSLATOR, view, curve)
    charts.append(("render_curve", functools.partial(render_curve, curve, curve_words)))
    strength = strength_figure(await habits.strength_series(user, view.goal))
    if strength is not None:
        strength_words = streak_views.strength_words(ENGLISH_TRANSLATOR, view, strength)
        charts.append(
            ("render_strength", functools.partial(render_strength, strength, strength_words))
        )
    review = await services.deliveries.review_now(user)
    if isinstance(review, WeeklyReview):
        card, card_words = week_card.card(ENGLISH_TRANSLATOR, review)
        charts.append(("render_week", functools.partial(render_week, card, card_words)))
    return tuple(charts)


@dataclass(frozen=True)
class Rendered:
    """Warm timings and PNG sizes of one renderer."""

    timing: Summary
    sizes: list[int]


def _render_warm(pictures: list[Picture]) -> dict[str, Rendered]:
    """Each renderer on every user's inputs, timed warm; calendar first, in table order."""
    inputs = [
        (
            {date.fromisoformat(day): state for day, state in picture.states.items()},
            date.fromisoformat(picture.today),
            CalendarCaption(picture.title, picture.subtitle),
        )
        for picture in pictures
    ]
    calls: dict[str, list[Render]] = {"render_month": [], "render_year": []}
    for (states, today, caption), picture in zip(inputs, pictures, strict=True):
        calls["render_month"].append(
            functools.partial(render_month, states, today.replace(day=1), today, caption)
        )
        calls["render_year"].append(functools.partial(render_year, states, today, caption))
        for name, render in picture.charts:
            calls.setdefault(name, []).append(render)
    rendered = {}
    for name, renders in calls.items():
        sizes: list[int] = []

        def draw(render: Render, sizes: list[int] = sizes) -> None:
            sizes.append(len(render()))

        # One call first, untimed: fonts load on first use (the cold figures cover that).
        renders[0]()
        rendered[name] = Rendered(time_each(draw, renders), sizes)
    return rendered


def _render_cold(picture: Picture, folder: Path, runs: int) -> dict[str, list[float]]:
    """First calls in fresh interpreters (``bench.scenarios.render_cold``), ``runs`` times."""
    source = folder / "picture.json"
    source.write_text(json.dumps(picture.calendar_inputs()), encoding="utf-8")
    results: dict[str, list[float]] = {}
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-m", "bench.scenarios.render_cold", str(source)],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        measured = json.loads(done.stdout)
        if not isinstance(measured, dict):
            raise TypeError(f"unexpected output from render_cold: {done.stdout!r}")
        for step, seconds in measured.items():
            results.setdefault(str(step), []).append(float(seconds))
    return results


COLD_STEPS = (
    ("import", "import bot.charts.calendar (with Pillow)"),
    ("month_first", "first render_month: loads its fonts"),
    ("month_second", "second render_month"),
    ("year_first", "first render_year (after a month): its own font sizes"),
    ("year_second", "second render_year"),
)


# --- the scenario ----------------------------------------------------------------------------


BASELINE = "PTB baseline (replies only)"


def _bot_label(days: int) -> str:
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
        _database_table(report, measured)
        _speed_tables(report, measured, sizes)
    if runs:
        _summary_table(report, runs, sizes)
    if pictures:
        context.progress(f"rendering {sizes.renders} months and years")
        rendered = await asyncio.to_thread(_render_warm, pictures)
        cold: dict[str, list[float]] = {}
        if sizes.cold_runs:
            context.progress(f"first renders, {sizes.cold_runs} fresh interpreters")
            cold = await asyncio.to_thread(
                _render_cold, pictures[0], context.workdir, sizes.cold_runs
            )
        _render_tables(report, rendered, cold, sizes)
    _notes(report, runs, sizes, context.keep)
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
                contenders.append(Contender(_bot_label(days), days, app, api, repository, wins))
            context.progress(
                f"{name}: warm-up ({sizes.warmup} updates each), then {sizes.rounds} rounds of "
                f"{sizes.per_round} updates each for {len(contenders)} applications"
            )
            await _measure(contenders, sizes, context)
        pictures = await _pictures(urls[sizes.days], render_users) if draw else []
    finally:
        if not context.keep:
            for url in built:
                await discard(url)
    return EngineRun(engine, base_url, server, populations, contenders), pictures


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


def _database_table(report: Report, measured: EngineRun) -> None:
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
    by_days = {contender.days: contender for contender in measured.contenders}
    short, long = (by_days[days] for days in sizes.growth_days)
    return short, long


def _speed_tables(report: Report, measured: EngineRun, sizes: WinsSizes) -> None:
    name = measured.name
    by_days = {contender.days: contender for contender in measured.contenders}
    baseline, bot = by_days[None], by_days[sizes.days]
    main = report.table(
        f"{name}: a win per update, {sizes.days:,} days of history, Small Wins beside the PTB "
        "baseline (process_update, one at a time)",
        "application",
        *SPEED_COLUMNS,
        markdown=True,
    )
    for contender in (baseline, bot):
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
    for contender in (baseline, bot):
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


def _summary_table(report: Report, runs: list[EngineRun], sizes: WinsSizes) -> None:
    summary = report.table(
        f"Summary by engine ({sizes.days:,} days of history; growth = "
        f"{sizes.growth_days[1]:,}-day rate / {sizes.growth_days[0]:,}-day rate)",
        "engine",
        "Small Wins upd/s",
        "baseline upd/s",
        "ratio",
        "p50 ms",
        "p99 ms",
        *SQL_COLUMNS,
        "growth",
        markdown=True,
    )
    for measured in runs:
        by_days = {contender.days: contender for contender in measured.contenders}
        baseline, bot = by_days[None], by_days[sizes.days]
        short, long = _growth(measured, sizes)
        durations = sorted(bot.durations)
        summary.add(
            measured.name,
            fmt_rate(bot.typical().rate),
            fmt_rate(baseline.typical().rate),
            fmt_ratio(bot.typical().rate / baseline.typical().rate),
            fmt_ms(percentile(durations, 0.50)),
            fmt_ms(percentile(durations, 0.99)),
            *_sql_cells(bot),
            fmt_ratio(long.typical().rate / short.typical().rate),
        )


def _render_tables(
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


def _notes(report: Report, runs: list[EngineRun], sizes: WinsSizes, keep: bool) -> None:
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
        "the baseline replies to the message, or answers the query and edits its message.",
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


SCENARIO: Scenario[WinsSizes] = Scenario(
    name="wins",
    summary="a win per update via process_update on an offline Bot API vs a replying PTB app",
    full=FULL,
    quick=QUICK,
    run=run,
)

__all__ = [
    "FULL",
    "KINDS",
    "QUICK",
    "SCENARIO",
    "Kind",
    "WinsSizes",
    "base_urls",
    "database_url_for",
    "engine_of",
    "open_repository",
    "populate",
]
