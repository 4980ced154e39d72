"""Rule 15 in every language: the templates of a rotating line share no sentence once translated.

English says "Good morning, Ada!" and "Good morning, Ada — ready when you are."; a translation
that writes both as "Доброе утро, Ольга! …" makes the same sentence come back three mornings
later. Each set is filled with stand-in values; only the templates' own words are compared.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from bot.coach.languages import LANGUAGES
from bot.coach.schedule.review import ReviewProposal
from bot.views.i18n import Translator, translator
from bot.views.nudges import evening, fresh_start, momentum, morning, review
from bot.views.nudges.common import rotating

_GOAL = {"streak": "5", "name": "N", "mva": "M", "next": "6", "votes": "9", "action": "A"}
_WEEK = {"done": "1", "target": "2", "next": "3", "days": "4"}


def _review(proposal: ReviewProposal) -> Callable[[Translator], tuple[str, ...]]:
    return lambda t: review._by_amount(t, proposal, _WEEK)


ROTATING: dict[str, Callable[[Translator], tuple[str, ...]]] = {
    "morning greeting": lambda t: t.each(morning.GREETINGS, name="Ada"),
    "morning greeting, no name": lambda t: t.each(morning.GREETINGS_UNNAMED),
    "morning action": lambda t: t.each(morning.ACTION_LEADS, action="A"),
    "morning minimum": lambda t: t.each(morning.MINIMUM_LINES, mva="M"),
    "morning after a miss": lambda t: t.each(morning.SLIPPED_LINES),
    "evening reminder": lambda t: t.each(evening.EVENINGS, **_GOAL),
    "evening, a milestone due tomorrow": lambda t: t.each(evening.MILESTONE_EVES),
    "morning, a first win to make": lambda t: t.each(momentum.FIRST_MOMENTUM),
    "morning, a run of one day": lambda t: t.each(momentum.NEW_RUN_MOMENTUM),
    "fresh start": lambda t: t.each(fresh_start.FRESH_START_LINES),
    "fresh-start eve, a lapse": lambda t: t.each(
        fresh_start.RESTART_EVE_LINES, goal="G", smallest="S"
    ),
    "fresh-start eve, no plan yet": lambda t: t.each(fresh_start.NO_PLAN_EVE_LINES),
    "fresh-start eve, a streak": lambda t: fresh_start._eve_streak(t, _GOAL),
    "fresh-start eve, a clean start": lambda t: fresh_start._eve_clean(t, _GOAL),
    "review, too short": lambda t: review._short(t, _WEEK),
    **{f"review, {proposal.value}": _review(proposal) for proposal in ReviewProposal},
}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@pytest.mark.parametrize("language", sorted(LANGUAGES))
@pytest.mark.parametrize("rotating", sorted(ROTATING))
def test_no_two_templates_of_a_rotating_line_share_a_sentence(language: str, rotating: str) -> None:
    templates = ROTATING[rotating](translator(language))

    first_in: dict[str, int] = {}
    for index, text in enumerate(templates):
        for sentence in _SENTENCE_END.split(text):
            first_in.setdefault(sentence, index)
            assert first_in[sentence] == index, (sentence, templates[first_in[sentence]], text)


def test_a_rotating_line_with_fewer_templates_than_a_week_has_days_is_refused() -> None:
    with pytest.raises(ValueError, match="8 templates"):
        rotating("Morning!", "Hello!", "Hi!", "Hey!", "Good day!", "Rise and shine!", "Yo!")
