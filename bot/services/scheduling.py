"""The scheduler tick: who is due, what they are owed, and when to look at them next.

A few periodic jobs drive everything (never one job per user): the tick selects users whose next
due time has passed (an indexed column), writes what they are owed into the outbox — one row per
(user, kind, local date), so nothing is sent twice — and moves their next due time on. Slots
missed while the bot was down are sent if still useful, else recorded as skipped.

Users who share the settings that decide their schedule and their due time form a cohort
(``bot.coach.cohorts``): the tick plans each cohort once and writes it with set-based statements,
a batch of users at a time, giving the event loop its turn between batches.
Users whose birthday, pause or chosen fresh start falls near, and any the cohorts did not take,
are planned one by one, exactly as a cohort's members would be if planned alone.
"""

from __future__ import annotations

import asyncio
import logging
import time as stopwatch
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.coach.cohorts import Cohort, CohortPlan, DueBatch, is_personal, personal_window
from bot.coach.models import NewDelivery, SchedulePlan, User
from bot.coach.schedule.settings import ScheduleSettings
from bot.coach.schedule.slots import Slot, due_slots, next_due
from storage.base import Repository

log = logging.getLogger(__name__)

BATCH = 1000
"""Users per batch (one claim): large enough to be fast, small enough to keep memory flat and each
statement (and a chatting user's write waiting for the batch) within milliseconds."""

BROKEN_RETRY = timedelta(days=1)
"""A user whose settings cannot be scheduled (e.g. a zone this machine does not know) is looked
at again this much later, so one bad row neither stops the tick nor floods the log."""


CLAIMERS = 2
"""Batches planned at once on PostgreSQL. The database server does most of a batch's work
(matching, locking, moving the users on, writing their rows), one core per statement; two
claimers keep two of its cores busy instead of one, as two instances would (a 100,000-user
wave on 2 cores: 2.37 -> 1.51 s, 2.55x -> 1.59x the one-statement floor). SQLite has one
writer: one batch at a time."""


@dataclass(slots=True)
class _Tally:
    """Users planned and deliveries enqueued so far in one tick, by all its claimers."""

    users: int = 0
    enqueued: int = 0


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
        """Schedule every user whose next due time has passed, oldest first.

        Where several instances may share the database (PostgreSQL), :data:`CLAIMERS` batches
        are planned at once, each claimed as another instance's would be; on SQLite, and when
        ``max_users`` caps the tick, one at a time.
        """
        started = stopwatch.perf_counter()
        now = self._clock()
        tally = _Tally()
        plans: dict[Cohort, CohortPlan] = {}
        claimers = 1 if max_users is not None or self._repository.single_instance else CLAIMERS
        runs = [
            asyncio.create_task(self._plan_due(now, batch, max_users, plans, tally))
            for _ in range(claimers)
        ]
        try:
            await asyncio.gather(*runs)
        finally:
            # One failed (or the tick was cancelled): the others stop where they are; what they
            # had not written is still due, for the next tick.
            for run in runs:
                run.cancel()
            await asyncio.gather(*runs, return_exceptions=True)
        return TickReport(tally.users, tally.enqueued, stopwatch.perf_counter() - started)

    async def _plan_due(
        self,
        now: datetime,
        batch: int,
        max_users: int | None,
        plans: dict[Cohort, CohortPlan],
        tally: _Tally,
    ) -> None:
        """Claim and plan due batches until nobody is left due (or ``max_users`` are planned)."""
        while max_users is None or tally.users < max_users:
            limit = batch if max_users is None else min(batch, max_users - tally.users)
            # Claimed until its plans are written: another claimer (of this instance or of
            # another on the same PostgreSQL database) skips these users and plans the next.
            async with self._repository.claim_due_batch(now, limit) as (due, claimed):
                if due is None:
                    return
                planned, queued = await _plan_batch(claimed, due, now, plans)
            tally.users += planned
            tally.enqueued += queued
            await asyncio.sleep(0)  # between batches, replies to chatting users go first

    async def reschedule(self, user: User) -> None:
        """Recompute the next due time at once (after a settings change or set-up)."""
        now = self._clock()
        due = next_due(_settings(user), now) if user.timezone else None
        await self._repository.set_next_due(user.user_id, due)


async def _plan_batch(
    claimed: Repository, due: DueBatch, now: datetime, plans: dict[Cohort, CohortPlan]
) -> tuple[int, int]:
    """Plan a claimed batch: its cohorts set-based, then whoever is left one by one.

    ``plans`` keeps each cohort's plan for the rest of the tick: the next batch of a cohort
    is written at once, and only a batch with users of a cohort not met yet is read.

    Returns:
        Users planned and deliveries enqueued.
    """
    window = personal_window(due.since, now)
    known = [plan for cohort, plan in plans.items() if cohort.since == due.since]
    users, enqueued = await claimed.apply_cohorts(due, known, window, now)
    if users >= due.size:
        return users, enqueued
    left = await claimed.unplanned_users(due)
    met = {Cohort.of(user) for user in left if not is_personal(user, window)} - plans.keys()
    if met:
        for cohort in met:
            plans[cohort] = _plan_cohort(cohort, now)
        more, queued = await claimed.apply_cohorts(due, [plans[c] for c in met], window, now)
        users, enqueued = users + more, enqueued + queued
        left = [user for user in left if is_personal(user, window) or Cohort.of(user) not in met]
    enqueued += await claimed.apply_schedule([_safe_plan(user, now) for user in left], now)
    return users + len(left), enqueued


def _plan_cohort(cohort: Cohort, now_utc: datetime) -> CohortPlan:
    """What every member of a cohort is owed now (see :func:`_plan`)."""
    plan = _safe_plan(cohort.member(), now_utc)
    return CohortPlan(cohort, plan.deliveries, plan.stale, plan.next_due_at)


def _safe_plan(user: User, now_utc: datetime) -> SchedulePlan:
    """:func:`_plan`, or nothing owed and a look again later if the user's data is unusable."""
    try:
        return _plan(user, now_utc)
    except Exception:
        who = f"user {user.user_id}" if user.user_id else f"users in {user.timezone!r}"
        log.exception("Cannot schedule %s; trying again in a day", who)
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
