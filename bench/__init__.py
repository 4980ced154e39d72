"""Speed and scale benchmarks for Small Wins: ``make bench`` or ``python -m bench``.

Benchmarks, not tests: they are never run by ``make test`` (``tests/bench`` only checks, on tiny
sizes, that this code still runs). The figures are recorded in BENCHMARKS.md.

Usage::

    python -m bench                      # every scenario at full size (about three minutes)
    python -m bench storage parsing      # some of them
    python -m bench --quick              # small sizes: a smoke run in seconds
    python -m bench --list               # what there is
    python -m bench interactive --profile out.prof   # cProfile of the main thread
    python -m bench wins --database-url sqlite:///tmp/w.db   # wins on these files (_<days>d)

Layout:

* ``scenario.py`` - :class:`~bench.scenario.Scenario`: a name, a full and a quick size, and an
  async ``run(size, context) -> Report``.
* ``registry.py`` - the list ``python -m bench`` runs, in order.
* ``scenarios/`` - one module per scenario, each exposing ``SCENARIO``; ``*_cold.py`` and
  ``tick_process.py`` are what some scenarios run in fresh interpreters (first-use costs,
  memory of one tick).
* ``timing.py`` - ``perf_counter`` timing, nearest-rank p50/p95, rates, wall and CPU stopwatches.
* ``report.py`` - tables and their text rendering; ``fmt_*`` helpers for units.
* ``population.py`` - a populated SQLite database in seconds (the only bulk SQL, verified by
  reading back through the repository), and the outbox census the scheduler scenario checks.
* ``bots.py`` - the real bot and a do-nothing PTB app against the fake Telegram, with per-update
  completion times and a storage meter; ``chat_partner`` for simulated users the fake does not
  re-serialise on every send.
* ``offline.py`` - an in-process Bot API (a ``telegram.request.BaseRequest`` answering canned
  results, as PTB's own tests use one), real ``Update`` objects, and feeding them straight to
  ``Application.process_update``: what ``wins`` measures with, no HTTP and no fake server.
* ``system.py`` - machine facts printed with every run.

Adding a scenario: create ``bench/scenarios/<name>.py`` with a frozen ``<Name>Sizes`` dataclass,
``FULL`` and ``QUICK`` sizes, ``async def run(sizes, context) -> Report`` and
``SCENARIO = Scenario(...)``; add it to ``registry.SCENARIOS``; give it a tiny-size case in
``tests/bench``; record its figures in BENCHMARKS.md.
"""
