"""Use cases of the daily loop: log a win, see today, the chain and the progress.

A user's "day" is their local date, with a small day boundary: a win logged before 02:00 counts
for the day before (a late-evening session belongs to the evening it started). Yesterday can be
logged until midday. Every entry records the target in force that day, so that a comeback at the
minimum or a later scale-up never rewrites the past.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import cached_property

from bot.clock import Clock
from bot.coach import comeback as ramp_rules
from bot.coach import identity as identity_rules
from bot.coach.celebrations import Period, TargetReached, any_target_met, targets_reached
from bot.coach.cheers import Cheer, WinFacts, best_day, choose_cheer, day_amount, run_start
from bot.coach.deadlines import Deadline, deadlines
from bot.coach.levels import Sizes, in_force
from bot.coach.models import (
    CoachEventKind,
    DailyEntry,
    EntryStatus,
    Goal,
    GoalStatus,
    LevelKind,
    Measure,
    NewEntry,
    StreakState,
    TargetLevel,
    User,
)
from bot.coach.progress.amounts import advance_goal
from bot.coach.progress.ladder import LadderProgress, ladder_progress, records_needed_from
from bot.coach.progress.pace import DailyTotals, OnTrack, daily_totals, on_track
from bot.coach.streaks import (
    DayRecord,
    DayState,
    StreakSummary,
    first_unjudged,
    fold_days,
    fold_more,
    judge_from,
    milestone_crossed,
    strength_series,
    summarize,
)
from bot.coach.wins import GoalRef, WinKind, WinProblem, WinText, convert, match_goals, read_win
from bot.services.days import local_now, user_day
from bot.services.partner_news import COMMITTED, PartnerNews
from bot.services.unit_of_work import Refusal, unit_of_work
from storage.base import Repository

YESTERDAY_UNTIL = time(12, 0)
"""Yesterday can still be logged until midday."""

DUPLICATE_WINDOW = timedelta(seconds=10)
"""The same quantity logged twice this quickly is one message sent twice, not two wins."""

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

    @property
    def started(self) -> bool:
        """False while the plan's start date is still ahead."""
        return self.goal.start_date is None or self.goal.start_date <= self.day


@dataclass(frozen=True, slots=True)
class Logged:
    """A win (or an MVA day, or a rest day) was counted."""

    view: GoalDay
    status: EntryStatus
    added: Measure | None
    is_today: bool
    duplicate: bool
    milestone: int | None
    progress: LadderProgress | None
    identity_day: bool
    step_up_ready: bool
    scale_up_offer: Measure | None
    unconverted: Measure | None = None
    """A typed amount whose unit does not add up to the target's (km toward words): the day
    counted, the number did not."""
    identity_forming: bool = False
    """This win is the one (between votes 7 and 14, once per goal) that says the belief is
    forming (rule 6)."""
    reached: tuple[TargetReached, ...] = ()
    """The week's or the month's target, reached by this win (each celebrated once)."""
    cheer: Cheer | None = None
    """The line about what the user just did, for a new Done (``None`` otherwise)."""


@dataclass(frozen=True, slots=True)
class Undone:
    """The day's last entry was taken back."""

    view: GoalDay  # today, after the undo
    day: date  # the day whose entry was taken back (today, or yesterday until midday)


class RefusalReason(StrEnum):
    """Why a win, an undo or a change of the habit's size was refused; each has its own words."""

    NO_GOALS = "no_goals"
    GOAL_GONE = "goal_gone"
    GOAL_PAUSED = "goal_paused"
    NOT_STARTED = "not_started"
    TOO_LATE = "too_late"
    SKIP_LIMIT = "skip_limit"
    NOTHING_TO_UNDO = "nothing_to_undo"
    # What a typed win's amount can be refused for (``bot.coach.wins.WinProblem``).
    NEGATIVE = WinProblem.NEGATIVE.value
    ZERO = WinProblem.ZERO.value
    TOO_LARGE = WinProblem.TOO_LARGE.value
    NOT_A_NUMBER = WinProblem.NOT_A_NUMBER.value
    VAGUE_AMOUNT = WinProblem.VAGUE_AMOUNT.value
    TOO_LONG = WinProblem.TOO_LONG.value
    # The comeback's ramp and the week-4 growth (``bot.services.comeback``).
    NOT_RAMPING = "not_ramping"
    STEPPED_TODAY = "stepped_today"
    NOT_MEASURABLE = "not_measurable"
    ON_RAMP = "on_ramp"
    GROWN_TODAY = "grown_today"


