"""Quantities with units in free text: "40,000 words", "run 5 km", "save €3,000", "30 min".

The planning conversation asks for a 12-week outcome and a daily action in the user's own words;
these modules find the number and the unit in them and normalise both, so that the rest of the
coaching core can do arithmetic on a :class:`~bot.coach.models.Measure`, and write a measure
back as a person would.

* :mod:`~bot.coach.quantities.units`: the known units, their kinds and canonical names.
* :mod:`~bot.coach.quantities.numbers`: how a number is written (separators, exponents, words).
* :mod:`~bot.coach.quantities.reading`: finding a measure, number and unit, in a text.
* :mod:`~bot.coach.quantities.writing`: writing a measure for people, or in place of another.
"""
