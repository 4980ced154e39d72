"""The coach's word and zone tables, read once from plain text files in ``bot/coach/data/``.

A table file (``es-units.txt``, ``places-regions.txt``) is UTF-8 text with one entry a line:
the key, a TAB, then the key's forms separated by ``|`` (spaces around ``|`` are ignored)::

    pages<TAB>páginas | página | pág
    Florida<TAB>America/New_York | America/Chicago

Blank lines and lines starting with ``#`` are skipped; the key may be empty (a line starting
with TAB). Order is kept: the entries as in the file, the forms as on the line. A malformed
line raises :class:`TableError` naming the file and the line, so a typo fails at import.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources

_PACKAGE = "bot.coach"


class TableError(ValueError):
    """A table file has a line the format does not allow."""


def word_table(name: str, *, width: int | None = None) -> Mapping[str, tuple[str, ...]]:
    """Key → its forms, in order, from ``bot/coach/data/<name>.txt``.

    Args:
        name: The file's name without ``.txt`` ("es-units").
        width: How many forms every line must have, when the table has a fixed shape.

    Returns:
        A dict in the file's order.

    Raises:
        TableError: A line without a TAB, with an empty form, a repeated key or another width.
    """
    path = f"data/{name}.txt"
    text = resources.files(_PACKAGE).joinpath(path).read_text(encoding="utf-8")
    return parse_table(text, f"bot/coach/{path}", width=width)


def string_table(name: str) -> Mapping[str, str]:
    """Key → one string, from ``bot/coach/data/<name>.txt`` (one form a line)."""
    return {key: form for key, (form,) in word_table(name, width=1).items()}


def parse_table(text: str, source: str, *, width: int | None = None) -> dict[str, tuple[str, ...]]:
    """Read a table's text (the format of the module docstring); ``source`` names it in errors."""
    table: dict[str, tuple[str, ...]] = {}
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.removesuffix("\r")
        if not line.strip() or line.startswith("#"):
            continue
        where = f"{source}, line {number}"
        key, tab, rest = line.partition("\t")
        if not tab:
            raise _error(where, "no TAB between the key and its forms", line)
        if key != key.strip():
            raise _error(where, "spaces around the key", line)
        if key in table:
            raise _error(where, f"the key {key!r} again", line)
        forms = tuple(form.strip() for form in rest.split("|"))
        if "" in forms:
            raise _error(where, "an empty form", line)
        if width is not None and len(forms) != width:
            raise _error(where, f"{len(forms)} form(s) where the table has {width}", line)
        table[key] = forms
    return table


def _error(where: str, why: str, line: str) -> TableError:
    return TableError(f"{where}: {why}: {line!r}")
