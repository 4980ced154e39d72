"""Domain models shared by the coaching rules, the services and the storage layer.

All datetimes are timezone-aware UTC. Local dates (a user's "day") are plain ``date`` values
computed by the services from the user's IANA time zone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum

from bot.coach.languages import language_for


class UserStatus(StrEnum):
    """Whether the bot may message a user."""

    ACTIVE = "active"
    BLOCKED = "blocked"  # Telegram said 403: stop messaging until the user writes again.
    DELETED = "deleted"


class GoalStatus(StrEnum):
    """Lifecycle of a goal."""

    DRAFT = "draft"  # being planned; not yet shown in /today
    ACTIVE = "active"
    PAUSED = "paused"
    ARCHIVED = "archived"


class EntryStatus(StrEnum):
    """What happened to a goal's daily action on one local date."""

    DONE = "done"
    MVA = "mva"  # the minimum viable action: counts as a kept day
    SKIP = "skip"  # planned rest day
    PAUSED = "paused"  # holiday mode
    MISSED = "missed"


class DeliveryStatus(StrEnum):
    """Outcome of a scheduled message in the outbox."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"
    UNCERTAIN = "uncertain"  # may have reached the user (the answer was lost): never resent


DEFAULT_EVENING_TIME = time(20, 0)
DEFAULT_QUIET_START = time(22, 0)
DEFAULT_QUIET_END = time(7, 0)
DEFAULT_REVIEW_WEEKDAY = 6  # Sunday (date.weekday())
DEFAULT_REVIEW_TIME = time(18, 0)
MAX_ACTIVE_GOALS = 5
"""Focus beats breadth: more active goals than this are refused, kindly."""


@dataclass(frozen=True, slots=True)
class UserProfile:
    """Who a Telegram user is, as given by Telegram on each update."""

    user_id: int
    chat_id: int
    first_name: str = ""
    language_code: str | None = None

    @property
    def language(self) -> str:
        """The coach's language for a user who first writes with this profile."""
        return language_for(self.language_code)


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleTimes:
    """A person's choices of when to hear from the bot, declared once for all who hold them.

    A stored :class:`User`, the scheduler's ``ScheduleSettings`` and a ``Cohort`` of users who
    chose alike are each built on these fields, always passed by name.

    Attributes:
        nudge_time: Local wall-clock time of the morning nudge; ``None`` until chosen.
        evening_enabled: Whether the evening streak reminder is on.
        evening_time: Local time of the evening reminder.
        quiet_start: Start of the quiet hours (local).
        quiet_end: End of the quiet hours (local); equal to ``quiet_start``: no quiet hours.
        review_weekday: Day of the weekly review, as ``date.weekday()`` (0 is Monday).
        review_time: Local time of the weekly review.
    """

    nudge_time: time | None = None
    evening_enabled: bool = True
    evening_time: time = DEFAULT_EVENING_TIME
    quiet_start: time = DEFAULT_QUIET_START
    quiet_end: time = DEFAULT_QUIET_END
    review_weekday: int = DEFAULT_REVIEW_WEEKDAY
    review_time: time = DEFAULT_REVIEW_TIME


@dataclass(frozen=True, slots=True)
class User(ScheduleTimes):
    """A person using the bot and their settings (their schedule times: :class:`ScheduleTimes`).

    Attributes:
        user_id: The Telegram user id (also the primary key).
        chat_id: The private chat the bot writes to.
        timezone: IANA zone name, ``None`` until the user has told us.
        dialog: The step of a conversation the user is in (e.g. ``"onboarding.timezone"``),
            ``None`` when idle. Stored so that a restart continues where the user was.
        next_due_at: When the scheduler should next look at this user (UTC).
        language: The language the coach speaks to them (``bot/coach/languages.py``): taken
            from Telegram's ``language_code`` on first contact, then theirs to change.
    """

    user_id: int
    chat_id: int
    first_name: str
    created_at: datetime
    updated_at: datetime
    language_code: str | None = None
    language: str = "en"
    timezone: str | None = None
    birthday: date | None = None
    paused_until: date | None = None
    fresh_start_on: date | None = None
    fresh_start_prompted_on: date | None = None
    status: UserStatus = UserStatus.ACTIVE
    dialog: str | None = None
    next_due_at: datetime | None = None
    last_seen_at: datetime | None = None

    @property
    def is_onboarded(self) -> bool:
        """True once the user has a time zone and a morning nudge time."""
        return self.timezone is not None and self.nudge_time is not None

    @property
    def reads(self) -> tuple[str, ...]:
        """The languages a typed win is read in, in order: theirs, then their Telegram's.

        Someone who switched the coach to another language may still type a win in the one
        their phone speaks ("пробежала 3 км" after choosing English).
        """
        if self.language_code and language_for(self.language_code) != self.language:
            return (self.language, self.language_code)
        return (self.language,)


