"""The morning's line about the user's own figures: a streak, a restart or a first day."""

from __future__ import annotations

from bot.coach.wording import Figures, Momentum, MomentumKind
from bot.views.i18n import Translator
from bot.views.nudges.common import rotating


def _strongest_weekday(t: Translator, weekday: int, kept: str, days: str) -> str:
    # Each day its own sentence: "Mondays are" is a different phrase in every language.
    sentences = (
        t("Mondays are your strongest: {kept} of {days} kept.", kept=kept, days=days),
        t("Tuesdays are your strongest: {kept} of {days} kept.", kept=kept, days=days),
        t("Wednesdays are your strongest: {kept} of {days} kept.", kept=kept, days=days),
        t("Thursdays are your strongest: {kept} of {days} kept.", kept=kept, days=days),
        t("Fridays are your strongest: {kept} of {days} kept.", kept=kept, days=days),
        t("Saturdays are your strongest: {kept} of {days} kept.", kept=kept, days=days),
        t("Sundays are your strongest: {kept} of {days} kept.", kept=kept, days=days),
    )
    return sentences[weekday]


def _streak_momentum(t: Translator, index: int, f: Figures) -> str:
    n = t.number
    if index == 0:
        return t("{days} days in a row now — each one a quiet yes.", days=n(f.streak))
    if index == 1:
        return t(
            "{wins} wins so far; today can make it {next}.", wins=n(f.votes), next=n(f.votes + 1)
        )
    if index == 2:
        return t(
            "{kept} of your last {days} days kept. That's a rhythm.",
            kept=n(f.kept_week),
            days=n(f.days_week),
        )
    if index == 3:
        return t(
            "Habit strength {strength}% and climbing: every kept day adds a little.",
            strength=n(f.strength),
        )
    if index == 4:
        if f.streak >= f.best:
            return t("This is your longest run yet: {days} days.", days=n(f.streak))
        return t(
            "Your best run is {best} days — this one is at {days}.",
            best=n(f.best),
            days=n(f.streak),
        )
    if index == 5:
        if f.weekday is not None and f.weekday_days >= 2:
            return _strongest_weekday(t, f.weekday, n(f.weekday_kept), n(f.weekday_days))
        return t(
            "Day {next} of the chain is waiting; the minimum keeps it too.", next=n(f.streak + 1)
        )
    if index == 6:
        return _plan_week(t, f.plan_week)
    return t(
        "{days} days strong — today's small action makes it {next}.",
        days=n(f.streak),
        next=n(f.streak + 1),
    )


def _plan_week(t: Translator, week: int) -> str:
    """Rule 11's 30-day system, one sentence per phase."""
    if week <= 1:
        return t("Week 1 of your plan: showing up matters more than size.")
    if week <= 3:
        return t(
            "Week {week}: small, boring repeats are what momentum is made of.",
            week=t.number(week),
        )
    if week == 4:
        return t("Week 4: the habit is settling in — soon it can grow a little.")
    return t("Week {week} of your plan: by now this is simply what you do.", week=t.number(week))


def _restart_momentum(t: Translator, index: int, f: Figures) -> str:
    n = t.number
    if index == 0:
        return t.plural(
            "{n} win already in the bank — a miss doesn't take it back.",
            "{n} wins already in the bank — a miss doesn't take them back.",
            f.votes,
        )
    if index == 1:
        return t.plural(
            "Your best run so far: {n} day. A new one starts with today.",
            "Your best run so far: {n} days. A new one starts with today.",
            f.best,
        )
    if index == 2:
        return t(
            "Habit strength is still {strength}% — one day barely moves it.", strength=n(f.strength)
        )
    if index == 3:
        if f.kept_week:
            return t(
                "{kept} of the last {days} days kept. Today adds one more.",
                kept=n(f.kept_week),
                days=n(f.days_week),
            )
        return t("Every run starts with a single day — today's can be tiny.")
    if index == 4:
        return t("One kept day starts a chain. Today can be that day.")
    if index == 5:
        return t.plural(
            "You've shown up {n} time before. Once more today.",
            "You've shown up {n} times before. Once more today.",
            f.votes,
        )
    if index == 6:
        return t(
            "Week {week} of your plan: the smallest version is a fine way back in.",
            week=n(f.plan_week),
        )
    return t("Long streaks are made of restarts like this one.")


NEW_RUN_MOMENTUM = rotating(
    "Yesterday counted. Today makes it two in a row.",
    "A chain of one is still a chain — add today's square.",
    "Day two is where a habit starts to stick. Tiny is enough.",
    "Keep yesterday's square company today.",
    "One kept day behind you; the next one can be small.",
    "Two in a row starts with today's small action.",
    "Yesterday's win is in the bank. Today's can be tiny.",
    "The chain has started. The minimum keeps it going.",
)


FIRST_MOMENTUM = rotating(
    "Day one of the chain: tiny is perfect.",
    "The first square is the hardest — and the smallest version counts.",
    "Start so small it feels silly. That's the trick.",
    "Nothing to prove today, just one small action.",
    "The first win is the one that counts most.",
    "Showing up beats size, especially at the start.",
    "One tap on Done starts your chain.",
    "Small today, steady tomorrow.",
)


def momentum_line(t: Translator, choice: Momentum) -> str:
    """The morning's line about the user's own figures (plain text, nothing to escape)."""
    if choice.kind is MomentumKind.STREAK:
        return _streak_momentum(t, choice.index, choice.figures)
    if choice.kind is MomentumKind.RESTART:
        return _restart_momentum(t, choice.index, choice.figures)
    if choice.kind is MomentumKind.NEW_RUN:
        return t.marked(NEW_RUN_MOMENTUM[choice.index % len(NEW_RUN_MOMENTUM)])
    return t.marked(FIRST_MOMENTUM[choice.index % len(FIRST_MOMENTUM)])
