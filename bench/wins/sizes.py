"""How big the ``wins`` databases are and how much traffic each application handles."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

SEED = 20261122  # fixed, so every run picks the same users in the same order
DAILY_WORDS = 480.0
TYPED_WIN = "done"
DONE_BUTTON = "✅ Done"
# Every answer to a win starts like this: the bot's "✅ Done: <b>Write</b> for ..." (typed or
# pressed alike), and the baseline's reply, which is just this.
WIN_REPLY = "✅ Done"


class Kind(Enum):
    """The two ways a win arrives in this benchmark."""

    TYPED = f'typed "{TYPED_WIN}"'
    BUTTON = f"{DONE_BUTTON} button"


KINDS = tuple(Kind)


class WinError(AssertionError):
    """An application did not answer a win as expected; the figures would be meaningless."""


@dataclass(frozen=True)
class WinsSizes:
    """How big the databases are and how many updates each application handles.

    Attributes:
        users: Users in each database (one goal each).
        days: Days of history in the main database.
        growth_days: The short and the long history of the growth figure (a database each).
        warmup: Updates each application handles before anything is timed.
        per_round: Updates each application handles per round.
        rounds: Rounds; the applications take turns within each.
        renders: Warm calls of each renderer, each on a different user's year.
        cold_runs: Fresh interpreters for the first-call render figures (0: skip).
    """

    users: int
    days: int
    growth_days: tuple[int, int]
    warmup: int
    per_round: int
    rounds: int
    renders: int
    cold_runs: int

    def __post_init__(self) -> None:
        if min(self.users, self.per_round, self.rounds, self.renders) < 1 or self.warmup < 0:
            raise ValueError("users, per_round, rounds and renders must be at least 1")
        if min(self.days, *self.growth_days) < 1:
            raise ValueError("every database needs at least one day of history")
        if self.growth_days[0] >= self.growth_days[1]:
            raise ValueError("growth_days is (short, long)")
        if self.wins_needed + self.renders > self.users:
            raise ValueError(f"{self.users} users are too few for this much traffic")

    @property
    def wins_needed(self) -> int:
        """Users who log a win (each once), the warm-up included."""
        return self.warmup + self.rounds * self.per_round

    @property
    def histories(self) -> tuple[int, ...]:
        """Every history length a database is built for, shortest first."""
        return tuple(sorted({self.days, *self.growth_days}))


FULL = WinsSizes(
    users=10_000,
    days=365,
    growth_days=(30, 1_095),
    warmup=200,
    per_round=500,
    rounds=4,
    renders=40,
    cold_runs=3,
)
QUICK = WinsSizes(
    users=400,
    days=365,
    growth_days=(30, 1_095),
    warmup=20,
    per_round=40,
    rounds=3,
    renders=5,
    cold_runs=1,
)
