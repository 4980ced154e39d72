"""Use cases of the daily loop: log a win, see today, the chain and the progress.

A user's "day" is their local date, with a small day boundary: a win logged before 02:00 counts
for the day before (a late-evening session belongs to the evening it started). Yesterday can be
logged until midday. Every entry records the target in force that day, so that a comeback at the
minimum or a later scale-up never rewrites the past.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from bot.clock import Clock
from bot.coach import comeback as ramp_rules
from bot.coach import identity as identity_rules
from bot.coach.celebrations import Period, TargetReached, any_target_met, targets_reached
from bot.coach.models import (
    CoachEventKind,
    DailyEntry,
    EntryStatus,
    Goal,
    GoalStatus,
    Measure,
    NewEntry,
    StreakState,
    User,
)
from bot.coach.progress.ladder import LadderProgress
from bot.coach.progress.pace import DailyTotals, OnTrack, daily_totals
from bot.coach.streaks.log import fold_days, outranked
from bot.coach.streaks.summary import milestone_crossed, strength_series
from bot.coach.win_matching import GoalRef, match_goals
from bot.coach.wins import WinKind, WinProblem, WinText, read_win
from bot.services.days import local_now, user_day
from bot.services.goal_day import (
    GoalDay,
    RecentLog,
    Target,
    cheer_for,
    goal_day_from,
    in_target_unit,
    kept_at_step,
    run_start_of,
    skip_allowed,
    target_on,
)
from bot.services.goal_days import active_goal_days
from bot.services.habit_results import Ambiguous, Logged, RefusalReason, Refused, Undone
from bot.services.partner_news import COMMITTED, PartnerNews
from bot.services.unit_of_work import unit_of_work
from storage.base import Repository

YESTERDAY_UNTIL = time(12, 0)
"""Yesterday can still be logged until midday."""

DUPLICATE_WINDOW = timedelta(seconds=10)
"""The same quantity logged twice this quickly is one message sent twice, not two wins."""

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
        found = await active_goal_days(self._repository, [(user, self.day(user))])
        return found[user.user_id]

    async def goal_day(self, user: User, goal: Goal, day: date | None = None) -> GoalDay:
        """One goal on one day (default: today) from its whole log (for the full calendar)."""
        day = day or self.day(user)
        async with self._repository.transaction(write=False) as uow:
            entries = await uow.list_entries(user.user_id, goal.goal_id, None, day)
            levels = await uow.list_target_levels(user.user_id, goal.goal_id)
        return goal_day_from(goal, day, StreakState(), fold_days(entries), levels)

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
            recent = await RecentLog.load(uow, user, found[0] if found else goal, state, day)
        view = recent.view(day)
        if not view.started or recent.goal.start_date is None:
            return view, None, None
        return view, recent.ladder(day, user.review_weekday), recent.pace(day)

    async def ladder_on(self, view: GoalDay, user: User, day: date) -> LadderProgress | None:
        """The ladder as it stood at the end of a past day (a month's review), else ``None``.

        ``None`` before the plan's start. Reads the log up to that day; the goal and its target
        history are the view's, as the caller's unit of work read them (not read again).
        """
        goal = view.goal
        if goal.start_date is None or day < goal.start_date:
            return None
        if (
            view.log is not None
            and (found := view.log.ladder_at(day, user.review_weekday)) is not None
        ):
            return found  # the view's own checkpoint and days serve that day: nothing to read
        async with self._repository.transaction(write=False) as uow:
            # The checkpoint trails today, not that day: fold that day's log from the start.
            recent = await RecentLog.load(uow, user, goal, None, day, levels=view.levels)
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
            recent = await RecentLog.load(uow, user, found[0] if found else goal, state, today)
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
        recent = await RecentLog.load(uow, user, goal, state, today)
        before = recent.view(day, until=day)
        same_day = [e for e in recent.entries if e.local_date == day]
        # The minimum or a rest day on a day already done: it stays done, nothing to write.
        covered = outranked(fold_days(same_day).get(day), status)
        if status is EntryStatus.SKIP and not covered and not skip_allowed(before, day):
            raise Refused(RefusalReason.SKIP_LIMIT, goal, day)
        amount = in_target_unit(quantity, before.target.measure)
        typed = quantity if quantity is not None and quantity.unit and amount is None else None
        if status is EntryStatus.MVA and amount is None:
            amount = in_target_unit(goal.mva_measure, before.target.measure)
        duplicate = covered or self._is_duplicate(same_day, status, amount)
        # Said only when the day changes: "already counted" needs no note about the unit.
        unconverted = None if duplicate else typed
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
            uow,
            user,
            goal,
            CoachEventKind.MILESTONE_CELEBRATED,
            f"{milestone}:{run_start_of(after)}",
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
            back_after=0 if duplicate else before.summary.missed_in_a_row,
            cheer=cheer_for(
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
            if entries[-1].status is EntryStatus.PAUSED:
                # The break wrote it, not the user: taking it back would turn the day into a miss.
                raise Refused(RefusalReason.ON_BREAK, goal, day)
            # Drops the checkpoint itself if it had judged that day.
            await uow.undo_entry(user.user_id, entries[-1].entry_id, self._clock())
            after = await uow.get_goal_and_state(user.user_id, goal.goal_id)
            recent = await RecentLog.load(uow, user, goal, after[1] if after else None, today)
        return Undone(recent.view(today), day)

    async def log_text(self, user: User, text: str) -> TextResult | None:
        """Read a typed win ("wrote 400 words", "did it yesterday") and log it.

        Returns:
            What happened, or ``None`` when the message is not about a win at all.
        """
        win = read_win(text, user.reads)
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
        matched = [by_id[goal_id] for goal_id in match_goals(win, refs, user.reads)]
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
        kinds[Period.OUTCOME] = CoachEventKind.OUTCOME_REACHED
        span = (
            (goal.start_date, goal.outcome_due)
            if goal.start_date is not None and goal.outcome_due is not None
            else None
        )
        return tuple(
            [
                level
                for level in targets_reached(before, after, span)
                if await self._mark(uow, user, goal, kinds[level.period], level.start.isoformat())
            ]
        )

    async def _step_up_offer(self, uow: Repository, user: User, view: GoalDay) -> bool:
        """Seven kept days at a step of the ramp: offer the next step, once per such week.

        Marked, so that after "Hold" (or no answer) the offer comes back a week later, not on
        every win in between.
        """
        level = view.target.level
        kept = kept_at_step(view)
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
            uow, user, goal, CoachEventKind.SCALE_UP_OFFERED, str(run_start_of(view))
        ):
            return None
        return ramp_rules.scaled_up(goal.daily_measure)
