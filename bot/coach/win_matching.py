"""Finding the goal a win belongs to, by the words they share (docs/product.md rule 4).

Decisions (all deliberate, all tested):

* **Matching words.** Words are matched after a light stemming
  (:func:`bot.coach.win_words.stem`), applied to both the message and the goal's names, so
  "meditated" meets "meditation".
* **An inferred win needs a word in common.** A win read only from a past-tense verb
  (``WinText.explicit`` false: "called my mom") takes no goal whose names share no word with
  it, even when there is a single goal.
* **Units first.** A quantity keeps the goals whose unit converts to it
  (:func:`bot.coach.quantities.conversion.units_compatible`), then the words decide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.coach.lexicon import Languages
from bot.coach.quantities.conversion import units_compatible
from bot.coach.quantities.units import unit_info
from bot.coach.win_words import stem, stems
from bot.coach.wins import WinText


@dataclass(frozen=True, slots=True)
class GoalRef:
    """What :func:`match_goals` needs to know about a goal.

    Attributes:
        goal_id: The goal.
        names: Its texts: vision, outcome, daily action (and the MVA text while ramping).
        unit: The unit of the daily target in force today, if it has one.
    """

    goal_id: int
    names: tuple[str, ...]
    unit: str | None = None


def match_goals(
    win: WinText, goals: Sequence[GoalRef], language: Languages = None
) -> tuple[int, ...]:
    """Find the goals a win may belong to, best first, keeping the given (priority) order.

    The rules, in order:

    1. No goals: none. A single goal: that goal (unless the win is only inferred from a verb
       and shares no word with it, see :attr:`WinText.explicit`).
    2. A quantity with a unit keeps the goals whose unit converts to it (same unit, or both
       durations, distances or masses). A bare number keeps the goals that have a unit.
       When no goal fits the unit, all goals stay in the running (the goal may be at its MVA,
       a 10-minute walk on the way back to 5 km).
    3. Content words narrow the rest to the goals sharing the most (stemmed) words with the
       message; unit words are left out when the unit has already been matched. Several
       left: all of them, and the bot asks with buttons.

    Args:
        win: The win read from the message.
        goals: The user's active goals in priority order.
        language: The user's language, to read the goals' names as the win was read.

    Returns:
        The candidate goal ids; more than one means "ask"; none means "not a win for any goal".
    """
    if not goals:
        return ()
    by_name = _best_by_name(win.words, goals, language)
    if not win.explicit and not by_name:
        return ()
    if len(goals) == 1:
        return (goals[0].goal_id,)
    candidates = list(goals)
    quantity = win.quantity
    if quantity is not None:
        if quantity.unit:
            fitting = [g for g in goals if g.unit and units_compatible(quantity.unit, g.unit)]
        else:
            fitting = [g for g in goals if g.unit]
        candidates = fitting or candidates
    if len(candidates) > 1:
        words = win.words
        if quantity is not None and quantity.unit:
            # The unit has had its say; "1 hour of piano" must not meet "meditate 20 hours".
            unit = quantity.unit
            words = tuple(
                word
                for word in words
                if unit_info(word) is None or not units_compatible(word, unit)
            )
        candidates = _best_by_name(words, candidates, language) or candidates
    return tuple(goal.goal_id for goal in candidates)


def _best_by_name(
    words: Sequence[str], goals: Sequence[GoalRef], language: Languages
) -> list[GoalRef]:
    wanted = {stem(word) for word in words}
    if not wanted:
        return []
    scores = [(len(wanted & stems(goal.names, language)), goal) for goal in goals]
    best = max(score for score, _ in scores)
    return [goal for score, goal in scores if score == best] if best > 0 else []
