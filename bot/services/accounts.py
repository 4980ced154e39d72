"""Use cases for who the user is and where and when they live: onboarding and settings."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import date, datetime, time
from enum import Enum
from zoneinfo import ZoneInfo

from tzfpy import get_tz

from bot.clock import Clock
from bot.coach.clock_time import (
    ClockTimeProblem,
    ClockTimeRejected,
    is_night,
    parse_clock_time,
)
from bot.coach.dates import DateProblem, parse_date
from bot.coach.languages import is_language
from bot.coach.models import (
    PartnerInvite,
    StoreCounts,
    TargetLevel,
    User,
    UserProfile,
    UserStatus,
)
from bot.coach.place_names import name_as_typed
from bot.coach.timezones import (
    ZoneChoices,
    ZoneFound,
    ZoneProblem,
    ZoneRejected,
    parse_timezone_answer,
)
from bot.coach.zones import is_known_zone, zone_label
from bot.services.partner_news import PICKED, PartnerNews
from bot.services.questions import Asked, Question, Questions
from bot.services.scheduling import SchedulerService
from bot.services.unit_of_work import unit_of_work
from storage.base import NotFoundError, Repository

MAX_LATITUDE = 90.0
MAX_LONGITUDE = 180.0


@dataclass(frozen=True, slots=True)
class ZoneSaved:
    """The user's time zone was stored."""

    user: User
    label: str
    local_now: datetime


@dataclass(frozen=True, slots=True)
class NudgeSaved:
    """The user's morning nudge time was stored."""

    user: User


TimezoneAnswer = ZoneSaved | ZoneChoices | ZoneRejected
NudgeAnswer = NudgeSaved | ClockTimeRejected


class LastSeen:
    """When users were last seen, kept in memory until the next flush.

    Being seen is not worth a write transaction per message: the times wait here and go to the
    database in one batch (``Repository.touch_users``) every half minute and at shutdown. A
    crash loses at most that half minute of "last seen", which only the day-granular silence
    rules read; and they read it through :meth:`latest`, so a user who wrote a moment ago is
    seen by this process before the flush too.
    """

    def __init__(self) -> None:
        """Start with nothing to flush."""
        self._pending: dict[int, datetime] = {}

    def __len__(self) -> int:
        """How many users wait to be flushed."""
        return len(self._pending)

    def note(self, user_id: int, at: datetime) -> None:
        """Remember that the user was seen at ``at`` (the latest time wins)."""
        known = self._pending.get(user_id)
        if known is None or at > known:
            self._pending[user_id] = at

    def latest(self, user_id: int, stored: datetime | None) -> datetime | None:
        """The later of the stored "last seen" and the one waiting here."""
        waiting = self._pending.get(user_id)
        if waiting is None or (stored is not None and stored >= waiting):
            return stored
        return waiting

    def take(self) -> dict[int, datetime]:
        """Everything noted so far; the buffer starts empty again."""
        pending, self._pending = self._pending, {}
        return pending

    def restore(self, seen: Mapping[int, datetime]) -> None:
        """Put back times whose flush failed, so that the next flush tries them again."""
        for user_id, at in seen.items():
            self.note(user_id, at)


