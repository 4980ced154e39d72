"""A milestone's deadline in the daily loop (docs/product.md rule 12).

Ada's milestone "Outline the plot" is due on Wednesday. Tuesday evening's message mentions it,
Wednesday's morning card says it is due today with a one-tap "done", and /today says so on both
days; ticking it gets a word. A date that passes while the milestone is open gets one kind word
the next morning, with new dates as buttons, and never a telling-off. The bot runs without its
own jobs: each test moves the pinned clock and runs one scheduler step.
"""

from __future__ import annotations

import pytest

from fake_telegram import FakeTelegram, FakeUser
from storage.base import Repository
from tests.bot.scheduling import (
    MONDAY,
    SUNDAY,
    TUESDAY,
    WEDNESDAY,
    Step,
    add_goal,
    enrol,
    keep,
    local,
    seen,
)
from tests.support import FrozenClock

PLOT = "Outline the plot"
TICK_ROW = f"🏁 {PLOT} — done"
GUILT = ("missed", "failed", "behind", "overdue", "should have")

pytestmark = pytest.mark.scheduler_by_hand


async def morning_of(step: Step, ada: FakeUser, day: object) -> list[str]:
    """Run the morning slot of ``day`` after Ada was around at 7:00; the texts it sent."""
    before = len(ada.messages)
    step.clock.set(local(day, 7, 0))  # type: ignore[arg-type]
    await seen(step.services, ada)
    await step.at(local(day, 7, 30))  # type: ignore[arg-type]
    return [m.text for m in ada.messages[before:]]


