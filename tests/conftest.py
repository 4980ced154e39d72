"""Fixtures every tier shares: the throwaway PostgreSQL database of this run."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator

import pytest

from tests.databases import POSTGRES


@pytest.fixture(scope="session", autouse=True)
def _drop_the_run_database() -> Iterator[None]:
    """Drop this run's PostgreSQL database when the run ends (if a test made it)."""
    yield
    asyncio.run(POSTGRES.drop())


# The tests that take longest, mostly waiting (a wave paced at 25 messages a second, processes
# started and stopped, PostgreSQL databases made and dropped), longest first: each worker starts
# with a share of them, so that the others' tests fill the time they wait instead of one worker
# running them one after another (or alone at the end of the run).
_LONGEST_FIRST = (
    "tests/bot/test_scale_out.py::test_a_morning_wave_survives_the_sending_instance_being_killed",
    "tests/bench/test_bench.py::test_tick_writes_the_floors_rows_on_both_engines",
    "tests/bench/test_bench.py::test_wins_measures_postgresql",
    "tests/bot/test_errors.py::test_a_reply_lost_to_server_errors_on_every_try",
    "tests/startup/test_signals.py",
    "tests/startup/test_webhook_process.py",
    "tests/bot/test_scale_out.py",
    "tests/bot/test_instances.py",
    "tests/startup/test_main.py",
    "tests/bot/test_telegram_faults.py",
    "tests/bench/test_bench.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Put the longest tests first (a stable sort: the rest keep their order), spread over the
    pytest-xdist workers.

    ``--dist worksteal`` first hands each worker one contiguous block of the collection (the
    first ``len(items) // workers`` tests to the first worker, and so on) and later moves tests
    from the ends of blocks: so the long tests go to the heads of the blocks, dealt out in turn
    (first to last, then last to first), and every worker starts with its share of them.
    """

    def rank(item: pytest.Item) -> int:
        for position, prefix in enumerate(_LONGEST_FIRST):
            if item.nodeid.startswith(prefix):
                return position
        return len(_LONGEST_FIRST)

    items.sort(key=rank)
    workers = int(getattr(config, "workerinput", {}).get("workercount", 1))
    if workers < 2:
        return
    longest = [item for item in items if rank(item) < len(_LONGEST_FIRST)]
    heads: list[list[pytest.Item]] = [[] for _ in range(workers)]
    for index, item in enumerate(longest):
        turn, place = divmod(index, workers)
        heads[place if turn % 2 == 0 else workers - 1 - place].append(item)
    rest = iter(items[len(longest) :])
    ordered: list[pytest.Item] = []
    remaining = len(items)
    for index, head in enumerate(heads):
        size = remaining // (workers - index)  # the block worksteal gives this worker
        remaining -= size
        ordered += head
        ordered += itertools.islice(rest, max(0, size - len(head)))
    ordered += rest
    items[:] = ordered
