"""/streak and /progress through the real Application and the fake Telegram (rules 1, 5, 7).

The calendar picture must be a real PNG with the chain and the numbers in its caption; the
progress view shows the ladder, the pace of the 12-week outcome and the 1%-a-day curve.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from PIL import Image

from bot.charts.calendar import LEGEND_LABELS, month_size, year_size
from bot.coach.models import EntryStatus, Goal, GoalStatus, Measure, NewEntry
from fake_telegram import FakeUser, MessageView
from storage.base import Repository
from tests.bot.daily import (
    PNG_SIGNATURE,
    TODAY,
    add_habit,
    add_novel,
    chain_of,
    next_day,
)
from tests.bot.journeys import press_data
from tests.support import FrozenClock

pytestmark = pytest.mark.usefixtures("bot")

WORDS_480 = Measure(480, "words")


async def seed_days(
    db: Repository,
    goal: Goal,
    clock: FrozenClock,
    first: date,
    statuses: str,
    *,
    quantity: float | None = None,
) -> None:
    """One entry a day from ``first``: "d" done, "m" minimum, "s" rest, "." nothing."""
    codes = {"d": EntryStatus.DONE, "m": EntryStatus.MVA, "s": EntryStatus.SKIP}
    for offset, code in enumerate(statuses):
        if code == ".":
            continue
        entry = NewEntry(
            goal.goal_id,
            goal.user_id,
            first + timedelta(days=offset),
            codes[code],
            quantity,
            WORDS_480,
        )
        await db.append_entry(entry, clock())


# --- /streak ------------------------------------------------------------------------------------


async def test_streak_sends_the_calendar_picture_with_the_chain_in_its_caption(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    start = TODAY - timedelta(days=9)
    novel = await add_novel(db, now=clock(), start=start)
    await seed_days(db, novel, clock, start, "dddd.ddms")  # a miss, then five kept days

    shown = await ada.send("/streak")

    picture = shown.reply
    assert picture.photo is not None
    assert picture.photo.startswith(PNG_SIGNATURE)
    caption = picture.text
    assert caption.startswith("Write a novel\n")
    assert chain_of(picture) == "🟩🟩🟩🟩⬜🟩🟩🟨🟦▫️"
    assert "🔥 Streak 4 · best 4" in caption
    assert "💪 Strength" in caption
    assert "7 wins so far" in caption
    # Every square shown is explained: today's open one too, and no pause that is not there.
    assert "🟩 done 🟧 partly 🟨 minimum 🟦 rest ⬜ missed ▫️ today, still open" in caption
    assert "paused" not in caption

    await ada.send("done")
    logged = (await ada.send("/streak")).reply.text
    assert "⬜ missed\n" in logged or logged.rstrip().endswith("⬜ missed")
    assert "today, still open" not in logged
    # The picture's legend uses the same plain words (no "MVA").
    assert {"Done", "Partly", "Minimum", "Rest", "Missed"} <= set(LEGEND_LABELS.values())
    # A goal begun this month has no other month to go back to.
    assert picture.buttons == [["❓ Strength"]]


def picture_size(message: MessageView) -> tuple[int, int]:
    """The (width, height) of a message's picture."""
    assert message.photo is not None
    assert message.photo.startswith(PNG_SIGNATURE)
    with Image.open(io.BytesIO(message.photo)) as image:
        return image.size


async def test_the_months_since_the_start_replace_the_month_in_place_and_back(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock(), start=TODAY - timedelta(days=40))
    await seed_days(db, novel, clock, TODAY - timedelta(days=40), "d" * 40)
    month = await ada.send("/streak")
    assert month.reply.buttons == [["‹ Oct"], ["🗓 Since Oct", "❓ Strength"]]

    year = await ada.press("🗓 Since Oct")

    assert year.answer is not None
    assert year.sent == ()  # the same message, edited
    (picture,) = year.edited
    assert picture.message_id == month.reply.message_id
    assert picture.photo != month.reply.photo
    # October and November only, in one row: not ten empty months before the start.
    assert picture_size(picture) == year_size(2)
    assert "Streak 40 · best 40" in picture.text
    assert picture.buttons == [["📅 This month", "❓ Strength"]]
    back = await ada.press("📅 This month")
    (again,) = back.edited
    assert again.message_id == month.reply.message_id
    assert again.photo == month.reply.photo
    assert len([m for m in ada.messages if m.photo is not None]) == 1