async def test_the_eve_and_the_day_of_a_milestone_in_the_evening_the_nudge_and_today(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    goal = await add_goal(db, 1001, clock(), start=SUNDAY)
    await db.add_milestone(1001, goal.goal_id, PLOT, WEDNESDAY, clock())
    await keep(db, goal, SUNDAY, MONDAY, now=clock())

    tuesday_morning = await morning_of(step, ada, TUESDAY)
    clock.set(local(TUESDAY, 12, 0))
    tuesday_today = (await ada.send("/today")).text
    await step.at(local(TUESDAY, 20, 0))
    tuesday_evening = ada.last_message
    await ada.press("✅ Done", message=tuesday_evening)
    [wednesday_card] = await morning_of(step, ada, WEDNESDAY)
    card = ada.last_message
    clock.set(local(WEDNESDAY, 9, 0))
    wednesday_today = (await ada.send("/today")).text
    ticked = await ada.press(TICK_ROW, message=card)

    assert PLOT not in tuesday_morning[0]  # two days ahead: nothing yet
    assert f"🏁 Tomorrow: {PLOT} is due." in tuesday_today
    assert f"🏁 Tomorrow: {PLOT} is due." in tuesday_evening.text
    assert "✅ Done" in tuesday_evening.button_labels  # still the streak's reminder
    assert TICK_ROW in tuesday_evening.button_labels
    assert f"🏁 Due today: {PLOT} — one push and it's done." in wednesday_card
    assert f"🏁 Due today: {PLOT}" in wednesday_today
    assert [TICK_ROW] in card.buttons
    # Ticked from the card: a word of its own; the card keeps its day buttons, not the row.
    [word] = ticked.texts
    assert f"{PLOT}" in word
    assert "Right on the day you set" in word
    refreshed = next(m for m in ada.messages if m.message_id == card.message_id)
    assert "✅ Done" in refreshed.button_labels
    assert TICK_ROW not in refreshed.button_labels
    clock.set(local(WEDNESDAY, 10, 0))
    assert PLOT not in (await ada.send("/today")).text  # done: nothing more to say


async def test_a_kept_evening_still_hears_about_tomorrows_milestone(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    goal = await add_goal(db, 1001, clock(), start=SUNDAY)
    await db.add_milestone(1001, goal.goal_id, PLOT, WEDNESDAY, clock())
    await keep(db, goal, SUNDAY, MONDAY, TUESDAY, now=clock())  # Tuesday kept early
    clock.set(local(TUESDAY, 9, 0))
    await seen(step.services, ada)

    report = await step.at(local(TUESDAY, 20, 0))

    assert report.sent == 1
    eve = ada.last_message
    assert eve.text.startswith("🌙")
    assert f"🏁 Tomorrow: {PLOT} is due." in eve.text
    assert "streak" not in eve.text  # nothing to protect tonight
    assert eve.button_labels == [TICK_ROW]


async def test_without_the_evening_message_the_morning_before_mentions_it(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    await step.services.accounts.toggle_evening(1001)
    goal = await add_goal(db, 1001, clock(), start=SUNDAY)
    await db.add_milestone(1001, goal.goal_id, PLOT, WEDNESDAY, clock())
    await keep(db, goal, SUNDAY, MONDAY, now=clock())

    [tuesday] = await morning_of(step, ada, TUESDAY)

    assert f"🏁 Tomorrow: {PLOT} is due." in tuesday


async def test_without_the_evening_message_an_early_riser_still_hears_of_tomorrow(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    await step.services.accounts.toggle_evening(1001)
    goal = await add_goal(db, 1001, clock(), start=SUNDAY)
    await db.add_milestone(1001, goal.goal_id, PLOT, WEDNESDAY, clock())
    await keep(db, goal, SUNDAY, MONDAY, TUESDAY, now=clock())  # Tuesday kept before 7:30

    [note] = await morning_of(step, ada, TUESDAY)

    assert note.startswith(f"🏁 Tomorrow: {PLOT} (Write a novel) is due.")
    assert "☀️" not in note
    assert "✅ Done" not in ada.last_message.button_labels


async def test_a_day_already_kept_gets_only_the_milestone_on_its_date(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    goal = await add_goal(db, 1001, clock(), start=SUNDAY)
    await db.add_milestone(1001, goal.goal_id, PLOT, WEDNESDAY, clock())
    await keep(db, goal, SUNDAY, MONDAY, TUESDAY, WEDNESDAY, now=clock())  # an early riser

    [note] = await morning_of(step, ada, WEDNESDAY)
    message = ada.last_message
    done = await ada.press("🏁 Done!", message=message)

    assert note.startswith(f"🏁 Due today: {PLOT}")
    assert "Today's step is kept already" in note
    assert "☀️" not in note  # no morning card for a kept day
    assert "✅ Done" not in message.button_labels
    assert "Right on the day you set" in done.edited[0].text


async def test_a_passed_date_gets_one_kind_word_and_new_dates_as_buttons(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    goal = await add_goal(db, 1001, clock(), start=SUNDAY)
    await db.add_milestone(1001, goal.goal_id, PLOT, MONDAY, clock())
    await keep(db, goal, SUNDAY, MONDAY, now=clock())

    tuesday = await morning_of(step, ada, TUESDAY)
    note = ada.last_message
    clock.set(local(TUESDAY, 9, 0))
    today = (await ada.send("/today")).text
    moved = await ada.press("Fri 27 Nov", message=note)
    await keep(db, goal, TUESDAY, now=clock())
    wednesday = await morning_of(step, ada, WEDNESDAY)

    assert len(tuesday) == 2  # the card, then the milestone's word
    assert f"{PLOT} (Write a novel) was due yesterday" in note.text
    assert "Dates are only guesses" in note.text
    assert note.buttons[0] == [
        "Fri 27 Nov",
        "Mon 30 Nov",
        "Tue 8 Dec",
    ]  # Friday, month end, 2 weeks
    assert note.buttons[1] == ["🏁 Done already", "📅 Another date"]
    assert f"{PLOT} was due Mon 23 Nov — still worth doing" in today
    for text in (note.text, today):
        assert not any(word in text.lower() for word in GUILT), text
    assert "due Fri 27 Nov. Saved." in moved.edited[0].text
    assert moved.edited[0].message_id == note.message_id
    assert all(PLOT not in text for text in wednesday)  # moved: nothing to say until its eve


async def test_the_passed_word_is_said_once_per_date(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    goal = await add_goal(db, 1001, clock(), start=SUNDAY)
    await db.add_milestone(1001, goal.goal_id, PLOT, MONDAY, clock())
    await keep(db, goal, SUNDAY, MONDAY, TUESDAY, now=clock())

    tuesday = await morning_of(step, ada, TUESDAY)
    wednesday = await morning_of(step, ada, WEDNESDAY)
    note = next(m for m in ada.messages if PLOT in m.text)
    clock.set(local(WEDNESDAY, 9, 0))
    done = await ada.press("🏁 Done already", message=note)

    assert sum(PLOT in text for text in tuesday) == 1  # Tuesday was kept: the word alone
    assert all(PLOT not in text for text in wednesday)
    assert "Later than planned and done all the same — that's what counts." in done.edited[0].text
