"""Typed answers while a question is open are answers (issue 15, defect 6).

A plain "yes" or "👍" takes the bot's proposal; "Read more" is a vision. A win is logged from
text while a question is open only when it is unmistakably a win with an amount; a bare "done"
keeps the question and says how to log.
"""

from __future__ import annotations

import pytest

from bot.coach.models import Goal, GoalStatus
from bot.context import BotApplication
from bot.services.questions import Question
from fake_telegram import FakeUser
from storage.base import Repository
from tests.bot.daily import add_novel, entries_of
from tests.bot.journeys import stored_user
from tests.support import FrozenClock

pytestmark = pytest.mark.usefixtures("bot")


async def draft_of(db: Repository, user_id: int = 1001) -> Goal:
    [draft] = await db.list_goals(user_id, [GoalStatus.DRAFT])
    return draft


async def test_yes_at_the_month_and_thumbs_up_at_the_week_take_the_proposals(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())  # an active goal a stray win could land on
    await ada.send("/plan")
    await ada.send("Run a marathon next autumn")
    month = await ada.send("run 330 km in 12 weeks")
    assert "Take that, or type your own" in month.text

    week = await ada.send("yes")
    day = await ada.send("👍")

    assert "a week" in week.text
    assert "atomic unit" in day.text
    draft = await draft_of(db)
    assert draft.monthly_measure is not None
    assert draft.weekly_measure is not None
    assert draft.monthly_measure.unit == "km"
    assert await entries_of(db, novel) == []  # no win logged


async def test_read_more_typed_as_a_vision_is_the_vision(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())
    await ada.send("/plan")

    outcome = await ada.send("Read more")

    assert "12 weeks" in outcome.text
    assert (await draft_of(db)).vision == "Read more"
    assert await entries_of(db, novel) == []


async def test_a_bare_done_while_a_question_is_open_keeps_it_and_says_how_to_log(
    ada: FakeUser, bot: BotApplication, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())
    await ada.press_data(f"plan:show:{novel.goal_id}")
    await ada.press("Daily")  # a question opens ... and the user walks away

    held = await ada.send("done")

    assert "/done" in held.text
    assert await entries_of(db, novel) == []
    assert (await stored_user(bot, 1001)).dialog is not None
    logged = await ada.send("/done")
    assert "Streak 1" in logged.text
    stored = await db.get_goal(1001, novel.goal_id)
    assert stored is not None
    assert stored.daily == novel.daily  # not "done"


async def test_a_win_with_an_amount_while_a_question_is_open_is_logged(
    ada: FakeUser, bot: BotApplication, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())
    await ada.press_data(f"plan:show:{novel.goal_id}")
    await ada.press("Daily")

    logged = await ada.send("wrote 400 words")

    assert "400" in logged.text
    [entry] = await entries_of(db, novel)
    assert entry.quantity == 400
    assert (await stored_user(bot, 1001)).dialog is None


async def test_yes_where_nothing_is_proposed_asks_again_in_a_friendly_way(
    ada: FakeUser, db: Repository
) -> None:
    await ada.send("/plan")

    again = await ada.send("yes")

    assert "What's the big thing you want?" in again.text
    assert (await draft_of(db)).vision == ""


async def test_yes_takes_the_measurable_rewrite(
    ada: FakeUser, bot: BotApplication, db: Repository
) -> None:
    await ada.send("/plan")
    await ada.send("Get fit")
    vague = await ada.send("be fitter")
    assert "How about" in vague.text

    await ada.send("yes")

    draft = await draft_of(db)
    assert draft.outcome not in (None, "be fitter")
    assert Question.parse((await stored_user(bot, 1001)).dialog) is not Question.PLAN_OUTCOME_CHECK
