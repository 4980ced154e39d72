"""The Repository in SQL, written once for SQLite and PostgreSQL (``storage.engine`` adapts).

Open it with :func:`storage.open_repository` (a ``DATABASE_URL``), which picks the engine and
applies the migrations.

Units of work:
    Every method is atomic on its own: outside a unit of work it runs in a transaction of its
    own. A use case that loads, decides and writes opens one with :meth:`SqlRepository.
    transaction` and makes every call on the repository it yields; they then share that one
    transaction and commit (or roll back) together. Reads that need no write open a read
    transaction, which takes no write lock.

Why ``BEGIN IMMEDIATE`` for every SQLite write:
    A plain (DEFERRED) transaction starts as a reader and becomes a writer at its first write.
    Our writes read first (does the goal belong to this user? which priority is next?), and if
    another connection - a backup script, a second repository in a test - writes in between,
    the upgrade fails with ``SQLITE_BUSY`` at once: ``busy_timeout`` cannot wait there. With
    ``IMMEDIATE`` the write lock is taken at ``BEGIN``, where ``busy_timeout`` does wait. On
    PostgreSQL a writer that checks before it writes locks the rows it checks (``FOR UPDATE``
    on the user or the goal), so two instances never both pass the same check.

Stored formats (the same on both engines, so the SQL and the conversions below are shared):
    * Timestamps are TEXT in UTC, fixed width ``2026-11-22T15:04:05.123456Z``, so comparing and
      ordering the text compares and orders the instants. They come back as aware UTC datetimes;
      a naive datetime passed in is a programming error (``ValueError``).
    * Local dates are ``YYYY-MM-DD``; wall-clock times are ``HH:MM`` (a time with seconds or a
      time zone would not survive, so it is refused with ``ValueError``).
    * A ``Measure`` is two columns, ``<name>_quantity`` (a double) and ``<name>_unit`` TEXT.
    * Flags are integers 0/1; a delivery's payload is JSON text (strict: no NaN or infinity).

Semantics the contract leaves open, decided here:
    * ``updated_at`` is when the row last changed: ``upsert_user`` and ``set_user_status`` set it
      to ``now`` only when they change something besides ``last_seen_at``; ``set_next_due`` leaves
      it alone (scheduler churn is not a change of the user); ``save_user`` and ``save_goal``
      take it from the given object.
    * ``upsert_user`` turns only BLOCKED users back to ACTIVE; a DELETED user stays DELETED.
    * ``set_next_due`` ignores unknown users, like ``set_user_status``.
    * ``undo_entry`` on an entry already undone keeps the first ``undone_at``.
    * ``enqueue_delivery`` for an unknown user raises ``NotFoundError``.
    * ``record_delivery`` keeps ``retry_at`` only with status PENDING, replaces ``last_error``
      with this attempt's ``error`` (``None`` clears it), and keeps the stored Telegram message id
      unless the status is SENT.
    * A negative ``limit``, a priority below 1, a review weekday outside 0-6, an empty delivery
      kind, or a ``datetime`` given where a ``date`` is expected raise ``ValueError``.
    * After ``close()``, every method but ``close`` raises ``StorageError``.
"""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import AsyncIterator, Collection, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from contextvars import ContextVar
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Literal

from bot.coach.cohorts import CohortPlan, DateWindow, DueBatch
from bot.coach.models import (
    CardMark,
    CoachEventKind,
    DailyEntry,
    Delivery,
    DeliveryOutcome,
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
    OutboxHealth,
    SchedulePlan,
    StoreCounts,
    StreakState,
    TargetLevel,
    User,
    UserProfile,
    UserStatus,
)
from storage import cohort_sql
from storage.base import ActiveGoalLimitError, NotFoundError, StorageError
from storage.columns import parse_ts as _parse_ts
from storage.columns import parse_ts_required as _parse_ts_required
from storage.columns import ts as _ts
from storage.columns import ts_or_none as _ts_or_none
from storage.engine import Engine, Params, QueryStats, Row, Tx
from storage.partners import PartnerTables

__all__ = ["SqlRepository"]

_Params = Params
_Row = Row

_AMBIENT: ContextVar[tuple[Engine, Tx, asyncio.Task[Any] | None] | None] = ContextVar(
    "unit_of_work", default=None
)
"""The unit of work open in this task (engine, transaction, owner), which calls inside it join."""

# --- value conversion at the boundary ------------------------------------------------------------


