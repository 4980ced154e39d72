"""An in-memory Repository: the verified fake for service and handler tests.

It passes the same contract tests as ``SqliteRepository`` (``tests/storage/test_contract.py``),
so code tested against it behaves the same on the real database. It copies the SQLite backend's
observable semantics, including the choices the contract leaves open (listed in the docstring of
``storage.sqlite``): ownership checks, orderings and their tie-breaks, the idempotent outbox,
cascading deletes, aware-UTC datetimes, ``HH:MM`` times, JSON payloads and ``ValueError`` for
values the database would refuse or could not store faithfully.

Atomicity comes for free: no method awaits anything while it reads or changes state, so on one
event loop each call runs to completion before another starts.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time

from bot.coach.models import (
    CoachEventKind,
    DailyEntry,
    Delivery,
    DeliveryStatus,
    EntryStatus,
    Goal,
    GoalStatus,
    LevelKind,
    Measure,
    Milestone,
    MilestoneStep,
    NewDelivery,
    NewEntry,
    NewGoal,
    NewTargetLevel,
    SchedulePlan,
    StoreCounts,
    TargetLevel,
    User,
    UserProfile,
    UserStatus,
)
from storage.base import ActiveGoalLimitError, NotFoundError, StorageError

__all__ = ["MemoryRepository"]

# --- the same value rules as the SQLite columns -------------------------------------------------


def _utc(value: datetime) -> datetime:
    if not isinstance(value, datetime):
        raise TypeError(f"expected a datetime, got {value!r}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value!r}: the storage layer needs aware datetimes")
    return value.astimezone(UTC)


def _utc_or_none(value: datetime | None) -> datetime | None:
    return None if value is None else _utc(value)


def _day(value: date) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValueError(f"expected a date, got {value!r}")
    return value


def _day_or_none(value: date | None) -> date | None:
    return None if value is None else _day(value)


def _hm(value: time) -> time:
    if value.tzinfo is not None or value.second or value.microsecond:
        raise ValueError(f"wall-clock times are stored as HH:MM, got {value!r}")
    return value


def _hm_or_none(value: time | None) -> time | None:
    return None if value is None else _hm(value)


def _measure(measure: Measure | None) -> Measure | None:
    return None if measure is None else Measure(float(measure.quantity), measure.unit)


def _quantity(value: float | None) -> float | None:
    return None if value is None else float(value)


def _payload_text(payload: dict[str, object]) -> str:
    return json.dumps(payload, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _limit(limit: int) -> int:
    if limit < 0:
        raise ValueError(f"limit must not be negative, got {limit}")
    return limit


class MemoryRepository:
    """The Repository kept in dictionaries; nothing survives the process.

    Stored objects are frozen dataclasses, so they are returned as they are; a delivery's payload
    (a mutable dict) is kept as JSON text and decoded afresh for every caller, exactly as the
    database does, so no caller can change what another one reads.
    """

    def __init__(self) -> None:
        """Start empty."""
        self._users: dict[int, User] = {}
        self._goals: dict[int, Goal] = {}
        # Milestones are kept without their steps; steps live apart and are joined on reading.
        self._milestones: dict[int, Milestone] = {}
        self._steps: dict[int, MilestoneStep] = {}
        self._entries: dict[int, DailyEntry] = {}
        self._levels: dict[int, TargetLevel] = {}
        self._events: dict[tuple[int, str, str], int] = {}  # (goal, kind, key) -> user
        self._deliveries: dict[int, Delivery] = {}
        self._payloads: dict[int, str] = {}
        self._delivery_keys: dict[tuple[int, str, date], int] = {}
        # Ids are never reused, like SQLite's AUTOINCREMENT and PostgreSQL's identity columns.
        self._goal_ids: Iterator[int] = itertools.count(1)
        self._milestone_ids: Iterator[int] = itertools.count(1)
        self._step_ids: Iterator[int] = itertools.count(1)
        self._entry_ids: Iterator[int] = itertools.count(1)
        self._level_ids: Iterator[int] = itertools.count(1)
        self._delivery_ids: Iterator[int] = itertools.count(1)
        self._closed = False

    async def close(self) -> None:
        """Refuse further calls, like a closed database. Safe to call twice."""
        self._closed = True

    def _check_open(self) -> None:
        if self._closed:
            raise StorageError("the repository is closed")

    # --- users -----------------------------------------------------------------------------------

    async def upsert_user(self, profile: UserProfile, now: datetime) -> tuple[User, bool]:
        """Create the user on first contact, or refresh their Telegram profile.

        Refreshes chat id, first name and language, sets ``last_seen_at`` to ``now``, and turns a
        BLOCKED user back to ACTIVE. Never touches settings, goals or the dialog state.

        Returns:
            The stored user and whether it was created by this call.
        """
        self._check_open()
        now = _utc(now)
        old = self._users.get(profile.user_id)
        if old is None:
            user = User(
                user_id=profile.user_id,
                chat_id=profile.chat_id,
                first_name=profile.first_name,
                language_code=profile.language_code,
                created_at=now,
                updated_at=now,
                last_seen_at=now,
            )
            self._users[user.user_id] = user
            return user, True
        status = UserStatus.ACTIVE if old.status is UserStatus.BLOCKED else old.status
        changed = (old.chat_id, old.first_name, old.language_code, old.status) != (
            profile.chat_id,
            profile.first_name,
            profile.language_code,
            status,
        )
        user = replace(
            old,
            chat_id=profile.chat_id,
            first_name=profile.first_name,
            language_code=profile.language_code,
            status=status,
            last_seen_at=now,
            updated_at=now if changed else old.updated_at,
        )
        self._users[user.user_id] = user
        return user, False

    async def get_user(self, user_id: int) -> User | None:
        """Return the user, or ``None`` if they never wrote to the bot (or were deleted)."""
        self._check_open()
        return self._users.get(user_id)

    async def save_user(self, user: User) -> User:
        """Store the user's settings and dialog state (every field but the scheduling ones).

        ``status``, ``next_due_at``, ``created_at`` and ``last_seen_at`` are left as stored;
        ``updated_at`` is taken from the given user.

        Returns:
            The user as now stored.

        Raises:
            NotFoundError: The user does not exist.
        """
        self._check_open()
        if not 0 <= user.review_weekday <= 6:
            raise ValueError(f"review_weekday must be 0-6, got {user.review_weekday}")
        # Validate everything before looking the user up, in the order the SQLite backend does.
        nudge_time = _hm_or_none(user.nudge_time)
        evening_time, quiet_start = _hm(user.evening_time), _hm(user.quiet_start)
        quiet_end, review_time = _hm(user.quiet_end), _hm(user.review_time)
        birthday, paused_until = _day_or_none(user.birthday), _day_or_none(user.paused_until)
        updated_at = _utc(user.updated_at)
        old = self._users.get(user.user_id)
        if old is None:
            raise NotFoundError(f"user {user.user_id} does not exist")
        stored = replace(
            old,
            chat_id=user.chat_id,
            first_name=user.first_name,
            language_code=user.language_code,
            timezone=user.timezone,
            nudge_time=nudge_time,
            evening_enabled=bool(user.evening_enabled),
            evening_time=evening_time,
            quiet_start=quiet_start,
            quiet_end=quiet_end,
            review_weekday=user.review_weekday,
            review_time=review_time,
            birthday=birthday,
            paused_until=paused_until,
            fresh_start_on=_day_or_none(user.fresh_start_on),
            fresh_start_prompted_on=_day_or_none(user.fresh_start_prompted_on),
            dialog=user.dialog,
            updated_at=updated_at,
        )
        self._users[stored.user_id] = stored
        return stored

    async def set_user_status(self, user_id: int, status: UserStatus, now: datetime) -> None:
        """Mark a user active, blocked or deleted. Unknown users are ignored."""
        self._check_open()
        status, now = UserStatus(status), _utc(now)
        old = self._users.get(user_id)
        if old is not None and old.status is not status:
            self._users[user_id] = replace(old, status=status, updated_at=now)

    async def set_next_due(self, user_id: int, next_due_at: datetime | None) -> None:
        """Set when the scheduler should next look at the user (``None``: never)."""
        self._check_open()
        next_due_at = _utc_or_none(next_due_at)
        old = self._users.get(user_id)
        if old is not None:
            self._users[user_id] = replace(old, next_due_at=next_due_at)

    async def set_fresh_start_prompted(self, user_id: int, day: date) -> None:
        """Remember the landmark the user was last prompted on (see the contract)."""
        self._check_open()
        day = _day(day)
        old = self._users.get(user_id)
        if old is not None:
            self._users[user_id] = replace(old, fresh_start_prompted_on=day)

    async def due_users(self, now: datetime, limit: int) -> list[User]:
        """Active users whose ``next_due_at`` is at or before ``now``, earliest first."""
        self._check_open()
        now, limit = _utc(now), _limit(limit)
        due = [
            u
            for u in self._users.values()
            if u.status is UserStatus.ACTIVE and u.next_due_at is not None and u.next_due_at <= now
        ]
        due.sort(key=lambda u: (u.next_due_at, u.user_id))
        return due[:limit]

    async def delete_user(self, user_id: int) -> None:
        """Erase the user and everything they own. Unknown users are ignored."""
        self._check_open()
        if self._users.pop(user_id, None) is None:
            return
        for milestone_id in [k for k, v in self._milestones.items() if v.user_id == user_id]:
            self._drop_milestone(milestone_id)
        for table in (self._goals, self._entries, self._levels):
            for key in [k for k, v in table.items() if v.user_id == user_id]:
                del table[key]
        for event in [k for k, owner in self._events.items() if owner == user_id]:
            del self._events[event]
        for delivery_id in [k for k, v in self._deliveries.items() if v.user_id == user_id]:
            delivery = self._deliveries.pop(delivery_id)
            del self._payloads[delivery_id]
            del self._delivery_keys[(delivery.user_id, delivery.kind, delivery.local_date)]

    # --- goals -----------------------------------------------------------------------------------

    def _owned_goal(self, user_id: int, goal_id: int) -> Goal | None:
        goal = self._goals.get(goal_id)
        return goal if goal is not None and goal.user_id == user_id else None

    async def create_goal(self, new: NewGoal, now: datetime) -> Goal:
        """Create a goal with the next free priority (after the user's other goals).

        Raises:
            NotFoundError: The user does not exist.
        """
        self._check_open()
        now, status = _utc(now), GoalStatus(new.status)
        if new.user_id not in self._users:
            raise NotFoundError(f"user {new.user_id} does not exist")
        priority = 1 + max(
            (g.priority for g in self._goals.values() if g.user_id == new.user_id), default=0
        )
        goal = Goal(
            goal_id=next(self._goal_ids),
            user_id=new.user_id,
            status=status,
            priority=priority,
            created_at=now,
            updated_at=now,
            vision=new.vision,
        )
        self._goals[goal.goal_id] = goal
        return goal

    async def get_goal(self, user_id: int, goal_id: int) -> Goal | None:
        """Return the goal if it exists and belongs to ``user_id``, else ``None``."""
        self._check_open()
        return self._owned_goal(user_id, goal_id)

    async def list_goals(
        self, user_id: int, statuses: Collection[GoalStatus] | None = None
    ) -> list[Goal]:
        """The user's goals, by priority then id; only the given statuses when set."""
        self._check_open()
        wanted = None if statuses is None else {GoalStatus(s) for s in statuses}
        goals = [
            g
            for g in self._goals.values()
            if g.user_id == user_id and (wanted is None or g.status in wanted)
        ]
        goals.sort(key=lambda g: (g.priority, g.goal_id))
        return goals

    async def save_goal(self, goal: Goal) -> Goal:
        """Store every level, the status, the priority and ``updated_at`` of a goal.

        ``user_id`` and ``created_at`` are left as stored.

        Returns:
            The goal as now stored.

        Raises:
            NotFoundError: The goal does not exist or belongs to another user.
        """
        self._check_open()
        if goal.priority < 1:
            raise ValueError(f"priority must be 1 or more, got {goal.priority}")
        status = GoalStatus(goal.status)
        outcome_due, start_date = _day_or_none(goal.outcome_due), _day_or_none(goal.start_date)
        updated_at = _utc(goal.updated_at)
        old = self._owned_goal(goal.user_id, goal.goal_id)
        if old is None:
            raise NotFoundError(f"goal {goal.goal_id} of user {goal.user_id} does not exist")
        stored = replace(
            old,
            status=status,
            priority=goal.priority,
            vision=goal.vision,
            outcome=goal.outcome,
            outcome_measure=_measure(goal.outcome_measure),
            outcome_due=outcome_due,
            monthly=goal.monthly,
            monthly_measure=_measure(goal.monthly_measure),
            weekly=goal.weekly,
            weekly_measure=_measure(goal.weekly_measure),
            daily=goal.daily,
            daily_measure=_measure(goal.daily_measure),
            mva=goal.mva,
            mva_measure=_measure(goal.mva_measure),
            identity=goal.identity,
            start_date=start_date,
            updated_at=updated_at,
        )
        self._goals[stored.goal_id] = stored
        return stored

    async def set_goal_status(
        self,
        user_id: int,
        goal_id: int,
        status: GoalStatus,
        now: datetime,
        *,
        max_active: int | None = None,
    ) -> Goal:
        """Change only a goal's status (pause, resume, archive), checking the active limit.

        Setting the status the goal already has changes nothing; a real change sets
        ``updated_at`` to ``now``. With ``max_active`` and ``status`` ACTIVE, the goal is refused
        when the user's other goals already hold ``max_active`` active ones.

        Returns:
            The goal as now stored.

        Raises:
            NotFoundError: The goal does not exist or belongs to another user.
            ActiveGoalLimitError: The goal would be one active goal too many (nothing changed).
        """
        self._check_open()
        status, now = GoalStatus(status), _utc(now)
        old = self._owned_goal(user_id, goal_id)
        if old is None:
            raise NotFoundError(f"goal {goal_id} of user {user_id} does not exist")
        if old.status is status:
            return old
        if max_active is not None and status is GoalStatus.ACTIVE:
            active = sum(
                1
                for g in self._goals.values()
                if g.user_id == user_id and g.status is GoalStatus.ACTIVE and g.goal_id != goal_id
            )
            if active >= max_active:
                raise ActiveGoalLimitError(user_id, max_active)
        stored = replace(old, status=status, updated_at=now)
        self._goals[goal_id] = stored
        return stored

    async def reorder_goals(
        self, user_id: int, goal_ids: Sequence[int], now: datetime
    ) -> list[Goal]:
        """Rewrite the user's priorities in one atomic step.

        The listed goals come first, in the order given; the user's other goals follow in their
        previous order. Priorities come out compact (1 to n); goals whose priority changes get
        ``updated_at`` = ``now``.

        Returns:
            All the user's goals in their new order.

        Raises:
            NotFoundError: An id is not one of the user's goals (nothing changed).
            ValueError: An id is listed twice (nothing changed).
        """
        self._check_open()
        wanted = list(goal_ids)
        if len(set(wanted)) != len(wanted):
            raise ValueError(f"a goal is listed twice in {wanted}")
        now = _utc(now)
        current = sorted(
            (g for g in self._goals.values() if g.user_id == user_id),
            key=lambda g: (g.priority, g.goal_id),
        )
        by_id = {g.goal_id: g for g in current}
        missing = [goal_id for goal_id in wanted if goal_id not in by_id]
        if missing:
            raise NotFoundError(f"goals {missing} of user {user_id} do not exist")
        listed = set(wanted)
        order = wanted + [g.goal_id for g in current if g.goal_id not in listed]
        result = []
        for priority, goal_id in enumerate(order, start=1):
            goal = by_id[goal_id]
            if goal.priority != priority:
                goal = replace(goal, priority=priority, updated_at=now)
                self._goals[goal_id] = goal
            result.append(goal)
        return result

    # --- milestones ------------------------------------------------------------------------------

    def _owned_milestone(self, user_id: int, milestone_id: int) -> Milestone | None:
        milestone = self._milestones.get(milestone_id)
        return milestone if milestone is not None and milestone.user_id == user_id else None

    def _with_steps(self, milestone: Milestone) -> Milestone:
        steps = sorted(
            (s for s in self._steps.values() if s.milestone_id == milestone.milestone_id),
            key=lambda s: (s.position, s.step_id),
        )
        return replace(milestone, steps=tuple(steps))

    def _drop_milestone(self, milestone_id: int) -> None:
        del self._milestones[milestone_id]
        for step_id in [k for k, v in self._steps.items() if v.milestone_id == milestone_id]:
            del self._steps[step_id]

    async def add_milestone(
        self, user_id: int, goal_id: int, title: str, due_date: date | None, now: datetime
    ) -> Milestone:
        """Add a milestone at the end of the goal's list.

        Raises:
            NotFoundError: The goal does not exist or belongs to another user.
        """
        self._check_open()
        due_date, now = _day_or_none(due_date), _utc(now)
        if self._owned_goal(user_id, goal_id) is None:
            raise NotFoundError(f"goal {goal_id} of user {user_id} does not exist")
        position = 1 + max(
            (m.position for m in self._milestones.values() if m.goal_id == goal_id), default=0
        )
        milestone = Milestone(
            milestone_id=next(self._milestone_ids),
            goal_id=goal_id,
            user_id=user_id,
            title=title,
            position=position,
            created_at=now,
            due_date=due_date,
        )
        self._milestones[milestone.milestone_id] = milestone
        return milestone

    async def list_milestones(self, user_id: int, goal_id: int) -> list[Milestone]:
        """The goal's milestones (with their steps) in position order; empty if not the user's."""
        self._check_open()
        found = [
            m for m in self._milestones.values() if m.goal_id == goal_id and m.user_id == user_id
        ]
        found.sort(key=lambda m: (m.position, m.milestone_id))
        return [self._with_steps(m) for m in found]

    async def get_milestone(self, user_id: int, milestone_id: int) -> Milestone | None:
        """Return the milestone with its steps if it belongs to ``user_id``, else ``None``."""
        self._check_open()
        milestone = self._owned_milestone(user_id, milestone_id)
        return None if milestone is None else self._with_steps(milestone)

    async def set_milestone_due(
        self, user_id: int, milestone_id: int, due_date: date | None
    ) -> Milestone:
        """Move a milestone's deadline (``None``: no deadline). Title, steps and done are kept.

        Raises:
            NotFoundError: The milestone does not exist or belongs to another user.
        """
        self._check_open()
        return self._replace_milestone(user_id, milestone_id, due_date=_day_or_none(due_date))

    async def set_milestone_done(
        self, user_id: int, milestone_id: int, done_at: datetime | None
    ) -> Milestone:
        """Tick a milestone off (``done_at``) or reopen it (``None``).

        Raises:
            NotFoundError: The milestone does not exist or belongs to another user.
        """
        self._check_open()
        return self._replace_milestone(user_id, milestone_id, done_at=_utc_or_none(done_at))

    def _replace_milestone(self, user_id: int, milestone_id: int, **changes: object) -> Milestone:
        old = self._owned_milestone(user_id, milestone_id)
        if old is None:
            raise NotFoundError(f"milestone {milestone_id} of user {user_id} does not exist")
        stored = replace(old, **changes)  # type: ignore[arg-type]
        self._milestones[milestone_id] = stored
        return self._with_steps(stored)

    async def delete_milestone(self, user_id: int, milestone_id: int) -> None:
        """Delete a milestone and its steps.

        Raises:
            NotFoundError: The milestone does not exist or belongs to another user.
        """
        self._check_open()
        if self._owned_milestone(user_id, milestone_id) is None:
            raise NotFoundError(f"milestone {milestone_id} of user {user_id} does not exist")
        self._drop_milestone(milestone_id)

    # --- milestone steps -------------------------------------------------------------------------

    def _owned_step(self, user_id: int, step_id: int) -> MilestoneStep | None:
        step = self._steps.get(step_id)
        if step is None or self._owned_milestone(user_id, step.milestone_id) is None:
            return None
        return step

    async def add_step(self, user_id: int, milestone_id: int, title: str) -> MilestoneStep:
        """Add an open step at the end of the milestone's steps (the next free position).

        Raises:
            NotFoundError: The milestone does not exist or belongs to another user.
        """
        self._check_open()
        if self._owned_milestone(user_id, milestone_id) is None:
            raise NotFoundError(f"milestone {milestone_id} of user {user_id} does not exist")
        position = 1 + max(
            (s.position for s in self._steps.values() if s.milestone_id == milestone_id),
            default=0,
        )
        step = MilestoneStep(
            step_id=next(self._step_ids), milestone_id=milestone_id, title=title, position=position
        )
        self._steps[step.step_id] = step
        return step

    async def set_step_done(
        self, user_id: int, step_id: int, done_at: datetime | None
    ) -> MilestoneStep:
        """Tick a step off (``done_at``) or reopen it (``None``).

        Raises:
            NotFoundError: The step does not exist or its milestone belongs to another user.
        """
        self._check_open()
        done_at = _utc_or_none(done_at)
        old = self._owned_step(user_id, step_id)
        if old is None:
            raise NotFoundError(f"step {step_id} of user {user_id} does not exist")
        stored = replace(old, done_at=done_at)
        self._steps[step_id] = stored
        return stored

    async def delete_step(self, user_id: int, step_id: int) -> None:
        """Delete one step; the other steps keep their positions.

        Raises:
            NotFoundError: The step does not exist or its milestone belongs to another user.
        """
        self._check_open()
        if self._owned_step(user_id, step_id) is None:
            raise NotFoundError(f"step {step_id} of user {user_id} does not exist")
        del self._steps[step_id]

    # --- the daily log ---------------------------------------------------------------------------

    async def append_entry(self, new: NewEntry, now: datetime) -> DailyEntry:
        """Append an entry to the log (``recorded_at`` = ``now``).

        Raises:
            NotFoundError: The goal does not exist or belongs to another user.
        """
        self._check_open()
        local_date, status, now = _day(new.local_date), EntryStatus(new.status), _utc(now)
        if self._owned_goal(new.user_id, new.goal_id) is None:
            raise NotFoundError(f"goal {new.goal_id} of user {new.user_id} does not exist")
        entry = DailyEntry(
            entry_id=next(self._entry_ids),
            goal_id=new.goal_id,
            user_id=new.user_id,
            local_date=local_date,
            status=status,
            recorded_at=now,
            quantity=_quantity(new.quantity),
            target=_measure(new.target),
        )
        self._entries[entry.entry_id] = entry
        return entry

    async def list_entries(
        self,
        user_id: int,
        goal_id: int,
        since: date | None = None,
        until: date | None = None,
        *,
        include_undone: bool = False,
    ) -> list[DailyEntry]:
        """The goal's entries with ``since <= local_date <= until``, oldest first.

        Ordered by local date, then by the order they were appended. Undone entries are left out
        unless ``include_undone``. Empty if the goal is not the user's.
        """
        self._check_open()
        since, until = _day_or_none(since), _day_or_none(until)
        found = [
            e
            for e in self._entries.values()
            if e.goal_id == goal_id
            and e.user_id == user_id
            and (since is None or e.local_date >= since)
            and (until is None or e.local_date <= until)
            and (include_undone or e.undone_at is None)
        ]
        found.sort(key=lambda e: (e.local_date, e.entry_id))
        return found

    async def undo_entry(self, user_id: int, entry_id: int, now: datetime) -> DailyEntry:
        """Mark an entry undone (it stays in the log for history).

        Undoing an entry twice keeps the first ``undone_at``.

        Raises:
            NotFoundError: The entry does not exist or belongs to another user.
        """
        self._check_open()
        now = _utc(now)
        old = self._entries.get(entry_id)
        if old is None or old.user_id != user_id:
            raise NotFoundError(f"entry {entry_id} of user {user_id} does not exist")
        if old.undone_at is not None:
            return old
        stored = replace(old, undone_at=now)
        self._entries[entry_id] = stored
        return stored

    # --- the outbox ------------------------------------------------------------------------------

    def _snapshot(self, delivery_id: int) -> Delivery:
        return replace(
            self._deliveries[delivery_id], payload=json.loads(self._payloads[delivery_id])
        )

    # --- target levels and coach events ---------------------------------------------------------

    async def add_target_level(self, new: NewTargetLevel, now: datetime) -> TargetLevel:
        """Append a daily target to the goal's history (``created_at`` = ``now``).

        Raises:
            NotFoundError: The goal does not exist or belongs to another user.
        """
        self._check_open()
        if self._owned_goal(new.user_id, new.goal_id) is None:
            raise NotFoundError(f"goal {new.goal_id} of user {new.user_id} does not exist")
        level = TargetLevel(
            level_id=next(self._level_ids),
            goal_id=new.goal_id,
            user_id=new.user_id,
            effective_from=_day(new.effective_from),
            kind=LevelKind(new.kind),
            text=new.text,
            created_at=_utc(now),
            target=_measure(new.target),
            step=new.step,
            steps=new.steps,
        )
        self._levels[level.level_id] = level
        return level

    async def list_target_levels(self, user_id: int, goal_id: int) -> list[TargetLevel]:
        """The goal's levels by ``effective_from``, then in the order added; empty if not theirs."""
        self._check_open()
        if self._owned_goal(user_id, goal_id) is None:
            return []
        levels = [v for v in self._levels.values() if v.goal_id == goal_id]
        return sorted(levels, key=lambda v: (v.effective_from, v.level_id))

    async def mark_event(
        self, user_id: int, goal_id: int, kind: CoachEventKind, key: str, now: datetime
    ) -> bool:
        """Record a one-off coaching moment; True only the first time."""
        self._check_open()
        _utc(now)
        if self._owned_goal(user_id, goal_id) is None:
            return False
        event = (goal_id, CoachEventKind(kind).value, key)
        if event in self._events:
            return False
        self._events[event] = user_id
        return True

    async def counts(self) -> StoreCounts:
        """Users, goals and deliveries counted by status."""
        self._check_open()

        def tally(statuses: Iterable[str]) -> dict[str, int]:
            counted: dict[str, int] = {}
            for status in statuses:
                counted[status] = counted.get(status, 0) + 1
            return counted

        return StoreCounts(
            users=tally(u.status.value for u in self._users.values()),
            goals=tally(g.status.value for g in self._goals.values()),
            deliveries=tally(d.status.value for d in self._deliveries.values()),
        )

    async def enqueue_delivery(self, new: NewDelivery, now: datetime) -> Delivery | None:
        """Put a message in the outbox unless one with the same (user, kind, local date) exists.

        Returns:
            The new delivery, or ``None`` when the key was already taken (nothing is sent twice).

        Raises:
            NotFoundError: The user does not exist.
        """
        self._check_open()
        if not new.kind:
            raise ValueError("a delivery needs a kind")
        local_date, due_at = _day(new.local_date), _utc(new.due_at)
        expires_at, now = _utc_or_none(new.expires_at), _utc(now)
        payload = _payload_text(new.payload)
        if new.user_id not in self._users:
            raise NotFoundError(f"user {new.user_id} does not exist")
        key = (new.user_id, new.kind, local_date)
        if key in self._delivery_keys:
            return None
        delivery = Delivery(
            delivery_id=next(self._delivery_ids),
            user_id=new.user_id,
            kind=new.kind,
            local_date=local_date,
            due_at=due_at,
            created_at=now,
            expires_at=expires_at,
            payload={},  # kept as text in _payloads, see _snapshot
        )
        self._deliveries[delivery.delivery_id] = delivery
        self._payloads[delivery.delivery_id] = payload
        self._delivery_keys[key] = delivery.delivery_id
        return self._snapshot(delivery.delivery_id)

    async def apply_schedule(self, plans: Sequence[SchedulePlan], now: datetime) -> int:
        """Apply a scheduler tick's plans in one transaction (see the contract)."""
        self._check_open()
        now = _utc(now)
        inserted = 0
        for plan in plans:
            if plan.user_id not in self._users:
                continue
            for new in plan.deliveries:
                if await self.enqueue_delivery(new, now) is not None:
                    inserted += 1
            for new in plan.stale:
                stale = await self.enqueue_delivery(new, now)
                if stale is not None:
                    self._deliveries[stale.delivery_id] = replace(
                        self._deliveries[stale.delivery_id],
                        status=DeliveryStatus.SKIPPED,
                        last_error="stale: its moment passed while the bot was down",
                    )
            user = self._users[plan.user_id]
            self._users[plan.user_id] = replace(user, next_due_at=_utc_or_none(plan.next_due_at))
        return inserted

    async def pending_deliveries(self, now: datetime, limit: int) -> list[Delivery]:
        """Pending deliveries due at or before ``now`` and not waiting for a retry, by due time."""
        self._check_open()
        now, limit = _utc(now), _limit(limit)
        pending = [
            d
            for d in self._deliveries.values()
            if d.status is DeliveryStatus.PENDING
            and d.due_at <= now
            and (d.next_attempt_at is None or d.next_attempt_at <= now)
        ]
        pending.sort(key=lambda d: (d.due_at, d.delivery_id))
        return [self._snapshot(d.delivery_id) for d in pending[:limit]]

    async def record_delivery(
        self,
        delivery_id: int,
        status: DeliveryStatus,
        now: datetime,
        *,
        error: str | None = None,
        telegram_message_id: int | None = None,
        retry_at: datetime | None = None,
    ) -> Delivery:
        """Record an attempt's outcome: counts the attempt and stores status and reason.

        With ``status`` PENDING and ``retry_at`` set, the delivery waits until ``retry_at``
        (``retry_at`` is ignored with any other status). SENT stores ``sent_at`` = ``now`` and the
        Telegram message id. ``last_error`` becomes ``error``.

        Raises:
            NotFoundError: No such delivery.
        """
        self._check_open()
        status, now, retry_at = DeliveryStatus(status), _utc(now), _utc_or_none(retry_at)
        old = self._deliveries.get(delivery_id)
        if old is None:
            raise NotFoundError(f"delivery {delivery_id} does not exist")
        sent = status is DeliveryStatus.SENT
        self._deliveries[delivery_id] = replace(
            old,
            status=status,
            attempts=old.attempts + 1,
            last_error=error,
            next_attempt_at=retry_at if status is DeliveryStatus.PENDING else None,
            sent_at=now if sent else old.sent_at,
            telegram_message_id=telegram_message_id if sent else old.telegram_message_id,
        )
        return self._snapshot(delivery_id)

    async def get_delivery(self, delivery_id: int) -> Delivery | None:
        """Return one delivery by id."""
        self._check_open()
        return self._snapshot(delivery_id) if delivery_id in self._deliveries else None