@dataclass(frozen=True, slots=True)
class Measure:
    """An optional number with its unit, e.g. 40,000 words or 5 km."""

    quantity: float
    unit: str


@dataclass(frozen=True, slots=True)
class Goal:
    """One goal and its five levels, vision down to the daily micro-action.

    Levels that are not planned yet are ``None``. ``priority`` orders a user's goals (1 first).
    """

    goal_id: int
    user_id: int
    status: GoalStatus
    priority: int
    created_at: datetime
    updated_at: datetime
    vision: str = ""
    outcome: str | None = None
    outcome_measure: Measure | None = None
    outcome_due: date | None = None
    monthly: str | None = None
    monthly_measure: Measure | None = None
    weekly: str | None = None
    weekly_measure: Measure | None = None
    daily: str | None = None
    daily_measure: Measure | None = None
    mva: str | None = None
    mva_measure: Measure | None = None
    identity: str | None = None
    start_date: date | None = None


@dataclass(frozen=True, slots=True)
class NewGoal:
    """What is needed to create a goal; levels are filled in by later edits."""

    user_id: int
    vision: str
    status: GoalStatus = GoalStatus.DRAFT


@dataclass(frozen=True, slots=True)
class MilestoneStep:
    """One step of a milestone."""

    step_id: int
    milestone_id: int
    title: str
    position: int
    done_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Milestone:
    """A one-off milestone of a goal, with a deadline and optional steps."""

    milestone_id: int
    goal_id: int
    user_id: int
    title: str
    position: int
    created_at: datetime
    due_date: date | None = None
    done_at: datetime | None = None
    steps: tuple[MilestoneStep, ...] = ()


@dataclass(frozen=True, slots=True)
class DailyEntry:
    """One row of the append-only log of what happened on a goal's local date.

    The latest entry for a (goal, date) that has not been undone is what counts; earlier ones stay
    for history. ``target`` is the daily target in force that day, so that scaling a habit down or
    up never rewrites the past.
    """

    entry_id: int
    goal_id: int
    user_id: int
    local_date: date
    status: EntryStatus
    recorded_at: datetime
    quantity: float | None = None
    target: Measure | None = None
    undone_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class NewEntry:
    """An entry to append to the daily log."""

    goal_id: int
    user_id: int
    local_date: date
    status: EntryStatus
    quantity: float | None = None
    target: Measure | None = None


@dataclass(frozen=True, slots=True)
class Delivery:
    """A scheduled message in the outbox, unique per (user, kind, local date).

    Attributes:
        kind: What the message is (``"morning_nudge"``, ``"evening_reminder"``, ...).
        due_at: When it should be sent (UTC).
        expires_at: After this it is stale and is recorded as skipped instead of sent.
        payload: Small JSON-serialisable data the sender needs to render the message.
        claimed_until: A sender holds it until then (``None``: nobody; see the outbox claims).
        cards_sent: Messages of it already sent (a morning nudge has one card per goal).
        first_message_id: Telegram's id of its first message, once that one is sent.
        sending: The card (0-based) whose request may have left and whose answer is not
            recorded yet; found set on a claimed row, it means the last sender died mid-send.
        about_user_id: The other person the message is about or from (see ``NewDelivery``).
    """

    delivery_id: int
    user_id: int
    kind: str
    local_date: date
    due_at: datetime
    created_at: datetime
    status: DeliveryStatus = DeliveryStatus.PENDING
    expires_at: datetime | None = None
    payload: dict[str, object] = field(default_factory=dict)
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error: str | None = None
    sent_at: datetime | None = None
    telegram_message_id: int | None = None
    claimed_until: datetime | None = None
    cards_sent: int = 0
    first_message_id: int | None = None
    sending: int | None = None
    about_user_id: int | None = None


@dataclass(frozen=True, slots=True)
class NewDelivery:
    """A message to put in the outbox.

    Attributes:
        about_user_id: The other person the message is about or from (a partner's news: the
            user it is about; a cheer: the partner it is from), so that it goes when either of
            them is erased; ``None`` for the bot's own messages.
    """

    user_id: int
    kind: str
    local_date: date
    due_at: datetime
    expires_at: datetime | None = None
    payload: dict[str, object] = field(default_factory=dict)
    about_user_id: int | None = None


