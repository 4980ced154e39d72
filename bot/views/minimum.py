"""The minimum the plan suggests for hard days, as the user reads it, in their language.

The plan suggests and stores a minimum in English when the daily action gives it nothing to
scale (``bot/coach/mva.py``: "just start: 2 minutes of it", "a 10-minute walk"); those two forms
are shown here in the user's language. A minimum scaled from the user's own words ("write 50
words") or typed by them is shown as it is.
"""

from __future__ import annotations

import re

from bot.coach.languages import ENGLISH
from bot.coach.mva import NO_MEASURE_MVA
from bot.views.i18n import Translator

_MOVING = re.compile(r"^a (\d{1,3})-minute (walk|swim|ride)$")


def minimum(t: Translator, text: str) -> str:
    """The minimum in ``t``'s language (plain text: escape it for HTML)."""
    if t.language == ENGLISH:
        return text
    if text == NO_MEASURE_MVA:
        return t("just start: 2 minutes of it")
    moving = _MOVING.match(text)
    if moving is None:
        return text
    minutes, how = int(moving.group(1)), moving.group(2)
    if how == "walk":
        return t.plural("a {n}-minute walk", "a {n}-minute walk", minutes)
    if how == "swim":
        return t.plural("a {n}-minute swim", "a {n}-minute swim", minutes)
    return t.plural("a {n}-minute ride", "a {n}-minute ride", minutes)
