"""wins: logging wins on a realistic database, against a do-nothing PTB app; PNG render time.

The database: 10,000 onboarded users, each with one active goal (a daily target of 480 words,
a minimum viable action of one sentence, started a year ago) and 365 days of entries with gaps
(misses, minimum days, rest days; see ``bench.population``). The real bot runs on that file
against the fake Telegram, and users who have not logged today yet log a win, by one of the
three routes the product offers, dealt out in turn:

* **✅ Done button**: ``/today`` (the bot shows the goal's card with its buttons), then a press
  of "✅ Done" (the bot answers the query and edits the card): two updates for one win.
* **/done**: one update; with one active goal the bot logs it at once.
* **typed win**: "wrote 400 words", one update, read by ``HabitService.log_text`` (a partial
  day against the 480-word target).

Every win is a different user (the first win of their day, as in a real morning), so nothing
is a duplicate. The do-nothing PTB app gets the same updates as texts and replies "ok" to each.
Loads, repeats and the median-run rule are those of the ``interactive`` scenario.

Then rendering: ``render_month`` and ``render_year`` on day states read from this database
through ``HabitService.goal_day`` (what ``/streak`` draws), timed warm in this process and,
for the first call, in fresh interpreters (``bench.scenarios.render_cold``).
"""

from __future__ import annotations

import asyncio
import json
import random
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import Enum
from pathlib import Path

from bench.bots import (
    PINNED_NOW,
    RunningBot,
    chat_partner,
    describe_rate_limiter,
    do_nothing,
    fake_telegram,
    pinned_clock,
    small_wins,
)
from bench.population import DAILY_UNIT, PopulationSpec, build_population
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
from bot.charts.calendar import CalendarCaption, render_month, render_year
from bot.services.habits import HabitService
from bot.views import streak as streak_views
from fake_telegram import FakeTelegram, FakeUser, Reaction
from storage.sqlite import SqliteRepository

SEED = 20261122  # fixed, so every run picks the same users in the same order
DAILY_WORDS = 480.0
TYPED_WIN = "wrote 400 words"
DONE_BUTTON = "✅ Done"


class Route(Enum):
    """The three ways to log a win."""

    BUTTON = "✅ Done button (/today, press)"
    COMMAND = "/done"
    TEXT = f'typed "{TYPED_WIN}"'

    @property
    def updates(self) -> int:
        """Updates the route takes for one win."""
        return 2 if self is Route.BUTTON else 1


ROUTES = tuple(Route)


class WinError(AssertionError):
    """The bot did not answer a win as expected; the figures would be meaningless."""


@dataclass(frozen=True)
class WinsSizes:
    """How big the database is and how much traffic each application gets.

    Attributes:
        users: Users in the database (one goal each).
        days: Daily entries per goal.
        serial_wins: Wins logged one after another by single users (the "1 user" load).
        concurrent: Simulated users logging at once in the loaded phase.
        wins_per_user: Wins each of them logs, one after another, in a loaded phase (each win
            is a different user of the database).
        repeats: Serial and loaded phases per application (alternating); the run with the
            median rate is reported.
        renders: Warm calls of each renderer, each on a different user's year.
        cold_runs: Fresh interpreters for the first-call figures (0: skip).
    """

    users: int
    days: int
    serial_wins: int
    concurrent: int
    wins_per_user: int
    repeats: int
    renders: int
    cold_runs: int

    def __post_init__(self) -> None:
        if min(self.users, self.serial_wins, self.concurrent, self.repeats, self.renders) < 1:
            raise ValueError("every size but days and cold_runs must be at least 1")
        if self.wins_needed + self.renders > self.users:
            raise ValueError(f"{self.users} users are too few for this much traffic")

    @property
    def wins_needed(self) -> int:
        """Distinct users the bot's runs log wins for (the warm-up included)."""
        return len(ROUTES) + self.repeats * (
            self.serial_wins + self.concurrent * self.wins_per_user
        )


FULL = WinsSizes(
    users=10_000,
    days=365,
    serial_wins=30,
    concurrent=20,
    wins_per_user=6,
    repeats=3,
    renders=40,
    cold_runs=3,
)
QUICK = WinsSizes(
    users=400,
    days=120,
    serial_wins=6,
    concurrent=4,
    wins_per_user=3,
    repeats=1,
    renders=5,
    cold_runs=1,
)


