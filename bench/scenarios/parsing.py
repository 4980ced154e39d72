"""parsing: how fast the bot reads time-zone and clock-time answers.

Two parts:

* **Warm throughput** of ``parse_timezone_answer`` and ``parse_clock_time`` over a mix of real
  answers, by kind, each call timed on its own.
* **First use** in a fresh interpreter (``bench.scenarios.parsing_cold``): the import, and the
  first answer, which builds the zone-name map and place index the later calls reuse. That is
  what the first user after a restart waits for.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.bots import PINNED_NOW
from bench.report import Report, fmt_count, fmt_ms, fmt_rate, fmt_us
from bench.scenario import RunContext, Scenario
from bench.timing import median, time_each
from bot.coach.clock_time import ClockTimeRejected, parse_clock_time
from bot.coach.timezones import ZoneChoices, ZoneFound, parse_timezone_answer

# Answers to "where are you?" people really give, grouped by how the parser reads them.
ZONE_ANSWERS: dict[str, tuple[str, ...]] = {
    "IANA name": (
        "Europe/Berlin",
        "america/new_york",
        "Asia/Calcutta",
        "Pacific/Kiritimati",
        "EST5EDT",
    ),
    "UTC offset": ("UTC+3", "GMT-5", "+5:30", "utc +05:30", "UTC", "-11"),
    "local time now": ("21:40", "9:40pm", "21h40", "9 pm", "15:40"),
    "place": (
        "Berlin",
        "I'm in Tokyo!",
        "Portland, Oregon",
        "sao paulo",
        "Zürich",
        "Berlin, Germany",
        "New South Wales",
        "India",
        "Paris, Texas",
    ),
    "not understood": ("banana", "Mars/Olympus", "🙂🙂🙂", "+25", "25:61", "3"),
    "too long": ("x" * 4096,),
}
CLOCK_ANSWERS: dict[str, tuple[str, ...]] = {
    "valid": (
        "7:30",
        "7.30 p.m.",
        "19h30",
        "noon",
        "at 7 in the morning",
        "0730",
        "7p",
        "6:45",
        "7,30",
        "around 8ish please",
    ),
    "rejected": ("banana", "25:61", "13pm", "24:00", "y" * 4096),
}


@dataclass(frozen=True)
class ParsingSizes:
    """How many calls.

    Attributes:
        rounds: Passes over every answer list (each answer is parsed ``rounds`` times).
        cold_runs: Fresh interpreters for the first-use figures (0: skip that part).
    """

    rounds: int
    cold_runs: int


FULL = ParsingSizes(rounds=2_000, cold_runs=5)
QUICK = ParsingSizes(rounds=100, cold_runs=1)


def _zone_outcome(text: str) -> str:
    result = parse_timezone_answer(text, PINNED_NOW)
    if isinstance(result, ZoneFound):
        return "found"
    if isinstance(result, ZoneChoices):
        return "choices"
    return "rejected"


def _clock_outcome(text: str) -> str:
    return "rejected" if isinstance(parse_clock_time(text), ClockTimeRejected) else "found"


def _outcomes(classify: Callable[[str], str], answers: Sequence[str]) -> str:
    counts = Counter(classify(text) for text in answers)
    return ", ".join(
        f"{kind} {counts[kind]}" for kind in ("found", "choices", "rejected") if counts[kind]
    )


def _throughput(
    report: Report,
    title: str,
    *,
    groups: dict[str, tuple[str, ...]],
    parse: Callable[[str], object],
    classify: Callable[[str], str],
    rounds: int,
) -> None:
    table = report.table(
        title, "answers", "kinds", "outcomes", "calls", "calls/s", "p50 µs", "p95 µs"
    )
    everything = tuple(text for answers in groups.values() for text in answers)
    for name, answers in [*groups.items(), ("all of the above", everything)]:
        summary = time_each(parse, answers * rounds)
        table.add(
            name,
            fmt_count(len(answers)),
            _outcomes(classify, answers),
            fmt_count(summary.count),
            fmt_rate(summary.rate),
            fmt_us(summary.p50),
            fmt_us(summary.p95),
        )


def _cold_once() -> dict[str, float]:
    # cwd = the folder holding the bench package, so "-m bench..." imports this checkout.
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-m", "bench.scenarios.parsing_cold"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    loaded = json.loads(done.stdout)
    if not isinstance(loaded, dict):
        raise TypeError(f"unexpected output from parsing_cold: {done.stdout!r}")
    return {str(key): float(value) for key, value in loaded.items()}


async def run(sizes: ParsingSizes, context: RunContext) -> Report:
    """Time both parsers warm, then their first use in fresh interpreters."""
    report = Report("parsing", "time-zone and clock-time answers, warm and on first use")
    # Warm the caches first: the warm tables must not include the one-off index build.
    for text in (*ZONE_ANSWERS["place"], *ZONE_ANSWERS["IANA name"]):
        parse_timezone_answer(text, PINNED_NOW)
    context.progress(f"parse_timezone_answer x {sizes.rounds} rounds")
    _throughput(
        report,
        f"parse_timezone_answer (warm), now = {PINNED_NOW:%Y-%m-%d %H:%M} UTC",
        groups=ZONE_ANSWERS,
        parse=lambda text: parse_timezone_answer(text, PINNED_NOW),
        classify=_zone_outcome,
        rounds=sizes.rounds,
    )
    context.progress(f"parse_clock_time x {sizes.rounds} rounds")
    _throughput(
        report,
        "parse_clock_time (warm)",
        groups=CLOCK_ANSWERS,
        parse=parse_clock_time,
        classify=_clock_outcome,
        rounds=sizes.rounds,
    )
    if sizes.cold_runs:
        context.progress(f"first use, {sizes.cold_runs} fresh interpreters")
        runs = [_cold_once() for _ in range(sizes.cold_runs)]
        cold = report.table(
            f"First use in a fresh interpreter (median of {sizes.cold_runs})",
            "step",
            "ms",
            "range ms",
        )
        steps = (
            ("import bot.coach.timezones (with clock_time, places)", "import"),
            ('first parse_clock_time("7:30")', "clock_first"),
            ('second parse_clock_time("7:30")', "clock_warm"),
            ('first parse_timezone_answer("Berlin"): builds the indexes', "zone_first"),
            ('second parse_timezone_answer("Berlin")', "zone_warm"),
        )
        for label, key in steps:
            values = [run[key] for run in runs]
            cold.add(
                label,
                fmt_ms(median(values)),
                f"{fmt_ms(min(values))}-{fmt_ms(max(values))}",
            )
    report.notes += [
        "Each call is timed on its own with perf_counter (about 0.1 µs of overhead per call); "
        "calls/s is over the whole loop.",
        "'all of the above' weighs every answer equally; real traffic is mostly places.",
    ]
    return report


SCENARIO: Scenario[ParsingSizes] = Scenario(
    name="parsing",
    summary="time-zone and clock-time answer parsing: warm throughput and first-use cost",
    full=FULL,
    quick=QUICK,
    run=run,
)

__all__ = ["FULL", "QUICK", "SCENARIO", "ParsingSizes"]
