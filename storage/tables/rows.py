"""Rows to models and models to columns, shared by every table.

The stored formats are described in ``storage.sql``.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from datetime import date, datetime, time
from functools import lru_cache

from bot.coach.models import (
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
    StreakState,
    TargetLevel,
    User,
    UserStatus,
)
from storage.columns import parse_ts, parse_ts_required, ts
from storage.engine import Row

# --- value conversion at the boundary ------------------------------------------------------------


def day_text(value: date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValueError(f"expected a date, got {value!r}")
    return value.isoformat()


def parse_day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def hm_text(value: time | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not None or value.second or value.microsecond:
        raise ValueError(f"wall-clock times are stored as HH:MM, got {value!r}")
    return f"{value.hour:02d}:{value.minute:02d}"


def hm_text_required(value: time) -> str:
    text = hm_text(value)
    assert text is not None
    return text


def parse_hm(text: str | None) -> time | None:
    return None if text is None else time.fromisoformat(text)


def parse_hm_required(text: str) -> time:
    return time.fromisoformat(text)


def measure_of(quantity: float | None, unit: str | None) -> Measure | None:
    if quantity is None or unit is None:
        return None
    return Measure(float(quantity), unit)


def measure_columns(measure: Measure | None) -> tuple[float | None, str | None]:
    if measure is None:
        return None, None
    return float(measure.quantity), measure.unit


def float_or_none(value: float | None) -> float | None:
    return None if value is None else float(value)


def payload_json(payload: dict[str, object]) -> str:
    return json.dumps(payload, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def checked_limit(limit: int) -> int:
    if limit < 0:
        raise ValueError(f"limit must not be negative, got {limit}")
    return limit


# --- rows to models ------------------------------------------------------------------------------


def user_of(row: Row) -> User:
    return User(
        user_id=row["user_id"],
        chat_id=row["chat_id"],
        first_name=row["first_name"],
        created_at=parse_ts_required(row["created_at"]),
        updated_at=parse_ts_required(row["updated_at"]),
        language_code=row["language_code"],
        language=row["language"],
        timezone=row["timezone"],
        nudge_time=parse_hm(row["nudge_time"]),
        evening_enabled=bool(row["evening_enabled"]),
        evening_time=parse_hm_required(row["evening_time"]),
        quiet_start=parse_hm_required(row["quiet_start"]),
        quiet_end=parse_hm_required(row["quiet_end"]),
        review_weekday=row["review_weekday"],
        review_time=parse_hm_required(row["review_time"]),
        birthday=parse_day(row["birthday"]),
        paused_until=parse_day(row["paused_until"]),
        fresh_start_on=parse_day(row["fresh_start_on"]),
        fresh_start_prompted_on=parse_day(row["fresh_start_prompted_on"]),
        status=UserStatus(row["status"]),
        dialog=row["dialog"],
        next_due_at=parse_ts(row["next_due_at"]),
        last_seen_at=parse_ts(row["last_seen_at"]),
    )


def goal_of(row: Row) -> Goal:
    return Goal(
        goal_id=row["goal_id"],
        user_id=row["user_id"],
        status=GoalStatus(row["status"]),
        priority=row["priority"],
        created_at=parse_ts_required(row["created_at"]),
        updated_at=parse_ts_required(row["updated_at"]),
        vision=row["vision"],
        outcome=row["outcome"],
        outcome_measure=measure_of(row["outcome_quantity"], row["outcome_unit"]),
        outcome_due=parse_day(row["outcome_due"]),
        monthly=row["monthly"],
        monthly_measure=measure_of(row["monthly_quantity"], row["monthly_unit"]),
        weekly=row["weekly"],
        weekly_measure=measure_of(row["weekly_quantity"], row["weekly_unit"]),
        daily=row["daily"],
        daily_measure=measure_of(row["daily_quantity"], row["daily_unit"]),
        mva=row["mva"],
        mva_measure=measure_of(row["mva_quantity"], row["mva_unit"]),
        identity=row["identity"],
        start_date=parse_day(row["start_date"]),
    )


STATE_COLUMNS = (
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
STATE_SELECT = ", ".join(f"s.{col} AS s_{col}" for col in STATE_COLUMNS)


def state_of(row: Row) -> StreakState | None:
    if row["s_run"] is None:  # no checkpoint row (LEFT JOIN)
        return None
    return StreakState(
        judged_through=parse_day(row["s_judged_through"]),
        run=row["s_run"],
        best=row["s_best"],
        votes=row["s_votes"],
        rest_days=row["s_rest_days"],
        paused_days=row["s_paused_days"],
        missed_days=row["s_missed_days"],
        missed_run=row["s_missed_run"],
        last_kept=parse_day(row["s_last_kept"]),
        strength=float(row["s_strength"]),
        week_skips=row["s_week_skips"],
        amount=float_or_none(row["s_amount"]),
    )


def state_values(state: StreakState) -> tuple[object, ...]:
    return (
        day_text(state.judged_through),
        state.run,
        state.best,
        state.votes,
        state.rest_days,
        state.paused_days,
        state.missed_days,
        state.missed_run,
        day_text(state.last_kept),
        float(state.strength),
        state.week_skips,
        float_or_none(state.amount),
    )


def step_of(row: Row) -> MilestoneStep:
    return MilestoneStep(
        step_id=row["step_id"],
        milestone_id=row["milestone_id"],
        title=row["title"],
        position=row["position"],
        done_at=parse_ts(row["done_at"]),
    )


def milestone_of(row: Row, steps: Iterable[MilestoneStep]) -> Milestone:
    return Milestone(
        milestone_id=row["milestone_id"],
        goal_id=row["goal_id"],
        user_id=row["user_id"],
        title=row["title"],
        position=row["position"],
        created_at=parse_ts_required(row["created_at"]),
        due_date=parse_day(row["due_date"]),
        done_at=parse_ts(row["done_at"]),
        steps=tuple(steps),
    )


_STATUSES = {status.value: status for status in EntryStatus}


@lru_cache(maxsize=1024)
def _shared_measure(quantity: float, unit: str) -> Measure:
    # A goal's rows repeat the same few targets; Measure is frozen, so one object serves them all.
    return Measure(quantity, unit)


def entry_of(row: Row) -> DailyEntry:
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
        parse_ts_required(row["recorded_at"]),
        None if quantity is None else float(quantity),
        None if target is None or unit is None else _shared_measure(float(target), unit),
        None if undone is None else parse_ts_required(undone),
    )


def level_of(row: Row) -> TargetLevel:
    return TargetLevel(
        level_id=row["level_id"],
        goal_id=row["goal_id"],
        user_id=row["user_id"],
        effective_from=date.fromisoformat(row["effective_from"]),
        kind=LevelKind(row["kind"]),
        text=row["text"],
        created_at=parse_ts_required(row["created_at"]),
        target=measure_of(row["target_quantity"], row["target_unit"]),
        step=row["step"],
        steps=row["steps"],
        weekly=measure_of(row["weekly_quantity"], row["weekly_unit"]),
        monthly=measure_of(row["monthly_quantity"], row["monthly_unit"]),
    )


def delivery_of(row: Row) -> Delivery:
    payload: dict[str, object] = json.loads(row["payload"])
    return Delivery(
        delivery_id=row["delivery_id"],
        user_id=row["user_id"],
        kind=row["kind"],
        local_date=date.fromisoformat(row["local_date"]),
        due_at=parse_ts_required(row["due_at"]),
        created_at=parse_ts_required(row["created_at"]),
        status=DeliveryStatus(row["status"]),
        expires_at=parse_ts(row["expires_at"]),
        payload=payload,
        attempts=row["attempts"],
        next_attempt_at=parse_ts(row["next_attempt_at"]),
        last_error=row["last_error"],
        sent_at=parse_ts(row["sent_at"]),
        telegram_message_id=row["telegram_message_id"],
        claimed_until=parse_ts(row["claimed_until"]),
        cards_sent=row["cards_sent"],
        first_message_id=row["first_message_id"],
        sending=row["sending"],
        about_user_id=row["about_user_id"],
    )


# --- models to columns ---------------------------------------------------------------------------


def user_settings(user: User) -> dict[str, object]:
    """The columns ``save_user`` writes: everything but status, scheduling and creation."""
    if not 0 <= user.review_weekday <= 6:
        raise ValueError(f"review_weekday must be 0-6, got {user.review_weekday}")
    return {
        "chat_id": user.chat_id,
        "first_name": user.first_name,
        "language_code": user.language_code,
        "language": user.language,
        "timezone": user.timezone,
        "nudge_time": hm_text(user.nudge_time),
        "evening_enabled": 1 if user.evening_enabled else 0,
        "evening_time": hm_text_required(user.evening_time),
        "quiet_start": hm_text_required(user.quiet_start),
        "quiet_end": hm_text_required(user.quiet_end),
        "review_weekday": user.review_weekday,
        "review_time": hm_text_required(user.review_time),
        "birthday": day_text(user.birthday),
        "paused_until": day_text(user.paused_until),
        "fresh_start_on": day_text(user.fresh_start_on),
        "fresh_start_prompted_on": day_text(user.fresh_start_prompted_on),
        "dialog": user.dialog,
        "updated_at": ts(user.updated_at),
    }


def goal_columns(goal: Goal) -> dict[str, object]:
    """The columns ``save_goal`` writes: every level, status, priority and ``updated_at``."""
    if goal.priority < 1:
        raise ValueError(f"priority must be 1 or more, got {goal.priority}")
    cols: dict[str, object] = {
        "status": GoalStatus(goal.status).value,
        "priority": goal.priority,
        "vision": goal.vision,
        "outcome": goal.outcome,
        "outcome_due": day_text(goal.outcome_due),
        "monthly": goal.monthly,
        "weekly": goal.weekly,
        "daily": goal.daily,
        "mva": goal.mva,
        "identity": goal.identity,
        "start_date": day_text(goal.start_date),
        "updated_at": ts(goal.updated_at),
    }
    for name, measure in (
        ("outcome", goal.outcome_measure),
        ("monthly", goal.monthly_measure),
        ("weekly", goal.weekly_measure),
        ("daily", goal.daily_measure),
        ("mva", goal.mva_measure),
    ):
        cols[f"{name}_quantity"], cols[f"{name}_unit"] = measure_columns(measure)
    return cols


def insert_sql(table: str, cols: Collection[str], returning: str | None = None) -> str:
    sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})"
    return sql if returning is None else f"{sql} RETURNING {returning}"


def set_sql(cols: Collection[str]) -> str:
    return ", ".join(f"{col} = ?" for col in cols)


STALE_REASON = "stale: its moment passed while the bot was down"