@dataclass(frozen=True)
class Win:
    """One logged win: which route, each update's latency, and what it cost (serial only)."""

    route: Route
    latencies: tuple[float, ...]
    storage_calls: Counter[str]
    api_calls: int


@dataclass
class Phase:
    """One measured stretch of traffic against one application."""

    wins: list[Win]
    clock: Stopwatch
    api_calls: int
    storage_calls: int
    storage_seconds: float

    @property
    def updates(self) -> int:
        """Updates processed in the phase."""
        return sum(len(win.latencies) for win in self.wins)

    @property
    def rate(self) -> float:
        """Updates fully processed per second of wall time."""
        return self.updates / self.clock.wall

    @property
    def latency(self) -> Summary:
        """Per-update latency, with the phase's wall time as the elapsed time."""
        return Summary.of(
            (latency for win in self.wins for latency in win.latencies), self.clock.wall
        )


@dataclass(frozen=True)
class Contender:
    """An application and how to start it."""

    label: str
    is_bot: bool
    start: Callable[[FakeTelegram], AbstractAsyncContextManager[RunningBot]]


@dataclass
class Measured:
    """One application's serial and loaded phases."""

    contender: Contender
    serial: list[Phase] = field(default_factory=list)
    loaded: list[Phase] = field(default_factory=list)
    rate_limiter: str = "none"
    concurrent_updates: int = 1


class Logger:
    """Logs one win for a user by a route, timing each update from queueing to processed."""

    def __init__(self, fake: FakeTelegram, bot: RunningBot, *, is_bot: bool) -> None:
        """Wins against ``bot``; ``is_bot`` says which replies to expect."""
        self._fake = fake
        self._bot = bot
        self._is_bot = is_bot
        self._first_user_id = 0

    def name_from(self, first_user_id: int) -> None:
        """Users are named "User <n>" as in the database, n counted from this id."""
        self._first_user_id = first_user_id

    async def _timed(self, user: FakeUser, latencies: list[float], text: str | None) -> Reaction:
        queued = time.perf_counter()
        if text is None:
            reaction = await user.press(DONE_BUTTON)
        else:
            reaction = await user.reaction(user.post(text))
        assert reaction.update_id is not None
        latencies.append(self._bot.processed.at(reaction.update_id) - queued)
        return reaction

    async def log(self, user_id: int, route: Route, *, serial: bool) -> Win:
        """One win; raises :class:`WinError` if the bot answers wrongly."""
        user = chat_partner(self._fake, user_id, f"User {user_id - self._first_user_id}")
        latencies: list[float] = []
        storage = self._bot.storage
        calls_before = Counter(storage.calls) if storage and serial else Counter[str]()
        api_before = self._fake.mark()
        if route is Route.BUTTON:
            shown = await self._timed(user, latencies, "/today")
            if self._is_bot:
                _expect(DONE_BUTTON in user.last_message.button_labels, "/today", user, shown)
                pressed = await self._timed(user, latencies, None)
                logged = pressed.edited[0].text if pressed.edited else ""
                _expect(logged.startswith("✅ Done"), "the Done button", user, pressed)
            else:
                _expect(shown.text == "ok", "/today", user, shown)
                pressed = await self._timed(user, latencies, DONE_BUTTON)
                _expect(pressed.text == "ok", DONE_BUTTON, user, pressed)
        else:
            text = "/done" if route is Route.COMMAND else TYPED_WIN
            reaction = await self._timed(user, latencies, text)
            if not self._is_bot:
                expected = "ok"
            elif route is Route.COMMAND:
                expected = "✅ Done"
            else:
                expected = f"✅ 400 {DAILY_UNIT} logged"
            _expect(reaction.text.startswith(expected), text, user, reaction)
        used = Counter(storage.calls) - calls_before if storage and serial else Counter[str]()
        return Win(route, tuple(latencies), used, self._fake.mark() - api_before)


def _expect(condition: bool, step: str, user: FakeUser, reaction: Reaction | None = None) -> None:
    if not condition:
        shown = reaction.text[:200] if reaction is not None else ""
        shown = shown or (user.last_message.text[:200] if user.messages else "(no message)")
        raise WinError(f"user {user.id} after {step!r}: unexpected reply {shown!r}")


