"""Every button's data is declared once (``bot.views.callback_data``): its prefix is unique, it
fits Telegram's 64 bytes at its largest values, it reads back as itself, and anything forged or
malformed reads as nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

import pytest

from bot.views import callbacks, coaching_callbacks
from bot.views.callback_data import MAX_BYTES, CallbackData, parse_any, registered

KINDS = registered()


def test_the_grammars_of_the_views_are_registered() -> None:
    declared = {kind.__module__ for kind in KINDS}
    assert {callbacks.__name__, coaching_callbacks.__name__} <= declared


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
    ],
)
def test_forged_or_malformed_data_reads_as_nothing(data: str | None) -> None:
    assert parse_any(data) is None


def test_a_value_out_of_range_is_never_packed() -> None:
    with pytest.raises(ValueError, match="not an id"):
        coaching_callbacks.CommitTo(0).pack()
    with pytest.raises(ValueError, match="not one of"):
        callbacks.PauseFor(3).pack()
