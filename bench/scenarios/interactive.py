"""interactive: updates per second through the whole bot, against the fake Telegram.

Simulated users each run the onboarding journey - ``/start``, a city, a press of the "7:30"
nudge button, ``/settings`` - four updates, each waited for through the fake client's
``post()``/``press()`` and ``reaction()`` (no sleeping). Three applications take the same load:

* **PTB do-nothing**: one handler replying "ok" to each of the same four messages. The ceiling
  set by PTB, HTTP and the fake on this machine; the bot cannot be faster.
* **Small Wins, as shipped**: ``build_application`` as ``python -m bot`` builds it (scheduler
  and rate limiter included), on a pinned clock, with its repository wrapped in a timing meter.
* **Small Wins, rate limiter off**: the same with its ``AIORateLimiter`` removed - what the
  code costs once the throttle is out of the way.

Each application runs two loads: **1 user** (journeys one after the other: latency without
queueing) and **N users** at once (each running several journeys with fresh user ids:
throughput, and latency including the wait behind other users' updates).

Everything - the fake server, the bot and the simulated users - shares one process and one event
loop, so the do-nothing baseline carries the same overhead; the ratio is the telling figure.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from pathlib import Path

from bench.bots import (
    RunningBot,
    describe_rate_limiter,
    do_nothing,
    fake_telegram,
    pinned_clock,
    small_wins,
)
from bench.report import (
    Report,
    fmt_count,
    fmt_ms,
    fmt_rate,
    fmt_ratio,
)
from bench.scenario import RunContext, Scenario
from bench.timing import Stopwatch, Summary
from fake_telegram import FakeTelegram, FakeUser, Reaction

# Answers that each give one clear zone, so every journey reaches the nudge-time buttons.
CITIES = ("Berlin", "Tokyo", "Lisbon", "Europe/Paris", "UTC+3", "New York", "Sydney", "Nairobi")
NUDGE_BUTTON = "7:30"
UPDATES_PER_JOURNEY = 4
# User ids: run r of the serial phase uses 1_000_000 + r * 100_000 + j; loaded-phase user slot s
# of run r uses 2_000_000 + r * 100_000 + s * _ID_STRIDE + j. Every journey gets a fresh user.
_ID_STRIDE = 1000


class JourneyError(AssertionError):
    """The bot did not answer a step as the journey expects; the figures would be meaningless."""


@dataclass(frozen=True)
class InteractiveSizes:
    """How much traffic each application gets.

    Attributes:
        serial_journeys: Journeys run one after the other by single users (the "1 user" load).
        users: Simulated users talking at once in the loaded phase.
        journeys_per_user: Journeys each of them runs in a loaded phase.
        repeats: Serial and loaded phases per application (alternating); the run with the
            median rate of each is reported. Repeats matter on a shared machine, where a burst
            of someone else's work can halve one run.
        shipped_journeys_per_user: Journeys per user for the rate-limited bot, which runs at a
            few dozen updates per second and would otherwise dominate the total run time. It
            gets one repeat: its pace is set by the throttle, not by the CPU.
    """

    serial_journeys: int
    users: int
    journeys_per_user: int
    repeats: int
    shipped_journeys_per_user: int

    def __post_init__(self) -> None:
        if max(self.journeys_per_user, self.shipped_journeys_per_user) >= _ID_STRIDE:
            raise ValueError(f"at most {_ID_STRIDE - 1} journeys per user")
        if min(self.serial_journeys, self.users, self.repeats) < 1:
            raise ValueError("every size must be at least 1")


FULL = InteractiveSizes(
    serial_journeys=25, users=20, journeys_per_user=5, repeats=5, shipped_journeys_per_user=3
)
QUICK = InteractiveSizes(
    serial_journeys=5, users=5, journeys_per_user=2, repeats=1, shipped_journeys_per_user=2
)


@dataclass(frozen=True)
class Phase:
    """One measured stretch of traffic against one application."""

    updates: int
    clock: Stopwatch
    latency: Summary
    api_calls: int
    chat_calls: int | None  # requests carrying a chat_id (None: the journal no longer had all)
    storage_calls: int
    storage_seconds: float

    @property
    def rate(self) -> float:
        """Updates fully processed per second of wall time."""
        return self.updates / self.clock.wall


@dataclass(frozen=True)
class Contender:
    """An application and how to start it."""

    label: str
    is_bot: bool
    throttled: bool
    start: Callable[[FakeTelegram, Path], AbstractAsyncContextManager[RunningBot]]


def _contenders() -> tuple[Contender, ...]:
    clock = pinned_clock()

    def baseline(fake: FakeTelegram, _folder: Path) -> AbstractAsyncContextManager[RunningBot]:
        return do_nothing(fake)

    def shipped(fake: FakeTelegram, folder: Path) -> AbstractAsyncContextManager[RunningBot]:
        return small_wins(fake, folder / "shipped.db", clock=clock)

    def unlimited(fake: FakeTelegram, folder: Path) -> AbstractAsyncContextManager[RunningBot]:
        return small_wins(fake, folder / "unlimited.db", clock=clock, rate_limiter=False)

    return (
        Contender('PTB do-nothing (replies "ok")', is_bot=False, throttled=False, start=baseline),
        Contender("Small Wins, as shipped", is_bot=True, throttled=True, start=shipped),
        Contender("Small Wins, rate limiter off", is_bot=True, throttled=False, start=unlimited),
    )


class Journey:
    """The four steps of onboarding, timed from queueing to processed, with sanity checks."""

    def __init__(self, fake: FakeTelegram, bot: RunningBot, *, is_bot: bool) -> None:
        """Journeys against ``bot``; ``is_bot`` says which replies to expect."""
        self._fake = fake
        self._bot = bot
        self._is_bot = is_bot
        self.latencies: list[float] = []

    async def _say(self, user: FakeUser, text: str) -> Reaction:
        queued = time.perf_counter()
        reaction = await user.reaction(user.post(text))
        assert reaction.update_id is not None
        self.latencies.append(self._bot.processed.at(reaction.update_id) - queued)
        return reaction

    async def _press(self, user: FakeUser, label: str) -> Reaction:
        queued = time.perf_counter()
        reaction = await user.press(label)
        assert reaction.update_id is not None
        self.latencies.append(self._bot.processed.at(reaction.update_id) - queued)
        return reaction

    async def run(self, user_id: int) -> None:
        """One user's onboarding; raises :class:`JourneyError` if the bot answers wrongly."""
        user = self._fake.user(user_id, f"User{user_id}")
        city = CITIES[user_id % len(CITIES)]
        if not self._is_bot:
            for text in ("/start", city, NUDGE_BUTTON, "/settings"):
                _expect((await self._say(user, text)).text == "ok", text, user)
            return
        _expect("Where are you?" in (await self._say(user, "/start")).text, "/start", user)
        await self._say(user, city)
        _expect(NUDGE_BUTTON in user.last_message.button_labels, city, user)
        pressed = await self._press(user, NUDGE_BUTTON)
        _expect(any("All set" in m.text for m in pressed.edited), NUDGE_BUTTON, user)
        _expect("Your settings" in (await self._say(user, "/settings")).text, "/settings", user)


