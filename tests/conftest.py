"""Fixtures every tier shares: the throwaway PostgreSQL database of this run."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from tests.databases import POSTGRES


@pytest.fixture(scope="session", autouse=True)
def _drop_the_run_database() -> Iterator[None]:
    """Drop this run's PostgreSQL database when the run ends (if a test made it)."""
    yield
    asyncio.run(POSTGRES.drop())


# The tests that take longest, mostly waiting (a wave paced at 25 messages a second, processes
# started and stopped): run first, so the other workers fill the time around them instead of
# one worker finishing them alone at the end of the run.
_LONGEST_FIRST = (
    "tests/bot/test_scale_out.py::test_a_morning_wave_survives_the_sending_instance_being_killed",
    "tests/bench/test_bench.py::test_tick_writes_the_floors_rows_on_both_engines",
    "tests/bench/test_bench.py::test_wins_measures_postgresql",
    "tests/startup/test_signals.py",
    "tests/startup/test_main.py",
    "tests/bot/test_errors.py::test_a_reply_lost_to_server_errors_on_every_try",
    "tests/bot/test_scale_out.py",
    "tests/bot/test_instances.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put the longest tests first (a stable sort: the rest keep their order)."""

    def rank(item: pytest.Item) -> int:
        for position, prefix in enumerate(_LONGEST_FIRST):
            if item.nodeid.startswith(prefix):
                return position
        return len(_LONGEST_FIRST)

    items.sort(key=rank)