async def _phase(
    fake: FakeTelegram, bot: RunningBot, logger: Logger, slots: list[list[int]]
) -> Phase:
    """Each slot logs its users' wins one after another; slots run concurrently."""
    serial = len(slots) == 1
    wins: list[Win] = []

    async def slot(user_ids: list[int], first: int) -> None:
        for offset, user_id in enumerate(user_ids):
            route = ROUTES[(first + offset) % len(ROUTES)]
            wins.append(await logger.log(user_id, route, serial=serial))

    calls_before = fake.mark()
    storage_before = bot.storage.snapshot() if bot.storage else (0, 0.0)
    clock = Stopwatch()
    await asyncio.gather(*(slot(ids, index) for index, ids in enumerate(slots)))
    clock.stop()
    storage_after = bot.storage.snapshot() if bot.storage else (0, 0.0)
    return Phase(
        wins=wins,
        clock=clock,
        api_calls=fake.mark() - calls_before,
        storage_calls=storage_after[0] - storage_before[0],
        storage_seconds=storage_after[1] - storage_before[1],
    )


def _typical(phases: list[Phase]) -> Phase:
    """The phase with the median rate (the upper one of an even count)."""
    return sorted(phases, key=lambda phase: phase.rate)[len(phases) // 2]


async def _measure(
    contender: Contender, sizes: WinsSizes, context: RunContext, users: Sequence[int], first: int
) -> Measured:
    measured = Measured(contender)
    queue = iter(users)
    async with fake_telegram(pinned_clock()) as fake, contender.start(fake) as bot:
        logger = Logger(fake, bot, is_bot=contender.is_bot)
        logger.name_from(first)
        # Warm-up, one win per route: first-use costs are not what a running bot pays per win.
        for route in ROUTES:
            await logger.log(next(queue), route, serial=False)
        for run in range(sizes.repeats):
            context.progress(
                f"{contender.label}: run {run + 1}/{sizes.repeats}: {sizes.serial_wins} wins by "
                f"1 user at a time, then {sizes.concurrent} users x {sizes.wins_per_user} wins"
            )
            serial_ids = [next(queue) for _ in range(sizes.serial_wins)]
            measured.serial.append(await _phase(fake, bot, logger, [serial_ids]))
            slots = [
                [next(queue) for _ in range(sizes.wins_per_user)] for _ in range(sizes.concurrent)
            ]
            measured.loaded.append(await _phase(fake, bot, logger, slots))
        measured.rate_limiter = describe_rate_limiter(bot.app)
        measured.concurrent_updates = bot.app.concurrent_updates
    return measured


# --- rendering ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Picture:
    """What ``/streak`` would draw for one user: day states, today and the caption."""

    states: dict[str, str]  # ISO date -> state, as the handler passes them (JSON-friendly)
    today: str
    title: str
    subtitle: str


async def _pictures(path: Path, user_ids: Sequence[int]) -> list[Picture]:
    """Day states read the way ``/streak`` reads them (``HabitService.goal_day``)."""
    repository = await SqliteRepository.open(path)
    try:
        habits = HabitService(repository, pinned_clock())
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
                    subtitle=streak_views.caption_subtitle(view),
                )
            )
        return pictures
    finally:
        await repository.close()


@dataclass(frozen=True)
class Rendered:
    """Warm timings and PNG sizes of one renderer."""

    timing: Summary
    sizes: list[int]


def _render_warm(pictures: list[Picture]) -> tuple[Rendered, Rendered]:
    inputs = [
        (
            {date.fromisoformat(day): state for day, state in picture.states.items()},
            date.fromisoformat(picture.today),
            CalendarCaption(picture.title, picture.subtitle),
        )
        for picture in pictures
    ]
    month_sizes: list[int] = []
    year_sizes: list[int] = []

    def month(item: tuple[dict[date, str], date, CalendarCaption]) -> None:
        states, today, caption = item
        month_sizes.append(len(render_month(states, today.replace(day=1), today, caption)))

    def year(item: tuple[dict[date, str], date, CalendarCaption]) -> None:
        states, today, caption = item
        year_sizes.append(len(render_year(states, today, caption)))

    # One call of each first, untimed: fonts load on first use (the cold figures cover that).
    month(inputs[0])
    year(inputs[0])
    month_sizes.clear()
    year_sizes.clear()
    return (
        Rendered(time_each(month, inputs), month_sizes),
        Rendered(time_each(year, inputs), year_sizes),
    )


