"""The parts of the ``wins`` scenario (``bench/scenarios/wins.py``): its databases, its update
stream and applications, its pictures and its tables."""
