"""Every scenario ``python -m bench`` knows, in the order a full run takes them.

Adding one: write ``bench/scenarios/<name>.py`` exposing ``SCENARIO`` (see
:class:`bench.scenario.Scenario`), then list it here.
"""

from __future__ import annotations

from typing import Any

from bench.scenario import Scenario
from bench.scenarios import budgets, interactive, parsing, scheduler, send, storage, tick, wins

SCENARIOS: tuple[Scenario[Any], ...] = (
    interactive.SCENARIO,
    wins.SCENARIO,
    storage.SCENARIO,
    scheduler.SCENARIO,
    tick.SCENARIO,
    send.SCENARIO,
    parsing.SCENARIO,
    budgets.SCENARIO,
)


def find(name: str) -> Scenario[Any]:
    """The scenario called ``name``.

    Raises:
        KeyError: No such scenario.
    """
    for scenario in SCENARIOS:
        if scenario.name == name:
            return scenario
    raise KeyError(name)
