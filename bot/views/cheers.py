"""The cheer under a win: one sentence or two about what the user just did, rotating without a
repeat in a week (rule 15)."""

from __future__ import annotations

from datetime import date

from bot.coach.cheers import Cheer, CheerKind
from bot.coach.models import Measure
from bot.views.i18n import Translator
from bot.views.reply import esc
from bot.views.wins import percent


def cheer_line(t: Translator, cheer: Cheer, today: date, *, yesterday: bool = False) -> str:
    """The cheer under a win: one sentence or two about what the user just did (rule 15).

    Every rotating template, and each template's fallback when its facts are missing, says
    something no other template says, so the daily rotation never repeats a sentence in a week.
    ``yesterday``: the win counted for yesterday (logged until midday), so a day's total is
    yesterday's.
    """
    f = cheer.facts
    if cheer.kind is CheerKind.FIRST:
        return t("Your first win — the chain starts right here. 🔗")
    if cheer.kind is CheerKind.TOP_UP:
        if f.day is not None:
            amount = _amount(t, f.day.amount, f.day.unit)
            if yesterday:
                return t("That brings yesterday to {amount}. 🙌", amount=amount)
            return t("That makes {amount} today. 🙌", amount=amount)
        return t("Counted — and the day was already kept. Bonus round! 🙌")
    index = cheer.index
    if index == 0:
        if f.streak >= 2:
            return t(
                "{days} days running now — the chain gets harder to break. 🔗",
                days=t.number(f.streak),
            )
        return t("A new run starts with today. That's how every long one began.")
    if index == 1:
        day = f.day
        if day is not None and day.best is not None:
            if day.amount > day.best:
                return t(
                    "{amount} — your biggest day in five weeks! 🚀",
                    amount=_amount(t, day.amount, day.unit),
                )
            if day.best_on is None:
                return t(
                    "{amount} banked. Your high mark lately: {best}.",
                    amount=_amount(t, day.amount, day.unit),
                    best=_amount(t, day.best, day.unit),
                )
            return t(
                "{amount} banked. Your high mark lately: {best}, on {day}.",
                amount=_amount(t, day.amount, day.unit),
                best=_amount(t, day.best, day.unit),
                day=t.day(day.best_on, today),
            )
        return t("Done and counted: {wins} in the bank now.", wins=_wins(t, f.votes))
    if index == 2:
        return t(
            "Win number {number}. Every single one of them counts. ✨", number=t.number(f.votes)
        )
    if index == 3:
        if f.streak > f.best_before and f.streak >= 3:
            if f.votes > f.streak:  # wins before this run: it beats an earlier one
                return t("A new personal best: {days} days in a row! 🏆", days=t.number(f.streak))
            return t(
                "{days} days in a row — your longest run so far, and still going.",
                days=t.number(f.streak),
            )
        if f.best_before > f.streak:
            return t.plural(
                "{n} more to match your best run of {best} days.",
                "{n} more to match your best run of {best} days.",
                f.best_before - f.streak,
                best=t.number(f.best_before),
            )
        return t("Showing up, again. That's the whole trick.")
    if index == 4:
        week = f.week
        if week is not None and week.target.quantity > week.done.quantity:
            left = t.measure(Measure(week.target.quantity - week.done.quantity, week.target.unit))
            return t(
                "{left} to go for this week's {target}.",
                left=esc(left),
                target=esc(t.measure(week.target)),
            )
        if week is not None:
            return t(
                "This week's {target} is in the bag — the rest is bonus.",
                target=esc(t.measure(week.target)),
            )
        return t("The chain grows. Nice work, truly.")
    if index == 5:
        return t(
            "Habit strength {strength} — it remembers every kept day. 💪",
            strength=percent(t, f.strength),
        )
    if index == 6:
        if f.streak >= 3:
            return t("Not a day dropped since {day}.", day=t.day(f.run_start, today))
        return t("Future you says thanks.")
    if f.total is not None:
        return t(
            "{total} since you started. Small wins, real distance.",
            total=esc(t.measure(f.total)),
        )
    return t("Done is better than perfect — and done it is. 💪")


def _wins(t: Translator, count: int) -> str:
    return t.plural("{n} win", "{n} wins", count)


def _amount(t: Translator, quantity: float, unit: str) -> str:
    return esc(t.measure(Measure(quantity, unit)))
