"""Reading a wall-clock time ("7:30", "7.30 p.m.", "19h30", "noon") out of a chat answer.

The recogniser is shared with ``bot.coach.timezones``, which reads "what time is it for you
now?" answers with it, so both questions accept exactly the same ways of writing a time.

Rules worth knowing:

* A time may be written ``7:30``, ``7.30``, ``7,30``, ``19h30``, ``0730``/``730`` (digits
  only), ``7``, with ``am``/``pm`` (also ``a.m.``, ``7p``), or as ``noon``/``midnight``.
* ``24:00`` is out of range: the day has 0:00 and no 24:00, and storing one kind of midnight
  keeps comparisons simple.
* With am/pm the hour must be 1..12, so ``13pm`` and ``0am`` are out of range.
* A few words around the time are fine ("at 7:30 please", "7 in the morning"); anything else
  makes the answer unparseable rather than guessed at, because a silently wrong nudge time is
  worse than asking again. "morning" reads like am; "afternoon"/"evening" like pm; "night"
  like pm for 5..11, am for 1..4 and 12 as midnight.
* Minutes are kept exactly as written, never rounded.
* "half past six", "quarter past 7" and "quarter to seven" (hours as words one..twelve or
  digits) read as "6:30", "7:15" and "6:45", and then follow the rules above: a plain
  "half past six" is 06:30 (morning), "half past six in the evening" is 18:30.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import time
from enum import StrEnum
from typing import Final

from bot.coach.lexicon import Languages, glossary

MAX_CLOCK_TIME_LENGTH: Final = 40


class ClockTimeProblem(StrEnum):
    """Why a clock-time answer was not accepted."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    OUT_OF_RANGE = "out_of_range"  # looks like a time, but no clock shows it ("25:61", "13pm")
    UNPARSEABLE = "unparseable"
    NIGHT = "night"  # a real time, but the middle of the night: no nudge then


NIGHT_STARTS = time(22, 0)
NIGHT_ENDS = time(5, 0)
"""A nudge is never sent between these times: the bot does not wake people up."""


def is_night(value: time) -> bool:
    """Whether a wall-clock time falls in the night (22:00 to 04:59)."""
    return value >= NIGHT_STARTS or value < NIGHT_ENDS


def part_of_day(value: time) -> str:
    """ "morning", "afternoon" or "evening", to name a daily nudge honestly."""
    if value.hour < 12:
        return "morning"
    return "afternoon" if value.hour < 17 else "evening"


@dataclass(frozen=True, slots=True)
class ClockTimeRejected:
    """A clock-time answer that was not accepted, and why."""

    problem: ClockTimeProblem


# Words people put around a time in a chat answer. Kept deliberately plain: any other word
# makes the answer unparseable rather than guessed at.
# fmt: off
FILLER_WORDS: Final[frozenset[str]] = frozenset({
    "a", "about", "an", "and", "approx", "approximately", "around", "at", "be", "best", "by",
    "can", "clock", "could", "currently", "daily", "day", "days", "each", "every", "exactly",
    "fine", "for", "from", "get", "good", "great", "hello", "here", "hey", "hi", "how", "i",
    "id", "ill", "im", "in", "is", "ish", "it", "its", "just", "let", "lets", "like", "local",
    "make", "maybe", "me", "message", "my", "normally", "now", "nudge", "nudges", "o", "oclock",
    "ok", "okay", "on", "perfect", "ping", "please", "pls", "plz", "prefer", "remind",
    "reminder", "right", "roughly", "say", "send", "set", "sharp", "should", "so", "sounds",
    "start", "sure", "text", "thank", "thanks", "the", "then", "there", "thx", "time", "to",
    "today", "tomorrow", "ty", "up", "us", "usually", "wake", "want", "weekday", "weekdays",
    "will", "work", "works", "would", "yeah", "yes", "you",
})
# fmt: on

_AM_DAYPARTS: Final = frozenset({"morning", "mornings"})
_PM_DAYPARTS: Final = frozenset({"afternoon", "afternoons", "evening", "evenings"})
_NIGHT_DAYPARTS: Final = frozenset({"night", "nights", "tonight"})
_DAYPART_WORDS: Final = _AM_DAYPARTS | _PM_DAYPARTS | _NIGHT_DAYPARTS
_NOON_WORDS: Final = {"noon": time(12, 0), "midday": time(12, 0), "midnight": time(0, 0)}
# fmt: off
_HOUR_WORDS: Final = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
# fmt: on
_HOUR_WORD: Final = "|".join(sorted(_HOUR_WORDS, key=len, reverse=True))
# "half past six", "a quarter to 7", "quarter after seven": rewritten to "6:30" before reading.
_PAST_OR_TO: Final = re.compile(
    rf"(?<!\w)(?P<part>half|quarter)\s+(?P<way>past|after|to|till|til|before)\s+"
    rf"(?P<hour>{_HOUR_WORD}|\d{{1,2}})(?:\s*(?P<meridiem>am|pm|[ap]))?(?![\w:]|\.\d)"
)
_PAST_OR_TO_MINUTES: Final = {"half": 30, "quarter": 15}