class Refused(Refusal):
    """Nothing was logged or changed, for a reason the user should hear.

    Attributes:
        reason: Why.
        goal: The goal it was about, when there is one to name.
        day: The day it was about (``NOT_STARTED``: the goal's first day).
    """

    def __init__(
        self, reason: RefusalReason, goal: Goal | None = None, day: date | None = None
    ) -> None:
        """Say why, and about what."""
        super().__init__(reason.value)
        self.reason = reason
        self.goal = goal
        self.day = day


@dataclass(frozen=True, slots=True)
class Ambiguous:
    """Several goals fit a typed win: the user picks one."""

    win: WinText
    goals: tuple[Goal, ...]
    day: date  # the day the win is for, fixed now: a button pressed tomorrow keeps it


_STATUS_OF = {
    WinKind.DONE: EntryStatus.DONE,
    WinKind.MVA: EntryStatus.MVA,
    WinKind.SKIP: EntryStatus.SKIP,
}
"""The entry a typed win writes (an undo writes none)."""

LogResult = Logged
TextResult = Logged | Undone | Ambiguous


class HabitService:
    """Logging wins and reading the chain, the streak and the progress."""

    def __init__(
        self,
        repository: Repository,
        clock: Clock,
        *,
        step_days: int = 7,
        partners: PartnerNews | None = None,
    ) -> None:
        """Create the service.

        Args:
            repository: Where goals, entries and target levels are stored.
            clock: The injected clock (aware UTC).
            step_days: Kept days in a row at a comeback step before the next one is offered
                (7 to 14).
            partners: Tells the user's partners of a streak milestone and a fresh start.
        """
        self._repository = repository
        self._clock = clock
        self._step_days = step_days
        self._partners = partners

    # --- time --------------------------------------------------------------------------------

    def local_now(self, user: User) -> datetime:
        """The user's wall-clock time."""
        return local_now(user, self._clock())

    def day(self, user: User) -> date:
        """The user's current day for the daily loop (with the 02:00 day boundary)."""
        return self.day_of(user, self._clock())

    def day_of(self, user: User, instant: datetime) -> date:
        """The user's day that an instant falls in (with the 02:00 day boundary)."""
        return user_day(user, instant)

    def can_log_yesterday(self, user: User) -> bool:
        """Yesterday stays open until midday (after the day boundary, that is)."""
        now = self.local_now(user)
        return now.date() == self.day(user) and now.time() < YESTERDAY_UNTIL

    # --- reading -----------------------------------------------------------------------------

    async def active_goals(self, user: User) -> list[Goal]:
        """The user's active goals in priority order."""
        return await self._repository.list_goals(user.user_id, [GoalStatus.ACTIVE])

    async def today(self, user: User) -> list[GoalDay]:
        """Every active goal as it stands today (from each goal's checkpoint: a few reads),
        with its milestones' near deadlines."""
        day = self.day(user)
        async with self._repository.transaction(write=False) as uow:
            goals = await uow.list_goals_and_states(user.user_id, [GoalStatus.ACTIVE])
            return [
                replace(
                    (await _Recent.load(uow, user, goal, state, day)).view(day),
                    deadlines=deadlines(await uow.list_milestones(user.user_id, goal.goal_id), day),
                )
                for goal, state in goals
            ]

    async def goal_day(self, user: User, goal: Goal, day: date | None = None) -> GoalDay:
        """One goal on one day (default: today) from its whole log (for the full calendar)."""
        day = day or self.day(user)
        async with self._repository.transaction(write=False) as uow:
            entries = await uow.list_entries(user.user_id, goal.goal_id, None, day)
            levels = await uow.list_target_levels(user.user_id, goal.goal_id)
        return _goal_day(goal, day, StreakState(), fold_days(entries), levels)

    async def get_goal(self, user: User, goal_id: int) -> Goal | None:
        """The user's goal, whatever its status."""
        return await self._repository.get_goal(user.user_id, goal_id)

    async def progress(
        self, user: User, goal: Goal
    ) -> tuple[GoalDay, LadderProgress | None, OnTrack | None]:
        """The ladder with progress at every level, and the pace of the 12-week outcome.

        Both are ``None`` while the plan has not started yet.
        """
        day = self.day(user)
        async with self._repository.transaction(write=False) as uow:
            found = await uow.get_goal_and_state(user.user_id, goal.goal_id)
            state = found[1] if found is not None else None
            recent = await _Recent.load(uow, user, found[0] if found else goal, state, day)
        view = recent.view(day)
        if not view.started or recent.goal.start_date is None:
            return view, None, None
        return view, recent.ladder(day, user.review_weekday), recent.pace(day)

    async def ladder_on(self, user: User, goal: Goal, day: date) -> LadderProgress | None:
        """The ladder as it stood at the end of a past day (a month's review), else ``None``.

        ``None`` before the plan's start. Reads the log up to that day.
        """
        if goal.start_date is None or day < goal.start_date:
            return None
        async with self._repository.transaction(write=False) as uow:
            found = await uow.get_goal_and_state(user.user_id, goal.goal_id)
            # The checkpoint trails today, not that day: fold that day's log from the start.
            recent = await _Recent.load(uow, user, found[0] if found else goal, None, day)
        return recent.ladder(day, user.review_weekday)

    async def daily_totals(self, user: User, goal: Goal) -> DailyTotals | None:
        """The outcome's amount and the kept days at the end of each day since the start.

        Read from the whole log, for the pace chart of ``/progress``; ``None`` while the plan
        has not started yet.
        """
        day = self.day(user)
        if goal.start_date is None or goal.start_date > day:
            return None
        async with self._repository.transaction(write=False) as uow:
            entries = await uow.list_entries(user.user_id, goal.goal_id, None, day)
        return daily_totals(goal, fold_days(entries), day)

    async def strength_on(self, user: User, goal: Goal, day: date) -> float:
        """The strength score at the end of a recent past ``day`` (the weekly card's "before").

        Read from the goal's checkpoint and its last :data:`WINDOW_DAYS` days, like a win; a day
        before the plan's start scores 0.
        """
        today = self.day(user)
        async with self._repository.transaction(write=False) as uow:
            found = await uow.get_goal_and_state(user.user_id, goal.goal_id)
            state = found[1] if found is not None else None
            recent = await _Recent.load(uow, user, found[0] if found else goal, state, today)
        return recent.view(day, until=day).summary.strength

    async def strength_series(self, user: User, goal: Goal) -> dict[date, float]:
        """The strength score at the end of each day since the start (the whole log).

        Empty while the plan has not started; the last score is the one the streak shows.
        """
        day = self.day(user)
        start = goal.start_date
        if start is None or start > day:
            return {}
        async with self._repository.transaction(write=False) as uow:
            entries = await uow.list_entries(user.user_id, goal.goal_id, None, day)
        return strength_series(fold_days(entries), start, day, minimum=goal.mva_measure)

    # --- logging -----------------------------------------------------------------------------

    async def log(
        self,
        user: User,
        goal_id: int,
        status: EntryStatus,
        quantity: Measure | None = None,
        *,
        day: date | None = None,
    ) -> LogResult:
        """Count a day: done (optionally with an amount), the minimum, or a planned rest day.

        Args:
            user: Who is logging.
            goal_id: The goal, checked against the user.
            status: DONE, MVA or SKIP.
            quantity: An amount done, in any unit that converts to the target's.
            day: The day to count (default today); yesterday only until midday.
        """
        async with self._repository.transaction() as uow:
            found = await uow.get_goal_and_state(user.user_id, goal_id, lock=True)
            if found is None:
                raise Refused(RefusalReason.GOAL_GONE)
            return await self._log(
                uow, user, found[0], found[1], status, quantity=quantity, day=day
            )

    async def _log(
        self,
        uow: Repository,
        user: User,
        goal: Goal,
        state: StreakState | None,
        status: EntryStatus,
        *,
        quantity: Measure | None,
        day: date | None,
    ) -> LogResult:
        """The win's one unit of work: judge, append, move the checkpoint on, mark moments.

        Reads the goal's checkpoint and its last days only (see :data:`WINDOW_DAYS`).
        """
        self.loggable(goal)
        today = self.day(user)
        day = day or today
        if day != today and not (day == today - timedelta(days=1) and self.can_log_yesterday(user)):
            raise Refused(RefusalReason.TOO_LATE, goal, day)
        if goal.start_date is not None and day < goal.start_date:
            raise Refused(RefusalReason.NOT_STARTED, goal, goal.start_date)
        recent = await _Recent.load(uow, user, goal, state, today)
        before = recent.view(day, until=day)
        if status is EntryStatus.SKIP and not _skip_allowed(before, day):
            raise Refused(RefusalReason.SKIP_LIMIT, goal, day)
        amount = _in_target_unit(quantity, before.target.measure)
        unconverted = (
            quantity if quantity is not None and quantity.unit and amount is None else None
        )
        if status is EntryStatus.MVA and amount is None:
            amount = _in_target_unit(goal.mva_measure, before.target.measure)
        same_day = [e for e in recent.entries if e.local_date == day]
        duplicate = self._is_duplicate(same_day, status, amount)
        without = recent
        if not duplicate:
            recent = recent.with_entry(
                await uow.append_entry(
                    NewEntry(
                        goal.goal_id,
                        user.user_id,
                        day,
                        status,
                        amount.quantity if amount else None,
                        before.target.measure,
                    ),
                    self._clock(),
                )
            )
        moved = recent.moved_on(today)
        if moved is not recent.state:
            await uow.save_goal_state(user.user_id, goal.goal_id, moved, self._clock())
        after = recent.view(today)
        milestone = milestone_crossed(before.summary.current, after.summary.current)
        if milestone is not None and not await self._mark(
            uow, user, goal, CoachEventKind.MILESTONE_CELEBRATED, f"{milestone}:{_run_start(after)}"
        ):
            milestone = None
        if milestone is not None and self._partners is not None:
            await self._partners.streak(user, goal.goal_id, milestone, today)
        # Only the win that crosses day 66 asks (marked, so it is said once even if taken back).
        identity_day = (
            not ramp_rules.identity_milestone(before.summary.votes)
            and ramp_rules.identity_milestone(after.summary.votes)
            and await self._mark(uow, user, goal, CoachEventKind.IDENTITY_MARKED, "66")
        )
        identity_forming = identity_rules.belief_forming(
            before.summary.votes, after.summary.votes, celebrating=milestone is not None
        ) and await self._mark(uow, user, goal, CoachEventKind.IDENTITY_FORMING, "forming")
        progress = None
        reached: tuple[TargetReached, ...] = ()
        if goal.start_date is not None and goal.start_date <= today:
            progress = recent.ladder(today, user.review_weekday)
            if not duplicate and any_target_met(progress):
                reached = await self._reached(
                    uow, user, goal, without.ladder(today, user.review_weekday), progress
                )
        return Logged(
            view=after,
            status=status,
            added=None if duplicate else amount,
            is_today=day == today,
            duplicate=duplicate,
            milestone=milestone,
            progress=progress,
            identity_day=identity_day,
            step_up_ready=status is not EntryStatus.SKIP
            and await self._step_up_offer(uow, user, after),
            scale_up_offer=await self._scale_up_offer(uow, user, after),
            unconverted=unconverted,
            identity_forming=identity_forming,
            reached=reached,
            cheer=_cheer(
                user,
                recent,
                before=before,
                after=after,
                day=day,
                progress=progress,
                top_up=bool(same_day),
            )
            if status is EntryStatus.DONE and not duplicate
            else None,
        )

    async def undo(self, user: User, goal_id: int, *, day: date | None = None) -> Undone:
        """Take back the last entry of a day (it stays in the log, marked undone).

        Args:
            user: Who is undoing.
            goal_id: The goal, checked against the user.
            day: The day (default today); yesterday only while it can still be logged.
        """
        async with self._repository.transaction() as uow:
            found = await uow.get_goal_and_state(user.user_id, goal_id, lock=True)
            goal = found[0] if found is not None else None
            if goal is None or goal.status is GoalStatus.ARCHIVED:
                raise Refused(RefusalReason.GOAL_GONE)
            today = self.day(user)
            day = day or today
            if day != today and not (
                day == today - timedelta(days=1) and self.can_log_yesterday(user)
            ):
                raise Refused(RefusalReason.TOO_LATE, goal, day)
            entries = await uow.list_entries(user.user_id, goal.goal_id, day, day)
            if not entries:
                raise Refused(RefusalReason.NOTHING_TO_UNDO, goal, day)
            # Drops the checkpoint itself if it had judged that day.
            await uow.undo_entry(user.user_id, entries[-1].entry_id, self._clock())
            after = await uow.get_goal_and_state(user.user_id, goal.goal_id)
            recent = await _Recent.load(uow, user, goal, after[1] if after else None, today)
        return Undone(recent.view(today), day)

    async def log_text(self, user: User, text: str) -> TextResult | None:
        """Read a typed win ("wrote 400 words", "did it yesterday") and log it.

        Returns:
            What happened, or ``None`` when the message is not about a win at all.
        """
        win = read_win(text, user.language)
        if win is None:
            return None
        if isinstance(win, WinProblem):
            raise Refused(RefusalReason(win.value))
        if win.kind is WinKind.UNDO:
            return await self._undo_text(user, win)
        status = _STATUS_OF[win.kind]
        # One unit of work: the goals with their checkpoints, the match, and the win itself.
        async with self._repository.transaction() as uow:
            goals = await uow.list_goals_and_states(user.user_id, [GoalStatus.ACTIVE], lock=True)
            if not goals:
                raise Refused(RefusalReason.NO_GOALS)
            candidates = await self._candidates(uow, user, win, [goal for goal, _ in goals])
            if not candidates:
                return None
            if len(candidates) > 1:
                return Ambiguous(win, tuple(candidates), self._win_day(user, win) or self.day(user))
            state = {goal.goal_id: kept for goal, kept in goals}[candidates[0].goal_id]
            day = self._win_day(user, win)
            return await self._log(
                uow, user, candidates[0], state, status, quantity=win.quantity, day=day
            )

    async def _undo_text(self, user: User, win: WinText) -> TextResult | None:
        """A typed "undo": takes back the last entry of the day of the goal it names."""
        goals = await self.active_goals(user)
        if not goals:
            raise Refused(RefusalReason.NO_GOALS)
        candidates = await self._candidates(self._repository, user, win, goals)
        if not candidates:
            return None
        if len(candidates) > 1:
            # "undo" takes back the day's last entry: only goals logged that day can have one.
            candidates = await self._logged_on(user, candidates, self._win_day(user, win))
            if not candidates:
                raise Refused(RefusalReason.NOTHING_TO_UNDO)
        if len(candidates) > 1:
            return Ambiguous(win, tuple(candidates), self._win_day(user, win) or self.day(user))
        return await self.undo(user, candidates[0].goal_id, day=self._win_day(user, win))

    async def apply(
        self, user: User, goal_id: int, win: WinText, *, day: date | None = None
    ) -> TextResult:
        """Log a read win for a chosen goal (for ``day`` when given, e.g. from a button)."""
        day = day or self._win_day(user, win)
        if win.kind is WinKind.UNDO:
            return await self.undo(user, goal_id, day=day)
        return await self.log(user, goal_id, _STATUS_OF[win.kind], win.quantity, day=day)

    @unit_of_work
    async def commit_fresh_start(self, user: User, goal_id: int) -> tuple[Goal, Target]:
        """The user commits to a goal on a fresh-start morning; remembered once per day.

        Returns:
            The goal and the daily action in force today (a comeback step's size while the
            habit climbs back up, not the plan's full size), or why it cannot be committed to.
        """
        goal = await self._repository.get_goal(user.user_id, goal_id)
        goal = self.loggable(goal)
        day = self.day(user)
        levels = await self._repository.list_target_levels(user.user_id, goal.goal_id)
        first = await self._mark(
            self._repository,
            user,
            goal,
            CoachEventKind.FRESH_START_COMMITTED,
            str(day),
        )
        if first and self._partners is not None:
            await self._partners.restart(user, day, COMMITTED, goal.goal_id)
        return goal, target_on(goal, levels, day)

    # --- holidays -----------------------------------------------------------------------------

    @unit_of_work
    async def pause(self, user: User, weeks: int) -> date:
        """Holiday mode from today for ``weeks`` weeks: paused days keep every streak alive.

        The pause is written into the log (a PAUSED entry per active goal and day), so the
        chain shows it and the strength score holds still; nothing is sent meanwhile.

        Returns:
            The last paused day.
        """
        today = self.day(user)
        until = today + timedelta(days=7 * weeks - 1)
        now = self._clock()
        for goal in await self.active_goals(user):
            levels = await self._repository.list_target_levels(user.user_id, goal.goal_id)
            day = today
            while day <= until:
                target = target_on(goal, levels, day).measure
                await self._repository.append_entry(
                    NewEntry(goal.goal_id, user.user_id, day, EntryStatus.PAUSED, target=target),
                    now,
                )
                day += timedelta(days=1)
        stored = await self._repository.get_user(user.user_id)
        if stored is not None:
            await self._repository.save_user(replace(stored, paused_until=until, updated_at=now))
        return until

    @unit_of_work
    async def end_pause(self, user: User) -> None:
        """Back from holiday: today and the rest of the pause are open again."""
        today = self.day(user)
        until = user.paused_until
        now = self._clock()
        if until is not None and until >= today:
            for goal in await self.active_goals(user):
                for entry in await self._repository.list_entries(
                    user.user_id, goal.goal_id, today, until
                ):
                    if entry.status is EntryStatus.PAUSED:
                        await self._repository.undo_entry(user.user_id, entry.entry_id, now)
        stored = await self._repository.get_user(user.user_id)
        if stored is not None:
            await self._repository.save_user(replace(stored, paused_until=None, updated_at=now))

    # --- helpers -----------------------------------------------------------------------------

    def check_goal(self, goal: Goal | None) -> Refused | None:
        """Why a goal cannot be logged or scaled (gone, archived, paused); ``None`` if it can."""
        if goal is None or goal.status in (GoalStatus.ARCHIVED, GoalStatus.DRAFT):
            return Refused(RefusalReason.GOAL_GONE)
        if goal.status is GoalStatus.PAUSED:
            return Refused(RefusalReason.GOAL_PAUSED, goal)
        return None

    def loggable(self, goal: Goal | None) -> Goal:
        """The goal, if it can be logged or scaled.

        Raises:
            Refused: It is gone, archived, a draft or paused (:meth:`check_goal`).
        """
        refusal = self.check_goal(goal)
        if refusal is not None or goal is None:
            raise refusal or Refused(RefusalReason.GOAL_GONE)
        return goal

    async def _candidates(
        self, repository: Repository, user: User, win: WinText, goals: Sequence[Goal]
    ) -> list[Goal]:
        if len(goals) == 1 and win.explicit:
            return list(goals)  # nothing to tell apart: no need to read the targets
        day = self.day(user)
        refs = []
        for goal in goals:
            levels = await repository.list_target_levels(user.user_id, goal.goal_id)
            target = target_on(goal, levels, day)
            names = tuple(n for n in (goal.vision, goal.outcome, goal.daily, target.text) if n)
            refs.append(
                GoalRef(goal.goal_id, names, target.measure.unit if target.measure else None)
            )
        by_id = {goal.goal_id: goal for goal in goals}
        matched = [by_id[goal_id] for goal_id in match_goals(win, refs, user.language)]
        # A plan that starts later is not what "done" is about while another one has started.
        win_day = self._win_day(user, win) or day
        started = [g for g in matched if g.start_date is None or g.start_date <= win_day]
        return started or matched

    def _win_day(self, user: User, win: WinText) -> date | None:
        """The day a typed win is about: yesterday when it says so, else today (``None``)."""
        return self.day(user) - timedelta(days=1) if win.yesterday else None

    async def _logged_on(self, user: User, goals: Sequence[Goal], day: date | None) -> list[Goal]:
        day = day or self.day(user)
        return [
            goal
            for goal in goals
            if await self._repository.list_entries(user.user_id, goal.goal_id, day, day)
        ]

    def _is_duplicate(
        self, same_day: Sequence[DailyEntry], status: EntryStatus, amount: Measure | None
    ) -> bool:
        """Whether this log repeats the day's last entry (the same message sent twice)."""
        if not same_day:
            return False
        last = same_day[-1]
        if status is not EntryStatus.DONE or amount is None:
            # Tapping Done (or the minimum, or rest) again changes nothing: the day is kept.
            return last.status is status and last.quantity == (amount.quantity if amount else None)
        quick = self._clock() - last.recorded_at <= DUPLICATE_WINDOW
        return quick and last.status is status and last.quantity == amount.quantity

    async def _mark(
        self, repository: Repository, user: User, goal: Goal, kind: CoachEventKind, key: str
    ) -> bool:
        return await repository.mark_event(user.user_id, goal.goal_id, kind, key, self._clock())

    async def _reached(
        self,
        uow: Repository,
        user: User,
        goal: Goal,
        before: LadderProgress,
        after: LadderProgress,
    ) -> tuple[TargetReached, ...]:
        """The levels whose target this win reached, each remembered so it is said once."""
        kinds = {Period.WEEK: CoachEventKind.WEEK_TARGET_REACHED}
        kinds[Period.MONTH] = CoachEventKind.MONTH_TARGET_REACHED
        return tuple(
            [
                level
                for level in targets_reached(before, after)
                if await self._mark(uow, user, goal, kinds[level.period], level.start.isoformat())
            ]
        )

    async def _step_up_offer(self, uow: Repository, user: User, view: GoalDay) -> bool:
        """Seven kept days at a step of the ramp: offer the next step, once per such week.

        Marked, so that after "Hold" (or no answer) the offer comes back a week later, not on
        every win in between.
        """
        level = view.target.level
        kept = _kept_at_step(view)
        if (
            level is None
            or kept is None
            or not ramp_rules.ready_to_step_up(kept, days_needed=self._step_days)
        ):
            return False
        week = kept // ramp_rules.STEP_UP_DAYS_MIN
        return await self._mark(
            uow, user, view.goal, CoachEventKind.STEP_UP_OFFERED, f"{level.level_id}:{week}"
        )

    async def _scale_up_offer(self, uow: Repository, user: User, view: GoalDay) -> Measure | None:
        """The 30-day system: after 21–28 steady days at full size, offer 10–15% more, once."""
        goal, summary = view.goal, view.summary
        if view.target.ramp is not None or goal.daily_measure is None:
            return None
        if not ramp_rules.thirty_day_offer(summary.current):
            return None
        if not await self._mark(
            uow, user, goal, CoachEventKind.SCALE_UP_OFFERED, str(_run_start(view))
        ):
            return None
        return ramp_rules.scaled_up(goal.daily_measure)


