"""A goal on a day, from its checkpoint and its last days: what a win and ``/today`` read.

A goal keeps a checkpoint (its streak state folded through :data:`WINDOW_DAYS` before today);
:class:`RecentLog` holds it with the log after it, and judges any recent day from them without
reading the goal's whole history.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cached_property

from bot.coach.cheers import Cheer, WinFacts, choose_cheer, day_facts, run_start
from bot.coach.deadlines import Deadline
from bot.coach.levels import Sizes, in_force
from bot.coach.models import (
    DailyEntry,
    Goal,
    LevelKind,
    Measure,
    StreakState,
    TargetLevel,
    User,
)
from bot.coach.progress.amounts import advance_goal
from bot.coach.progress.ladder import LadderProgress, ladder_progress, records_needed_from
from bot.coach.progress.pace import OnTrack, on_track
from bot.coach.quantities.conversion import convert
from bot.coach.streaks.days import DayState, first_unjudged
from bot.coach.streaks.log import DayRecord, fold_days, fold_more
from bot.coach.streaks.summary import StreakSummary, judge_from, summarize
from storage.base import Repository

WINDOW_DAYS = 35
"""How far a goal's checkpoint trails today. A win reads the checkpoint row and only these last
days of the log: enough for all its reply shows (the 14-day chain, this ISO week's rest day, the
plan month's totals from its Monday, the days kept at a comeback step). Every older day is
folded into the checkpoint, so the cost of a win does not grow with the goal's age."""


@dataclass(frozen=True, slots=True)
class Target:
    """The daily action in force on a date, with the week and the month in force with it.

    Attributes:
        text: The daily action's wording.
        measure: Its amount, if it has one.
        level: The comeback level in force (at the minimum or a step back up), if any.
        sizes: The month, week and day in force (:mod:`bot.coach.levels`).
    """

    text: str
    measure: Measure | None
    level: TargetLevel | None = None
    sizes: Sizes = field(default_factory=Sizes)

    @property
    def ramp(self) -> tuple[int, int] | None:
        """(step, steps) while scaling back up after a comeback."""
        level = self.level
        if level is None or level.step is None or level.steps is None:
            return None
        return level.step, level.steps


@dataclass(frozen=True, slots=True)
class GoalDay:
    """One goal as seen on one day: its target, the day's state and the streak."""

    goal: Goal
    day: date
    target: Target
    record: DayRecord | None
    state: DayState
    states: Mapping[date, DayState]
    summary: StreakSummary
    checkpoint: StreakState = field(default_factory=StreakState)
    """What the days before ``states`` fold to (``states`` holds only the days after it)."""
    deadlines: tuple[Deadline, ...] = ()
    """Open milestones due tomorrow, today or past their date (only :meth:`HabitService.today`
    reads them: the win's reply has no use for them)."""
    levels: tuple[TargetLevel, ...] = ()
    """The goal's target history, which ``target`` was found in (read with the log)."""
    log: RecentLog | None = field(default=None, compare=False, repr=False)
    """The checkpoint and recent log this view was judged from, when it came from them
    (:meth:`HabitService.today`): a past day's ladder can be found in them without a read."""

    @property
    def started(self) -> bool:
        """False while the plan's start date is still ahead."""
        return self.goal.start_date is None or self.goal.start_date <= self.day


def goal_day_from(
    goal: Goal,
    day: date,
    checkpoint: StreakState,
    days: Mapping[date, DayRecord],
    levels: Sequence[TargetLevel],
) -> GoalDay:
    """One goal on one day, going on from a checkpoint judged through a day before ``day``."""
    start = goal.start_date or day
    minimum = goal.mva_measure
    if start <= day:
        states, summary = judge_from(checkpoint, days, start, day, minimum=minimum)
    else:
        states, summary = {}, summarize({}, day, day)
    state = states.get(day, DayState.FUTURE if start > day else DayState.PENDING)
    return GoalDay(
        goal,
        day,
        target_on(goal, levels, day),
        days.get(day),
        state,
        states,
        summary,
        checkpoint,
        levels=tuple(levels),
    )


@dataclass(frozen=True)
class RecentLog:
    """A goal's checkpoint and the log after it: all a unit of work on today needs.

    Attributes:
        goal: The goal.
        state: The checkpoint the entries go on from (the initial state when none was kept or
            it could not serve: then ``entries`` is the whole log).
        entries: The log from the checkpoint's next day (or the plan month's Monday) to today.
        levels: The goal's target history.
    """

    goal: Goal
    state: StreakState
    entries: tuple[DailyEntry, ...]
    levels: tuple[TargetLevel, ...]
    since: date | None = None
    """The first date read (``None``: the whole log, from the plan's start)."""

    @classmethod
    async def load(
        cls,
        repository: Repository,
        user: User,
        goal: Goal,
        state: StreakState | None,
        today: date,
        *,
        levels: Sequence[TargetLevel] | None = None,
    ) -> RecentLog:
        """Read the goal's last days (two statements), going on from ``state`` if it serves.

        ``levels``: the goal's target history, when the unit of work has read it already.
        """
        state, since = cls.reads(goal, state, today)
        if levels is None:
            levels = await repository.list_target_levels(user.user_id, goal.goal_id)
        entries = await repository.list_entries(user.user_id, goal.goal_id, since, today)
        return cls(goal, state, tuple(entries), tuple(levels), since)

    @staticmethod
    def reads(
        goal: Goal, state: StreakState | None, today: date
    ) -> tuple[StreakState, date | None]:
        """The checkpoint a unit of work on ``today`` goes on from, and the first date of the
        log it needs (``None``: the whole log)."""
        start = goal.start_date or today
        horizon = today - timedelta(days=WINDOW_DAYS)
        if state is None or (state.judged_through is not None and state.judged_through > horizon):
            # No checkpoint (new, dropped after a change to the past, or from before there were
            # checkpoints), or one too recent for the window (the user's zone moved west):
            # fold the whole log once; the next write keeps the result.
            return StreakState(), None
        since = first_unjudged(state, start)
        if start <= today:
            since = min(since, records_needed_from(goal, state, today))
        return state, since

    @cached_property
    def _folded(self) -> dict[date, DayRecord]:
        return fold_days(self.entries)

    def days(self, until: date | None = None) -> dict[date, DayRecord]:
        """The folded log (up to ``until`` when given). Folded once; don't change it."""
        if until is None or not self.entries or self.entries[-1].local_date <= until:
            return self._folded
        return fold_days(e for e in self.entries if e.local_date <= until)

    def view(self, day: date, *, until: date | None = None) -> GoalDay:
        """The goal as it stands on ``day`` (counting the log up to ``until`` when given).

        Judged once per (day, until): the reply and the ladder both read today's view.
        """
        views: dict[tuple[date, date | None], GoalDay] = self.__dict__.setdefault("_views", {})
        if until is not None and (not self.entries or self.entries[-1].local_date <= until):
            until = None  # the whole log is up to ``until`` already: the same view
        key = (day, until)
        if key not in views:
            views[key] = goal_day_from(self.goal, day, self.state, self.days(until), self.levels)
        return views[key]

    def with_entry(self, entry: DailyEntry) -> RecentLog:
        """The same, with an entry just appended (the log is ordered by date, then by append)."""
        entries = sorted([*self.entries, entry], key=lambda e: e.local_date)
        grown = replace(self, entries=tuple(entries))  # a new object: no views judged yet
        # The newest entry of its day: folding it onto the fold so far is the whole fold.
        grown.__dict__["_folded"] = fold_more(self._folded, entry)
        return grown

    def ladder(self, today: date, review_weekday: int) -> LadderProgress:
        """Progress at every level of the ladder (the goal has started), in the user's week."""
        return self._ladder(today, review_weekday)

    def ladder_at(self, day: date, review_weekday: int) -> LadderProgress | None:
        """The ladder at the end of a past ``day`` (a month's review), when the checkpoint and
        the days read serve it: the checkpoint judged before ``day`` and every record the
        ladder needs read. ``None`` otherwise (read the log for it)."""
        through = self.state.judged_through
        start = self.goal.start_date
        if start is None or day < start or (through is not None and through >= day):
            return None
        if self.since is not None and self.since > records_needed_from(self.goal, self.state, day):
            return None
        return self._ladder(day, review_weekday)

    def _ladder(self, day: date, review_weekday: int) -> LadderProgress:
        return ladder_progress(
            self.goal,
            self.days(day),
            day,
            checkpoint=self.state,
            levels=self.levels,
            review_weekday=review_weekday,
            # The view of that day judges the same days the same way (today's is the reply's).
            judged=self.view(day, until=day).states,
        )

    def pace(self, today: date) -> OnTrack:
        """Whether the 12-week outcome will be reached at this pace (the goal has started)."""
        return on_track(self.goal, self.days(), today, checkpoint=self.state)

    def moved_on(self, today: date) -> StreakState:
        """The checkpoint to keep: folded through :data:`WINDOW_DAYS` before today.

        ``self.state`` itself when there is nothing new to fold.
        """
        horizon = today - timedelta(days=WINDOW_DAYS)
        through = self.state.judged_through
        start = self.goal.start_date
        if start is None or (through is not None and through >= horizon):
            return self.state
        return advance_goal(self.goal, self.state, self.days(horizon), horizon)


def target_on(goal: Goal, levels: Sequence[TargetLevel], day: date) -> Target:
    """The daily action in force on a date, and the week and month in force with it.

    The latest target level on or before the date (a comeback step, next week's goal once its
    week has come, an edit), else the plan's own levels (:func:`bot.coach.levels.in_force`).
    """
    found = in_force(goal, levels, day)
    level = found.level
    comeback = level if level is not None and level.kind in _COMEBACK_KINDS else None
    return Target(found.text, found.sizes.daily, comeback, found.sizes)


_COMEBACK_KINDS = (LevelKind.MVA, LevelKind.RAMP)


def cheer_for(
    user: User,
    recent: RecentLog,
    *,
    before: GoalDay,
    after: GoalDay,
    day: date,
    progress: LadderProgress | None,
    top_up: bool,
) -> Cheer:
    """The cheer for a new Done, from what the user did (the log's recent days)."""
    target = after.target.measure
    outcome = progress.outcome if progress is not None else None
    summary = after.summary
    facts = WinFacts(
        streak=summary.current,
        best_before=before.summary.best,
        votes=summary.votes,
        strength=round(summary.strength * 100),
        run_start=run_start(after.day, summary.current),
        day=day_facts(recent.days(), day, target.unit if target is not None else None),
        week=progress.week if progress is not None else None,
        total=outcome.done if outcome is not None else None,
    )
    return choose_cheer(user.user_id, recent.goal.goal_id, day, facts, top_up=top_up)


def in_target_unit(quantity: Measure | None, target: Measure | None) -> Measure | None:
    """An amount in the target's unit; a bare number is in the target's unit already."""
    if quantity is None:
        return None
    if target is None:
        return quantity if quantity.unit else None
    if not quantity.unit:
        return Measure(quantity.quantity, target.unit)
    converted = convert(quantity, target.unit)
    # An amount in a unit that does not add up (km toward a minutes target) still counts the
    # day as done; only the number is left out.
    return None if converted is None else Measure(converted, target.unit)


def skip_allowed(view: GoalDay, day: date) -> bool:
    """A rest day is allowed once per ISO week (a second one would hide a lapse)."""
    monday = day - timedelta(days=day.weekday())
    skips = [d for d, state in view.states.items() if monday <= d < day and state is DayState.SKIP]
    return not skips


def run_start_of(view: GoalDay) -> date:
    """The first day of the current streak (a key for "celebrate once per run")."""
    return view.day - timedelta(days=max(view.summary.current - 1, 0))


def kept_at_step(view: GoalDay) -> int | None:
    """Days kept in a row at the current step of a comeback ramp (``None`` off the ramp)."""
    ramp = view.target.ramp
    level = view.target.level
    if ramp is None or level is None or ramp[0] >= ramp[1]:
        return None
    kept = 0
    cursor = view.day
    while cursor >= level.effective_from:
        state = view.states.get(cursor)
        if state in (DayState.DONE, DayState.MVA, DayState.PARTIAL, DayState.SKIP):
            kept += 1
        elif state is DayState.PENDING:
            pass
        else:
            break
        cursor -= timedelta(days=1)
    return kept
