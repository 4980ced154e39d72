"""Progress up the ladder, the pace of the 12-week outcome and the compounding curve.

docs/product.md rules 1, 4, 7 and 11: after each win the bot shows what it adds up to at every level
("3/5 days this week · 1,450/13,300 words this month · 11% of the 12-week outcome") and whether
the outcome is on track. ``today`` is always a parameter; these modules never read the clock.

* :mod:`~bot.coach.progress.periods`: the user's week, plan weeks and months, and the days
  judged in them (:class:`~bot.coach.progress.periods.DayTally`).
* :mod:`~bot.coach.progress.amounts`: what logged days add up to at a level, and the
  checkpoint that keeps the since-start figures.
* :mod:`~bot.coach.progress.ladder`: the progress at every level on one date.
* :mod:`~bot.coach.progress.pace`: whether the outcome is on track, the re-plan offer, and the
  day-by-day totals of the pace chart.
* :mod:`~bot.coach.progress.curve`: the 1%-a-day curve.
"""