class AccountService:
    """Onboarding (/start) and the user's settings (time zone, nudge time)."""

    def __init__(
        self,
        repository: Repository,
        clock: Clock,
        scheduler: SchedulerService | None = None,
        last_seen: LastSeen | None = None,
        *,
        partners: PartnerNews | None = None,
    ) -> None:
        """Create the service.

        Args:
            repository: Where users are stored.
            clock: The injected clock (aware UTC).
            scheduler: Told when a time zone or nudge time changes, to reschedule at once.
            last_seen: The buffer of "last seen" times; a fresh one when not given.
            partners: Tells partners of a fresh start picked, and of an erasure.
        """
        self._repository = repository
        self._clock = clock
        self._questions = Questions(repository, clock)
        self._scheduler = scheduler
        self._last_seen = last_seen if last_seen is not None else LastSeen()
        self._partners = partners

    async def arrive(self, profile: UserProfile) -> tuple[User, bool]:
        """Who wrote: load the user once per update, writing only what changed.

        Reads the user without a write lock. The profile is written (``upsert_user``) only for a
        new user, a changed chat id, first name or language, or a blocked user writing again
        (they unblocked the bot). Otherwise "seen now" waits in the buffer for
        :meth:`flush_seen`: the update's one write transaction is left to the use case.

        Args:
            profile: The sender as Telegram describes them in this update.

        Returns:
            The user (``last_seen_at`` is now) and whether they were created by this call.
        """
        now = self._clock()
        stored = await self._repository.get_user(profile.user_id)
        if stored is None or _profile_changed(stored, profile):
            return await self._repository.upsert_user(profile, now)
        self._last_seen.note(profile.user_id, now)
        return replace(stored, last_seen_at=now), False

    async def flush_seen(self) -> int:
        """Store the buffered "last seen" times in one repository call.

        Returns:
            How many users were flushed.

        Raises:
            StorageError: The write failed; the times stay buffered for the next flush.
        """
        pending = self._last_seen.take()
        if not pending:
            return 0
        try:
            await self._repository.touch_users(pending)
        except BaseException:
            self._last_seen.restore(pending)
            raise
        return len(pending)

    async def seen(self, profile: UserProfile) -> tuple[User, bool]:
        """Record at once that the user wrote to us; creates them on first contact.

        Updates go through :meth:`arrive`, which writes only when it must; this writes
        every time (tools and tests that need the database to show the user as seen now).

        Returns:
            The user and whether they are new.
        """
        return await self._repository.upsert_user(profile, self._clock())

    async def start(self, profile: UserProfile) -> tuple[User, bool]:
        """Begin or resume onboarding for whoever wrote; see :meth:`resume_setup`.

        Returns:
            The user (with ``dialog`` set to the question to ask, if any) and whether they are new.
        """
        user, is_new = await self.arrive(profile)
        return await self.resume_setup(user), is_new

    async def resume_setup(self, user: User) -> User:
        """Begin or resume onboarding (/start); never wipes anything already stored.

        A user who is not fully set up is put on the next unanswered question. A user who is
        already set up keeps everything; any half-finished settings question is dropped.

        Args:
            user: The user as loaded for this update.

        Returns:
            The user with ``dialog`` set to the question to ask, if any.
        """
        step = _next_onboarding_step(user)
        await self._questions.move(user.user_id, step, now_on=user.dialog)
        return replace(user, dialog=step.encode() if step else None)

    async def get(self, user_id: int) -> User | None:
        """The stored user, if any."""
        return await self._repository.get_user(user_id)

    @unit_of_work
    async def answer_timezone(self, user_id: int, text: str) -> TimezoneAnswer:
        """Interpret a typed answer to "where are you?" and store it if it is clear."""
        found = parse_timezone_answer(text, self._clock())
        if isinstance(found, ZoneFound):
            # A city named in its own script is said back as written ("Санкт-Петербург").
            label = name_as_typed(text, found.label)
            return await self._save_zone(user_id, found.zone, label)
        return found

    @unit_of_work
    async def choose_timezone(self, user_id: int, zone: str) -> ZoneSaved | ZoneRejected:
        """Store a zone picked from the offered buttons."""
        if not is_known_zone(zone):
            return ZoneRejected(ZoneProblem.UNKNOWN)
        return await self._save_zone(user_id, zone, zone_label(zone))

    @unit_of_work
    async def timezone_from_location(
        self, user_id: int, latitude: float, longitude: float
    ) -> ZoneSaved | ZoneRejected:
        """Store the time zone of a shared location."""
        zone = self.zone_at(latitude, longitude)
        if isinstance(zone, ZoneRejected):
            return zone
        return await self._save_zone(user_id, zone, zone_label(zone))

    def zone_at(self, latitude: float, longitude: float) -> str | ZoneRejected:
        """The time zone of a place (nothing stored)."""
        if not (abs(latitude) <= MAX_LATITUDE and abs(longitude) <= MAX_LONGITUDE):
            return ZoneRejected(ZoneProblem.UNKNOWN)
        zone = get_tz(longitude, latitude)
        if not zone or not is_known_zone(zone):
            return ZoneRejected(ZoneProblem.UNKNOWN)
        return zone

    def now_in(self, zone: str) -> datetime:
        """The present instant in ``zone``."""
        return self._clock().astimezone(ZoneInfo(zone))

    @unit_of_work
    async def answer_nudge_time(self, user_id: int, text: str) -> NudgeAnswer:
        """Interpret a typed morning nudge time and store it if valid."""
        user = await self._require(user_id)
        parsed = parse_clock_time(text, user.language)
        if isinstance(parsed, ClockTimeRejected):
            return parsed
        if is_night(parsed):
            return ClockTimeRejected(ClockTimeProblem.NIGHT)
        return await self.choose_nudge_time(user_id, parsed)

    @unit_of_work
    async def choose_nudge_time(self, user_id: int, value: time) -> NudgeSaved:
        """Store the morning nudge time and move on from the question."""
        user = await self._require(user_id)
        changed = replace(user, nudge_time=value.replace(second=0, microsecond=0))
        changed = replace(changed, dialog=_after_answer(changed, Question.SETTINGS_NUDGE))
        saved = await self._save(changed)
        await self._reschedule(saved)
        return NudgeSaved(saved)

    @unit_of_work
    async def toggle_evening(self, user_id: int) -> User:
        """Switch the evening streak reminder on or off."""
        user = await self._require(user_id)
        saved = await self._save(replace(user, evening_enabled=not user.evening_enabled))
        await self._reschedule(saved)
        return saved

    @unit_of_work
    async def set_review_day(self, user_id: int, weekday: int) -> User:
        """Move the weekly review to another weekday (0 is Monday)."""
        user = await self._require(user_id)
        saved = await self._save(replace(user, review_weekday=weekday, dialog=None))
        await self._reschedule(saved)
        return saved

    @unit_of_work
    async def set_language(self, user_id: int, language: str) -> User:
        """Speak to the user in ``language`` from now on (/settings).

        Raises:
            ValueError: ``language`` is not one the coach speaks (``bot/coach/languages.py``).
        """
        if not is_language(language):
            raise ValueError(f"not a language the coach speaks: {language!r}")
        user = await self._require(user_id)
        return await self._save(replace(user, language=language))

    @unit_of_work
    async def answer_birthday(self, user_id: int, text: str, today: date) -> User | DateProblem:
        """Store a typed birthday (a fresh-start landmark); only its day and month matter."""
        user = await self._require(user_id)
        parsed = parse_date(text, today, allow_past=True, language=user.language)
        if isinstance(parsed, DateProblem):
            return parsed
        saved = await self._save(replace(user, birthday=parsed, dialog=None))
        await self._reschedule(saved)
        return saved

    @unit_of_work
    async def set_fresh_start(self, user_id: int, day: date) -> User:
        """Pick a fresh-start date (/freshstart): announced the eve before, asked that morning."""
        user = await self._require(user_id)
        saved = await self._save(replace(user, fresh_start_on=day, dialog=None))
        await self._reschedule(saved)
        if self._partners is not None and day != user.fresh_start_on:
            await self._partners.restart(saved, day, PICKED)
        return saved

    async def export(self, user_id: int) -> dict[str, object]:
        """Everything stored about the user, as JSON-ready data (/export).

        Read goal by goal, letting other users' updates in between; turned into JSON-ready
        data off the event loop (tens of thousands of logged days take a CPU-second).
        """
        user = await self._require(user_id)
        goals = []
        for goal in await self._repository.list_goals(user_id):
            milestones = await self._repository.list_milestones(user_id, goal.goal_id)
            log = await self._repository.list_entries(user_id, goal.goal_id, include_undone=True)
            levels = await self._repository.list_target_levels(user_id, goal.goal_id)
            goals.append(
                {"goal": goal, "milestones": milestones, "log": log, "target_levels": levels}
            )
            await asyncio.sleep(0)  # SQLite reads run on the loop: the others' turn
        everything = {
            "exported_at": self._clock(),
            "user": user,
            "goals": goals,
            "partners": await self._partners_export(user_id),
        }
        plain = await asyncio.to_thread(_plain_fields, everything)
        profile = plain["user"]
        if user.birthday is not None and isinstance(profile, dict):
            # Only its day and month are the user's (the year is whatever the parser chose):
            # ISO 8601's date without a year, never a birth date in the future.
            profile["birthday"] = _day_and_month(user.birthday)
        return plain

    async def _partners_export(self, user_id: int) -> dict[str, object]:
        """The user's partnerships on both sides, their switches and their invites.

        Other people appear by first name only; an invite's code is left out (the link it
        made may still be somewhere, and the export file may be shared).
        """
        now = self._clock()
        return {
            "sharing": await self._repository.get_sharing(user_id),
            "my_partners": [
                {"name": p.partner_name, "since": p.created_at}
                for p in await self._repository.list_partners(user_id)
            ],
            "i_support": [
                {"name": p.user_name, "since": p.created_at}
                for p in await self._repository.list_supported(user_id)
            ],
            "invites": [
                {
                    "created_at": invite.created_at,
                    "expires_at": invite.expires_at,
                    "status": _invite_status(invite, now),
                }
                for invite in await self._repository.list_invites(user_id)
            ],
        }

    async def counts(self) -> StoreCounts:
        """Users, goals and the outbox by status, for the people who run the bot (/stats)."""
        return await self._repository.counts()

    @unit_of_work
    async def erase(self, user_id: int) -> None:
        """Erase the user and everything they own (/delete). Nothing can be recovered.

        Their partnerships end on both sides; the other side hears it once.
        """
        if self._partners is not None:
            await self._partners.farewell(user_id)
        await self._repository.delete_user(user_id)

    async def _save_zone(self, user_id: int, zone: str, label: str) -> ZoneSaved:
        user = await self._require(user_id)
        changed = replace(user, timezone=zone)
        changed = replace(changed, dialog=_after_answer(changed, Question.SETTINGS_TIMEZONE))
        saved = await self._save(changed)
        await self._reschedule(saved)
        return ZoneSaved(saved, label, self.now_in(zone))

    async def _reschedule(self, user: User) -> None:
        if self._scheduler is not None and user.is_onboarded:
            await self._scheduler.reschedule(user)

    async def _require(self, user_id: int) -> User:
        user = await self._repository.get_user(user_id)
        if user is None:
            raise NotFoundError(f"user {user_id}")
        return user

    async def _save(self, user: User) -> User:
        return await self._repository.save_user(replace(user, updated_at=self._clock()))


