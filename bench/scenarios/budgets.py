"""budgets: the slowest inputs of the pure rules, each against the time it must stay under.

These were once wall-clock assertions in the unit tests, where a busy machine made them flaky
and a fast one made them pass without saying by how much. Here each case is timed call by call
and printed beside its budget; a case over budget is marked, nothing fails:

* ``summarize`` over a year of mixed days (what /streak folds without a checkpoint);
* ``parse_clock_time`` and ``parse_timezone_answer`` on an answer far over the length limit
  (rejected before any matching) and on inputs shaped to make a matcher backtrack.

The charts' render times are in the ``wins`` scenario.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bench.bots import PINNED_NOW
from bench.report import Report, fmt_count, fmt_ms
from bench.scenario import RunContext, Scenario
from bench.timing import time_each
from bot.coach.clock_time import parse_clock_time
from bot.coach.models import EntryStatus, Measure
from bot.coach.streaks.log import DayRecord
from bot.coach.streaks.summary import summarize
from bot.coach.timezones import MAX_ANSWER_LENGTH, parse_timezone_answer

AWKWARD_CLOCK_TIMES = ("1" * 40, "1:" * 20, "1 " * 20, "1h" * 20, "a." * 20, "am " * 13, ":" * 40)
AWKWARD_ZONE_ANSWERS = (
    "1" * 100,
    "1:" * 50,
    "+" * 100,
    "+1" * 50,
    "utc" * 33,
    "utc+" * 25,
    "new " * 25,
    "a " * 50,
    "9 pm " * 20,
    "st " * 33,
    "é" * 100,
)


@dataclass(frozen=True)
class BudgetSizes:
    """How many timed calls per input (the table shows the median and the slowest)."""

    calls: int


FULL = BudgetSizes(calls=200)
QUICK = BudgetSizes(calls=3)


@dataclass(frozen=True)
class Case:
    """One promise: every call of ``call`` on each of ``inputs`` within ``budget`` seconds."""

    name: str
    call: Callable[[str], object]
    inputs: Sequence[str]
    budget: float


def a_year_of_days(today: date) -> dict[date, DayRecord]:
    """365 days ending ``today``: a week of five done days, one half done, a minimum, a rest."""
    words = Measure(480, "words")
    shapes = (
        (EntryStatus.DONE, None),
        (EntryStatus.DONE, None),
        (EntryStatus.DONE, None),
        (EntryStatus.DONE, None),
        (EntryStatus.DONE, 240.0),
        (EntryStatus.MVA, None),
        (EntryStatus.SKIP, None),
    )
    first = today - timedelta(days=364)
    days = {}
    for offset in range(365):
        day = first + timedelta(days=offset)
        status, quantity = shapes[offset % len(shapes)]
        days[day] = DayRecord(day, status, quantity, words)
    return days


def cases() -> tuple[Case, ...]:
    """Every budgeted case, in the order of the table."""
    today = PINNED_NOW.date()
    year = a_year_of_days(today)
    start = min(year)
    return (
        Case(
            "summarize: a year of mixed days", lambda _: summarize(year, start, today), ("",), 1e-3
        ),
        Case("parse_clock_time: 5,000 characters", parse_clock_time, ("7:30 " * 1000,), 5e-4),
        Case("parse_clock_time: awkward input", parse_clock_time, AWKWARD_CLOCK_TIMES, 0.05),
        Case(
            "parse_timezone_answer: 5,000 characters",
            lambda text: parse_timezone_answer(text, PINNED_NOW),
            ("Berlin " * 715,),
            5e-4,
        ),
        Case(
            "parse_timezone_answer: awkward answers",
            lambda text: parse_timezone_answer(text[:MAX_ANSWER_LENGTH], PINNED_NOW),
            AWKWARD_ZONE_ANSWERS,
            0.05,
        ),
    )


async def run(sizes: BudgetSizes, context: RunContext) -> Report:
    """Time every case call by call; compare the slowest call of each with its budget."""
    report = Report("budgets", "the slowest inputs of the pure rules against their budgets")
    parse_timezone_answer("warm up", PINNED_NOW)  # the first call builds the place index
    table = report.table("Worst cases", "case", "inputs", "calls", "p50 ms", "max ms", "budget ms")
    for case in cases():
        context.progress(case.name)
        summary = time_each(case.call, list(case.inputs) * sizes.calls)
        verdict = "" if summary.max <= case.budget else " ✗ over"
        table.add(
            case.name,
            fmt_count(len(case.inputs)),
            fmt_count(summary.count),
            fmt_ms(summary.p50),
            fmt_ms(summary.max),
            fmt_ms(case.budget) + verdict,
        )
    report.notes.append(
        "max is the slowest single call: on a shared machine one call may be slowed by other "
        "work; a case whose p50 is over its budget is the one to look at."
    )
    return report


SCENARIO = Scenario(
    name="budgets",
    summary="worst-case inputs of summarize and the answer parsers against their time budgets",
    full=FULL,
    quick=QUICK,
    run=run,
)
