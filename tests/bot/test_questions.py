"""The conversation's one table: every question is answered by exactly one feature."""

from __future__ import annotations

import pytest

from bot import handlers
from bot.handlers.questions import Asking, Conversation
from bot.services.questions import Asked, Question


def test_every_question_in_the_catalogue_is_answered_by_a_feature() -> None:
    assert handlers.questions().questions == frozenset(Question)


def test_a_question_answered_by_two_features_is_refused_at_start_up() -> None:
    async def answer(*_: object) -> None:
        return None

    row = Asking(Question.PARTNER_NOTE, answer)
    with pytest.raises(ValueError, match=r"partner\.note is answered twice"):
        Conversation((row,), (row,))


@pytest.mark.parametrize(
    ("stored", "asked"),
    [
        (None, None),
        ("", None),
        ("plan.daily:17", Asked(Question.PLAN_DAILY, 17)),
        ("settings.birthday", Asked(Question.SETTINGS_BIRTHDAY)),
        # A step from another version, or a damaged subject, reads as no question.
        ("plan.someday:3", None),
        ("goals.step_title:x", None),
    ],
)
def test_a_stored_step_reads_back_as_the_question_it_names(
    stored: str | None, asked: Asked | None
) -> None:
    assert Asked.decode(stored) == asked
    if asked is not None:
        assert asked.encode() == stored
        assert Question.parse(stored) is asked.question


def test_a_question_about_something_carries_its_id() -> None:
    assert Question.COMEBACK_MVA.about(9) == Asked(Question.COMEBACK_MVA, 9)
    assert Question.COMEBACK_MVA.about(9).encode() == "comeback.mva:9"
