"""The scheduler after settings change, across DST, and for whoever paused, left or blocked it."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.coach.models import EntryStatus, NewEntry, UserStatus
from fake_telegram import FakeTelegram
from storage.base import Repository
from tests.bot.journeys import set_up
from tests.bot.scheduling import (
    FRESH_START,
    MONDAY,
    ONE_MINUTE,
    SUNDAY,
    TUESDAY,
    WEDNESDAY,
    Step,
    add_goal,
    enrol,
    keep,
    local,
    stored,
)
from tests.support import FrozenClock

pytestmark = pytest.mark.scheduler_by_hand


# --- settings changes and DST --------------------------------------------------------------------


async def test_changing_the_nudge_time_reschedules_at_once(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada, "Berlin", "7:30")
    await add_goal(db, 1001, clock(), start=MONDAY)
    assert (await stored(db, 1001)).next_due_at == local(MONDAY, 7, 30)

    await ada.send("/settings")
    await ada.press("⏰ Nudge time")
    await ada.press("8:30")

    assert (await stored(db, 1001)).next_due_at == local(MONDAY, 8, 30)
    chat = len(ada.messages)
    old_time = await step.at(local(MONDAY, 7, 30))
    before = await step.at(local(MONDAY, 8, 29))
    new_time = await step.at(local(MONDAY, 8, 30))
    assert (old_time.sent, before.sent, new_time.sent) == (0, 0, 1)
    assert len(ada.messages) == chat + 1
    assert ada.last_message.date == local(MONDAY, 8, 30)


async def test_a_later_nudge_time_on_the_same_day_does_not_nudge_twice(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada, "Berlin", "7:30")
    await add_goal(db, 1001, clock(), start=MONDAY)
    await step.at(local(MONDAY, 7, 30))
    clock.set(local(MONDAY, 8, 0))
    await ada.send("/settings")
    await ada.press("⏰ Nudge time")
    await ada.press("8:30")
    chat = len(ada.messages)

    same_day = await step.at(local(MONDAY, 8, 30))
    next_day = await step.at(local(TUESDAY, 8, 30))

    assert (same_day.sent, next_day.sent) == (0, 1)
    assert len(ada.messages) == chat + 1
    assert ada.last_message.date == local(TUESDAY, 8, 30)


async def test_changing_the_time_zone_reschedules_at_once(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    ada = fake.user(1001, "Ada")
    await set_up(ada, "Berlin", "7:30")
    await add_goal(db, 1001, clock(), start=SUNDAY)

    await ada.send("/settings")
    await ada.press("🌍 Time zone")
    await ada.send("Tokyo")

    due = local(MONDAY, 7, 30, tokyo)  # it is already Monday 5:40 in Tokyo
    assert due == datetime(2026, 11, 22, 22, 30, tzinfo=UTC)
    assert (await stored(db, 1001)).next_due_at == due
    chat = len(ada.messages)
    before = await step.at(due - ONE_MINUTE)
    on_time = await step.at(due)
    berlin_time = await step.at(local(MONDAY, 7, 30))
    assert (before.sent, on_time.sent, berlin_time.sent) == (0, 1, 0)
    assert len(ada.messages) == chat + 1


@pytest.mark.parametrize(
    ("day", "due"),
    [
        # Spring forward: 2:00 → 3:00, so 2:30 does not exist; sent at 3:00 CEST (1:00 UTC).
        (date(2027, 3, 28), datetime(2027, 3, 28, 1, 0, tzinfo=UTC)),
        # Fall back: 3:00 → 2:00, so 2:30 happens twice; sent at the first (CEST, 0:30 UTC).
        (date(2026, 10, 25), datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
    ],
    ids=["spring-forward", "fall-back"],
)
async def test_a_nudge_inside_a_dst_change_is_sent_once(
    fake: FakeTelegram, step: Step, db: Repository, *, clock: FrozenClock, day: date, due: datetime
) -> None:
    clock.set(local(day - timedelta(days=1), 22, 0))  # the evening's messages are past
    ada = await enrol(fake, step.services, 1001, nudge=time(2, 30))
    await add_goal(db, 1001, clock(), start=day)
    assert (await stored(db, 1001)).next_due_at == due

    before = await step.at(due - ONE_MINUTE)
    on_time = await step.at(due)
    after = [await step.at(due + timedelta(minutes=m)) for m in range(10, 181, 10)]

    assert (before.sent, on_time.sent, sum(r.sent for r in after)) == (0, 1, 0)
    [nudge] = ada.messages
    assert nudge.date == due
    assert nudge.date.astimezone(ZoneInfo("Europe/Berlin")).time() in (time(3, 0), time(2, 30))


# --- who gets nothing ----------------------------------------------------------------------------


@pytest.mark.parametrize("when", ["before-the-tick", "between-tick-and-send"])
async def test_paused_deleted_and_blocked_users_get_nothing(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock, when: str
) -> None:
    names = ("Active", "Paused", "Blocked", "Deleted", "Erased")
    users = {}
    for offset, name in enumerate(names):
        user = await enrol(fake, step.services, 1001 + offset, name=name)
        await add_goal(db, user.id, clock(), start=MONDAY)
        users[name] = user

    async def leave() -> None:
        paused = await stored(db, users["Paused"].id)
        await db.save_user(dataclasses.replace(paused, paused_until=TUESDAY))
        await db.set_user_status(users["Blocked"].id, UserStatus.BLOCKED, clock())
        await db.set_user_status(users["Deleted"].id, UserStatus.DELETED, clock())
        await db.delete_user(users["Erased"].id)

    clock.set(local(MONDAY, 7, 30))
    if when == "before-the-tick":
        await leave()
        await step.services.scheduler.tick()
    else:
        await step.services.scheduler.tick()
        await leave()
    report = await step.sender.drain()

    assert report.sent == 1
    assert [name for name, user in users.items() if user.messages] == ["Active"]
    if when == "between-tick-and-send":
        assert report.reasons == {
            "user is on a pause": 1,
            "user blocked the bot or was deleted": 2,
        }


async def test_the_day_after_a_pause_is_a_fresh_start(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    goal = await add_goal(db, 1001, clock(), start=SUNDAY)
    await keep(db, goal, SUNDAY, now=clock())
    for day in (MONDAY, TUESDAY):  # the holiday, as the log records it
        await db.append_entry(NewEntry(goal.goal_id, 1001, day, EntryStatus.PAUSED), clock())
    user = await stored(db, 1001)
    await db.save_user(dataclasses.replace(user, paused_until=TUESDAY))
    await step.services.scheduler.reschedule(await stored(db, 1001))
    assert (await stored(db, 1001)).next_due_at == local(WEDNESDAY, 7, 30)

    paused = [await step.at(local(day, 7, 30)) for day in (MONDAY, TUESDAY)]
    back = await step.at(local(WEDNESDAY, 7, 30))

    assert [r.handled for r in paused] == [0, 0]
    assert back.sent == 1
    # Not "the day you picked": she picked no day, her break ended.
    assert f"{FRESH_START} — your first day back from the break" in ada.last_message.text


async def test_the_day_picked_for_a_fresh_start_is_called_so(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    goal = await add_goal(db, 1001, clock(), start=SUNDAY)
    await keep(db, goal, SUNDAY, MONDAY, TUESDAY, now=clock())
    user = await stored(db, 1001)
    await db.save_user(dataclasses.replace(user, fresh_start_on=WEDNESDAY))
    await step.services.scheduler.reschedule(await stored(db, 1001))

    await step.at(local(WEDNESDAY, 7, 30))

    assert f"{FRESH_START} — the day you picked" in ada.last_message.text