def _invite_status(invite: PartnerInvite, now: datetime) -> str:
    if invite.used_at is not None:
        return "accepted"
    if invite.revoked_at is not None:
        return "revoked"
    return "expired" if now >= invite.expires_at else "open"


def _plain_fields(value: Mapping[str, object]) -> dict[str, object]:
    """A mapping of dataclass trees as JSON-ready data (see :func:`_plain`)."""
    return {key: _plain(item) for key, item in value.items()}


_EXPORT_ORDER: dict[type, tuple[str, ...]] = {
    TargetLevel: (
        "level_id",
        "goal_id",
        "user_id",
        "effective_from",
        "kind",
        "text",
        "created_at",
    ),
    User: (
        "user_id",
        "chat_id",
        "first_name",
        "created_at",
        "updated_at",
        "language_code",
        "language",
        "timezone",
        "nudge_time",
        "evening_enabled",
        "evening_time",
        "quiet_start",
        "quiet_end",
        "review_weekday",
        "review_time",
    ),
}
"""The keys an exported model starts with, where its declaration orders them otherwise: a
stored level declares its level's fields first (it is a ``NewTargetLevel`` plus its id and
time), a user its schedule times (``ScheduleTimes``), and the file has always put them in
this order. Fields not named follow in their declared order."""


