"""Typed callback data: every inline button's data is declared, packed and parsed here.

A button's data is a class: a short prefix and typed fields, declared once::

    @dataclass(frozen=True)
    class PickFreshStart(CallbackData, prefix="fs"):
        day: date

    PickFreshStart(date(2027, 1, 1)).pack()      # "fs:20270101"
    PickFreshStart.parse("fs:20270101")          # PickFreshStart(day=date(2027, 1, 1))
    parse_any("fs:20270101")                     # the same, whatever the prefix

Data is the prefix and the fields joined by ``:``, at most 64 UTF-8 bytes (Telegram's limit,
checked when packing). It comes from the client, so parsing never trusts it: anything
malformed, unknown or too long parses to ``None``, and the service still checks that whatever
it names belongs to the person who pressed. Trailing fields that default to ``None`` may be left
out (data from older messages keeps working). A prefix may hold a ``:`` (``"rp:k"``): the
longest prefix that fits is tried first. A class declared without a prefix is an abstract base
that shares fields among buttons (``class Keep(OnGoal, prefix="plan:keep")``). Declare the
classes ``frozen`` without ``slots`` (a slotted dataclass is made twice, which would register
its prefix twice).
``tests/bot/test_callback_data.py`` checks that every prefix is unique and that every class
packs within 64 bytes at its largest values.

Field types: ``int`` (an id: ASCII digits, 1 … 2**63 − 1), ``float`` (a finite amount),
``date`` (``yyyymmdd``), ``time`` (``hhmm``), ``str`` (no ``:``), a ``StrEnum``, and
``Annotated[...]`` with :class:`Month`, :class:`OneOf`, :class:`Text` or :class:`Coded` (an
enum written as a short code: ``Annotated[EntryStatus, Coded(((EntryStatus.DONE, "d"), …))]``)
for the rest.
"""

from __future__ import annotations

import math
import re
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import date, time
from enum import StrEnum
from types import NoneType, UnionType
from typing import Annotated, Any, ClassVar, Self

MAX_BYTES = 64
"""Telegram's limit on callback data, in UTF-8 bytes."""
MAX_ID = 2**63 - 1
"""The largest id storage can hold (BIGINT): a bigger forged number must not reach it."""
SEPARATOR = ":"


@dataclass(frozen=True, slots=True)
class Codec:
    """How one field is written and read; ``largest`` is its longest value, for the size test."""

    write: Callable[[Any], str]
    read: Callable[[str], Any]  # None for text it does not accept
    largest: Any


@dataclass(frozen=True, slots=True)
class Month:
    """A ``date`` written as ``yyyymm`` (the first of that month)."""


@dataclass(frozen=True, slots=True)
class OneOf:
    """A ``str`` or ``int`` that must be one of ``choices``."""

    choices: tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Coded:
    """A value written as a short code: ``codes`` pairs each value that may be sent with one."""

    codes: tuple[tuple[Any, str], ...]


@dataclass(frozen=True, slots=True)
class Text:
    """A ``str`` of at most ``max_length`` characters (no ``:``)."""

    max_length: int


def _read_id(text: str) -> int | None:
    # isdigit() alone would accept other scripts' digits ("٣"); ids are ASCII.
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None


def _write_id(value: int) -> str:
    if not 1 <= value <= MAX_ID:
        raise ValueError(f"not an id: {value!r}")
    return str(value)


def _read_day(text: str) -> date | None:
    if len(text) != 8 or not (text.isascii() and text.isdigit()):
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def _read_month(text: str) -> date | None:
    return _read_day(text + "01") if len(text) == 6 else None


def _read_time(text: str) -> time | None:
    if len(text) != 4 or not (text.isascii() and text.isdigit()):
        return None
    hour, minute = int(text[:2]), int(text[2:])
    return time(hour, minute) if hour < 24 and minute < 60 else None


def _read_amount(text: str) -> float | None:
    if not text.isascii():
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _read_text(limit: int) -> Callable[[str], str | None]:
    return lambda text: text if 0 < len(text) <= limit and SEPARATOR not in text else None


def _write_text(limit: int) -> Callable[[Any], str]:
    def write(value: Any) -> str:
        text = str(value)
        if not 0 < len(text) <= limit or SEPARATOR in text:
            raise ValueError(f"not a short text without {SEPARATOR!r}: {text!r}")
        return text

    return write


ID = Codec(_write_id, _read_id, MAX_ID)
# `:g` keeps six significant digits (as the data always has); its longest output is 13 characters.
AMOUNT = Codec(lambda value: f"{value:g}", _read_amount, -1.23457e-300)
DAY = Codec(lambda value: f"{value:%Y%m%d}", _read_day, date(9999, 12, 31))
MONTH = Codec(lambda value: f"{value:%Y%m}", _read_month, date(9999, 12, 1))
TIME = Codec(lambda value: f"{value:%H%M}", _read_time, time(23, 59))


def _enum_codec(kind: type[StrEnum]) -> Codec:
    def read(text: str) -> StrEnum | None:
        try:
            return kind(text)
        except ValueError:
            return None

    return Codec(lambda value: str(value.value), read, max(kind, key=lambda m: len(m.value)))


def _one_of(choices: tuple[str | int, ...]) -> Codec:
    by_text = {str(choice): choice for choice in choices}

    def write(value: Any) -> str:
        if value not in choices:
            raise ValueError(f"{value!r} is not one of {choices!r}")
        return str(value)

    return Codec(write, by_text.get, max(choices, key=lambda choice: len(str(choice))))


