"""The scheduler tick: who is due, what they are owed, and when to look at them next.

A few periodic jobs drive everything (never one job per user): the tick selects users whose next
due time has passed (an indexed column), writes what they are owed into the outbox — one row per
(user, kind, local date), so nothing is sent twice — and moves their next due time on. Slots
missed while the bot was down are sent if still useful, else recorded as skipped.
"""

from __future__ import annotations

import asyncio
import logging
import time as stopwatch
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.coach.models import NewDelivery, SchedulePlan, User
from bot.coach.schedule import ScheduleSettings, Slot, due_slots, next_due
from storage.base import Repository

log = logging.getLogger(__name__)

YIELD_EVERY = 50
"""Users planned between two chances for the event loop to serve interactive updates."""

BATCH = 1000
"""Users per transaction: large enough to be fast, small enough to keep memory flat."""

BROKEN_RETRY = timedelta(days=1)
"""A user whose settings cannot be scheduled (e.g. a zone this machine does not know) is looked
at again this much later, so one bad row neither stops the tick nor floods the log."""


@dataclass(frozen=True, slots=True)
class TickReport:
    """What one tick did."""

    users: int
    enqueued: int
    seconds: float


class SchedulerService:
    """Turns users' settings into outbox rows, a batch of users at a time."""

    def __init__(self, repository: Repository, clock: Clock) -> None:
        """Create the service.

        Args:
            repository: Where users and the outbox are stored.
            clock: The injected clock (aware UTC).
        """
        self._repository = repository
        self._clock = clock

    async def tick(self, *, batch: int = BATCH, max_users: int | None = None) -> TickReport:
        """Schedule every user whose next due time has passed, oldest first."""
        started = stopwatch.perf_counter()
        now = self._clock()
        users = enqueued = 0
        while max_users is None or users < max_users:
            # Claimed until their plans are written: another instance's tick on the same
            # PostgreSQL database skips these users and plans the next due ones.
            async with self._repository.claim_due_users(now, batch) as (due, claimed):
                if not due:
                    break
                plans = []
                for index, user in enumerate(due):
                    plans.append(_safe_plan(user, now))
                    if index % YIELD_EVERY == YIELD_EVERY - 1:
                        # Planning a batch is CPU work: let replies to chatting users through.
                        await asyncio.sleep(0)
                enqueued += await claimed.apply_schedule(plans, now)
            users += len(due)
        return TickReport(users, enqueued, stopwatch.perf_counter() - started)

    async def reschedule(self, user: User) -> None:
        """Recompute the next due time at once (after a settings change or set-up)."""
        now = self._clock()
        due = next_due(_settings(user), now) if user.timezone else None
        await self._repository.set_next_due(user.user_id, due)


def _safe_plan(user: User, now_utc: datetime) -> SchedulePlan:
    """:func:`_plan`, or nothing owed and a look again later if the user's data is unusable."""
    try:
        return _plan(user, now_utc)
    except Exception:
        log.exception("Cannot schedule user %d; trying again in a day", user.user_id)
        return SchedulePlan(user.user_id, (), (), now_utc + BROKEN_RETRY)


def _plan(user: User, now_utc: datetime) -> SchedulePlan:
    """What a due user is owed now, and when to look at them again."""
    if user.timezone is None or user.nudge_time is None:
        return SchedulePlan(user.user_id, (), (), None)
    settings = _settings(user)
    fresh: list[NewDelivery] = []
    stale: list[NewDelivery] = []
    for slot in due_slots(settings, user.next_due_at, now_utc):
        (stale if slot.stale else fresh).append(_delivery(user, slot))
    return SchedulePlan(user.user_id, tuple(fresh), tuple(stale), next_due(settings, now_utc))


def _delivery(user: User, slot: Slot) -> NewDelivery:
    payload: dict[str, object] = {}
    if slot.landmark is not None:
        payload = {"landmark": slot.landmark.kind.value, "day": slot.landmark.day.isoformat()}
    return NewDelivery(
        user.user_id, slot.kind.value, slot.local_date, slot.due_at, slot.expires_at, payload
    )


def _settings(user: User) -> ScheduleSettings:
    """The user's schedule settings, with the fresh start they picked with /freshstart."""
    return ScheduleSettings.from_user(user, fresh_start_date=user.fresh_start_on)