class LevelKind(StrEnum):
    """Why a daily target came into force."""

    FULL = "full"  # the plan's own levels (back to full size, an edit, next week's goal)
    MVA = "mva"  # scaled down to the minimum after a lapse (/comeback)
    RAMP = "ramp"  # a step back up from the minimum toward the full target
    SCALED_UP = "scaled_up"  # the plan's action grown 10–15% after steady keeping


@dataclass(frozen=True, slots=True)
class NewTargetLevel:
    """A target to put in force from a date on; stored, it is a :class:`TargetLevel`.

    Attributes:
        step: The 1-based step on the way back up from the minimum (``None`` off the ramp).
        steps: How many steps the ramp has, the full target being the last.
        weekly: The weekly micro-goal in force with it (``bot.coach.levels``).
        monthly: The monthly milestone in force with it.
    """

    goal_id: int
    user_id: int
    effective_from: date
    kind: LevelKind
    text: str
    target: Measure | None = None
    step: int | None = None
    steps: int | None = None
    weekly: Measure | None = None
    monthly: Measure | None = None


@dataclass(frozen=True, slots=True)
class TargetLevel(NewTargetLevel):
    """The levels in force from a date on: the history of a habit's size, day, week and month.

    The plan's own levels apply until the first one; after that, the latest level whose
    ``effective_from`` is on or before a date is in force that day (``bot.coach.levels``).
    Levels in force are history and never change; one not in force yet (next week's goal)
    is withdrawn when a change made before its date replaces it.

    The level's own fields are :class:`NewTargetLevel`'s; storing it gives it the two below,
    passed by name.

    Attributes:
        level_id: Its id in storage.
        created_at: When it was put in force (or planned, for a later date).
    """

    level_id: int = field(kw_only=True)
    created_at: datetime = field(kw_only=True)


class CoachEventKind(StrEnum):
    """Moments the coach marks once, so that an offer or a celebration is never repeated."""

    COMEBACK_OFFERED = "comeback_offered"
    STEP_UP_OFFERED = "step_up_offered"
    SCALE_UP_OFFERED = "scale_up_offered"
    IDENTITY_MARKED = "identity_marked"
    IDENTITY_FORMING = "identity_forming"  # "the belief is forming", between votes 7 and 14
    WEEK_TARGET_REACHED = "week_target_reached"  # keyed by the week's first day
    MONTH_TARGET_REACHED = "month_target_reached"  # keyed by the month's first day
    OUTCOME_REACHED = "outcome_reached"  # the 12-week outcome: keyed by the plan's first day
    MILESTONE_PASSED = "milestone_passed"  # a milestone's date went by: said once per date
    MILESTONE_CELEBRATED = "milestone_celebrated"
    FRESH_START_COMMITTED = "fresh_start_committed"
    REPLAN_OFFERED = "replan_offered"  # the outcome will be missed: keyed by outcome and date
    MONTH_REVIEWED = "month_reviewed"  # the end of a plan month reviewed: keyed by its number
    CYCLE_INVITED = "cycle_invited"  # near week 12, the next cycle: keyed by the due date


@dataclass(frozen=True, slots=True)
class SchedulePlan:
    """What one scheduler tick decided for one user, applied atomically with others.

    Attributes:
        deliveries: Messages to put in the outbox (a key already taken is left alone).
        stale: Messages whose moment passed while the bot was down: recorded as skipped.
        next_due_at: When the scheduler should look at the user again (``None``: never).
    """

    user_id: int
    deliveries: tuple[NewDelivery, ...]
    stale: tuple[NewDelivery, ...]
    next_due_at: datetime | None


@dataclass(frozen=True, slots=True)
class CardMark:
    """The card of a delivery about to be sent, written on its row before the request leaves.

    Attributes:
        delivery_id: The delivery.
        card: The card about to go (0-based).
        cards_sent: How many of its cards went out before it.
        first_message_id: The first card's Telegram message id, once it went.
    """

    delivery_id: int
    card: int
    cards_sent: int
    first_message_id: int | None


@dataclass(frozen=True, slots=True)
class DeliveryOutcome:
    """How an attempt at a delivery ended, to record on its row.

    Attributes:
        delivery_id: The delivery.
        status: Its status now (PENDING: to be tried again at ``retry_at``).
        error: Why it was not sent, if it was not.
        telegram_message_id: The (first) message's id, when SENT.
        retry_at: When to try again, with PENDING.
    """

    delivery_id: int
    status: DeliveryStatus
    error: str | None = None
    telegram_message_id: int | None = None
    retry_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class StoreCounts:
    """Counts an operator looks at (/stats): users, goals and the outbox, by status."""

    users: dict[str, int]
    goals: dict[str, int]
    deliveries: dict[str, int]


