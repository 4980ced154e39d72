"""Portuguese (Brazil first): the words the coach reads, glossed into the English it knows.

See :mod:`bot.coach.lexicon` for how a glossary is used. Brazilian forms come first ("celular",
"tênis", "quilômetros"); the European spellings of units are listed too ("quilómetros").
"""

from __future__ import annotations

from typing import Final

from bot.coach.lexicon.base import Lexicon, word_tables, words

LEXICON: Final = Lexicon(
    code="pt",
    **word_tables("pt"),
    time_rewrites=(
        (r"(?:quinze|um\s+quarto)\s+(?:para|pras?)\s+(?:as\s+|às\s+)?(\d{1,2})", r"quarter to \1"),
        (r"(?<=\d)\s*(?:hs|hrs)\b", "h"),
    ),
    date_rewrites=(
        (r"(?<=\d)(?:º|°|o)(?!\w)", ""),
        (r"(\d{1,2})\s+(?:de\s+)?dez(?!\w)", r"\1 december"),
        (r"(?:(?<=\s)|^)(?:no\s+)?dia\s+(?=\d{1,2}(?:\s+de\b|\s*/|$))", ""),
    ),
    agree=(
        "sim", "ok", "okay", "beleza", "blz", "claro", "claro que sim", "pode ser", "combinado",
        "perfeito", "ótimo", "boa", "bom", "certo", "fechado", "tá", "tá bom", "ta bom",
        "tá ótimo", "show", "demais", "isso", "isso mesmo", "exato", "com certeza", "bora",
        "vamos", "sim por favor", "sim, por favor", "uhum", "aham",
    ),
    past_verb=r"[a-zçãõáéíóúâêôà]{2,}ei|[a-zçãõáéíóúâêôà]{3,}[^aeiouãõáéíóúâêô\W]i",
    not_past=words("aqui daqui dali ali javali caqui saci lei rei sei dei"),
    numbers={
        "um": 1, "uma": 1, "dois": 2, "duas": 2, "três": 3, "quatro": 4, "cinco": 5, "seis": 6,
        "sete": 7, "oito": 8, "nove": 9, "dez": 10, "doze": 12, "quinze": 15, "vinte": 20,
        "trinta": 30, "quarenta": 40, "cinquenta": 50, "sessenta": 60, "cem": 100,
    },
    articles=words("um uma"),
    half_hour=("meia hora", "meia-hora"),
    calendar=words(
        """dia dias semana semanas mês meses ano anos vez vezes manhã tarde noite
        janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro
        dezembro segunda terça quarta quinta sexta sábado domingo"""
    ),
    stop=words(
        """de do da dos das no na nos nas em por para pra pro ao à e ou com sem meu minha
        meus minhas seu sua cada um uma que o a os as este esta hoje antes depois durante
        mínimo máximo"""
    ),
    run_words=words("correr corri corrida corro"),
    deadline_words=words("até para antes"),
    step_separators=r"\be\s+depois\b|\bdepois\b|\bem\s+seguida\b|\be\s+então\b|\bentão\b|\be\b",
    sequence=r"\bdepois\b|\bem\s+seguida\b|\bentão\b",
    suggestions=(
        "um bloco de 45 minutos de foco toda manhã",
        "comer uma porção de legumes no almoço todos os dias",
        "beber um copo de água em cada refeição",
        "perder 4 kg em 12 semanas",
        "ir para a cama até as 23:00 nos dias úteis",
        "correr 20 minutos 3 vezes por semana",
        "caminhar 30 minutos 5 dias por semana",
        "caminhar 30 minutos 5 dias por semana",
        "treinar 20 minutos 3 vezes por semana",
        "meditar 5 minutos por dia",
        "anotar 3 coisas boas toda noite",
        "ler 10 páginas por dia",
        "escrever 300 palavras por dia",
        "praticar o idioma 15 minutos por dia",
        "programar 30 minutos por dia",
        "praticar o instrumento 15 minutos por dia",
        "praticar música 15 minutos por dia",
        "fazer um esboço por dia",
        "arrumar um cantinho 10 minutos toda noite",
        "guardar 10% de cada salário",
        "falar com 5 possíveis clientes por semana",
        "nada de celular nos primeiros 30 minutos do dia",
        "mandar mensagem para um amigo por dia",
        "dedicar 15 minutos por dia a aprender isso",
        "dedicar 15 minutos por dia a aprender isso",
    ),
    generic_suggestion="dedicar 15 minutos por dia a isso",
    starters=(
        "faça 2 repetições",
        "calce o tênis e saia pela porta",
        "calce os sapatos e caminhe até o fim da rua",
        "estenda o tapetinho e faça um alongamento",
        "vista a roupa de treino",
        "sente-se e respire devagar três vezes",
        "passe o fio dental em um dente",
        "ligue um cronômetro e abra a tarefa por 2 minutos",
        "beba um copo de água",
        "escreva uma linha no seu diário",
        "leia uma página",
        "escreva uma frase",
        "abra o projeto e escreva uma linha",
        "pegue o instrumento e toque uma escala",
        "desenhe uma coisinha",
        "abra o livro ou o app e faça um exercício",
        "libere uma superfície",
        "escreva a primeira linha de uma mensagem",
        "escolha uma receita",
    ),
    generic_starter="faça só 2 minutos",
)  # fmt: skip
