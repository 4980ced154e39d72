"""Extract the views' messages and bring every language's catalogue up to date (`make messages`).

The messages are what the views pass to their translator (``bot/views/i18n.py``): ``t("…")``,
``t.plural("…", "…", n)`` and ``t.ctx("context", "…")``, and what they mark to translate where
it is said: ``marked("…")`` and ``rotating("…", …)``. Running this module adds each new message
to every ``bot/locales/<language>/LC_MESSAGES/messages.po`` with an empty translation and drops
the ones no view uses any more; translations already made are kept.
"""

from __future__ import annotations

import ast
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from babel import Locale
from babel.messages.catalog import Catalog, Message, TranslationError
from babel.messages.checkers import num_plurals
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from bot.coach.languages import ENGLISH, LANGUAGES

ROOT = Path(__file__).resolve().parent.parent.parent
LOCALES = Path(__file__).resolve().parent
SOURCES = ("bot/views",)
"""Where user-facing text lives (every text is in a view)."""

TRANSLATOR = "t"
"""The name every view gives its translator."""

MARKERS = {"marked": 1, "rotating": None}
"""The functions that mark messages written where they are not said, and how many of their
arguments are messages (``None``: all): a table's message (``bot/views/i18n.py``), a rotating
line's templates (``bot/views/nudges/common.py``)."""


def extract_calls(
    fileobj: IO[bytes],
    keywords: object,
    comment_tags: object,
    options: object,
) -> Iterator[tuple[int, str, str | tuple[str, ...], list[str]]]:
    """Babel's extraction method for the views: the translator's calls, read with ``ast``.

    ``t("…")``, ``t.plural("…", "…", n)``, ``t.ctx("context", "…")``, and the messages
    marked to be translated where they are said, ``marked("…")`` and ``rotating("…", …)``:
    their messages must be string literals (an f-string or a variable cannot be translated,
    and fails here). Babel's own Python extractor is not used: a call nested in an argument
    (``t.number(n)`` inside ``t.plural(…)``) makes it lose the outer call's plural.
    """
    tree = ast.parse(fileobj.read())
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Name) and node.func.id in MARKERS:
            for argument in node.args[: MARKERS[node.func.id]]:
                yield argument.lineno, "gettext", _literal(argument, node), []
            continue
        kind = _call_kind(node.func)
        if kind is None:
            continue
        wanted = {"t": 1, "plural": 2, "ctx": 2}[kind]
        texts = [_literal(argument, node) for argument in node.args[:wanted]]
        if kind == "ctx":
            # Babel reads a context as a "msgctxt" marker before the message.
            yield node.lineno, "pgettext", (texts[0], texts[1]), []
        elif kind == "plural":
            yield node.lineno, "ngettext", (texts[0], texts[1]), []
        else:
            yield node.lineno, "gettext", texts[0], []


def _call_kind(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name) and func.id == TRANSLATOR:
        return "t"
    if (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id == TRANSLATOR
        and func.attr in ("plural", "ctx")
    ):
        return func.attr
    return None


def _literal(argument: ast.expr, call: ast.Call) -> str:
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return argument.value
    raise ValueError(f"line {call.lineno}: a translated message must be a string literal")


PROJECT = "Small Wins"
WIDTH = 100
STABLE_DATE = datetime(2026, 1, 1, tzinfo=UTC)
"""Written as the files' creation and revision dates, so that a run changes only messages."""
HEADER = """\
# {language} translations of Small Wins, the coach's every word in {language}.
# Written as a native-speaking coach would say it: warm, short, never guilt.
# Keep each {{placeholder}} and <tag> of the English; `make messages` adds new messages here."""


def catalogue_path(language: str) -> Path:
    """The ``.po`` file of ``language``."""
    return LOCALES / language / "LC_MESSAGES" / "messages.po"


def extract() -> Catalog:
    """Every message the views can say, in English (the template)."""
    template = Catalog(project=PROJECT, fuzzy=False, creation_date=STABLE_DATE)
    for source in SOURCES:
        for filename, lineno, message, comments, context in extract_from_dir(
            ROOT / source, method_map=[("**.py", "bot.locales.catalogues:extract_calls")]
        ):
            location = (f"{source}/{filename}", lineno)
            template.add(message, None, [location], auto_comments=comments, context=context)
    return template