@dataclass(frozen=True, slots=True)
class OutboxHealth:
    """How the outbox is keeping up, for the health check and the metrics.

    Attributes:
        backlog: Pending deliveries due by now and not waiting for a retry: what the sender
            should be sending.
        oldest_due_at: The due time of the oldest of those (``None`` when there are none).
        last_sent_at: When a delivery was last sent (``None``: never).
    """

    backlog: int
    oldest_due_at: datetime | None
    last_sent_at: datetime | None


@dataclass(frozen=True, slots=True)
class StreakState:
    """A checkpoint of the streak fold: every figure of a goal's final days, through one day.

    Plain values only, so that the storage layer can keep one per goal as columns. Build one
    with ``streaks.advance`` (or ``progress.advance_goal``, which also keeps the outcome's
    amount) and finish from it with ``streaks.summarize_from``.

    Attributes:
        judged_through: The last day folded, a past day (``None``: nothing folded yet). Days
            before the goal's start fold to nothing, so this may be before the start.
        run: The streak at the end of ``judged_through``.
        best: The longest streak so far.
        votes: Done, partial and MVA days (the identity votes).
        rest_days: Allowed skips (planned rest days).
        paused_days: Paused days (holiday mode).
        missed_days: Missed days, skips over the allowance included.
        missed_run: Consecutive missed days ending on ``judged_through``.
        last_kept: The latest kept day, or ``None``.
        strength: The strength score at the end of ``judged_through``, not yet clamped to
            0..1 (clamping is for display; going on from the clamped value would drift).
        week_skips: Skip entries (allowed or not) in the ISO week of ``judged_through``, up to
            it: the allowance already used when the fold goes on mid-week.
        amount: What the win days add up to by the ``amount_of`` they were folded with (the
            outcome's amount since the start, in its unit, for :mod:`bot.coach.progress`);
            ``None`` once a day was folded without one.
    """

    judged_through: date | None = None
    run: int = 0
    best: int = 0
    votes: int = 0
    rest_days: int = 0
    paused_days: int = 0
    missed_days: int = 0
    missed_run: int = 0
    last_kept: date | None = None
    strength: float = 0.0
    week_skips: int = 0
    amount: float | None = 0.0

    @classmethod
    def initial(cls) -> StreakState:
        """The state before any day is folded."""
        return cls()

    @property
    def kept_days(self) -> int:
        """Days kept: votes, allowed skips and paused days."""
        return self.votes + self.rest_days + self.paused_days


@dataclass(frozen=True, slots=True)
class PartnerSharing:
    """What a user's accountability partners hear; each switchable in /partner (rule 13).

    Attributes:
        weekly_digest: The week in one picture, after the user's weekly review.
        goal_names: Goal names, actions and milestone titles in what partners get (off: they
            read "Habit 1" and no plan text).
        restarts: A word the evening before a fresh start or a comeback.
        milestones: 7, 30, 66 and 100 days in a row, and a milestone ticked off.
    """

    weekly_digest: bool = True
    goal_names: bool = False
    restarts: bool = True
    milestones: bool = True


@dataclass(frozen=True, slots=True)
class Partnership:
    """One person supporting another: the partner hears about the user's progress.

    Attributes:
        partnership_id: Its id.
        user_id: The person supported.
        partner_id: The partner (a user row too: everyone who opens the bot has one).
        created_at: When the partner accepted.
        user_name: The supported person's first name, as stored now.
        partner_name: The partner's first name, as stored now.
        partner_status: Whether the bot may message the partner (BLOCKED: they blocked it).
    """

    partnership_id: int
    user_id: int
    partner_id: int
    created_at: datetime
    user_name: str = ""
    partner_name: str = ""
    partner_status: UserStatus = UserStatus.ACTIVE


@dataclass(frozen=True, slots=True)
class PartnerInvite:
    """A personal invite link's code: single-use, it expires and can be revoked.

    Attributes:
        invite_id: Its id.
        user_id: Who invites.
        code: The secret in the deep link (never logged).
        created_at: When it was made.
        expires_at: From this instant on it no longer works.
        revoked_at: When the user withdrew it, if they did.
        used_at: When a friend accepted it (it works once).
        used_by: Who accepted it (``None`` once they erased their data).
        inviter_name: The inviter's first name, as stored now.
    """

    invite_id: int
    user_id: int
    code: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    used_at: datetime | None = None
    used_by: int | None = None
    inviter_name: str = ""
