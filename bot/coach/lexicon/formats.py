"""A quantity written back into the user's own sentence, in their language.

When the two-minute check shrinks "пробежать 10 км" it rewrites the user's words, so the new
amount has to read as their language writes it: "5 км", "20 минут", "1 000 слов",
"10.000 palabras", "2,5 km". Only the units the coach suggests shrinking are listed; for any
other unit :func:`local_measure` answers ``None`` and the caller keeps its English form.

Plural forms follow the languages' rules: Russian one/few/many ("1 минута", "2 минуты",
"5 минут", "21 минута", "2,5 минуты"), Spanish one/other (1 only), Portuguese one/other
(0 and 1, and the fractions between them, are singular).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from bot.coach.lexicon import Languages, language_order
from bot.coach.models import Measure

_RU: Final[Mapping[str, tuple[str, str, str]]] = {
    "seconds": ("секунда", "секунды", "секунд"),
    "minutes": ("минута", "минуты", "минут"),
    "hours": ("час", "часа", "часов"),
    "km": ("км", "км", "км"),
    "m": ("м", "м", "м"),
    "miles": ("миля", "мили", "миль"),
    "kg": ("кг", "кг", "кг"),
    "litres": ("литр", "литра", "литров"),
    "words": ("слово", "слова", "слов"),
    "pages": ("страница", "страницы", "страниц"),
    "chapters": ("глава", "главы", "глав"),
    "books": ("книга", "книги", "книг"),
    "pushups": ("отжимание", "отжимания", "отжиманий"),
    "squats": ("приседание", "приседания", "приседаний"),
    "situps": ("скручивание", "скручивания", "скручиваний"),
    "pullups": ("подтягивание", "подтягивания", "подтягиваний"),
    "burpees": ("бёрпи", "бёрпи", "бёрпи"),
    "lunges": ("выпад", "выпада", "выпадов"),
    "reps": ("повторение", "повторения", "повторений"),
    "steps": ("шаг", "шага", "шагов"),
    "glasses": ("стакан", "стакана", "стаканов"),
    "lessons": ("урок", "урока", "уроков"),
    "exercises": ("упражнение", "упражнения", "упражнений"),
}
_ES: Final[Mapping[str, tuple[str, str]]] = {
    "seconds": ("segundo", "segundos"),
    "minutes": ("minuto", "minutos"),
    "hours": ("hora", "horas"),
    "km": ("km", "km"),
    "m": ("m", "m"),
    "miles": ("milla", "millas"),
    "kg": ("kg", "kg"),
    "litres": ("litro", "litros"),
    "words": ("palabra", "palabras"),
    "pages": ("página", "páginas"),
    "chapters": ("capítulo", "capítulos"),
    "books": ("libro", "libros"),
    "pushups": ("flexión", "flexiones"),
    "squats": ("sentadilla", "sentadillas"),
    "situps": ("abdominal", "abdominales"),
    "pullups": ("dominada", "dominadas"),
    "burpees": ("burpee", "burpees"),
    "lunges": ("zancada", "zancadas"),
    "reps": ("repetición", "repeticiones"),
    "steps": ("paso", "pasos"),
    "glasses": ("vaso", "vasos"),
    "lessons": ("lección", "lecciones"),
    "exercises": ("ejercicio", "ejercicios"),
}
_PT: Final[Mapping[str, tuple[str, str]]] = {
    "seconds": ("segundo", "segundos"),
    "minutes": ("minuto", "minutos"),
    "hours": ("hora", "horas"),
    "km": ("km", "km"),
    "m": ("m", "m"),
    "miles": ("milha", "milhas"),
    "kg": ("kg", "kg"),
    "litres": ("litro", "litros"),
    "words": ("palavra", "palavras"),
    "pages": ("página", "páginas"),
    "chapters": ("capítulo", "capítulos"),
    "books": ("livro", "livros"),
    "pushups": ("flexão", "flexões"),
    "squats": ("agachamento", "agachamentos"),
    "situps": ("abdominal", "abdominais"),
    "pullups": ("barra", "barras"),
    "burpees": ("burpee", "burpees"),
    "lunges": ("avanço", "avanços"),
    "reps": ("repetição", "repetições"),
    "steps": ("passo", "passos"),
    "glasses": ("copo", "copos"),
    "lessons": ("aula", "aulas"),
    "exercises": ("exercício", "exercícios"),
}

_GROUPING: Final = {"ru": ("\u00a0", 4), "es": (".", 5), "pt": (".", 4)}
"""Thousands separator, and the fewest digits that get one (Spanish writes "1000", "10.000")."""


def local_number(quantity: float, code: str) -> str:
    """A number as the language writes it: decimal comma, its thousands separator.

    At most two decimals, as in :func:`bot.coach.quantities.format_quantity`.

    Args:
        quantity: The number.
        code: "ru", "es" or "pt".

    Returns:
        E.g. "1 000" (with a no-break space), "10.000", "2,5".
    """
    if not math.isfinite(quantity):
        return str(quantity)
    rounded = Decimal(repr(quantity)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{abs(rounded):.2f}".partition(".")
    separator, fewest = _GROUPING.get(code, (",", 4))
    if len(whole) >= fewest:
        groups = [whole[max(0, end - 3) : end] for end in range(len(whole), 0, -3)]
        whole = separator.join(reversed(groups))
    fraction = fraction.rstrip("0")
    sign = "-" if rounded < 0 else ""
    return f"{sign}{whole},{fraction}" if fraction else f"{sign}{whole}"


def _plural_index(quantity: float, code: str) -> int:
    whole = int(abs(quantity))
    if code == "ru":
        if quantity != whole:
            return 1  # "2,5 минуты": fractions take the "few" form
        if whole % 10 == 1 and whole % 100 != 11:
            return 0
        return 1 if whole % 10 in (2, 3, 4) and whole % 100 not in (12, 13, 14) else 2
    if code == "pt":
        return 0 if whole <= 1 else 1
    return 0 if quantity == 1 else 1


def local_measure(measure: Measure, language: Languages) -> str | None:
    """A measure in the user's language: "5 км", "20 минут", "1 página", "10.000 palavras".

    Args:
        measure: The measure, with a canonical unit.
        language: The user's language; only the first one given counts.

    Returns:
        The text, or ``None`` for English and for units without a translation here.
    """
    code = language_order(language)[0]
    forms: tuple[str, ...] | None = {"ru": _RU, "es": _ES, "pt": _PT}.get(code, {}).get(
        measure.unit
    )
    if forms is None:
        return None
    return f"{local_number(measure.quantity, code)} {forms[_plural_index(measure.quantity, code)]}"
