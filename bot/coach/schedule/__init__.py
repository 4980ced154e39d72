"""When the bot writes first: the messages it sends by itself, at the user's local times.

docs/product.md "What the bot sends by itself" and rules 9, 10 and 13. Everything here is a pure
function of the user's settings and of ``now`` (an aware UTC instant passed in): these modules
never read the clock. The tick job asks :func:`~bot.coach.schedule.slots.due_slots` what is
owed since the user's stored next due time, writes one outbox row per slot (unique per user,
kind and local date, so a slot seen twice is written once) and stores
:func:`~bot.coach.schedule.slots.next_due` as the user's next due time. Whether a slot is worth
sending (a goal not kept yet, a streak of two, the user's silence) is decided by the caller at
enqueue or send time, with the rules of :mod:`~bot.coach.schedule.silence`.

* :mod:`~bot.coach.schedule.settings`: the user's schedule settings, their local wall-clock
  times as instants (across DST) and the quiet hours.
* :mod:`~bot.coach.schedule.slots`: the messages of each local date, when they are due and
  how long they stay useful.
* :mod:`~bot.coach.schedule.silence`: what the morning says after misses and silence, and
  when a fresh start may be offered.
* :mod:`~bot.coach.schedule.review`: how the week went, and next week's micro-goal.
"""
