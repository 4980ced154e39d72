"""Reading a message typed while the bot waits for the answer to a question.

While a question is open, what the user types is its answer: a plain "yes" or "👍" takes the
bot's proposal, and "Read more" is a vision, not a reading session. Only a message that is
unmistakably a win with an amount ("wrote 400 words", "ran 5 km") is logged instead (and the
question closed). A bare "done" is neither: storing it as a vision or a daily action would be
wrong, and logging it would ignore the question, so the bot says where the win goes.
"""

from __future__ import annotations

import re
from enum import StrEnum

from bot.coach.lexicon import Languages, agreement_words
from bot.coach.wins import WinKind, WinText, read_win, reports_a_deed


class WhileAsked(StrEnum):
    """How a message typed while a question is open is read."""

    WIN = "win"  # unmistakably a win with an amount: logged, the question closed
    AGREE = "agree"  # a plain "yes", "ok", "👍": takes the question's proposal
    LOGGING = "logging"  # "done", "did it", "💪", "undo" with no amount: meant for the log
    ANSWER = "answer"  # anything else: the answer to the question


# Agreement, alone or repeated ("yes!", "ok 👍", "sounds good"); emoji are read as "yes".
_AGREE_EMOJI = "👍👌✅✔☑✓🙆🤝"
_AGREE_PHRASES = (
    r"yes|yep|yeah|yup|ya|yes\s+please|ok|okay|k|kk|okey|sure|fine|deal|perfect|great|good"
    r"|alright|all\s+right|agreed|correct|right|exactly|absolutely|of\s+course|definitely"
    r"|sounds\s+(?:good|great|fine|right)|looks\s+(?:good|great|fine|right)"
    r"|(?:that|this)\s+(?:works|is\s+fine|is\s+good|one)|works\s+for\s+me"
    r"|(?:i'll\s+)?take\s+(?:it|that|this)|go\s+(?:for\s+it|with\s+(?:it|that))|let's\s+do\s+it"
)
_AGREE_RE = re.compile(rf"(?:{_AGREE_PHRASES})(?:\s+(?:{_AGREE_PHRASES}))*")
_NOISE_RE = re.compile("[\ufe0e\ufe0f\u200d\U0001f3fb-\U0001f3ff]")


def agrees(text: str, language: Languages = None) -> bool:
    """A plain agreement and nothing else: "yes", "ok", "sure", "👍", "sounds good".

    In the user's language too ("да, давай", "vale", "beleza"), word by word or as a phrase.
    """
    low = _NOISE_RE.sub("", text).replace("’", "'").lower()
    low = "".join(" yes " if ch in _AGREE_EMOJI else ch for ch in low)
    plain = " ".join(re.sub(r"[.!,;:)(¡¿]+", " ", low).split())
    if not plain:
        return False
    local = agreement_words(language)
    if plain in local:
        return True
    return all(word in local or _AGREE_RE.fullmatch(word) for word in plain.split()) or (
        _AGREE_RE.fullmatch(plain) is not None
    )


def read_while_asked(text: str, language: Languages = None) -> WhileAsked:
    """How to take ``text`` when it comes while a question is open (see the module docstring).

    ``language`` is the user's language, as for :func:`bot.coach.wins.read_win`.
    """
    if agrees(text, language):
        return WhileAsked.AGREE
    read = read_win(text, language)
    if not isinstance(read, WinText):
        return WhileAsked.ANSWER
    if read.kind is WinKind.UNDO:
        return WhileAsked.LOGGING
    if read.kind not in (WinKind.DONE, WinKind.MVA) or not read.explicit:
        return WhileAsked.ANSWER  # "Read more", "rest day": words an answer may well hold
    if read.quantity is None:
        return WhileAsked.LOGGING
    return WhileAsked.WIN if reports_a_deed(text, language) else WhileAsked.ANSWER