def _render_cold(picture: Picture, folder: Path, runs: int) -> dict[str, list[float]]:
    """First calls in fresh interpreters (``bench.scenarios.render_cold``), ``runs`` times."""
    source = folder / "picture.json"
    source.write_text(json.dumps(asdict(picture)), encoding="utf-8")
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


def _contenders(database: Path) -> tuple[Contender, Contender]:
    clock = pinned_clock()

    def baseline(fake: FakeTelegram) -> AbstractAsyncContextManager[RunningBot]:
        return do_nothing(fake)

    def shipped(fake: FakeTelegram) -> AbstractAsyncContextManager[RunningBot]:
        return small_wins(fake, database, clock=clock)

    return (
        Contender('PTB do-nothing (replies "ok")', is_bot=False, start=baseline),
        Contender("Small Wins, as shipped", is_bot=True, start=shipped),
    )


async def run(sizes: WinsSizes, context: RunContext) -> Report:
    """Build the database, measure both applications, then the renderers."""
    spec = PopulationSpec(users=sizes.users, days=sizes.days, daily_target=DAILY_WORDS)
    context.progress(f"building {fmt_count(sizes.users)} users x {sizes.days} days")
    population = await build_population(context.workdir / "wins.db", spec)
    picked = random.Random(SEED).sample(list(spec.user_ids), sizes.wins_needed + sizes.renders)
    win_users, render_users = picked[: sizes.wins_needed], picked[sizes.wins_needed :]

    results = [
        await _measure(contender, sizes, context, win_users, spec.first_user_id)
        for contender in _contenders(population.path)
    ]
    context.progress(f"rendering {sizes.renders} months and years")
    pictures = await _pictures(population.path, render_users)
    month, year = await asyncio.to_thread(_render_warm, pictures)
    cold: dict[str, list[float]] = {}
    if sizes.cold_runs:
        context.progress(f"first renders, {sizes.cold_runs} fresh interpreters")
        cold = await asyncio.to_thread(_render_cold, pictures[0], context.workdir, sizes.cold_runs)

    report = Report(
        "wins",
        f"logging wins on {fmt_count(sizes.users)} users x {sizes.days} days; calendar PNGs",
    )
    built = report.table("Database", "users", "goals", "entries", "build s", "size")
    built.add(
        fmt_count(spec.users),
        fmt_count(len(population.goals)),
        fmt_count(population.entries),
        fmt_s(population.build_seconds),
        fmt_bytes(population.size_bytes),
    )
    _throughput_tables(report, results, sizes)
    _route_table(report, results[1])
    _render_tables(report, month, year, cold, sizes)
    _notes(report, results, sizes, spec)
    return report


def _throughput_tables(report: Report, results: list[Measured], sizes: WinsSizes) -> None:
    loaded_label = f"{sizes.concurrent} users"
    speed = report.table(
        "Throughput and latency (latency: update queued at the fake -> process_update done)",
        "application",
        "load",
        "wins",
        "updates",
        "updates/s",
        "wins/s",
        "range of runs",
        "p50 ms",
        "p95 ms",
    )
    cost = report.table(
        "Cost per update (same runs)",
        "application",
        "load",
        "API calls/upd",
        "CPU ms/upd",
        "DB calls/upd",
        "DB wait ms/upd",
    )
    for load in ("1 user", loaded_label):
        for result in results:
            phases = result.serial if load == "1 user" else result.loaded
            phase = _typical(phases)
            rates = [p.rate for p in phases]
            latency = phase.latency
            is_bot = result.contender.is_bot
            speed.add(
                result.contender.label,
                load,
                fmt_count(len(phase.wins)),
                fmt_count(phase.updates),
                fmt_rate(phase.rate),
                fmt_rate(len(phase.wins) / phase.clock.wall),
                f"{fmt_rate(min(rates))}-{fmt_rate(max(rates))}" if len(rates) > 1 else "—",
                fmt_ms(latency.p50),
                fmt_ms(latency.p95),
            )
            cost.add(
                result.contender.label,
                load,
                f"{phase.api_calls / phase.updates:.2f}",
                fmt_ms(phase.clock.cpu / phase.updates),
                f"{phase.storage_calls / phase.updates:.2f}" if is_bot else "—",
                fmt_ms(phase.storage_seconds / phase.updates) if is_bot else "—",
            )
    baseline, bot = results
    ratios = report.table(
        "Small Wins relative to the do-nothing application (updates/s, bot / do-nothing)",
        "application",
        "1 user",
        loaded_label,
    )
    ratios.add(
        bot.contender.label,
        fmt_ratio(_typical(bot.serial).rate / _typical(baseline.serial).rate),
        fmt_ratio(_typical(bot.loaded).rate / _typical(baseline.loaded).rate),
    )