def read(language: str) -> Catalog:
    """The catalogue of ``language`` as stored."""
    with catalogue_path(language).open("rb") as source:
        return read_po(source, locale=language)


def update(languages: Iterable[str] = LANGUAGES) -> list[Path]:
    """Bring each language's catalogue in step with the views; returns the files written."""
    template = extract()
    written = []
    for language in languages:
        if language == ENGLISH:
            continue  # the code's own text
        path = catalogue_path(language)
        if path.exists():
            catalog = read(language)
        else:
            catalog = Catalog(locale=language, project=PROJECT, fuzzy=False)
        catalog.update(template, no_fuzzy_matching=True)
        for message in catalog:
            # Babel takes "1% days" for a %-format; the messages use {braces} (checked below).
            message.flags.discard("python-format")
        catalog.revision_date = STABLE_DATE
        catalog.header_comment = HEADER.format(language=Locale.parse(language).english_name)
        catalog.last_translator = PROJECT
        catalog.language_team = PROJECT
        catalog.msgid_bugs_address = ""
        catalog.version = ""
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            write_po(
                out,
                catalog,
                width=WIDTH,
                ignore_obsolete=True,
                include_lineno=False,
                include_previous=False,
            )
        written.append(path)
    return written


# -- checks (tests/test_catalogues.py) -------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")
_TAG = re.compile(r"</?([a-z]+)[^>]*>")


def placeholders(text: str) -> Counter[str]:
    """The ``{name}`` placeholders of a message."""
    return Counter(_PLACEHOLDER.findall(text))


def tags(text: str) -> Counter[str]:
    """The HTML tags of a message (``b``, ``/b``, ``i`` …)."""
    return Counter(match.group(0).split()[0].rstrip(">") for match in _TAG.finditer(text))


def problems(
    language: str, template: Catalog | None = None, catalog: Catalog | None = None
) -> Iterator[str]:
    """Everything wrong with a language's catalogue: a message missing or untranslated, a
    placeholder or a tag unlike the English, a message no view uses, or an invalid file.

    Args:
        language: The language.
        template: The views' messages (:func:`extract` when not given).
        catalog: The catalogue to judge (the stored one when not given).
    """
    template = extract() if template is None else template
    catalog = read(language) if catalog is None else catalog
    for message in catalog:
        try:
            num_plurals(catalog, message)
        except TranslationError as error:
            yield f"{language}: {_label(message)}: {error}"
    for english in template:
        if not english.id:
            continue
        translated = catalog.get(english.id, english.context)
        if translated is None:
            yield f"{language}: missing {_label(english)}"
            continue
        yield from _compare(language, english, translated)
    for message in catalog:
        if message.id and template.get(message.id, message.context) is None:
            yield f"{language}: {_label(message)} is used by no view (run `make messages`)"


def _compare(language: str, english: Message, translated: Message) -> Iterator[str]:
    sources = _texts(english.id)
    forms = _texts(translated.string)
    if translated.fuzzy or not all(forms):
        yield f"{language}: untranslated {_label(english)}"
        return
    want_placeholders = placeholders(sources[-1])
    want_tags = tags(sources[-1])
    for form in forms:
        if set(placeholders(form)) != set(want_placeholders):
            yield (
                f"{language}: placeholders of {_label(english)}: {sorted(placeholders(form))}"
                f" instead of {sorted(want_placeholders)}"
            )
        if tags(form) != want_tags:
            yield f"{language}: tags of {_label(english)} differ: {form!r}"


def _texts(value: object) -> tuple[str, ...]:
    """A message's id or translation: one text, or one per plural form."""
    if isinstance(value, list | tuple):
        return tuple(str(text) for text in value)
    return (str(value) if value else "",)


def _label(message: Message) -> str:
    text = _texts(message.id)[0]
    context = f" [{message.context}]" if message.context else ""
    return repr(text[:60]) + context


def main() -> int:
    """``make messages``: update the catalogues and list what is left to translate."""
    for path in update():
        print(f"updated {path.relative_to(ROOT)}")
    template = extract()
    left = [line for language in LANGUAGES[1:] for line in problems(language, template)]
    for line in left:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
