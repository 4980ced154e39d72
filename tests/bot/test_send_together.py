"""Deliveries prepared together (the sender at a high rate): each says what it would alone."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from bot.coach.deadlines import passed_key
from bot.coach.models import (
    CoachEventKind,
    Delivery,
    DeliveryStatus,
    EntryStatus,
    LevelKind,
    NewEntry,
    NewTargetLevel,
    UserStatus,
)
from bot.config import Settings
from bot.scheduler.sender import LEASE
from bot.services.composing import ALREADY_KEPT, Known, KnownUser
from bot.services.scheduled_messages import MorningNudge, Skip
from fake_telegram import FakeTelegram, MessageView
from storage.base import Repository
from tests.bot.scheduling import (
    MONDAY,
    MORNING,
    SUNDAY,
    TUESDAY,
    Step,
    add_goal,
    deliveries_of,
    enrol,
    keep,
    local,
    of_kind,
)
from tests.support import FrozenClock

pytestmark = pytest.mark.scheduler_by_hand

# A Tuesday: no fresh start to prompt, which preparing a delivery the first time would record.
DUE = local(TUESDAY, 7, 30)
WEEK_AGO = MONDAY - timedelta(days=7)


async def _varied_users(fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock) -> None:
    """Six users whose mornings differ: a plain card, a comeback offer, a day already kept,
    two goals, one who will block the bot, and a passed milestone."""
    for user_id in range(3001, 3007):
        await enrol(fake, step.services, user_id, name=f"U{user_id}")
    plain = await add_goal(db, 3001, clock(), start=WEEK_AGO)
    await keep(db, plain, *(WEEK_AGO + timedelta(days=n) for n in range(7)), now=clock())
    lapsed = await add_goal(db, 3002, clock(), start=WEEK_AGO)
    await keep(db, lapsed, *(WEEK_AGO + timedelta(days=n) for n in range(4)), now=clock())
    early = await add_goal(db, 3003, clock(), start=WEEK_AGO)
    await keep(db, early, MONDAY, TUESDAY, now=clock())
    for vision in ("Write a novel", "Run a 10k"):
        await add_goal(db, 3004, clock(), start=SUNDAY, vision=vision)
    await add_goal(db, 3005, clock(), start=SUNDAY)  # blocks the bot after the tick
    noted = await add_goal(db, 3006, clock(), start=WEEK_AGO)
    await db.add_milestone(3006, noted.goal_id, "Outline done", SUNDAY, clock())
    await db.add_target_level(
        NewTargetLevel(noted.goal_id, 3006, MONDAY, LevelKind.MVA, "write 50 words"), clock()
    )
    await db.append_entry(NewEntry(noted.goal_id, 3006, SUNDAY, EntryStatus.MVA), clock())


async def test_deliveries_prepared_together_say_what_each_says_alone(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    await _varied_users(fake, step, db, clock)
    clock.set(DUE)
    await step.services.scheduler.tick()
    await db.set_user_status(3005, UserStatus.BLOCKED, clock())
    deliveries = step.services.deliveries
    claimed = await deliveries.claim(50, LEASE)
    assert len(claimed) == 6

    known = await deliveries.read_ahead(claimed)
    decided = await deliveries.prepare_together([(d, _taken(known, d, clock)) for d in claimed])
    together = [decided[d.delivery_id] for d in claimed]
    # Prepared again, one by one: the marks made together are each delivery's own.
    alone = [await deliveries.prepare(delivery) for delivery in claimed]
    # And from a read again: those marks are now in the read, and still each delivery's own.
    known = await deliveries.read_ahead(claimed)
    again = [await deliveries.prepare(d, known.take(d, clock())) for d in claimed]

    assert together == alone == again
    mornings = [p for p in together if isinstance(p, MorningNudge)]
    assert {m.user.user_id for m in mornings} == {3001, 3002, 3004, 3006}
    assert [len(m.cards) for m in mornings if m.user.user_id == 3004] == [2]
    assert any(c.comeback for m in mornings for c in m.cards if m.user.user_id == 3002)
    assert any(m.notes for m in mornings if m.user.user_id == 3006)
    skipped = [p for p in together if isinstance(p, Skip)]
    assert len(skipped) == 2  # the day already kept, and the user who blocked the bot


async def test_a_moment_marked_by_another_since_the_read_is_not_said_twice(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    await _varied_users(fake, step, db, clock)
    clock.set(DUE)
    await step.services.scheduler.tick()
    deliveries = step.services.deliveries
    claimed = await deliveries.claim(50, LEASE)
    known = await deliveries.read_ahead(claimed)
    noted = (await db.list_goals(3006))[0]
    [milestone] = await db.list_milestones(3006, noted.goal_id)
    # Between the read and the marks, the passed milestone is spoken of elsewhere.
    key = passed_key(milestone)
    assert await db.mark_event(3006, noted.goal_id, CoachEventKind.MILESTONE_PASSED, key, clock())

    decided = await deliveries.prepare_together([(d, _taken(known, d, clock)) for d in claimed])

    late = next(d for d in claimed if d.user_id == 3006)
    assert late.delivery_id not in decided  # left to be decided on its own
    assert len(decided) == len(claimed) - 1
    # As the sender then does: on the same read, which does not show the mark.
    alone = await deliveries.prepare(late, _taken(known, late, clock))
    assert isinstance(alone, MorningNudge)
    assert not alone.notes  # the milestone's word is not said a second time
    assert alone.cards


def _taken(known: Known, delivery: Delivery, clock: FrozenClock) -> KnownUser:
    taken = known.take(delivery, clock())
    assert taken is not None
    return taken


async def test_a_user_whose_data_cannot_be_read_fails_alone_when_prepared_with_others(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock, settings: Settings
) -> None:
    people = range(3101, 3106)
    for user_id in people:
        ada = await enrol(fake, step.services, user_id, name=f"U{user_id}")
        goal = await add_goal(db, user_id, clock(), start=SUNDAY)
        await db.add_target_level(
            NewTargetLevel(goal.goal_id, user_id, SUNDAY, LevelKind.MVA, "one line"), clock()
        )
    # A level whose date this version cannot read (written by hand, or by a newer version).
    with sqlite3.connect(settings.database_url.removeprefix("sqlite:///")) as raw:
        raw.execute("UPDATE target_levels SET effective_from = 'soon' WHERE user_id = 3103")

    report = await step.at(local(MONDAY, 7, 30))

    assert report.sent == len(people) - 1
    assert report.retried == 1  # tried again later, on its own
    [broken] = of_kind(await deliveries_of(db, 3103), MORNING)
    assert broken.status is DeliveryStatus.PENDING
    assert ada.last_message.text.startswith("☀️")
    for user_id in people:
        got = fake.user(user_id).messages
        assert len(got) == (0 if user_id == 3103 else 1), user_id


async def test_a_comeback_offered_in_a_wave_is_not_offered_again_the_next_morning(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    people = range(3201, 3204)
    for user_id in people:
        await enrol(fake, step.services, user_id, name=f"U{user_id}")
        goal = await add_goal(db, user_id, clock(), start=WEEK_AGO)
        await keep(db, goal, *(WEEK_AGO + timedelta(days=n) for n in range(4)), now=clock())

    monday = await step.at(local(MONDAY, 7, 30))
    offers = {user_id: fake.user(user_id).last_message for user_id in people}
    tuesday = await step.at(local(TUESDAY, 7, 30))

    assert monday.sent == tuesday.sent == len(people)
    for user_id in people:
        first, second = offers[user_id], fake.user(user_id).last_message
        assert "Not now" in _buttons(first), user_id  # the offer, once per lapse
        assert "✅ Done" in _buttons(second), user_id  # then the plain card
        assert "Not now" not in _buttons(second), user_id


def _buttons(message: MessageView) -> list[str]:
    return [button.text for row in message.keyboard for button in row]


async def test_a_read_ahead_that_is_no_longer_fresh_is_read_again(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    await _varied_users(fake, step, db, clock)
    await enrol(fake, step.services, 3301, name="U3301")
    goal = await add_goal(db, 3301, clock(), start=WEEK_AGO)
    week = [WEEK_AGO + timedelta(days=n) for n in range(7)]  # up to Sunday; not Monday
    await keep(db, goal, *week, TUESDAY, now=clock())  # Tuesday kept before the nudge
    clock.set(DUE)
    await step.services.scheduler.tick()
    deliveries = step.services.deliveries
    claimed = await deliveries.claim(50, LEASE)
    early = next(d for d in claimed if d.user_id == 3301)
    alone = await deliveries.prepare(early)

    # Read just before midnight, decided after the morning's due time: Monday's view (Monday
    # still open) would give a card on a morning that is already kept.
    clock.set(local(MONDAY, 23, 59))
    known = await deliveries.read_ahead(claimed)
    before_midnight = known.take(early, clock())
    clock.set(DUE)

    assert known.take(early, clock()) is None  # too old to decide anything now
    assert before_midnight is not None
    assert before_midnight.day == MONDAY
    assert await deliveries.prepare(early, before_midnight) == alone == Skip(ALREADY_KEPT)
