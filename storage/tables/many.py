"""Statements over many keys at once: the clause of one key, repeated for each.

A use case that serves many users in one go (the sender prepares a few deliveries together)
reads each table once for all of them instead of once per user. The list of keys is padded to
the next power of two by repeating its last key, which changes no result: PostgreSQL then
prepares one statement per size class instead of one per group size.
"""

from __future__ import annotations

from collections.abc import Sequence

from storage.engine import Params


def _padded(count: int) -> int:
    size = 1
    while size < count:
        size *= 2
    return size


def in_list(column: str, values: Sequence[object]) -> tuple[str, Params]:
    """``column IN (?, ?, ...)`` for ``values`` (at least one), and its parameters."""
    if not values:
        raise ValueError("in_list needs at least one value")
    padded = [*values, *[values[-1]] * (_padded(len(values)) - len(values))]
    return f"{column} IN ({', '.join('?' for _ in padded)})", tuple(padded)


def any_of(clause: str, keys: Sequence[Sequence[object]]) -> tuple[str, Params]:
    """``((clause) OR (clause) ...)``, one per key (at least one), and the keys' values in order.

    ``clause`` has one ``?`` per value of a key, in the key's order.
    """
    if not keys:
        raise ValueError("any_of needs at least one key")
    padded = [*keys, *[keys[-1]] * (_padded(len(keys)) - len(keys))]
    where = " OR ".join(f"({clause})" for _ in padded)
    return f"({where})", tuple(value for key in padded for value in key)