def _route_table(report: Report, bot: Measured) -> None:
    table = report.table(
        "Small Wins by route (1 user at a time, all serial runs; ms: a win's updates summed)",
        "route",
        "wins",
        "updates/win",
        "p50 ms/win",
        "p95 ms/win",
        "API calls/win",
        "DB calls/win",
        "of which list_entries",
    )
    for route in ROUTES:
        wins = [win for phase in bot.serial for win in phase.wins if win.route is route]
        if not wins:
            continue
        per_win = sorted(sum(win.latencies) for win in wins)
        table.add(
            route.value,
            fmt_count(len(wins)),
            str(route.updates),
            fmt_ms(percentile(per_win, 0.5)),
            fmt_ms(percentile(per_win, 0.95)),
            f"{sum(win.api_calls for win in wins) / len(wins):.2f}",
            f"{sum(sum(win.storage_calls.values()) for win in wins) / len(wins):.1f}",
            f"{sum(win.storage_calls['list_entries'] for win in wins) / len(wins):.1f}",
        )


def _render_tables(
    report: Report,
    month: Rendered,
    year: Rendered,
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
    for name, rendered in (("render_month", month), ("render_year", year)):
        ordered = sorted(rendered.sizes)
        table.add(
            name,
            fmt_count(rendered.timing.count),
            fmt_ms(rendered.timing.p50),
            fmt_ms(rendered.timing.p95),
            fmt_ms(rendered.timing.max),
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


def _notes(report: Report, results: list[Measured], sizes: WinsSizes, spec: PopulationSpec) -> None:
    bot = results[1]
    calls: Counter[str] = Counter()
    wins = 0
    for phase in bot.serial:
        for win in phase.wins:
            calls.update(win.storage_calls)
            wins += 1
    per_win = ", ".join(f"{name} {count / wins:.2f}" for name, count in calls.most_common())
    report.notes += [
        f"Database: {fmt_count(spec.users)} onboarded users in {len(spec.zones)} time zones, one "
        f"active goal each (daily target {DAILY_WORDS:g} {DAILY_UNIT}, minimum one sentence, "
        f"started {spec.first_day}), {spec.days} days of entries up to {spec.last_day} "
        "(per goal 5-29 % missed days, about one day in ten at the minimum, a weekly rest day "
        "for a third of the goals). Built by bench.population.",
        f"Each win is a different user who has not logged today (clock pinned at "
        f"{PINNED_NOW:%Y-%m-%d %H:%M} UTC); routes dealt out in turn: "
        + ", ".join(f"{route.value} ({route.updates} upd)" for route in ROUTES)
        + ". The do-nothing app gets the same updates as texts.",
        f"1 user: {sizes.serial_wins} wins one after another (no queueing). "
        f"{sizes.concurrent} users: all at once, {sizes.wins_per_user} wins each. "
        f"{sizes.repeats} alternating serial and loaded runs per app after a warm-up; shown is "
        "the run with the median rate, 'range of runs' spans all.",
        f"PTB processes updates one at a time (concurrent_updates = {bot.concurrent_updates}). "
        f"Rate limiter as shipped: {bot.rate_limiter} (overall_max_rate=0: replies are not "
        "throttled, so no limiter-off row is needed). The shipped scheduler runs; nobody is due.",
        f"Repository calls per win (Small Wins, serial runs): {per_win}.",
        "CPU ms/upd: process CPU time (all threads: fake server, bot, simulated users, "
        "aiosqlite) per update. DB wait: wall time handlers spent awaiting the repository.",
        "Rendering: states from HabitService.goal_day, as /streak draws them (the handler runs "
        "the renderer in a worker thread); warm = after one untimed call of each.",
    ]


SCENARIO: Scenario[WinsSizes] = Scenario(
    name="wins",
    summary="wins/s on 10,000 users x a year vs a do-nothing PTB app; PNG render time",
    full=FULL,
    quick=QUICK,
    run=run,
)

__all__ = ["FULL", "QUICK", "SCENARIO", "WinsSizes"]