# "p.m." / "a. m." -> "pm": done before dots are read as hour separators ("7.30 p.m.").
_DOTTED_MERIDIEM: Final = re.compile(r"(?<![^\W\d_])([ap])\s?\.\s?m\b\.?")
_APOSTROPHES: Final = re.compile(r"['’`]")
# "7,30" is how much of Europe writes 7:30; only a comma glued between digits counts.
_DECIMAL_COMMA: Final = re.compile(r"(?<=\d),(?=\d{2}(?!\d))")
# A dot counts only between digits ("7.30"); elsewhere it ends a sentence.
_LONE_DOT: Final = re.compile(r"(?<!\d)\.|\.(?!\d)")
_PUNCTUATION: Final = re.compile(r"[^\w\s:.]")

_TIME_TOKEN: Final = re.compile(
    r"""
    (?<![\w:.])
    (?:
        (?P<hour>\d{1,2}) \s* (?::|\.|h) \s* (?P<minute>\d{2})
      | (?P<digits>\d{3,4})
      | (?P<bare>\d{1,2})
    )
    (?:
        \s* (?P<meridiem>am|pm)
      | (?P<short_meridiem>[ap])
      | \s* (?P<hours_mark>h|hrs|uhr)
    )?
    (?:ish)?
    (?![\w:.])
    """,
    re.VERBOSE,
)


def parse_clock_time(text: str, language: Languages = None) -> time | ClockTimeRejected:
    """Read a wall-clock time, such as the user's morning nudge time, from a chat answer.

    Args:
        text: What the user wrote, e.g. ``"7:30"``, ``"7.30 p.m."``, ``"at 19h30 please"``,
            ``"в 7 утра"``, ``"a las 7 de la tarde"``, ``"às 7h30"``.
        language: The user's language (see :func:`bot.coach.lexicon.language_order`); its
            words are read first, English always.

    Returns:
        The time (minutes exactly as written, seconds zero), or why it was rejected:
        ``TOO_LONG`` over 40 characters, ``EMPTY`` for blank text, ``OUT_OF_RANGE`` for a
        time no clock shows (``"25:61"``, ``"24:00"``, ``"13pm"``), ``UNPARSEABLE`` otherwise.
    """
    if len(text) > MAX_CLOCK_TIME_LENGTH:
        return ClockTimeRejected(ClockTimeProblem.TOO_LONG)
    if not text.strip():
        return ClockTimeRejected(ClockTimeProblem.EMPTY)
    reading = read_clock_time(text, bare_numbers=True, language=language)
    if reading is None:
        return ClockTimeRejected(ClockTimeProblem.UNPARSEABLE)
    if isinstance(reading, ClockTimeProblem):
        return ClockTimeRejected(reading)
    return reading


def format_clock_time(value: time) -> str:
    """Show a time the way the bot writes it: ``"7:30"``, ``"19:05"``, ``"0:00"``.

    Args:
        value: The time; seconds are not shown.

    Returns:
        Hours without a leading zero, a colon, two-digit minutes.
    """
    return f"{value.hour}:{value.minute:02d}"


