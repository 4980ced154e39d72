"""Fresh starts: the landmarks, the eve's anticipation, /freshstart's choice of a day and the
morning's commitment (one tap)."""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.coach.landmarks import Landmark, LandmarkKind
from bot.coach.models import Goal, User
from bot.services.goal_day import GoalDay, Target
from bot.services.scheduled_messages import FreshStartEve, NudgeCard
from bot.views import coaching_callbacks as cb
from bot.views.i18n import Translator
from bot.views.minimum import minimum as shown_minimum
from bot.views.nudges.common import pick, rotating
from bot.views.reply import Reply, clip, esc

# Rule 15: each rotating line below has eight templates or more (``rotating`` checks it).


FRESH_START_LINES = rotating(
    "A perfect day to commit: one small action, every day.",
    "New page, same small step — want to commit to it?",
    "Landmarks make restarts stick. Commit to one small thing?",
    "A good day to promise yourself something small.",
    "Fresh starts love small promises. Make one?",
    "The calendar turned a page — pick your one small thing.",
    "Days like this make new habits stick. Commit?",
    "Start clean: one small action, from today on.",
)
"""A fresh-start morning's invitation to commit, after the landmark's name."""


def landmark_name(t: Translator, landmark: Landmark, user: User | None = None) -> str:
    """ "a new month", "your birthday", "the New Year", …

    1 January is a quarter's and a month's start too, but people call it the New Year (as the
    plan's start buttons do). A day of its own (``CUSTOM``) is the date the user picked with
    /freshstart, or the day after their break: ``user`` tells them apart where the day may be
    either (a morning, an eve); without it, the day is the user's pick.
    """
    day = landmark.day
    new_year = (day.month, day.day) == (1, 1)
    if new_year and landmark.kind in (LandmarkKind.QUARTER_START, LandmarkKind.MONTH_START):
        return t("the New Year")
    names = {
        LandmarkKind.MONDAY: t("a new week"),
        LandmarkKind.MONTH_START: t("a new month"),
        LandmarkKind.QUARTER_START: t("a new quarter"),
        LandmarkKind.BIRTHDAY: t("your birthday 🎂"),
        LandmarkKind.CUSTOM: t("the day you picked"),
    }
    if landmark.kind is LandmarkKind.CUSTOM and user is not None and user.fresh_start_on != day:
        return t("your first day back from the break")
    return names[landmark.kind]


def with_commitment(t: Translator, reply: Reply, card: NudgeCard) -> Reply:
    """A fresh-start morning asks for a concrete commitment, one tap."""
    goal = card.view.goal
    label = t("🤝 I'm in: {action}", action=clip(card.view.target.text or goal.vision, 40))
    row = [InlineKeyboardButton(label, callback_data=cb.CommitTo(goal.goal_id).pack())]
    existing = reply.keyboard
    rows = [row]
    if isinstance(existing, InlineKeyboardMarkup):
        rows = [row, *[list(r) for r in existing.inline_keyboard]]
    return Reply(reply.text, InlineKeyboardMarkup(rows))


def committed(t: Translator, goal: Goal, target: Target) -> Reply:
    """After committing on a fresh-start morning: the action in force today, not the plan's.

    During a comeback that is the step's size; the climb back up is mentioned, so the user
    knows the full size is still the plan.
    """
    action = target.text or goal.daily or ""
    values = {"action": esc(action), "goal": esc(clip(goal.vision, 48))}
    ramp = target.ramp
    if ramp is not None and ramp[0] < ramp[1]:
        text = t(
            "🤝 Committed. From today: <b>{action}</b>, every day, for <b>{goal}</b> — step "
            "{step} of {steps} on the way back to full size.",
            step=t.number(ramp[0]),
            steps=t.number(ramp[1]),
            **values,
        )
    else:
        text = t(
            "🤝 Committed. From today: <b>{action}</b>, every day, for <b>{goal}</b>.", **values
        )
    minimum = goal.mva if goal.mva and goal.mva != action else None
    if minimum:
        text += " " + t(
            "On hard days, <i>{minimum}</i> counts.", minimum=esc(shown_minimum(t, minimum))
        )
    return Reply(text + " " + t("I'll be counting with you."))


def fresh_start_eve(t: Translator, eve: FreshStartEve) -> list[Reply]:
    """The evening before a landmark or a plan's day one: anticipation."""
    lines = []
    if eve.landmark is not None:
        lines.append(
            t(
                "✨ Tomorrow is a fresh start — {landmark}.",
                landmark=landmark_name(t, eve.landmark, eve.user),
            )
        )
    for view in eve.day_one:
        action = view.target.text or view.goal.daily or ""
        lines.append(
            t(
                "🚀 Tomorrow is day one of <b>{goal}</b>: <b>{action}</b>. That's the whole job — "
                "small on purpose.",
                goal=esc(clip(view.goal.vision, 48)),
                action=esc(action),
            )
        )
    if not eve.day_one and eve.landmark is not None:
        lines.append(_eve_running(t, eve.running, eve.user.user_id, eve.landmark.day))
    return [Reply("\n".join(lines))]


RESTART_EVE_LINES = rotating(
    "A good moment to restart small: /comeback takes <b>{goal}</b> down to <i>{smallest}</i>.",
    "Tomorrow can be easy: /comeback shrinks <b>{goal}</b> to <i>{smallest}</i> for a start.",
    "New page, small step: <i>{smallest}</i> is enough for <b>{goal}</b> — /comeback sets it up.",
    "Restarts work best tiny. /comeback puts <b>{goal}</b> at <i>{smallest}</i>.",
    "No need to catch up on <b>{goal}</b>: begin again with <i>{smallest}</i> (/comeback).",
    "A fresh start suits a small step: <i>{smallest}</i> for <b>{goal}</b>, via /comeback.",
    "Pick <b>{goal}</b> up again gently — /comeback starts it at <i>{smallest}</i>.",
    "One small yes tomorrow: <i>{smallest}</i>. /comeback scales <b>{goal}</b> down to it.",
)
"""The eve of a landmark for a lapsed habit (rule 9's pointer to /comeback), rotating."""