def _expect(condition: bool, step: str, user: FakeUser) -> None:
    if not condition:
        shown = user.last_message.text[:200] if user.messages else "(no message)"
        raise JourneyError(f"user {user.id} after {step!r}: unexpected reply {shown!r}")


async def _phase(
    fake: FakeTelegram,
    bot: RunningBot,
    journey: Journey,
    user_ids: list[list[int]],
) -> Phase:
    """Run the journeys of each user slot concurrently (slots) and sequentially (within)."""

    async def slot(ids: list[int]) -> None:
        for user_id in ids:
            await journey.run(user_id)

    journey.latencies.clear()
    calls_before = fake.mark()
    storage_before = bot.storage.snapshot() if bot.storage else (0, 0.0)
    clock = Stopwatch()
    await asyncio.gather(*(slot(ids) for ids in user_ids))
    clock.stop()
    storage_after = bot.storage.snapshot() if bot.storage else (0, 0.0)
    updates = sum(len(ids) for ids in user_ids) * UPDATES_PER_JOURNEY
    if len(journey.latencies) != updates:
        raise JourneyError(f"{len(journey.latencies)} updates timed, {updates} expected")
    api_calls = fake.mark() - calls_before
    recorded = fake.calls_since(calls_before)
    return Phase(
        updates=updates,
        clock=clock,
        latency=Summary.of(journey.latencies, clock.wall),
        api_calls=api_calls,
        chat_calls=(
            sum(1 for call in recorded if call.chat_id is not None)
            if len(recorded) == api_calls
            else None
        ),
        storage_calls=storage_after[0] - storage_before[0],
        storage_seconds=storage_after[1] - storage_before[1],
    )


