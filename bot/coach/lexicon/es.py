"""Spanish: the words the coach reads in Spanish, glossed into the English its parsers know.

See :mod:`bot.coach.lexicon` for how a glossary is used. Forms without accents ("manana",
"proximo") are added by the table builder; the tables list the written forms.
"""

from __future__ import annotations

from typing import Final

from bot.coach.lexicon.base import Lexicon, word_tables, words

LEXICON: Final = Lexicon(
    code="es",
    **word_tables("es"),
    time_rewrites=(
        (r"(\d{1,2})\s+menos\s+cuarto", r"quarter to \1"),
        (r"(?<=\d)\s*(?:hs|hrs)\b", "h"),
    ),
    date_rewrites=((r"(?<=\d)(?:º|°|ro|er)(?!\w)", ""),),
    agree=(
        "sí", "si", "vale", "ok", "okey", "claro", "claro que sí", "dale", "de acuerdo",
        "perfecto", "genial", "bien", "bueno", "está bien", "me parece bien", "me sirve",
        "me gusta", "exacto", "correcto", "venga", "va", "sip", "por supuesto", "sí claro",
        "sí por favor", "sí, por favor",
    ),
    past_verb=r"[a-zñáéíóúü]{3,}(?:é|í)",
    not_past=words("café bebé comité puré mamá papá sofá aquí allí ahí así jabalí maniquí rubí"),
    numbers={
        "un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
        "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "doce": 12, "quince": 15, "veinte": 20,
        "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "cien": 100,
    },
    articles=words("un una"),
    half_hour=("media hora",),
    calendar=words(
        """día días dia dias semana semanas mes meses año años vez veces mañana tarde noche
        enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre
        noviembre diciembre lunes martes miércoles jueves viernes sábado domingo"""
    ),
    stop=words(
        """de del la el los las en por para al a y o con sin mi mis tu su cada un una que este
        esta hoy antes después durante mínimo máximo unos unas"""
    ),
    run_words=words("correr corrí carrera running corro"),
    deadline_words=words("para antes hasta"),
    step_separators=(
        r"\by\s+luego\b|\by\s+después\b|\bluego\b|\bdespués\b|\ba\s+continuación\b|\by\b"
    ),
    sequence=r"\bluego\b|\bdespués\b|\ba\s+continuación\b",
    suggestions=(
        "un bloque de 45 minutos de concentración cada mañana",
        "comer una ración de verdura en la comida todos los días",
        "beber un vaso de agua con cada comida",
        "bajar 4 kg en 12 semanas",
        "acostarme antes de las 23:00 entre semana",
        "correr 20 minutos 3 veces por semana",
        "caminar 30 minutos 5 días a la semana",
        "caminar 30 minutos 5 días a la semana",
        "entrenar 20 minutos 3 veces por semana",
        "meditar 5 minutos al día",
        "escribir 3 cosas buenas cada noche",
        "leer 10 páginas al día",
        "escribir 300 palabras al día",
        "practicar el idioma 15 minutos al día",
        "programar 30 minutos al día",
        "practicar el instrumento 15 minutos al día",
        "practicar música 15 minutos al día",
        "hacer un boceto al día",
        "ordenar un rincón 10 minutos cada noche",
        "ahorrar el 10% de cada sueldo",
        "contactar con 5 posibles clientes por semana",
        "nada de móvil los primeros 30 minutos del día",
        "escribir a un amigo cada día",
        "dedicar 15 minutos al día a aprenderlo",
        "dedicar 15 minutos al día a aprenderlo",
    ),
    generic_suggestion="dedicarle 15 minutos al día",
    starters=(
        "haz 2 repeticiones",
        "ponte las zapatillas y sal por la puerta",
        "ponte los zapatos y camina hasta el final de la calle",
        "extiende la esterilla y haz un estiramiento",
        "ponte la ropa de deporte",
        "siéntate y respira lento tres veces",
        "pásate el hilo dental por un diente",
        "pon un temporizador y abre la tarea 2 minutos",
        "bebe un vaso de agua",
        "escribe una línea en tu diario",
        "lee una página",
        "escribe una frase",
        "abre el proyecto y escribe una línea",
        "coge el instrumento y toca una escala",
        "dibuja algo pequeño",
        "abre el libro o la app y haz un ejercicio",
        "despeja una superficie",
        "escribe la primera línea de un mensaje",
        "elige una receta",
    ),
    generic_starter="haz solo 2 minutos",
)  # fmt: skip
