"""Dates typed by people: "Friday", "15 March", "15/03", "in 2 weeks", "end of month".

``today`` is always a parameter (the user's local date); this module never reads the clock.

Decisions:

* **Numeric dates are day first** ("15/03", "15.03.2027", "03/04" is 3 April), as in most of
  the world; a four-digit year first means ISO order ("2027-03-15", "2027/03/15"). Two-digit
  years are 20xx.
* **A date without a year is its next occurrence on or after today**, so it is never in the
  past. "29 February" without a year is the next 29 February that exists.
* **Weekdays are strictly after today**: on a Friday, "Friday", "this Friday" and "next
  Friday" all mean a week later; on a Wednesday they all mean in two days. People disagree
  about "next Friday"; the bot shows the resolved date ("Fri 15 Mar") so the user can correct
  it.
* **"next week"** is next Monday, **"next month"** the 1st of next month, **"next year"**
  1 January. **"end of month"** is the last day of this month (today, on that day),
  **"end of week"** this week's Sunday.
* **"in N months"** keeps the day of the month and falls back to the month's last day when it
  is missing (31 January + 1 month = 28/29 February).
* A leading weekday in a full date ("Fri 15 March") is ignored, not checked.
* Dates more than :data:`MAX_YEARS_AHEAD` years ahead are refused as ``TOO_FAR``.
* **A deadline at the end of a title** ("Outline the plot by Friday") is split off by
  :func:`split_deadline` only after a deadline word (by, due, before, until, till, on) and only
  when the rest is a usable date; otherwise the title is left whole ("Work on chapter 1").
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from enum import StrEnum

from bot.coach.lexicon import Languages, glossary, lexicons
from bot.coach.quantities.numbers import SMALL_NUMBERS

MAX_TEXT_LENGTH = 60
MAX_YEARS_AHEAD = 10
"""A coaching deadline or start further ahead than this is almost surely a typo."""


class DateProblem(StrEnum):
    """Why a text is not a usable date."""

    EMPTY = "empty"
    TOO_LONG = "too_long"  # more than MAX_TEXT_LENGTH characters
    UNPARSEABLE = "unparseable"
    INVALID = "invalid"  # looks like a date but does not exist: 31 February, 2027-02-29
    PAST = "past"
    TOO_FAR = "too_far"  # more than MAX_YEARS_AHEAD years ahead


WEEKDAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_WEEKDAYS: dict[str, int] = {}
for _index, _names in enumerate(
    (
        ("monday", "mon"),
        ("tuesday", "tue", "tues"),
        ("wednesday", "wed", "weds"),
        ("thursday", "thu", "thur", "thurs"),
        ("friday", "fri"),
        ("saturday", "sat"),
        ("sunday", "sun"),
    )
):
    for _name in _names:
        _WEEKDAYS[_name] = _index

_MONTHS: dict[str, int] = {}
for _index, _name in enumerate(
    (
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ),
    start=1,
):
    _MONTHS[_name] = _index
    _MONTHS[_name[:3]] = _index
_MONTHS["sept"] = 9

_COUNTS: dict[str, int] = {**SMALL_NUMBERS, "a couple of": 2, "a few": 3}

_WEEKDAY = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_COUNT = r"\d{1,4}|" + "|".join(sorted(_COUNTS, key=len, reverse=True))

_PREFIX = re.compile(r"^(?:(?:on|by|until|till|til|before|from|starting|start|due|the)\s+)+")
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b")
_LEADING_WEEKDAY = re.compile(rf"^(?:{_WEEKDAY})\b\s*(?=\d|(?:{_MONTH})\b)")

_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2}|\d{4}))?")
_DAY_MONTH = re.compile(rf"(\d{{1,2}})\s+(?:of\s+)?({_MONTH})(?:\s+(\d{{4}}))?")
_MONTH_DAY = re.compile(rf"({_MONTH})\s+(\d{{1,2}})(?:\s+(\d{{4}}))?")
_WEEKDAY_ONLY = re.compile(rf"(?:(?:next|this|coming|the\s+next)\s+)?({_WEEKDAY})")
_RELATIVE = re.compile(
    rf"(?:in\s+)?({_COUNT})\s+(day|week|month|year)s?(?:\s+(?:from\s+(?:now|today)|time))?"
)
_END_OF = re.compile(r"(?:the\s+)?end\s+of\s+(?:the\s+)?(next\s+)?(week|month|year)")

_FIXED: dict[str, int] = {
    "today": 0,
    "now": 0,
    "tonight": 0,
    "tomorrow": 1,
    "tmrw": 1,
    "tmr": 1,
    "tomorow": 1,
    "day after tomorrow": 2,
    "the day after tomorrow": 2,
    "yesterday": -1,
}


def parse_date(
    text: str, today: date, *, allow_past: bool = False, language: Languages = None
) -> date | DateProblem:
    """Read a date a person typed, relative to their local ``today``.

    Args:
        text: E.g. "tomorrow", "Friday", "15 March", "15/03", "2027-03-15", "in 2 weeks",
            "end of month", "next month"; in the user's language "в понедельник", "15 марта",
            "через 2 недели", "el lunes", "15 de marzo", "segunda-feira", "fim do mês".
        today: The user's local date.
        allow_past: Accept dates before today (a birthday, a start already made).
        language: The user's language (see :func:`bot.coach.lexicon.language_order`); its
            words are read first, English always.

    Returns:
        The date, or why it cannot be used.
    """
    if len(text) > MAX_TEXT_LENGTH:
        return DateProblem.TOO_LONG
    cleaned = _clean(text, language)
    if not cleaned:
        return DateProblem.EMPTY
    result = _parse(cleaned, today)
    if isinstance(result, DateProblem):
        return result
    if result < today and not allow_past:
        return DateProblem.PAST
    if result > _years_later(today, MAX_YEARS_AHEAD):
        return DateProblem.TOO_FAR
    return result


_DEADLINE_WORDS = frozenset({"by", "due", "before", "until", "till", "til", "on"})
_TITLE_END_PUNCTUATION = " ,;:-–—("


def split_deadline(text: str, today: date, language: Languages = None) -> tuple[str, date] | None:
    """Split a trailing deadline off a title: "Outline the plot by Friday" -> title, Friday.

    Args:
        text: A one-line title as typed.
        today: The user's local date.
        language: The user's language: its deadline words ("до", "para", "até") split too.

    Returns:
        The title without the deadline phrase and the date, or ``None`` when the text does
        not end in a usable (today or later, not too far) deadline after a deadline word, or
        nothing would be left of the title.
    """
    words = text.split()
    deadline_words = _DEADLINE_WORDS.union(*(table.deadline_words for table in lexicons(language)))
    for index in range(1, len(words)):
        if words[index].casefold().strip(",;:(") not in deadline_words:
            continue
        phrase = " ".join(words[index:]).lstrip("(").rstrip(")")
        due = parse_date(phrase, today, language=language)
        if isinstance(due, DateProblem):
            continue
        title = " ".join(words[:index]).rstrip(_TITLE_END_PUNCTUATION)
        if title:
            return title, due
    return None


def format_date(day: date, today: date) -> str:
    """Format a date for a chat message: "Fri 15 Mar", with the year if it is not this year.

    English names, independent of the machine's locale.

    Args:
        day: The date to show.
        today: The user's local date.

    Returns:
        E.g. "Fri 15 Mar" or "Mon 3 Jan 2028".
    """
    text = f"{WEEKDAY_ABBR[day.weekday()]} {day.day} {MONTH_ABBR[day.month - 1]}"
    return text if day.year == today.year else f"{text} {day.year}"


def add_months(day: date, months: int) -> date:
    """Move by whole calendar months, clamping to the month's last day (31 Jan + 1 = 28 Feb).

    Args:
        day: The starting date.
        months: How many months to move (may be negative).

    Returns:
        The date ``months`` months later.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_day_of_month(day: date) -> date:
    """The last day of ``day``'s month.

    Args:
        day: Any date.

    Returns:
        The 28th to 31st of the same month.
    """
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def next_weekday(today: date, weekday: int) -> date:
    """The first date strictly after ``today`` that falls on ``weekday`` (0 = Monday).

    Args:
        today: The reference date.
        weekday: 0 for Monday to 6 for Sunday.

    Returns:
        A date 1 to 7 days after ``today``.
    """
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _clean(text: str, language: Languages) -> str:
    cleaned = " ".join(text.lower().replace(",", " ").split()).strip(" .!?¡¿")
    cleaned = glossary("date", language).apply(cleaned)
    cleaned = _PREFIX.sub("", cleaned)
    cleaned = _ORDINAL.sub(r"\1", cleaned)
    cleaned = _LEADING_WEEKDAY.sub("", cleaned)
    return " ".join(cleaned.split())


