"""Callback data is client-controlled: huge, non-ASCII or malformed ids get a toast, no crash."""

from __future__ import annotations

import pytest

from fake_telegram import FakeTelegram
from tests.bot.journeys import set_up

pytestmark = pytest.mark.usefixtures("bot")

HUGE = "9" * 40


@pytest.mark.parametrize(
    "data",
    [
        f"plan:show:{HUGE}",
        f"plan:ok:m:{HUGE}",
        f"w:d:{HUGE}:20261122",
        f"w:u:{HUGE}",
        f"wp:{HUGE}:d:20261122",
        f"cm:start:{HUGE}",
        f"sk:m:{HUGE}",
        f"pr:{HUGE}",
        f"rv:{HUGE}:100",
        f"fc:{HUGE}",
        "pr:²",
        "w:d:1:２０２６１１２２",
        "nt:²²²²",
        "hol:٣",
        "fs:²0261201",
        "rd:9",
        "rv:1:nan",
        "rp:d:1:20261340",
        "rp:s:1:inf",
        f"rp:k:{HUGE}",
        "hol:back:1",
        "lang:xx",
    ],
)
async def test_forged_ids_get_a_toast_and_change_nothing(fake: FakeTelegram, data: str) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)

    reaction = await ada.press_data(data)

    assert reaction.answer is not None
    assert reaction.sent == ()
