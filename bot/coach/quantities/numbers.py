"""How a number is written: digit groups, decimal separators, exponents and number words.

Decisions (all deliberate, all tested):

* **Thousands and decimals.** "40,000", "1 000" (space, no-break or thin space) and "40k" are
  thousands. A comma followed by exactly three digits is a thousands separator ("2,500 km" is
  2500); any other comma is a decimal comma ("2,5 km" is 2.5). A dot is a decimal point, except
  for items and money, which never have three decimals ("15.000 words", "3.000 €"), and in
  "1.000.000". When both appear, the last one is the decimal separator ("1.000,5").
* **Exponents are worked out**: 1e9, 10^30 and 10³⁰ are never read as 30.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Final

from bot.coach.lexicon.units import HALF_HOUR, NUMBER_WORDS

SMALL_NUMBERS: Final[Mapping[str, int]] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
"""The English words for one to twelve ("a" and "an" are one), as amounts and date counts read."""

SPELLED_NUMBERS: Final[Mapping[str, int]] = {
    **SMALL_NUMBERS,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
    "hundred": 100,
    **NUMBER_WORDS,
}
"""Spelled-out numbers that count before a known unit, in every language read."""

_NUMBER_WORD = "|".join(map(re.escape, sorted(SPELLED_NUMBERS, key=len, reverse=True)))
_HALF_HOUR = "|".join(
    r"[\s-]+".join(map(re.escape, words.replace("-", " ").split())) for words in HALF_HOUR
)

_SPACES = " \u00a0\u2009\u202f"

NUMBER_RE: Final = re.compile(
    r"""
    (?<![\w.,])
    (?P<neg>[-−])?
    (?P<cur>(?:R\$|[€$£¥₹₽])\s?)?
    (?:
        (?P<num>
            \d{1,3}(?:[\u0020\u00a0\u2009\u202f]\d{3})+(?![\d.,])   # 1 000 / 1 000 000
          | \d+(?:[.,]\d+)*                                         # 40,000 / 2,5 / 1.5
          | \.\d+                                                   # .5
        )
        (?:
            [eE](?P<exp>[+-]?\d{1,4})(?!\w)                           # 1e9
          | \s?(?:[×x*·]\s?(?P<ten>10)\s?)?                          # 3×10^3, 3 x 10³
            (?:(?:\^|\*\*)\s?(?P<pow>[-−+]?\d{1,5})(?![\d.,])        # 10^30, 10**30
              | (?P<sup>⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,5}))                         # 10³⁰
        )?
      | (?P<halfhour>\b(?:HALF_HOUR)\b)
      | (?P<word>\b(?:half|NUMBER_WORD)\b)
    )
    """.replace("HALF_HOUR", _HALF_HOUR).replace("NUMBER_WORD", _NUMBER_WORD),
    re.VERBOSE | re.IGNORECASE,
)
"""A number as typed: digits (its groups ``num``, ``exp``, ``ten``, ``pow``, ``sup`` for
:func:`to_number` and :func:`with_exponent`), a spelled-out ``word`` or a ``halfhour``, with
an optional minus sign ``neg`` and currency symbol ``cur`` before it."""


_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def with_exponent(value: float, match: re.Match[str]) -> float:
    """Apply the number's exponent: 1e9, 10^30 and 10³⁰ are worked out, never read as 30.

    An overflow is infinity, which the caller reports as too large.
    """
    exp, power, sup = match.group("exp"), match.group("pow"), match.group("sup")
    if exp is None and power is None and sup is None:
        return value
    try:
        if exp is not None:
            return value * 10.0 ** int(exp)
        exponent = int((power or sup or "").replace("−", "-").translate(_SUPERSCRIPTS))
        if match.group("ten") is not None:
            return value * 10.0**exponent  # scientific notation: 3×10^3
        return float(value**exponent)
    except (OverflowError, ZeroDivisionError):
        return math.inf


def to_number(raw: str, *, dot_thousands: bool) -> float | None:
    """Interpret digits with separators; ``None`` when they are not one number (a date)."""
    if any(space in raw for space in _SPACES):
        return float("".join(ch for ch in raw if ch not in _SPACES))
    if "," in raw and "." in raw:
        decimal_sep = "," if raw.rfind(",") > raw.rfind(".") else "."
        thousands_sep = "." if decimal_sep == "," else ","
        whole, _, fraction = raw.rpartition(decimal_sep)
        if decimal_sep in whole or not _is_grouped(whole, thousands_sep):
            return None
        return float(whole.replace(thousands_sep, "") + "." + fraction)
    for sep in (",", "."):
        if sep not in raw:
            continue
        parts = raw.split(sep)
        if len(parts) > 2:
            return float("".join(parts)) if _is_grouped(raw, sep) else None
        head, tail = parts
        # A comma with three digits after it is English thousands; a dot is only for items.
        thousands = len(tail) == 3 and head not in {"", "0"} and (sep == "," or dot_thousands)
        return float(head + tail) if thousands else float(f"{head or '0'}.{tail}")
    return float(raw)


def _is_grouped(raw: str, sep: str) -> bool:
    head, *groups = raw.split(sep)
    return 1 <= len(head) <= 3 and head[0] != "0" and all(len(g) == 3 for g in groups)
