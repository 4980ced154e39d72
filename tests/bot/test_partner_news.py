"""What Ada's partner hears, and when (rule 13).

Ben supports Ada. After her Sunday review he gets her week in one picture, in his own morning
when he lives in Tokyo: the kept days as a chain, the streak, the hit rate and the votes — her
goal's name only if she allows it, never a missed day. The evening before Ada's fresh start he
hears it's coming; when she comes back small he hears it at once. Her 7-day streak and a
ticked milestone reach him too. If Ben blocks the bot, he is marked and skipped, and Ada's own
messages go on as before.
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.coach.models import Delivery, DeliveryStatus, UserStatus
from bot.services.partner_deliveries import WeekDigest
from bot.views import partner_news as partner_news_views
from bot.views.i18n import ENGLISH_TRANSLATOR
from fake_telegram import FakeTelegram
from storage.base import Repository
from tests.bot.daily import add_novel
from tests.bot.journeys import press_data
from tests.bot.partnering import partner_up
from tests.bot.scheduling import (
    MONDAY,
    SUNDAY,
    THURSDAY,
    TUESDAY,
    WEDNESDAY,
    Step,
    add_goal,
    deliveries_of,
    enrol,
    keep,
    local,
    seen,
    stored,
)
from tests.support import FrozenClock

TOKYO = ZoneInfo("Asia/Tokyo")
SATURDAY = SUNDAY + timedelta(days=6)
NEXT_SUNDAY = SUNDAY + timedelta(days=7)
CHEERS = [["👏", "🔥", "💪"], ["✍️ Send a note"]]

pytestmark = pytest.mark.scheduler_by_hand


def partner_rows(rows: list[Delivery], kind: str) -> list[Delivery]:
    """The outbox rows of one kind of partner message (``partner_digest:1001``, ...)."""
    return [row for row in rows if row.kind.startswith(kind)]


# --- the weekly digest ---------------------------------------------------------------------------


async def test_the_weekly_digest_reaches_ben_in_his_morning_with_the_allowed_fields_only(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)  # Berlin
    ben = await enrol(fake, step.services, 2002, name="Ben", zone="Asia/Tokyo")
    await partner_up(ada, ben, step)
    novel = await add_novel(db, start=MONDAY, now=clock())  # "I am a writer", 480 words a day
    # Monday to Thursday and Saturday kept; Friday missed; Sunday still open at review time.
    await keep(db, novel, MONDAY, TUESDAY, WEDNESDAY, THURSDAY, SATURDAY, now=clock())
    clock.set(local(NEXT_SUNDAY, 9, 0))
    await seen(step.services, ada)
    heard = len(ben.messages)

    review = await step.at(local(NEXT_SUNDAY, 18, 0))  # 02:00 on Monday in Tokyo: his night
    at_night = await step.run()
    before_seven = await step.at(local(MONDAY + timedelta(days=7), 6, 59, TOKYO))
    at_seven = await step.at(local(MONDAY + timedelta(days=7), 7, 0, TOKYO))

    assert "Your week in review" in ada.last_message.text
    assert (review.sent, at_night.sent, before_seven.sent, at_seven.sent) == (1, 0, 0, 1)
    assert len(ben.messages) == heard + 1
    digest = ben.last_message
    assert digest.photo is not None  # the week as a card
    assert digest.text.startswith("📅 Ada's week · Mon 23 Nov – Sun 29 Nov")
    assert "Habit 1" in digest.text
    assert "🟩🟩🟩🟩🟩" in digest.text
    assert "5 of 6 days (83%) · streak 1 · 5 votes for who they're becoming" in digest.text
    for private in ("Write a novel", "writer", "480", "words", "⬜", "missed", "Missed"):
        assert private not in digest.text
    assert digest.buttons == CHEERS
    [row] = partner_rows(await deliveries_of(db, 2002), "partner_digest:1001")
    assert (row.status, row.sent_at) == (
        DeliveryStatus.SENT,
        local(MONDAY + timedelta(days=7), 7, 0, TOKYO),
    )
    # The card shows the kept days only: the missed Friday is a plain blank, like a day to come.
    prepared = await step.services.deliveries.prepare(row)
    assert isinstance(prepared, WeekDigest)
    figure, words = partner_news_views.digest_card(ENGLISH_TRANSLATOR, prepared)
    assert figure.goals[0].days == ("done",) * 4 + ("future", "done", "future")
    assert (words.goals[0].name, words.goals[0].amount) == ("Habit 1", "5 of 6 days")
    assert words.goals[0].change == ""  # no strength on a partner's card


async def test_with_goal_names_allowed_the_digest_names_the_goal_and_its_identity(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    ben = fake.user(2002, "Ben")  # never set up: he is written to in Ada's zone
    await partner_up(ada, ben, step)
    await ada.send("/partner")
    await ada.press("⬜ Goal names")
    novel = await add_novel(db, start=MONDAY, now=clock())
    await keep(db, novel, MONDAY, TUESDAY, WEDNESDAY, THURSDAY, now=clock())
    clock.set(local(NEXT_SUNDAY, 9, 0))
    await seen(step.services, ada)

    await step.at(local(NEXT_SUNDAY, 18, 0))
    sent = await step.run()

    assert sent.sent == 1
    digest = ben.last_message
    assert "<b>Write a novel</b>" in (digest.html or "")
    assert "4 of 6 days (67%) · streak 0 · 4 votes for “I am a writer”" in digest.text
    assert digest.date == local(NEXT_SUNDAY, 18, 0)


async def test_no_digest_when_ada_switches_it_off_or_keeps_nothing(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    ben, cleo = fake.user(2002, "Ben"), fake.user(3003, "Cleo")
    await partner_up(ada, ben, step)
    await add_novel(db, start=MONDAY, now=clock())  # nothing kept all week
    clock.set(local(NEXT_SUNDAY, 9, 0))
    await seen(step.services, ada)

    await step.at(local(NEXT_SUNDAY, 18, 0))
    empty_week = await step.run()
    await partner_up(ada, cleo, step)
    await ada.send("/partner")
    await ada.press("✅ Weekly digest")
    await step.at(local(NEXT_SUNDAY + timedelta(days=7), 18, 0))
    switched_off = await step.run()

    assert empty_week.reasons == {"nothing kept this week: a partner hears no lapse": 1}
    assert switched_off.sent == 0
    assert partner_rows(await deliveries_of(db, 3003), "partner_digest") == []
    assert not any("week" in m.text for m in ben.messages + cleo.messages)


# --- restarts ------------------------------------------------------------------------------------


async def test_ben_hears_the_evening_before_ada_makes_a_fresh_start(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    ben = fake.user(2002, "Ben")
    await partner_up(ada, ben, step)
    await add_goal(db, 1001, clock(), start=SUNDAY)
    await ada.send("/freshstart")
    heard = len(ben.messages)

    picked = await press_data(ada, "fs:20261125")  # Wednesday
    now = await step.run()
    before = await step.at(local(TUESDAY, 18, 59))
    eve = await step.at(local(TUESDAY, 19, 0))

    assert "Your fresh start: Wed 25 Nov" in picked.texts[-1]
    assert (now.sent, before.sent) == (0, 0)
    assert len(ben.messages) == heard + 1
    news = ben.last_message
    assert news.date == local(TUESDAY, 19, 0)
    assert news.text.startswith("🌅 Ada makes a fresh start tomorrow.")
    assert "A word from you tonight" in news.text
    assert "480" not in news.text  # no plan text without goal names
    assert news.buttons == CHEERS
    assert eve.sent >= 1


async def test_a_moved_fresh_start_is_announced_for_its_new_date_only(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    ben = fake.user(2002, "Ben")
    await partner_up(ada, ben, step)
    await add_goal(db, 1001, clock(), start=SUNDAY)
    await ada.send("/freshstart")
    await press_data(ada, "fs:20261125")
    await ada.send("/freshstart")
    await press_data(ada, "fs:20261127")
    heard = len(ben.messages)

    first_eve = await step.at(local(TUESDAY, 19, 0))
    second_eve = await step.at(local(THURSDAY, 19, 0))

    assert first_eve.reasons.get("the fresh start moved since") == 1
    assert len(ben.messages) == heard + 1
    assert ben.last_message.date == local(THURSDAY, 19, 0)
    assert second_eve.sent >= 1


async def test_a_comeback_is_announced_at_once_with_the_action_when_names_are_shared(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    ben = fake.user(2002, "Ben")
    await partner_up(ada, ben, step)
    await ada.send("/partner")
    await ada.press("⬜ Goal names")
    start = SUNDAY - timedelta(days=10)
    goal = await add_goal(db, 1001, clock(), start=start)
    await keep(
        db, goal, *[start + timedelta(days=n) for n in range(8)], now=clock()
    )  # then 2 misses

    await ada.send("/comeback")
    await ada.press("🪶 Start with write 50 words")
    told = await step.run()

    assert told.sent == 1
    assert ben.last_message.text.startswith(
        "🌅 Ada restarts today: write 50 words a day for 7 days, then a step up."
    )


async def test_a_restart_caught_up_at_night_after_downtime_waits_for_ben_s_morning(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    ben = fake.user(2002, "Ben")  # never set up: Ada's zone, the default quiet hours
    await partner_up(ada, ben, step)
    await add_goal(db, 1001, clock(), start=SUNDAY)
    await ada.send("/freshstart")
    await press_data(ada, "fs:20261125")  # Wednesday; Ben's word is due on Tuesday at 19:00
    heard = len(ben.messages)

    back_at_night = await step.at(local(TUESDAY, 23, 30))  # the bot was down all evening
    before_seven = await step.at(local(WEDNESDAY, 6, 59))
    at_seven = await step.at(local(WEDNESDAY, 7, 0))

    assert (back_at_night.sent, back_at_night.deferred, before_seven.sent) == (0, 1, 0)
    assert len(ben.messages) == heard + 1
    news = ben.last_message
    assert news.date == local(WEDNESDAY, 7, 0)
    assert news.text.startswith("🌅 Ada makes a fresh start today.")
    assert "A word from you today" in news.text
    assert at_seven.sent >= 1


async def test_a_farewell_caught_up_at_night_waits_for_the_morning_where_ben_is(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    ben = fake.user(2002, "Ben")  # never set up: Ada's zone, though she is erased by then
    await partner_up(ada, ben, step)
    await ada.send("/delete")
    await ada.press("🗑 Yes, erase everything")  # at 21:40 in Berlin
    heard = len(ben.messages)

    at_night = await step.at(local(SUNDAY, 22, 30))  # 21:30 in UTC, the bot's default zone
    morning = await step.at(local(MONDAY, 7, 0))

    assert (at_night.sent, morning.sent) == (0, 1)
    assert len(ben.messages) == heard + 1
    assert ben.last_message.text.startswith("Ada has left Small Wins")
    assert ben.last_message.date == local(MONDAY, 7, 0)


# --- milestones ----------------------------------------------------------------------------------


async def test_ben_hears_of_ada_s_seventh_day_and_of_a_ticked_milestone_after_his_night(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    ben = fake.user(2002, "Ben")
    await partner_up(ada, ben, step)
    start = SUNDAY - timedelta(days=6)
    goal = await add_goal(db, 1001, clock(), start=start)
    await keep(db, goal, *[start + timedelta(days=n) for n in range(6)], now=clock())
    milestone = await db.add_milestone(1001, goal.goal_id, "Outline the plot", None, clock())

    await ada.send("done")  # the 7th day in a row, at 21:40
    seventh = await step.run()
    clock.set(local(SUNDAY, 23, 0))
    await press_data(ada, f"ms:tick:{milestone.milestone_id}")
    at_night = await step.run()
    morning = await step.at(local(MONDAY, 7, 0))

    assert seventh.sent == 1
    streak = ben.messages[-2]
    assert streak.text == "🎉 Ada has kept it up 7 days in a row!"
    assert streak.buttons == CHEERS
    assert at_night.sent == 0  # 23:00 is in Ben's quiet hours
    ticked = ben.last_message
    assert ticked.date == local(MONDAY, 7, 0)
    assert ticked.text == "🏁 Ada ticked off a milestone!"  # no title without goal names
    assert morning.sent >= 1


async def test_a_win_taken_back_before_ben_hears_of_it_is_not_announced(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    ben = fake.user(2002, "Ben")
    await partner_up(ada, ben, step)
    start = SUNDAY - timedelta(days=6)
    goal = await add_goal(db, 1001, clock(), start=start)
    await keep(db, goal, *[start + timedelta(days=n) for n in range(6)], now=clock())
    heard = len(ben.messages)

    await ada.send("done")
    await ada.press("↩️ Undo")
    report = await step.run()

    assert report.reasons == {"the streak was taken back": 1}
    assert len(ben.messages) == heard


# --- a partner who blocked the bot ---------------------------------------------------------------


async def test_a_partner_who_blocked_the_bot_is_marked_and_skipped_and_ada_carries_on(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    ben = fake.user(2002, "Ben")
    await partner_up(ada, ben, step)
    start = SUNDAY - timedelta(days=6)
    goal = await add_goal(db, 1001, clock(), start=start)
    await keep(db, goal, *[start + timedelta(days=n) for n in range(6)], now=clock())
    milestone = await db.add_milestone(1001, goal.goal_id, "Outline the plot", None, clock())
    await ben.block_bot()

    logged = await ada.send("done")
    blocked = await step.run()
    await press_data(ada, f"ms:tick:{milestone.milestone_id}")
    skipped = await step.run()
    morning = await step.at(local(MONDAY, 7, 30))
    nudge = ada.last_message
    page = await ada.send("/partner")

    assert "7 days" in logged.texts[0]  # Ada's own reply, as always
    assert blocked.failed == 1
    assert (await stored(db, 2002)).status is UserStatus.BLOCKED
    assert (await stored(db, 1001)).status is UserStatus.ACTIVE
    assert skipped.reasons == {"recipient blocked the bot or was deleted": 1}
    assert morning.sent == 1
    assert nudge.text.startswith("☀️")  # her morning nudge came
    assert "Ben (I can't reach them right now)" in page.text
    rows = partner_rows(await deliveries_of(db, 2002), "partner_milestone")
    assert [row.status for row in rows] == [DeliveryStatus.FAILED, DeliveryStatus.SKIPPED]
