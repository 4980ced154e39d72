"""The partner's pure rules: which invites work, and when a partner is written to."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.coach.models import PartnerInvite
from bot.coach.partners import (
    InviteProblem,
    LocalTime,
    PartnerKind,
    clean_note,
    held_until,
    invite_problem,
    looks_like_invite,
    parse_partner_kind,
    partner_kind,
    restart_moment,
)

BERLIN = ZoneInfo("Europe/Berlin")
T0 = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def berlin(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), BERLIN).astimezone(UTC)


BASE = PartnerInvite(1, user_id=1, code="p-x", created_at=T0, expires_at=T0 + timedelta(days=7))


def invite(**changes: datetime | int) -> PartnerInvite:
    return replace(BASE, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("found", "friend", "now", "problem"),
    [
        (None, 2, T0, InviteProblem.UNKNOWN),
        (invite(), 1, T0, InviteProblem.OWN),
        (invite(used_at=T0, used_by=3), 2, T0, InviteProblem.USED),
        (invite(used_at=T0, used_by=2), 2, T0, InviteProblem.USED),  # the partnership ended
        (invite(revoked_at=T0), 2, T0, InviteProblem.REVOKED),
        (invite(), 2, T0 + timedelta(days=7), InviteProblem.EXPIRED),
        (invite(), 2, T0 + timedelta(days=7) - timedelta(seconds=1), None),
    ],
)
def test_which_invites_work(
    found: PartnerInvite | None, friend: int, now: datetime, problem: InviteProblem | None
) -> None:
    assert invite_problem(found, friend, now) == problem


@pytest.mark.parametrize(
    ("found", "partnered", "partners", "problem"),
    [
        (invite(used_at=T0, used_by=2), True, 1, InviteProblem.ALREADY),
        (invite(), True, 1, InviteProblem.ALREADY),  # a new link of someone they support
        (invite(), False, 3, InviteProblem.FULL),
        (invite(used_at=T0, used_by=3), False, 3, InviteProblem.FULL),  # no new one to ask for
        (invite(used_at=T0, used_by=3), False, 2, InviteProblem.USED),
        (invite(), False, 2, None),
    ],
)
def test_a_partnership_now_and_a_full_inviter_decide_over_the_link(
    found: PartnerInvite, partnered: bool, partners: int, problem: InviteProblem | None
) -> None:
    assert invite_problem(found, 2, T0, partnered=partnered, partners=partners) == problem


def test_an_invite_code_looks_like_one_and_nothing_else_does() -> None:
    assert looks_like_invite("p-" + "a" * 22)
    assert not looks_like_invite("p-" + "a" * 21)
    assert not looks_like_invite("p-" + "a" * 21 + "!")
    assert not looks_like_invite("x-" + "a" * 22)


def test_a_partner_kind_names_its_subject_and_reads_back() -> None:
    kind = partner_kind(PartnerKind.DIGEST, "1001")

    assert kind == "partner_digest:1001"
    assert parse_partner_kind(kind) == (PartnerKind.DIGEST, "1001")
    assert parse_partner_kind("morning_nudge") is None
    assert parse_partner_kind("nudge:1") is None


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ((21, 59), (21, 59)),  # before the quiet hours: at once
        ((22, 0), (7, 0)),  # in them: at their end, the next morning
        ((3, 0), (7, 0)),  # after midnight: that morning
        ((7, 0), (7, 0)),
    ],
)
def test_news_waits_out_the_quiet_hours(at: tuple[int, int], expected: tuple[int, int]) -> None:
    day = date(2026, 11, 22)
    now = berlin(day, *at)
    morning = day + timedelta(days=1) if at[0] >= 22 else day

    assert LocalTime("Europe/Berlin").out_of_quiet(now) == berlin(morning, *expected)


def test_a_restart_is_heard_the_evening_before_or_at_once_when_that_passed() -> None:
    local = LocalTime("Europe/Berlin")
    wednesday = date(2026, 11, 25)

    early = restart_moment(wednesday, berlin(date(2026, 11, 23), 10, 0), local)
    late = restart_moment(wednesday, berlin(date(2026, 11, 24), 20, 30), local)
    night = restart_moment(wednesday, berlin(date(2026, 11, 24), 23, 0), local)
    over = restart_moment(wednesday, berlin(date(2026, 11, 26), 9, 0), local)

    assert early == berlin(date(2026, 11, 24), 19, 0)  # an hour before the evening time
    assert late == berlin(date(2026, 11, 24), 20, 30)
    assert night == berlin(wednesday, 7, 0)  # after the quiet hours, on the day itself
    assert over is None


@pytest.mark.parametrize(
    ("due", "now", "held"),
    [
        ((22, 21, 50), (22, 21, 59), None),  # late, but before the quiet hours
        ((22, 21, 50), (22, 23, 0), (23, 7, 0)),  # caught up at night: waits for the morning
        ((22, 21, 50), (23, 3, 0), (23, 7, 0)),
        ((22, 21, 50), (23, 7, 0), None),
        ((23, 6, 30), (23, 6, 30), None),  # meant for that early morning (the nudge at 6:30)
        ((23, 6, 30), (23, 6, 50), None),
        ((23, 6, 30), (23, 22, 30), (24, 7, 0)),  # but not for the next night
    ],
)
def test_a_message_caught_up_at_night_waits_for_the_morning(
    due: tuple[int, int, int], now: tuple[int, int, int], held: tuple[int, int, int] | None
) -> None:
    def at(day: int, hour: int, minute: int) -> datetime:
        return berlin(date(2026, 11, day), hour, minute)

    expected = at(*held) if held is not None else None
    assert held_until(LocalTime("Europe/Berlin"), at(*due), at(*now)) == expected


def test_an_evening_time_just_after_midnight_keeps_its_eve_on_the_day_before() -> None:
    local = LocalTime("Europe/Berlin", evening_time=time(0, 30))

    assert local.eve(date(2026, 11, 25)) == berlin(date(2026, 11, 23), 23, 30)


def test_a_note_is_one_line() -> None:
    assert clean_note("  Well done!\n\nKeep   going ") == "Well done! Keep going"
