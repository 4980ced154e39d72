"""One transaction per use case: ``@unit_of_work`` on a service method that writes.

The method's repository calls - in its helpers and in the other services it calls too - join
the transaction (``Repository.transaction`` is joined by every call in the same task), so the
use case loads, decides and writes as one atomic step: all of it commits, or none of it (a
:class:`Refusal` commits, being a decision rather than a failure).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from storage.base import Repository


class Refusal(Exception):
    """A use case's decision not to do what was asked, raised for the handler to explain.

    Not a failure: what the use case wrote on the way (closing a question that no longer fits)
    is committed before it is raised.
    """


class _UsesRepository(Protocol):
    _repository: Repository


S = TypeVar("S", bound=_UsesRepository)
P = ParamSpec("P")
R = TypeVar("R")


def _user_id_of(args: tuple[object, ...]) -> int | None:
    """The user a use case is for: its first argument, a user id or a user."""
    first = args[0] if args else None
    if isinstance(first, int) and not isinstance(first, bool):
        return first
    user_id = getattr(first, "user_id", None)
    return user_id if isinstance(user_id, int) else None


def unit_of_work(
    method: Callable[Concatenate[S, P], Coroutine[Any, Any, R]],
) -> Callable[Concatenate[S, P], Coroutine[Any, Any, R]]:
    """Run a service method in one write transaction (see the module docstring)."""

    @functools.wraps(method)
    async def in_one_transaction(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        refused: Refusal | None = None
        async with self._repository.transaction() as uow:
            user_id = _user_id_of(args)
            if user_id is not None:
                # One user's use cases never interleave, on several instances either.
                await uow.lock_user(user_id)
            try:
                return await method(self, *args, **kwargs)
            except Refusal as refusal:
                refused = refusal  # commit what was decided, then say no
        raise refused

    return in_one_transaction
