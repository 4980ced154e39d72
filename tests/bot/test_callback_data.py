"""Every button's data is declared once (``bot.views.callback_data``): its prefix is unique, it
fits Telegram's 64 bytes at its largest values, it reads back as itself, and anything forged or
malformed reads as nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

import pytest

from bot.coach.models import EntryStatus, Measure
from bot.coach.partners import Reaction, Switch
from bot.coach.plan_ladder import PlanLevel
from bot.coach.wins import WinKind, WinText
from bot.views import (
    account,
    callbacks,
    coaching_callbacks,
    goal_callbacks,
    partner_callbacks,
    plan_callbacks,
    win_callbacks,
)
from bot.views.callback_data import MAX_BYTES, CallbackData, parse_any, registered

KINDS = registered()


def test_the_grammars_of_the_views_are_registered() -> None:
    declared = {kind.__module__ for kind in KINDS}
    grammars = (
        account,
        callbacks,
        coaching_callbacks,
        goal_callbacks,
        partner_callbacks,
        plan_callbacks,
        win_callbacks,
    )
    assert {grammar.__name__ for grammar in grammars} <= declared


def test_every_prefix_is_unique() -> None:
    prefixes = [kind.prefix for kind in KINDS]
    assert len(prefixes) == len(set(prefixes))


def test_a_prefix_already_taken_is_refused_at_import() -> None:
    with pytest.raises(ValueError, match="taken"):

        @dataclass(frozen=True)
        class Again(CallbackData, prefix="rv"):
            goal_id: int


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.prefix)
def test_every_payload_fits_64_bytes_at_its_largest_values_and_reads_back(
    kind: type[CallbackData],
) -> None:
    largest = kind.largest()
    data = largest.pack()
    assert len(data.encode()) <= MAX_BYTES, data
    assert parse_any(data) == largest


@pytest.mark.parametrize(
    ("button", "data"),
    [
        (coaching_callbacks.AcceptWeekly(17, 2100, date(2026, 11, 30)), "rv:17:2100:20261130"),
        (coaching_callbacks.AcceptWeekly(17, 1250.5), "rv:17:1250.5"),
        (coaching_callbacks.ReplanDate(3, date(2027, 4, 11)), "rp:d:3:20270411"),
        (coaching_callbacks.KeepPlan(3), "rp:k:3"),
        (callbacks.TypeZone(), "tz:?"),
        (
            callbacks.PickZone("America/Argentina/ComodRivadavia"),
            "tz:America/Argentina/ComodRivadavia",
        ),
        (callbacks.PickNudgeTime(time(7, 30)), "nt:0730"),
        (callbacks.TypeNudgeTime(), "nt:other"),
        (callbacks.PickReviewDay(0), "rd:0"),
        # The daily loop, its pictures and the comeback.
        (win_callbacks.LogDay(EntryStatus.DONE, 7, date(2026, 11, 22)), "w:d:7:20261122"),
        (win_callbacks.LogDay(EntryStatus.MVA, 7, date(2026, 11, 22)), "w:m:7:20261122"),
        (win_callbacks.LogDay(EntryStatus.SKIP, 7, date(2026, 11, 22)), "w:s:7:20261122"),
        (win_callbacks.Undo(7), "w:u:7"),
        (win_callbacks.Undo(7, date(2026, 11, 21)), "w:u:7:20261121"),
        (win_callbacks.PickGoal(7, WinKind.DONE, date(2026, 11, 22)), "wp:7:d:20261122"),
        (
            win_callbacks.PickGoal(7, WinKind.DONE, date(2026, 11, 22), 400, "words"),
            "wp:7:d:20261122:400:words",
        ),
        (win_callbacks.PickGoal(7, WinKind.UNDO, date(2026, 11, 22)), "wp:7:u:20261122"),
        (win_callbacks.Comeback("start", 7), "cm:start:7"),
        (win_callbacks.Comeback("no", 7), "cm:no:7"),
        (win_callbacks.StreakView("why", 7), "sk:why:7"),
        (win_callbacks.StreakView("m", 7, date(2026, 10, 1)), "sk:m:7:202610"),
        (win_callbacks.Progress(7), "pr:7"),
        (win_callbacks.Curve(7), "pr:c:7"),
        (win_callbacks.Curve(7, 30), "pr:c:7:30"),
        # /plan.
        (
            plan_callbacks.AtLevel(plan_callbacks.LevelAction.ACCEPT, PlanLevel.DAILY, 7),
            "plan:ok:d:7",
        ),
        (
            plan_callbacks.AtLevel(plan_callbacks.LevelAction.EDIT, PlanLevel.MVA, 7),
            "plan:edit:a:7",
        ),
        (
            plan_callbacks.PickDate(PlanLevel.START, 7, date(2026, 11, 23)),
            "plan:date:s:7:20261123",
        ),
        (plan_callbacks.KeepMine(7), "plan:keep:7"),
        (plan_callbacks.Confirm(7), "plan:go:7"),
        (plan_callbacks.Show(7), "plan:show:7"),
        (plan_callbacks.Resume(), "plan:resume"),
        (plan_callbacks.StartOver(), "plan:fresh"),
        # /goals.
        (goal_callbacks.ShowGoals(), "g:list"),
        (goal_callbacks.ShowArchived(), "g:arch"),
        (goal_callbacks.GoalButton(goal_callbacks.GoalAction.ARCHIVE_CONFIRMED, 7), "g:archok:7"),
        (
            goal_callbacks.MilestoneButton(goal_callbacks.MilestoneAction.DONE_HERE, 9),
            "ms:done:9",
        ),
        (goal_callbacks.PickDeadline(9, date(2027, 3, 15)), "ms:due:9:20270315"),
        (goal_callbacks.NewDate(9, date(2027, 3, 15)), "ms:new:9:20270315"),
        (goal_callbacks.StepButton(goal_callbacks.StepAction.DELETE, 9, 4), "st:del:9:4"),
        # Partners.
        (partner_callbacks.AcceptInvite("p-" + "a" * 22), "pt:a:p-" + "a" * 22),
        (partner_callbacks.DeclineInvite("p-" + "a" * 22), "pt:d:p-" + "a" * 22),
        (partner_callbacks.TurnSwitch(Switch.GOAL_NAMES), "pt:s:g"),
        (partner_callbacks.NewLink(), "pt:n"),
        (partner_callbacks.RevokeLink(), "pt:v"),
        (partner_callbacks.KeepThem(), "pt:k"),
        (partner_callbacks.AskRemove(3), "pt:x:3"),
        (partner_callbacks.Remove(3), "pt:X:3"),
        (partner_callbacks.AskLeave(3), "pt:l:3"),
        (partner_callbacks.Leave(3), "pt:L:3"),
        (partner_callbacks.Cheer(12, Reaction.FIRE), "pt:c:12:2"),
        (partner_callbacks.AskNote(12), "pt:w:12"),
        # /delete.
        (account.EraseEverything(date(2026, 11, 22)), "acct:delete:yes:20261122"),
        (account.KeepEverything(), "acct:delete:no"),
    ],
)
def test_the_data_on_the_wire_stays_what_older_messages_carry(
    button: CallbackData, data: str
) -> None:
    assert button.pack() == data
    assert parse_any(data) == button


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "rv",
        "rv:0:100",
        "rv:1:nan",
        "rv:1:100:20261131",
        "rv:1:100:20261130:extra",
        "rp:d:1",
        "rp:s:1:inf",
        "rp:x:1",
        "fs:２０２６１２０１",
        "fc:" + "9" * 40,
        "tz:",
        "tz:" + "A" * 41,
        "nt:2460",
        "set:nope",
        "rd:7",
        "hol:3",
        "rv:1:" + "1" * 60,
        "unknown:1",
        "w:x:7:20261122",
        "w:d:7",
        "w:u:7:20261122:1",
        "wp:7:d:20261122:400",
        "wp:7:d:20261122:0:words",
        "wp:7:d:20261122:2000000:words",
        "wp:7:d:20261122:nan:words",
        "cm:later:7",
        "sk:y:7:202610",
        "sk:m:7:20261001",
        "pr:c:7:0",
        "pr:p:7",
        "plan:ok:x:7",
        "plan:date:s:7",
        "plan:keep:7:1",
        "plan:resume:7",
        "plan:later:7",
        "g:list:1",
        "ms:due:9",
        "st:tick:9",
        "pt:a:not-a-code",
        "pt:s:z",
        "pt:n:1",
        "pt:c:12:4",
        "pt:x:0",
        "acct:delete:yes:2026112",
        "acct:delete:yes",
        "acct:delete:no:1",
    ],
)
def test_forged_or_malformed_data_reads_as_nothing(data: str | None) -> None:
    assert parse_any(data) is None


def test_a_value_out_of_range_is_never_packed() -> None:
    with pytest.raises(ValueError, match="not an id"):
        coaching_callbacks.CommitTo(0).pack()
    with pytest.raises(ValueError, match="not one of"):
        callbacks.PauseFor(3).pack()


def test_a_typed_win_whose_unit_is_too_long_keeps_its_goal_day_and_kind() -> None:
    win = WinText(WinKind.DONE, Measure(400, "u" * 60))
    data = win_callbacks.PickGoal.of(2**62, win, date(2026, 11, 22)).pack()
    assert len(data.encode()) <= MAX_BYTES
    assert win_callbacks.parse(data) == win_callbacks.PickGoal(
        2**62, WinKind.DONE, date(2026, 11, 22)
    )


def test_a_typed_win_reads_back_as_the_win_it_logs() -> None:
    win = WinText(WinKind.MVA, Measure(12.5, "pages"))
    data = win_callbacks.PickGoal.of(7, win, date(2026, 11, 22)).pack()
    parsed = win_callbacks.parse(data)
    assert isinstance(parsed, win_callbacks.PickGoal)
    assert parsed.win == win
