"""Typed messages while a question is open: answers, agreement, or a win (issue 15, defect 6)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.coach.answers import WhileAsked, agrees, read_while_asked


@pytest.mark.parametrize(
    "text",
    [
        "yes",
        "Yes!",
        "yep",
        "ok",
        "OK 👍",
        "👍",
        "👍🏽",
        "✅",
        "sure",
        "sounds good",
        "take it",
        "I'll take it",
        "yes please",
        "perfect",
        "that works",
        "alright!",
        "Okay.",
    ],
)
def test_a_plain_yes_agrees(text: str) -> None:
    assert agrees(text)
    assert read_while_asked(text) is WhileAsked.AGREE


@pytest.mark.parametrize(
    "text",
    ["yes I will", "no", "not yet", "ok but smaller", "done", "yesterday", "okra", "", "  "],
)
def test_anything_more_than_agreement_does_not_agree(text: str) -> None:
    assert not agrees(text)


@pytest.mark.parametrize(
    "text",
    [
        "wrote 400 words",
        "ran 5 km",
        "done 20 pushups",
        "✅ 30 minutes",
        "meditated 10 min",
        "I wrote 500 words today",
        "did the minimum: 50 words",
    ],
)
def test_a_win_with_an_amount_is_a_win(text: str) -> None:
    assert read_while_asked(text) is WhileAsked.WIN


@pytest.mark.parametrize(
    "text",
    ["done", "did it", "💪", "finished", "did the minimum", "undo", "done ✅"],
)
def test_a_bare_done_is_meant_for_the_log(text: str) -> None:
    assert read_while_asked(text) is WhileAsked.LOGGING


@pytest.mark.parametrize(
    "text",
    [
        "Read more",  # a vision, not a reading session
        "read 20 pages",  # "read" reads the same in the present: a daily action
        "put 5 € aside",
        "13,000 words",  # a monthly number
        "400 words",
        "run 5 km without stopping",
        "write a novel",
        "15 January",
        "rest day",
        "Berlin",
        "meditated",  # inferred, no amount: could be anything
    ],
)
def test_anything_else_is_the_answer(text: str) -> None:
    assert read_while_asked(text) is WhileAsked.ANSWER


@given(st.text(max_size=60))
def test_every_message_gets_exactly_one_reading(text: str) -> None:
    reading = read_while_asked(text)
    assert reading in WhileAsked
    assert (reading is WhileAsked.AGREE) == agrees(text)
