"""The messages the bot sends by itself (the scheduler's) and the answers to their buttons.

Rule 15: every rotating line has at least eight templates (``wording.VARIANTS``), chosen by
(user, date) in ``bot.coach.wording``, so no sentence comes back within a week. Each template is
unique across all scheduled messages, even with the user's goal text taken out. A line's
templates are written once, in English, as ``rotating("…", …)`` (``common.py``, which refuses
fewer than eight), and the one picked is translated where it is said: ``t.marked(pick(…))``.
"""