def read_clock_time(
    text: str, *, bare_numbers: bool, language: Languages = None
) -> time | ClockTimeProblem | None:
    """Find the one clock time in a short answer; the recogniser behind both time questions.

    Callers check the length first: this runs regular expressions over the whole text.

    Args:
        text: A short chat answer.
        bare_numbers: Whether a number with no time marks (``"7"``, ``"0730"``) counts as a
            time. The nudge-time question says yes; the time-zone question says no, since
            there a lone ``"3"`` could as well be an offset.
        language: The user's language; its words for "morning", "at", "o'clock" … count.

    Returns:
        The time; ``None`` when the text does not look like a time at all; ``OUT_OF_RANGE``
        when it does but no clock shows it; ``UNPARSEABLE`` when a time is mixed with other
        numbers or words.
    """
    normalized = _normalize(text, language)
    tokens = list(_TIME_TOKEN.finditer(normalized))
    if len(tokens) > 1:
        return ClockTimeProblem.UNPARSEABLE
    token = tokens[0] if tokens else None
    rest = (
        normalized
        if token is None
        else normalized[: token.start()] + " " + normalized[token.end() :]
    )
    words = rest.split()
    noon_words = [word for word in words if word in _NOON_WORDS]
    daypart = _daypart(words)
    unknown = [
        word
        for word in words
        if word not in FILLER_WORDS and word not in _NOON_WORDS and word not in _DAYPART_WORDS
    ]

    if token is None:
        if len(noon_words) == 1 and not unknown:
            return _NOON_WORDS[noon_words[0]]
        return None
    if unknown or daypart == "conflict" or len(noon_words) > 1:
        return ClockTimeProblem.UNPARSEABLE

    hour, minute, marked = _token_numbers(token)
    meridiem = token["meridiem"] or token["short_meridiem"]
    if not (marked or meridiem or token["hours_mark"] or daypart or noon_words or bare_numbers):
        return None
    if noon_words:
        # "12 noon", "12:00 midnight": the word only confirms a plain 12.
        if (hour, minute) == (12, 0) and not meridiem:
            return _NOON_WORDS[noon_words[0]]
        return ClockTimeProblem.UNPARSEABLE
    if minute > 59:
        return ClockTimeProblem.OUT_OF_RANGE
    if meridiem:
        if not 1 <= hour <= 12:
            return ClockTimeProblem.OUT_OF_RANGE
        return time(hour % 12 + (12 if meridiem.startswith("p") else 0), minute)
    if hour > 23:
        return ClockTimeProblem.OUT_OF_RANGE
    if daypart is not None and 1 <= hour <= 12:
        hour = _apply_daypart(hour, daypart)
    return time(hour, minute)


def _normalize(text: str, language: Languages) -> str:
    folded = glossary("time", language).apply(unicodedata.normalize("NFKC", text).casefold())
    folded = _DOTTED_MERIDIEM.sub(r"\1m", folded)
    folded = _APOSTROPHES.sub("", folded)
    folded = _DECIMAL_COMMA.sub(":", folded)
    folded = _LONE_DOT.sub(" ", folded)
    folded = _PUNCTUATION.sub(" ", folded)
    return _PAST_OR_TO.sub(_past_or_to, folded)


def _past_or_to(match: re.Match[str]) -> str:
    """ "half past six" -> "6:30", "quarter to seven" -> "6:45"; unchanged when impossible."""
    raw = match["hour"]
    hour = _HOUR_WORDS[raw] if raw in _HOUR_WORDS else int(raw)
    minutes = _PAST_OR_TO_MINUTES[match["part"]]
    meridiem = match["meridiem"] or ""
    if meridiem:
        meridiem = " " + meridiem[0] + "m"
    if match["way"] in {"past", "after"}:
        return f"{hour}:{minutes:02d}{meridiem}" if hour <= 23 else match[0]
    if match["part"] == "half" or not 1 <= hour <= 23:
        return match[0]  # "half to seven" is no English time; "quarter to 0" no clock time
    if meridiem and hour in {1, 12}:
        # "quarter to 1pm" is 12:45pm; "quarter to 12pm" is 11:45am.
        flipped = {" am": " pm", " pm": " am"}[meridiem] if hour == 12 else meridiem
        return f"{12 if hour == 1 else 11}:{60 - minutes:02d}{flipped}"
    return f"{hour - 1}:{60 - minutes:02d}{meridiem}"


def _token_numbers(token: re.Match[str]) -> tuple[int, int, bool]:
    """Hour, minute, and whether the token carried a separator that marks it as a time."""
    if token["hour"] is not None:
        return int(token["hour"]), int(token["minute"]), True
    if token["digits"] is not None:
        digits = token["digits"]
        return int(digits[:-2]), int(digits[-2:]), False
    return int(token["bare"]), 0, False


def _daypart(words: list[str]) -> str | None:
    parts = {
        "am" if word in _AM_DAYPARTS else "pm" if word in _PM_DAYPARTS else "night"
        for word in words
        if word in _DAYPART_WORDS
    }
    if len(parts) > 1:
        return "conflict"
    return parts.pop() if parts else None


def _apply_daypart(hour: int, daypart: str) -> int:
    if daypart == "am":
        return hour % 12
    if daypart == "pm":
        return hour % 12 + 12
    # "night": people say "2 at night" for 2:00 but "10 at night" for 22:00.
    if hour == 12:
        return 0
    return hour if hour <= 4 else hour + 12