def _day(value: date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValueError(f"expected a date, got {value!r}")
    return value.isoformat()


def _parse_day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _hm(value: time | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not None or value.second or value.microsecond:
        raise ValueError(f"wall-clock times are stored as HH:MM, got {value!r}")
    return f"{value.hour:02d}:{value.minute:02d}"


def _hm_required(value: time) -> str:
    text = _hm(value)
    assert text is not None
    return text


def _parse_hm(text: str | None) -> time | None:
    return None if text is None else time.fromisoformat(text)


def _parse_hm_required(text: str) -> time:
    return time.fromisoformat(text)


def _measure(quantity: float | None, unit: str | None) -> Measure | None:
    if quantity is None or unit is None:
        return None
    return Measure(float(quantity), unit)


def _measure_cols(measure: Measure | None) -> tuple[float | None, str | None]:
    if measure is None:
        return None, None
    return float(measure.quantity), measure.unit


def _quantity(value: float | None) -> float | None:
    return None if value is None else float(value)


def _payload(payload: dict[str, object]) -> str:
    return json.dumps(payload, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _limit(limit: int) -> int:
    if limit < 0:
        raise ValueError(f"limit must not be negative, got {limit}")
    return limit


_TOUCH_CHUNK = 500
"""Users per statement when "last seen" times are flushed (two parameters each)."""


# --- rows to models ------------------------------------------------------------------------------


def _user(row: _Row) -> User:
    return User(
        user_id=row["user_id"],
        chat_id=row["chat_id"],
        first_name=row["first_name"],
        created_at=_parse_ts_required(row["created_at"]),
        updated_at=_parse_ts_required(row["updated_at"]),
        language_code=row["language_code"],
        language=row["language"],
        timezone=row["timezone"],
        nudge_time=_parse_hm(row["nudge_time"]),
        evening_enabled=bool(row["evening_enabled"]),
        evening_time=_parse_hm_required(row["evening_time"]),
        quiet_start=_parse_hm_required(row["quiet_start"]),
        quiet_end=_parse_hm_required(row["quiet_end"]),
        review_weekday=row["review_weekday"],
        review_time=_parse_hm_required(row["review_time"]),
        birthday=_parse_day(row["birthday"]),
        paused_until=_parse_day(row["paused_until"]),
        fresh_start_on=_parse_day(row["fresh_start_on"]),
        fresh_start_prompted_on=_parse_day(row["fresh_start_prompted_on"]),
        status=UserStatus(row["status"]),
        dialog=row["dialog"],
        next_due_at=_parse_ts(row["next_due_at"]),
        last_seen_at=_parse_ts(row["last_seen_at"]),
    )


def _goal(row: _Row) -> Goal:
    return Goal(
        goal_id=row["goal_id"],
        user_id=row["user_id"],
        status=GoalStatus(row["status"]),
        priority=row["priority"],
        created_at=_parse_ts_required(row["created_at"]),
        updated_at=_parse_ts_required(row["updated_at"]),
        vision=row["vision"],
        outcome=row["outcome"],
        outcome_measure=_measure(row["outcome_quantity"], row["outcome_unit"]),
        outcome_due=_parse_day(row["outcome_due"]),
        monthly=row["monthly"],
        monthly_measure=_measure(row["monthly_quantity"], row["monthly_unit"]),
        weekly=row["weekly"],
        weekly_measure=_measure(row["weekly_quantity"], row["weekly_unit"]),
        daily=row["daily"],
        daily_measure=_measure(row["daily_quantity"], row["daily_unit"]),
        mva=row["mva"],
        mva_measure=_measure(row["mva_quantity"], row["mva_unit"]),
        identity=row["identity"],
        start_date=_parse_day(row["start_date"]),
    )


_STATE_COLUMNS = (
    "judged_through",
    "run",
    "best",
    "votes",
    "rest_days",
    "paused_days",
    "missed_days",
    "missed_run",
    "last_kept",
    "strength",
    "week_skips",
    "amount",
)
# Prefixed in a join with goals, whose columns they would otherwise shadow.
_STATE_SELECT = ", ".join(f"s.{col} AS s_{col}" for col in _STATE_COLUMNS)


def _state(row: _Row) -> StreakState | None:
    if row["s_run"] is None:  # no checkpoint row (LEFT JOIN)
        return None
    return StreakState(
        judged_through=_parse_day(row["s_judged_through"]),
        run=row["s_run"],
        best=row["s_best"],
        votes=row["s_votes"],
        rest_days=row["s_rest_days"],
        paused_days=row["s_paused_days"],
        missed_days=row["s_missed_days"],
        missed_run=row["s_missed_run"],
        last_kept=_parse_day(row["s_last_kept"]),
        strength=float(row["s_strength"]),
        week_skips=row["s_week_skips"],
        amount=_quantity(row["s_amount"]),
    )


def _state_values(state: StreakState) -> tuple[object, ...]:
    return (
        _day(state.judged_through),
        state.run,
        state.best,
        state.votes,
        state.rest_days,
        state.paused_days,
        state.missed_days,
        state.missed_run,
        _day(state.last_kept),
        float(state.strength),
        state.week_skips,
        _quantity(state.amount),
    )


def _step(row: _Row) -> MilestoneStep:
    return MilestoneStep(
        step_id=row["step_id"],
        milestone_id=row["milestone_id"],
        title=row["title"],
        position=row["position"],
        done_at=_parse_ts(row["done_at"]),
    )


def _milestone(row: _Row, steps: Iterable[MilestoneStep]) -> Milestone:
    return Milestone(
        milestone_id=row["milestone_id"],
        goal_id=row["goal_id"],
        user_id=row["user_id"],
        title=row["title"],
        position=row["position"],
        created_at=_parse_ts_required(row["created_at"]),
        due_date=_parse_day(row["due_date"]),
        done_at=_parse_ts(row["done_at"]),
        steps=tuple(steps),
    )


_STATUSES = {status.value: status for status in EntryStatus}


@lru_cache(maxsize=1024)
def _shared_measure(quantity: float, unit: str) -> Measure:
    # A goal's rows repeat the same few targets; Measure is frozen, so one object serves them all.
    return Measure(quantity, unit)


def _entry(row: _Row) -> DailyEntry:
    # The hot path of every win (a window of ~35 rows): positional, no Enum call, shared targets.
    quantity, target, unit, undone = (
        row["quantity"],
        row["target_quantity"],
        row["target_unit"],
        row["undone_at"],
    )
    return DailyEntry(
        row["entry_id"],
        row["goal_id"],
        row["user_id"],
        date.fromisoformat(row["local_date"]),
        _STATUSES[row["status"]],
        _parse_ts_required(row["recorded_at"]),
        None if quantity is None else float(quantity),
        None if target is None or unit is None else _shared_measure(float(target), unit),
        None if undone is None else _parse_ts_required(undone),
    )


def _level(row: _Row) -> TargetLevel:
    return TargetLevel(
        level_id=row["level_id"],
        goal_id=row["goal_id"],
        user_id=row["user_id"],
        effective_from=date.fromisoformat(row["effective_from"]),
        kind=LevelKind(row["kind"]),
        text=row["text"],
        created_at=_parse_ts_required(row["created_at"]),
        target=_measure(row["target_quantity"], row["target_unit"]),
        step=row["step"],
        steps=row["steps"],
        weekly=_measure(row["weekly_quantity"], row["weekly_unit"]),
        monthly=_measure(row["monthly_quantity"], row["monthly_unit"]),
    )


def _delivery(row: _Row) -> Delivery:
    payload: dict[str, object] = json.loads(row["payload"])
    return Delivery(
        delivery_id=row["delivery_id"],
        user_id=row["user_id"],
        kind=row["kind"],
        local_date=date.fromisoformat(row["local_date"]),
        due_at=_parse_ts_required(row["due_at"]),
        created_at=_parse_ts_required(row["created_at"]),
        status=DeliveryStatus(row["status"]),
        expires_at=_parse_ts(row["expires_at"]),
        payload=payload,
        attempts=row["attempts"],
        next_attempt_at=_parse_ts(row["next_attempt_at"]),
        last_error=row["last_error"],
        sent_at=_parse_ts(row["sent_at"]),
        telegram_message_id=row["telegram_message_id"],
        claimed_until=_parse_ts(row["claimed_until"]),
        cards_sent=row["cards_sent"],
        first_message_id=row["first_message_id"],
        sending=row["sending"],
        about_user_id=row["about_user_id"],
    )


# --- models to columns ---------------------------------------------------------------------------


def _user_settings(user: User) -> dict[str, object]:
    """The columns ``save_user`` writes: everything but status, scheduling and creation."""
    if not 0 <= user.review_weekday <= 6:
        raise ValueError(f"review_weekday must be 0-6, got {user.review_weekday}")
    return {
        "chat_id": user.chat_id,
        "first_name": user.first_name,
        "language_code": user.language_code,
        "language": user.language,
        "timezone": user.timezone,
        "nudge_time": _hm(user.nudge_time),
        "evening_enabled": 1 if user.evening_enabled else 0,
        "evening_time": _hm_required(user.evening_time),
        "quiet_start": _hm_required(user.quiet_start),
        "quiet_end": _hm_required(user.quiet_end),
        "review_weekday": user.review_weekday,
        "review_time": _hm_required(user.review_time),
        "birthday": _day(user.birthday),
        "paused_until": _day(user.paused_until),
        "fresh_start_on": _day(user.fresh_start_on),
        "fresh_start_prompted_on": _day(user.fresh_start_prompted_on),
        "dialog": user.dialog,
        "updated_at": _ts(user.updated_at),
    }


def _goal_columns(goal: Goal) -> dict[str, object]:
    """The columns ``save_goal`` writes: every level, status, priority and ``updated_at``."""
    if goal.priority < 1:
        raise ValueError(f"priority must be 1 or more, got {goal.priority}")
    cols: dict[str, object] = {
        "status": GoalStatus(goal.status).value,
        "priority": goal.priority,
        "vision": goal.vision,
        "outcome": goal.outcome,
        "outcome_due": _day(goal.outcome_due),
        "monthly": goal.monthly,
        "weekly": goal.weekly,
        "daily": goal.daily,
        "mva": goal.mva,
        "identity": goal.identity,
        "start_date": _day(goal.start_date),
        "updated_at": _ts(goal.updated_at),
    }
    for name, measure in (
        ("outcome", goal.outcome_measure),
        ("monthly", goal.monthly_measure),
        ("weekly", goal.weekly_measure),
        ("daily", goal.daily_measure),
        ("mva", goal.mva_measure),
    ):
        cols[f"{name}_quantity"], cols[f"{name}_unit"] = _measure_cols(measure)
    return cols


def _insert_sql(table: str, cols: Collection[str], returning: str | None = None) -> str:
    sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})"
    return sql if returning is None else f"{sql} RETURNING {returning}"


def _set_sql(cols: Collection[str]) -> str:
    return ", ".join(f"{col} = ?" for col in cols)


# 'active' is a literal so that SQLite can use the partial index users_due_idx.
_DUE_USERS = (
    "SELECT * FROM users WHERE status = 'active' AND next_due_at IS NOT NULL"
    " AND next_due_at <= ? ORDER BY next_due_at, user_id LIMIT ?"
)


def _cohort_row(index: int, plan: CohortPlan) -> tuple[object, ...]:
    """A plan's row of ``cohort_sql``'s plans table."""
    cohort = plan.cohort
    return (
        index,
        cohort.timezone or "",
        _hm(cohort.nudge_time) or "",
        1 if cohort.evening_enabled else 0,
        _hm_required(cohort.evening_time),
        _hm_required(cohort.quiet_start),
        _hm_required(cohort.quiet_end),
        cohort.review_weekday,
        _hm_required(cohort.review_time),
        _ts_or_none(plan.next_due_at),
    )


def _slot_row(index: int, new: NewDelivery, status: DeliveryStatus) -> tuple[object, ...]:
    """A message's row of ``cohort_sql``'s slots table."""
    if not new.kind:
        raise ValueError("a delivery needs a kind")
    return (
        index,
        new.kind,
        _day(new.local_date),
        _ts(new.due_at),
        _ts_or_none(new.expires_at),
        status.value,
        _payload(new.payload),
        None if status is DeliveryStatus.PENDING else _STALE_REASON,
    )


def _month_day(value: tuple[int, int]) -> str:
    return f"{value[0]:02d}-{value[1]:02d}"


def _plain_params(window: DateWindow) -> tuple[object, ...]:
    """``cohort_sql.PLAIN``'s parameters for a window."""
    spans = window.birthday_spans()
    first, second = spans[0], spans[-1]  # a window within one year checks its one range twice
    return (
        _month_day(first[0]),
        _month_day(first[1]),
        _month_day(second[0]),
        _month_day(second[1]),
        _day(window.first),
        _day(window.first),
        _day(window.last),
    )


_STALE_REASON = "stale: its moment passed while the bot was down"


_RECORD_DELIVERY = (
    "UPDATE outbox SET status = ?, attempts = attempts + 1, last_error = ?,"
    " next_attempt_at = ?, claimed_until = NULL, sending = NULL,"
    " sent_at = CASE WHEN ? = 1 THEN ? ELSE sent_at END,"
    " telegram_message_id = CASE WHEN ? = 1 THEN ? ELSE telegram_message_id END"
    " WHERE delivery_id = ?"
)
"""An attempt's outcome on its row: counted, its reason, the claim and the card in flight
cleared; the time and the message id when sent; the time to try again when pending."""


def _outcome_params(outcome: DeliveryOutcome, now_text: str) -> tuple[object, ...]:
    sent = outcome.status is DeliveryStatus.SENT
    retry = outcome.status is DeliveryStatus.PENDING
    return (
        DeliveryStatus(outcome.status).value,
        outcome.error,
        _ts_or_none(outcome.retry_at) if retry else None,
        int(sent),
        now_text,
        int(sent),
        outcome.telegram_message_id,
        outcome.delivery_id,
    )


class SqlRepository(PartnerTables):
    """The Repository on one database engine; see the module docstring.

    Build it with :func:`storage.open_repository`. Inside :meth:`transaction` the yielded
    repository is bound to the open transaction and every call on it joins that transaction.
    """

    def __init__(self, engine: Engine, tx: Tx | None = None) -> None:
        """Wrap an engine whose schema is up to date (``tx``: the unit of work joined)."""
        self._engine = engine
        self._tx = tx

    @property
    def engine(self) -> Engine:
        """The engine underneath (its ``stats`` count statements and transactions)."""
        return self._engine

    @property
    def stats(self) -> QueryStats:
        """Statements and transactions sent so far (for benchmarks and ``/stats``)."""
        return self._engine.stats

    async def close(self) -> None:
        """Wait for the running transaction, then release connections. Safe to call twice."""
        await self._engine.close()

    @property
    def single_instance(self) -> bool:
        """True where only one process may use the database at a time (SQLite)."""
        return self._engine.single_instance

    async def claim_instance(self, name: str) -> bool:
        """Claim ``name`` for this process until the repository is closed (see the contract)."""
        return await self._engine.claim_instance(name)

    # --- transactions ----------------------------------------------------------------------------

    @asynccontextmanager
    async def transaction(self, *, write: bool = True) -> AsyncIterator[SqlRepository]:
        """One unit of work: every call on the yielded repository shares one transaction.

        It commits when the block ends and rolls back if the block raises. Inside a unit of
        work - on the yielded repository, or on this one anywhere in the same task while the
        block runs - calls and nested ``transaction`` blocks join the open transaction. So a
        use case can wrap its whole body, helpers and other services included, in one
        transaction; and a nested call can never wait for a lock its own task holds.

        Args:
            write: False for a unit of work that only reads (it takes no write lock).
        """
        joined = self._joined()
        if joined is not None:
            yield self if self._tx is joined else self._bound(joined)
            return
        async with self._engine.begin(write=write) as tx:
            token = _AMBIENT.set((self._engine, tx, asyncio.current_task()))
            try:
                yield self._bound(tx)
            finally:
                _AMBIENT.reset(token)

    def _bound(self, tx: Tx) -> SqlRepository:
        # A copy bound to the transaction: a subclass (a test double) stays itself.
        bound = copy.copy(self)
        bound._tx = tx
        return bound

    def _joined(self) -> Tx | None:
        """The open transaction this call joins: its own, or its task's unit of work."""
        if self._tx is not None:
            return self._tx
        ambient = _AMBIENT.get()
        if ambient is None or ambient[0] is not self._engine or not ambient[1].is_open:
            return None
        if ambient[2] is not asyncio.current_task():
            # A task started inside a unit of work inherits the variable. Joining would run it
            # beside its parent on one transaction; waiting for a new one could deadlock
            # against a parent that awaits it. Neither is right: say so.
            raise StorageError(
                "a task started inside a unit of work used the repository while it was open"
            )
        return ambient[1]

    @asynccontextmanager
    async def _scope(self, write: bool) -> AsyncIterator[Tx]:
        joined = self._joined()
        if joined is not None:
            if write and not joined.writable:
                raise StorageError("a write inside a read-only unit of work")
            yield joined
            return
        async with self._engine.begin(write=write) as tx:
            yield tx

    def _write(self) -> AbstractAsyncContextManager[Tx]:
        return self._scope(True)

    def _read(self) -> AbstractAsyncContextManager[Tx]:
        # A read transaction gives methods that run several SELECTs one consistent snapshot.
        return self._scope(False)

    @asynccontextmanager
    async def _read_one(self) -> AsyncIterator[Tx]:
        """For a method that reads with one statement: atomic on its own, no transaction."""
        joined = self._joined()
        if joined is not None:
            yield joined
            return
        async with self._engine.statement() as tx:
            yield tx

    # --- users -----------------------------------------------------------------------------------

    async def _user_row(self, conn: Tx, user_id: int) -> _Row | None:
        return await conn.one("SELECT * FROM users WHERE user_id = ?", (user_id,))

    async def _lock_user(self, conn: Tx, user_id: int) -> None:
        """Serialise writers that check the user's rows before writing (PostgreSQL only).

        On SQLite ``BEGIN IMMEDIATE`` already lets one writer in at a time, so no statement.
        """
        if self._engine.for_update:
            await conn.one(
                "SELECT 1 FROM users WHERE user_id = ?" + self._engine.for_update, (user_id,)
            )

    async def upsert_user(self, profile: UserProfile, now: datetime) -> tuple[User, bool]:
        """Create the user on first contact, or refresh their Telegram profile.

        Refreshes chat id, first name and language code, sets ``last_seen_at`` to ``now``, and
        turns a BLOCKED user back to ACTIVE. Never touches settings (the coach's ``language`` is
        set from the profile only on creation), goals or the dialog state.

        Returns:
            The stored user and whether it was created by this call.
        """
        now_text = _ts(now)
        async with self._write() as conn:
            await self._lock_user(conn, profile.user_id)
            row = await self._user_row(conn, profile.user_id)
            created = False
            if row is None:
                fresh = User(
                    user_id=profile.user_id,
                    chat_id=profile.chat_id,
                    first_name=profile.first_name,
                    language_code=profile.language_code,
                    language=profile.language,
                    created_at=now,
                    updated_at=now,
                    last_seen_at=now,
                )
                cols = {
                    "user_id": fresh.user_id,
                    **_user_settings(fresh),
                    "status": fresh.status.value,
                    "last_seen_at": now_text,
                    "created_at": now_text,
                }
                # Two first messages at once on PostgreSQL: the second insert finds the key
                # taken (the row lock above had nothing to lock yet) and refreshes instead.
                created = (
                    await conn.one(
                        _insert_sql("users", cols)
                        + " ON CONFLICT (user_id) DO NOTHING RETURNING user_id",
                        tuple(cols.values()),
                    )
                    is not None
                )
                if not created:
                    await self._lock_user(conn, profile.user_id)
                    row = await self._user_row(conn, profile.user_id)
            if row is not None:
                old = _user(row)
                status = UserStatus.ACTIVE if old.status is UserStatus.BLOCKED else old.status
                changed = (old.chat_id, old.first_name, old.language_code, old.status) != (
                    profile.chat_id,
                    profile.first_name,
                    profile.language_code,
                    status,
                )
                await conn.run(
                    "UPDATE users SET chat_id = ?, first_name = ?, language_code = ?, status = ?,"
                    " last_seen_at = ?, updated_at = ? WHERE user_id = ?",
                    (
                        profile.chat_id,
                        profile.first_name,
                        profile.language_code,
                        status.value,
                        now_text,
                        now_text if changed else row["updated_at"],
                        profile.user_id,
                    ),
                )
            stored = await self._user_row(conn, profile.user_id)
        assert stored is not None
        return _user(stored), created

    async def get_user(self, user_id: int) -> User | None:
        """Return the user, or ``None`` if they never wrote to the bot (or were deleted)."""
        async with self._read_one() as conn:
            row = await self._user_row(conn, user_id)
        return None if row is None else _user(row)

    async def save_user(self, user: User) -> User:
        """Store the user's settings and dialog state (every field but the scheduling ones).

        ``status``, ``next_due_at``, ``created_at`` and ``last_seen_at`` are left as stored;
        ``updated_at`` is taken from the given user.

        Returns:
            The user as now stored.

        Raises:
            NotFoundError: The user does not exist.
        """
        cols = _user_settings(user)
        # The scheduler's own column: written only by set_fresh_start_prompted, so a settings
        # change made meanwhile can never undo it.
        del cols["fresh_start_prompted_on"]
        async with self._write() as conn:
            changed = await conn.run(
                f"UPDATE users SET {_set_sql(cols)} WHERE user_id = ?",
                (*cols.values(), user.user_id),
            )
            if not changed:
                raise NotFoundError(f"user {user.user_id} does not exist")
            row = await self._user_row(conn, user.user_id)
        assert row is not None
        return _user(row)

    async def set_user_status(self, user_id: int, status: UserStatus, now: datetime) -> None:
        """Mark a user active, blocked or deleted. Unknown users are ignored."""
        value = UserStatus(status).value
        async with self._write() as conn:
            await conn.run(
                "UPDATE users SET status = ?, updated_at = ? WHERE user_id = ? AND status <> ?",
                (value, _ts(now), user_id, value),
            )

    async def lock_user(self, user_id: int) -> None:
        """Hold the user's row until the unit of work ends (see the contract)."""
        async with self._write() as conn:
            await self._lock_user(conn, user_id)

    async def set_dialog(self, user_id: int, dialog: str | None, now: datetime) -> None:
        """Put the user on a question, or off every question (see the contract)."""
        async with self._write() as conn:
            await conn.run(
                "UPDATE users SET dialog = ?, updated_at = ? WHERE user_id = ?",
                (dialog, _ts(now), user_id),
            )

    async def touch_users(self, seen: Mapping[int, datetime]) -> None:
        """Record when users were last seen, many at once (see the contract)."""
        if not seen:
            return
        # In user order, like every batch over users: two batches never lock rows crosswise.
        # One statement per chunk, not one per user: a flush after a busy half minute holds
        # thousands of users, and on PostgreSQL each statement is a round trip.
        users = sorted(seen)
        async with self._write() as conn:
            for first in range(0, len(users), _TOUCH_CHUNK):
                chunk = users[first : first + _TOUCH_CHUNK]
                rows = ", ".join("(CAST(? AS BIGINT), ?)" for _ in chunk)
                await conn.run(
                    f"WITH seen (user_id, at) AS (VALUES {rows})"
                    " UPDATE users SET last_seen_at = seen.at FROM seen"
                    " WHERE users.user_id = seen.user_id"
                    " AND (users.last_seen_at IS NULL OR users.last_seen_at < seen.at)",
                    [value for user in chunk for value in (user, _ts(seen[user]))],
                )

    async def set_next_due(self, user_id: int, next_due_at: datetime | None) -> None:
        """Set when the scheduler should next look at the user (``None``: never)."""
        async with self._write() as conn:
            await conn.run(
                "UPDATE users SET next_due_at = ? WHERE user_id = ?",
                (_ts_or_none(next_due_at), user_id),
            )

    async def set_fresh_start_prompted(self, user_id: int, day: date) -> None:
        """Remember the landmark the user was last prompted on (see the contract)."""
        async with self._write() as conn:
            await conn.run(
                "UPDATE users SET fresh_start_prompted_on = ? WHERE user_id = ?",
                (_day(day), user_id),
            )

    async def due_users(self, now: datetime, limit: int) -> list[User]:
        """Active users whose ``next_due_at`` is at or before ``now``, earliest first."""
        async with self._read_one() as conn:
            rows = await conn.rows(_DUE_USERS, (_ts(now), _limit(limit)))
        return [_user(row) for row in rows]

    @asynccontextmanager
    async def claim_due_batch(
        self, now: datetime, limit: int
    ) -> AsyncIterator[tuple[DueBatch | None, SqlRepository]]:
        """The next due users at one due time, claimed until the block ends (see the contract)."""
        claim = self._engine.skip_locked
        async with self._engine.begin(write=True, bulk=True) as tx:
            token = _AMBIENT.set((self._engine, tx, asyncio.current_task()))
            try:
                scope = self._bound(tx)
                head = await tx.one(cohort_sql.HEAD + claim, (_ts(now),)) if _limit(limit) else None
                if head is None:
                    yield None, scope
                    return
                sized = await tx.one(
                    cohort_sql.batch_size(claim), (head["next_due_at"], head["user_id"], limit)
                )
                assert sized is not None  # an aggregate always has its row
                since = _parse_ts_required(head["next_due_at"])
                yield (
                    DueBatch(since, int(sized["first"]), int(sized["last"]), int(sized["size"])),
                    scope,
                )
            finally:
                _AMBIENT.reset(token)

    async def apply_cohorts(
        self,
        batch: DueBatch,
        plans: Sequence[CohortPlan],
        window: DateWindow,
        now: datetime,
    ) -> tuple[int, int]:
        """Apply cohort plans to a claimed batch's users, set-based (see the contract)."""
        if not plans:
            return 0, 0
        plan_rows = [
            value for index, plan in enumerate(plans) for value in _cohort_row(index, plan)
        ]
        pending = [
            _slot_row(index, new, DeliveryStatus.PENDING)
            for index, plan in enumerate(plans)
            for new in plan.deliveries
        ]
        stale = [
            _slot_row(index, new, DeliveryStatus.SKIPPED)
            for index, plan in enumerate(plans)
            for new in plan.stale
        ]
        in_batch = (_ts(batch.since), batch.first_user_id, batch.last_user_id)
        plain = _plain_params(window)
        created = _ts(now)
        async with self._write() as conn:
            if self._engine.skip_locked:
                slots = [*pending, *stale] or [(None,) * 8]
                row = await conn.one(
                    cohort_sql.plan_claimed(
                        len(plans), len(pending) + len(stale), self._engine.skip_locked
                    ),
                    (*plan_rows, *(v for slot in slots for v in slot), *in_batch, *plain, created),
                )
                assert row is not None
                return int(row["users"]), int(row["enqueued"])
            enqueued = 0
            for slots in (pending, stale):
                if not slots:
                    continue
                inserted = await conn.run(
                    cohort_sql.insert_slots(len(plans), len(slots)),
                    (*plan_rows, *(v for slot in slots for v in slot), created, *in_batch, *plain),
                )
                if slots is pending:
                    enqueued = inserted
            users = await conn.run(
                cohort_sql.move_users(len(plans)), (*plan_rows, *in_batch, *plain)
            )
        return users, enqueued

    async def unplanned_users(self, batch: DueBatch) -> list[User]:
        """A claimed batch's users still due at its due time (see the contract)."""
        async with self._write() as conn:
            rows = await conn.rows(
                cohort_sql.unplanned(self._engine.skip_locked),
                (_ts(batch.since), batch.first_user_id, batch.last_user_id),
            )
        return [_user(row) for row in rows]

    async def delete_user(self, user_id: int) -> None:
        """Erase the user and everything they own. Unknown users are ignored."""
        # Goals, milestones, steps, entries and deliveries go by ON DELETE CASCADE.
        async with self._write() as conn:
            await conn.run("DELETE FROM users WHERE user_id = ?", (user_id,))

    # --- goals -----------------------------------------------------------------------------------

    async def _goal_row(
        self, conn: Tx, user_id: int, goal_id: int, *, lock: bool = False
    ) -> _Row | None:
        sql = "SELECT * FROM goals WHERE goal_id = ? AND user_id = ?"
        return await conn.one(sql + self._engine.for_update if lock else sql, (goal_id, user_id))

    async def get_goal_and_state(
        self, user_id: int, goal_id: int, *, lock: bool = False
    ) -> tuple[Goal, StreakState | None] | None:
        """The goal with its streak checkpoint, in one read (see the contract)."""
        async with self._scope(True) if lock else self._read_one() as conn:
            if lock:
                await self._lock_goals(conn, "goal_id = ? AND user_id = ?", (goal_id, user_id))
            row = await conn.one(
                f"SELECT g.*, {_STATE_SELECT} FROM goals g"
                " LEFT JOIN goal_states s ON s.goal_id = g.goal_id"
                " WHERE g.goal_id = ? AND g.user_id = ?",
                (goal_id, user_id),
            )
        return None if row is None else (_goal(row), _state(row))

    async def list_goals_and_states(
        self, user_id: int, statuses: Collection[GoalStatus], *, lock: bool = False
    ) -> list[tuple[Goal, StreakState | None]]:
        """The user's goals of these statuses with their checkpoints (see the contract)."""
        values = sorted({GoalStatus(s).value for s in statuses})
        if not values:
            return []
        marks = ", ".join("?" for _ in values)
        async with self._scope(True) if lock else self._read_one() as conn:
            if lock:
                await self._lock_goals(
                    conn, f"user_id = ? AND status IN ({marks})", (user_id, *values)
                )
            rows = await conn.rows(
                f"SELECT g.*, {_STATE_SELECT} FROM goals g"
                " LEFT JOIN goal_states s ON s.goal_id = g.goal_id"
                f" WHERE g.user_id = ? AND g.status IN ({marks})"
                " ORDER BY g.priority, g.goal_id",
                (user_id, *values),
            )
        return [(_goal(row), _state(row)) for row in rows]

    async def _lock_goals(self, conn: Tx, where: str, params: _Params) -> None:
        """Hold goals until the unit of work ends (PostgreSQL; SQLite has one writer anyway).

        A statement of its own, before the read: under READ COMMITTED a locking read that had
        to wait sees the locked row as the waited-for writer left it, but rows it merely joins
        as they were before. The read that follows the lock sees both as committed.
        """
        if self._engine.for_update:
            await conn.rows(
                f"SELECT goal_id FROM goals WHERE {where} ORDER BY goal_id"
                + self._engine.for_update,
                params,
            )

    async def save_goal_state(
        self, user_id: int, goal_id: int, state: StreakState | None, now: datetime
    ) -> None:
        """Keep (or with ``None`` drop) a goal's streak checkpoint (see the contract)."""
        async with self._write() as conn:
            if state is None:
                await self._drop_state(conn, goal_id)
                return
            cols = ", ".join(_STATE_COLUMNS)
            marks = ", ".join("?" for _ in _STATE_COLUMNS)
            updates = ", ".join(f"{col} = excluded.{col}" for col in _STATE_COLUMNS)
            # INSERT ... SELECT from the goal: a goal that is not the user's writes nothing.
            await conn.run(
                f"INSERT INTO goal_states (goal_id, user_id, {cols}, updated_at)"
                f" SELECT goal_id, user_id, {marks}, ? FROM goals"
                " WHERE goal_id = ? AND user_id = ?"
                f" ON CONFLICT (goal_id) DO UPDATE SET {updates}, updated_at = excluded.updated_at",
                (*_state_values(state), _ts(now), goal_id, user_id),
            )

    @staticmethod
    async def _drop_state(conn: Tx, goal_id: int) -> None:
        await conn.run("DELETE FROM goal_states WHERE goal_id = ?", (goal_id,))

    async def create_goal(self, new: NewGoal, now: datetime) -> Goal:
        """Create a goal with the next free priority (after the user's other goals).

        Raises:
            NotFoundError: The user does not exist.
        """
        now_text = _ts(now)
        status = GoalStatus(new.status).value
        async with self._write() as conn:
            await self._lock_user(conn, new.user_id)
            if await self._user_row(conn, new.user_id) is None:
                raise NotFoundError(f"user {new.user_id} does not exist")
            top = await conn.one(
                "SELECT COALESCE(MAX(priority), 0) + 1 AS next FROM goals WHERE user_id = ?",
                (new.user_id,),
            )
            assert top is not None
            cols = {
                "user_id": new.user_id,
                "status": status,
                "priority": top["next"],
                "vision": new.vision,
                "created_at": now_text,
                "updated_at": now_text,
            }
            inserted = await conn.one(
                _insert_sql("goals", cols, returning="goal_id"), tuple(cols.values())
            )
            assert inserted is not None
            row = await self._goal_row(conn, new.user_id, inserted["goal_id"])
        assert row is not None
        return _goal(row)

    async def get_goal(self, user_id: int, goal_id: int) -> Goal | None:
        """Return the goal if it exists and belongs to ``user_id``, else ``None``."""
        async with self._read_one() as conn:
            row = await self._goal_row(conn, user_id, goal_id)
        return None if row is None else _goal(row)

    async def list_goals(
        self, user_id: int, statuses: Collection[GoalStatus] | None = None
    ) -> list[Goal]:
        """The user's goals, by priority then id; only the given statuses when set."""
        sql = "SELECT * FROM goals WHERE user_id = ?"
        params: list[object] = [user_id]
        if statuses is not None:
            values = sorted({GoalStatus(s).value for s in statuses})
            if not values:
                return []
            sql += f" AND status IN ({', '.join('?' for _ in values)})"
            params.extend(values)
        async with self._read_one() as conn:
            rows = await conn.rows(sql + " ORDER BY priority, goal_id", params)
        return [_goal(row) for row in rows]

    async def save_goal(self, goal: Goal) -> Goal:
        """Store every level, the status, the priority and ``updated_at`` of a goal.

        ``user_id`` and ``created_at`` are left as stored.

        Returns:
            The goal as now stored.

        Raises:
            NotFoundError: The goal does not exist or belongs to another user.
        """
        cols = _goal_columns(goal)
        async with self._write() as conn:
            changed = await conn.run(
                f"UPDATE goals SET {_set_sql(cols)} WHERE goal_id = ? AND user_id = ?",
                (*cols.values(), goal.goal_id, goal.user_id),
            )
            if not changed:
                raise NotFoundError(f"goal {goal.goal_id} of user {goal.user_id} does not exist")
            # A new start date or minimum may judge past days differently.
            await self._drop_state(conn, goal.goal_id)
            row = await self._goal_row(conn, goal.user_id, goal.goal_id)
        assert row is not None
        return _goal(row)

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
        value, now_text = GoalStatus(status).value, _ts(now)
        async with self._write() as conn:
            if max_active is not None:
                await self._lock_user(conn, user_id)
            row = await self._goal_row(conn, user_id, goal_id)
            if row is None:
                raise NotFoundError(f"goal {goal_id} of user {user_id} does not exist")
            if row["status"] == value:
                return _goal(row)
            if max_active is not None and value == GoalStatus.ACTIVE.value:
                count = await conn.one(
                    "SELECT COUNT(*) AS n FROM goals"
                    " WHERE user_id = ? AND status = 'active' AND goal_id <> ?",
                    (user_id, goal_id),
                )
                assert count is not None
                if count["n"] >= max_active:
                    raise ActiveGoalLimitError(user_id, max_active)
            await conn.run(
                "UPDATE goals SET status = ?, updated_at = ? WHERE goal_id = ? AND user_id = ?",
                (value, now_text, goal_id, user_id),
            )
            await self._drop_state(conn, goal_id)  # a resume may fill in the paused days
            stored = await self._goal_row(conn, user_id, goal_id)
        assert stored is not None
        return _goal(stored)

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
        wanted = list(goal_ids)
        if len(set(wanted)) != len(wanted):
            raise ValueError(f"a goal is listed twice in {wanted}")
        now_text = _ts(now)
        async with self._write() as conn:
            await self._lock_user(conn, user_id)
            rows = await conn.rows(
                "SELECT goal_id, priority FROM goals WHERE user_id = ? ORDER BY priority, goal_id",
                (user_id,),
            )
            current = {row["goal_id"]: row["priority"] for row in rows}
            missing = [goal_id for goal_id in wanted if goal_id not in current]
            if missing:
                raise NotFoundError(f"goals {missing} of user {user_id} do not exist")
            listed = set(wanted)
            order = wanted + [goal_id for goal_id in current if goal_id not in listed]
            for priority, goal_id in enumerate(order, start=1):
                if current[goal_id] != priority:
                    await conn.run(
                        "UPDATE goals SET priority = ?, updated_at = ? WHERE goal_id = ?",
                        (priority, now_text, goal_id),
                    )
            stored = await conn.rows(
                "SELECT * FROM goals WHERE user_id = ? ORDER BY priority, goal_id",
                (user_id,),
            )
        return [_goal(row) for row in stored]

    # --- milestones ------------------------------------------------------------------------------

    async def _milestones(self, conn: Tx, where: str, params: _Params) -> list[Milestone]:
        """Milestones matching ``where`` (on alias ``m``), with their steps, in position order."""
        rows = await conn.rows(
            f"SELECT m.* FROM milestones m WHERE {where} ORDER BY m.position, m.milestone_id",
            params,
        )
        if not rows:
            return []
        step_rows = await conn.rows(
            "SELECT s.* FROM milestone_steps s JOIN milestones m"
            f" ON m.milestone_id = s.milestone_id WHERE {where}"
            " ORDER BY s.milestone_id, s.position, s.step_id",
            params,
        )
        steps: dict[int, list[MilestoneStep]] = {}
        for step_row in step_rows:
            step = _step(step_row)
            steps.setdefault(step.milestone_id, []).append(step)
        return [_milestone(row, steps.get(row["milestone_id"], ())) for row in rows]

    async def add_milestone(
        self, user_id: int, goal_id: int, title: str, due_date: date | None, now: datetime
    ) -> Milestone:
        """Add a milestone at the end of the goal's list.

        Raises:
            NotFoundError: The goal does not exist or belongs to another user.
        """
        due_text, now_text = _day(due_date), _ts(now)
        async with self._write() as conn:
            if await self._goal_row(conn, user_id, goal_id, lock=True) is None:
                raise NotFoundError(f"goal {goal_id} of user {user_id} does not exist")
            top = await conn.one(
                "SELECT COALESCE(MAX(position), 0) + 1 AS next FROM milestones WHERE goal_id = ?",
                (goal_id,),
            )
            assert top is not None
            cols = {
                "goal_id": goal_id,
                "user_id": user_id,
                "title": title,
                "position": top["next"],
                "due_date": due_text,
                "created_at": now_text,
            }
            inserted = await conn.one(
                _insert_sql("milestones", cols, returning="milestone_id"),
                tuple(cols.values()),
            )
            assert inserted is not None
            found = await self._milestones(conn, "m.milestone_id = ?", (inserted["milestone_id"],))
        return found[0]

    async def list_milestones(self, user_id: int, goal_id: int) -> list[Milestone]:
        """The goal's milestones (with their steps) in position order; empty if not the user's."""
        async with self._read() as conn:
            return await self._milestones(
                conn, "m.goal_id = ? AND m.user_id = ?", (goal_id, user_id)
            )

    async def get_milestone(self, user_id: int, milestone_id: int) -> Milestone | None:
        """Return the milestone with its steps if it belongs to ``user_id``, else ``None``."""
        async with self._read() as conn:
            found = await self._milestones(
                conn, "m.milestone_id = ? AND m.user_id = ?", (milestone_id, user_id)
            )
        return found[0] if found else None

    async def set_milestone_due(
        self, user_id: int, milestone_id: int, due_date: date | None
    ) -> Milestone:
        """Move a milestone's deadline (``None``: no deadline). Title, steps and done are kept.

        Raises:
            NotFoundError: The milestone does not exist or belongs to another user.
        """
        return await self._set_milestone_column(user_id, milestone_id, "due_date", _day(due_date))

    async def set_milestone_done(
        self, user_id: int, milestone_id: int, done_at: datetime | None
    ) -> Milestone:
        """Tick a milestone off (``done_at``) or reopen it (``None``).

        Raises:
            NotFoundError: The milestone does not exist or belongs to another user.
        """
        return await self._set_milestone_column(
            user_id, milestone_id, "done_at", _ts_or_none(done_at)
        )

    async def _set_milestone_column(
        self,
        user_id: int,
        milestone_id: int,
        column: Literal["due_date", "done_at"],
        value: str | None,
    ) -> Milestone:
        """Set one column of the user's milestone; the column name is one of two literals."""
        async with self._write() as conn:
            changed = await conn.run(
                f"UPDATE milestones SET {column} = ? WHERE milestone_id = ? AND user_id = ?",
                (value, milestone_id, user_id),
            )
            if not changed:
                raise NotFoundError(f"milestone {milestone_id} of user {user_id} does not exist")
            found = await self._milestones(conn, "m.milestone_id = ?", (milestone_id,))
        return found[0]

    async def delete_milestone(self, user_id: int, milestone_id: int) -> None:
        """Delete a milestone and its steps.

        Raises:
            NotFoundError: The milestone does not exist or belongs to another user.
        """
        async with self._write() as conn:
            changed = await conn.run(
                "DELETE FROM milestones WHERE milestone_id = ? AND user_id = ?",
                (milestone_id, user_id),
            )
            if not changed:
                raise NotFoundError(f"milestone {milestone_id} of user {user_id} does not exist")

    # --- milestone steps -------------------------------------------------------------------------

    # A step has no user_id column: it is the user's when its milestone is.
    _OWNED_STEP = (
        "step_id = ? AND milestone_id IN (SELECT milestone_id FROM milestones WHERE user_id = ?)"
    )

    async def _step_row(self, conn: Tx, step_id: int) -> _Row | None:
        return await conn.one("SELECT * FROM milestone_steps WHERE step_id = ?", (step_id,))

    async def add_step(self, user_id: int, milestone_id: int, title: str) -> MilestoneStep:
        """Add an open step at the end of the milestone's steps (the next free position).

        Raises:
            NotFoundError: The milestone does not exist or belongs to another user.
        """
        async with self._write() as conn:
            owner = await conn.one(
                "SELECT 1 FROM milestones WHERE milestone_id = ? AND user_id = ?"
                + self._engine.for_update,
                (milestone_id, user_id),
            )
            if owner is None:
                raise NotFoundError(f"milestone {milestone_id} of user {user_id} does not exist")
            top = await conn.one(
                "SELECT COALESCE(MAX(position), 0) + 1 AS next FROM milestone_steps"
                " WHERE milestone_id = ?",
                (milestone_id,),
            )
            assert top is not None
            cols = {"milestone_id": milestone_id, "title": title, "position": top["next"]}
            inserted = await conn.one(
                _insert_sql("milestone_steps", cols, returning="step_id"),
                tuple(cols.values()),
            )
            assert inserted is not None
            row = await self._step_row(conn, inserted["step_id"])
        assert row is not None
        return _step(row)

    async def set_step_done(
        self, user_id: int, step_id: int, done_at: datetime | None
    ) -> MilestoneStep:
        """Tick a step off (``done_at``) or reopen it (``None``).

        Raises:
            NotFoundError: The step does not exist or its milestone belongs to another user.
        """
        done_text = _ts_or_none(done_at)
        async with self._write() as conn:
            changed = await conn.run(
                f"UPDATE milestone_steps SET done_at = ? WHERE {self._OWNED_STEP}",
                (done_text, step_id, user_id),
            )
            if not changed:
                raise NotFoundError(f"step {step_id} of user {user_id} does not exist")
            row = await self._step_row(conn, step_id)
        assert row is not None
        return _step(row)

    async def delete_step(self, user_id: int, step_id: int) -> None:
        """Delete one step; the other steps keep their positions.

        Raises:
            NotFoundError: The step does not exist or its milestone belongs to another user.
        """
        async with self._write() as conn:
            changed = await conn.run(
                f"DELETE FROM milestone_steps WHERE {self._OWNED_STEP}", (step_id, user_id)
            )
            if not changed:
                raise NotFoundError(f"step {step_id} of user {user_id} does not exist")

    # --- the daily log ---------------------------------------------------------------------------

    async def _entry_row(self, conn: Tx, entry_id: int) -> _Row | None:
        return await conn.one("SELECT * FROM daily_entries WHERE entry_id = ?", (entry_id,))

    async def append_entry(self, new: NewEntry, now: datetime) -> DailyEntry:
        """Append an entry to the log (``recorded_at`` = ``now``).

        Raises:
            NotFoundError: The goal does not exist or belongs to another user.
        """
        target_quantity, target_unit = _measure_cols(new.target)
        # One statement: the goal row supplies the ids, so another user's goal inserts nothing.
        async with self._write() as conn:
            row = await conn.one(
                "INSERT INTO daily_entries (goal_id, user_id, local_date, status, quantity,"
                " target_quantity, target_unit, recorded_at)"
                " SELECT goal_id, user_id, ?, ?, ?, ?, ?, ?"
                " FROM goals WHERE goal_id = ? AND user_id = ? RETURNING *",
                (
                    _day(new.local_date),
                    EntryStatus(new.status).value,
                    _quantity(new.quantity),
                    target_quantity,
                    target_unit,
                    _ts(now),
                    new.goal_id,
                    new.user_id,
                ),
            )
        if row is None:
            raise NotFoundError(f"goal {new.goal_id} of user {new.user_id} does not exist")
        return _entry(row)

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
        sql = "SELECT * FROM daily_entries WHERE goal_id = ? AND user_id = ?"
        params: list[object] = [goal_id, user_id]
        if since is not None:
            sql += " AND local_date >= ?"
            params.append(_day(since))
        if until is not None:
            sql += " AND local_date <= ?"
            params.append(_day(until))
        if not include_undone:
            sql += " AND undone_at IS NULL"
        async with self._read_one() as conn:
            rows = await conn.rows(sql + " ORDER BY local_date, entry_id", params)
        return [_entry(row) for row in rows]

    async def undo_entry(self, user_id: int, entry_id: int, now: datetime) -> DailyEntry:
        """Mark an entry undone (it stays in the log for history).

        Undoing an entry twice keeps the first ``undone_at``.

        Raises:
            NotFoundError: The entry does not exist or belongs to another user.
        """
        now_text = _ts(now)
        async with self._write() as conn:
            changed = await conn.run(
                "UPDATE daily_entries SET undone_at = COALESCE(undone_at, ?)"
                " WHERE entry_id = ? AND user_id = ?",
                (now_text, entry_id, user_id),
            )
            if not changed:
                raise NotFoundError(f"entry {entry_id} of user {user_id} does not exist")
            row = await self._entry_row(conn, entry_id)
            assert row is not None
            # Only an entry on a day the checkpoint has judged makes it wrong.
            await conn.run(
                "DELETE FROM goal_states WHERE goal_id = ? AND judged_through >= ?",
                (row["goal_id"], row["local_date"]),
            )
        assert row is not None
        return _entry(row)

    # --- target levels and coach events ----------------------------------------------------------

    async def add_target_level(self, new: NewTargetLevel, now: datetime) -> TargetLevel:
        """Append a daily target to the goal's history (``created_at`` = ``now``).

        Raises:
            NotFoundError: The goal does not exist or belongs to another user.
        """
        target_quantity, target_unit = _measure_cols(new.target)
        weekly_quantity, weekly_unit = _measure_cols(new.weekly)
        monthly_quantity, monthly_unit = _measure_cols(new.monthly)
        cols = {
            "goal_id": new.goal_id,
            "user_id": new.user_id,
            "effective_from": _day(new.effective_from),
            "kind": LevelKind(new.kind).value,
            "text": new.text,
            "target_quantity": target_quantity,
            "target_unit": target_unit,
            "step": new.step,
            "steps": new.steps,
            "weekly_quantity": weekly_quantity,
            "weekly_unit": weekly_unit,
            "monthly_quantity": monthly_quantity,
            "monthly_unit": monthly_unit,
            "created_at": _ts(now),
        }
        async with self._write() as conn:
            if await self._goal_row(conn, new.user_id, new.goal_id) is None:
                raise NotFoundError(f"goal {new.goal_id} of user {new.user_id} does not exist")
            inserted = await conn.one(
                _insert_sql("target_levels", cols, returning="level_id"), tuple(cols.values())
            )
            assert inserted is not None
            row = await conn.one(
                "SELECT * FROM target_levels WHERE level_id = ?", (inserted["level_id"],)
            )
        assert row is not None
        return _level(row)

    async def list_target_levels(self, user_id: int, goal_id: int) -> list[TargetLevel]:
        """The goal's levels by ``effective_from``, then in the order added; empty if not theirs."""
        async with self._read_one() as conn:
            rows = await conn.rows(
                "SELECT * FROM target_levels WHERE goal_id = ? AND user_id = ?"
                " ORDER BY effective_from, level_id",
                (goal_id, user_id),
            )
        return [_level(row) for row in rows]

    async def withdraw_target_levels(self, user_id: int, goal_id: int, after: date) -> int:
        """Delete the goal's levels that come into force after ``after``; how many went."""
        async with self._write() as conn:
            return await conn.run(
                "DELETE FROM target_levels WHERE goal_id = ? AND user_id = ?"
                " AND effective_from > ?",
                (goal_id, user_id, _day(after)),
            )

    async def mark_event(
        self, user_id: int, goal_id: int, kind: CoachEventKind, key: str, now: datetime
    ) -> bool:
        """Record a one-off coaching moment; True only the first time."""
        async with self._write() as conn:
            # The goal row supplies the ids: another user's goal inserts nothing.
            inserted = await conn.one(
                "INSERT INTO coach_events (goal_id, user_id, kind, key, created_at)"
                " SELECT goal_id, user_id, ?, ?, ?"
                " FROM goals WHERE goal_id = ? AND user_id = ?"
                " ON CONFLICT DO NOTHING RETURNING goal_id",
                (CoachEventKind(kind).value, key, _ts(now), goal_id, user_id),
            )
        return inserted is not None

    # --- counts (/stats) -------------------------------------------------------------------------

    async def counts(self) -> StoreCounts:
        """Users, goals and deliveries counted by status."""
        async with self._read() as conn:
            tallies = [
                {
                    row["status"]: row["n"]
                    for row in await conn.rows(
                        f"SELECT status, COUNT(*) AS n FROM {table} GROUP BY status"
                    )
                }
                for table in ("users", "goals", "outbox")
            ]
        return StoreCounts(users=tallies[0], goals=tallies[1], deliveries=tallies[2])

    # --- the outbox ------------------------------------------------------------------------------

    async def _delivery_row(self, conn: Tx, delivery_id: int) -> _Row | None:
        return await conn.one("SELECT * FROM outbox WHERE delivery_id = ?", (delivery_id,))

    async def enqueue_delivery(self, new: NewDelivery, now: datetime) -> Delivery | None:
        """Put a message in the outbox unless one with the same (user, kind, local date) exists.

        Returns:
            The new delivery, or ``None`` when the key was already taken (nothing is sent twice).

        Raises:
            NotFoundError: The user does not exist.
        """
        if not new.kind:
            raise ValueError("a delivery needs a kind")
        cols = {
            "user_id": new.user_id,
            "kind": new.kind,
            "local_date": _day(new.local_date),
            "due_at": _ts(new.due_at),
            "expires_at": _ts_or_none(new.expires_at),
            "status": DeliveryStatus.PENDING.value,
            "payload": _payload(new.payload),
            "attempts": 0,
            "created_at": _ts(now),
            "about_user_id": new.about_user_id,
        }
        # ON CONFLICT ... DO NOTHING RETURNING returns no row when the key is taken, in SQLite
        # and PostgreSQL alike: one statement, no race between a check and the insert.
        sql = (
            _insert_sql("outbox", cols)
            + " ON CONFLICT (user_id, kind, local_date) DO NOTHING RETURNING delivery_id"
        )
        async with self._write() as conn:
            if await self._user_row(conn, new.user_id) is None:
                raise NotFoundError(f"user {new.user_id} does not exist")
            inserted = await conn.one(sql, tuple(cols.values()))
            if inserted is None:
                return None
            row = await self._delivery_row(conn, inserted["delivery_id"])
        assert row is not None
        return _delivery(row)

    async def apply_schedule(self, plans: Sequence[SchedulePlan], now: datetime) -> int:
        """Apply a scheduler tick's plans in one transaction (see the contract)."""
        created = _ts(now)
        stale_reason = _STALE_REASON

        def rows(status: DeliveryStatus, pick: str) -> list[tuple[object, ...]]:
            batch: list[tuple[object, ...]] = []
            for plan in plans:
                for new in getattr(plan, pick):
                    if not new.kind:
                        raise ValueError("a delivery needs a kind")
                    reason = None if status is DeliveryStatus.PENDING else stale_reason
                    batch.append(
                        (
                            new.user_id,
                            new.kind,
                            _day(new.local_date),
                            _ts(new.due_at),
                            _ts_or_none(new.expires_at),
                            status.value,
                            _payload(new.payload),
                            reason,
                            created,
                            new.user_id,
                        )
                    )
            return batch

        insert = (
            "INSERT INTO outbox (user_id, kind, local_date, due_at, expires_at, status,"
            " payload, last_error, attempts, created_at)"
            " SELECT ?, ?, ?, ?, ?, ?, ?, ?, 0, ?"
            " WHERE EXISTS (SELECT 1 FROM users WHERE user_id = ?)"
            " ON CONFLICT (user_id, kind, local_date) DO NOTHING"
        )
        pending, stale = (
            rows(DeliveryStatus.PENDING, "deliveries"),
            rows(DeliveryStatus.SKIPPED, "stale"),
        )
        # In user order, like every batch over users: two batches never lock rows crosswise.
        due = sorted(
            ((_ts_or_none(plan.next_due_at), plan.user_id) for plan in plans), key=lambda r: r[1]
        )
        # One transaction for the whole batch: a tick over many users costs one commit, and a
        # crash in the middle leaves either all of a batch or none of it.
        async with self._write() as conn:
            inserted = await conn.run_many(insert, pending)
            await conn.run_many(insert, stale)
            await conn.run_many("UPDATE users SET next_due_at = ? WHERE user_id = ?", due)
        return inserted

    async def pending_deliveries(self, now: datetime, limit: int) -> list[Delivery]:
        """Pending deliveries due at or before ``now`` and not waiting for a retry, by due time."""
        now_text = _ts(now)
        params = (now_text, now_text, _limit(limit))
        async with self._read_one() as conn:
            # 'pending' is a literal so that SQLite can use the partial index on pending rows.
            rows = await conn.rows(
                "SELECT * FROM outbox WHERE status = 'pending' AND due_at <= ?"
                " AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
                " ORDER BY due_at, delivery_id LIMIT ?",
                params,
            )
        return [_delivery(row) for row in rows]

    async def record_batch(
        self,
        marks: Sequence[CardMark],
        outcomes: Sequence[DeliveryOutcome],
        blocked_users: Sequence[int],
        now: datetime,
    ) -> None:
        """A sender's marks and outcomes in one transaction (see the contract)."""
        now_text = _ts(now)
        async with self.transaction() as uow, uow._write() as conn:
            if marks:
                await conn.run_many(
                    "UPDATE outbox SET sending = ?, cards_sent = ?, first_message_id = ?"
                    " WHERE delivery_id = ?",
                    [
                        (mark.card, mark.cards_sent, mark.first_message_id, mark.delivery_id)
                        for mark in marks
                    ],
                )
            if outcomes:
                await conn.run_many(
                    _RECORD_DELIVERY, [_outcome_params(outcome, now_text) for outcome in outcomes]
                )
            for user_id in blocked_users:
                await uow.set_user_status(user_id, UserStatus.BLOCKED, now)

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
        outcome = DeliveryOutcome(
            delivery_id, DeliveryStatus(status), error, telegram_message_id, retry_at
        )
        async with self._write() as conn:
            changed = await conn.run(_RECORD_DELIVERY, _outcome_params(outcome, _ts(now)))
            if not changed:
                raise NotFoundError(f"delivery {delivery_id} does not exist")
            row = await self._delivery_row(conn, delivery_id)
        assert row is not None
        return _delivery(row)

    async def get_delivery(self, delivery_id: int) -> Delivery | None:
        """Return one delivery by id."""
        async with self._read_one() as conn:
            row = await self._delivery_row(conn, delivery_id)
        return None if row is None else _delivery(row)

    async def find_delivery(self, user_id: int, kind: str, local_date: date) -> Delivery | None:
        """The delivery with this key (user, kind, local date), if one was ever enqueued."""
        async with self._read_one() as conn:
            row = await conn.one(
                "SELECT * FROM outbox WHERE user_id = ? AND kind = ? AND local_date = ?",
                (user_id, kind, _day(local_date)),
            )
        return None if row is None else _delivery(row)

    async def claim_deliveries(self, now: datetime, limit: int, lease: timedelta) -> list[Delivery]:
        """Claim due deliveries for one sender until ``now + lease`` (see the contract)."""
        now_text = _ts(now)
        async with self._write() as conn:
            rows = await conn.rows(
                "UPDATE outbox SET claimed_until = ? WHERE delivery_id IN ("
                " SELECT delivery_id FROM outbox WHERE status = 'pending' AND due_at <= ?"
                " AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
                " AND (claimed_until IS NULL OR claimed_until <= ?)"
                " ORDER BY due_at, delivery_id LIMIT ?" + self._engine.skip_locked + ")"
                " RETURNING *",
                (_ts(now + lease), now_text, now_text, now_text, _limit(limit)),
            )
        # RETURNING keeps no order: the earliest due goes first.
        return sorted((_delivery(row) for row in rows), key=lambda d: (d.due_at, d.delivery_id))

    async def release_deliveries(self, delivery_ids: Sequence[int]) -> None:
        """Give claimed deliveries back, unsent, to be claimed again at once."""
        if not delivery_ids:
            return
        async with self._write() as conn:
            await conn.run_many(
                "UPDATE outbox SET claimed_until = NULL"
                " WHERE delivery_id = ? AND status = 'pending'",
                [(delivery_id,) for delivery_id in delivery_ids],
            )

    async def record_progress(
        self, delivery_id: int, cards_sent: int, first_message_id: int | None
    ) -> None:
        """Store how many cards of a delivery went out, and the first one's message id."""
        async with self._write() as conn:
            await conn.run(
                "UPDATE outbox SET cards_sent = ?, first_message_id = ?, sending = NULL"
                " WHERE delivery_id = ?",
                (cards_sent, first_message_id, delivery_id),
            )

    async def record_sending(self, delivery_id: int, card: int) -> None:
        """Note the card about to be sent, before the request leaves (see the contract)."""
        if card < 0:
            raise ValueError("cards are counted from 0")
        async with self._write() as conn:
            await conn.run(
                "UPDATE outbox SET sending = ? WHERE delivery_id = ?", (card, delivery_id)
            )

    async def outbox_health(self, now: datetime) -> OutboxHealth:
        """How far behind the outbox is at ``now``: one statement, also a database ping."""
        now_text = _ts(now)
        ready = (
            "FROM outbox WHERE status = 'pending' AND due_at <= ?"
            " AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
        )
        # Three index lookups (the pending rows by due time, the sent rows by sent time), so a
        # health check every few seconds stays cheap however long the outbox's history is.
        async with self._read_one() as conn:
            row = await conn.one(
                f"SELECT (SELECT COUNT(*) {ready}) AS backlog,"
                f" (SELECT MIN(due_at) {ready}) AS oldest_due_at,"
                " (SELECT MAX(sent_at) FROM outbox WHERE status = 'sent') AS last_sent_at",
                (now_text, now_text, now_text, now_text),
            )
        if row is None:  # pragma: no cover - a SELECT without FROM always returns its row
            return OutboxHealth(0, None, None)
        return OutboxHealth(
            int(row["backlog"]), _parse_ts(row["oldest_due_at"]), _parse_ts(row["last_sent_at"])
        )
