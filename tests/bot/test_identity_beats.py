"""The identity beats, said once each in the user's own words (docs/product.md rule 6).

Between the 7th and the 14th vote the bot says the belief is forming (on a day without a streak
milestone to celebrate); on the 66th it says the habit is who the user is. Each is said once per
goal: an undo and a second log, or the next day, do not repeat it.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.coach.models import EntryStatus, Goal, NewEntry
from fake_telegram import FakeUser
from storage.base import Repository
from tests.bot.daily import TODAY, add_novel, next_day
from tests.support import FrozenClock

pytestmark = pytest.mark.usefixtures("bot")

FORMING = "The belief is forming"


async def kept_before_today(db: Repository, goal: Goal, days: int, clock: FrozenClock) -> None:
    """``days`` kept days in a row, ending yesterday (logged elsewhere, as Done would)."""
    for n in range(days, 0, -1):
        day: date = TODAY - timedelta(days=n)
        await db.append_entry(NewEntry(goal.goal_id, 1001, day, EntryStatus.DONE), clock())


async def test_the_day_after_the_first_week_says_the_belief_is_forming_once(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    goal = await add_novel(db, now=clock(), start=TODAY - timedelta(days=7))
    await kept_before_today(db, goal, 7, clock)  # the first full week was celebrated then

    eighth = (await ada.send("done")).text
    undone = await ada.send("undo")
    again = (await ada.send("done")).text
    next_day(clock)
    ninth = (await ada.send("done")).text

    assert "🌱 8 days of proof for “I am a writer”. The belief is forming" in eighth
    assert "↩️" in undone.text
    assert FORMING not in again  # said once, even after an undo
    assert FORMING not in ninth
    assert "Vote 9 for “I am a writer”" in ninth


async def test_without_an_identity_the_belief_still_gets_its_word(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    goal = await add_novel(db, now=clock(), start=TODAY - timedelta(days=9), identity=None)
    await kept_before_today(db, goal, 9, clock)

    tenth = (await ada.send("done")).text

    assert "🌱 10 days of proof. The belief is forming" in tenth
    assert "“" not in tenth  # no words put in the user's mouth


async def test_day_66_says_it_is_who_they_are_in_their_own_words_once(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    goal = await add_novel(db, now=clock(), start=TODAY - timedelta(days=65))
    await kept_before_today(db, goal, 65, clock)

    day_66 = (await ada.send("done")).text
    next_day(clock)
    day_67 = (await ada.send("done")).text

    assert "🌱 66 days!" in day_66  # the streak milestone
    assert "🪪 66 days of proof. Not a hope any more — you are a writer." in day_66
    assert FORMING not in day_66  # that moment is long past
    assert "days of proof" not in day_67