def _goal_day(
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
        goal, day, target_on(goal, levels, day), days.get(day), state, states, summary, checkpoint
    )


@dataclass(frozen=True)
class _Recent:
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

    @classmethod
    async def load(
        cls,
        repository: Repository,
        user: User,
        goal: Goal,
        state: StreakState | None,
        today: date,
    ) -> _Recent:
        """Read the goal's last days (two statements), going on from ``state`` if it serves."""
        start = goal.start_date or today
        horizon = today - timedelta(days=WINDOW_DAYS)
        if state is None or (state.judged_through is not None and state.judged_through > horizon):
            # No checkpoint (new, dropped after a change to the past, or from before there were
            # checkpoints), or one too recent for the window (the user's zone moved west):
            # fold the whole log once; the next write keeps the result.
            state, since = StreakState(), None
        else:
            since = first_unjudged(state, start)
            if start <= today:
                since = min(since, records_needed_from(goal, state, today))
        levels = await repository.list_target_levels(user.user_id, goal.goal_id)
        entries = await repository.list_entries(user.user_id, goal.goal_id, since, today)
        return cls(goal, state, tuple(entries), tuple(levels))

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
        key = (day, until)
        if key not in views:
            views[key] = _goal_day(self.goal, day, self.state, self.days(until), self.levels)
        return views[key]

    def with_entry(self, entry: DailyEntry) -> _Recent:
        """The same, with an entry just appended (the log is ordered by date, then by append)."""
        entries = sorted([*self.entries, entry], key=lambda e: e.local_date)
        grown = replace(self, entries=tuple(entries))  # a new object: no views judged yet
        # The newest entry of its day: folding it onto the fold so far is the whole fold.
        grown.__dict__["_folded"] = fold_more(self._folded, entry)
        return grown

    def ladder(self, today: date, review_weekday: int) -> LadderProgress:
        """Progress at every level of the ladder (the goal has started), in the user's week."""
        return ladder_progress(
            self.goal,
            self.days(),
            today,
            checkpoint=self.state,
            levels=self.levels,
            review_weekday=review_weekday,
            judged=self.view(today).states,  # today's view judges the same days the same way
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


def _cheer(
    user: User,
    recent: _Recent,
    *,
    before: GoalDay,
    after: GoalDay,
    day: date,
    progress: LadderProgress | None,
    top_up: bool,
) -> Cheer:
    """The cheer for a new Done, from what the user did (the log's recent days)."""
    days = recent.days()
    target = after.target.measure
    record = best_day(days, day)
    week = progress.week if progress is not None else None
    outcome = progress.outcome if progress is not None else None
    summary = after.summary
    facts = WinFacts(
        streak=summary.current,
        best_before=before.summary.best,
        votes=summary.votes,
        strength=round(summary.strength * 100),
        run_start=run_start(after.day, summary.current),
        day_amount=day_amount(days.get(day)),
        unit=target.unit if target is not None else None,
        best_day=day_amount(record),
        best_day_on=record.day if record is not None else None,
        week_done=week.done if week is not None else None,
        week_target=week.target if week is not None else None,
        total=outcome.done if outcome is not None else None,
    )
    return choose_cheer(user.user_id, recent.goal.goal_id, day, facts, top_up=top_up)


def _in_target_unit(quantity: Measure | None, target: Measure | None) -> Measure | None:
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


def _skip_allowed(view: GoalDay, day: date) -> bool:
    """A rest day is allowed once per ISO week (a second one would hide a lapse)."""
    monday = day - timedelta(days=day.weekday())
    skips = [d for d, state in view.states.items() if monday <= d < day and state is DayState.SKIP]
    return not skips


def _run_start(view: GoalDay) -> date:
    """The first day of the current streak (a key for "celebrate once per run")."""
    return view.day - timedelta(days=max(view.summary.current - 1, 0))


def _kept_at_step(view: GoalDay) -> int | None:
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