def _parse(text: str, today: date) -> date | DateProblem:
    if text in _FIXED:
        return today + timedelta(days=_FIXED[text])
    for parser in (_parse_named, _parse_relative, _parse_numeric, _parse_written):
        result = parser(text, today)
        if result is not None:
            return result
    return DateProblem.UNPARSEABLE


def _parse_named(text: str, today: date) -> date | None:
    """Weekdays, next week/month/year, end of week/month/year."""
    weekday = _WEEKDAY_ONLY.fullmatch(text)
    if weekday is not None:
        return next_weekday(today, _WEEKDAYS[weekday.group(1)])
    if text in {"next week", "the next week"}:
        return next_weekday(today, 0)
    if text == "next month":
        return add_months(today.replace(day=1), 1)
    if text == "next year":
        return date(today.year + 1, 1, 1)
    end = _END_OF.fullmatch(text)
    if end is None:
        return None
    later = end.group(1) is not None
    match end.group(2):
        case "week":
            sunday = today + timedelta(days=6 - today.weekday())
            return sunday + timedelta(weeks=1) if later else sunday
        case "month":
            return last_day_of_month(add_months(today.replace(day=1), 1 if later else 0))
        case _:
            return date(today.year + (1 if later else 0), 12, 31)


def _parse_relative(text: str, today: date) -> date | DateProblem | None:
    """ "in 2 weeks", "in a month", "10 days from now"."""
    match = _RELATIVE.fullmatch(text)
    if match is None:
        return None
    raw, unit = match.group(1), match.group(2)
    count = int(raw) if raw.isdigit() else _COUNTS[raw]
    days_ahead = {"day": count, "week": count * 7, "month": count * 31, "year": count * 366}
    if days_ahead[unit] > (MAX_YEARS_AHEAD + 1) * 366:
        return DateProblem.TOO_FAR  # before the arithmetic can overflow
    if unit == "day":
        return today + timedelta(days=count)
    if unit == "week":
        return today + timedelta(weeks=count)
    return add_months(today, count * (12 if unit == "year" else 1))


