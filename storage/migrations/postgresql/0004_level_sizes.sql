-- The week and the month in force with each target level (bot.coach.levels): a change to one
-- level of the plan (a comeback step, next week's goal, an edit) carries to the others, and the
-- history keeps all three so that a past week is judged against its own target.
--
-- Rows of the plan's own size ('full', 'scaled_up') used to stand for "the plan as it is now":
-- they take the plan's current levels, which is what they meant until now. Comeback steps
-- ('mva', 'ramp') keep NULL here and have their week and month worked out from their day.

ALTER TABLE target_levels ADD COLUMN weekly_quantity DOUBLE PRECISION;
ALTER TABLE target_levels ADD COLUMN weekly_unit TEXT;
ALTER TABLE target_levels ADD COLUMN monthly_quantity DOUBLE PRECISION;
ALTER TABLE target_levels ADD COLUMN monthly_unit TEXT;

UPDATE target_levels AS t
SET text = COALESCE(g.daily, t.text),
    target_quantity = g.daily_quantity,
    target_unit = g.daily_unit,
    weekly_quantity = g.weekly_quantity,
    weekly_unit = g.weekly_unit,
    monthly_quantity = g.monthly_quantity,
    monthly_unit = g.monthly_unit
FROM goals AS g
WHERE g.goal_id = t.goal_id AND t.kind IN ('full', 'scaled_up');