def _typical(phases: list[Phase]) -> Phase:
    """The phase with the median rate (the upper one of an even count)."""
    return sorted(phases, key=lambda phase: phase.rate)[len(phases) // 2]


@dataclass(frozen=True)
class Measured:
    """One application's serial and loaded phases."""

    contender: Contender
    serial: list[Phase]
    loaded: list[Phase]
    concurrent_updates: int
    rate_limiter: str
    journeys: int  # every journey run against this app, warm-up included
    storage_calls: dict[str, int]  # repository calls by method over all of them


async def _measure(contender: Contender, sizes: InteractiveSizes, context: RunContext) -> Measured:
    per_user = sizes.shipped_journeys_per_user if contender.throttled else sizes.journeys_per_user
    repeats = 1 if contender.throttled else sizes.repeats
    async with fake_telegram(pinned_clock()) as fake, contender.start(fake, context.workdir) as bot:
        journey = Journey(fake, bot, is_bot=contender.is_bot)
        # Warm-up: first-use costs (imports, the time-zone index, HTTP connections) are not
        # what a running bot pays per update.
        await journey.run(1)
        serial: list[Phase] = []
        loaded: list[Phase] = []
        for run in range(repeats):
            context.progress(
                f"{contender.label}: run {run + 1}/{repeats}: {sizes.serial_journeys} journeys "
                f"by 1 user at a time, then {sizes.users} users x {per_user} journeys"
            )
            base = 1_000_000 + 100_000 * run
            serial.append(
                await _phase(fake, bot, journey, [[base + j for j in range(sizes.serial_journeys)]])
            )
            base += 1_000_000
            slots = [
                [base + _ID_STRIDE * slot + j for j in range(per_user)]
                for slot in range(sizes.users)
            ]
            loaded.append(await _phase(fake, bot, journey, slots))
        return Measured(
            contender=contender,
            serial=serial,
            loaded=loaded,
            concurrent_updates=bot.app.concurrent_updates,
            rate_limiter=describe_rate_limiter(bot.app),
            journeys=1 + repeats * (sizes.serial_journeys + sizes.users * per_user),
            storage_calls=dict(bot.storage.calls) if bot.storage else {},
        )


async def run(sizes: InteractiveSizes, context: RunContext) -> Report:
    """Measure every contender at both loads and build the report."""
    results: list[Measured] = []
    for contender in _contenders():
        results.append(await _measure(contender, sizes, context))

    report = Report(
        "interactive",
        "updates/s through the whole application, against the fake Telegram on 127.0.0.1",
    )
    speed = report.table(
        "Throughput and latency (latency: update queued at the fake -> process_update done)",
        "application",
        "load",
        "updates",
        "updates/s",
        "range of runs",
        "p50 ms",
        "p95 ms",
    )
    cost = report.table(
        "Cost per update (same runs)",
        "application",
        "load",
        "API calls/upd",
        "API calls/s",
        "CPU ms/upd",
        "DB calls/upd",
        "DB wait ms/upd",
    )
    for load in ("1 user", f"{sizes.users} users"):
        for result in results:
            phases = result.serial if load == "1 user" else result.loaded
            phase = _typical(phases)
            rates = [p.rate for p in phases]
            per = phase.updates
            is_bot = result.contender.is_bot
            speed.add(
                result.contender.label,
                load,
                fmt_count(per),
                fmt_rate(phase.rate),
                f"{fmt_rate(min(rates))}-{fmt_rate(max(rates))}" if len(rates) > 1 else "—",
                fmt_ms(phase.latency.p50),
                fmt_ms(phase.latency.p95),
            )
            cost.add(
                result.contender.label,
                load,
                f"{phase.api_calls / per:.2f}",
                fmt_rate(phase.api_calls / phase.clock.wall),
                fmt_ms(phase.clock.cpu / per),
                f"{phase.storage_calls / per:.2f}" if is_bot else "—",
                fmt_ms(phase.storage_seconds / per) if is_bot else "—",
            )

    baseline = results[0]
    ratios = report.table(
        "Small Wins relative to the do-nothing application (updates/s, bot / do-nothing)",
        "application",
        "1 user",
        f"{sizes.users} users",
    )
    for result in results[1:]:
        ratios.add(
            result.contender.label,
            fmt_ratio(_typical(result.serial).rate / _typical(baseline.serial).rate),
            fmt_ratio(_typical(result.loaded).rate / _typical(baseline.loaded).rate),
        )

    shipped, unlimited = results[1], results[2]
    has_budget = "requests per" in shipped.rate_limiter  # see describe_rate_limiter
    throttled = _typical(shipped.loaded)
    chat_rate = (
        "n/a"
        if throttled.chat_calls is None
        else fmt_rate(throttled.chat_calls / throttled.clock.wall)
    )
    per_journey = ", ".join(
        f"{name} {count / unlimited.journeys:.2f}"
        for name, count in sorted(unlimited.storage_calls.items(), key=lambda item: -item[1])
    )
    report.notes += [
        f"Journey = /start, a city, the {NUDGE_BUTTON!r} button, /settings "
        f"({UPDATES_PER_JOURNEY} updates; every journey is a new user); the do-nothing app gets "
        "the same four as texts.",
        f"1 user: {sizes.serial_journeys} journeys one after another (no queueing). "
        f"{sizes.users} users: all at once, {sizes.journeys_per_user} journeys each "
        f"({sizes.shipped_journeys_per_user} for the shipped bot).",
        f"Each app alternates {sizes.repeats} serial and loaded runs (the shipped bot 1"
        + (", its pace is the throttle's" if has_budget else "")
        + "); shown is the run with the median rate, 'range of runs' spans all.",
        f"PTB processes updates one at a time: concurrent_updates = "
        f"{shipped.concurrent_updates} (PTB's default, as shipped).",
        (
            f"Rate limiter as shipped: {shipped.rate_limiter} (answerCallbackQuery has none). "
            f"Measured in the shipped {sizes.users}-user run: {chat_rate} such requests/s. "
            "Back-to-back journeys need more than the budget even from 1 user, so both shipped "
            "rows are throttle-bound; an idle bot answers one user as fast as the limiter-off row."
            if has_budget
            else f"Rate limiter as shipped: {shipped.rate_limiter} without an overall budget "
            "(overall_max_rate=0): replies are not throttled, so the shipped and limiter-off rows "
            "run the same code but for the limiter's bookkeeping (and differ by run-to-run noise). "
            f"Requests carrying a chat_id in the shipped {sizes.users}-user run: {chat_rate}/s."
        ),
        "The shipped bot runs its scheduler (tick job and outbox sender) as in production; at "
        "the pinned time (2026-11-22 20:40 UTC) nobody is due, so it sends nothing here.",
        f"Repository calls per journey (limiter-off bot): {per_journey or 'none'}.",
        "SQLite file in a temporary folder (WAL, synchronous=NORMAL), fresh per app.",
        "CPU ms/upd: process CPU time (all threads: fake server, bot, simulated users, "
        "aiosqlite) per update. Less sensitive than updates/s to other load on the machine.",
        "DB wait: wall time handlers spent awaiting the repository, including time the event "
        "loop spent on other tasks before resuming them (so it grows with load).",
    ]
    return report


SCENARIO: Scenario[InteractiveSizes] = Scenario(
    name="interactive",
    summary="updates/s and latency of the whole bot vs a do-nothing PTB app, via the fake",
    full=FULL,
    quick=QUICK,
    run=run,
)

__all__ = ["FULL", "QUICK", "SCENARIO", "InteractiveSizes"]