def _parse_numeric(text: str, today: date) -> date | DateProblem | None:
    """ISO (year first) or day-first numeric dates."""
    iso = _ISO.fullmatch(text)
    if iso is not None:
        year, month, day = (int(group) for group in iso.groups())
        return _make(year, month, day)
    numeric = _NUMERIC.fullmatch(text)
    if numeric is None:
        return None
    day, month = int(numeric.group(1)), int(numeric.group(2))
    year_text = numeric.group(3)
    if year_text is None:
        return _next_occurrence(month, day, today)
    year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    return _make(year, month, day)


def _parse_written(text: str, today: date) -> date | DateProblem | None:
    """ "15 March", "March 15", with an optional year."""
    day_month = _DAY_MONTH.fullmatch(text)
    if day_month is not None:
        day, month_name, year_text = day_month.groups()
    else:
        month_day = _MONTH_DAY.fullmatch(text)
        if month_day is None:
            return None
        month_name, day, year_text = month_day.groups()
    month = _MONTHS[month_name]
    if year_text is None:
        return _next_occurrence(month, int(day), today)
    return _make(int(year_text), month, int(day))


def _make(year: int, month: int, day: int) -> date | DateProblem:
    try:
        return date(year, month, day)
    except ValueError:
        return DateProblem.INVALID


def _next_occurrence(month: int, day: int, today: date) -> date | DateProblem:
    """The first (month, day) on or after today; 29 February waits for a leap year."""
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2000, month)[1]:
        return DateProblem.INVALID  # 2000 is a leap year: the most days any month can have
    for year in range(today.year, today.year + 9):
        if day <= calendar.monthrange(year, month)[1]:
            candidate = date(year, month, day)
            if candidate >= today:
                return candidate
    return DateProblem.INVALID  # unreachable: a leap year comes within eight years


def _years_later(day: date, years: int) -> date:
    try:
        return add_months(day, 12 * years)
    except ValueError:
        return date.max
