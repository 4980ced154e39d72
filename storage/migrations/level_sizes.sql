-- The week and the month in force with each target level (bot.coach.levels): a change to one
-- level of the plan (a comeback step, next week's goal, an edit) carries to the others, and the
-- history keeps all three so that a past week is judged against its own target.
--
-- Rows of the plan's own size ('full', 'scaled_up') used to stand for "the plan as it is now":
-- they take the plan's current levels, which is what they meant until now. Comeback steps
-- ('mva', 'ramp') keep NULL here and have their week and month worked out from their day. Each
-- engine fills them in its own words: sqlite/level_sizes_backfill.sql and
-- postgresql/level_sizes_backfill.sql, in the same version.

ALTER TABLE target_levels ADD COLUMN weekly_quantity {double};
ALTER TABLE target_levels ADD COLUMN weekly_unit TEXT;
ALTER TABLE target_levels ADD COLUMN monthly_quantity {double};
ALTER TABLE target_levels ADD COLUMN monthly_unit TEXT;
