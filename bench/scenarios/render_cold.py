"""Run in a fresh interpreter by the ``wins`` scenario: first-call costs of the calendar PNGs.

Fonts are loaded on first use and cached for the life of the process, so the first picture
after a start can only be seen in a new process. Reads one picture's inputs (a JSON file written
by the scenario: ISO date -> state, today, title, subtitle) and prints one JSON object of
durations in seconds on stdout.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path


def measure(source: Path) -> dict[str, float]:
    """Import, then first and second calls of each renderer, each timed once."""
    picture = json.loads(source.read_text(encoding="utf-8"))
    states = {date.fromisoformat(day): state for day, state in picture["states"].items()}
    today = date.fromisoformat(picture["today"])
    clock = time.perf_counter
    started = clock()
    from bot.charts import calendar  # noqa: PLC0415 - timed on purpose

    imported = clock() - started
    caption = calendar.CalendarCaption(picture["title"], picture["subtitle"])

    def month() -> bytes:
        return calendar.render_month(states, today.replace(day=1), today, caption)

    def year() -> bytes:
        return calendar.render_year(states, today, caption)

    timings = {"import": imported}
    draws: tuple[tuple[str, Callable[[], bytes]], ...] = (("month", month), ("year", year))
    for key, draw in draws:
        for attempt in ("first", "second"):
            before = clock()
            draw()
            timings[f"{key}_{attempt}"] = clock() - before
    return timings


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]))))