async def test_a_goal_older_than_a_year_shows_its_last_12_months(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    start = TODAY - timedelta(days=400)
    novel = await add_novel(db, now=clock(), start=start)
    await seed_days(db, novel, clock, TODAY - timedelta(days=30), "d" * 30)
    await ada.send("/streak")

    year = await ada.press("🗓 Last 12 months")

    assert picture_size(year.edited[0]) == year_size(12)


async def test_previous_and_next_month_turn_the_calendar_in_place(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    start = date(2026, 9, 14)
    novel = await add_novel(db, now=clock(), start=start)
    await seed_days(db, novel, clock, start, "d" * (TODAY - start).days)
    shown = await ada.send("/streak")
    november = shown.reply
    assert picture_size(november) == month_size(TODAY)
    assert november.buttons[0] == ["‹ Oct"]

    october = (await ada.press("‹ Oct")).edited[0]
    assert october.message_id == november.message_id
    assert picture_size(october) == month_size(date(2026, 10, 1))
    assert october.buttons[:2] == [["‹ Sep", "Nov ›"], ["🗓 Since Sep", "❓ Strength"]]
    assert october.text == november.text  # the caption is the chain up to today
    september = (await ada.press("‹ Sep")).edited[0]
    assert september.buttons[0] == ["Oct ›"]  # the month the goal started: no further back
    await ada.press("Oct ›")
    back = (await ada.press("Nov ›")).edited[0]

    assert back.photo == november.photo
    assert back.buttons == november.buttons
    assert len([m for m in ada.messages if m.photo is not None]) == 1
    # Forged months are kept between the start and this month.
    future = await press_data(ada, f"sk:m:{novel.goal_id}:203001")
    assert future.edited[0].photo == november.photo  # no further than this month
    past = await press_data(ada, f"sk:m:{novel.goal_id}:199901")
    assert past.edited[0].buttons[0] == ["Oct ›"]
    nonsense = await press_data(ada, f"sk:m:{novel.goal_id}:202613")
    assert nonsense.answer_text == "That goal isn't available any more."


async def test_the_strength_button_explains_it_in_plain_words(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    start = TODAY - timedelta(days=30)
    novel = await add_novel(db, now=clock(), start=start)
    await seed_days(db, novel, clock, start, "d" * 29 + ".")  # a month, then one miss
    shown = await ada.send("/streak")
    assert "Streak 0 · best 29" in shown.text
    assert "Yesterday slipped — one miss is an accident." in shown.text

    explained = await ada.press("❓ Strength")

    # A small line of the score since the start, the explanation as its caption; the calendar
    # it was asked from stays as it was.
    assert explained.edited == ()
    assert explained.reply.photo is not None
    assert explained.reply.photo.startswith(PNG_SIGNATURE)
    assert explained.reply.photo != shown.reply.photo
    text = explained.text
    assert text.startswith("💪 Strength is ")
    assert "for Write a novel" in text
    assert "halves every 13 days" in text
    assert "one miss after a good month barely dents it" in text
    assert "never drops to zero overnight" in text
    strength = int(text.removeprefix("💪 Strength is ").split("%")[0])
    assert 70 <= strength < 100  # one miss after a good month: still strong


async def test_before_the_start_strength_is_explained_in_words_only(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    await add_novel(db, now=clock(), start=TODAY + timedelta(days=1))
    await ada.send("/streak")

    explained = await ada.press("❓ Strength")

    assert explained.reply.photo is None
    assert explained.text.startswith("💪 Strength is 0% for Write a novel.")


async def test_streak_offers_the_other_goals_and_shows_each(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    await add_novel(db, now=clock())
    run = await add_habit(db, "Run a 10k", "run 3 km", Measure(3, "km"), now=clock())
    await ada.send("ran 3 km")

    shown = await ada.send("/streak")
    assert shown.reply.buttons[-1] == ["➡️ Run a 10k"]
    other = await ada.press("➡️ Run a 10k")

    (calendar,) = other.edited  # the same picture message, now the other goal's
    assert calendar.message_id == shown.reply.message_id
    assert calendar.text.startswith("Run a 10k\n🟩\n🔥 Streak 1 · best 1")
    assert calendar.button_data[0] == [f"sk:why:{run.goal_id}"]
    assert calendar.buttons[-1] == ["➡️ Write a novel"]


async def test_streak_and_progress_show_a_started_goal_before_one_that_starts_later(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    later = await add_novel(db, now=clock(), start=TODAY + timedelta(days=8))
    await add_habit(db, "Run a 10k", "run 3 km", Measure(3, "km"), now=clock())
    await ada.send("ran 3 km")

    streak = await ada.send("/streak")
    progress = await ada.send("/progress")

    assert streak.reply.text.startswith("Run a 10k\n")
    assert streak.reply.buttons[-1] == ["➡️ Write a novel"]
    assert progress.text.startswith("📊 Run a 10k")
    other = await ada.press("➡️ Write a novel", message=streak.reply)
    assert other.edited[0].text.startswith("Write a novel\n")
    assert other.edited[0].button_data[0][0] == f"sk:why:{later.goal_id}"


async def test_streak_and_progress_without_a_goal_point_to_plan(ada: FakeUser) -> None:
    for command in ("/streak", "/progress"):
        reaction = await ada.send(command)
        assert "/plan" in reaction.text


async def test_streak_buttons_of_an_archived_goal_are_refused(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())
    shown = await ada.send("/streak")
    await db.set_goal_status(1001, novel.goal_id, GoalStatus.ARCHIVED, clock())

    for view in ("y", "why", "m", "m:202610"):
        refused = await press_data(ada, f"sk:{view}:{novel.goal_id}", message=shown.reply)
        assert refused.answer_text == "That goal isn't available any more."
        assert refused.sent == ()
        assert refused.edited == ()
    forged = await press_data(ada, f"pr:{novel.goal_id}")
    assert forged.answer_text == "That goal isn't available any more."


# --- /progress ----------------------------------------------------------------------------------


async def test_progress_in_week_one_shows_the_ladder_and_says_it_is_too_early(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    await add_novel(db, now=clock())
    await ada.send("wrote 400 words")

    shown = await ada.send("/progress")

    # The pace chart, with the ladder as its caption.
    assert shown.reply.photo is not None
    assert shown.reply.photo.startswith(PNG_SIGNATURE)
    assert shown.text.splitlines() == [
        "📊 Write a novel · week 1 of 12",
        "🎯 12 weeks: 40,000 words of my first draft — 400/40,000 words (1%)",
        "   Pace: too early to tell — keep stacking days",
        "🗓 Plan month 1 (Sun 22 Nov – Sat 19 Dec): 1/1 days · 400/13,300 words",
        # Day one is a Sunday, the review day: this week holds that one day of the plan.
        "📅 This week (Sun 22 Nov): 1/1 days · 400/470 words",
        "✅ Today: write 480 words — done ✓",
        "📈 1% a day: 1 win → 1.01× — early weeks feel slow for everyone; the curve bends later.",
    ]
    assert shown.reply.buttons == [["📈 1% curve", "🔥 Streak"]]
    streak = await ada.press("🔥 Streak")
    assert streak.sent == ()  # the chart turns into the calendar, in place
    assert streak.edited[0].photo is not None
    assert streak.edited[0].text.startswith("Write a novel\n")


@pytest.mark.parametrize(
    ("logged", "today"),
    [
        (("rest day",), "😴 Today: a rest day — the chain holds"),
        (("/settings", "🏖 Holiday", "1 week"), "⏸️ Today: paused — your streaks are safe"),
    ],
    ids=["rest-day", "holiday"],
)
async def test_progress_says_a_rest_or_paused_today_as_it_is_not_as_done(
    ada: FakeUser, db: Repository, clock: FrozenClock, logged: tuple[str, ...], today: str
) -> None:
    await add_novel(db, now=clock())
    await ada.send(logged[0])
    for label in logged[1:]:
        await ada.press(label)

    shown = await ada.send("/progress")

    assert today in shown.text.splitlines()
    assert "done ✓" not in shown.text


async def test_progress_later_projects_a_finish_date(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    start = TODAY - timedelta(days=15)
    novel = await add_novel(db, now=clock(), start=start)
    await seed_days(db, novel, clock, start, "d" * 15)  # 15 × 480 words, today still open

    shown = await ada.send("/progress")

    text = shown.text
    assert "week 3 of 12" in text
    assert "7,200/40,000 words (18%)" in text
    # 32,800 words left at 480 a day: 69 more days after yesterday; due Sat 30 Jan.
    assert "Pace: on track ✅ (at this pace: Fri 29 Jan 2027)" in text
    # The user's week, Monday to Sunday (the review day): six days kept, today open.
    assert "📅 This week (Mon 16 Nov – Sun 22 Nov): 6/6 days · 2,880/3,300 words" in text
    assert "🗓 Plan month 1 (Sat 7 Nov – Fri 4 Dec): 15/15 days · 7,200/13,300 words" in text
    assert "✅ Today: write 480 words — still open" in text
    assert "15 wins → 1.16×" in text


async def test_progress_behind_plan_says_the_minimum_still_counts(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    start = TODAY - timedelta(days=14)
    novel = await add_novel(db, now=clock(), start=start)
    await seed_days(db, novel, clock, start, "d.d.d.d.d.d.d.", quantity=200)

    shown = await ada.send("/progress")

    assert "Pace: behind plan — the minimum still counts, every day (at this pace:" in shown.text
    assert "1,400/40,000 words" in shown.text


async def test_progress_before_the_start(ada: FakeUser, db: Repository, clock: FrozenClock) -> None:
    await add_novel(db, now=clock(), start=TODAY + timedelta(days=1))

    shown = await ada.send("/progress")

    assert "Starts Mon 23 Nov. The ladder fills up from day one." in shown.text
    assert shown.reply.photo is None  # nothing to draw yet


async def test_progress_of_a_habit_without_a_number_draws_kept_days(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    start = TODAY - timedelta(days=6)
    habit = await add_habit(db, "Meditate", "meditate", None, now=clock(), start=start)
    await seed_days(db, habit, clock, start, "dd.ddd")

    shown = await ada.send("/progress")

    assert shown.reply.photo is not None
    assert shown.reply.photo.startswith(PNG_SIGNATURE)
    assert shown.text.startswith("📊 Meditate · week 1 of 12\n")
    assert "📅 This week (Mon 16 Nov – Sun 22 Nov): 5/6 days" in shown.text


async def test_progress_past_the_twelve_weeks_says_which_week_not_week_23_of_12(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    start = TODAY - timedelta(days=154)
    habit = await add_habit(db, "Meditate", "meditate", None, now=clock(), start=start)
    await seed_days(db, habit, clock, start, "d" * 10 + "." + "d" * 143)

    shown = await ada.send("/progress")

    assert shown.text.startswith("📊 Meditate · Week 23\n")
    assert "of 12" not in shown.text.splitlines()[0]
    assert shown.reply.photo is not None


async def test_progress_switches_between_goals(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    await add_novel(db, now=clock())
    await add_habit(db, "Run a 10k", "run 3 km", Measure(3, "km"), now=clock())

    shown = await ada.send("/progress")
    other = await ada.press("➡️ Run a 10k")

    assert shown.reply.buttons == [["📈 1% curve", "🔥 Streak"], ["➡️ Run a 10k"]]
    # One picture message, edited in place: the chat does not pile up charts.
    assert other.sent == ()
    (edited,) = other.edited
    assert edited.message_id == shown.reply.message_id
    assert edited.photo is not None
    assert edited.photo != shown.reply.photo
    assert edited.text.startswith("📊 Run a 10k · week 1 of 12")
    assert "✅ Today: run 3 km — still open" in edited.text
    assert edited.buttons == [["📈 1% curve", "🔥 Streak"], ["➡️ Write a novel"]]


async def test_the_chain_and_strength_move_day_by_day(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    await add_novel(db, now=clock())
    strengths = []
    for _ in range(3):
        logged = await ada.send("done")
        strengths.append(int(logged.text.split("strength ")[1].split("%")[0]))
        next_day(clock)

    card = await ada.send("/today")

    assert chain_of(card.reply) == "🟩🟩🟩▫️"
    assert "Streak 3 · best 3" in card.text
    assert strengths == sorted(strengths)
    assert strengths[0] < strengths[-1]


async def test_the_1_percent_curve_replaces_the_pace_chart_in_place_and_back(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    start = TODAY - timedelta(days=17)
    novel = await add_novel(db, now=clock(), start=start)
    await seed_days(db, novel, clock, start, "d" * 17)
    pace = await ada.send("/progress")

    curve = await ada.press("📈 1% curve")

    assert curve.answer is not None
    assert curve.sent == ()  # the same message, now showing the curve
    (shown,) = curve.edited
    assert shown.message_id == pace.reply.message_id
    assert shown.photo is not None
    assert shown.photo.startswith(PNG_SIGNATURE)
    assert shown.photo != pace.reply.photo
    assert shown.text.startswith("📈 Write a novel · 1% a day\n17 wins → 1.18×.")
    assert "the start is flat for everyone" in shown.text
    assert shown.buttons == [["📊 Pace", "🔥 Streak"]]

    back = await ada.press("📊 Pace")

    (again,) = back.edited
    assert back.sent == ()
    assert again.message_id == pace.reply.message_id
    assert again.text == pace.text
    assert len([m for m in ada.messages if m.photo is not None]) == 1
