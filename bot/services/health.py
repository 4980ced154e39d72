"""Is this instance healthy? The database answers, the scheduler ticks, the outbox drains.

``/healthz`` (``bot.web``) asks :meth:`HealthService.check` and answers 200 or 503 with the
figures, so that a load balancer, Docker or a person can tell a stuck bot from a quiet one:

* the database must answer one cheap query within :data:`DATABASE_TIMEOUT`;
* where the scheduler runs, a tick must have finished within :func:`tick_deadline` (a tick
  still running counts as alive for up to :data:`LONGEST_TICK`);
* the sender must not stall: deliveries waiting more than :data:`SENDER_STALL` while nothing
  was sent for as long. A quiet night (nothing due) is healthy; a long backlog that is being
  worked through is healthy too.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.coach.models import OutboxHealth
from storage.base import Repository

DATABASE_TIMEOUT = 5.0
"""Seconds the database may take to answer the health query before it counts as unreachable."""

SENDER_STALL = timedelta(minutes=5)
"""A backlog older than this with nothing sent for as long means the sender is stuck."""

LONGEST_TICK = timedelta(minutes=15)
"""A tick running longer than this is stuck (one tick plans every due user in batches)."""


def tick_deadline(interval: float) -> timedelta:
    """How long without a finished tick is too long: five intervals, at least five minutes."""
    return max(timedelta(seconds=5 * interval), timedelta(minutes=5))


@dataclass
class Heartbeat:
    """When this instance's scheduler last ticked (times from the injected clock).

    Attributes:
        started_at: When the scheduler started here (``None``: it does not run here).
        interval: Seconds between ticks (``SCHEDULER_TICK_SECONDS``).
        tick_started_at: When the tick now running began (``None``: none is running).
        tick_finished_at: When the last tick finished (``None``: none has yet).
    """

    started_at: datetime | None = None
    interval: float = 30.0
    tick_started_at: datetime | None = None
    tick_finished_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Health:
    """One health check's verdict and the figures behind it.

    Attributes:
        checked_at: When the check ran.
        problems: What is wrong, one short sentence each; empty when healthy.
        outbox: The outbox's figures (``None`` when the database did not answer).
        last_tick_age: Seconds since the last tick finished here (``None``: the scheduler does
            not run here, or has not finished a tick yet).
        tick_running_for: Seconds the tick now running has taken (``None``: none is running).
    """

    checked_at: datetime
    problems: tuple[str, ...]
    outbox: OutboxHealth | None
    last_tick_age: float | None
    tick_running_for: float | None

    @property
    def healthy(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems

    def as_json(self) -> dict[str, object]:
        """The verdict and figures as a JSON object (ages in seconds, ``null`` when unknown)."""
        outbox = self.outbox
        return {
            "status": "ok" if self.healthy else "unhealthy",
            "problems": list(self.problems),
            "database": "ok" if outbox is not None else "unreachable",
            "last_tick_age_seconds": _round(self.last_tick_age),
            "tick_running_seconds": _round(self.tick_running_for),
            "last_sent_age_seconds": (
                None if outbox is None else _round(_age(outbox.last_sent_at, self.checked_at))
            ),
            "outbox_backlog": None if outbox is None else outbox.backlog,
            "outbox_oldest_due_age_seconds": (
                None if outbox is None else _round(_age(outbox.oldest_due_at, self.checked_at))
            ),
        }


class HealthService:
    """Checks the database, the scheduler's heartbeat and the outbox."""

    def __init__(self, repository: Repository, clock: Clock) -> None:
        """Create the service.

        Args:
            repository: The database to ask.
            clock: The injected clock (aware UTC).
        """
        self._repository = repository
        self._clock = clock

    async def outbox(self) -> OutboxHealth | None:
        """The outbox's figures now, or ``None`` when the database does not answer in time."""
        reading = await self._read_outbox()
        return reading if isinstance(reading, OutboxHealth) else None

    async def check(self, heartbeat: Heartbeat) -> Health:
        """Judge this instance's health now (see the module doc for the rules)."""
        reading = await self._read_outbox()
        outbox = reading if isinstance(reading, OutboxHealth) else None
        now = self._clock()
        problems: list[str] = []
        if not isinstance(reading, OutboxHealth):
            problems.append(reading)
        running_for = _age(heartbeat.tick_started_at, now)
        last_tick = _age(heartbeat.tick_finished_at, now)
        if heartbeat.started_at is not None:
            problems += _scheduler_problems(heartbeat, now, running_for, last_tick)
            if outbox is not None:
                problems += _sender_problems(outbox, now)
        return Health(now, tuple(problems), outbox, last_tick, running_for)

    async def _read_outbox(self) -> OutboxHealth | str:
        """The outbox's figures, or why the database did not give them."""
        try:
            return await asyncio.wait_for(
                self._repository.outbox_health(self._clock()), DATABASE_TIMEOUT
            )
        except TimeoutError:
            return f"the database did not answer within {DATABASE_TIMEOUT:g} s"
        except Exception as error:
            # Any failure to answer is the finding itself, whatever the driver raised. Only the
            # kind is shown: the text of a driver's error may name hosts and users.
            return f"the database is unreachable ({type(error).__name__})"


def _scheduler_problems(
    heartbeat: Heartbeat, now: datetime, running_for: float | None, last_tick: float | None
) -> list[str]:
    if running_for is not None:
        if running_for > LONGEST_TICK.total_seconds():
            return [f"a scheduler tick has been running for {running_for:.0f} s"]
        return []
    since = heartbeat.tick_finished_at or heartbeat.started_at
    deadline = tick_deadline(heartbeat.interval)
    if since is not None and now - since > deadline:
        return [f"no scheduler tick for {(now - since).total_seconds():.0f} s"]
    return []


def _sender_problems(outbox: OutboxHealth, now: datetime) -> list[str]:
    if outbox.oldest_due_at is None or now - outbox.oldest_due_at <= SENDER_STALL:
        return []
    if outbox.last_sent_at is not None and now - outbox.last_sent_at <= SENDER_STALL:
        return []
    late = (now - outbox.oldest_due_at).total_seconds()
    return [f"{outbox.backlog} scheduled messages are waiting (the oldest {late:.0f} s late)"]


def _age(moment: datetime | None, now: datetime) -> float | None:
    return None if moment is None else max((now - moment).total_seconds(), 0.0)


def _round(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds, 3)
