"""The cheer after a win speaks to what the user did and never repeats within a week (rule 15).

Ada writes every day for three weeks, some days more, some less, once twice in a day. The cheer
under each win is one of eight lines about her own figures (her streak, her biggest day lately,
her wins, the week's target, how her run began), chosen by day: no cheer sentence comes back
within seven days.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from bot.coach.cheers import Cheer, CheerKind, DayAmount, WinFacts
from bot.coach.models import Measure
from bot.coach.progress.amounts import LevelProgress
from bot.views.cheers import cheer_line
from bot.views.i18n import ENGLISH_TRANSLATOR
from fake_telegram import FakeUser
from storage.base import Repository
from tests.bot.daily import TODAY, add_novel, at, next_day
from tests.support import FrozenClock

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sentences(text: str) -> list[str]:
    """A line's sentences (an emoji on its own is a picture, not a sentence)."""
    return [part for part in _SENTENCE_END.split(text) if any(ch.isalpha() for ch in part)]


def cheer_of(text: str) -> str:
    """The cheer: the reply's last line (after the chain, the streak, the ladder, the vote)."""
    return text.splitlines()[-1]


async def test_three_weeks_of_cheers_speak_to_her_figures_and_never_repeat_in_a_week(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    await add_novel(db, now=clock(), identity=None)
    words = [480, 500, 520, 700, 480, 300, 900, 480, 510, 480, 620, 480, 480, 1_000, 480]
    words += [480, 550, 480, 400, 480, 480]
    cheers: list[tuple[date, str]] = []
    day = TODAY
    for n, amount in enumerate(words):
        if n:
            day = next_day(clock)
        cheers.append((day, cheer_of((await ada.send(f"wrote {amount} words")).text)))
    at(clock, day, 21)
    top_up = cheer_of((await ada.send("wrote 100 words")).text)

    assert cheers[0][1] == "Your first win — the chain starts right here. 🔗"
    assert top_up == f"That makes {words[-1] + 100} words today. 🙌"
    with_numbers = [text for _, text in cheers[1:] if re.search(r"\d", text)]
    assert len(with_numbers) >= len(cheers[1:]) * 3 // 4  # her own figures, mostly
    last_seen: dict[str, date] = {}
    for day, text in cheers:
        for sentence in sentences(text):
            earlier = last_seen.get(sentence)
            assert earlier is None or (day - earlier).days >= 7, (sentence, earlier, day)
            last_seen[sentence] = day


FULL = WinFacts(
    streak=12,
    best_before=11,
    votes=14,
    strength=61,
    run_start=TODAY - timedelta(days=11),
    day=DayAmount(900, "words", best=700, best_on=TODAY - timedelta(days=3)),
    week=LevelProgress(Measure(2_100, "words"), Measure(3_300, "words")),
    total=Measure(6_200, "words"),
)
BARE = WinFacts(streak=1, best_before=5, votes=9, strength=30, run_start=TODAY)


@pytest.mark.parametrize(
    ("index", "said"),
    [
        (0, "12 days running now — the chain gets harder to break. 🔗"),
        (1, "900 words — your biggest day in five weeks! 🚀"),
        (2, "Win number 14. Every single one of them counts. ✨"),
        (3, "A new personal best: 12 days in a row! 🏆"),
        (4, "1,200 words to go for this week's 3,300 words."),
        (5, "Habit strength 61% — it remembers every kept day. 💪"),
        (6, "Not a day dropped since Wed 11 Nov."),
        (7, "6,200 words since you started. Small wins, real distance."),
    ],
)
def test_each_cheer_speaks_to_the_users_own_figures(index: int, said: str) -> None:
    assert cheer_line(ENGLISH_TRANSLATOR, Cheer(CheerKind.ROTATING, index, FULL), TODAY) == said


def test_no_two_cheers_say_the_same_sentence_whatever_the_facts() -> None:
    """Templates and their fallbacks are all different sentences: a rotation never repeats."""
    modest = WinFacts(
        streak=4,
        best_before=9,
        votes=20,
        strength=40,
        run_start=TODAY - timedelta(days=3),
        day=DayAmount(300, "words", best=700, best_on=TODAY - timedelta(days=3)),
        week=LevelProgress(Measure(3_400, "words"), Measure(3_300, "words")),
    )
    for facts in (FULL, BARE, modest):
        lines = [
            cheer_line(ENGLISH_TRANSLATOR, Cheer(CheerKind.ROTATING, i, facts), TODAY)
            for i in range(8)
        ]
        said = [sentence for line in lines for sentence in sentences(line)]
        assert len(set(said)) == len(said), lines
    assert cheer_line(ENGLISH_TRANSLATOR, Cheer(CheerKind.ROTATING, 3, modest), TODAY) == (
        "5 more to match your best run of 9 days."
    )
    first_run = WinFacts(streak=5, best_before=4, votes=5, strength=30, run_start=TODAY)
    assert cheer_line(ENGLISH_TRANSLATOR, Cheer(CheerKind.ROTATING, 3, first_run), TODAY) == (
        "5 days in a row — your longest run so far, and still going."
    )
