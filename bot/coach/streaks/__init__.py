"""Streaks, the visible chain and the strength score (docs/product.md rules 5, 6, 8 and 9).

Everything here works on the user's local dates. ``today`` is always a parameter: these modules
never read the clock and never see a time zone, so they cannot get a day boundary or a DST
change wrong (the services turn instants into local dates once, before calling them).

* :mod:`~bot.coach.streaks.log`: the append-only daily log folded into what counts each day.
* :mod:`~bot.coach.streaks.days`: each day judged (done, partial, missed …), and the chain.
* :mod:`~bot.coach.streaks.summary`: the streak, the best run, the votes and the strength
  score, from the start or from a checkpoint.
"""