NO_PLAN_EVE_LINES = rotating(
    "Want to begin something small? /plan sets up a new habit.",
    "A good day to start one small habit — /plan takes two minutes.",
    "Something you'd like to do a little every day? /plan breaks it down.",
    "Big goal in mind? /plan turns it into one tiny daily step.",
    "Fresh starts love small beginnings. /plan is there when you are.",
    "One small habit can change a lot. /plan helps you pick it.",
    "If there's something you keep putting off, /plan makes it small enough to start.",
    "Start tiny, start tomorrow: /plan sets it up.",
)
"""The eve of a landmark for someone with no plan yet (a partner, say), rotating."""


def _eve_running(
    t: Translator, running: tuple[GoalDay, ...], user_id: int, landmark_day: date
) -> str:
    """What the fresh start means for this user: a restart after a lapse, or more of the same.

    Only a habit that lapsed (two misses in a row) is pointed to /comeback (rule 9).
    """
    lapsed = [view for view in running if view.summary.missed_in_a_row >= 2]
    if lapsed:
        view = lapsed[0]
        smallest = view.goal.mva or view.target.text
        return t.marked(
            pick(RESTART_EVE_LINES, user_id, landmark_day, salt=11),
            goal=esc(clip(view.goal.vision, 48)),
            smallest=esc(shown_minimum(t, smallest)),
        )
    if running:
        view = max(running, key=lambda v: v.summary.current)
        values = {
            "name": esc(clip(view.goal.vision, 48)),
            "action": esc(view.target.text),
            "streak": t.number(view.summary.current),
        }
        if view.summary.current >= 2:
            return pick(_eve_streak(t, values), user_id, view.day, salt=9)
        return pick(_eve_clean(t, values), user_id, view.day, salt=10)
    return t.marked(pick(NO_PLAN_EVE_LINES, user_id, landmark_day, salt=12))


def _eve_streak(t: Translator, v: dict[str, str]) -> tuple[str, ...]:
    return (
        t(
            "Your {streak}-day streak for <b>{name}</b> comes along — tomorrow, as ever: "
            "<b>{action}</b>.",
            **v,
        ),
        t(
            "{streak} days of <b>{name}</b> behind you; tomorrow adds one more: <b>{action}</b>.",
            **v,
        ),
        t(
            "Bring your {streak}-day run for <b>{name}</b> into it: <b>{action}</b>, same as ever.",
            **v,
        ),
        t(
            "A new page, an old friend: <b>{name}</b>, {streak} days strong. Up tomorrow: "
            "<b>{action}</b>.",
            **v,
        ),
        t(
            "Nothing to reset for <b>{name}</b> — {streak} days and going. Tomorrow: "
            "<b>{action}</b>.",
            **v,
        ),
        t(
            "Your {streak} days of <b>{name}</b> roll right on. Tomorrow's step: <b>{action}</b>.",
            **v,
        ),
        t(
            "Keep the {streak}-day chain for <b>{name}</b> rolling: tomorrow, <b>{action}</b>.",
            **v,
        ),
        t(
            "{streak} kept days of <b>{name}</b> meet a fresh page tomorrow: <b>{action}</b>.",
            **v,
        ),
    )


def _eve_clean(t: Translator, v: dict[str, str]) -> tuple[str, ...]:
    return (
        t("A clean page for <b>{name}</b>: tomorrow, just <b>{action}</b>.", **v),
        t("Tomorrow starts fresh for <b>{name}</b>: <b>{action}</b>, nothing more.", **v),
        t("A new run of <b>{name}</b> can begin tomorrow: <b>{action}</b>.", **v),
        t("Tomorrow, day one of a new chain for <b>{name}</b>: <b>{action}</b>.", **v),
        t("A blank square waits for <b>{name}</b> tomorrow: <b>{action}</b> fills it.", **v),
        t("Fresh start for <b>{name}</b> tomorrow — just <b>{action}</b>.", **v),
        t("Let tomorrow be the first of many for <b>{name}</b>: <b>{action}</b>.", **v),
        t("Tomorrow is open for <b>{name}</b>: <b>{action}</b> is all it asks.", **v),
    )


def fresh_start_choices(t: Translator, landmarks: list[Landmark], today: date) -> Reply:
    """/freshstart: the next landmarks as buttons, or a typed date."""
    rows = [
        [
            InlineKeyboardButton(
                f"{t.day(landmark.day, today)} · {landmark_name(t, landmark)}",
                callback_data=cb.PickFreshStart(landmark.day).pack(),
            )
        ]
        for landmark in landmarks
    ]
    return Reply(
        t(
            "✨ Fresh starts stick: a new week, a new month, a birthday. Pick your day — or type "
            "one, like <i>15 January</i>."
        ),
        InlineKeyboardMarkup(rows),
    )


def fresh_start_set(t: Translator, day: date, today: date) -> Reply:
    """After picking a fresh-start date."""
    return Reply(
        t(
            "✨ Your fresh start: <b>{day}</b>. The evening before I'll remind you, and that "
            "morning we commit to one small thing.",
            day=t.day(day, today),
        )
    )


def fresh_start_problem(t: Translator, text: str) -> Reply:
    """A typed date that can't be used."""
    return Reply(text + " " + t("Try <i>Monday</i>, <i>1 December</i> or <i>2027-01-01</i>."))