def _coded(codes: tuple[tuple[Any, str], ...]) -> Codec:
    by_value: dict[Any, str] = dict(codes)
    by_code = {code: value for value, code in codes}

    def write(value: Any) -> str:
        if value not in by_value:
            raise ValueError(f"{value!r} has no code among {codes!r}")
        return by_value[value]

    return Codec(write, by_code.get, max(by_value, key=lambda value: len(by_value[value])))


def _codec_for(hint: Any) -> Codec:
    if typing.get_origin(hint) is Annotated:
        base, *extras = typing.get_args(hint)
        for extra in extras:
            if isinstance(extra, Month) and base is date:
                return MONTH
            if isinstance(extra, OneOf):
                return _one_of(extra.choices)
            if isinstance(extra, Coded):
                return _coded(extra.codes)
            if isinstance(extra, Text) and base is str:
                return Codec(
                    _write_text(extra.max_length),
                    _read_text(extra.max_length),
                    "x" * extra.max_length,
                )
        raise TypeError(f"no callback-data codec for {hint!r}")
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return _enum_codec(hint)
    codecs: dict[Any, Codec] = {int: ID, float: AMOUNT, date: DAY, time: TIME}
    if hint in codecs:
        return codecs[hint]
    raise TypeError(f"no callback-data codec for {hint!r}")


def _without_none(hint: Any) -> tuple[Any, bool]:
    """The type inside ``X | None``, and whether ``None`` was allowed."""
    if isinstance(hint, UnionType) or typing.get_origin(hint) is typing.Union:
        args = [arg for arg in typing.get_args(hint) if arg is not NoneType]
        if len(args) == 1:
            return args[0], True
    return hint, False


_REGISTRY: dict[str, type[CallbackData]] = {}


class CallbackData:
    """The base of every button's data: subclass it as a frozen dataclass with a ``prefix``."""

    prefix: ClassVar[str]
    _codecs: ClassVar[tuple[tuple[str, Codec, bool], ...]]

    def __init_subclass__(cls, *, prefix: str | None = None, **kwargs: Any) -> None:
        """Register the class under its prefix (unique across the bot); no prefix: a base."""
        super().__init_subclass__(**kwargs)
        if prefix is None:
            return
        if not re.fullmatch(r"[a-zA-Z?]+(:[a-zA-Z?]+)*", prefix):
            raise ValueError(f"a prefix is a short lowercase word: {prefix!r}")
        if prefix in _REGISTRY:
            raise ValueError(f"the prefix {prefix!r} is taken by {_REGISTRY[prefix].__name__}")
        cls.prefix = prefix
        _REGISTRY[prefix] = cls

    @classmethod
    def _fields(cls) -> tuple[tuple[str, Codec, bool], ...]:
        # Read once, when first used: the dataclass decorator runs after __init_subclass__.
        if "_codecs" not in cls.__dict__:
            hints = typing.get_type_hints(cls, include_extras=True)
            declared = []
            for field in fields(cls):  # type: ignore[arg-type]
                hint, optional = _without_none(hints[field.name])
                declared.append((field.name, _codec_for(hint), optional))
            cls._codecs = tuple(declared)
        return cls._codecs

    def pack(self) -> str:
        """The data for the button (trailing ``None`` fields left out).

        Raises:
            ValueError: A field out of range, or the data over 64 bytes.
        """
        parts = [self.prefix]
        values = [(getattr(self, name), codec) for name, codec, _ in self._fields()]
        while values and values[-1][0] is None:
            values.pop()
        for value, codec in values:
            if value is None:
                raise ValueError(f"only trailing fields may be left out: {self!r}")
            parts.append(codec.write(value))
        data = SEPARATOR.join(parts)
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
        return data

    @classmethod
    def parse(cls, data: str | None) -> Self | None:
        """This class's data, or ``None`` for anything else or malformed."""
        if not data or len(data.encode()) > MAX_BYTES:
            return None
        head = cls.prefix + SEPARATOR
        if data == cls.prefix:
            texts: list[str] = []
        elif data.startswith(head):
            texts = data[len(head) :].split(SEPARATOR)
        else:
            return None
        declared = cls._fields()
        required = sum(1 for _, _, optional in declared if not optional)
        if not required <= len(texts) <= len(declared):
            return None
        values: dict[str, Any] = {}
        for (name, codec, _), text in zip(declared, texts, strict=False):
            value = codec.read(text)
            if value is None:
                return None
            values[name] = value
        try:
            return cls(**values)
        except (TypeError, ValueError):
            return None

    @classmethod
    def pattern(cls) -> str:
        """The regular expression of this class's data (for a ``CallbackQueryHandler``)."""
        return f"^{re.escape(cls.prefix)}($|{SEPARATOR})"

    @classmethod
    def largest(cls) -> Self:
        """An instance with every field at its longest value (for the 64-byte test)."""
        return cls(**{name: codec.largest for name, codec, _ in cls._fields()})


def parse_among(data: str | None, among: Sequence[type[CallbackData]]) -> CallbackData | None:
    """The data of one of the classes ``among``; ``None`` when none fits.

    The longest prefix is tried first, so ``"tz:?"`` is :class:`TypeZone`, not a zone ``"?"``.
    """
    for kind in sorted(among, key=lambda k: -len(k.prefix)):
        parsed = kind.parse(data)
        if parsed is not None:
            return parsed
    return None


def parse_any(data: str | None) -> CallbackData | None:
    """Any registered button's data; ``None`` when none fits."""
    return parse_among(data, registered())


def pattern_of(*kinds: type[CallbackData]) -> str:
    """One regular expression for the data of several classes."""
    return "|".join(kind.pattern() for kind in kinds)


def registered() -> tuple[type[CallbackData], ...]:
    """Every callback-data class the bot has imported, in the order they were declared."""
    return tuple(_REGISTRY.values())
