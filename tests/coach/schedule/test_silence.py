"""Silence and lapses: which nudge a lapse brings, what silence allows, how often a fresh start."""

from __future__ import annotations

from datetime import date

import pytest

from bot.coach.landmarks import Landmark
from bot.coach.schedule.silence import (
    NudgeChoice,
    fresh_start_allowed,
    nudge_kind,
    silence_allows,
    silent_days,
)
from bot.coach.schedule.slots import (
    Kind,
)
from tests.coach.schedule.support import WED, K, L


@pytest.mark.parametrize(
    ("missed", "silent", "offered", "expected"),
    [
        (0, 0, False, NudgeChoice.PLAIN),
        (1, 0, False, NudgeChoice.PLAIN),  # one miss is an accident
        (2, 0, False, NudgeChoice.COMEBACK_OFFER),  # never miss twice
        (5, 3, False, NudgeChoice.COMEBACK_OFFER),
        (2, 6, False, NudgeChoice.COMEBACK_OFFER),
        (2, 0, True, NudgeChoice.PLAIN),  # offered once in this lapse
        (0, 6, False, NudgeChoice.PLAIN),
        (0, 7, False, NudgeChoice.GENTLE),
        (7, 7, True, NudgeChoice.GENTLE),
        (8, 8, False, NudgeChoice.FRESH_START_ONLY),
        (0, 60, False, NudgeChoice.FRESH_START_ONLY),
        (0, 61, False, NudgeChoice.NONE),
        (400, 400, False, NudgeChoice.NONE),
    ],
)
def test_nudge_kind(missed: int, silent: int, offered: bool, expected: NudgeChoice) -> None:
    assert nudge_kind(missed, silent, comeback_offered=offered) is expected


@pytest.mark.parametrize(("missed", "silent"), [(-1, 0), (0, -1)])
def test_nudge_kind_refuses_negative_counts(missed: int, silent: int) -> None:
    with pytest.raises(ValueError, match="negative"):
        nudge_kind(missed, silent)


@pytest.mark.parametrize(
    ("last_seen", "today", "paused_until", "expected"),
    [
        (WED, WED, None, 0),
        (WED, date(2027, 3, 17), None, 7),
        (date(2027, 3, 11), WED, None, 0),  # seen "tomorrow" (a zone change): not negative
        (date(2027, 3, 1), WED, date(2027, 3, 7), 3),  # a holiday is not silence
        (date(2027, 3, 5), WED, date(2027, 3, 1), 5),  # an older pause changes nothing
        (date(2027, 3, 1), WED, date(2027, 3, 20), 0),  # paused now
    ],
)
def test_silent_days(
    last_seen: date, today: date, paused_until: date | None, expected: int
) -> None:
    assert silent_days(last_seen, today, paused_until=paused_until) == expected


@pytest.mark.parametrize(
    ("silent", "allowed"),
    [
        (0, set(Kind)),
        (6, set(Kind)),
        (7, {K.MORNING_NUDGE}),
        (8, {K.MORNING_NUDGE, K.FRESH_START_EVE}),
        (60, {K.MORNING_NUDGE, K.FRESH_START_EVE}),
        (61, set()),
    ],
)
def test_silence_allows(silent: int, allowed: set[Kind]) -> None:
    assert {kind for kind in Kind if silence_allows(kind, silent)} == allowed


def test_silence_allows_refuses_a_negative_count() -> None:
    with pytest.raises(ValueError, match="negative"):
        silence_allows(K.MORNING_NUDGE, -1)


# --- Fresh-start frequency -----------------------------------------------------------------------

MONDAY = Landmark(date(2027, 3, 15), L.MONDAY)
APRIL = Landmark(date(2027, 4, 1), L.QUARTER_START, (L.MONTH_START,))
CHOSEN = Landmark(date(2027, 3, 17), L.CUSTOM)
CHOSEN_MONDAY = Landmark(date(2027, 3, 15), L.CUSTOM, (L.MONDAY,))
BIRTHDAY = Landmark(date(2027, 3, 17), L.BIRTHDAY)


@pytest.mark.parametrize(
    ("landmark", "last", "state", "silent", "expected"),
    [
        (MONDAY, None, "steady", 0, True),
        (MONDAY, date(2027, 3, 1), "steady", 0, False),  # steady: one a month
        (APRIL, date(2027, 3, 1), "steady", 0, True),
        (APRIL, date(2027, 3, 29), "steady", 0, True),  # another calendar month
        (MONDAY, date(2027, 3, 15), "steady", 0, True),  # the eve's landmark: its morning
        (MONDAY, date(2027, 3, 8), "lapsed", 0, True),  # lapsed users come first
        (MONDAY, date(2027, 3, 14), "lapsed", 0, True),
        (MONDAY, date(2027, 3, 1), "both", 0, True),  # lapsed wins over steady
        (MONDAY, date(2027, 3, 8), "neither", 0, True),  # in between: one a week
        (MONDAY, date(2027, 3, 9), "neither", 0, False),
        (MONDAY, date(2027, 3, 9), "lapsed", 10, False),  # silent: one a week, even lapsed
        (MONDAY, date(2027, 3, 8), "lapsed", 10, True),
        (MONDAY, None, "lapsed", 60, True),
        (MONDAY, None, "lapsed", 61, False),  # nothing after 60 silent days
        (MONDAY, date(2027, 3, 15), "lapsed", 61, False),
        (CHOSEN, date(2027, 3, 1), "steady", 0, True),  # the user's own date: always
        (CHOSEN, date(2027, 3, 16), "neither", 30, True),
        (CHOSEN, None, "neither", 61, False),
        (CHOSEN_MONDAY, date(2027, 3, 1), "steady", 0, True),
        (BIRTHDAY, date(2027, 3, 15), "neither", 0, True),  # a Monday two days before: still
        (BIRTHDAY, date(2027, 3, 1), "steady", 0, True),  # the month's one already had
        (BIRTHDAY, date(2027, 3, 15), "neither", 10, False),  # silent: one a week
    ],
)
def test_fresh_start_allowed(
    landmark: Landmark, last: date | None, state: str, silent: int, expected: bool
) -> None:
    got = fresh_start_allowed(
        landmark,
        last_prompted=last,
        steady=state in {"steady", "both"},
        lapsed=state in {"lapsed", "both"},
        silent_days=silent,
    )
    assert got is expected


def test_fresh_start_allowed_refuses_a_negative_count() -> None:
    with pytest.raises(ValueError, match="negative"):
        fresh_start_allowed(MONDAY, last_prompted=None, steady=True, lapsed=False, silent_days=-1)
