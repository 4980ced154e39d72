"""The identity beats' pure rules: when the belief is forming, and the user's words (rule 6)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.coach.identity import (
    BELIEF_FORMING_FROM,
    BELIEF_FORMING_UNTIL,
    belief_forming,
    identity_words,
    normalise_identity,
)


@pytest.mark.parametrize(
    ("before", "after", "celebrating", "expected"),
    [
        (5, 6, False, False),  # too early: one week of proof first
        (6, 7, False, True),  # the 7th vote, nothing else to celebrate
        (6, 7, True, False),  # a 7-day streak has the stage: wait a day
        (7, 8, False, True),  # the day after the first full week
        (13, 14, True, True),  # the last day it fits: said even beside a milestone
        (14, 15, False, False),  # the moment has passed
        (8, 8, False, False),  # no new vote (a rest day, the same win twice)
        (0, 66, False, False),
    ],
)
def test_the_belief_forms_between_the_seventh_and_the_fourteenth_vote(
    before: int, after: int, celebrating: bool, expected: bool
) -> None:
    assert belief_forming(before, after, celebrating=celebrating) is expected


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        belief_forming(-1, 3, celebrating=False)


@given(st.lists(st.booleans(), min_size=BELIEF_FORMING_UNTIL, max_size=40))
def test_any_run_of_votes_gets_the_moment_within_the_window(celebrations: list[bool]) -> None:
    """Whatever the streak milestones, some vote from 7 to 14 says it, and none outside."""
    moments = [
        votes
        for votes, celebrating in enumerate(celebrations, start=1)
        if belief_forming(votes - 1, votes, celebrating=celebrating)
    ]
    assert moments
    assert all(BELIEF_FORMING_FROM <= votes <= BELIEF_FORMING_UNTIL for votes in moments)
    first_quiet = next(
        (v for v in range(BELIEF_FORMING_FROM, BELIEF_FORMING_UNTIL) if not celebrations[v - 1]),
        BELIEF_FORMING_UNTIL,
    )
    assert moments[0] == first_quiet


@pytest.mark.parametrize(
    ("stored", "said"),
    [
        ("I am a writer", "you are a writer"),
        ("I am someone who meditates", "you are someone who meditates"),
        (normalise_identity("I'm a runner."), "you are a runner"),
        ("Writer at heart", "Writer at heart"),  # not a statement: said as it is
    ],
)
def test_the_statement_is_said_back_to_the_user(stored: str, said: str) -> None:
    assert identity_words(stored) == said
