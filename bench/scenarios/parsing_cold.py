"""Run in a fresh interpreter by the ``parsing`` scenario: first-use costs of the parsers.

Caches (the zone-name map, the place index, loaded ZoneInfo objects) live for the life of the
process, so the only honest way to see what the first answer after a start costs is a new
process. Prints one JSON object of durations in seconds on stdout.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

# The same instant as bench.bots.PINNED_NOW; not imported, to keep this process's imports to
# exactly what is being measured.
NOW = datetime(2026, 11, 22, 20, 40, tzinfo=UTC)


def measure() -> dict[str, float]:
    """Import, first calls and a warm call, each timed once."""
    clock = time.perf_counter
    started = clock()
    from bot.coach.timezones import parse_timezone_answer  # noqa: PLC0415 - timed on purpose

    imported = clock()
    from bot.coach.clock_time import parse_clock_time  # noqa: PLC0415 - already loaded above

    before = clock()
    parse_clock_time("7:30")
    clock_first = clock() - before
    before = clock()
    parse_clock_time("7:30")
    clock_warm = clock() - before
    # A place answer builds every index: the zone-name map and the place index.
    before = clock()
    parse_timezone_answer("Berlin", NOW)
    zone_first = clock() - before
    before = clock()
    parse_timezone_answer("Berlin", NOW)
    zone_warm = clock() - before
    return {
        "import": imported - started,
        "clock_first": clock_first,
        "clock_warm": clock_warm,
        "zone_first": zone_first,
        "zone_warm": zone_warm,
    }


if __name__ == "__main__":
    print(json.dumps(measure()))