def _day_and_month(day: date) -> str:
    """``--MM-DD``: a yearly date as ISO 8601 writes it without a year."""
    return f"--{day:%m-%d}"


def _plain(value: object) -> object:
    """A dataclass tree as JSON-ready data: dates, times and enums as text."""
    if is_dataclass(value) and not isinstance(value, type):
        first = _EXPORT_ORDER.get(type(value), ())
        names = [*first, *(item.name for item in fields(value) if item.name not in first)]
        return {name: _plain(getattr(value, name)) for name in names}
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _profile_changed(stored: User, profile: UserProfile) -> bool:
    """Whether the stored user must be rewritten from the profile (``AccountService.arrive``)."""
    return (
        stored.chat_id != profile.chat_id
        or stored.first_name != profile.first_name
        or stored.language_code != profile.language_code
        or stored.status is UserStatus.BLOCKED
    )


def _next_onboarding_step(user: User) -> Asked | None:
    if user.timezone is None:
        return Asked(Question.ONBOARDING_TIMEZONE)
    if user.nudge_time is None:
        return Asked(Question.ONBOARDING_NUDGE)
    return None


def _after_answer(user: User, answered: Question) -> str | None:
    """The step after an answer: onboarding continues; the settings question answered is done.

    Any other open question stays open: an old button pressed (e.g. a nudge time while the time
    zone question is open) answers only itself.
    """
    current = Question.parse(user.dialog)
    if (
        current in (Question.ONBOARDING_TIMEZONE, Question.ONBOARDING_NUDGE)
        or not user.is_onboarded
    ):
        step = _next_onboarding_step(user)
        return step.encode() if step else None
    if current == answered:
        return None
    return user.dialog


__all__ = [
    "AccountService",
    "ClockTimeProblem",
    "LastSeen",
    "NudgeAnswer",
    "NudgeSaved",
    "TimezoneAnswer",
    "ZoneSaved",
]
