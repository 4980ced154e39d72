"""scheduler: one tick over 100,000 users due at the same minute, then the outbox drain.

The wave: every user is owed their morning nudge at one instant, Wednesday 25 November 2026,
07:00 UTC (a Wednesday, so no weekly review, no fresh-start landmark and no landmark eve joins
it). Users are dealt out over twelve time zones between UTC and UTC+4 (more than the eight
zones ``zoneinfo`` keeps cached, as any real user base has), and each user's nudge time is that
instant's wall-clock time in their zone: 07:00 in London, 08:00 in Berlin, 10:30 in Tehran,
11:00 in Dubai. Their stored next due time is that instant, as the previous tick left it.

Each user has one active goal with four weeks of history (ending the day before), so a
prepared nudge is realistic: today's card with the 14-day chain, the streak, the best streak
and the strength, and the comeback offer for users who missed two days in a row. Without goals
every nudge would be skipped as "no active goal" and nothing would be sent; a year of history
would make each prepare read 365 rows instead of 28 (the ``wins`` scenario times such reads).

Measured:

* **The tick** (``SchedulerService.tick`` with the clock pinned at the wave), in a fresh
  interpreter (``bench.scenarios.tick_process``) so that its peak memory is its own: wall
  and CPU time, users processed, rows written, the longest the event loop was held, then the
  same tick again (nothing due any more, nothing written). The same on 10,000 users, for the
  memory comparison, and once more there after every due time is set back to the wave, as if
  the new due times had been lost: the outbox key must absorb it.
* **Nothing dropped**: counted in SQL after the tick (``bench.census.outbox_census``).
* **The drain**: ``OutboxSender(deliveries, bot, clock, rate=...).drain(limit)`` in passes of
  500 (as ``OutboxSender.run`` does), with the real bot's services and its PTB ``Bot`` (with
  the shipped ``AIORateLimiter``) sending to the fake Telegram; rate limits of 30/s and
  1,000/s, and the shipped ``SEND_RATE`` of 25/s against a fake that answers 429 above 30
  sends a second, as Telegram does. Rates are from the fake's own timestamps; the order is the
  order of the chat ids the fake received, compared with the outbox's due times.

The tick's fresh interpreter is driven by :mod:`bench.scenarios.scheduler_tick`, the drains by
:mod:`bench.scenarios.scheduler_drain`; this module builds the wave, checks it and reports.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from bench.census import OutboxCensus, outbox_census, restore_next_due
from bench.population import Population, PopulationSpec, build_population
from bench.report import Report, fmt_bytes, fmt_count, fmt_ms, fmt_rate, fmt_ratio, fmt_s
from bench.scenario import RunContext, Scenario
from bench.scenarios.scheduler_drain import (
    SENDER_BATCH,
    Drain,
    Drained,
    OrderCheck,
    SchedulerCheckError,
    drain_all,
)
from bench.scenarios.scheduler_tick import TickRun, tick_in_process
from bench.wave import WAVE, WAVE_ZONES  # the instant every user is due, and their zones
from bot.services.scheduling import BATCH


@dataclass(frozen=True)
class SchedulerSizes:
    """How big the wave is and how much of the outbox each drain sends.

    Attributes:
        users: Users due at the wave (the big tick and the drains).
        small_users: Users of the second database, for the memory comparison.
        days: Days of history per goal.
        drains: The drains, in order; each continues where the previous one stopped.
    """

    users: int
    small_users: int
    days: int
    drains: tuple[Drain, ...]

    def __post_init__(self) -> None:
        if min(self.users, self.small_users) < 1 or not self.drains:
            raise ValueError("at least one user in each database and one drain")
        if sum(drain.messages for drain in self.drains) > self.users:
            raise ValueError("the drains would need more messages than there are users")


FULL = SchedulerSizes(
    users=100_000,
    small_users=10_000,
    days=28,
    drains=(Drain(30, 450), Drain(25, 300, flood_limit=30), Drain(1000, 3000)),
)
QUICK = SchedulerSizes(
    users=2_000,
    small_users=200,
    days=7,
    drains=(Drain(30, 60), Drain(25, 40, flood_limit=30), Drain(1000, 300)),
)


# --- the scenario ----------------------------------------------------------------------------


def _spec(users: int, days: int) -> PopulationSpec:
    return PopulationSpec(
        users=users,
        days=days,
        last_day=WAVE.date() - timedelta(days=1),
        next_due_at=WAVE,
        zones=WAVE_ZONES,
        nudge_at=WAVE,
    )


def _check_tick(run: TickRun, users: int, census: OutboxCensus) -> None:
    first, again = run.ticks[0], run.ticks[1]
    if first.users != users or first.enqueued != users or again.users or again.enqueued:
        raise SchedulerCheckError(f"unexpected ticks for {users} users: {run.ticks}")
    if census.pending != users or census.pending_users != users or census.most_pending != 1:
        raise SchedulerCheckError(f"the outbox after the tick is not one row per user: {census}")


async def run(sizes: SchedulerSizes, context: RunContext) -> Report:
    """Build both databases, tick, check, drain, and build the report."""
    big_spec, small_spec = _spec(sizes.users, sizes.days), _spec(sizes.small_users, sizes.days)
    context.progress(f"building {fmt_count(sizes.users)} and {fmt_count(sizes.small_users)} users")
    big = await build_population(context.workdir / "wave.db", big_spec)
    small = await build_population(context.workdir / "small.db", small_spec)

    context.progress(f"ticking {fmt_count(sizes.small_users)} users (fresh interpreter)")
    small_run = await tick_in_process(small.path)
    _check_tick(small_run, sizes.small_users, await outbox_census(small.path, WAVE))
    restored = await restore_next_due(small.path, WAVE)
    restored_run = await tick_in_process(small.path, ticks=1)
    restored_census = await outbox_census(small.path, WAVE)
    if restored_run.ticks[0].enqueued or restored_census.pending != sizes.small_users:
        raise SchedulerCheckError(f"a repeated wave wrote rows again: {restored_run}")
    context.progress(f"ticking {fmt_count(sizes.users)} users (fresh interpreter)")
    big_run = await tick_in_process(big.path)
    census = await outbox_census(big.path, WAVE)
    _check_tick(big_run, sizes.users, census)

    drained, order, limiter, per_message = await drain_all(big, sizes.drains, context)
    after = await outbox_census(big.path, WAVE)

    report = Report(
        "scheduler",
        f"a tick over {fmt_count(sizes.users)} users due at one minute, then the outbox drain",
    )
    _database_table(report, big, small)
    _tick_tables(
        report,
        sizes=sizes,
        big=big_run,
        small=small_run,
        restored=restored_run,
        restored_users=restored,
    )
    _census_table(report, census, sizes.users)
    _drain_tables(report, drained, order, after)
    _notes(report, sizes, limiter, per_message)
    return report


def _database_table(report: Report, *populations: Population) -> None:
    table = report.table("Databases", "users", "goals", "entries", "zones", "build s", "size")
    for population in populations:
        table.add(
            fmt_count(population.spec.users),
            fmt_count(len(population.goals)),
            fmt_count(population.entries),
            str(len(population.spec.zones)),
            fmt_s(population.build_seconds),
            fmt_bytes(population.size_bytes),
        )


def _tick_tables(
    report: Report,
    *,
    sizes: SchedulerSizes,
    big: TickRun,
    small: TickRun,
    restored: TickRun,
    restored_users: int,
) -> None:
    table = report.table(
        f"SchedulerService.tick() at {WAVE:%Y-%m-%d %H:%M} UTC (pinned clock, fresh interpreter)",
        "database",
        "tick",
        "users",
        "rows written",
        "wall s",
        "CPU s",
        "µs/user",
        "batches",
        "longest loop stall ms",
    )
    big_label, small_label = (
        f"{fmt_count(sizes.users)} users",
        f"{fmt_count(sizes.small_users)} users",
    )
    rows = [
        (big_label, "first", big.ticks[0]),
        (big_label, "again", big.ticks[1]),
        (small_label, "first", small.ticks[0]),
        (small_label, "again", small.ticks[1]),
        (small_label, f"due times reset ({fmt_count(restored_users)})", restored.ticks[0]),
    ]
    for database, name, tick in rows:
        table.add(
            database,
            name,
            fmt_count(tick.users),
            fmt_count(tick.enqueued),
            fmt_s(tick.wall),
            fmt_s(tick.cpu),
            fmt_count(tick.wall / tick.users * 1e6) if tick.users else "—",
            fmt_count(tick.batches),
            fmt_ms(tick.longest_stall),
        )
    memory = report.table(
        "Memory of the tick process (resident set, fresh interpreter)",
        "database",
        "peak before the tick",
        "before the tick",
        "peak during the ticks",
        "growth",
    )
    for label, run_ in ((small_label, small), (big_label, big)):
        memory.add(
            label,
            _mb(run_.peak_before_kb),
            _mb(run_.rss_before_kb),
            _mb(run_.peak_kb) + ("" if run_.peak_reset else " (since start)"),
            _mb(run_.growth_kb),
        )


def _mb(kb: int | None) -> str:
    return "n/a" if kb is None else f"{kb / 1024:,.1f} MB"


def _census_table(report: Report, census: OutboxCensus, users: int) -> None:
    table = report.table(
        f"Nothing dropped: the outbox after the first tick ({fmt_count(users)} users)",
        "check",
        "expected",
        "found",
    )
    kinds = ", ".join(f"{kind} {fmt_count(n)}" for kind, n in sorted(census.by_kind.items()))
    table.add("pending rows", fmt_count(users), fmt_count(census.pending))
    table.add("users with a pending row", fmt_count(users), fmt_count(census.pending_users))
    table.add("most pending rows for one user", "1", fmt_count(census.most_pending))
    table.add("users without a pending row", "0", fmt_count(census.users_without_pending))
    table.add("users still due at the wave", "0", fmt_count(census.still_due))
    table.add("rows of other statuses", "0", fmt_count(census.rows - census.pending))
    table.add("kinds", f"morning_nudge {fmt_count(users)}", kinds)
    table.add("due_at of pending rows", f"{WAVE:%H:%M} UTC", _due_range(census))


def _due_range(census: OutboxCensus) -> str:
    if census.first_due is None or census.last_due is None:
        return "none"
    first, last = census.first_due[11:16], census.last_due[11:16]
    return f"{first} UTC" if first == last else f"{first}-{last} UTC"


def _drain_tables(
    report: Report, drained: list[Drained], order: OrderCheck, after: OutboxCensus
) -> None:
    table = report.table(
        "OutboxSender.drain against the fake Telegram (rates from the fake's timestamps)",
        "limit",
        "fake 429 above",
        "sent",
        "429s",
        "pauses",
        "msg/s",
        "of limit",
        "after 1st second",
        "busiest second",
        "CPU ms/msg",
        "DB calls/msg",
    )
    for result in drained:
        drain = result.drain
        table.add(
            drain.label,
            f"{drain.flood_limit}/s" if drain.flood_limit else "—",
            fmt_count(result.sent),
            fmt_count(result.rejected),
            fmt_count(result.pauses),
            fmt_rate(result.fake_rate),
            fmt_ratio(result.fake_rate / drain.rate),
            fmt_rate(result.after_first_second),
            fmt_count(result.busiest_second),
            fmt_ms(result.clock.cpu / max(result.sent, 1)),
            f"{result.storage_calls / max(result.sent, 1):.2f}",
        )
    checks = report.table(
        "Order and completeness of the messages the fake received (all drains)",
        "check",
        "found",
    )
    checks.add("messages received", fmt_count(order.messages))
    checks.add("distinct chats (a chat twice = sent twice)", fmt_count(order.chats))
    checks.add("in due-time order", "yes" if order.in_due_order else "NO")
    checks.add(
        "at the position the outbox order (due_at, delivery_id) gives",
        f"{fmt_count(order.outbox_order)} of {fmt_count(order.messages)}",
    )
    if order.first_due is not None and order.last_due is not None:
        checks.add("due_at of the messages", f"{order.first_due:%H:%M}-{order.last_due:%H:%M} UTC")
    statuses = ", ".join(f"{name} {fmt_count(n)}" for name, n in sorted(after.by_status.items()))
    checks.add("outbox afterwards", statuses)
    skipped = Counter[str]()
    for result in drained:
        skipped.update(result.reasons)
    if skipped:
        checks.add(
            "skipped by the sender",
            "; ".join(f"{reason}: {n}" for reason, n in skipped.most_common()),
        )


def _notes(
    report: Report, sizes: SchedulerSizes, limiter: str, per_message: dict[str, float]
) -> None:
    calls = ", ".join(f"{name} {count:.2f}" for name, count in per_message.items())
    report.notes += [
        f"Wave: every user due at {WAVE:%Y-%m-%d %H:%M} UTC (a Wednesday), nudge time = that "
        f"instant's local time in their zone ({len(WAVE_ZONES)} zones, UTC to UTC+4: 07:00 to "
        f"11:00 local); one active goal each with {sizes.days} days of history, last seen the "
        "day before. See the module docstring for why.",
        "Tick: SchedulerService.tick() with its default batch of "
        f"{BATCH} users per transaction, run by bench.scenarios.tick_process in a fresh "
        "interpreter; 'again' is a second tick at the same instant in the same process. "
        "'Longest loop stall': the longest an asyncio task waited for the event loop while the "
        "tick ran (a 5 ms probe); the bot's interactive updates would wait as long.",
        "Memory: resident set of the tick process (/proc/self/status); the peak (VmHWM) is "
        "reset just before the first tick (/proc/self/clear_refs), so 'peak during the ticks' "
        "and 'growth' (peak during - before) belong to the ticks alone.",
        f"Drain: OutboxSender with the real bot's DeliveryService and PTB Bot ({limiter}, "
        "max_retries=2: PTB waits out a 429 and retries before the sender sees it), in passes "
        f"of {SENDER_BATCH}; each drain continues the same outbox; the clock runs from the wave "
        "on. Flood-limited drains start after 1 s of quiet.",
        "msg/s: (messages - 1) / (last - first) by the fake's clock; 'of limit' = msg/s / "
        "limit; 'after 1st second' leaves out the sender's initial burst (aiolimiter lets a "
        "full second's budget through at once); 'busiest second': the most messages the fake "
        "accepted in any 1-second window.",
        f"Repository calls per message ({sizes.drains[-1].label} drain): {calls or 'none'}.",
        "CPU ms/msg: the whole process (fake server, bot, aiosqlite) per message sent.",
    ]


SCENARIO: Scenario[SchedulerSizes] = Scenario(
    name="scheduler",
    summary="tick over 100,000 users due at one minute; outbox drain rate at 30/s and 1,000/s",
    full=FULL,
    quick=QUICK,
    run=run,
)

__all__ = ["FULL", "QUICK", "SCENARIO", "Drain", "SchedulerSizes"]
