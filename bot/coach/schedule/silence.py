"""What the morning says after misses and silence, and when a fresh start may be offered.

Decisions:

* **Silence** is counted in local days since the user last wrote to the bot, pressed a button
  or logged anything, not counting a pause (:func:`silent_days`). On day 7 the morning brings
  one gentle message and nothing else; from day 8 to day 60 only fresh-start prompts, at most
  one a week; after 60 days nothing until the user writes.
* **Never miss twice**: from the second miss in a row the morning offers a comeback, once
  in a lapse (:func:`nudge_kind`).
* **Fresh starts** are offered more or less often by how the user is doing
  (:func:`fresh_start_allowed`).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from bot.coach.landmarks import Landmark, LandmarkKind
from bot.coach.schedule.slots import Kind

GENTLE_AFTER_SILENT_DAYS = 7
"""On this day of silence the bot sends one gentle message."""

SILENT_GIVE_UP_DAYS = 60
"""After this many silent days the bot writes nothing until the user does."""

SILENT_FRESH_START_GAP_DAYS = 7
"""Silent users (and users neither steady nor lapsed) get at most one fresh start a week."""


class NudgeChoice(StrEnum):
    """What the morning slot says, from the user's misses and silence (:func:`nudge_kind`)."""

    PLAIN = "plain"  # the usual nudge with its one-tap buttons
    COMEBACK_OFFER = "comeback_offer"  # never miss twice: offer /comeback instead
    GENTLE = "gentle"  # the one message on the 7th silent day
    FRESH_START_ONLY = "fresh_start_only"  # silent 8-60 days: only on an allowed landmark
    NONE = "none"  # silent more than 60 days: nothing until the user writes


def silent_days(last_seen: date, today: date, *, paused_until: date | None = None) -> int:
    """Local days of silence: since the user last wrote, pressed a button or logged anything.

    A pause is not silence: the count starts again after ``paused_until``.

    Args:
        last_seen: The local date of the user's last message, button press or logged win.
        today: The user's local date.
        paused_until: The last day of the user's latest pause, if any.

    Returns:
        0 when the user was seen today (or is paused), 1 the day after, and so on.
    """
    since = max(last_seen, paused_until) if paused_until is not None else last_seen
    return max((today - since).days, 0)


def nudge_kind(
    missed_in_a_row: int, silent_days: int, *, comeback_offered: bool = False
) -> NudgeChoice:
    """What the morning slot should say (never miss twice; a gentle fade after silence).

    ======================  ==================================================
    silent days             choice
    ======================  ==================================================
    more than 60            NONE: nothing until the user writes
    8 to 60                 FRESH_START_ONLY (see :func:`fresh_start_allowed`)
    exactly 7               GENTLE: the one gentle message
    0 to 6                  COMEBACK_OFFER from the 2nd miss in a row, unless
                            already offered in this lapse; else PLAIN
    ======================  ==================================================

    Args:
        missed_in_a_row: Planned days missed in a row up to yesterday (rest and paused days
            do not count).
        silent_days: See :func:`silent_days`.
        comeback_offered: The comeback was already offered in this lapse
            (``CoachEventKind.COMEBACK_OFFERED``): not again, a plain nudge instead.

    Returns:
        The choice.

    Raises:
        ValueError: If a count is negative.
    """
    if missed_in_a_row < 0 or silent_days < 0:
        raise ValueError(f"day counts cannot be negative: {missed_in_a_row}, {silent_days}")
    if silent_days > SILENT_GIVE_UP_DAYS:
        return NudgeChoice.NONE
    if silent_days > GENTLE_AFTER_SILENT_DAYS:
        return NudgeChoice.FRESH_START_ONLY
    if silent_days == GENTLE_AFTER_SILENT_DAYS:
        return NudgeChoice.GENTLE
    if missed_in_a_row >= 2 and not comeback_offered:
        return NudgeChoice.COMEBACK_OFFER
    return NudgeChoice.PLAIN


def silence_allows(kind: Kind, silent_days: int) -> bool:
    """Whether a kind of message may go to a user silent for so many days.

    Up to 6 silent days everything may go; on day 7 only the morning slot (with the gentle
    message); from day 8 to day 60 only fresh-start prompts (the eve, and the morning of a
    landmark); after day 60 nothing.

    Args:
        kind: The slot's kind.
        silent_days: See :func:`silent_days`.

    Returns:
        Whether the silence rule lets it through (the other rules still apply).

    Raises:
        ValueError: If the count is negative.
    """
    if silent_days < 0:
        raise ValueError(f"a day count cannot be negative, got {silent_days}")
    if silent_days > SILENT_GIVE_UP_DAYS:
        return False
    if silent_days > GENTLE_AFTER_SILENT_DAYS:
        return kind in {Kind.MORNING_NUDGE, Kind.FRESH_START_EVE}
    if silent_days == GENTLE_AFTER_SILENT_DAYS:
        return kind is Kind.MORNING_NUDGE
    return True


def fresh_start_allowed(
    landmark: Landmark,
    *,
    last_prompted: date | None,
    steady: bool,
    lapsed: bool,
    silent_days: int = 0,
) -> bool:
    """Whether to offer this landmark as a fresh start (its eve and its morning).

    The eve and the morning of one landmark are one prompt: record the *landmark's* date as
    ``last_prompted`` when either is sent, and the other half is allowed too. In order:

    1. silent more than 60 days: never;
    2. the landmark already prompted (``last_prompted == landmark.day``): yes, its other half;
    3. a date the user chose, or the end of their pause (``CUSTOM``): always; their birthday
       too, once a year, unless they have been silent for over a week (then rule 4);
    4. silent 8 to 60 days: at most one a week;
    5. lapsed users come first: every landmark;
    6. steady users: at most one a calendar month (in practice the 1st of each month);
    7. everyone else (new, or one miss): at most one a week.

    Args:
        landmark: The landmark (tomorrow's for the eve, today's for the morning).
        last_prompted: The landmark date of the last fresh-start prompt, if any.
        steady: The user keeps their habits (e.g. a streak of a week or more).
        lapsed: The user is in a lapse (two or more missed in a row); wins over ``steady``.
        silent_days: See :func:`silent_days`.

    Returns:
        Whether to send the prompt.

    Raises:
        ValueError: If ``silent_days`` is negative.
    """
    if silent_days < 0:
        raise ValueError(f"a day count cannot be negative, got {silent_days}")
    if silent_days > SILENT_GIVE_UP_DAYS:
        return False
    if last_prompted == landmark.day:
        return True
    kinds = (landmark.kind, *landmark.also)
    if LandmarkKind.CUSTOM in kinds or (
        LandmarkKind.BIRTHDAY in kinds and silent_days <= GENTLE_AFTER_SILENT_DAYS
    ):
        return True
    week_passed = (
        last_prompted is None or (landmark.day - last_prompted).days >= SILENT_FRESH_START_GAP_DAYS
    )
    if silent_days > GENTLE_AFTER_SILENT_DAYS:
        return week_passed
    if lapsed:
        return True
    if steady:
        return last_prompted is None or (last_prompted.year, last_prompted.month) < (
            landmark.day.year,
            landmark.day.month,
        )
    return week_passed
